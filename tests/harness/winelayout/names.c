/*
 * Harness self-test: a test written in Wine 9's form, with the names of
 * Wine 9's include/wine/test.h that older headers lacked
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

/* Included the way Wine's own test files include their headers, and built
 * with the testlist.c beside it, which has the shape Wine's makedep
 * writes.  Lines marked "L:name" are looked up by tests/harness/run-selftests. */

#include <stdarg.h>

#include <windef.h>
#include <winbase.h>

#include "wine/test.h"

struct item
{
    const char *name;
};

static int evaluations;

static int count_evaluation(void)
{
    return ++evaluations;
}

/* A printf-like helper of the kind Wine's tests write, printing a block of
 * its own under the harness's output lock. */
static void __WINE_PRINTF_ATTR(1, 2) print_block( const char *format, ... )
{
    va_list args;

    winetest_print_lock();
    va_start( args, format );
    winetest_vprintf( format, args );
    va_end( args );
    winetest_print_unlock();
}

static void test_lazy_message(void)
{
    const struct item *missing = NULL;

    /* Wine 9 evaluates the message arguments only when it prints them: this
     * check would crash with a harness that evaluates them always. */
    ok( !missing, "got item %s\n", missing->name );
    ok( 1, "passing check, evaluation %d\n", count_evaluation() );
    ok( !evaluations, "a passing check evaluated its message arguments\n" );
    ok( 0, "failing check, evaluation %d\n", count_evaluation() ); /* L:lazy_fail */
    todo_if( 1 ) ok( 0, "todo check, evaluation %d\n", count_evaluation() ); /* L:lazy_todo */
    ok( evaluations == 2, "evaluations %d\n", evaluations );
}

static void test_settings(void)
{
    struct winetest_thread_data *data;
    int start;

    ok( winetest_debug == 1, "winetest_debug %d\n", winetest_debug );
    ok( !winetest_interactive, "winetest_interactive %d\n", winetest_interactive );
    ok( winetest_mute_threshold == 42, "winetest_mute_threshold %d\n", winetest_mute_threshold );
    ok( winetest_platform_is_wine == !strcmp( winetest_platform, "wine" ), "platform %s, is_wine %d\n",
        winetest_platform, winetest_platform_is_wine );
    ok( !winetest_report_flaky, "winetest_report_flaky %d\n", winetest_report_flaky );
    ok( (DWORD)INVALID_FILE_ATTRIBUTES == ~0u, "INVALID_FILE_ATTRIBUTES %#lx\n", (DWORD)INVALID_FILE_ATTRIBUTES );

    start = winetest_get_time();
    ok( start - winetest_start_time >= 0, "time went back from %d to %d\n", winetest_start_time, start );
    Sleep( 100 );
    ok( winetest_get_time() - start >= 50, "%d ms passed in Sleep(100)\n", winetest_get_time() - start );

    data = winetest_get_thread_data();
    ok( data->current_line == __LINE__ && !strcmp( data->current_file, "names.c" ),
        "location %s:%d\n", data->current_file, data->current_line );
}

static void test_counters(void)
{
    LONG failures = winetest_failures, successes = winetest_successes, skipped = winetest_skipped;

    ok( 0, "counted failure\n" ); /* L:counted */
    skip( "counted skip\n" ); /* L:counted_skip */
    ok( winetest_failures == failures + 1, "failures %ld -> %ld\n", failures, winetest_failures );
    ok( winetest_skipped == skipped + 1, "skipped %ld -> %ld\n", skipped, winetest_skipped );
    ok( winetest_successes == successes + 2, "successes %ld -> %ld\n", successes, winetest_successes );
}

static void check_item_( const char *file, int line, const struct item *item, const char *expect )
{
    ok_( file, line )( !strcmp( item->name, expect ), "got %s\n", debugstr_a( item->name ) );
}
#define check_item(a, b) check_item_( __FILE__, __LINE__, a, b )

START_TEST(names)
{
    static const struct item item = { "one" };

    subtest( "names" ); /* L:subtest */
    print_block( "names: a block of the test's own %d\n", 1 );

    test_lazy_message();
    test_settings();
    test_counters();

    winetest_push_context( "ctx %u", 7 );
    check_item( &item, "one" );
    check_item( &item, "two" ); /* L:helper */
    trace_( "elsewhere.c", 12 )( "trace with a location of its own\n" );
    winetest_pop_context();

    todo_wine_if( winetest_platform_is_wine ) ok( 0, "todo_wine_if\n" ); /* L:todo_wine_if */
    flaky_wine_if( 1 ) ok( 0, "flaky_wine_if\n" ); /* L:flaky_wine_if */
    flaky_if( 1 ) ok( 1, "flaky pass\n" );
    ok( broken( 1 ) || winetest_platform_is_wine, "broken(1)\n" );
    win_skip( "win_skip\n" ); /* L:win_skip */
    skip_( "elsewhere.c", 34 )( "skip with a location of its own\n" );
}
