/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's kselftest harness, with a per-test hang detector that
 * leaves room for a busy machine: the harness's own 30 s alarm failed
 * netlink_garbage_test (35 s) on the debug kernel while other guests ran
 * beside it.  A test that needs longer says so with TEST_F_TIMEOUT.
 */
#ifndef HIVE_SELFTEST_HARNESS_H
#define HIVE_SELFTEST_HARNESS_H

#include "kselftest_harness.h"

#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 300

#endif
