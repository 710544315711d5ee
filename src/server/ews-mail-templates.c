/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-mail-templates"

#include "config.h"

#include "ews-mail-templates.h"

/* Each template writes the plain-text and the HTML part side by side, so the
 * two always say the same thing. Every user-supplied value goes into the HTML
 * through g_markup_printf_escaped() and nowhere else. */

typedef struct
{
  const EwsCatalog *catalog;
  GString          *text;
  GString          *html;
} MailBuilder;

/* GMarkup escapes ' as &apos;, which HTML 4 (and so some mail clients) does
 * not know. The replacement is safe: an &apos; typed by a user has already
 * become &amp;apos;. */
static void
append_html (GString    *html,
             const char *escaped)
{
  g_autoptr(GString) fixed = g_string_new (escaped);

  g_string_replace (fixed, "&apos;", "&#39;", 0);
  g_string_append (html, fixed->str);
}

static void
builder_init (MailBuilder      *b,
              const EwsCatalog *catalog)
{
  b->catalog = catalog;
  b->text = g_string_new (NULL);
  /* The language, for screen readers and for mail programs that offer to
   * translate. */
  b->html = g_string_new (NULL);
  g_string_append_printf (b->html, "<!DOCTYPE html>\n<html lang=\"%s\">",
                          catalog != NULL ? ews_catalog_get_language (catalog) : "en");
  g_string_append (b->html, "<head><meta charset=\"utf-8\">"
                            "<meta name=\"viewport\" content=\"width=device-width\"></head>\n"
                            "<body style=\"margin:0;padding:24px;background:#f6f5f4;"
                            "font-family:Cantarell,'Segoe UI',Roboto,sans-serif;color:#241f31\">\n"
                            "<div style=\"max-width:560px;margin:0 auto;background:#ffffff;"
                            "border-radius:12px;padding:24px\">\n");
}

static EwsMailContent *
builder_end (MailBuilder *b,
             const char  *subject)
{
  EwsMailContent *content = g_new0 (EwsMailContent, 1);

  g_string_append (b->text, "\n-- \nEwelists\n");
  g_string_append (b->html, "<p style=\"color:#77767b;font-size:small\">Ewelists</p>\n"
                            "</div>\n</body></html>\n");

  content->subject = g_strdup (subject);
  content->text = g_string_free (g_steal_pointer (&b->text), FALSE);
  content->html = g_string_free (g_steal_pointer (&b->html), FALSE);

  return content;
}

static void paragraph (MailBuilder *b,
                       const char  *format,
                       ...) G_GNUC_PRINTF (2, 3);

static void
paragraph (MailBuilder *b,
           const char  *format,
           ...)
{
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  va_list          args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  va_start (args, format);
  html = g_markup_vprintf_escaped (format, args);
  va_end (args);

  g_string_append_printf (b->text, "%s\n\n", text);
  g_string_append (b->html, "<p style=\"line-height:1.5\">");
  append_html (b->html, html);
  g_string_append (b->html, "</p>\n");
}

static void
greeting (MailBuilder *b,
          const char  *name)
{
  if (name != NULL && name[0] != '\0')
    paragraph (b, ews_tr (b->catalog, "Hello %s,"), name);
  else
    paragraph (b, "%s", ews_tr (b->catalog, "Hello,"));
}

static void
code_block (MailBuilder *b,
            const char  *code)
{
  g_autofree char *html = g_markup_printf_escaped (
    "<p style=\"font-size:28px;font-weight:bold;letter-spacing:6px;"
    "font-family:monospace;margin:24px 0\">%s</p>\n",
    code);

  g_string_append_printf (b->text, "    %s\n\n", code);
  append_html (b->html, html);
}

static void
button (MailBuilder *b,
        const char  *label,
        const char  *url)
{
  /* Translators: under a button in a mail, for mail programs that show
   * no buttons; %s is the button's web address. */
  g_autofree char *or_open = g_strdup_printf (ews_tr (b->catalog, "Or open this address: %s"), url);
  g_autofree char *html = g_markup_printf_escaped (
    "<p style=\"margin:24px 0\"><a href=\"%s\" style=\"background:#3584e4;color:#ffffff;"
    "padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:bold\">%s</a></p>\n"
    "<p style=\"font-size:small;color:#77767b\">%s</p>\n",
    url, label, or_open);

  g_string_append_printf (b->text, "%s:\n%s\n\n", label, url);
  append_html (b->html, html);
}

static char *
base_url (const char *public_url)
{
  g_autofree char *url = g_strdup (public_url != NULL ? public_url : "");
  gsize            length = strlen (url);

  while (length > 0 && url[length - 1] == '/')
    url[--length] = '\0';

  return g_steal_pointer (&url);
}

char *
ews_mail_reservation_url (const char *public_url,
                          const char *reservation_id,
                          const char *confirm_key)
{
  g_autofree char *base = base_url (public_url);
  g_autofree char *segment = g_uri_escape_string (reservation_id, NULL, FALSE);
  g_autofree char *key = NULL;

  if (confirm_key == NULL)
    return g_strdup_printf ("%s/reserve/%s", base, segment);

  key = g_uri_escape_string (confirm_key, NULL, FALSE);
  return g_strdup_printf ("%s/reserve/%s?confirm=%s", base, segment, key);
}

static const char *
or_default (const char *value,
            const char *fallback)
{
  return value != NULL && value[0] != '\0' ? value : fallback;
}

EwsMailContent *
ews_mail_template_welcome (const EwsCatalog *catalog,
                           const char       *public_url,
                           const char       *name)
{
  g_autofree char *url = base_url (public_url);
  MailBuilder      b;

  builder_init (&b, catalog);
  greeting (&b, name);
  paragraph (&b, "%s", ews_tr (catalog, "Welcome to Ewelists! Your account is ready."));
  paragraph (&b, "%s",
             ews_tr (catalog, "Make a list for a birthday, a wedding, a new baby or Christmas, add gifts "
                              "from any shop, and share the link: friends reserve what they will give, and "
                              "the surprise stays a surprise."));
  if (url[0] != '\0')
    button (&b, ews_tr (catalog, "Open Ewelists"), url);
  paragraph (&b, "%s", ews_tr (catalog, "If you did not create this account, you can ignore this message."));

  return builder_end (&b, ews_tr (catalog, "Welcome to Ewelists"));
}

/* The sign-up API answers the same whether or not an address has an
 * account, so the one who can tell is told here, in their own mailbox. */
EwsMailContent *
ews_mail_template_sign_up_attempt (const EwsCatalog *catalog,
                                   const char       *public_url,
                                   const char       *name)
{
  g_autofree char *url = base_url (public_url);
  MailBuilder      b;

  builder_init (&b, catalog);
  greeting (&b, name);
  paragraph (&b, "%s",
             ews_tr (catalog, "Someone tried to sign up for Ewelists with your e-mail address, which already "
                              "has an account. No new account was made and nothing has changed."));
  paragraph (&b, "%s",
             ews_tr (catalog, "If it was you, sign in with your password instead. If you have forgotten it, "
                              "choose “Forgot password?” when you sign in to get a code to set a new one."));
  if (url[0] != '\0')
    button (&b, ews_tr (catalog, "Open Ewelists"), url);
  paragraph (&b, "%s",
             ews_tr (catalog, "If it was not you, you can ignore this message: nobody can sign up with your "
                              "address without reading your mail."));

  return builder_end (&b, ews_tr (catalog, "Someone tried to sign up with your address"));
}

EwsMailContent *
ews_mail_template_sign_up_code (const EwsCatalog *catalog,
                                const char       *name,
                                const char       *code)
{
  int         hours = EWS_SIGN_UP_CODE_LIFETIME_SECONDS / 3600;
  MailBuilder b;

  builder_init (&b, catalog);
  greeting (&b, name);
  paragraph (&b, "%s", ews_tr (catalog, "Enter this code in Ewelists to confirm your e-mail address:"));
  code_block (&b, code);
  paragraph (&b,
             ews_ntr (catalog,
                      "The code is valid for %d hour. If you did not sign up for Ewelists, "
                      "you can ignore this message.",
                      "The code is valid for %d hours. If you did not sign up for Ewelists, "
                      "you can ignore this message.",
                      hours),
             hours);

  return builder_end (&b, ews_tr (catalog, "Your Ewelists confirmation code"));
}

EwsMailContent *
ews_mail_template_password_reset_code (const EwsCatalog *catalog,
                                       const char       *name,
                                       const char       *code)
{
  int         hours = EWS_RESET_CODE_LIFETIME_SECONDS / 3600;
  MailBuilder b;

  builder_init (&b, catalog);
  greeting (&b, name);
  paragraph (&b, "%s",
             ews_tr (catalog, "Someone asked to reset the password of your Ewelists account. "
                              "Enter this code in Ewelists to choose a new password:"));
  code_block (&b, code);
  paragraph (&b,
             ews_ntr (catalog,
                      "The code is valid for %d hour. If you did not ask for this, you can ignore "
                      "this message: your password has not changed.",
                      "The code is valid for %d hours. If you did not ask for this, you can ignore "
                      "this message: your password has not changed.",
                      hours),
             hours);

  return builder_end (&b, ews_tr (catalog, "Reset your Ewelists password"));
}

EwsMailContent *
ews_mail_template_reservation_confirmation (const EwsCatalog *catalog,
                                            const char       *public_url,
                                            const char       *guest_name,
                                            const char       *list_title,
                                            const char       *gift_title,
                                            const char       *gift_notes,
                                            const char       *gift_price,
                                            guint             quantity,
                                            const char       *reservation_id,
                                            const char       *confirm_key)
{
  g_autofree char *url = ews_mail_reservation_url (public_url, reservation_id, confirm_key);
  g_autofree char *subject = NULL;
  const char      *list = or_default (list_title, ews_tr (catalog, "Gift list"));
  MailBuilder      b;

  builder_init (&b, catalog);
  greeting (&b, guest_name);
  /* Translators: "You reserved 2 × Teddy bear on the list “Lea’s birthday”." */
  paragraph (&b,
             ews_ntr (catalog, "You reserved %u × %s on the list “%s”.", "You reserved %u × %s on the list “%s”.",
                      quantity),
             quantity, or_default (gift_title, ews_tr (catalog, "a gift")), list);
  /* What the owner wrote beside the gift (a size, a colour) is what the
   * giver needs in the shop, where this mail is read. */
  if (gift_price != NULL && gift_price[0] != '\0')
    paragraph (&b, ews_tr (catalog, "Its price at the shop: %s."), gift_price);
  if (gift_notes != NULL && gift_notes[0] != '\0')
    paragraph (&b, ews_tr (catalog, "The list’s note on this gift: “%s”"), gift_notes);
  paragraph (&b, "%s",
             ews_tr (catalog, "Nobody else can reserve it now. Once you have bought it, mark it as bought; "
                              "if your plans change, cancel the reservation so that someone else can give it."));
  if (confirm_key != NULL)
    {
      paragraph (&b, "%s",
                 ews_tr (catalog, "Please open the link below and confirm that this reservation is yours. "
                                  "Until then it does not show in an Ewelists account with this address. "
                                  "If you did not reserve this gift, ignore this message."));
      button (&b, ews_tr (catalog, "Confirm your reservation"), url);
    }
  else
    {
      button (&b, ews_tr (catalog, "See your reservation"), url);
    }
  paragraph (&b, "%s", ews_tr (catalog, "Keep this message: the link is how you get back to your reservation."));

  subject = g_strdup_printf (ews_tr (catalog, "You reserved a gift on “%s”"), list);
  return builder_end (&b, subject);
}

EwsMailContent *
ews_mail_template_purchase_confirmation (const EwsCatalog *catalog,
                                         const char       *guest_name,
                                         const char       *list_title,
                                         const char       *gift_title,
                                         guint             quantity)
{
  g_autofree char *subject = NULL;
  const char      *list = or_default (list_title, ews_tr (catalog, "Gift list"));
  MailBuilder      b;

  builder_init (&b, catalog);
  greeting (&b, guest_name);
  /* Translators: "Thank you! You marked 1 × Teddy bear on the list “Lea’s birthday” as bought." */
  paragraph (&b,
             ews_ntr (catalog, "Thank you! You marked %u × %s on the list “%s” as bought.",
                      "Thank you! You marked %u × %s on the list “%s” as bought.", quantity),
             quantity, or_default (gift_title, ews_tr (catalog, "a gift")), list);

  subject = g_strdup_printf (ews_tr (catalog, "Thank you for your gift on “%s”"), list);
  return builder_end (&b, subject);
}

char *
ews_mail_invitation_url (const char *public_url,
                         const char *invitation_id,
                         const char *key)
{
  g_autofree char *base = base_url (public_url);
  g_autofree char *segment = g_uri_escape_string (invitation_id, NULL, FALSE);
  g_autofree char *escaped_key = g_uri_escape_string (key, NULL, FALSE);

  return g_strdup_printf ("%s/invitation/%s?key=%s", base, segment, escaped_key);
}

EwsMailContent *
ews_mail_template_coowner_invitation (const EwsCatalog *catalog,
                                      const char       *public_url,
                                      const char       *inviter_name,
                                      const char       *list_title,
                                      const char       *invitation_id,
                                      const char       *key)
{
  g_autofree char *url = ews_mail_invitation_url (public_url, invitation_id, key);
  g_autofree char *subject = NULL;
  const char      *list = or_default (list_title, ews_tr (catalog, "Gift list"));
  const char      *inviter = or_default (inviter_name, ews_tr (catalog, "Someone"));
  int              days = EWS_INVITATION_LIFETIME_DAYS;
  MailBuilder      b;

  builder_init (&b, catalog);
  greeting (&b, NULL);
  /* Translators: "Anna invited you to own the gift list “Our wedding” with them." */
  paragraph (&b, ews_tr (catalog, "%s invited you to own the gift list “%s” with them."), inviter, list);
  paragraph (&b, "%s",
             ews_tr (catalog, "As a co-owner you change the list and its gifts just as its creator does. Open "
                              "the link in Ewelists and sign in, or make an account, to accept."));
  button (&b, ews_tr (catalog, "Accept the invitation"), url);
  paragraph (&b,
             ews_ntr (catalog,
                      "The link works once, for %d day. If you do not know who sent it, you can ignore "
                      "this message.",
                      "The link works once, for %d days. If you do not know who sent it, you can ignore "
                      "this message.",
                      days),
             days);

  /* Translators: the subject of the invitation mail: "Anna invited you to own “Our wedding”". */
  subject = g_strdup_printf (ews_tr (catalog, "%s invited you to own “%s”"), inviter, list);
  return builder_end (&b, subject);
}

EwsMailContent *
ews_mail_template_link_confirmation (const EwsCatalog *catalog,
                                     const char       *name,
                                     const char       *provider,
                                     const char       *url)
{
  g_autofree char *subject = NULL;
  int              minutes = EWS_LINK_MAIL_LIFETIME_SECONDS / 60;
  MailBuilder      b;

  builder_init (&b, catalog);
  greeting (&b, name);
  /* Translators: %s is a sign-in provider, e.g. Google */
  paragraph (&b, ews_tr (catalog, "Someone, probably you, signed in with %s using your e-mail address and asked to "
                                  "link it to your Ewelists account. Once linked, it signs you in to this account."),
             provider);
  button (&b, ews_tr (catalog, "Link my account"), url);
  paragraph (&b,
             ews_ntr (catalog,
                      "The link works once, for %d minute. If it was not you, ignore this message: nothing "
                      "is linked without you.",
                      "The link works once, for %d minutes. If it was not you, ignore this message: nothing "
                      "is linked without you.",
                      minutes),
             minutes);

  /* Translators: the subject of the mail; %s is a sign-in provider, e.g. Google */
  subject = g_strdup_printf (ews_tr (catalog, "Link your Ewelists account to %s"), provider);
  return builder_end (&b, subject);
}

/* The operator reads this one, in the server's language: it quotes a
 * stranger's message and goes to --contact-email, not to an account. */
EwsMailContent *
ews_mail_template_contact (const char *sender_name,
                           const char *sender_email,
                           const char *message)
{
  g_autofree char *subject = NULL;
  MailBuilder      b;

  builder_init (&b, NULL);
  paragraph (&b, "A message from the contact form, from %s <%s>:",
             or_default (sender_name, "(no name)"), or_default (sender_email, "(no address)"));

  /* The message keeps its line breaks in both parts. */
  {
    g_autofree char *html = g_markup_printf_escaped (
      "<blockquote style=\"white-space:pre-wrap;border-left:3px solid #deddda;"
      "margin:0;padding-left:12px\">%s</blockquote>\n",
      or_default (message, ""));

    g_string_append_printf (b.text, "%s\n\n", or_default (message, ""));
    append_html (b.html, html);
  }
  paragraph (&b, "Reply to this e-mail to answer them.");

  subject = g_strdup_printf ("Contact form: message from %s", or_default (sender_name, "a visitor"));
  return builder_end (&b, subject);
}
