/*
 * Harness self-test: todo, broken, win_skip and flaky on both platforms
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

#include <windows.h>
#include "wine/test.h"

START_TEST(todo)
{
    todo_wine ok( 0, "todo_wine fails\n" ); /* L:tw_fail */
    todo_wine ok( 1, "todo_wine passes\n" ); /* L:tw_pass */
    todo_wine_if( 1 ) ok( 0, "todo_wine_if(1) fails\n" ); /* L:twi1_fail */
    todo_wine_if( 0 ) ok( 0, "todo_wine_if(0) fails\n" ); /* L:twi0_fail */
    todo_if( 1 ) ok( 0, "todo_if(1) fails\n" ); /* L:ti1_fail */
    todo_if( 0 ) ok( 1, "todo_if(0) passes\n" );
    todo_wine todo_if( 0 ) ok( 0, "nested todo fails\n" ); /* L:nested */
    ok( broken( 1 ), "broken(1)\n" ); /* L:broken1 */
    ok( broken( 0 ), "broken(0)\n" ); /* L:broken0 */
    win_skip( "win_skip here\n" ); /* L:win_skip */
    flaky ok( 0, "flaky fails\n" ); /* L:flaky_fail */
    flaky ok( 1, "flaky passes\n" );
    flaky_wine ok( 0, "flaky_wine fails\n" ); /* L:flaky_wine */
    flaky todo_wine ok( 1, "flaky todo passes\n" ); /* L:flaky_todo */
    todo_if( 1 )
    {
        ok( 0, "block first\n" ); /* L:block_first */
        flaky_if( 0 ) ok( 0, "block nested\n" ); /* L:block_nested */
        ok( 0, "block last\n" ); /* L:block_last */
    }
    ok( winetest_platform_is_wine == !strcmp( winetest_platform, "wine" ), "platform %s, is_wine %d\n",
        winetest_platform, winetest_platform_is_wine );
}
