/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

#include "ewe-enums.h"

G_BEGIN_DECLS

#define EWE_TYPE_LIST (ewe_list_get_type ())

G_DECLARE_FINAL_TYPE (EweList, ewe_list, EWE, LIST, GObject)

EweList      *ewe_list_new             (void);
EweList      *ewe_list_copy            (EweList      *self);
gboolean      ewe_list_update_from     (EweList      *self,
                                        EweList      *other);
GStrv         ewe_list_conflicting_fields (EweList   *base,
                                          EweList   *mine,
                                          EweList   *theirs);
EweList      *ewe_list_merge_edits     (EweList      *base,
                                        EweList      *mine,
                                        EweList      *theirs);
const char   *ewe_list_get_id          (EweList      *self);
void          ewe_list_set_id          (EweList      *self,
                                        const char   *id);
const char   *ewe_list_get_title       (EweList      *self);
void          ewe_list_set_title       (EweList      *self,
                                        const char   *title);
const char   *ewe_list_get_description (EweList      *self);
void          ewe_list_set_description (EweList      *self,
                                        const char   *description);
const char   *ewe_list_get_occasion    (EweList      *self);
void          ewe_list_set_occasion    (EweList      *self,
                                        const char   *occasion);
const char   *ewe_list_get_event_date  (EweList      *self);
void          ewe_list_set_event_date  (EweList      *self,
                                        const char   *event_date);
const char   *ewe_list_get_image_url   (EweList      *self);
void          ewe_list_set_image_url   (EweList      *self,
                                        const char   *image_url);
const char   *ewe_list_get_currency    (EweList      *self);
void          ewe_list_set_currency    (EweList      *self,
                                        const char   *currency);
EweListState  ewe_list_get_state       (EweList      *self);
void          ewe_list_set_state       (EweList      *self,
                                        EweListState  state);
const char   *ewe_list_get_owner       (EweList      *self);
void          ewe_list_set_owner       (EweList      *self,
                                        const char   *owner);
const char   *ewe_list_get_owner_name  (EweList      *self);
void          ewe_list_set_owner_name  (EweList      *self,
                                        const char   *owner_name);
gboolean      ewe_list_get_coowned     (EweList      *self);
void          ewe_list_set_coowned     (EweList      *self,
                                        gboolean      coowned);
gboolean      ewe_list_get_archived    (EweList      *self);
void          ewe_list_set_archived    (EweList      *self,
                                        gboolean      archived);
const char   *ewe_list_get_archive_note (EweList     *self);
void          ewe_list_set_archive_note (EweList     *self,
                                        const char   *archive_note);

gboolean   ewe_list_is_local                (EweList    *self);
gboolean   ewe_list_get_has_pending_changes (EweList    *self);
void       ewe_list_set_has_pending_changes (EweList    *self,
                                             gboolean    has_pending_changes);
GDateTime *ewe_list_dup_event_datetime      (EweList    *self);
void       ewe_list_set_event_datetime      (EweList    *self,
                                             GDateTime  *date);
gboolean   ewe_event_date_is_unset          (const char *str);
GDateTime *ewe_event_date_parse             (const char *str);
char      *ewe_event_date_format            (GDateTime  *date);

#define EWE_LOCAL_ID_PREFIX "local:"
gboolean   ewe_id_is_local               (const char *id);
gboolean   ewe_text_same                 (const char *a,
                                          const char *b);
char      *ewe_id_new_local              (void);

/* The server's word on the reveal date (ewe-reveal.h): the day it comes
 * to, YYYY-MM-DD (NULL: none), and whether it has come by the server's
 * clock, so that the owner is shown who gave what. */
const char *ewe_list_get_reveal_on       (EweList    *self);
void        ewe_list_set_reveal_on       (EweList    *self,
                                          const char *reveal_on);
/* The day the owner chose (NULL: the default, the day after the event);
 * the app sets it with ewe_store_set_reveal_date_async(). */
const char *ewe_list_get_reveal_date     (EweList    *self);
void        ewe_list_set_reveal_date     (EweList    *self,
                                          const char *reveal_date);
gboolean    ewe_list_get_revealed        (EweList    *self);
void        ewe_list_set_revealed        (EweList    *self,
                                          gboolean    revealed);

G_END_DECLS
