/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-srp"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <gmp.h>
#include <string.h>
#include <sys/random.h>

#include "ewe-srp.h"

#define SECRET_BYTES 128 /* as amazon-cognito-identity-js draws its a */
#define COGNITO_KEY_BYTES 16
#define COGNITO_KEY_INFO "Caldera Derived Key"

/* RFC 5054 Appendix A: the 3072-bit prime Cognito uses, and the 1024-bit one
 * of the RFC's test vectors. */
static const char cognito_prime[] =
  "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
  "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
  "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
  "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
  "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
  "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
  "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
  "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
  "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
  "DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
  "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
  "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
  "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B"
  "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
  "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
  "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

static const char rfc5054_1024_prime[] =
  "EEAF0AB9ADB38DD69C33F80AFA8FC5E86072618775FF3C0B9EA2314C"
  "9C256576D674DF7496EA81D3383B4813D692C6E0E0D5D8E250B98BE4"
  "8E495C1D6089DAD15DC7D7B46154D6B6CE8EF4AD69B15D4982559B29"
  "7BCF1885C529F566660E57EC68EDBC3C05726CC02FD4CBF4976EAA9A"
  "FD5138FE8376435B9FC61D2FC0EB06E3";

G_DEFINE_QUARK (ewe - srp - error - quark, ewe_srp_error)

typedef struct
{
  mpz_t         prime;
  mpz_t         generator;
  GChecksumType hash;
  /* Cognito writes a number with as many bytes as it needs, plus a zero
   * byte when the top bit is set; RFC 5054 pads to the prime's length. */
  gboolean      pad_to_prime;
} Group;

static const Group *
group_get (EweSrpGroup which)
{
  static Group groups[2];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      mpz_init_set_str (groups[EWE_SRP_GROUP_COGNITO].prime, cognito_prime, 16);
      mpz_init_set_ui (groups[EWE_SRP_GROUP_COGNITO].generator, 2);
      groups[EWE_SRP_GROUP_COGNITO].hash = G_CHECKSUM_SHA256;
      groups[EWE_SRP_GROUP_COGNITO].pad_to_prime = FALSE;

      mpz_init_set_str (groups[EWE_SRP_GROUP_RFC5054_1024].prime, rfc5054_1024_prime, 16);
      mpz_init_set_ui (groups[EWE_SRP_GROUP_RFC5054_1024].generator, 2);
      groups[EWE_SRP_GROUP_RFC5054_1024].hash = G_CHECKSUM_SHA1;
      groups[EWE_SRP_GROUP_RFC5054_1024].pad_to_prime = TRUE;

      g_once_init_leave (&initialized, 1);
    }

  g_return_val_if_fail (which == EWE_SRP_GROUP_COGNITO || which == EWE_SRP_GROUP_RFC5054_1024, NULL);
  return &groups[which];
}

/* A number that owns its limbs, for g_auto(). */
typedef struct
{
  mpz_t value;
} Number;

static void
number_clear (Number *number)
{
  mpz_clear (number->value);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Number, number_clear)

#define NUMBER_INIT(n) mpz_init ((n).value)

/* Only [0-9a-fA-F]: GMP would also skip spaces, which no peer sends. */
static gboolean
parse_hex (mpz_t       out,
           const char *text,
           const char *what,
           GError    **error)
{
  gsize length = text != NULL ? strlen (text) : 0;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isxdigit (text[i]))
        {
          length = 0;
          break;
        }
    }

  if (length == 0 || mpz_set_str (out, text, 16) != 0)
    {
      g_set_error (error, EWE_SRP_ERROR, EWE_SRP_ERROR_INVALID,
                   _("The sign-in service sent a malformed value (%s); try again"), what);
      return FALSE;
    }

  return TRUE;
}

static char *
to_hex (const mpz_t value)
{
  return mpz_get_str (NULL, 16, value);
}

/* The bytes a number is hashed as (see Group.pad_to_prime). */
static GBytes *
encode (const Group *group,
        const mpz_t  value)
{
  gsize               prime_length = (mpz_sizeinbase (group->prime, 2) + 7) / 8;
  gsize               count = 0;
  g_autofree guint8  *raw = mpz_export (NULL, &count, 1, 1, 1, 0, value);
  GByteArray         *bytes = g_byte_array_new ();
  static const guint8 zero = 0;

  if (group->pad_to_prime)
    {
      for (gsize i = count; i < prime_length; i++)
        g_byte_array_append (bytes, &zero, 1);
    }
  else if (count == 0 || (raw[0] & 0x80) != 0)
    {
      g_byte_array_append (bytes, &zero, 1);
    }

  if (count > 0)
    g_byte_array_append (bytes, raw, count);

  return g_byte_array_free_to_bytes (bytes);
}

static void
checksum_update_bytes (GChecksum *checksum,
                       GBytes    *bytes)
{
  gsize         length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_checksum_update (checksum, data, length);
}

static void
checksum_result (GChecksum *checksum,
                 mpz_t      out)
{
  guint8 digest[32];
  gsize  length = sizeof digest;

  g_checksum_get_digest (checksum, digest, &length);
  mpz_import (out, length, 1, 1, 1, 0, digest);
}

/* H(enc(a) | enc(b)) */
static void
hash_pair (const Group *group,
           const mpz_t  a,
           const mpz_t  b,
           mpz_t        out)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (group->hash);
  g_autoptr(GBytes) first = encode (group, a);
  g_autoptr(GBytes) second = encode (group, b);

  checksum_update_bytes (checksum, first);
  checksum_update_bytes (checksum, second);
  checksum_result (checksum, out);
}

char *
ewe_srp_new_secret (GError **error)
{
  guint8 random[SECRET_BYTES];
  gsize  done = 0;
  g_auto(Number) secret;

  while (done < sizeof random)
    {
      ssize_t got = getrandom (random + done, sizeof random - done, 0);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved_errno = errno;

          g_set_error (error, EWE_SRP_ERROR, EWE_SRP_ERROR_INVALID,
                       _("Could not draw random numbers to sign in with (%s)"), g_strerror (saved_errno));
          return NULL;
        }
      done += (gsize)got;
    }

  NUMBER_INIT (secret);
  mpz_import (secret.value, sizeof random, 1, 1, 1, 0, random);
  memset (random, 0, sizeof random);
  /* A zero would make A or B one; at odds of 2^-1024, one line rules it out. */
  if (mpz_sgn (secret.value) == 0)
    mpz_set_ui (secret.value, 1);

  return to_hex (secret.value);
}

static void
multiplier (const Group *group,
            mpz_t        out)
{
  hash_pair (group, group->prime, group->generator, out);
}

char *
ewe_srp_multiplier (EweSrpGroup which)
{
  const Group *group = group_get (which);
  g_auto(Number) k;

  NUMBER_INIT (k);
  multiplier (group, k.value);
  return to_hex (k.value);
}

char *
ewe_srp_scrambler (EweSrpGroup which,
                   const char *client_public,
                   const char *server_public,
                   GError    **error)
{
  const Group *group = group_get (which);
  g_auto(Number) a;
  g_auto(Number) b;
  g_auto(Number) u;

  NUMBER_INIT (a);
  NUMBER_INIT (b);
  NUMBER_INIT (u);
  if (!parse_hex (a.value, client_public, "SRP_A", error) ||
      !parse_hex (b.value, server_public, "SRP_B", error))
    return NULL;

  hash_pair (group, a.value, b.value, u.value);
  return to_hex (u.value);
}

char *
ewe_srp_private_key (EweSrpGroup which,
                     const char *salt,
                     const char *identity,
                     const char *password,
                     GError    **error)
{
  const Group *group = group_get (which);
  g_autoptr(GChecksum) inner = g_checksum_new (group->hash);
  g_autoptr(GChecksum) outer = g_checksum_new (group->hash);
  g_autoptr(GBytes) salt_bytes = NULL;
  guint8 digest[32];
  gsize  digest_length = sizeof digest;
  g_auto(Number) s;
  g_auto(Number) x;

  NUMBER_INIT (s);
  NUMBER_INIT (x);
  if (!parse_hex (s.value, salt, "SALT", error))
    return NULL;

  g_checksum_update (inner, (const guchar *)identity, -1);
  g_checksum_update (inner, (const guchar *)":", 1);
  g_checksum_update (inner, (const guchar *)password, -1);
  g_checksum_get_digest (inner, digest, &digest_length);

  if (group->pad_to_prime)
    {
      /* RFC 5054 hashes the salt as the bytes it is, leading zeros and all. */
      gsize              salt_length = strlen (salt) / 2;
      gsize              count = 0;
      g_autofree guint8 *raw = mpz_export (NULL, &count, 1, 1, 1, 0, s.value);
      g_autofree guint8 *padded = g_malloc0 (MAX (salt_length, count));

      memcpy (padded + MAX (salt_length, count) - count, raw, count);
      salt_bytes = g_bytes_new (padded, MAX (salt_length, count));
    }
  else
    {
      salt_bytes = encode (group, s.value);
    }

  checksum_update_bytes (outer, salt_bytes);
  g_checksum_update (outer, digest, digest_length);
  checksum_result (outer, x.value);
  memset (digest, 0, sizeof digest);

  return to_hex (x.value);
}

/* g^exponent mod N, in time that does not depend on the exponent. */
static void
power_of_generator (const Group *group,
                    const mpz_t  exponent,
                    mpz_t        out)
{
  if (mpz_sgn (exponent) == 0)
    mpz_set_ui (out, 1);
  else
    mpz_powm_sec (out, group->generator, exponent, group->prime);
}

static char *
generator_power_hex (EweSrpGroup which,
                     const char *exponent_hex,
                     const char *what,
                     GError    **error)
{
  const Group *group = group_get (which);
  g_auto(Number) exponent;
  g_auto(Number) result;

  NUMBER_INIT (exponent);
  NUMBER_INIT (result);
  if (!parse_hex (exponent.value, exponent_hex, what, error))
    return NULL;

  power_of_generator (group, exponent.value, result.value);
  return to_hex (result.value);
}

char *
ewe_srp_verifier (EweSrpGroup which,
                  const char *private_key,
                  GError    **error)
{
  return generator_power_hex (which, private_key, "x", error);
}

char *
ewe_srp_client_public (EweSrpGroup which,
                       const char *client_secret,
                       GError    **error)
{
  return generator_power_hex (which, client_secret, "a", error);
}

char *
ewe_srp_server_public (EweSrpGroup which,
                       const char *server_secret,
                       const char *verifier,
                       GError    **error)
{
  const Group *group = group_get (which);
  g_auto(Number) b;
  g_auto(Number) v;
  g_auto(Number) k;
  g_auto(Number) result;

  NUMBER_INIT (b);
  NUMBER_INIT (v);
  NUMBER_INIT (k);
  NUMBER_INIT (result);
  if (!parse_hex (b.value, server_secret, "b", error) ||
      !parse_hex (v.value, verifier, "v", error))
    return NULL;

  multiplier (group, k.value);
  power_of_generator (group, b.value, result.value);
  mpz_addmul (result.value, k.value, v.value);
  mpz_mod (result.value, result.value, group->prime);

  return to_hex (result.value);
}

static gboolean
check_public (const Group *group,
              const mpz_t  value,
              const char  *what,
              GError     **error)
{
  g_auto(Number) reduced;

  NUMBER_INIT (reduced);
  mpz_mod (reduced.value, value, group->prime);
  if (mpz_sgn (reduced.value) == 0)
    {
      g_set_error (error, EWE_SRP_ERROR, EWE_SRP_ERROR_INVALID,
                   _("The sign-in service sent a value SRP forbids (%s); try again"), what);
      return FALSE;
    }

  return TRUE;
}

static gboolean
scrambler_checked (const Group *group,
                   const mpz_t  a,
                   const mpz_t  b,
                   mpz_t        u,
                   GError     **error)
{
  hash_pair (group, a, b, u);
  if (mpz_sgn (u) == 0)
    {
      g_set_error (error, EWE_SRP_ERROR, EWE_SRP_ERROR_INVALID,
                   _("The sign-in service sent a value SRP forbids (%s); try again"), "u");
      return FALSE;
    }

  return TRUE;
}

char *
ewe_srp_client_premaster (EweSrpGroup which,
                          const char *client_secret,
                          const char *client_public,
                          const char *server_public,
                          const char *private_key,
                          GError    **error)
{
  const Group *group = group_get (which);
  g_auto(Number) a;
  g_auto(Number) big_a;
  g_auto(Number) big_b;
  g_auto(Number) x;
  g_auto(Number) u;
  g_auto(Number) k;
  g_auto(Number) base;
  g_auto(Number) exponent;
  g_auto(Number) result;

  NUMBER_INIT (a);
  NUMBER_INIT (big_a);
  NUMBER_INIT (big_b);
  NUMBER_INIT (x);
  NUMBER_INIT (u);
  NUMBER_INIT (k);
  NUMBER_INIT (base);
  NUMBER_INIT (exponent);
  NUMBER_INIT (result);
  if (!parse_hex (a.value, client_secret, "a", error) ||
      !parse_hex (big_a.value, client_public, "SRP_A", error) ||
      !parse_hex (big_b.value, server_public, "SRP_B", error) ||
      !parse_hex (x.value, private_key, "x", error) ||
      !check_public (group, big_b.value, "SRP_B", error) ||
      !scrambler_checked (group, big_a.value, big_b.value, u.value, error))
    return NULL;

  /* base = (B - k g^x) mod N, exponent = a + u x */
  multiplier (group, k.value);
  power_of_generator (group, x.value, base.value);
  mpz_mul (base.value, base.value, k.value);
  mpz_sub (base.value, big_b.value, base.value);
  mpz_mod (base.value, base.value, group->prime);
  mpz_set (exponent.value, a.value);
  mpz_addmul (exponent.value, u.value, x.value);

  if (mpz_sgn (base.value) == 0)
    mpz_set_ui (result.value, 0);
  else
    mpz_powm_sec (result.value, base.value, exponent.value, group->prime);

  return to_hex (result.value);
}

char *
ewe_srp_server_premaster (EweSrpGroup which,
                          const char *server_secret,
                          const char *client_public,
                          const char *server_public,
                          const char *verifier,
                          GError    **error)
{
  const Group *group = group_get (which);
  g_auto(Number) b;
  g_auto(Number) big_a;
  g_auto(Number) big_b;
  g_auto(Number) v;
  g_auto(Number) u;
  g_auto(Number) base;
  g_auto(Number) result;

  NUMBER_INIT (b);
  NUMBER_INIT (big_a);
  NUMBER_INIT (big_b);
  NUMBER_INIT (v);
  NUMBER_INIT (u);
  NUMBER_INIT (base);
  NUMBER_INIT (result);
  if (!parse_hex (b.value, server_secret, "b", error) ||
      !parse_hex (big_a.value, client_public, "SRP_A", error) ||
      !parse_hex (big_b.value, server_public, "SRP_B", error) ||
      !parse_hex (v.value, verifier, "v", error) ||
      !check_public (group, big_a.value, "SRP_A", error) ||
      !scrambler_checked (group, big_a.value, big_b.value, u.value, error))
    return NULL;

  /* base = A v^u mod N; neither A nor u is secret, so plain mpz_powm. */
  mpz_powm (base.value, v.value, u.value, group->prime);
  mpz_mul (base.value, base.value, big_a.value);
  mpz_mod (base.value, base.value, group->prime);
  if (mpz_sgn (base.value) == 0 || mpz_sgn (b.value) == 0)
    mpz_set_ui (result.value, 0);
  else
    mpz_powm_sec (result.value, base.value, b.value, group->prime);

  return to_hex (result.value);
}

static GBytes *
hmac_sha256 (const guint8 *key,
             gsize         key_length,
             const guint8 *data,
             gsize         data_length)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  guint8 digest[32];
  gsize  length = sizeof digest;

  g_hmac_update (hmac, data, data_length);
  g_hmac_get_digest (hmac, digest, &length);
  return g_bytes_new (digest, length);
}

GBytes *
ewe_srp_cognito_key (const char *premaster,
                     const char *scrambler,
                     GError    **error)
{
  const Group        *group = group_get (EWE_SRP_GROUP_COGNITO);
  static const guint8 info[] = COGNITO_KEY_INFO "\x01";
  g_autoptr(GBytes) ikm = NULL;
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(GBytes) prk = NULL;
  g_autoptr(GBytes) okm = NULL;
  g_auto(Number) s;
  g_auto(Number) u;

  NUMBER_INIT (s);
  NUMBER_INIT (u);
  if (!parse_hex (s.value, premaster, "S", error) ||
      !parse_hex (u.value, scrambler, "u", error))
    return NULL;

  ikm = encode (group, s.value);
  salt = encode (group, u.value);

  /* HKDF-SHA256 (RFC 5869) with one block of output, cut to 16 bytes. */
  prk = hmac_sha256 (g_bytes_get_data (salt, NULL), g_bytes_get_size (salt),
                     g_bytes_get_data (ikm, NULL), g_bytes_get_size (ikm));
  okm = hmac_sha256 (g_bytes_get_data (prk, NULL), g_bytes_get_size (prk),
                     info, sizeof info - 1);

  return g_bytes_new_from_bytes (okm, 0, COGNITO_KEY_BYTES);
}

char *
ewe_srp_cognito_signature (GBytes     *key,
                           const char *pool_name,
                           const char *user_id,
                           GBytes     *secret_block,
                           const char *timestamp)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8        digest[32];
  gsize         length = sizeof digest;
  gsize         key_length = 0;
  const guint8 *key_data = g_bytes_get_data (key, &key_length);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, key_data, key_length);
  g_hmac_update (hmac, (const guchar *)pool_name, -1);
  g_hmac_update (hmac, (const guchar *)user_id, -1);
  g_hmac_update (hmac, g_bytes_get_data (secret_block, NULL), g_bytes_get_size (secret_block));
  g_hmac_update (hmac, (const guchar *)timestamp, -1);
  g_hmac_get_digest (hmac, digest, &length);

  return g_base64_encode (digest, length);
}

char *
ewe_srp_cognito_timestamp (GDateTime *time)
{
  /* Not strftime's %a and %b: those follow the locale, and Cognito wants
   * English whatever the user reads. */
  static const char * const weekdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_strdup_printf ("%s %s %d %02d:%02d:%02d UTC %d",
                          weekdays[g_date_time_get_day_of_week (utc) - 1],
                          months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc),
                          g_date_time_get_year (utc));
}

char *
ewe_srp_pool_name (const char *user_pool_id)
{
  const char *underscore = strchr (user_pool_id, '_');

  return g_strdup (underscore != NULL ? underscore + 1 : user_pool_id);
}
