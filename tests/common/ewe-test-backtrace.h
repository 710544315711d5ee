/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

/* EWE_TEST_ASAN is defined in builds with AddressSanitizer, which keeps
 * SIGSEGV and its kin for itself and prints its own backtrace
 * (ewe-test-backtrace.c then leaves those signals alone). gcc says so with
 * __SANITIZE_ADDRESS__, clang through __has_feature. */
#if defined(__SANITIZE_ADDRESS__)
# define EWE_TEST_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define EWE_TEST_ASAN 1
# endif
#endif
