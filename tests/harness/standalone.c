/*
 * Harness self-test: Wine's single-file mode, where the one test file
 * defines STANDALONE and is built alone, with no testlist.c
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

#include <stdarg.h>

#include <windef.h>
#include <winbase.h>

#define STANDALONE
#include "wine/test.h"

START_TEST(standalone)
{
    ok( 1, "passes\n" );
    ok( 0, "standalone failure %d\n", 1 ); /* L:sa_fail */
    todo_wine ok( 0, "todo on Wine\n" ); /* L:sa_todo */
    skip( "nothing to skip for\n" ); /* L:sa_skip */
    ok( winetest_testlist[0].func && !winetest_testlist[1].name, "the list has %s, %s\n",
        winetest_testlist[0].name, winetest_testlist[1].name ? winetest_testlist[1].name : "end" );
}
