/*
 * ws2getdns: pool threads that run completion routines, several per wake-up, never stalled by one
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

#include "private.h"
#include "test_hooks.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

/* A pool work item per completion would wake a pool thread for each one,
 * a futex round trip each on the completion thread, which under load has
 * many to deliver at once.  Instead, workers drain a queue, several items
 * per wake-up, and the one rule that keeps a blocking routine from stalling
 * others is:
 *
 *     whenever the queue is not empty, some worker is free
 *
 * where "free" means not inside a routine (waiting, between items, or
 * submitted but not started yet).  A worker about to enter a routine while
 * items still wait and no other worker is free starts another first. */

#define WORKER_IDLE_MS 20

static SRWLOCK queue_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE queue_ready = CONDITION_VARIABLE_INIT;
static struct work_item *queue_head, **queue_tail = &queue_head;
static unsigned int free_workers, waiting_workers;
static LONG starved;            /* an item waits because no worker could be started */

static void CALLBACK worker_main( TP_CALLBACK_INSTANCE *instance, void *context );

static DWORD WINAPI worker_thread( void *context )
{
    worker_main( NULL, context );
    return 0;
}

/* Called with queue_lock held; the new worker counts as free at once. */
static BOOL start_worker(void)
{
    HANDLE thread;

    free_workers++;
    if (test_hook( TEST_POINT_WORKER_START, NULL ))
    {
        free_workers--;
        return FALSE;
    }
    if (TrySubmitThreadpoolCallback( worker_main, NULL, NULL )) return TRUE;
    if ((thread = CreateThread( NULL, 0, worker_thread, NULL, 0, NULL )))
    {
        CloseHandle( thread );
        return TRUE;
    }
    free_workers--;
    return FALSE;
}

static void CALLBACK worker_main( TP_CALLBACK_INSTANCE *instance, void *context )
{
    struct work_item *item;

    AcquireSRWLockExclusive( &queue_lock );
    for (;;)
    {
        while (!(item = queue_head))
        {
            BOOL woken;

            waiting_workers++;
            woken = SleepConditionVariableSRW( &queue_ready, &queue_lock, WORKER_IDLE_MS, 0 );
            waiting_workers--;
            if (!woken && !queue_head)
            {
                free_workers--;
                ReleaseSRWLockExclusive( &queue_lock );
                return;
            }
        }
        if (!(queue_head = item->next)) queue_tail = &queue_head;
        free_workers--;
        if (queue_head && !free_workers && !start_worker())
            ERR( "no thread for the next completion routine; it waits for this one\n" );
        ReleaseSRWLockExclusive( &queue_lock );

        item->run( item );

        AcquireSRWLockExclusive( &queue_lock );
        free_workers++;
    }
}

void workers_queue( struct work_item *item )
{
    BOOL started = TRUE;

    item->next = NULL;
    AcquireSRWLockExclusive( &queue_lock );
    *queue_tail = item;
    queue_tail = &item->next;
    if (!free_workers) started = start_worker();
    else if (waiting_workers) WakeConditionVariable( &queue_ready );
    ReleaseSRWLockExclusive( &queue_lock );

    if (!started)
    {
        /* No thread can be made now.  The routine must not run here: on the
         * completion thread it could wait for a lookup, that is, for this
         * very thread.  It waits in the queue; workers_retry() tries again. */
        ERR( "no thread to run a completion routine; it waits for one\n" );
        InterlockedExchange( &starved, 1 );
    }
}

void workers_retry(void)
{
    if (!InterlockedOr( &starved, 0 )) return;
    AcquireSRWLockExclusive( &queue_lock );
    if (!queue_head || free_workers || start_worker()) InterlockedExchange( &starved, 0 );
    ReleaseSRWLockExclusive( &queue_lock );
}
