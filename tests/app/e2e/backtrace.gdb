# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# gdb -batch -x backtrace.gdb --args APP: runs the app and, if it stops on a
# signal (a crash, or G_DEBUG=fatal-criticals' breakpoint), prints every
# thread's backtrace after its output. An app that exits, or is ended with
# SIGTERM, passes through without a word from gdb.

set pagination off
set confirm off
set print thread-events off
set print inferior-events off
handle SIGPIPE SIGTERM SIGINT SIGHUP SIGUSR1 SIGUSR2 SIGPWR SIGXCPU nostop noprint pass
run
if $_isvoid($_exitcode) && $_isvoid($_exitsignal)
  echo \n==== the app stopped on a signal: the backtrace of every thread ====\n
  thread apply all bt
  echo ==== end of the backtraces ====\n
end
