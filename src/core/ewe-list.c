/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-list"

#include "config.h"

#include <string.h>

#include "ewe-export-format.h"
#include "ewe-list.h"

/* A gift list. Its id is the server's, or "local:<uuid>" for a draft the
 * server has not seen yet; when the server answers, the store rewrites the id
 * of this same object, so whoever holds it keeps it.
 *
 * The event date is kept exactly as the API writes it, "31 October 2018"
 * (the original web client's "DD MMMM YYYY", English month names), or NULL
 * when the list has none. Keeping the wire string means a date we cannot
 * parse survives a round trip untouched; ewe_list_dup_event_datetime() and
 * ewe_list_set_event_datetime() convert for widgets that want a calendar
 * date. */
struct _EweList
{
  GObject      parent_instance;

  /* What the owner wrote */
  char        *title;
  char        *description;
  char        *occasion;
  char        *event_date;
  char        *image_url;
  char        *currency; /* ISO 4217: what prices typed for it are in */

  /* Identity and state */
  char        *id;
  EweListState state;
  char        *owner;
  char        *owner_name; /* a friend's or a co-owned list: whose it is, for people */
  gboolean     coowned;    /* shared with this account by its creator */

  /* The reveal date: the owner's choice (NULL: the day after the event),
   * and the server's word on the day in effect and whether it has come */
  char        *reveal_date;
  char        *reveal_on;
  guint        revealed : 1;
  char        *archive_note; /* the owner's thank-you to guests, when archived */
  gboolean     archived;

  /* Kept by the store, not part of the API */
  guint        has_pending_changes : 1;
};

G_DEFINE_FINAL_TYPE (EweList, ewe_list, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_OCCASION,
  PROP_EVENT_DATE,
  PROP_IMAGE_URL,
  PROP_CURRENCY,
  PROP_STATE,
  PROP_OWNER,
  PROP_OWNER_NAME,
  PROP_COOWNED,
  PROP_ARCHIVED,
  PROP_ARCHIVE_NOTE,
  PROP_HAS_PENDING_CHANGES,
  PROP_REVEAL_ON,
  PROP_REVEALED,
  PROP_REVEAL_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ewe_list_finalize (GObject *object)
{
  EweList *self = (EweList *)object;

  g_clear_pointer (&self->reveal_on, g_free);
  g_clear_pointer (&self->reveal_date, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->occasion, g_free);
  g_clear_pointer (&self->event_date, g_free);
  g_clear_pointer (&self->image_url, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->owner_name, g_free);
  g_clear_pointer (&self->archive_note, g_free);

  G_OBJECT_CLASS (ewe_list_parent_class)->finalize (object);
}

static void
ewe_list_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  EweList *self = EWE_LIST (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_OCCASION:
      g_value_set_string (value, self->occasion);
      break;

    case PROP_EVENT_DATE:
      g_value_set_string (value, self->event_date);
      break;

    case PROP_IMAGE_URL:
      g_value_set_string (value, self->image_url);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;

    case PROP_OWNER_NAME:
      g_value_set_string (value, self->owner_name);
      break;

    case PROP_COOWNED:
      g_value_set_boolean (value, self->coowned);
      break;

    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;

    case PROP_ARCHIVE_NOTE:
      g_value_set_string (value, self->archive_note);
      break;

    case PROP_HAS_PENDING_CHANGES:
      g_value_set_boolean (value, self->has_pending_changes);
      break;

    case PROP_REVEAL_ON:
      g_value_set_string (value, self->reveal_on);
      break;

    case PROP_REVEAL_DATE:
      g_value_set_string (value, self->reveal_date);
      break;

    case PROP_REVEALED:
      g_value_set_boolean (value, self->revealed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_list_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  EweList *self = EWE_LIST (object);

  switch (prop_id)
    {
    case PROP_ID:
      ewe_list_set_id (self, g_value_get_string (value));
      break;

    case PROP_TITLE:
      ewe_list_set_title (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      ewe_list_set_description (self, g_value_get_string (value));
      break;

    case PROP_OCCASION:
      ewe_list_set_occasion (self, g_value_get_string (value));
      break;

    case PROP_EVENT_DATE:
      ewe_list_set_event_date (self, g_value_get_string (value));
      break;

    case PROP_IMAGE_URL:
      ewe_list_set_image_url (self, g_value_get_string (value));
      break;

    case PROP_CURRENCY:
      ewe_list_set_currency (self, g_value_get_string (value));
      break;

    case PROP_STATE:
      ewe_list_set_state (self, g_value_get_enum (value));
      break;

    case PROP_OWNER:
      ewe_list_set_owner (self, g_value_get_string (value));
      break;

    case PROP_OWNER_NAME:
      ewe_list_set_owner_name (self, g_value_get_string (value));
      break;

    case PROP_COOWNED:
      ewe_list_set_coowned (self, g_value_get_boolean (value));
      break;

    case PROP_REVEAL_ON:
      ewe_list_set_reveal_on (self, g_value_get_string (value));
      break;

    case PROP_REVEAL_DATE:
      ewe_list_set_reveal_date (self, g_value_get_string (value));
      break;

    case PROP_REVEALED:
      ewe_list_set_revealed (self, g_value_get_boolean (value));
      break;

    case PROP_ARCHIVED:
      ewe_list_set_archived (self, g_value_get_boolean (value));
      break;

    case PROP_ARCHIVE_NOTE:
      ewe_list_set_archive_note (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_list_class_init (EweListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_list_finalize;
  object_class->get_property = ewe_list_get_property;
  object_class->set_property = ewe_list_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, "The server's list id, or local:<uuid> for a draft",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, "The list's title",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, "What the list is for",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_OCCASION] =
    g_param_spec_string ("occasion", NULL, "The occasion, such as Birthday or Christmas",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_EVENT_DATE] =
    g_param_spec_string ("event-date", NULL, "The event's date as the API writes it, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_IMAGE_URL] =
    g_param_spec_string ("image-url", NULL, "The list's picture",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, "The list's ISO 4217 currency, or NULL for pounds",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, "Whether the list is open or closed",
                       EWE_TYPE_LIST_STATE, EWE_LIST_STATE_OPEN,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_OWNER] =
    g_param_spec_string ("owner", NULL, "The owner's user id",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* A shared list's answer names its owner as people know them; the
   * owner's own lists have no need of it. */
  properties[PROP_OWNER_NAME] =
    g_param_spec_string ("owner-name", NULL, "The owner's name, on a friend's list, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* One of the account's lists that its creator shares with it: the
   * account edits it like its own but neither deletes it nor removes its
   * other owners. */
  properties[PROP_COOWNED] =
    g_param_spec_boolean ("coowned", NULL, "Whether another account created this list and shares it",
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /* Archived after the event: read-only, apart from the everyday lists,
   * and closed to guests, who are shown the note. */
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, "Whether the list is archived",
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_ARCHIVE_NOTE] =
    g_param_spec_string ("archive-note", NULL, "The thank-you note guests see on an archived list, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* For "not synced yet" on a list's row: the store sets it while an
   * edit of the list waits in the outbox. */
  properties[PROP_HAS_PENDING_CHANGES] =
    g_param_spec_boolean ("has-pending-changes", NULL, "Whether edits of this list wait to be sent",
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_REVEAL_ON] =
    g_param_spec_string ("reveal-on", NULL, "The day the server shows the owner who gave what, YYYY-MM-DD",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_REVEAL_DATE] =
    g_param_spec_string ("reveal-date", NULL, "The reveal date the owner chose, YYYY-MM-DD, or NULL for the default",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, "Whether the server shows the owner who gave what",
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ewe_list_init (EweList *self)
{
  self->state = EWE_LIST_STATE_OPEN;
}

EweList *
ewe_list_new (void)
{
  return g_object_new (EWE_TYPE_LIST, NULL);
}

const char *
ewe_list_get_id (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->id;
}

void
ewe_list_set_id (EweList    *self,
                 const char *id)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
ewe_list_get_title (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->title;
}

void
ewe_list_set_title (EweList    *self,
                    const char *title)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
ewe_list_get_description (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->description;
}

void
ewe_list_set_description (EweList    *self,
                          const char *description)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
ewe_list_get_occasion (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->occasion;
}

void
ewe_list_set_occasion (EweList    *self,
                       const char *occasion)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (g_strcmp0 (self->occasion, occasion) == 0)
    return;

  g_free (self->occasion);
  self->occasion = g_strdup (occasion);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OCCASION]);
}

const char *
ewe_list_get_event_date (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->event_date;
}

void
ewe_list_set_event_date (EweList    *self,
                         const char *event_date)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (g_strcmp0 (self->event_date, event_date) == 0)
    return;

  g_free (self->event_date);
  self->event_date = g_strdup (event_date);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_DATE]);
}

const char *
ewe_list_get_image_url (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->image_url;
}

void
ewe_list_set_image_url (EweList    *self,
                        const char *image_url)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (g_strcmp0 (self->image_url, image_url) == 0)
    return;

  g_free (self->image_url);
  self->image_url = g_strdup (image_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_URL]);
}

EweListState
ewe_list_get_state (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), 0);

  return self->state;
}

void
ewe_list_set_state (EweList     *self,
                    EweListState state)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
ewe_list_get_owner (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->owner;
}

void
ewe_list_set_owner (EweList    *self,
                    const char *owner)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (g_strcmp0 (self->owner, owner) == 0)
    return;

  g_free (self->owner);
  self->owner = g_strdup (owner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER]);
}

const char *
ewe_list_get_owner_name (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->owner_name;
}

void
ewe_list_set_owner_name (EweList    *self,
                         const char *owner_name)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (owner_name != NULL && owner_name[0] == '\0')
    owner_name = NULL;
  if (g_strcmp0 (self->owner_name, owner_name) == 0)
    return;

  g_free (self->owner_name);
  self->owner_name = g_strdup (owner_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER_NAME]);
}

gboolean
ewe_list_get_coowned (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), FALSE);

  return self->coowned;
}

void
ewe_list_set_coowned (EweList *self,
                      gboolean coowned)
{
  g_return_if_fail (EWE_IS_LIST (self));

  coowned = !!coowned;
  if (self->coowned == coowned)
    return;

  self->coowned = coowned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COOWNED]);
}

gboolean
ewe_list_get_archived (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), FALSE);

  return self->archived;
}

void
ewe_list_set_archived (EweList *self,
                       gboolean archived)
{
  g_return_if_fail (EWE_IS_LIST (self));

  archived = !!archived;
  if (self->archived == archived)
    return;

  self->archived = archived;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
}

const char *
ewe_list_get_archive_note (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->archive_note;
}

void
ewe_list_set_archive_note (EweList    *self,
                           const char *archive_note)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (archive_note != NULL && archive_note[0] == '\0')
    archive_note = NULL;
  if (g_strcmp0 (self->archive_note, archive_note) == 0)
    return;

  g_free (self->archive_note);
  self->archive_note = g_strdup (archive_note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_NOTE]);
}

gboolean
ewe_list_get_has_pending_changes (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), FALSE);

  return self->has_pending_changes;
}

/* For the store only; the property is read-only to everyone else. */
void
ewe_list_set_has_pending_changes (EweList *self,
                                  gboolean has_pending_changes)
{
  g_return_if_fail (EWE_IS_LIST (self));

  has_pending_changes = !!has_pending_changes;
  if (self->has_pending_changes == has_pending_changes)
    return;

  self->has_pending_changes = has_pending_changes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PENDING_CHANGES]);
}

const char *
ewe_list_get_reveal_on (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->reveal_on;
}

void
ewe_list_set_reveal_on (EweList    *self,
                        const char *reveal_on)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (g_strcmp0 (self->reveal_on, reveal_on) == 0)
    return;

  g_free (self->reveal_on);
  self->reveal_on = g_strdup (reveal_on);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEAL_ON]);
}

const char *
ewe_list_get_reveal_date (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->reveal_date;
}

void
ewe_list_set_reveal_date (EweList    *self,
                          const char *reveal_date)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (reveal_date != NULL && reveal_date[0] == '\0')
    reveal_date = NULL;
  if (g_strcmp0 (self->reveal_date, reveal_date) == 0)
    return;

  g_free (self->reveal_date);
  self->reveal_date = g_strdup (reveal_date);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEAL_DATE]);
}

gboolean
ewe_list_get_revealed (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), FALSE);

  return self->revealed;
}

void
ewe_list_set_revealed (EweList *self,
                       gboolean revealed)
{
  g_return_if_fail (EWE_IS_LIST (self));

  revealed = !!revealed;
  if (self->revealed == revealed)
    return;

  self->revealed = revealed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

const char *
ewe_list_get_currency (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return self->currency;
}

void
ewe_list_set_currency (EweList    *self,
                       const char *currency)
{
  g_return_if_fail (EWE_IS_LIST (self));

  if (g_strcmp0 (self->currency, currency) == 0)
    return;

  g_free (self->currency);
  self->currency = g_strdup (currency);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENCY]);
}
