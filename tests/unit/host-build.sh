# host-build.sh: sourced by the scripts that build the Unix side of
# ws2getdns on the host, without Wine (tests/unit/run, tests/fuzz/run-fuzz,
# tests/fuzz/run-valgrind).  Needs $top (the top of the tree).  Sets:
#   resolver_sources  every unix_*.c except unix_lib.c (Wine's entry points),
#                     plus the stand-in for ntdll.so's debug output
#   host_cflags       what those sources need: Wine's headers as a unix
#                     library sees them, and the test-build seams
#
# Copyright 2026 The ws2getdns authors
# LGPL-2.1-or-later, see COPYING.

wine_includedir=${WINE_INCLUDEDIR:-/usr/include/wine}
resolver_sources="$(ls "$top"/dlls/ws2getdns/unix_*.c | grep -v '/unix_lib\.c$' | tr '\n' ' ')$top/tests/unit/wine_debug_shim.c"
host_cflags="-D__WINESRC__ -DWINE_UNIX_LIB -DWS2GETDNS_TESTS -I$top/dlls/ws2getdns -I$top/include -I$wine_includedir/wine/windows -I$wine_includedir"
