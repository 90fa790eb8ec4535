/*
 * anchor_cares: the native c-ares benchmark anchor (ares_getaddrinfo, poll loop)
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

/* ares_getaddrinfo (AF_UNSPEC, SOCK_STREAM: A + AAAA) on one channel with
 * the system configuration (/etc/resolv.conf, /etc/hosts), driven by
 * ares_getsock + poll + ares_process_fd.  c-ares 1.18 has no per-query
 * cancel: ares_cancel ends every query of a channel, so cancel mode gives
 * each lookup its own channel (ares_dup) and times ares_cancel on it. */

#include "anchor_common.h"

#include <poll.h>
#include <ares.h>

static ares_channel channel;
static int wake_flag;

/* cancel mode */
static double cancel_t1;
static int cancel_status, cancel_called;

static void on_answer( void *arg, int status, int timeouts, struct ares_addrinfo *result )
{
    int ok = status == ARES_SUCCESS && result && result->nodes;

    (void)timeouts;
    if (result) ares_freeaddrinfo( result );
    lookup_done( (int)(intptr_t)arg, ok );
}

static void start_on( ares_channel ch, const char *name, ares_addrinfo_callback cb, void *arg )
{
    struct ares_addrinfo_hints hints;

    memset( &hints, 0, sizeof(hints) );
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    ares_getaddrinfo( ch, name, NULL, &hints, cb, arg );
}

static int backend_start( int slot, const char *name )
{
    start_on( channel, name, on_answer, (void *)(intptr_t)slot );
    return 0;
}

/* one round of the event loop of channel ch, at most ms */
static void wait_on( ares_channel ch, int ms )
{
    ares_socket_t socks[ARES_GETSOCK_MAXNUM];
    struct pollfd fds[ARES_GETSOCK_MAXNUM];
    struct timeval max, tv, *tvp;
    int bits, i, n = 0, timeout;

    bits = ares_getsock( ch, socks, ARES_GETSOCK_MAXNUM );
    for (i = 0; i < ARES_GETSOCK_MAXNUM; i++)
    {
        if (!ARES_GETSOCK_READABLE( bits, i ) && !ARES_GETSOCK_WRITABLE( bits, i )) continue;
        fds[n].fd = socks[i];
        fds[n].events = (ARES_GETSOCK_READABLE( bits, i ) ? POLLIN : 0) |
                        (ARES_GETSOCK_WRITABLE( bits, i ) ? POLLOUT : 0);
        fds[n].revents = 0;
        n++;
    }
    max.tv_sec = ms / 1000;
    max.tv_usec = (ms % 1000) * 1000;
    tvp = ares_timeout( ch, &max, &tv );
    timeout = tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000;
    if (poll( fds, n, timeout ) < 0) return;
    for (i = 0; i < n; i++)
        ares_process_fd( ch, fds[i].revents & (POLLIN | POLLERR | POLLHUP) ? fds[i].fd : ARES_SOCKET_BAD,
                         fds[i].revents & POLLOUT ? fds[i].fd : ARES_SOCKET_BAD );
    /* timeouts and retransmissions */
    ares_process_fd( ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD );
}

static void backend_wait( int ms )
{
    if (!wake_flag) wait_on( channel, ms );
}

static void backend_wake( void )
{
    wake_flag = 1;
}

static void on_cancel( void *arg, int status, int timeouts, struct ares_addrinfo *result )
{
    (void)arg; (void)timeouts;
    cancel_t1 = now_us();
    cancel_status = status;
    cancel_called++;
    if (result) ares_freeaddrinfo( result );
}

static void run_cancel( void )
{
    double *lat = calloc( opt.count, sizeof(*lat) );
    int i, n = 0, failed = 0, wrong = 0;

    for (i = 0; i < opt.count; i++)
    {
        char name[MAX_NAME];
        ares_channel own;
        double until, t0;

        if (ares_dup( &own, channel ) != ARES_SUCCESS)
        {
            failed++;
            continue;
        }
        make_name( name, opt.name, i );
        cancel_called = 0;
        start_on( own, name, on_cancel, NULL );
        until = now_us() + opt.cancel_delay_ms * 1000.0;
        while (now_us() < until) wait_on( own, (int)((until - now_us()) / 1000) + 1 );
        t0 = now_us();
        ares_cancel( own );
        if (cancel_called != 1) failed++;
        else if (cancel_status != ARES_ECANCELLED) wrong++;
        else lat[n++] = cancel_t1 - t0;
        ares_destroy( own );
    }
    print_head( "cancel" );
    printf( " count=%d attempted=%d cancel_delay_ms=%d cancel_failed=%d not_delivered=0 wrong_status=%d supported=%d"
            " note=channel-per-lookup", opt.count, i, opt.cancel_delay_ms, failed, wrong, n >= (opt.count * 9) / 10 );
    print_percentiles( "cancel", lat, n );
    printf( "\n" );
}

/* c-ares has no blocking call: one lookup, then the loop until it is done */
static void run_sync( void )
{
    double *lat = calloc( opt.count, sizeof(*lat) );
    double c0 = cpu_us(), start = now_us();
    int i;

    /* target 0: lookup_done only counts, it never starts another lookup */
    sched_init( 0, 1, 0, 0 );
    for (i = 0; i < opt.count && now_us() < start + opt.limit_ms * 1000.0; i++)
    {
        char name[MAX_NAME];
        long before = sched_completed;
        double t0;

        make_name( name, opt.name, i );
        t0 = now_us();
        sched_outstanding++;
        backend_start( i, name );
        while (sched_completed == before && now_us() < start + opt.limit_ms * 1000.0) wait_on( channel, 100 );
        lat[i] = now_us() - t0;
    }
    print_sync_result( i, start, sched_ok, sched_failed, "loop-until-done", lat, c0 );
}

int main( int argc, char **argv )
{
    struct ares_options options;

    parse_options( argc, argv, "c-ares", 0 );
    memset( &options, 0, sizeof(options) );
    if (ares_library_init( ARES_LIB_INIT_ALL ) || ares_init_options( &channel, &options, 0 ))
    {
        fprintf( stderr, "anchor_cares: cannot set up a channel\n" );
        return 1;
    }
    if (!strcmp( opt.mode, "burst" )) run_burst();
    else if (!strcmp( opt.mode, "throughput" )) run_throughput();
    else if (!strcmp( opt.mode, "pending" )) run_pending();
    else if (!strcmp( opt.mode, "cancel" )) run_cancel();
    else if (!strcmp( opt.mode, "sync" )) run_sync();
    else usage( argv[0] );
    fflush( stdout );
    _exit( 0 );
}
