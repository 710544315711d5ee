/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-outbox-entry"

#include "config.h"

#include "ewe-outbox-entry.h"
#include "ewe-properties-private.h"

/* One edit waiting to be sent to the server, in the order it was made.
 * The idempotency key is chosen when the edit is made, so that a retry after
 * a lost answer is recognised by the server and applied only once. */
struct _EweOutboxEntry
{
  GObject       parent_instance;

  /* The request to send */
  EweOutboxKind kind;
  char         *list_id;
  char         *product_id;
  char         *payload;
  char         *idempotency_key;

  /* Bookkeeping */
  gint64        id;
  gint64        created;
  int           attempts;
  char         *last_error;
};

G_DEFINE_FINAL_TYPE (EweOutboxEntry, ewe_outbox_entry, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_LIST_ID,
  PROP_PRODUCT_ID,
  PROP_PAYLOAD,
  PROP_IDEMPOTENCY_KEY,
  PROP_CREATED,
  PROP_ATTEMPTS,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ewe_outbox_entry_finalize (GObject *object)
{
  EweOutboxEntry *self = (EweOutboxEntry *)object;

  g_clear_pointer (&self->list_id, g_free);
  g_clear_pointer (&self->product_id, g_free);
  g_clear_pointer (&self->payload, g_free);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (ewe_outbox_entry_parent_class)->finalize (object);
}

static void
ewe_outbox_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EweOutboxEntry *self = EWE_OUTBOX_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_LIST_ID:
      g_value_set_string (value, self->list_id);
      break;

    case PROP_PRODUCT_ID:
      g_value_set_string (value, self->product_id);
      break;

    case PROP_PAYLOAD:
      g_value_set_string (value, self->payload);
      break;

    case PROP_IDEMPOTENCY_KEY:
      g_value_set_string (value, self->idempotency_key);
      break;

    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;

    case PROP_ATTEMPTS:
      g_value_set_int (value, self->attempts);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_outbox_entry_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  EweOutboxEntry *self = EWE_OUTBOX_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      ewe_outbox_entry_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_KIND:
      ewe_outbox_entry_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_LIST_ID:
      ewe_outbox_entry_set_list_id (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT_ID:
      ewe_outbox_entry_set_product_id (self, g_value_get_string (value));
      break;

    case PROP_PAYLOAD:
      ewe_outbox_entry_set_payload (self, g_value_get_string (value));
      break;

    case PROP_IDEMPOTENCY_KEY:
      ewe_outbox_entry_set_idempotency_key (self, g_value_get_string (value));
      break;

    case PROP_CREATED:
      ewe_outbox_entry_set_created (self, g_value_get_int64 (value));
      break;

    case PROP_ATTEMPTS:
      ewe_outbox_entry_set_attempts (self, g_value_get_int (value));
      break;

    case PROP_LAST_ERROR:
      ewe_outbox_entry_set_last_error (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_outbox_entry_class_init (EweOutboxEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_outbox_entry_finalize;
  object_class->get_property = ewe_outbox_entry_get_property;
  object_class->set_property = ewe_outbox_entry_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, "The entry's position in the outbox",
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, "What to ask the server",
                       EWE_TYPE_OUTBOX_KIND, EWE_OUTBOX_KIND_CREATE_LIST,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_LIST_ID] =
    g_param_spec_string ("list-id", NULL, "The list the edit is about",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_ID] =
    g_param_spec_string ("product-id", NULL, "The product the edit is about, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PAYLOAD] =
    g_param_spec_string ("payload", NULL, "The JSON request body, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_IDEMPOTENCY_KEY] =
    g_param_spec_string ("idempotency-key", NULL, "The Idempotency-Key header to send",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, "When the edit was made, in microseconds since 1970",
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_ATTEMPTS] =
    g_param_spec_int ("attempts", NULL, "How many times sending it failed",
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, "Why the last attempt failed, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ewe_outbox_entry_init (EweOutboxEntry *self)
{
  self->kind = EWE_OUTBOX_KIND_CREATE_LIST;
}

EweOutboxEntry *
ewe_outbox_entry_new (void)
{
  return g_object_new (EWE_TYPE_OUTBOX_ENTRY, NULL);
}

/* A detached copy, for handing values to another thread or keeping a
 * snapshot: the copy is never the live object the store updates. */
EweOutboxEntry *
ewe_outbox_entry_copy (EweOutboxEntry *self)
{
  EweOutboxEntry *copy;

  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), NULL);

  copy = ewe_outbox_entry_new ();
  ewe_outbox_entry_update_from (copy, self);

  return copy;
}

/* Copies every value of @other into @self, notifying only what changed, so
 * that a widget bound to @self redraws only the fields that did change.
 * Returns whether anything changed. */
gboolean
ewe_outbox_entry_update_from (EweOutboxEntry *self,
                              EweOutboxEntry *other)
{
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), FALSE);
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (other), FALSE);

  return ewe_properties_update_from (G_OBJECT (self), G_OBJECT (other),
                                     properties, N_PROPS);
}

gint64
ewe_outbox_entry_get_id (EweOutboxEntry *self)
{
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), 0);

  return self->id;
}

void
ewe_outbox_entry_set_id (EweOutboxEntry *self,
                         gint64          id)
{
  g_return_if_fail (EWE_IS_OUTBOX_ENTRY (self));
  g_return_if_fail (id >= 0);

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

EweOutboxKind
ewe_outbox_entry_get_kind (EweOutboxEntry *self)
{
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), 0);

  return self->kind;
}

void
ewe_outbox_entry_set_kind (EweOutboxEntry *self,
                           EweOutboxKind   kind)
{
  g_return_if_fail (EWE_IS_OUTBOX_ENTRY (self));

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
ewe_outbox_entry_get_list_id (EweOutboxEntry *self)
{
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), NULL);

  return self->list_id;
}

void
ewe_outbox_entry_set_list_id (EweOutboxEntry *self,
                              const char     *list_id)
{
  g_return_if_fail (EWE_IS_OUTBOX_ENTRY (self));

  if (g_strcmp0 (self->list_id, list_id) == 0)
    return;

  g_free (self->list_id);
  self->list_id = g_strdup (list_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_ID]);
}

const char *
ewe_outbox_entry_get_product_id (EweOutboxEntry *self)
{
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), NULL);

  return self->product_id;
}

void
ewe_outbox_entry_set_product_id (EweOutboxEntry *self,
                                 const char     *product_id)
{
  g_return_if_fail (EWE_IS_OUTBOX_ENTRY (self));

  if (g_strcmp0 (self->product_id, product_id) == 0)
    return;

  g_free (self->product_id);
  self->product_id = g_strdup (product_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_ID]);
}

const char *
ewe_outbox_entry_get_payload (EweOutboxEntry *self)
{
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), NULL);

  return self->payload;
}

void
ewe_outbox_entry_set_payload (EweOutboxEntry *self,
                              const char     *payload)
{
  g_return_if_fail (EWE_IS_OUTBOX_ENTRY (self));

  if (g_strcmp0 (self->payload, payload) == 0)
    return;

  g_free (self->payload);
  self->payload = g_strdup (payload);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYLOAD]);
}

const char *
ewe_outbox_entry_get_idempotency_key (EweOutboxEntry *self)
{
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), NULL);

  return self->idempotency_key;
}

void
ewe_outbox_entry_set_idempotency_key (EweOutboxEntry *self,
                                      const char     *idempotency_key)
{
  g_return_if_fail (EWE_IS_OUTBOX_ENTRY (self));

  if (g_strcmp0 (self->idempotency_key, idempotency_key) == 0)
    return;

  g_free (self->idempotency_key);
  self->idempotency_key = g_strdup (idempotency_key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDEMPOTENCY_KEY]);
}

gint64
ewe_outbox_entry_get_created (EweOutboxEntry *self)
{
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), 0);

  return self->created;
}

void
ewe_outbox_entry_set_created (EweOutboxEntry *self,
                              gint64          created)
{
  g_return_if_fail (EWE_IS_OUTBOX_ENTRY (self));
  g_return_if_fail (created >= 0);

  if (self->created == created)
    return;

  self->created = created;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

int
ewe_outbox_entry_get_attempts (EweOutboxEntry *self)
{
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), 0);

  return self->attempts;
}

void
ewe_outbox_entry_set_attempts (EweOutboxEntry *self,
                               int             attempts)
{
  g_return_if_fail (EWE_IS_OUTBOX_ENTRY (self));
  g_return_if_fail (attempts >= 0);

  if (self->attempts == attempts)
    return;

  self->attempts = attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

const char *
ewe_outbox_entry_get_last_error (EweOutboxEntry *self)
{
  g_return_val_if_fail (EWE_IS_OUTBOX_ENTRY (self), NULL);

  return self->last_error;
}

void
ewe_outbox_entry_set_last_error (EweOutboxEntry *self,
                                 const char     *last_error)
{
  g_return_if_fail (EWE_IS_OUTBOX_ENTRY (self));

  if (g_strcmp0 (self->last_error, last_error) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (last_error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}
