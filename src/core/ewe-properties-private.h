/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

gboolean ewe_properties_update_from (GObject     *self,
                                     GObject     *other,
                                     GParamSpec **properties,
                                     guint        n_properties);

G_END_DECLS
