/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The JSON export format (README, "Export and import"; its JSON Schema is
 * data/export/ewelists-export-v1.schema.json), written and read here once
 * for both sides: the app's Export… and Import…, and the server's
 * `admin export-account` and `admin import-account`. The lists are plain
 * structs, so each side fills them from its own objects and the files
 * come out byte for byte the same for the same data. */

#define EWE_EXPORT_FORMAT_NAME    "ewelists-export"
#define EWE_EXPORT_FORMAT_VERSION 1

#define EWE_EXPORT_FORMAT_ERROR (ewe_export_format_error_quark ())

typedef enum
{
  EWE_EXPORT_FORMAT_ERROR_NOT_EXPORT,  /* not JSON, or not an Ewelists export */
  EWE_EXPORT_FORMAT_ERROR_TOO_NEW,     /* a version this reader does not know */
  EWE_EXPORT_FORMAT_ERROR_TOO_BIG,     /* over EWE_LIMIT_EXPORT_BYTES */
  EWE_EXPORT_FORMAT_ERROR_TOO_DEEP,    /* nested deeper than EWE_LIMIT_JSON_DEPTH */
  EWE_EXPORT_FORMAT_ERROR_INVALID,     /* a value of the wrong type or over a limit */
} EweExportFormatError;

/* A gift and its product, as the owner sees them; NULL for absent text. */
typedef struct
{
  gint64    quantity;
  char     *notes;
  gboolean  catalogue;    /* "products" (shared, by id) or "notfound" (typed in) */
  char     *product_id;
  char     *details;
  char     *brand;
  char     *retailer;
  char     *price;
  char     *currency;
  char     *product_url;
  char     *image_url;
  gboolean  unlimited;    /* "as many as you like" */
  gboolean  most_wanted;  /* starred by the owner */
} EweExportGift;

typedef struct
{
  char      *id;          /* where it was exported; NULL when not said */
  char      *title;
  char      *description;
  char      *occasion;
  char      *event_date;  /* NULL for no date */
  char      *image_url;
  gboolean   closed;
  char      *currency;    /* ISO 4217; NULL when not said */
  char      *reveal_date; /* YYYY-MM-DD the owner chose (ewe-reveal.h); NULL when not set */
  gboolean   archived;    /* read-only, with a thank-you for guests */
  char      *archive_note; /* that thank-you; NULL when none */
  GPtrArray *gifts;       /* EweExportGift */
} EweExportList;

GQuark         ewe_export_format_error_quark (void);

EweExportList *ewe_export_list_new           (void);
void           ewe_export_list_free          (EweExportList  *list);
EweExportGift *ewe_export_gift_new           (void);
void           ewe_export_gift_free          (EweExportGift  *gift);

GBytes        *ewe_export_format_write       (GPtrArray      *lists);
GPtrArray     *ewe_export_format_read        (const char     *data,
                                              gsize           length,
                                              GError        **error);

gboolean       ewe_event_date_read           (const char     *text,
                                              int            *year,
                                              int            *month,
                                              int            *day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EweExportList, ewe_export_list_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EweExportGift, ewe_export_gift_free)

G_END_DECLS
