/*
 * anchor_gai: the native glibc getaddrinfo_a benchmark anchor
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

/* getaddrinfo_a (GAI_NOWAIT, AF_UNSPEC, SOCK_STREAM) with SIGEV_THREAD
 * notification.  glibc runs at most 20 helper threads, each in a blocking
 * getaddrinfo, so a burst against a 1 s server takes count/20 seconds; the
 * driver bounds it with --limit-ms and reports a timeout.  SIGEV_THREAD
 * starts one thread per completion: that cost is part of the API.
 * gai_cancel can only remove requests still queued (EAI_NOTCANCELED for a
 * running one), so cancel mode first fills the 20 helpers with lookups that
 * never end, then times gai_cancel on a queued request. */

#include "anchor_common.h"

#include <errno.h>
#include <netdb.h>
#include <semaphore.h>
#include <signal.h>

#define GAI_HELPERS 20

struct request
{
    struct gaicb cb;
    struct addrinfo hints;
    char name[MAX_NAME];
    int slot;
};

static sem_t wake_sem;

static void on_done( union sigval value )
{
    struct request *r = value.sival_ptr;
    int ok = gai_error( &r->cb ) == 0 && r->cb.ar_result;

    if (r->cb.ar_result) freeaddrinfo( r->cb.ar_result );
    lookup_done( r->slot, ok );
    free( r );
}

static int submit( struct request *r, int notify )
{
    struct gaicb *list[1] = { &r->cb };
    struct sigevent sev;

    memset( &r->hints, 0, sizeof(r->hints) );
    r->hints.ai_family = AF_UNSPEC;
    r->hints.ai_socktype = SOCK_STREAM;
    r->cb.ar_name = r->name;
    r->cb.ar_request = &r->hints;
    memset( &sev, 0, sizeof(sev) );
    sev.sigev_notify = notify ? SIGEV_THREAD : SIGEV_NONE;
    sev.sigev_notify_function = on_done;
    sev.sigev_value.sival_ptr = r;
    return getaddrinfo_a( GAI_NOWAIT, list, 1, &sev );
}

static int backend_start( int slot, const char *name )
{
    struct request *r = calloc( 1, sizeof(*r) );

    if (!r) return 1;
    snprintf( r->name, sizeof(r->name), "%s", name );
    r->slot = slot;
    if (submit( r, 1 ))
    {
        free( r );
        return 1;
    }
    return 0;
}

static void backend_wait( int ms )
{
    struct timespec ts;

    clock_gettime( CLOCK_REALTIME, &ts );
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L)
    {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    while (sem_timedwait( &wake_sem, &ts ) && errno == EINTR);
}

static void backend_wake( void )
{
    sem_post( &wake_sem );
}

static void run_cancel( void )
{
    double *lat = calloc( opt.count, sizeof(*lat) );
    struct request *blockers = calloc( GAI_HELPERS, sizeof(*blockers) );
    int i, n = 0, failed = 0, running_ret;
    struct request probe;
    double t0;

    /* a running request cannot be cancelled: show it once */
    memset( &probe, 0, sizeof(probe) );
    make_name( probe.name, opt.name, 1000000 );
    submit( &probe, 0 );
    usleep( opt.cancel_delay_ms * 1000 );
    running_ret = gai_cancel( &probe.cb );

    for (i = 0; i < GAI_HELPERS; i++)
    {
        make_name( blockers[i].name, opt.name, 1000001 + i );
        submit( &blockers[i], 0 );
    }
    usleep( 100000 );
    for (i = 0; i < opt.count; i++)
    {
        struct request *r = calloc( 1, sizeof(*r) );
        int ret;

        make_name( r->name, opt.name, i );
        if (submit( r, 0 ))
        {
            failed++;
            continue;
        }
        t0 = now_us();
        ret = gai_cancel( &r->cb );
        /* a removed request is never notified and its gai_error stays
         * EAI_INPROGRESS: gai_cancel's return is the whole answer */
        if (ret != EAI_CANCELED) failed++;
        else lat[n++] = now_us() - t0;
        /* a request still owned by glibc must stay allocated */
        if (ret == EAI_CANCELED) free( r );
    }
    print_head( "cancel" );
    printf( " count=%d attempted=%d cancel_delay_ms=%d cancel_failed=%d not_delivered=0 wrong_status=0"
            " supported=%d note=queued-only running_cancel=%s", opt.count, i, opt.cancel_delay_ms, failed,
            n >= (opt.count * 9) / 10, running_ret == EAI_NOTCANCELED ? "EAI_NOTCANCELED" :
            running_ret == EAI_CANCELED ? "EAI_CANCELED" : "other" );
    print_percentiles( "cancel", lat, n );
    printf( "\n" );
}

static void run_sync( void )
{
    double *lat = calloc( opt.count, sizeof(*lat) );
    double c0 = cpu_us(), start = now_us();
    struct addrinfo hints, *result;
    int i, ok = 0, failed = 0;

    memset( &hints, 0, sizeof(hints) );
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    for (i = 0; i < opt.count && now_us() < start + opt.limit_ms * 1000.0; i++)
    {
        char name[MAX_NAME];
        double t0;

        make_name( name, opt.name, i );
        t0 = now_us();
        result = NULL;
        if (!getaddrinfo( name, NULL, &hints, &result ) && result) ok++;
        else failed++;
        lat[i] = now_us() - t0;
        if (result) freeaddrinfo( result );
    }
    print_sync_result( i, start, ok, failed, "plain-getaddrinfo", lat, c0 );
}

int main( int argc, char **argv )
{
    parse_options( argc, argv, "getaddrinfo_a", 0 );
    sem_init( &wake_sem, 0, 0 );
    if (!strcmp( opt.mode, "burst" )) run_burst();
    else if (!strcmp( opt.mode, "throughput" )) run_throughput();
    else if (!strcmp( opt.mode, "pending" )) run_pending();
    else if (!strcmp( opt.mode, "cancel" )) run_cancel();
    else if (!strcmp( opt.mode, "sync" )) run_sync();
    else usage( argv[0] );
    fflush( stdout );
    _exit( 0 );
}
