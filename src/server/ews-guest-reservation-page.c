/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-guest-reservation-page"

#include "config.h"

#include "ews-guest-private.h"
#include "ews-reservation-service.h"

/* /reserve/{reservationId}: the page the confirmation e-mail links to,
 * where a guest sees their reservation and marks it bought, changes the
 * quantity or cancels it.
 *
 * Who may change it: whoever knows both the reservation's id (122 random
 * bits, sent only to the guest's address) and that address. The page asks
 * for the address in its form on every change rather than carrying it
 * signed in the link: the id alone lets a forwarded mail or a shared
 * screen show the reservation, but not change it, and nothing in the page,
 * the link or the server's state holds the address for someone else to
 * read. Browsers fill the field in for the guest (autocomplete="email").
 *
 * It is one form with a button per action, so the address is typed once;
 * the first button in it — the one Enter presses — only saves the
 * quantity, which is harmless when unchanged.
 *
 * A guest's reservation is unconfirmed until the owner of its address says
 * it is theirs: the mailed link carries ?confirm=<key>, and the page then
 * shows a Confirm button, a form like the others (CSRF token, the address
 * typed again). Opening the link does not confirm by itself: mail scanners
 * and link previews open links in the mailbox of the very person someone
 * may be reserving in the name of, and a GET must not decide that for
 * them. */

/* The outcomes a redirect may announce. Only these fixed texts are ever
 * shown: the query parameter selects one, it is never echoed. */
static const struct
{
  const char *done;
  const char *message;
} outcomes[] = {
  { "reserved", N_ ("Your reservation is made. We have e-mailed you a link back to this page.") },
    { "updated", N_ ("The quantity is changed.") },
      { "purchased", N_ ("Thank you! The gift is marked as bought.") },
        { "cancelled", N_ ("Your reservation is cancelled, so someone else can give this gift.") },
          { "confirmed", N_ ("Thank you: the reservation is confirmed as yours.") },
        };

/* A refused change, shown again with what the guest typed. */
typedef struct
{
  const char *email;
  const char *quantity;
  const char *error;
  const char *key; /* set when the refused change was confirming */
} ChangeAttempt;

/* The query parameter @name of the page's address, or NULL. */
static char *
query_param (SoupServerMessage *msg,
             const char        *name)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = NULL;

  if (query == NULL)
    return NULL;

  params = soup_form_decode (query);
  return g_strdup (g_hash_table_lookup (params, name));
}

static const char *
outcome_message (SoupServerMessage *msg,
                 const EwsCatalog  *catalog)
{
  g_autofree char *done = query_param (msg, "done");

  for (guint i = 0; done != NULL && i < G_N_ELEMENTS (outcomes); i++)
    {
      if (g_strcmp0 (done, outcomes[i].done) == 0)
        return ews_tr (catalog, outcomes[i].message);
    }

  return NULL;
}

static const char *
state_label (const EwsCatalog     *catalog,
             const EwsReservation *reservation)
{
  if (g_strcmp0 (reservation->state, "purchased") == 0)
    return ews_trc (catalog, "reservation state", "Bought");
  if (g_strcmp0 (reservation->state, "cancelled") == 0)
    return ews_trc (catalog, "reservation state", "Cancelled");

  return ews_trc (catalog, "reservation state", "Reserved");
}

static void
append_change_form (GString              *html,
                    EwsServer            *server,
                    SoupServerMessage    *msg,
                    const EwsCatalog     *catalog,
                    const EwsReservation *reservation,
                    gint64                max_quantity,
                    const ChangeAttempt  *attempt)
{
  g_autofree char *action = ews_guest_path ("/reserve/", reservation->reservation_id, NULL);
  g_autofree char *quantity = g_strdup_printf ("%" G_GINT64_FORMAT, reservation->quantity);

  if (!ews_guest_form_begin (html, server, msg, action, "change", "card change-form"))
    {
      ews_html_printf (html, "<p class=\"card error\">%s</p>\n",
                       ews_tr (catalog, "Changes are not possible just now."));
      return;
    }

  ews_html_printf (html, "<h2 id=\"change\">%s</h2>\n", ews_tr (catalog, "Change your reservation"));
  if (attempt != NULL)
    ews_html_printf (html, "<p class=\"error\" id=\"change-error\" role=\"alert\">%s</p>\n", attempt->error);

  ews_html_printf (html, "<label for=\"email\">%s</label>\n"
                         "<input id=\"email\" type=\"email\" name=\"email\" autocomplete=\"email\" required",
                   ews_tr (catalog, "Your e-mail address"));
  if (attempt != NULL)
    g_string_append (html, " aria-invalid=\"true\" aria-describedby=\"change-error email-hint\"");
  else
    g_string_append (html, " aria-describedby=\"email-hint\"");
  ews_html_attr (html, "value", attempt != NULL ? attempt->email : NULL);
  ews_html_printf (html, ">\n<p class=\"hint\" id=\"email-hint\">%s</p>\n",
                   ews_tr (catalog, "The one you reserved with: it shows the reservation is yours."));

  ews_html_printf (html, "<div class=\"action\">\n<label for=\"quantity\">%s</label>\n"
                         "<div class=\"row\">\n",
                   ews_tr (catalog, "How many"));
  g_string_append_printf (html, "<input id=\"quantity\" type=\"number\" name=\"quantity\" "
                                "inputmode=\"numeric\" min=\"1\" max=\"%" G_GINT64_FORMAT "\"",
                          max_quantity);
  ews_html_attr (html, "value", attempt != NULL && attempt->quantity[0] != '\0' ? attempt->quantity : quantity);
  ews_html_printf (html, ">\n<button type=\"submit\" name=\"action\" value=\"update\">%s</button>\n"
                         "</div>\n</div>\n",
                   ews_tr (catalog, "Change quantity"));

  ews_html_printf (html, "<div class=\"action\">\n<p>%s</p>\n"
                         "<button type=\"submit\" name=\"action\" value=\"purchase\" class=\"primary\">"
                         "%s</button>\n</div>\n"
                         "<div class=\"action\">\n<p>%s</p>\n"
                         "<button type=\"submit\" name=\"action\" value=\"cancel\" class=\"danger\">"
                         "%s</button>\n</div>\n</form>\n",
                   ews_tr (catalog, "Bought it? Let the list know."), ews_tr (catalog, "Mark as bought"),
                   ews_tr (catalog, "Changed your mind?"), ews_tr (catalog, "Cancel reservation"));
}

/* "Is this yours?", with the key from the mailed link. */
static void
append_confirm_form (GString              *html,
                     EwsServer            *server,
                     SoupServerMessage    *msg,
                     const EwsCatalog     *catalog,
                     const EwsReservation *reservation,
                     const char           *key,
                     const ChangeAttempt  *attempt)
{
  g_autofree char *action = ews_guest_path ("/reserve/", reservation->reservation_id, NULL);

  if (!ews_guest_form_begin (html, server, msg, action, "confirm", "card confirm-form"))
    {
      ews_html_printf (html, "<p class=\"card error\">%s</p>\n",
                       ews_tr (catalog, "Confirming is not possible just now."));
      return;
    }

  ews_html_printf (html, "<h2 id=\"confirm\">%s</h2>\n<p>%s</p>\n",
                   ews_tr (catalog, "Is this reservation yours?"),
                   ews_tr (catalog, "Confirm it, and it shows in your Ewelists account with this address. "
                                    "If you did not reserve this gift, do nothing: the list’s owner can "
                                    "release it."));
  if (attempt != NULL)
    ews_html_printf (html, "<p class=\"error\" id=\"confirm-error\" role=\"alert\">%s</p>\n", attempt->error);

  ews_html_printf (html, "<label for=\"confirm-email\">%s</label>\n"
                         "<input id=\"confirm-email\" type=\"email\" name=\"email\" autocomplete=\"email\" required",
                   ews_tr (catalog, "Your e-mail address"));
  if (attempt != NULL)
    g_string_append (html, " aria-invalid=\"true\" aria-describedby=\"confirm-error\"");
  ews_html_attr (html, "value", attempt != NULL ? attempt->email : NULL);
  g_string_append (html, ">\n<input type=\"hidden\" name=\"key\"");
  ews_html_attr (html, "value", key);
  ews_html_printf (html, ">\n<button type=\"submit\" name=\"action\" value=\"confirm\" class=\"primary\">"
                         "%s</button>\n</form>\n",
                   ews_tr (catalog, "Confirm reservation"));
}

static void
reply_reservation_page (SoupServerMessage   *msg,
                        EwsServer           *server,
                        const char          *reservation_id,
                        guint                status,
                        const ChangeAttempt *attempt)
{
  EwsStorage       *storage = ews_server_get_storage (server);
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(EwsReservation) reservation = NULL;
  g_autoptr(EwsProduct) product = NULL;
  g_autoptr(EwsGift) gift = NULL;
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *list_url = NULL;
  g_autofree char *confirm_key = NULL;
  g_autofree char *on_list = NULL;
  const char      *outcome = attempt == NULL ? outcome_message (msg, catalog) : NULL;
  gboolean         active;
  gint64           max_quantity;

  reservation = ews_storage_reservation_get (storage, reservation_id, &error);
  if (reservation == NULL)
    {
      ews_guest_reply_storage_failure (msg, server, error, ews_tr (catalog, "Reservation not found"),
                                       ews_tr (catalog, "There is no reservation at this address. Check the "
                                                        "link in your e-mail: it may be incomplete."));
      return;
    }

  product = ews_guest_load_product (storage, reservation->product_type, reservation->product_id);
  title = product != NULL ? ews_guest_product_title (catalog, product) : g_strdup (ews_tr (catalog, "A gift"));
  list = ews_storage_list_get (storage, reservation->list_id, NULL);
  gift = ews_storage_gift_get (storage, reservation->list_id, reservation->product_id, NULL);
  list_url = ews_guest_url (server, "/lists/", reservation->list_id, NULL);
  active = g_strcmp0 (reservation->state, "reserved") == 0;

  /* As many as the guest holds, plus what is still wanted. */
  max_quantity = reservation->quantity;
  if (gift != NULL && list != NULL && !list->closed && list->archived_at == 0)
    max_quantity = MIN (EWE_LIMIT_QUANTITY_MAX, max_quantity + ews_guest_gift_wanted (gift));

  ews_guest_page_begin (html, server, catalog, ews_tr (catalog, "Your reservation"));

  if (outcome != NULL)
    ews_html_printf (html, "<p class=\"notice success\" role=\"status\">%s</p>\n", outcome);

  ews_html_printf (html, "<section class=\"card reservation state-%s\">\n",
                   active ? "reserved" : reservation->state);
  ews_guest_append_image (html, product != NULL ? product->image_url : NULL, title, "gift-image");
  g_string_append (html, "<div class=\"gift-text\">\n");
  ews_html_printf (html, "<p class=\"badge\">%s</p>\n", state_label (catalog, reservation));
  if (product != NULL && product->brand != NULL && product->brand[0] != '\0')
    ews_html_printf (html, "<p class=\"gift-brand\">%s</p>\n", product->brand);
  ews_html_printf (html, "<h1>%s</h1>\n",
                   product != NULL && product->details != NULL && product->details[0] != '\0'
                     ? product->details
                     : title);
  /* Translators: markup of our own around the list's name, which we
   * escape; keep the <a href="%1$s"> and </a>. */
  on_list = g_markup_printf_escaped (ews_tr (catalog, "On the list <a href=\"%1$s\">%2$s</a>"), list_url,
                                     reservation->list_title != NULL ? reservation->list_title
                                                                     : ews_tr (catalog, "Gift list"));
  g_string_append_printf (html, "<p class=\"on-list\">%s</p>\n", on_list);
  /* Translators: markup of our own; keep <strong> around the number. */
  g_string_append (html, "<p class=\"wanted\">");
  if (g_strcmp0 (reservation->state, "purchased") == 0)
    g_string_append_printf (html,
                            ews_ntr (catalog, "You bought <strong>%d</strong>", "You bought <strong>%d</strong>",
                                     (gulong)reservation->quantity),
                            (int)reservation->quantity);
  else if (active)
    g_string_append_printf (html,
                            ews_ntr (catalog, "You reserved <strong>%d</strong>",
                                     "You reserved <strong>%d</strong>", (gulong)reservation->quantity),
                            (int)reservation->quantity);
  else
    g_string_append_printf (html,
                            ews_ntr (catalog, "You had reserved <strong>%d</strong>",
                                     "You had reserved <strong>%d</strong>", (gulong)reservation->quantity),
                            (int)reservation->quantity);
  g_string_append (html, "</p>\n");
  /* The owner's note (a size, a colour) is what the giver needs in the shop. */
  if (gift != NULL && gift->notes != NULL && gift->notes[0] != '\0')
    ews_html_printf (html, "<p class=\"notes\"><span>%s</span> %s</p>\n", ews_tr (catalog, "Note:"), gift->notes);

  if (active && product != NULL && ews_html_url_is_safe (product->product_url))
    {
      g_string_append (html, "<a class=\"button shop\" rel=\"noopener noreferrer nofollow\" target=\"_blank\"");
      ews_html_url_attr (html, "href", product->product_url);
      ews_html_printf (html, ">%s", ews_tr (catalog, "View in shop"));
      if (product->retailer != NULL && product->retailer[0] != '\0')
        ews_html_printf (html, " <span class=\"retailer\">(%s)</span>", product->retailer);
      g_string_append (html, "</a>\n");
    }
  g_string_append (html, "</div>\n</section>\n");

  /* The key comes from the mailed link, or back from a refused confirm. */
  confirm_key = attempt != NULL ? g_strdup (attempt->key) : query_param (msg, "confirm");
  if (!reservation->confirmed && g_strcmp0 (reservation->state, "cancelled") != 0)
    {
      if (confirm_key != NULL && confirm_key[0] != '\0')
        append_confirm_form (html, server, msg, catalog, reservation, confirm_key,
                             attempt != NULL && attempt->key != NULL ? attempt : NULL);
      else
        ews_html_printf (html, "<p class=\"notice unconfirmed\" role=\"status\">%s</p>\n",
                         ews_tr (catalog, "Not confirmed yet: the link in the e-mail we sent confirms that "
                                          "this reservation is yours."));
    }

  if (active)
    {
      if (list != NULL && (list->closed || list->archived_at != 0))
        ews_html_printf (html, "<p class=\"notice closed\">%s</p>\n",
                         ews_tr (catalog, "This list is closed. You can still mark the gift as bought, "
                                          "cancel, or reserve fewer."));
      append_change_form (html, server, msg, catalog, reservation, max_quantity,
                          attempt != NULL && attempt->key == NULL ? attempt : NULL);
    }
  else if (attempt != NULL && attempt->key == NULL)
    {
      ews_html_printf (html, "<p class=\"card error\" role=\"alert\">%s</p>\n", attempt->error);
    }

  ews_html_printf (html, "<p class=\"back\"><a href=\"%s\">%s</a></p>\n", list_url,
                   ews_tr (catalog, "Back to the list"));

  ews_guest_page_end (html, catalog);
  ews_html_reply (msg, status, html);
}

/* GET /reserve/{reservationId} */
static void
reservation_page_cb (SoupServerMessage *msg,
                     GHashTable        *params,
                     gpointer           user_data)
{
  EwsServer *server = user_data;

  if (!ews_guest_check_ready (msg, server))
    return;

  reply_reservation_page (msg, server, g_hash_table_lookup (params, "reservationId"), SOUP_STATUS_OK, NULL);
}

/* POST /reserve/{reservationId}: email, action (update, purchase, cancel,
 * confirm), quantity (for update), key (for confirm). */
static void
change_cb (SoupServerMessage *msg,
           GHashTable        *params,
           gpointer           user_data)
{
  EwsServer        *server = user_data;
  EwsStorage       *storage = ews_server_get_storage (server);
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  const char       *reservation_id = g_hash_table_lookup (params, "reservationId");
  g_autofree char  *path = ews_guest_path ("/reserve/", reservation_id, NULL);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(EwsReservation) reservation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *error_message = NULL;
  ChangeAttempt    attempt = { 0 };
  const char      *action;
  const char      *done = NULL;
  gint64           quantity = 0;
  guint            status;

  if (!ews_guest_check_ready (msg, server))
    return;

  form = ews_guest_read_form (msg, server, path, path);
  if (form == NULL)
    return;

  attempt.email = ews_guest_form_get (form, "email");
  attempt.quantity = ews_guest_form_get (form, "quantity");
  action = ews_guest_form_get (form, "action");

  if (g_strcmp0 (action, "confirm") == 0)
    {
      /* The same step as the JSON API's. */
      attempt.key = ews_guest_form_get (form, "key");
      if (ews_reservation_service_confirm (storage, reservation_id, attempt.email, attempt.key, &error))
        done = "confirmed";
    }
  else if ((reservation = ews_reservation_service_load_for_guest (storage, reservation_id, attempt.email,
                                                                  &error)) != NULL)
    {
      if (g_strcmp0 (action, "purchase") == 0)
        {
          g_autofree char *mailbox = ews_rate_limit_mailbox (reservation->email);

          /* It mails the guest: limited as reserving is. */
          if (!ews_guest_check_rate (msg, server, EWS_RATE_GUEST, NULL, path) ||
              !ews_guest_check_rate (msg, server, EWS_RATE_GUEST_MAIL, mailbox, path))
            return;

          if (ews_reservation_service_purchase (server, catalog, reservation, &error))
            done = "purchased";
        }
      else if (g_strcmp0 (action, "cancel") == 0)
        {
          if (ews_storage_reservation_cancel (storage, reservation->reservation_id, &error))
            done = "cancelled";
        }
      else if (g_strcmp0 (action, "update") == 0)
        {
          if (!ews_guest_parse_quantity (attempt.quantity, &quantity))
            g_set_error_literal (&error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                                 ews_tr (catalog, "Choose how many: a whole number, at least 1. "
                                                  "To reserve none, cancel the reservation."));
          else if (ews_storage_reservation_set_quantity (storage, reservation->reservation_id,
                                                         quantity, &error))
            done = "updated";
        }
      else
        {
          g_set_error_literal (&error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                               ews_tr (catalog, "Choose what to do with the reservation."));
        }
    }

  if (done == NULL)
    {
      status = ews_guest_status_for_error (error);
      if (status >= 500 || status == SOUP_STATUS_NOT_FOUND)
        {
          ews_guest_reply_storage_failure (msg, server, error, ews_tr (catalog, "Reservation not found"),
                                           ews_tr (catalog, "There is no reservation at this address."));
          return;
        }

      attempt.error = error_message = ews_guest_dup_error_message (catalog, error);
      reply_reservation_page (msg, server, reservation_id, status, &attempt);
      return;
    }

  location = ews_guest_url (server, "/reserve/", reservation_id, "?done=", done, NULL);
  ews_html_redirect (msg, location);
}

void
ews_guest_reservation_page_register (EwsServer *server)
{
  EwsRouter *router = ews_server_get_router (server);

  ews_router_add (router, "GET", "/reserve/{reservationId}", reservation_page_cb, server);
  ews_router_add (router, "POST", "/reserve/{reservationId}", change_cb, server);
}
