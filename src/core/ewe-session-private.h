/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-session.h"

G_BEGIN_DECLS

/* Shared by ewe-session.c (the account, the store, the API client, sync)
 * and ewe-session-drafts.c (the drafts found at sign-in). */

struct _EweSession
{
  GObject        parent_instance;

  /* owned */
  GSettings     *settings;
  EweTokenStore *token_store;
  EweAccount    *account;
  GCancellable  *restore_cancellable;
  char          *config_key;     /* what the account was built from */
  guint          reload_idle_id;
  EweStore      *store;          /* NULL until open */
  GError        *store_error;    /* why it could not be opened */
  char          *store_path;     /* the file of the store, or of the one opening */
  EweImageCache *image_cache;
  GCancellable  *store_cancellable;

  /* owned, while signed in */
  EweApiClient  *api_client;     /* NULL without a server */
  EweSync       *sync;           /* NULL until the account's store is open */
  GStrv          found_drafts;   /* ids of the drafts waiting for an answer */
  GListStore    *found_draft_lists; /* the same, as lists to show meanwhile */
  GCancellable  *drafts_cancellable;
  EweFriends    *friends;        /* with the store */
};

/* Whether @path is the file of the drafts' store (the one used while
 * signed out). */
gboolean ewe_session_is_drafts_path             (const char *path);
/* Looks at the drafts when the account's store has opened. */
void     ewe_session_look_for_drafts            (EweSession *self);
/* Forgets the drafts asked about, and stops looking for them. */
void     ewe_session_forget_found_drafts        (EweSession *self);
void     ewe_session_notify_looking_for_drafts  (EweSession *self);
void     ewe_session_emit_drafts_found          (EweSession *self,
                                                 guint       n_lists);

G_END_DECLS
