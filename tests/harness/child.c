/*
 * Harness self-test: results of child processes through wait_child_process
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

static void run_child( const char *mode )
{
    int i;

    if (!strcmp( mode, "fail3" ))
    {
        for (i = 0; i < 3; i++) ok( 0, "child failure %d\n", i ); /* L:child_fail */
    }
    else if (!strcmp( mode, "crash" ))
    {
        ok( 1, "child before crash\n" ); /* L:child_last */
        *(volatile int *)0 = 1;
    }
    else ok( 1, "child passes\n" );
}

static BOOL start_child_info( const char *mode, PROCESS_INFORMATION *info )
{
    STARTUPINFOA startup;
    char exe[MAX_PATH], cmdline[MAX_PATH + 32];
    BOOL ret;

    memset( &startup, 0, sizeof(startup) );
    startup.cb = sizeof(startup);
    GetModuleFileNameA( NULL, exe, sizeof(exe) );
    sprintf( cmdline, "\"%s\" child %s", exe, mode );
    ret = CreateProcessA( exe, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &startup, info );
    ok( ret, "CreateProcess failed, error %lu\n", GetLastError() );
    return ret;
}

static HANDLE start_child( const char *mode )
{
    PROCESS_INFORMATION info;

    if (!start_child_info( mode, &info )) return NULL;
    CloseHandle( info.hThread );
    return info.hProcess;
}

START_TEST(child)
{
    PROCESS_INFORMATION info;
    HANDLE process;
    DWORD flags;
    char **argv;
    int argc;

    argc = winetest_get_mainargs( &argv );
    if (argc >= 3)
    {
        run_child( argv[2] );
        return;
    }

    if ((process = start_child( "fail3" )))
    {
        wait_child_process( process ); /* L:wait_fail */
        CloseHandle( process );
    }
    if ((process = start_child( "crash" )))
    {
        wait_child_process( process ); /* L:wait_crash */
        CloseHandle( process );
    }
    if ((process = start_child( "pass" )))
    {
        wait_child_process( process ); /* L:wait_pass */
        CloseHandle( process );
    }
    ok( winetest_get_failures() == 4, "failures %ld\n", winetest_get_failures() );

    /* Later Wine versions pass the PROCESS_INFORMATION, whose handles the
     * harness then closes. */
    if (start_child_info( "fail3", &info ))
    {
        wait_child_process( &info ); /* L:wait_info */
        ok( !GetHandleInformation( info.hProcess, &flags ), "process handle still open\n" );
        ok( !GetHandleInformation( info.hThread, &flags ), "thread handle still open\n" );
    }
    ok( winetest_get_failures() == 7, "failures %ld\n", winetest_get_failures() );
}
