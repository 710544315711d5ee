/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-sync-banner.h"

/* A strip under the header bar that says what the sync engine could not do
 * yet, with a button to try now (the window's "sync.now" action). libadwaita
 * 1.2 has no AdwBanner, so this is a revealer styled like one.
 *
 * - Offline (the last sync could not reach the server, or the system says
 *   there is no network) with changes waiting: "Offline — 1 list and 2
 *   gifts waiting to sync", and Retry. What is counted is what the user
 *   changed, read from the outbox: adding one gift is two entries there
 *   (its product, then the gift), and three edits of a title are three.
 * - The last sync failed otherwise: why, and Retry.
 * - Changes waiting while online and not syncing: "3 changes waiting to
 *   sync", and Sync Now; only after a short grace, since every edit waits
 *   half a second before it is sent and a banner for that would flicker.
 * - Otherwise (in step, or syncing without trouble) nothing. */

#define PENDING_GRACE_MS 3000

struct _EweSyncBanner
{
  GtkWidget        parent_instance;

  /* template widgets */
  GtkRevealer     *revealer;
  GtkWidget       *box;
  GtkLabel        *title_label;
  GtkButton       *button;

  /* owned */
  EweSync         *sync;
  GSignalGroup    *sync_signals; /* following it */
  GNetworkMonitor *network_monitor;
  guint            grace_id;
  gboolean         grace_over;

  /* what the outbox holds, counted when the number of entries changes */
  GCancellable    *count_cancellable;
  guint            counted_pending;  /* the number of entries counted */
  guint            counting_pending; /* the number being counted */
  guint            n_lists;
  guint            n_gifts;
};

enum
{
  PROP_0,
  PROP_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EweSyncBanner, ewe_sync_banner, GTK_TYPE_WIDGET)

static void update (EweSyncBanner *self);

static gboolean
grace_cb (gpointer user_data)
{
  EweSyncBanner *self = user_data;

  self->grace_id = 0;
  self->grace_over = TRUE;
  update (self);

  return G_SOURCE_REMOVE;
}

/* --- counting what the user did ------------------------------------------ */

static void
list_outbox_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EweSyncBanner) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) lists = NULL;
  g_autoptr(GHashTable) gifts = NULL;
  g_autoptr(GError) error = NULL;

  entries = ewe_store_list_outbox_finish (EWE_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->count_cancellable);
  if (entries == NULL)
    {
      g_debug ("Could not count what waits to sync: %s", error->message);
      return;
    }

  lists = g_hash_table_new (g_str_hash, g_str_equal);
  gifts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < entries->len; i++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (entries, i);
      const char     *list_id = ewe_outbox_entry_get_list_id (entry);
      const char     *product_id = ewe_outbox_entry_get_product_id (entry);

      switch (ewe_outbox_entry_get_kind (entry))
        {
        case EWE_OUTBOX_KIND_CREATE_LIST:
        case EWE_OUTBOX_KIND_UPDATE_LIST:
        case EWE_OUTBOX_KIND_CLOSE_LIST:
        case EWE_OUTBOX_KIND_DELETE_LIST:
        /* A thank-you is a mark on the list, naming no gift. */
        case EWE_OUTBOX_KIND_SET_THANKED:
        case EWE_OUTBOX_KIND_ARCHIVE_LIST:
        case EWE_OUTBOX_KIND_UNARCHIVE_LIST:
        case EWE_OUTBOX_KIND_SET_REVEAL_DATE:
          if (list_id != NULL)
            g_hash_table_add (lists, (gpointer)list_id);
          break;

        /* A product and the gift made of it are one thing to the user. */
        case EWE_OUTBOX_KIND_CREATE_PRODUCT:
        case EWE_OUTBOX_KIND_ADD_GIFT:
        case EWE_OUTBOX_KIND_UPDATE_GIFT:
        case EWE_OUTBOX_KIND_REMOVE_GIFT:
        case EWE_OUTBOX_KIND_SET_RECEIVED:
          if (product_id != NULL)
            g_hash_table_add (gifts, (gpointer)product_id);
          break;

        default:
          break;
        }
    }

  self->counted_pending = self->counting_pending;
  self->n_lists = g_hash_table_size (lists);
  self->n_gifts = g_hash_table_size (gifts);
  update (self);
}

static void
count_pending (EweSyncBanner *self,
               guint          pending)
{
  EweStore *store = ewe_sync_get_store (self->sync);

  if (pending == self->counted_pending || self->count_cancellable != NULL || store == NULL)
    return;

  self->counting_pending = pending;
  self->count_cancellable = g_cancellable_new ();
  ewe_store_list_outbox_async (store, self->count_cancellable, list_outbox_cb, g_object_ref (self));
}

static void
forget_count (EweSyncBanner *self)
{
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->counted_pending = 0;
  self->n_lists = self->n_gifts = 0;
}

/* "1 list and 2 gifts", or NULL until counted. */
static char *
describe_pending (EweSyncBanner *self)
{
  g_autofree char *lists = NULL;
  g_autofree char *gifts = NULL;

  if (self->n_lists > 0)
    /* Translators: part of "1 list and 2 gifts waiting to sync" */
    lists = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u list", "%u lists", self->n_lists), self->n_lists);
  if (self->n_gifts > 0)
    /* Translators: part of "1 list and 2 gifts waiting to sync" */
    gifts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u gift", "%u gifts", self->n_gifts), self->n_gifts);

  if (lists != NULL && gifts != NULL)
    /* Translators: "1 list and 2 gifts", each %s counted above */
    return g_strdup_printf (_("%s and %s"), lists, gifts);

  return lists != NULL ? g_steal_pointer (&lists) : g_steal_pointer (&gifts);
}

static void
show (EweSyncBanner *self,
      const char    *title,
      const char    *button_label,
      gboolean       failed)
{
  gtk_label_set_label (self->title_label, title);
  gtk_button_set_label (self->button, button_label);
  if (failed)
    gtk_widget_add_css_class (self->box, "failed");
  else
    gtk_widget_remove_css_class (self->box, "failed");
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static void
update (EweSyncBanner *self)
{
  const GError    *error = self->sync ? ewe_sync_get_last_error (self->sync) : NULL;
  guint            pending = self->sync ? ewe_sync_get_pending (self->sync) : 0;
  gboolean         syncing = self->sync ? ewe_sync_get_syncing (self->sync) : FALSE;
  g_autofree char *title = NULL;

  if (self->sync != NULL && pending > 0)
    count_pending (self, pending);
  else
    forget_count (self);

  if (self->sync == NULL)
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
    }
  else if (g_error_matches (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_OFFLINE) ||
           (pending > 0 && !g_network_monitor_get_network_available (self->network_monitor)))
    {
      if (pending > 0)
        {
          g_autofree char *what = describe_pending (self);

          if (what != NULL)
            /* Translators: the server cannot be reached; %s is e.g. "1 list and 2 gifts" */
            title = g_strdup_printf (_("Offline — %s waiting to sync"), what);
          else
            title = g_strdup (_("Offline — changes waiting to sync"));
        }
      show (self, title ? title : _("Offline"), _("_Retry"), FALSE);
    }
  else if (g_error_matches (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_SIGNED_OUT))
    {
      /* Already says what to do. */
      show (self, error->message, _("_Retry"), TRUE);
    }
  else if (error != NULL)
    {
      /* Translators: %s is why, often the server's own words */
      title = g_strdup_printf (_("Could not sync: %s"), error->message);
      show (self, title, _("_Retry"), TRUE);
    }
  else if (pending > 0 && !syncing)
    {
      if (self->grace_over || gtk_revealer_get_reveal_child (self->revealer))
        {
          g_autofree char *what = describe_pending (self);

          if (what != NULL)
            /* Translators: %s is e.g. "1 list and 2 gifts", not yet on the server */
            title = g_strdup_printf (_("%s waiting to sync"), what);
          show (self, title ? title : _("Changes waiting to sync"), _("_Sync Now"), FALSE);
        }
      else if (self->grace_id == 0)
        {
          self->grace_id = g_timeout_add (PENDING_GRACE_MS, grace_cb, self);
        }
      return;
    }
  else
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
    }

  g_clear_handle_id (&self->grace_id, g_source_remove);
  self->grace_over = FALSE;
}

static void
ewe_sync_banner_dispose (GObject *object)
{
  EweSyncBanner *self = (EweSyncBanner *)object;

  g_clear_handle_id (&self->grace_id, g_source_remove);
  forget_count (self);
  g_clear_object (&self->sync_signals);
  g_clear_object (&self->sync);
  if (self->network_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->network_monitor, self);
  g_clear_object (&self->network_monitor);

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_SYNC_BANNER);

  G_OBJECT_CLASS (ewe_sync_banner_parent_class)->dispose (object);
}

static void
ewe_sync_banner_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EweSyncBanner *self = EWE_SYNC_BANNER (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_sync_banner_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EweSyncBanner *self = EWE_SYNC_BANNER (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      ewe_sync_banner_set_sync (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_sync_banner_class_init (EweSyncBannerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_sync_banner_dispose;
  object_class->get_property = ewe_sync_banner_get_property;
  object_class->set_property = ewe_sync_banner_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, EWE_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-sync-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, EweSyncBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, EweSyncBanner, box);
  gtk_widget_class_bind_template_child (widget_class, EweSyncBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, EweSyncBanner, button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncbanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ewe_sync_banner_init (EweSyncBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sync_signals = g_signal_group_new (EWE_TYPE_SYNC);
  g_signal_group_connect_object (self->sync_signals, "notify::syncing", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->sync_signals, "notify::pending", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->sync_signals, "notify::last-error", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  /* Without a network the sync engine does not even try: say so. */
  self->network_monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->network_monitor, "notify::network-available",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  /* Read as one: "Offline — 3 changes waiting to sync", then the button. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title_label, NULL,
                                  -1);
}

GtkWidget *
ewe_sync_banner_new (void)
{
  return g_object_new (EWE_TYPE_SYNC_BANNER, NULL);
}

EweSync *
ewe_sync_banner_get_sync (EweSyncBanner *self)
{
  g_return_val_if_fail (EWE_IS_SYNC_BANNER (self), NULL);

  return self->sync;
}

/* Shows what @sync could not do yet; NULL (signed out) hides the banner. */
void
ewe_sync_banner_set_sync (EweSyncBanner *self,
                          EweSync       *sync)
{
  g_return_if_fail (EWE_IS_SYNC_BANNER (self));
  g_return_if_fail (sync == NULL || EWE_IS_SYNC (sync));

  if (self->sync == sync)
    return;

  forget_count (self);
  g_set_object (&self->sync, sync);
  g_signal_group_set_target (self->sync_signals, sync);

  g_clear_handle_id (&self->grace_id, g_source_remove);
  self->grace_over = FALSE;
  update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

/* Whether the banner is shown, or being shown. */
gboolean
ewe_sync_banner_get_revealed (EweSyncBanner *self)
{
  g_return_val_if_fail (EWE_IS_SYNC_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
ewe_sync_banner_get_title (EweSyncBanner *self)
{
  g_return_val_if_fail (EWE_IS_SYNC_BANNER (self), NULL);

  return gtk_label_get_label (self->title_label);
}

const char *
ewe_sync_banner_get_button_label (EweSyncBanner *self)
{
  g_return_val_if_fail (EWE_IS_SYNC_BANNER (self), NULL);

  return gtk_button_get_label (self->button);
}
