/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-user"

#include "config.h"

#include "ewe-user.h"
#include "ewe-properties-private.h"

/* The signed-in person as the API knows them: the Cognito "sub" is the
 * stable id; the e-mail and name are for display. */
struct _EweUser
{
  GObject parent_instance;

  char   *sub;
  char   *email;
  char   *name;
};

G_DEFINE_FINAL_TYPE (EweUser, ewe_user, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SUB,
  PROP_EMAIL,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ewe_user_finalize (GObject *object)
{
  EweUser *self = (EweUser *)object;

  g_clear_pointer (&self->sub, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (ewe_user_parent_class)->finalize (object);
}

static void
ewe_user_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  EweUser *self = EWE_USER (object);

  switch (prop_id)
    {
    case PROP_SUB:
      g_value_set_string (value, self->sub);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_user_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  EweUser *self = EWE_USER (object);

  switch (prop_id)
    {
    case PROP_SUB:
      ewe_user_set_sub (self, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      ewe_user_set_email (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      ewe_user_set_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_user_class_init (EweUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_user_finalize;
  object_class->get_property = ewe_user_get_property;
  object_class->set_property = ewe_user_set_property;

  properties[PROP_SUB] =
    g_param_spec_string ("sub", NULL, "The user's stable id (the ID token's sub claim)",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, "The user's e-mail address",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, "The user's display name",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ewe_user_init (EweUser *self)
{
}

EweUser *
ewe_user_new (void)
{
  return g_object_new (EWE_TYPE_USER, NULL);
}

/* A detached copy, for handing values to another thread or keeping a
 * snapshot: the copy is never the live object the store updates. */
EweUser *
ewe_user_copy (EweUser *self)
{
  EweUser *copy;

  g_return_val_if_fail (EWE_IS_USER (self), NULL);

  copy = ewe_user_new ();
  ewe_user_update_from (copy, self);

  return copy;
}

/* Copies every value of @other into @self, notifying only what changed, so
 * that a widget bound to @self redraws only the fields that did change.
 * Returns whether anything changed. */
gboolean
ewe_user_update_from (EweUser *self,
                      EweUser *other)
{
  g_return_val_if_fail (EWE_IS_USER (self), FALSE);
  g_return_val_if_fail (EWE_IS_USER (other), FALSE);

  return ewe_properties_update_from (G_OBJECT (self), G_OBJECT (other),
                                     properties, N_PROPS);
}

const char *
ewe_user_get_sub (EweUser *self)
{
  g_return_val_if_fail (EWE_IS_USER (self), NULL);

  return self->sub;
}

void
ewe_user_set_sub (EweUser    *self,
                  const char *sub)
{
  g_return_if_fail (EWE_IS_USER (self));

  if (g_strcmp0 (self->sub, sub) == 0)
    return;

  g_free (self->sub);
  self->sub = g_strdup (sub);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUB]);
}

const char *
ewe_user_get_email (EweUser *self)
{
  g_return_val_if_fail (EWE_IS_USER (self), NULL);

  return self->email;
}

void
ewe_user_set_email (EweUser    *self,
                    const char *email)
{
  g_return_if_fail (EWE_IS_USER (self));

  if (g_strcmp0 (self->email, email) == 0)
    return;

  g_free (self->email);
  self->email = g_strdup (email);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

const char *
ewe_user_get_name (EweUser *self)
{
  g_return_val_if_fail (EWE_IS_USER (self), NULL);

  return self->name;
}

void
ewe_user_set_name (EweUser    *self,
                   const char *name)
{
  g_return_if_fail (EWE_IS_USER (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}
