/*
 * Harness self-test: Wine's header brings in <io.h>, so a Wine test calls
 * its functions without including it; and WINETEST_NO_LINE_NUMBERS
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

#define WINETEST_NO_LINE_NUMBERS
#include "wine/test.h"

START_TEST(oldnames)
{
    int fd;

    fd = dup( 1 );
    ok( fd != -1, "dup failed\n" );
    ok( write( fd, "", 0 ) == 0, "write failed\n" );
    ok( _get_osfhandle( fd ) != -1, "no handle for fd %d\n", fd );
    ok( !close( fd ), "close failed\n" );
    ok( 0, "reported without a line number\n" );
}
