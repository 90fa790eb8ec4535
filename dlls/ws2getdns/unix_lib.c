/*
 * ws2getdns Unix side: the Wine unixlib entry points
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

#if 0
#pragma makedep unix
#endif

#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"

#include "unix_resolver.h"
#include "unix_port.h"
#include "unix_privacy.h"
#include "unix_reverse.h"

typedef NTSTATUS (*unixlib_entry_t)( void *args );

/* one resolver per process, created by the first unix_init */
static struct resolver *resolver;
static UINT32 resolver_status;
static pthread_once_t resolver_once = PTHREAD_ONCE_INIT;

static void create_resolver(void)
{
    resolver_status = resolver_create( &resolver );
}

static NTSTATUS ws2getdns_init( void *args )
{
    struct init_params *params = args;

    pthread_once( &resolver_once, create_resolver );
    params->status = resolver_status;
    return STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_submit( void *args )
{
    if (!resolver) return STATUS_INVALID_DEVICE_STATE;
    return resolver_submit( resolver, args ) ? STATUS_NO_MEMORY : STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_cancel( void *args )
{
    const struct cancel_params *params = args;

    if (!resolver) return STATUS_INVALID_DEVICE_STATE;
    return resolver_cancel( resolver, params->handle ) ? STATUS_NO_MEMORY : STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_run( void *args )
{
    if (!resolver) return STATUS_INVALID_DEVICE_STATE;
    resolver_run( resolver, args );
    return STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_run_sync( void *args )
{
    if (!resolver) return STATUS_INVALID_DEVICE_STATE;
    return resolver_run_sync( resolver, args ) ? STATUS_NO_MEMORY : STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_get_port( void *args )
{
    port_lookup( args );
    return STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_get_privacy( void *args )
{
    privacy_query( args );
    return STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_reverse_lookup( void *args )
{
    reverse_lookup( args );
    return STATUS_SUCCESS;
}

/* the one symbol ntdll looks up: visible even with -fvisibility=hidden */
__attribute__((visibility("default"))) const unixlib_entry_t __wine_unix_call_funcs[] =
{
    ws2getdns_init,
    ws2getdns_submit,
    ws2getdns_cancel,
    ws2getdns_run,
    ws2getdns_get_port,
    ws2getdns_run_sync,
    ws2getdns_get_privacy,
    ws2getdns_reverse_lookup,
};

_Static_assert( sizeof(__wine_unix_call_funcs) / sizeof(__wine_unix_call_funcs[0]) == unix_funcs_count,
                "__wine_unix_call_funcs does not match enum ws2getdns_funcs" );
