/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-list-page-private.h"
#include "ewe-occasion.h"
#include "ewe-texture.h"

/* The list's header: its picture, title, occasion and date, and whether
 * it is open. */

/**
 * ewe_list_page_format_days_left:
 * @event: the event's day (its date counts, not its time)
 * @now: today
 *
 * Returns: (transfer full): "today", "in 12 days", "3 days ago"…
 */
char *
ewe_list_page_format_days_left (GDateTime *event,
                                GDateTime *now)
{
  g_autoptr(GDateTime) event_day = NULL;
  g_autoptr(GDateTime) today = NULL;
  int days;

  g_return_val_if_fail (event != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  /* Compare calendar days, both at midnight UTC, so neither the time of
   * day nor a daylight saving change moves the count. */
  event_day = g_date_time_new_utc (g_date_time_get_year (event),
                                   g_date_time_get_month (event),
                                   g_date_time_get_day_of_month (event), 0, 0, 0);
  today = g_date_time_new_utc (g_date_time_get_year (now),
                               g_date_time_get_month (now),
                               g_date_time_get_day_of_month (now), 0, 0, 0);
  days = (int)(g_date_time_difference (event_day, today) / G_TIME_SPAN_DAY);

  if (days == 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("tomorrow"));
  if (days == -1)
    return g_strdup (_("yesterday"));
  if (days > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days", days), days);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", -days), -days);
}

static void
list_picture_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(EweListPage) self = user_data;
  g_autoptr(EwePicture) picture = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  picture = ewe_image_cache_load_picture_finish (EWE_IMAGE_CACHE (object), result, &error);
  if (picture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not load the list's picture: %s", error->message);
      return;
    }

  texture = ewe_texture_new_for_picture (picture);
  gtk_picture_set_paintable (self->list_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->list_picture), TRUE);
}

void
ewe_list_page_update_image (EweListPage *self)
{
  const char *url = self->list ? ewe_list_get_image_url (self->list) : NULL;

  g_cancellable_cancel (self->image_cancellable);
  g_clear_object (&self->image_cancellable);
  gtk_picture_set_paintable (self->list_picture, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->list_picture), FALSE);

  if (url == NULL || *url == '\0')
    return;

  /* The bundled occasion pictures are resources; the rest come from the web. */
  if (g_str_has_prefix (url, "resource:///"))
    {
      gtk_picture_set_resource (self->list_picture, url + strlen ("resource://"));
      gtk_widget_set_visible (GTK_WIDGET (self->list_picture), TRUE);
      return;
    }

  if (self->image_cache == NULL)
    return;

  self->image_cancellable = g_cancellable_new ();
  /* At its own size: the header crops it to a square (content-fit
   * "cover"), which a picture fitted into the square would not fill. */
  ewe_image_cache_load_picture_async (self->image_cache, url, -1, -1, self->image_cancellable,
                                      list_picture_loaded_cb, g_object_ref (self));
}

/* An archived list says so above its gifts, with the note its guests see
 * instead of the list, and offers no edits. */
static void
ewe_list_page_update_archive (EweListPage *self)
{
  gboolean    archived = self->list != NULL && ewe_list_get_archived (self->list);
  const char *note = archived ? ewe_list_get_archive_note (self->list) : NULL;

  gtk_widget_set_visible (self->archive_notice, archived);
  if (archived && note != NULL)
    {
      /* Translators: the thank-you note the owner wrote, quoted */
      g_autofree char *text = g_strdup_printf (_("Guests read: “%s”"), note);

      gtk_label_set_text (self->archive_note_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->archive_note_label), note != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list-page.add-gift", !archived);
}

void
ewe_list_page_update_header (EweListPage *self)
{
  g_autoptr(GDateTime) event = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *title = NULL;
  const char *occasion = NULL;
  gboolean    closed = FALSE;

  if (self->list != NULL)
    {
      title = ewe_list_get_title (self->list);
      occasion = ewe_list_get_occasion (self->list);
      event = ewe_list_dup_event_datetime (self->list);
      closed = ewe_list_get_state (self->list) == EWE_LIST_STATE_CLOSED;
    }

  gtk_label_set_text (self->title_label, title && *title ? title : _("Untitled List"));

  if (occasion != NULL && *occasion != '\0')
    g_string_append (subtitle, ewe_occasion_label_for_name (occasion));

  if (event != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *days = ewe_list_page_format_days_left (event, now);
      g_autofree char *date = ewe_occasion_format_event_date (event);

      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      /* Translators: an event's date and how far it is, as "24 December 2026 (in 12 days)" */
      g_string_append_printf (subtitle, _("%s (%s)"), date, days);
    }

  gtk_label_set_text (self->subtitle_label, subtitle->str);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle->len > 0);

  ewe_list_page_update_archive (self);
  if (self->list != NULL && ewe_list_get_archived (self->list))
    gtk_label_set_text (self->state_label, _("Archived"));
  else
    gtk_label_set_text (self->state_label, closed ? _("Closed") : _("Open"));
  if (closed || (self->list != NULL && ewe_list_get_archived (self->list)))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "success");
    }
}

void
ewe_list_page_list_notify_cb (EweListPage *self,
                              GParamSpec  *pspec,
                              EweList     *list)
{
  if (g_str_equal (pspec->name, "image-url"))
    ewe_list_page_update_image (self);
  else
    ewe_list_page_update_header (self);
  if (g_str_equal (pspec->name, "archived"))
    ewe_list_page_update_cards (self);
}
