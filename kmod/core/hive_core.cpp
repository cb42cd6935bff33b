// SPDX-License-Identifier: GPL-2.0
/*
 * The core as one translation unit for hive.ko.  With the kernel's ftrace
 * flags, two C++ objects that instantiate the same inline function each
 * keep an __mcount_loc entry into a COMDAT section the linker discards, and
 * the module link fails; one unity object avoids that.  Userland builds the
 * files one by one (userland/core/CMakeLists.txt).
 */
#include "dsm.cpp"
#include "dsm_wire.cpp"
#include "exec.cpp"
#include "handshake.cpp"
#include "migrate.cpp"
#include "migrate_check.cpp"
#include "migrate_move.cpp"
#include "migrate_rx.cpp"
#include "node.cpp"
#include "payload.cpp"
#include "pid.cpp"
#include "process.cpp"
#include "view.cpp"
#include "wire.cpp"
