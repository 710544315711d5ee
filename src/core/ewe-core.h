/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

/* The one header the app includes to use libewe-core. */

#include "ewe-browser-sign-in.h"
#include "ewe-codec.h"
#include "ewe-coowners.h"
#include "ewe-enums.h"
#include "ewe-export.h"
#include "ewe-gift.h"
#include "ewe-import.h"
#include "ewe-invitation.h"
#include "ewe-list.h"
#include "ewe-live-updates.h"
#include "ewe-live-watcher.h"
#include "ewe-outbox-entry.h"
#include "ewe-paths.h"
#include "ewe-reservation.h"
#include "ewe-session.h"
#include "ewe-store.h"
#include "ewe-thank-yous.h"
#include "ewe-user.h"
#include "ewe-validation.h"
