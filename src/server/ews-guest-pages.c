/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-guest-pages"

#include "config.h"

#include <stdio.h>

#include "ews-auth-storage.h"
#include "ews-clock.h"
#include "ews-etag.h"
#include "ews-guest-pages.h"
#include "ews-guest-private.h"
#include "ews-guest-resources.h"
#include "ews-reply-cache.h"
#include "ews-reservation-service.h"

/* The shared list, as the friends who open its link see it: the list, each
 * gift with how many are still wanted, and a reserve form per gift. Guests
 * see counts only, never who reserved (the original showed names and
 * e-mails here). Every page works without JavaScript; the stylesheet is
 * compiled into the binary. */

/* What a guest sent in a reserve form that we send back to them with the
 * reason it was refused. */
typedef struct
{
  const char *product_id;
  const char *name;
  const char *email;
  const char *quantity;
  const char *error;
} ReserveAttempt;

/* The event's date in the page's language ("Friday 25 December 2026",
 * "Freitag, 25. Dezember 2026"), whatever the server's locale, which a
 * threaded server cannot switch per request. */
static char *
format_event_date (const EwsCatalog *catalog,
                   const char       *event_date,
                   GDateTime        *now,
                   char            **countdown)
{
  guint                     year = 0, month = 0, day = 0;
  /* The names are marked with N_() and looked up in @catalog below. */
  static const char * const weekdays[] = {
    "",
    NC_ ("weekday", "Monday"),
         NC_ ("weekday", "Tuesday"),
              NC_ ("weekday", "Wednesday"),
                   NC_ ("weekday", "Thursday"),
                        NC_ ("weekday", "Friday"),
                             NC_ ("weekday", "Saturday"),
                                  NC_ ("weekday", "Sunday"),
                             };
  static const char * const months[] = {
    "",
    NC_ ("month", "January"),
         NC_ ("month", "February"),
              NC_ ("month", "March"),
                   NC_ ("month", "April"),
                        NC_ ("month", "May"),
                             NC_ ("month", "June"),
                                  NC_ ("month", "July"),
                                       NC_ ("month", "August"),
                                            NC_ ("month", "September"),
                                                 NC_ ("month", "October"),
                                                      NC_ ("month", "November"),
                                                           NC_ ("month", "December"),
                                                      };
  GDate date, today;
  gint  days;

  *countdown = NULL;

  /* "2026-12-25", possibly followed by a time the original sometimes sent. */
  if (event_date == NULL || sscanf (event_date, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year))
    return NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay)g_date_time_get_day_of_month (now),
                  (GDateMonth)g_date_time_get_month (now), (GDateYear)g_date_time_get_year (now));

  days = g_date_days_between (&today, &date);
  if (days > 1)
    *countdown = g_strdup_printf (ews_ntr (catalog, "%d day to go", "%d days to go", days), days);
  else if (days == 1)
    *countdown = g_strdup (ews_tr (catalog, "Tomorrow"));
  else if (days == 0)
    *countdown = g_strdup (ews_tr (catalog, "Today"));
  else
    *countdown = g_strdup (ews_tr (catalog, "This day has passed"));

  /* Translators: an event's date on a gift list: %1$s is the weekday, %2$u
   * the day of the month, %3$s the month's name, %4$u the year, as in
   * "Friday 25 December 2026". Reorder them as your language writes dates. */
  return g_strdup_printf (ews_tr (catalog, "%1$s %2$u %3$s %4$u"),
                          ews_trc (catalog, "weekday", weekdays[g_date_get_weekday (&date)]), day,
                          ews_trc (catalog, "month", months[month]), year);
}

static void
append_list_header (GString          *html,
                    const EwsCatalog *catalog,
                    const EwsList    *list,
                    const char       *owner_name,
                    GDateTime        *now)
{
  g_autofree char *countdown = NULL;
  g_autofree char *date = format_event_date (catalog, list->event_date, now, &countdown);
  gboolean         has_image = ews_html_url_is_safe (list->image_url);

  ews_html_printf (html, "<section class=\"card list-header%s\">\n", has_image ? " with-image" : "");
  if (has_image)
    ews_guest_append_image (html, list->image_url, "", "list-image");

  g_string_append (html, "<div class=\"list-text\">\n");
  if (list->occasion != NULL && list->occasion[0] != '\0')
    ews_html_printf (html, "<p class=\"occasion\">%s</p>\n", list->occasion);
  ews_html_printf (html, "<h1>%s</h1>\n", list->title != NULL ? list->title : ews_tr (catalog, "Gift list"));
  if (owner_name != NULL)
    {
      g_autofree char *by = g_strdup_printf (ews_tr (catalog, "A gift list by %s"), owner_name);

      ews_html_printf (html, "<p class=\"owner\">%s</p>\n", by);
    }
  /* Archived, the event is over: a countdown would say nothing true. */
  if (date != NULL && list->archived_at != 0)
    ews_html_printf (html, "<p class=\"date\"><span>%s</span></p>\n", date);
  else if (date != NULL)
    ews_html_printf (html, "<p class=\"date\"><span>%s</span> <span class=\"countdown\">%s</span></p>\n",
                     date, countdown);
  if (list->description != NULL && list->description[0] != '\0')
    ews_html_printf (html, "<p class=\"description\">%s</p>\n", list->description);
  if (list->archived_at != 0)
    {
      /* The event is over: the owner's thank-you, in their words, as
       * written (ews_html_printf escapes it, line breaks kept by CSS). */
      ews_html_printf (html, "<div class=\"notice archived\" role=\"status\">\n<h2>%s</h2>\n",
                       ews_tr (catalog, "This list is closed"));
      if (list->archive_note != NULL && list->archive_note[0] != '\0')
        ews_html_printf (html, "<p class=\"archive-note\">%s</p>\n", list->archive_note);
      else
        ews_html_printf (html, "<p>%s</p>\n", ews_tr (catalog, "Thank you for your gifts!"));
      g_string_append (html, "</div>\n");
    }
  else if (list->closed)
    ews_html_printf (html, "<p class=\"notice closed\" role=\"status\">%s</p>\n",
                     ews_tr (catalog, "This list is closed: its gifts can no longer be reserved."));
  g_string_append (html, "</div>\n</section>\n");
}

/* @error_id names the form's error message, if it has one, so screen
 * readers announce it with the field. */
static void
append_text_input (GString    *html,
                   const char *id,
                   const char *label,
                   const char *type,
                   const char *name,
                   const char *value,
                   const char *autocomplete,
                   const char *error_id)
{
  ews_html_printf (html, "<label for=\"%s\">%s</label>\n<input", id, label);
  ews_html_attr (html, "id", id);
  ews_html_attr (html, "type", type);
  ews_html_attr (html, "name", name);
  ews_html_attr (html, "value", value);
  ews_html_attr (html, "autocomplete", autocomplete);
  ews_html_attr (html, "aria-describedby", error_id);
  if (error_id != NULL)
    g_string_append (html, " aria-invalid=\"true\"");
  g_string_append (html, " required");
  if (g_strcmp0 (type, "text") == 0)
    g_string_append_printf (html, " maxlength=\"%d\"", EWE_LIMIT_GUEST_NAME_CHARS);
  g_string_append (html, ">\n");
}

/* What the reserve forms' CSRF token is made for: every reserve form of
 * this list, so that the page's forms share one token (one HMAC per
 * request for the kept page, not one per gift). No form posts to this path
 * itself (a product id is never empty), so it passes for no single form's
 * path elsewhere. */
static char *
reserve_token_scope (const char *list_id)
{
  return ews_guest_path ("/lists/", list_id, "/reserve/", NULL);
}

static void
append_reserve_form (GString              *html,
                     EwsServer            *server,
                     SoupServerMessage    *msg,
                     const EwsCatalog     *catalog,
                     const EwsList        *list,
                     const EwsGift        *gift,
                     guint                 index,
                     const char           *title,
                     gint64                wanted,
                     const ReserveAttempt *attempt,
                     GPtrArray            *slots)
{
  g_autofree char *action = ews_guest_path ("/lists/", list->list_id, "/reserve/", gift->product_id, NULL);
  g_autofree char *scope = reserve_token_scope (list->list_id);
  g_autofree char *name_id = g_strdup_printf ("name-%u", index);
  g_autofree char *email_id = g_strdup_printf ("email-%u", index);
  g_autofree char *quantity_id = g_strdup_printf ("quantity-%u", index);
  g_autofree char *error_id = g_strdup_printf ("error-%u", index);
  g_autofree char *anchor = g_strdup_printf ("gift-%u", index);
  const char      *described_by = attempt != NULL ? error_id : NULL;

  /* A summary per gift, each saying which gift to a screen reader. */
  ews_html_printf (html, "<details class=\"reserve\"%s>\n<summary>%s"
                         "<span class=\"visually-hidden\">: %s</span></summary>\n",
                   attempt != NULL ? " open" : "", ews_tr (catalog, "Reserve this gift"), title);

  if (slots != NULL)
    ews_guest_form_begin_slot (html, server, action, scope, anchor, "reserve-form", slots);
  else if (!ews_guest_form_begin_scoped (html, server, msg, action, scope, anchor, "reserve-form"))
    {
      ews_html_printf (html, "<p class=\"error\">%s</p>\n</details>\n",
                       ews_tr (catalog, "Reserving is not possible just now."));
      return;
    }

  if (attempt != NULL)
    ews_html_printf (html, "<p class=\"error\" id=\"%s\" role=\"alert\">%s</p>\n", error_id, attempt->error);

  append_text_input (html, name_id, ews_tr (catalog, "Your name"), "text", "name",
                     attempt != NULL ? attempt->name : NULL, "name", described_by);
  append_text_input (html, email_id, ews_tr (catalog, "Your e-mail address"), "email", "email",
                     attempt != NULL ? attempt->email : NULL, "email", described_by);
  ews_html_printf (html, "<p class=\"hint\">%s</p>\n",
                   ews_tr (catalog, "We e-mail you a link to change or cancel your reservation. "
                                    "Other guests never see your name or address."));

  ews_html_printf (html, "<label for=\"%s\">%s</label>\n", quantity_id, ews_tr (catalog, "How many"));
  ews_html_printf (html, "<input id=\"%s\" type=\"number\" name=\"quantity\" inputmode=\"numeric\" "
                         "min=\"1\" max=\"%" G_GINT64_FORMAT "\" required",
                   quantity_id, wanted);
  ews_html_attr (html, "aria-describedby", described_by);
  ews_html_attr (html, "value", attempt != NULL && attempt->quantity[0] != '\0' ? attempt->quantity : "1");
  ews_html_printf (html, ">\n<button type=\"submit\" class=\"primary\">%s</button>\n</form>\n</details>\n",
                   ews_tr (catalog, "Reserve"));
}

static void
append_gift (GString              *html,
             EwsServer            *server,
             SoupServerMessage    *msg,
             const EwsCatalog     *catalog,
             const EwsList        *list,
             const EwsGift        *gift,
             const EwsProduct     *product,
             guint                 index,
             const ReserveAttempt *attempt,
             GPtrArray            *slots)
{
  g_autofree char      *title = ews_guest_product_title (catalog, product);
  gint64                wanted = ews_guest_gift_wanted (gift);
  const ReserveAttempt *mine = NULL;

  if (attempt != NULL && g_strcmp0 (attempt->product_id, gift->product_id) == 0)
    mine = attempt;

  ews_html_printf (html, "<li class=\"card gift%s%s\" id=\"gift-%u\">\n", wanted == 0 ? " taken" : "",
                   gift->most_wanted ? " most-wanted" : "", index);
  ews_guest_append_image (html, product->image_url, title, "gift-image");

  g_string_append (html, "<div class=\"gift-text\">\n");
  /* Starred by the owner; the list puts these first (gifts_for_list). */
  if (gift->most_wanted)
    ews_html_printf (html, "<p class=\"badge most-wanted\"><span aria-hidden=\"true\">★</span> %s</p>\n",
                     ews_tr (catalog, "Most wanted"));
  if (product->brand != NULL && product->brand[0] != '\0')
    ews_html_printf (html, "<p class=\"gift-brand\">%s</p>\n", product->brand);
  ews_html_printf (html, "<h2>%s</h2>\n", product->details != NULL && product->details[0] != '\0' ? product->details : title);
  if (product->price != NULL && product->price[0] != '\0')
    {
      /* In the currency the shop priced it in, written the page's way. */
      g_autofree char *price = ews_guest_format_price (catalog, product);

      ews_html_printf (html, "<p class=\"price\">%s</p>\n", price);
    }
  if (gift->notes != NULL && gift->notes[0] != '\0')
    ews_html_printf (html, "<p class=\"notes\"><span>%s</span> %s</p>\n", ews_tr (catalog, "Note:"), gift->notes);

  if (gift->unlimited)
    {
      /* Translators: markup of our own; keep <strong> around the number,
       * how many guests reserved or bought of a gift with no limit. */
      g_autofree char *given = g_strdup_printf (ews_ntr (catalog, "As many as you like: <strong>%d</strong> given so far",
                                                         "As many as you like: <strong>%d</strong> given so far",
                                                         (gulong)(gift->reserved + gift->purchased)),
                                                (int)(gift->reserved + gift->purchased));

      g_string_append_printf (html, "<p class=\"wanted unlimited\">%s</p>\n", given);
    }
  else if (wanted == 0 && gift->purchased >= gift->quantity)
    ews_html_printf (html, "<p class=\"wanted none\">%s</p>\n", ews_tr (catalog, "All bought"));
  else if (wanted == 0)
    ews_html_printf (html, "<p class=\"wanted none\">%s</p>\n", ews_tr (catalog, "All reserved"));
  else
    {
      /* Translators: markup of our own; keep <strong> around the first
       * number, the count still wanted. The plural follows the total. */
      g_autofree char *still_wanted = g_strdup_printf (ews_ntr (catalog, "<strong>%d</strong> of %d still wanted",
                                                                "<strong>%d</strong> of %d still wanted",
                                                                (gulong)gift->quantity),
                                                       (int)wanted, (int)gift->quantity);

      g_string_append_printf (html, "<p class=\"wanted\">%s</p>\n", still_wanted);
    }

  if (ews_html_url_is_safe (product->product_url))
    {
      g_string_append (html, "<a class=\"button shop\" rel=\"noopener noreferrer nofollow\" target=\"_blank\"");
      ews_html_url_attr (html, "href", product->product_url);
      ews_html_printf (html, ">%s", ews_tr (catalog, "View in shop"));
      if (product->retailer != NULL && product->retailer[0] != '\0')
        ews_html_printf (html, " <span class=\"retailer\">(%s)</span>", product->retailer);
      g_string_append (html, "</a>\n");
    }

  if (!list->closed && list->archived_at == 0 && wanted > 0)
    append_reserve_form (html, server, msg, catalog, list, gift, index, title, wanted, mine, slots);
  else if (mine != NULL)
    ews_html_printf (html, "<p class=\"error\" role=\"alert\">%s</p>\n", mine->error);

  g_string_append (html, "</div>\n</li>\n");
}

/* The shared list's page, as of the day of @now (the countdown); with
 * @attempt, a refused reserve form shown again with its message. With
 * @slots, the forms' CSRF tokens are left out and their places recorded
 * (ews_guest_form_begin_slot()). NULL, after an answer saying why, when
 * the list cannot be read. */
static GString *
render_list_page (SoupServerMessage    *msg,
                  EwsServer            *server,
                  const EwsCatalog     *catalog,
                  const char           *list_id,
                  GDateTime            *now,
                  const ReserveAttempt *attempt,
                  GPtrArray            *slots)
{
  EwsStorage *storage = ews_server_get_storage (server);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *owner_name = NULL;
  guint            shown = 0;

  list = ews_storage_list_get (storage, list_id, &error);
  if (list != NULL)
    gifts = ews_storage_gifts_for_list (storage, list->list_id, &error);
  if (gifts == NULL)
    {
      ews_guest_reply_storage_failure (msg, server, error, ews_tr (catalog, "List not found"),
                                       ews_tr (catalog, "There is no gift list at this address. Check the link "
                                                        "you were sent: it may be incomplete, or the list may "
                                                        "have been deleted."));
      return NULL;
    }

  owner_name = ews_auth_storage_dup_account_name (EWS_AUTH_STORAGE (storage), list->owner_id);
  ews_guest_page_begin (html, server, catalog, list->title != NULL ? list->title : ews_tr (catalog, "Gift list"));
  append_list_header (html, catalog, list, owner_name, now);

  if (attempt != NULL)
    ews_html_printf (html, "<p class=\"notice error-summary\" role=\"alert\">%s %s</p>\n",
                     ews_tr (catalog, "Your reservation was not made."), attempt->error);

  g_string_append (html, "<ul class=\"gifts\">\n");
  for (guint i = 0; i < gifts->len; i++)
    {
      EwsGift *gift = g_ptr_array_index (gifts, i);
      g_autoptr(EwsProduct) product = ews_guest_load_product (storage, gift->type, gift->product_id);

      /* A product removed from under the list has nothing left to show. */
      if (product == NULL)
        continue;

      append_gift (html, server, msg, catalog, list, gift, product, i, attempt, slots);
      shown++;
    }
  g_string_append (html, "</ul>\n");

  if (shown == 0)
    ews_html_printf (html, "<p class=\"card empty\">%s</p>\n",
                     ews_tr (catalog, "There are no gifts on this list yet."));

  ews_guest_page_end (html, catalog);
  return g_steal_pointer (&html);
}

/* The server's time zone, taken once: GLib 2.74's
 * g_time_zone_new_local() looks at /etc/localtime again on every call when
 * TZ is unset (two stat()s and a readlink() per page, seen with strace). A
 * change of the system's zone reaches the pages at the server's next
 * start. */
static GTimeZone *
server_time_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());

  return zone;
}

/* The day the server's clock says it is, in its time zone: what the
 * countdown counts from. */
static GDateTime *
server_now (EwsServer *server)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ews_clock_get_unix_seconds (ews_server_get_clock (server)));

  return g_date_time_to_timezone (utc, server_time_zone ());
}

/* A refused reserve form: the page again with what this guest typed and
 * why, with @status. Nothing to keep or revalidate. */
static void
reply_list_page (SoupServerMessage    *msg,
                 EwsServer            *server,
                 const char           *list_id,
                 guint                 status,
                 const ReserveAttempt *attempt)
{
  g_autoptr(GDateTime) now = server_now (server);
  g_autoptr(GString) html = NULL;

  html = render_list_page (msg, server, ews_guest_catalog (msg, server), list_id, now, attempt, NULL);
  if (html != NULL)
    ews_html_reply (msg, status, html);
}

/* GET /lists/{id}: the page guests open most, kept in the reply cache
 * (ews-reply-cache.h) like the list's JSON, until the list's version
 * moves. What else the page depends on is in the key: its language and the
 * day (the countdown); the server's public URL is fixed. The products it
 * shows are not counted in the version, and need not be: a product is
 * never changed once made, and not deleted while a list has it
 * (ews_storage_rules_check_product_unused()). The forms' CSRF
 * tokens are each visitor's own (bound to their cookie), so the page is
 * kept without them and they are filled in per request: an HMAC per gift
 * instead of reading the list, its gifts, their products and the owner. */
static void
list_page_cb (SoupServerMessage *msg,
              GHashTable        *params,
              gpointer           user_data)
{
  EwsServer        *server = user_data;
  EwsStorage       *storage;
  EwsReplyCache    *cache;
  const EwsCatalog *catalog;
  const char       *list_id = g_hash_table_lookup (params, "id");
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GString) html = NULL;
  g_autoptr(GString) fallback = NULL;
  g_autoptr(GBytes) packed = NULL;
  g_autofree char *day = NULL;
  g_autofree char *key = NULL;
  g_autofree char *new_etag = NULL;
  const char      *etag = NULL;
  gint64           version = 0;
  gboolean         versioned;

  if (!ews_guest_check_ready (msg, server))
    return;

  storage = ews_server_get_storage (server);
  cache = ews_server_get_reply_cache (server);
  catalog = ews_guest_catalog (msg, server);
  now = server_now (server);

  /* Line breaks keep the parts apart: none is in a language tag, a day
   * or a list id that has a version. */
  day = g_date_time_format (now, "%Y-%m-%d");
  key = g_strdup_printf ("page\n%s\n%s\n%s", ews_catalog_get_language (catalog), day, list_id);

  /* The version first, the rows after it (as lists_get_shared does). */
  versioned = ews_storage_list_version (storage, list_id, &version, NULL);
  if (versioned)
    packed = ews_reply_cache_lookup (cache, key, version, g_date_time_to_unix (now), &etag);
  if (packed == NULL)
    {
      slots = ews_guest_token_slots_new ();
      html = render_list_page (msg, server, catalog, list_id, now, NULL, slots);
      if (html == NULL)
        return;
      packed = ews_guest_template_pack (html, slots);
      etag = new_etag = ews_etag_for_bytes (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
      if (versioned)
        ews_reply_cache_store (cache, key, version, NULL, TRUE, packed, new_etag);
    }

  if (ews_guest_reply_template (msg, server, packed, etag))
    return;

  /* No tokens to fill in: the page, made again, says reserving is not
   * possible just now. */
  fallback = render_list_page (msg, server, catalog, list_id, now, NULL, NULL);
  if (fallback != NULL)
    ews_html_reply (msg, SOUP_STATUS_OK, fallback);
}

/* POST /lists/{id}/reserve/{productId}: name, email, quantity. */
static void
reserve_cb (SoupServerMessage *msg,
            GHashTable        *params,
            gpointer           user_data)
{
  EwsServer        *server = user_data;
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  const char       *list_id = g_hash_table_lookup (params, "id");
  const char       *product_id = g_hash_table_lookup (params, "productId");
  /* The page's reserve forms share one token, made for them all. */
  g_autofree char  *scope = reserve_token_scope (list_id);
  g_autofree char  *page = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(EwsReservation) reservation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *error_message = NULL;
  ReserveAttempt   attempt = { 0 };
  gint64           quantity = 0;

  if (!ews_guest_check_ready (msg, server))
    return;

  page = ews_guest_path ("/lists/", list_id, NULL);
  form = ews_guest_read_form (msg, server, scope, page);
  if (form == NULL)
    return;

  attempt.product_id = product_id;
  attempt.name = ews_guest_form_get (form, "name");
  attempt.email = ews_guest_form_get (form, "email");
  attempt.quantity = ews_guest_form_get (form, "quantity");

  if (g_utf8_strlen (attempt.name, -1) > EWE_LIMIT_GUEST_NAME_CHARS)
    g_set_error (&error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                 ews_ntr (catalog, "Your name can be at most %d character long.",
                          "Your name can be at most %d characters long.", EWE_LIMIT_GUEST_NAME_CHARS),
                 EWE_LIMIT_GUEST_NAME_CHARS);
  else if (!ews_guest_parse_quantity (attempt.quantity, &quantity))
    g_set_error_literal (&error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                         ews_tr (catalog, "Choose how many to reserve: a whole number, at least 1."));
  else
    {
      /* Each reservation mails the address given: per client, and per
       * mailbox, as in the JSON API. */
      g_autofree char *mailbox = ews_rate_limit_mailbox (attempt.email);

      if (!ews_guest_check_rate (msg, server, EWS_RATE_GUEST, NULL, page) ||
          !ews_guest_check_rate (msg, server, EWS_RATE_GUEST_MAIL, mailbox, page))
        return;

      reservation = ews_reservation_service_reserve_as_guest (server, catalog, list_id, product_id,
                                                              attempt.name, attempt.email, quantity, &error);
    }

  if (reservation == NULL)
    {
      guint status = ews_guest_status_for_error (error);

      if (status >= 500)
        {
          ews_guest_reply_storage_failure (msg, server, error, NULL, NULL);
          return;
        }

      /* The list page answers 404 itself if the list is gone. */
      attempt.error = error_message = ews_guest_dup_error_message (catalog, error);
      reply_list_page (msg, server, list_id, status, &attempt);
      return;
    }

  location = ews_guest_url (server, "/reserve/", reservation->reservation_id, "?done=reserved", NULL);
  ews_html_redirect (msg, location);
}

/* GET /static/guest.css, from the binary's resources. */
static void
stylesheet_cb (SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  g_autoptr(GBytes) css = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize               length = 0;
  const char         *data;

  css = g_resource_lookup_data (ews_guest_get_resource (), "/org/ewelists/Server/guest.css",
                                G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_return_if_fail (css != NULL);

  data = g_bytes_get_data (css, &length);
  soup_message_headers_replace (headers, "Cache-Control", "public, max-age=3600");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/css; charset=utf-8", SOUP_MEMORY_COPY, data, length);
}

void
ews_guest_pages_register (EwsServer *server)
{
  EwsRouter   *router = ews_server_get_router (server);
  static gsize resources_registered = 0;

  if (g_once_init_enter (&resources_registered))
    {
      ews_guest_register_resource ();
      g_once_init_leave (&resources_registered, 1);
    }

  ews_router_add (router, "GET", "/static/guest.css", stylesheet_cb, server);
  ews_router_add (router, "GET", "/lists/{id}", list_page_cb, server);
  ews_router_add (router, "POST", "/lists/{id}/reserve/{productId}", reserve_cb, server);

  ews_guest_reservation_page_register (server);
  ews_guest_invitation_page_register (server);
}
