/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-invitation.h"
#include "ewe-toasts.h"
#include "ewe-window-private.h"

/* An invitation to co-own a list, opened from its mail's link (on the
 * command line or pasted in Open Shared Link): the account accepts it, and
 * the sync that follows brings the list into the sidebar, saying who
 * shares it. */

static void
show_toast (EweWindow  *self,
            const char *text)
{
  ewe_toast_overlay_add (self->toast_overlay, ewe_toast_new_escaped (text));
}

static void
accepted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(EweWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *list_id = ewe_invitation_accept_finish (result, &error);

  if (list_id == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  show_toast (self, _("You co-own this list now"));
  if (self->sync != NULL)
    ewe_sync_schedule (self->sync);
}

void
_ewe_window_accept_invitation (EweWindow  *self,
                               const char *link)
{
  g_return_if_fail (EWE_IS_WINDOW (self));

  /* Accepting needs an account: the list becomes one of its own. */
  if (self->sync == NULL || self->session == NULL)
    {
      show_toast (self, _("Sign in to accept an invitation to own a list"));
      return;
    }

  ewe_invitation_accept_async (ewe_session_get_api_client (self->session), link, NULL, accepted_cb,
                               g_object_ref (self));
}
