/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-rate-limit"

#include "config.h"

#include "ews-metrics.h"
#include "ews-rate-limit.h"
#include "ews-request.h"

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ews-rate-limit-error-quark, ews_rate_limit_error)
/* clang-format on */

#define HOUR (60 * 60)
#define DAY (24 * HOUR)

/* Each kind's key prefix, where its capacity comes from (a field of
 * EwsConfig, or a fixed number when the offset is -1) and its period. */
static const struct
{
  EwsRateKind kind;
  const char *prefix;
  gssize      config_offset;
  guint       fixed_capacity;
  guint       period_seconds;
} kinds[] = {
  { EWS_RATE_SIGN_IN, "sign-in", G_STRUCT_OFFSET (EwsConfig, rate_sign_in), 0, HOUR },
  { EWS_RATE_SIGN_IN_ACCOUNT, "sign-in-account", G_STRUCT_OFFSET (EwsConfig, rate_sign_in_account), 0, HOUR },
  { EWS_RATE_SIGN_UP, "sign-up", G_STRUCT_OFFSET (EwsConfig, rate_sign_up), 0, HOUR },
  { EWS_RATE_CODE_REQUEST, "code-request", G_STRUCT_OFFSET (EwsConfig, rate_code_requests), 0, HOUR },
  { EWS_RATE_CODE_GUESS, "code-guess", G_STRUCT_OFFSET (EwsConfig, rate_code_guesses), 0, HOUR },
  /* A code lives a day at most; a new one refills the bucket. */
  { EWS_RATE_CODE_GUESS_ADDRESS, "code-guess-address", -1, EWS_RATE_CODE_GUESSES, DAY },
  { EWS_RATE_ACCOUNT_MAIL, "account-mail", G_STRUCT_OFFSET (EwsConfig, rate_account_mails), 0, HOUR },
  { EWS_RATE_CONTACT, "contact", G_STRUCT_OFFSET (EwsConfig, rate_contact), 0, HOUR },
  { EWS_RATE_CONTACT_SENDER, "contact-sender", G_STRUCT_OFFSET (EwsConfig, rate_contact), 0, HOUR },
  { EWS_RATE_GUEST, "guest", G_STRUCT_OFFSET (EwsConfig, rate_guest), 0, HOUR },
  { EWS_RATE_GUEST_MAIL, "guest-mail", G_STRUCT_OFFSET (EwsConfig, rate_guest_mails), 0, HOUR },
};

static guint
find_kind (EwsRateKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (kinds[i].kind == kind)
        return i;
    }

  g_assert_not_reached ();
}

/* A line break is in no address or e-mail key. */
static char *
bucket_key (guint       index,
            const char *subject)
{
  return g_strconcat (kinds[index].prefix, "\n", subject != NULL ? subject : "", NULL);
}

gboolean
ews_rate_limit_take (EwsServer  *server,
                     EwsRateKind kind,
                     const char *subject,
                     gint64     *retry_after_s,
                     GError    **error)
{
  const EwsConfig *config = ews_server_get_config (server);
  guint            index = find_kind (kind);
  guint            capacity = kinds[index].config_offset >= 0
                                ? G_STRUCT_MEMBER (guint, config, kinds[index].config_offset)
                                : kinds[index].fixed_capacity;
  g_autofree char *key = NULL;
  gint64           retry_after_ms = 0;

  g_return_val_if_fail (retry_after_s != NULL, FALSE);

  *retry_after_s = 0;
  if (capacity == 0)
    return TRUE;

  key = bucket_key (index, subject);
  if (!ews_storage_rate_take (ews_server_get_storage (server), key, capacity, kinds[index].period_seconds,
                              ews_clock_get_unix_milliseconds (ews_server_get_clock (server)), &retry_after_ms, error))
    return FALSE;

  if (retry_after_ms == 0)
    return TRUE;

  ews_metrics_count_rate_refusal (ews_server_get_metrics (server), kind);

  *retry_after_s = MAX (1, (retry_after_ms + 999) / 1000);
  g_set_error (error, EWS_RATE_LIMIT_ERROR, EWS_RATE_LIMIT_ERROR_EXCEEDED,
               "Too many requests: try again in %" G_GINT64_FORMAT " seconds.", *retry_after_s);
  return FALSE;
}

gboolean
ews_rate_limit_reset (EwsServer  *server,
                      EwsRateKind kind,
                      const char *subject,
                      GError    **error)
{
  g_autofree char *key = bucket_key (find_kind (kind), subject);

  return ews_storage_rate_reset (ews_server_get_storage (server), key, error);
}

char *
ews_rate_limit_mailbox (const char *email)
{
  g_autofree char *normalized = ewe_email_normalize (email != NULL ? email : "");
  g_autoptr(GString) local = NULL;
  char       *at = strrchr (normalized, '@');
  const char *domain;
  char       *plus;

  if (at == NULL)
    return g_steal_pointer (&normalized);

  *at = '\0';
  domain = at + 1;
  plus = strchr (normalized, '+');
  if (plus != NULL && plus != normalized)
    *plus = '\0';

  local = g_string_new (normalized);
  if (strcmp (domain, "gmail.com") == 0)
    g_string_replace (local, ".", "", 0);

  return g_strconcat (local->str, "@", domain, NULL);
}
