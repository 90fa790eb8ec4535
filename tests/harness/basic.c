/*
 * Harness self-test: plain checks, skips, traces, contexts and helpers
 *
 * Copyright 2026 The ws2getdns authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, write to the Free Software
 * Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
 */

/* Every check whose output the driver (run-selftests) expects carries an
 * "L:name" marker on its line; the driver looks the line numbers up by
 * marker, so this file can be edited without touching the driver. */

#include <windows.h>
#include "wine/test.h"

static void check_value_( const char *file, int line, int value, int expected )
{
    ok_( file, line )( value == expected, "got %d, expected %d\n", value, expected );
}
#define check_value(value, expected) check_value_( __FILE__, __LINE__, value, expected )

START_TEST(basic)
{
    static const WCHAR wide[] = {'h', 0x263a, '\t', 0};
    LONG failures_before;
    char **argv;
    int argc, i;

    ok( 1, "first pass\n" ); /* L:first_pass */
    ok( 1 + 1 == 2, "second pass\n" );
    ok( 0, "plain failure %d\n", 42 ); /* L:fail */
    skip( "no network %s\n", "here" ); /* L:skip */
    trace( "traced value %d\n", 7 ); /* L:trace */
    if (winetest_debug > 1) trace( "verbose only\n" ); /* L:verbose */

    winetest_push_context( "outer %d", 1 );
    ok( 0, "in one context\n" ); /* L:ctx1 */
    winetest_push_context( "inner %s", "x" );
    ok( 0, "in two contexts\n" ); /* L:ctx2 */
    trace( "trace in contexts\n" ); /* L:ctx_trace */
    skip( "skip in contexts\n" ); /* L:ctx_skip */
    winetest_pop_context();
    ok( 0, "back to one\n" ); /* L:ctx3 */
    winetest_pop_context();
    ok( 0, "no context\n" ); /* L:ctx4 */

    for (i = 0; i < 3; i++)
    {
        winetest_push_context( "i=%d", i );
        ok( i != 1, "loop check\n" ); /* L:loop */
        winetest_pop_context();
    }

    check_value( 5, 5 );
    check_value( 5, 6 ); /* L:helper */

    /* A check must not disturb the last error that the next check reads. */
    SetLastError( 0xdeadbeef );
    ok( 0, "failure that must keep the last error\n" ); /* L:keep_error */
    ok( GetLastError() == 0xdeadbeef, "last error changed to %lu\n", GetLastError() );

    failures_before = winetest_get_failures();
    winetest_add_failures( 2 );
    ok( winetest_get_failures() == failures_before + 2, "failures %ld -> %ld\n",
        failures_before, winetest_get_failures() );

    ok( !strcmp( wine_dbgstr_a( "a\"b\n\001" ), "\"a\\\"b\\n\\x01\"" ), "got %s\n", wine_dbgstr_a( "a\"b\n\001" ) );
    ok( !strcmp( wine_dbgstr_w( wide ), "L\"h\\263a\\t\"" ), "got %s\n", wine_dbgstr_w( wide ) );
    ok( !strcmp( wine_dbgstr_a( NULL ), "(null)" ), "got %s\n", wine_dbgstr_a( NULL ) );
    ok( !strcmp( wine_dbgstr_longlong( 0x123456789abcull ), "123456789abc" ), "got %s\n",
        wine_dbgstr_longlong( 0x123456789abcull ) );

    argc = winetest_get_mainargs( &argv );
    ok( argc == 1 || (argc == 2 && !strcmp( argv[1], "basic" )), "argc %d\n", argc );
}
