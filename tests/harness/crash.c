/*
 * Harness self-test: crashes end the process with a failure status
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

/* Built into its own executable: the mode is the second argument, e.g.
 * "harness_crash.exe crash av". */

#include <windows.h>
#include "wine/test.h"

static DWORD WINAPI crashing_thread( void *arg )
{
    ok( 1, "thread before crash\n" ); /* L:thread_last */
    *(volatile int *)arg = 1;
    return 0;
}

START_TEST(crash)
{
    const char *mode = "none";
    HANDLE thread;
    char **argv;

    if (winetest_get_mainargs( &argv ) >= 3) mode = argv[2];

    ok( 1, "before crash\n" ); /* L:main_last */
    if (!strcmp( mode, "av" ))
    {
        *(volatile int *)0 = 1;
    }
    else if (!strcmp( mode, "raise" ))
    {
        /* The low byte of the code is zero: a shell that only sees the
         * low 8 bits of the status must still not read a pass. */
        RaiseException( 0xe0000100, 0, 0, NULL );
    }
    else if (!strcmp( mode, "thread" ))
    {
        thread = CreateThread( NULL, 0, crashing_thread, NULL, 0, NULL );
        WaitForSingleObject( thread, INFINITE );
    }
    else if (!strcmp( mode, "onefail" ))
    {
        ok( 0, "the only failure\n" ); /* L:onefail */
    }
    else if (!strcmp( mode, "todo" ))
    {
        todo_if( 1 ) *(volatile int *)0 = 1;
    }
    ok( 1, "after the crash point\n" );
}
