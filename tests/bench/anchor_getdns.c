/*
 * anchor_getdns: the native getdns benchmark anchor (stub mode, default event loop)
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

/* getdns_address (A + AAAA, hosts then DNS) on one context in STUB mode,
 * upstreams from /etc/resolv.conf, driven by getdns's own poll loop.
 * getdns opens one UDP socket per query, so at most --max-outstanding
 * lookups (default 4000 = 8000 sockets, under the 20,000 descriptor limit)
 * are inside getdns; the rest wait in our queue (docs/getdns.md, Transports). */

#include "anchor_common.h"

#include <unistd.h>
#include <getdns/getdns.h>
#include <getdns/getdns_extra.h>

#define DEFAULT_MAX_OUTSTANDING 4000

static getdns_context *context;
static getdns_eventloop *loop;

/* cancel mode */
static double cancel_t0, cancel_t1;
static int cancel_type;

static int answer_ok( getdns_dict *response )
{
    getdns_list *addresses;
    size_t n = 0;

    if (!response) return 0;
    if (getdns_dict_get_list( response, "just_address_answers", &addresses )) return 0;
    getdns_list_get_length( addresses, &n );
    return n > 0;
}

static void on_answer( getdns_context *ctx, getdns_callback_type_t type, getdns_dict *response,
                       void *userarg, getdns_transaction_t tid )
{
    int ok = type == GETDNS_CALLBACK_COMPLETE && answer_ok( response );

    (void)ctx; (void)tid;
    getdns_dict_destroy( response );
    lookup_done( (int)(intptr_t)userarg, ok );
}

static int backend_start( int slot, const char *name )
{
    getdns_transaction_t tid;

    return getdns_address( context, name, NULL, (void *)(intptr_t)slot, &tid, on_answer ) != GETDNS_RETURN_GOOD;
}

static void backend_wait( int ms )
{
    (void)ms;
    /* blocks until the next fd or timer event; our own timers bound it */
    loop->vmt->run_once( loop, 1 );
}

static void backend_wake( void )
{
}

/* a timer that keeps run_once from sleeping past our own deadlines */
static void tick_cb( void *arg )
{
    getdns_eventloop_event *ev = arg;
    loop->vmt->clear( loop, ev );
    loop->vmt->schedule( loop, -1, 100, ev );
}

static void on_cancel( getdns_context *ctx, getdns_callback_type_t type, getdns_dict *response,
                       void *userarg, getdns_transaction_t tid )
{
    (void)ctx; (void)userarg; (void)tid;
    cancel_t1 = now_us();
    cancel_type = type;
    getdns_dict_destroy( response );
}

/* getdns runs the CANCEL callback synchronously inside getdns_cancel_callback */
static void run_cancel( void )
{
    double *lat = calloc( opt.count, sizeof(*lat) );
    int i, n = 0, failed = 0, wrong = 0;

    for (i = 0; i < opt.count; i++)
    {
        char name[MAX_NAME];
        getdns_transaction_t tid;
        double until;

        make_name( name, opt.name, i );
        cancel_type = 0;
        if (getdns_address( context, name, NULL, NULL, &tid, on_cancel ))
        {
            failed++;
            continue;
        }
        /* let the query leave, as the Windows program does */
        until = now_us() + opt.cancel_delay_ms * 1000.0;
        while (now_us() < until) loop->vmt->run_once( loop, 0 );
        cancel_t0 = now_us();
        if (getdns_cancel_callback( context, tid ) || !cancel_type)
        {
            failed++;
            continue;
        }
        if (cancel_type != GETDNS_CALLBACK_CANCEL) wrong++;
        else lat[n++] = cancel_t1 - cancel_t0;
    }
    print_head( "cancel" );
    printf( " count=%d attempted=%d cancel_delay_ms=%d cancel_failed=%d not_delivered=0 wrong_status=%d supported=%d",
            opt.count, i, opt.cancel_delay_ms, failed, wrong, n >= (opt.count * 9) / 10 );
    print_percentiles( "cancel", lat, n );
    printf( "\n" );
}

static void run_sync( void )
{
    double *lat = calloc( opt.count, sizeof(*lat) );
    double c0 = cpu_us(), start = now_us();
    int i, ok = 0, failed = 0;

    for (i = 0; i < opt.count && now_us() < start + opt.limit_ms * 1000.0; i++)
    {
        char name[MAX_NAME];
        getdns_dict *response = NULL;
        double t0;

        make_name( name, opt.name, i );
        t0 = now_us();
        if (!getdns_address_sync( context, name, NULL, &response ) && answer_ok( response )) ok++;
        else failed++;
        lat[i] = now_us() - t0;
        getdns_dict_destroy( response );
    }
    print_sync_result( i, start, ok, failed, NULL, lat, c0 );
}

int main( int argc, char **argv )
{
    getdns_eventloop_event tick;

    parse_options( argc, argv, "getdns", DEFAULT_MAX_OUTSTANDING );
    if (getdns_context_create( &context, 1 ) ||
        getdns_context_set_resolution_type( context, GETDNS_RESOLUTION_STUB ) ||
        getdns_context_set_timeout( context, opt.limit_ms ) ||
        getdns_context_get_eventloop( context, &loop ))
    {
        fprintf( stderr, "anchor_getdns: cannot set up a getdns context\n" );
        return 1;
    }
    memset( &tick, 0, sizeof(tick) );
    tick.userarg = &tick;
    tick.timeout_cb = tick_cb;
    loop->vmt->schedule( loop, -1, 100, &tick );

    if (!strcmp( opt.mode, "burst" )) run_burst();
    else if (!strcmp( opt.mode, "throughput" )) run_throughput();
    else if (!strcmp( opt.mode, "pending" )) run_pending();
    else if (!strcmp( opt.mode, "cancel" )) run_cancel();
    else if (!strcmp( opt.mode, "sync" )) run_sync();
    else usage( argv[0] );
    fflush( stdout );
    /* destroying a context with thousands of requests is not what we measure */
    _exit( 0 );
}
