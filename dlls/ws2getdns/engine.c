/*
 * ws2getdns: the completion thread and the calls into the getdns engine
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
WINE_DECLARE_DEBUG_CHANNEL(winediag);

static INIT_ONCE unixlib_once = INIT_ONCE_STATIC_INIT;
static NTSTATUS unixlib_status;
static INIT_ONCE engine_once = INIT_ONCE_STATIC_INIT;
static int engine_error = WSASYSNOTREADY;
static LONG completion_thread_gone;

BOOL engine_dead(void)
{
    return InterlockedOr( &completion_thread_gone, 0 ) != 0;
}

/* Without the completion thread nothing completes: every lookup pending now
 * fails, and every later one fails at once, rather than waiting forever. */
static void completion_thread_ends(void)
{
    ERR( "the completion thread ended: name resolution fails from now on\n" );
    InterlockedExchange( &completion_thread_gone, 1 );
    fail_all_requests( WSANO_RECOVERY );
}

/* The thread that runs the getdns loop (but for a synchronous caller that
 * finds it idle): it lives inside unix_run, which comes back with a batch
 * of finished lookups whenever there are some, and delivers them before
 * going back in. */
static DWORD WINAPI completion_thread( void *arg )
{
    struct run_params params;
    char *buffer;
    UINT32 i;

    if (!(buffer = HeapAlloc( GetProcessHeap(), 0, WS2GETDNS_MIN_RUN_BUFFER )))
    {
        ERR( "no memory for the completion buffer\n" );
        completion_thread_ends();
        return 1;
    }
    for (;;)
    {
        const char *pos = buffer;
        NTSTATUS status;

        params.buffer = buffer;
        params.size = WS2GETDNS_MIN_RUN_BUFFER;
        params.count = 0;
        if (test_hook( TEST_POINT_RUN, NULL )) status = 0xc0000001; /* STATUS_UNSUCCESSFUL */
        else status = UNIX_CALL( run, &params );
        if (status)
        {
            ERR( "engine loop failed, status %#lx\n", status );
            break;
        }
        for (i = 0; i < params.count; i++)
        {
            const struct result_record *record = (const struct result_record *)pos;

            request_complete( record );
            pos += record->size;
        }
        workers_retry();
    }
    HeapFree( GetProcessHeap(), 0, buffer );
    completion_thread_ends();
    return 1;
}

static BOOL CALLBACK unixlib_init( INIT_ONCE *once, void *param, void **context )
{
    unixlib_status = __wine_init_unix_call();
    return TRUE;
}

/* The Unix side alone: asking what the settings say must not start the
 * engine and its thread in a program that never looks a name up with it. */
static NTSTATUS unixlib_load(void)
{
    InitOnceExecuteOnce( &unixlib_once, unixlib_init, NULL, NULL );
    return unixlib_status;
}

static BOOL CALLBACK engine_init( INIT_ONCE *once, void *param, void **context )
{
    struct init_params params = { 0 };
    NTSTATUS status;
    HANDLE thread;

    if ((status = unixlib_load()))
    {
        ERR_(winediag)( "ws2getdns.so could not be loaded (status %#lx): is ws2getdns installed in "
                        "this prefix's WINEDLLPATH? Name resolution will fail.\n", status );
        return TRUE;
    }
    if ((status = UNIX_CALL( init, &params )) || params.status)
    {
        ERR_(winediag)( "the getdns engine failed to start (status %#lx, error %u): check that "
                        "libgetdns10 is installed and /etc/resolv.conf names a server.\n",
                        status, params.status );
        if (params.status) engine_error = params.status;
        return TRUE;
    }
    if (test_hook( TEST_POINT_THREAD_START, NULL )
        || !(thread = CreateThread( NULL, 0, completion_thread, NULL, 0, NULL )))
    {
        ERR( "could not create the completion thread, error %lu\n", GetLastError() );
        engine_error = WSA_NOT_ENOUGH_MEMORY;
        return TRUE;
    }
    CloseHandle( thread );
    engine_error = 0;
    return TRUE;
}

int engine_start(void)
{
    InitOnceExecuteOnce( &engine_once, engine_init, NULL, NULL );
    return engine_error;
}

/* The contract's layout must not depend on the ABI (i686 mingw aligns
 * 64-bit members to 8, i386 gcc to 4): see unixlib.h. */
C_ASSERT( sizeof(struct server_addr) == 24 );
C_ASSERT( sizeof(struct submit_params) == 480 );
C_ASSERT( FIELD_OFFSET( struct submit_params, servers ) == 288 );
C_ASSERT( sizeof(struct reverse_params) == 284 );

static void fill_submit( struct submit_params *params, UINT64 handle, const struct lookup_query *query,
                         const char *ascii_name, DWORD timeout_ms, int timeout_status )
{
    params->handle = handle;
    params->family = query->family;
    params->flags = query->flags;
    params->timeout_ms = timeout_ms;
    params->timeout_status = timeout_status;
    lstrcpynA( params->name, ascii_name, sizeof(params->name) );
    params->server_count = 0;
    params->server_flags = 0;
    if (query->servers)
    {
        params->server_count = query->servers->count;
        params->server_flags = query->servers->flags;
        memcpy( params->servers, query->servers->addrs, query->servers->count * sizeof(params->servers[0]) );
    }
}

static int submit_error( NTSTATUS status )
{
    WARN( "submit failed, status %#lx\n", status );
    return status == STATUS_NO_MEMORY ? WSA_NOT_ENOUGH_MEMORY : WSANO_RECOVERY;
}

int engine_submit( UINT64 handle, const struct lookup_query *query, const char *ascii_name,
                   DWORD timeout_ms, int timeout_status )
{
    struct submit_params params;
    NTSTATUS status;
    int ret;

    if ((ret = engine_start())) return ret;
    if (engine_dead()) return WSANO_RECOVERY;
    fill_submit( &params, handle, query, ascii_name, timeout_ms, timeout_status );
    if (!(status = UNIX_CALL( submit, &params ))) return 0;
    return submit_error( status );
}

/* A synchronous lookup: *done says whether its record is in `buffer`
 * (resolved on this thread) or will reach request_complete like any other. */
int engine_run_sync( UINT64 handle, const struct lookup_query *query, const char *ascii_name,
                     DWORD timeout_ms, int timeout_status, void *buffer, UINT32 size, BOOL *done )
{
    struct run_sync_params params;
    NTSTATUS status;
    int ret;

    *done = FALSE;
    if ((ret = engine_start())) return ret;
    if (engine_dead()) return WSANO_RECOVERY;
    fill_submit( &params.submit, handle, query, ascii_name, timeout_ms, timeout_status );
    params.buffer = buffer;
    params.size = size;
    params.done = 0;
    if ((status = UNIX_CALL( run_sync, &params ))) return submit_error( status );
    *done = params.done != 0;
    return 0;
}

void engine_cancel( UINT64 handle )
{
    struct cancel_params params = { handle };

    UNIX_CALL( cancel, &params );
}

UINT32 engine_privacy(void)
{
    struct privacy_params params = { 0 };

    if (unixlib_load() || UNIX_CALL( get_privacy, &params )) return 0;
    return params.flags;
}

/* the hosts file, then a PTR query with the prefix's settings; the Unix
 * side alone, not the engine (unix_reverse.h) */
int engine_reverse_lookup( struct reverse_params *params )
{
    NTSTATUS status;

    if ((status = unixlib_load()) || (status = UNIX_CALL( reverse_lookup, params )))
    {
        WARN( "reverse lookup failed, status %#lx\n", status );
        return WSANO_RECOVERY;
    }
    return params->status;
}

int engine_get_port( const WCHAR *service, int socktype, int protocol, USHORT *port )
{
    struct port_params params = { { 0 } };
    int ret;

    if ((ret = engine_start())) return ret;
    if (!WideCharToMultiByte( CP_ACP, 0, service, -1, params.service, sizeof(params.service), NULL, NULL ))
        return WSATYPE_NOT_FOUND;
    params.socktype = socktype;
    params.protocol = protocol;
    if (UNIX_CALL( get_port, &params )) return WSANO_RECOVERY;
    if (params.status) return params.status;
    /* no htons: importing ws2_32 would import ourselves */
    *port = (USHORT)((params.port >> 8) | (params.port << 8));
    return 0;
}
