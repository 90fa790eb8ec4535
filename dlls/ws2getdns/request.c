/*
 * ws2getdns: the table of lookups in flight, delivery and cancellation
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

/* A request lives in a slot of a table that only grows, so a slot pointer
 * stays valid for the life of the process; callers only ever see a handle
 * made of the slot index and a generation that changes every time the slot
 * is released.  A stale, reused or invented handle therefore never reaches a
 * live request (getdns reuses its transaction ids; Windows handles must not).
 *
 * A handle is (generation << HANDLE_INDEX_BITS) | (index + 1).  On 64-bit
 * both halves are 32 bits.  A 32-bit HANDLE has room for 18 bits of index
 * (262,142 slots, more lookups than a 32-bit process can hold: getdns alone
 * takes kilobytes per query) and the low 14 bits of the generation, so a
 * stale handle could only match after its slot was reused 16,384 times. */

enum request_state
{
    REQUEST_FREE,
    REQUEST_NEW,            /* being set up: no handle finds it, WSACleanup skips it */
    REQUEST_PENDING,        /* submitted, not yet completed or cancelled */
    REQUEST_DELIVERING,     /* result being written / routine running */
};

struct request
{
    UINT32                     generation;
    UINT32                     index;           /* own slot, fixed for life */
    enum request_state         state;
    UINT32                     next_free;
    struct lookup_query        query;
    WCHAR                     *name_copy;       /* query.name of a pending lookup */
    /* asynchronous requests */
    ADDRINFOEXW              **result;
    OVERLAPPED                *overlapped;
    lookup_completion_routine  routine;
    int                        status;
    DWORD                      routine_thread;
    struct work_item           work;            /* queued for a routine worker */
    /* while its routine waits for other routines: for the one of this
     * request (a cancel), or for all of them (WSACleanup) */
    struct request            *waits_on;
    BOOL                       waits_all;
    /* synchronous requests: the caller sleeps on `done` with WaitOnAddress,
     * which stays in the process (an event would cost two wineserver calls) */
    BOOL                       sync;
    LONG                       done;
    struct lookup_outcome      outcome;
};

#define NO_FREE_SLOT (~0u)

#ifdef _WIN64
#define HANDLE_INDEX_BITS 32
#else
#define HANDLE_INDEX_BITS 18
#endif
#define HANDLE_INDEX_MASK      (((ULONG_PTR)1 << HANDLE_INDEX_BITS) - 1)
#define HANDLE_GENERATION_MASK (~(ULONG_PTR)0 >> HANDLE_INDEX_BITS)
/* index + 1 never fills the index bits, so no handle is INVALID_HANDLE_VALUE */
#define MAX_SLOTS              ((UINT32)(HANDLE_INDEX_MASK - 1))
#define SYNC_SPINS   20000   /* pauses a synchronous caller spins before it sleeps */

static SRWLOCK table_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE delivery_done = CONDITION_VARIABLE_INIT;

static struct request **slots;
static UINT32 slot_count, slot_capacity;
static UINT32 first_free = NO_FREE_SLOT;
static UINT32 routines_running;      /* asynchronous deliveries not yet finished */
static UINT32 routines_waiting_all;  /* routines inside WSACleanup, waiting for the others */

/* The request whose completion routine runs on this thread, so that a
 * cancel or a WSACleanup from inside a routine never waits for itself, nor
 * for routines that wait for it. */
static DWORD routine_tls = TLS_OUT_OF_INDEXES;
static INIT_ONCE routine_tls_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK alloc_routine_tls( INIT_ONCE *once, void *param, void **context )
{
    routine_tls = TlsAlloc();
    return TRUE;
}

static struct request *running_routine(void)
{
    InitOnceExecuteOnce( &routine_tls_once, alloc_routine_tls, NULL, NULL );
    return routine_tls != TLS_OUT_OF_INDEXES ? TlsGetValue( routine_tls ) : NULL;
}

/* Called with table_lock held.  Would the routine of `self` (NULL on a
 * thread that runs none: no routine ever waits for such a thread) close a
 * circle of routines waiting for each other by waiting for the routine of
 * `target`?  Two routines cancelling each other's lookups, or one
 * cancelling the lookup of a routine that is inside WSACleanup, would. */
static BOOL wait_would_deadlock( const struct request *self, const struct request *target )
{
    UINT32 steps;

    if (!self) return FALSE;
    for (steps = 0; target && steps <= slot_count; steps++)
    {
        if (target == self || target->waits_all) return TRUE;
        if (target->state != REQUEST_DELIVERING) return FALSE;
        target = target->waits_on;
    }
    return FALSE;
}

static HANDLE handle_of( const struct request *req )
{
    return (HANDLE)((((ULONG_PTR)req->generation & HANDLE_GENERATION_MASK) << HANDLE_INDEX_BITS) |
                    (req->index + 1));
}

/* Called with table_lock held. */
static struct request *lookup_handle( HANDLE handle )
{
    ULONG_PTR value = (ULONG_PTR)handle;
    UINT32 index = (UINT32)(value & HANDLE_INDEX_MASK) - 1;
    struct request *req;

    if (!(value & HANDLE_INDEX_MASK) || index >= slot_count) return NULL;
    req = slots[index];
    if ((req->generation & HANDLE_GENERATION_MASK) != value >> HANDLE_INDEX_BITS ||
        req->state == REQUEST_FREE || req->state == REQUEST_NEW)
        return NULL;
    return req;
}

static struct request *request_alloc(void)
{
    struct request *req;

    AcquireSRWLockExclusive( &table_lock );
    if (first_free != NO_FREE_SLOT)
    {
        req = slots[first_free];
        first_free = req->next_free;
    }
    else
    {
        if (slot_count == MAX_SLOTS)
        {
            ReleaseSRWLockExclusive( &table_lock );
            return NULL;
        }
        if (slot_count == slot_capacity)
        {
            UINT32 capacity = slot_capacity ? min( slot_capacity * 2, MAX_SLOTS ) : 64;
            struct request **grown;

            if (slots) grown = HeapReAlloc( GetProcessHeap(), 0, slots, capacity * sizeof(*slots) );
            else grown = HeapAlloc( GetProcessHeap(), 0, capacity * sizeof(*slots) );
            if (!grown)
            {
                ReleaseSRWLockExclusive( &table_lock );
                return NULL;
            }
            slots = grown;
            slot_capacity = capacity;
        }
        if (!(req = HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*req) )))
        {
            ReleaseSRWLockExclusive( &table_lock );
            return NULL;
        }
        req->generation = 1;
        req->index = slot_count;
        slots[slot_count++] = req;
    }
    req->state = REQUEST_NEW;
    req->result = NULL;
    req->overlapped = NULL;
    req->routine = NULL;
    req->status = 0;
    req->routine_thread = 0;
    req->waits_on = NULL;
    req->waits_all = FALSE;
    req->sync = FALSE;
    req->done = 0;
    req->outcome.status = 0;
    req->outcome.result = NULL;
    ReleaseSRWLockExclusive( &table_lock );
    return req;
}

static void request_release( struct request *req, BOOL was_routine )
{
    HeapFree( GetProcessHeap(), 0, req->name_copy );
    req->name_copy = NULL;
    AcquireSRWLockExclusive( &table_lock );
    req->state = REQUEST_FREE;
    req->generation++;
    if (!req->generation) req->generation = 1;
    req->next_free = first_free;
    first_free = req->index;
    if (was_routine) routines_running--;
    ReleaseSRWLockExclusive( &table_lock );
    WakeAllConditionVariable( &delivery_done );
}

static void run_routine( struct work_item *item )
{
    struct request *req = CONTAINING_RECORD( item, struct request, work );

    req->routine_thread = GetCurrentThreadId();
    InitOnceExecuteOnce( &routine_tls_once, alloc_routine_tls, NULL, NULL );
    TlsSetValue( routine_tls, req );
    TRACE( "calling routine %p (%d, 0, %p)\n", req->routine, req->status, req->overlapped );
    req->routine( req->status, 0, (WSAOVERLAPPED *)req->overlapped );
    TRACE( "routine %p returned\n", req->routine );
    TlsSetValue( routine_tls, NULL );
    /* The caller may have freed the OVERLAPPED by now: touch nothing of it. */
    request_release( req, TRUE );
}

/* The one place where a request ends.  Called by exactly one thread per
 * request: the one that moved it from PENDING to DELIVERING. */
static void deliver( struct request *req, int status, ADDRINFOEXW *list )
{
    OVERLAPPED *overlapped = req->overlapped;
    HANDLE event;

    if (req->sync)
    {
        req->outcome.status = status;
        req->outcome.result = list;
        InterlockedExchange( &req->done, 1 );
        WakeByAddressSingle( (void *)&req->done );
        return;
    }

    /* Windows' order: the list, Pointer, Internal, then one notification.
     * A caller polling GetAddrInfoExOverlappedResult may free or reuse the
     * OVERLAPPED as soon as Internal changes: hEvent is read before, and
     * Internal is stored with release semantics, after everything else. */
    event = overlapped->hEvent;
    if (list) *req->result = list;
    overlapped->Pointer = req->result;
    req->status = status;
    InterlockedExchangePointer( (void **)&overlapped->Internal, (void *)(ULONG_PTR)status );
    test_hook( TEST_POINT_INTERNAL_WRITTEN, overlapped );

    if (req->routine)
    {
        AcquireSRWLockExclusive( &table_lock );
        routines_running++;
        ReleaseSRWLockExclusive( &table_lock );
        /* A routine may block, resolve synchronously or cancel other
         * lookups: it runs on a worker thread that stalls nobody. */
        req->work.run = run_routine;
        workers_queue( &req->work );
        return;
    }

    if (event) SetEvent( event );
    request_release( req, FALSE );
}

/* The request is set up: from now on its handle finds it, and a cancel or
 * WSACleanup may take it. */
static void request_publish( struct request *req )
{
    AcquireSRWLockExclusive( &table_lock );
    req->state = REQUEST_PENDING;
    ReleaseSRWLockExclusive( &table_lock );
}

/* The lookup could not be submitted: take the request back, unless a cancel
 * took it first (then that cancel delivers it).  Returns whether it was
 * taken back. */
static BOOL request_withdraw( struct request *req )
{
    BOOL taken;

    AcquireSRWLockExclusive( &table_lock );
    if ((taken = req->state == REQUEST_PENDING)) req->state = REQUEST_DELIVERING;
    ReleaseSRWLockExclusive( &table_lock );
    return taken;
}

int request_submit_async( const struct lookup_query *query, const char *ascii_name, DWORD timeout_ms,
                          ADDRINFOEXW **result, OVERLAPPED *overlapped,
                          lookup_completion_routine routine, HANDLE *handle )
{
    struct request *req;
    HANDLE old_handle = NULL, new_handle;
    int ret;

    if (!(req = request_alloc())) return WSA_NOT_ENOUGH_MEMORY;
    test_hook( TEST_POINT_REQUEST_ALLOCATED, NULL );
    req->query = *query;
    req->query.name = NULL;
    req->query.servers = NULL;
    if (query->name && (query->flags & (AI_CANONNAME | AI_FQDN)))
    {
        size_t size = (wcslen( query->name ) + 1) * sizeof(WCHAR);

        if (!(req->name_copy = HeapAlloc( GetProcessHeap(), 0, size )))
        {
            request_release( req, FALSE );
            return WSA_NOT_ENOUGH_MEMORY;
        }
        memcpy( req->name_copy, query->name, size );
        req->query.name = req->name_copy;
    }
    req->result = result;
    req->overlapped = overlapped;
    req->routine = routine;
    new_handle = handle_of( req );

    /* Everything the caller can observe is written before the lookup can
     * complete: after delivery we may not write to caller memory again. */
    overlapped->Internal = WSAEINPROGRESS;
    if (handle)
    {
        old_handle = *handle;
        *handle = new_handle;
    }
    request_publish( req );
    ret = test_hook( TEST_POINT_BEFORE_SUBMIT, new_handle ) ? WSA_NOT_ENOUGH_MEMORY
        : engine_submit( (ULONG_PTR)new_handle, query, ascii_name, timeout_ms, WSAETIMEDOUT );
    if (ret)
    {
        /* A cancel of the handle we published may have won: it delivers
         * WSA_E_CANCELLED, and for the caller the lookup was pending. */
        if (!request_withdraw( req ))
        {
            TRACE( "request %p cancelled while its submission failed\n", new_handle );
            return WSA_IO_PENDING;
        }
        if (handle) *handle = old_handle;
        request_release( req, FALSE );
        return ret;
    }
    TRACE( "request %p pending\n", new_handle );
    return WSA_IO_PENDING;
}

int request_run_sync( const struct lookup_query *query, const char *ascii_name, DWORD timeout_ms,
                      ADDRINFOEXW **result )
{
    struct request *req;
    LONG not_done = 0;
    void *buffer;
    BOOL done;
    int ret;

    if (!(req = request_alloc())) return WSA_NOT_ENOUGH_MEMORY;
    if (!(buffer = HeapAlloc( GetProcessHeap(), 0, WS2GETDNS_MIN_RUN_BUFFER )))
    {
        request_release( req, FALSE );
        return WSA_NOT_ENOUGH_MEMORY;
    }
    req->query = *query;
    req->sync = TRUE;
    request_publish( req );
    ret = engine_run_sync( (ULONG_PTR)handle_of( req ), query, ascii_name, timeout_ms, WSAETIMEDOUT,
                           buffer, WS2GETDNS_MIN_RUN_BUFFER, &done );
    /* Resolved on this thread: the request is ours to end, unless the
     * completion thread died meanwhile and fail_all_requests took it (then
     * its outcome is delivered as for any other). */
    if (!ret && done && request_withdraw( req ))
    {
        const struct result_record *record = buffer;
        ADDRINFOEXW *list = NULL;

        if (!(ret = record->status)) ret = build_result_list( &req->query, record, &list );
        TRACE( "request %p done on the calling thread, status %d\n", handle_of( req ), ret );
        *result = list;
    }
    else if (!ret)
    {
        unsigned int spins;

        /* A local or cached answer comes back soon: watching for it a
         * moment spares the caller a sleep and the completion thread a
         * wake-up.  The watch is short next to a lookup that goes out to the
         * network, which is then awaited asleep. */
        for (spins = 0; spins < SYNC_SPINS && !InterlockedOr( &req->done, 0 ); spins++) YieldProcessor();
        while (!InterlockedOr( &req->done, 0 ))
            WaitOnAddress( &req->done, &not_done, sizeof(not_done), INFINITE );
        ret = req->outcome.status;
        *result = req->outcome.result;
    }
    HeapFree( GetProcessHeap(), 0, buffer );
    request_release( req, FALSE );
    return ret;
}

void request_complete( const struct result_record *record )
{
    struct request *req;
    ADDRINFOEXW *list = NULL;
    int status;

    AcquireSRWLockExclusive( &table_lock );
    if (!(req = lookup_handle( (HANDLE)(ULONG_PTR)record->handle )) || req->state != REQUEST_PENDING)
    {
        /* cancelled while the engine was answering: the cancel delivered it */
        ReleaseSRWLockExclusive( &table_lock );
        TRACE( "dropping result for %s\n", wine_dbgstr_longlong( record->handle ) );
        return;
    }
    req->state = REQUEST_DELIVERING;
    ReleaseSRWLockExclusive( &table_lock );

    status = record->status;
    if (!status) status = build_result_list( &req->query, record, &list );
    TRACE( "request %s done, status %d, list %p\n", wine_dbgstr_longlong( record->handle ), status, list );
    deliver( req, status, list );
}

int request_cancel( HANDLE handle )
{
    struct request *req;
    UINT32 generation;

    AcquireSRWLockExclusive( &table_lock );
    if (!(req = lookup_handle( handle )) || req->sync)
    {
        ReleaseSRWLockExclusive( &table_lock );
        return WSA_INVALID_HANDLE;
    }
    if (req->state == REQUEST_DELIVERING)
    {
        struct request *self = running_routine();

        /* Windows returns only once the routine has returned (the race .NET
         * depends on), but a routine cancelling its own request must not
         * wait for itself, nor one that would close a circle of routines
         * waiting for each other (checked again at every wake-up: the
         * circle may close after this wait began). */
        if (req->routine_thread != GetCurrentThreadId())
        {
            generation = req->generation;
            if (self) self->waits_on = req;
            while (req->generation == generation && !wait_would_deadlock( self, req ))
                SleepConditionVariableSRW( &delivery_done, &table_lock, INFINITE, 0 );
            if (self) self->waits_on = NULL;
        }
        ReleaseSRWLockExclusive( &table_lock );
        return WSA_INVALID_HANDLE;
    }
    req->state = REQUEST_DELIVERING;
    ReleaseSRWLockExclusive( &table_lock );

    /* The caller's event first: the loop only has to drop the lookup, and
     * woken before SetEvent its thread would run beside the wineserver
     * while the wineserver handles SetEvent.  A handle value is never
     * reused (generations), so the cancel still finds only this lookup. */
    deliver( req, WSA_E_CANCELLED, NULL );
    engine_cancel( (ULONG_PTR)handle );
    return 0;
}

/* The completion thread is gone (engine.c): every pending lookup, waited
 * for synchronously or not, ends now with `status`. */
void fail_all_requests( int status )
{
    struct request **claimed = NULL;
    UINT32 i, count = 0;

    AcquireSRWLockExclusive( &table_lock );
    if (slot_count && (claimed = HeapAlloc( GetProcessHeap(), 0, slot_count * sizeof(*claimed) )))
    {
        for (i = 0; i < slot_count; i++)
        {
            if (slots[i]->state != REQUEST_PENDING) continue;
            slots[i]->state = REQUEST_DELIVERING;
            claimed[count++] = slots[i];
        }
    }
    ReleaseSRWLockExclusive( &table_lock );
    if (slot_count && !claimed) ERR( "no memory to fail the pending lookups\n" );
    for (i = 0; i < count; i++) deliver( claimed[i], status, NULL );
    HeapFree( GetProcessHeap(), 0, claimed );
}

void cancel_all_requests(void)
{
    struct request *self = running_routine();
    HANDLE *handles = NULL;
    UINT32 i, count = 0;

    AcquireSRWLockExclusive( &table_lock );
    if (slot_count && (handles = HeapAlloc( GetProcessHeap(), 0, slot_count * sizeof(*handles) )))
    {
        for (i = 0; i < slot_count; i++)
            if (slots[i]->state == REQUEST_PENDING && !slots[i]->sync)
                handles[count++] = handle_of( slots[i] );
    }
    ReleaseSRWLockExclusive( &table_lock );

    /* A snapshot: lookups started by the routines we trigger are not ours. */
    for (i = 0; i < count; i++) request_cancel( handles[i] );
    HeapFree( GetProcessHeap(), 0, handles );

    /* No routine may run after WSACleanup returns, except the caller's own
     * and those waiting here too (each of which waits for the others).  A
     * routine that waits here may be waited for by a cancel: wake those up
     * so that they see the circle. */
    AcquireSRWLockExclusive( &table_lock );
    if (self)
    {
        self->waits_all = TRUE;
        routines_waiting_all++;
        WakeAllConditionVariable( &delivery_done );
    }
    while (routines_running > routines_waiting_all)
        SleepConditionVariableSRW( &delivery_done, &table_lock, INFINITE, 0 );
    if (self)
    {
        self->waits_all = FALSE;
        routines_waiting_all--;
    }
    ReleaseSRWLockExclusive( &table_lock );
}
