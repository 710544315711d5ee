/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-storage.h"

G_BEGIN_DECLS

/* EwsCoownerStorage is the co-owners' part of the storage, a third
 * interface the storage object implements next to EwsStorage (see
 * ews-storage-sqlite-coowners.c and ews-storage-pg-coowners.c).
 *
 * A list's creator stays lists.owner_id; the people who share the list with
 * them are rows of list_coowners, added only by accepting an invitation
 * (list_invitations) that was mailed to them. An invitation's secret is
 * stored as its SHA-256 only, so a copy of the database accepts nothing.
 * Deleting a list deletes both with it. Every call joins whatever
 * transaction the caller has open. */

/* How long an invitation link works. */
#define EWS_INVITATION_LIFETIME_SECONDS (14 * 24 * 60 * 60)
/* How many invitations a list may have waiting at once: enough for a
 * family, too few to use the list to mail strangers. */
#define EWS_MAX_PENDING_INVITATIONS 20

typedef struct
{
  char   *list_id;
  char   *user_id;      /* the co-owner's `sub` */
  char   *name;         /* as their ID token said when they accepted */
  char   *email;
  char   *invited_by;   /* the `sub` of the owner who invited them */
  gint64  added_at;
} EwsCoowner;

typedef struct
{
  char   *invitation_id;
  char   *list_id;
  char   *email;        /* normalized */
  char   *key_hash;     /* hex SHA-256 of the secret in the mailed link */
  char   *invited_by;   /* the inviting owner's `sub` */
  char   *inviter_name;
  gint64  created_at;
  gint64  expires_at;
  char   *accepted_by;  /* the `sub` that accepted it; NULL while pending */
} EwsInvitation;

void ews_coowner_free    (EwsCoowner    *coowner);
void ews_invitation_free (EwsInvitation *invitation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsCoowner, ews_coowner_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsInvitation, ews_invitation_free)

#define EWS_TYPE_COOWNER_STORAGE (ews_coowner_storage_get_type ())

G_DECLARE_INTERFACE (EwsCoownerStorage, ews_coowner_storage, EWS, COOWNER_STORAGE, GObject)

struct _EwsCoownerStorageInterface
{
  GTypeInterface parent_iface;

  /* The co-owner row of @user_id on @list_id, or NULL without an error
   * when they are not one. */
  EwsCoowner    *(*coowner_get)          (EwsCoownerStorage *self,
                                          const char        *list_id,
                                          const char        *user_id,
                                          GError           **error);
  /* Oldest first. */
  GPtrArray     *(*coowners_for_list)    (EwsCoownerStorage *self,
                                          const char        *list_id,
                                          GError           **error);
  /* The lists (EwsList) @user_id co-owns, oldest first. */
  GPtrArray     *(*lists_coowned)        (EwsCoownerStorage *self,
                                          const char        *user_id,
                                          GError           **error);
  /* Adding someone who is a co-owner already changes nothing. */
  gboolean       (*coowner_add)          (EwsCoownerStorage *self,
                                          const EwsCoowner  *coowner,
                                          GError           **error);
  /* NOT_FOUND when @user_id is not a co-owner of @list_id. */
  gboolean       (*coowner_remove)       (EwsCoownerStorage *self,
                                          const char        *list_id,
                                          const char        *user_id,
                                          GError           **error);

  gboolean       (*invitation_insert)    (EwsCoownerStorage   *self,
                                          const EwsInvitation *invitation,
                                          GError             **error);
  /* NOT_FOUND when there is no such invitation. */
  EwsInvitation *(*invitation_get)       (EwsCoownerStorage *self,
                                          const char        *invitation_id,
                                          GError           **error);
  /* The invitations of @list_id neither accepted nor expired at @now,
   * oldest first. */
  GPtrArray     *(*invitations_pending)  (EwsCoownerStorage *self,
                                          const char        *list_id,
                                          gint64             now,
                                          GError           **error);
  /* Withdraws @list_id's invitation (NOT_FOUND when it has none such),
   * accepted or not: the co-owner it made stays. */
  gboolean       (*invitation_delete)    (EwsCoownerStorage *self,
                                          const char        *list_id,
                                          const char        *invitation_id,
                                          GError           **error);
  /* Withdraws the pending invitations of @list_id to @email (a new one
   * replaces them). */
  gboolean       (*invitations_delete_for_email) (EwsCoownerStorage *self,
                                                  const char        *list_id,
                                                  const char        *email,
                                                  GError           **error);
  /* Marks a pending invitation accepted by @user_id: CONFLICT when it was
   * accepted already, so that of two servers taking one link at once only
   * one succeeds. */
  gboolean       (*invitation_accept)    (EwsCoownerStorage *self,
                                          const char        *invitation_id,
                                          const char        *user_id,
                                          GError           **error);
};

EwsCoowner    *ews_coowner_storage_coowner_get         (EwsCoownerStorage   *self,
                                                        const char          *list_id,
                                                        const char          *user_id,
                                                        GError             **error);
GPtrArray     *ews_coowner_storage_coowners_for_list   (EwsCoownerStorage   *self,
                                                        const char          *list_id,
                                                        GError             **error);
GPtrArray     *ews_coowner_storage_lists_coowned       (EwsCoownerStorage   *self,
                                                        const char          *user_id,
                                                        GError             **error);
gboolean       ews_coowner_storage_coowner_add         (EwsCoownerStorage   *self,
                                                        const EwsCoowner    *coowner,
                                                        GError             **error);
gboolean       ews_coowner_storage_coowner_remove      (EwsCoownerStorage   *self,
                                                        const char          *list_id,
                                                        const char          *user_id,
                                                        GError             **error);
gboolean       ews_coowner_storage_invitation_insert   (EwsCoownerStorage   *self,
                                                        const EwsInvitation *invitation,
                                                        GError             **error);
EwsInvitation *ews_coowner_storage_invitation_get      (EwsCoownerStorage   *self,
                                                        const char          *invitation_id,
                                                        GError             **error);
GPtrArray     *ews_coowner_storage_invitations_pending (EwsCoownerStorage   *self,
                                                        const char          *list_id,
                                                        gint64               now,
                                                        GError             **error);
gboolean       ews_coowner_storage_invitation_delete   (EwsCoownerStorage   *self,
                                                        const char          *list_id,
                                                        const char          *invitation_id,
                                                        GError             **error);
gboolean       ews_coowner_storage_invitations_delete_for_email (EwsCoownerStorage *self,
                                                                 const char        *list_id,
                                                                 const char        *email,
                                                                 GError           **error);
gboolean       ews_coowner_storage_invitation_accept   (EwsCoownerStorage   *self,
                                                        const char          *invitation_id,
                                                        const char          *user_id,
                                                        GError             **error);

/* The words for what is not there, from both backends. */
#define EWS_STORAGE_NO_SUCH_COOWNER    "This person is not a co-owner of the list."
#define EWS_STORAGE_NO_SUCH_INVITATION "This invitation does not exist or was withdrawn."
#define EWS_STORAGE_INVITATION_USED    "This invitation has been accepted already."

G_END_DECLS
