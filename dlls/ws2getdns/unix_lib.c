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

#include "unix_engine.h"

typedef NTSTATUS (*unixlib_entry_t)(void *args);

/* one engine per process, created by the first unix_init */
static struct engine *engine;
static UINT32 engine_status;
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;

static void create_engine(void)
{
    engine_status = engine_create(&engine);
}

static NTSTATUS ws2getdns_init(void *args)
{
    struct init_params *params = args;

    pthread_once(&engine_once, create_engine);
    params->status = engine_status;
    return STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_submit(void *args)
{
    if (!engine) return STATUS_INVALID_DEVICE_STATE;
    return engine_submit(engine, args) ? STATUS_NO_MEMORY : STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_cancel(void *args)
{
    const struct cancel_params *params = args;

    if (!engine) return STATUS_INVALID_DEVICE_STATE;
    return engine_cancel(engine, params->handle) ? STATUS_NO_MEMORY : STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_run(void *args)
{
    struct run_params *params = args;

    if (!engine) return STATUS_INVALID_DEVICE_STATE;
    engine_run(engine, params);
    return STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_stop(void *args)
{
    if (!engine) return STATUS_INVALID_DEVICE_STATE;
    engine_stop(engine);
    return STATUS_SUCCESS;
}

static NTSTATUS ws2getdns_get_port(void *args)
{
    port_lookup(args);
    return STATUS_SUCCESS;
}

/* the one symbol ntdll looks up: visible even with -fvisibility=hidden */
__attribute__((visibility("default"))) const unixlib_entry_t __wine_unix_call_funcs[] =
{
    ws2getdns_init,
    ws2getdns_submit,
    ws2getdns_cancel,
    ws2getdns_run,
    ws2getdns_stop,
    ws2getdns_get_port,
};

_Static_assert(sizeof(__wine_unix_call_funcs) / sizeof(__wine_unix_call_funcs[0]) == unix_funcs_count,
               "__wine_unix_call_funcs does not match enum ws2getdns_funcs");
