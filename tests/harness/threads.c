/*
 * Harness self-test: checks, todo blocks and contexts from several threads
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

/* If the counters were not updated atomically, some of the many concurrent
 * passing checks would be lost from the total; if the todo or context state
 * were shared, the main thread's todo block would turn the workers' checks
 * into todos and their contexts would mix. */

#include <windows.h>
#include "wine/test.h"

#define THREAD_COUNT 8
#define CHECKS_PER_THREAD 250000
#define TRACES_PER_THREAD 5

static HANDLE start_event;

static DWORD WINAPI worker( void *arg )
{
    int id = (int)(INT_PTR)arg, i;

    WaitForSingleObject( start_event, INFINITE );
    winetest_push_context( "thread %d", id );
    for (i = 0; i < CHECKS_PER_THREAD; i++) ok( 1, "never printed\n" );
    for (i = 0; i < TRACES_PER_THREAD; i++) trace( "trace %d\n", i ); /* L:thread_trace */
    if (id % 2) todo_if( 1 ) ok( 0, "todo in thread\n" ); /* L:thread_todo */
    else ok( 1, "pass in thread\n" );
    ok( 0, "failure in thread %d\n", id ); /* L:thread_fail */
    winetest_pop_context();
    return 0;
}

START_TEST(threads)
{
    HANDLE threads[THREAD_COUNT];
    int i;

    start_event = CreateEventA( NULL, TRUE, FALSE, NULL );
    todo_if( 1 )
    {
        for (i = 0; i < THREAD_COUNT; i++)
            threads[i] = CreateThread( NULL, 0, worker, (void *)(INT_PTR)i, 0, NULL );
        SetEvent( start_event );
        WaitForMultipleObjects( THREAD_COUNT, threads, TRUE, INFINITE );
        ok( 0, "main todo\n" ); /* L:main_todo */
    }
    for (i = 0; i < THREAD_COUNT; i++) CloseHandle( threads[i] );
    CloseHandle( start_event );
    ok( winetest_get_failures() == THREAD_COUNT, "failures %ld\n", winetest_get_failures() ); /* L:thread_total */
}
