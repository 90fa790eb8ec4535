/*
 * Shared helpers of the native benchmark anchors: options, clocks, CPU,
 * memory and the RESULT line (percentiles: bench_percentiles.h)
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

/* Included by exactly one .c per anchor program (static functions), so each
 * anchor still builds with one gcc command.  The options, defaults and
 * RESULT keys match tests/bench/gaibench.c, so run-bench can put the rows
 * side by side. */

#ifndef __WS2GETDNS_ANCHOR_COMMON_H
#define __WS2GETDNS_ANCHOR_COMMON_H

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench_percentiles.h"

#define MAX_NAME 128

struct options
{
    const char *mode;
    const char *label;
    const char *name;
    int count;
    int inflight;
    int max_outstanding;
    int limit_ms;
    int duration_ms;
    int settle_ms;
    int cancel_delay_ms;
};

static struct options opt;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime( CLOCK_MONOTONIC, &ts );
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void make_name( char *out, const char *pattern, int number )
{
    const char *mark = strstr( pattern, "%d" );

    if (mark) snprintf( out, MAX_NAME, "%.*s%d%s", (int)(mark - pattern), pattern, number, mark + 2 );
    else snprintf( out, MAX_NAME, "%s", pattern );
}

/* user + system time of the whole process (all threads) */
static double cpu_us(void)
{
    struct rusage ru;
    getrusage( RUSAGE_SELF, &ru );
    return ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
}

static long long status_kb( const char *key )
{
    char line[256];
    size_t len = strlen( key );
    long long v = -1;
    FILE *f = fopen( "/proc/self/status", "r" );

    if (!f) return -1;
    while (fgets( line, sizeof(line), f ))
        if (!strncmp( line, key, len ) && line[len] == ':')
        {
            v = atoll( line + len + 1 );
            break;
        }
    fclose( f );
    return v;
}

static void print_head( const char *mode )
{
    printf( "RESULT impl=%s mode=%s", opt.label, mode );
}

static void print_cpu( double c0, double c1, long lookups )
{
    printf( " cpu_proc_us=%.0f cpu_us_per_lookup=%.1f", c1 - c0, (c1 - c0) / (lookups > 0 ? lookups : 1) );
}

static void print_memory(void)
{
    printf( " rss_kb=%lld hwm_kb=%lld threads=%lld", status_kb( "VmRSS" ), status_kb( "VmHWM" ),
            status_kb( "Threads" ) );
}

/* The RESULT line of the sequential (sync) mode, the same for every anchor;
 * `note` is appended when not NULL. */
static void print_sync_result( int done, double start, long ok, long failed, const char *note,
                               double *lat, double c0 )
{
    print_head( "sync" );
    printf( " count=%d done=%d wall_ms=%.1f timeout=%d ok=%ld failed=%ld", opt.count, done,
            (now_us() - start) / 1000, done < opt.count, ok, failed );
    if (note) printf( " note=%s", note );
    print_percentiles( "sync", lat, done );
    print_cpu( c0, cpu_us(), done );
    printf( "\n" );
}

static void usage( const char *prog )
{
    fprintf( stderr,
             "usage: %s burst|throughput|cancel|sync|pending [options]\n"
             "  --count N            lookups (cancels in cancel mode)\n"
             "  --inflight N         throughput: lookups kept outstanding (default 1000)\n"
             "  --max-outstanding N  cap on lookups inside the library (default: none)\n"
             "  --name PATTERN       names, first %%d replaced by the lookup number\n"
             "  --limit-ms N         bound on every wait (default 60000)\n"
             "  --duration-ms N      throughput: stop issuing after N ms (default 5000)\n"
             "  --settle-ms N        pending: wait before reading memory (default 2000)\n"
             "  --cancel-delay-ms N  cancel: wait between start and cancel (default 2)\n"
             "  --label L            implementation label for the RESULT line\n", prog );
    exit( 2 );
}

static const char *default_name( const char *mode )
{
    if (!strcmp( mode, "burst" )) return "b%d.delay-1000.fault.test";
    if (!strcmp( mode, "cancel" ) || !strcmp( mode, "pending" )) return "p%d.drop.fault.test";
    return "t%d.bench.fault.test";
}

static void parse_options( int argc, char **argv, const char *label, int max_outstanding )
{
    int i;

    if (argc < 2) usage( argv[0] );
    opt.mode = argv[1];
    opt.label = label;
    opt.count = 1000;
    opt.inflight = 1000;
    opt.max_outstanding = max_outstanding;
    opt.limit_ms = 60000;
    opt.duration_ms = 5000;
    opt.settle_ms = 2000;
    opt.cancel_delay_ms = 2;
    for (i = 2; i < argc; i++)
    {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (!v) usage( argv[0] );
        if (!strcmp( a, "--count" )) opt.count = atoi( v );
        else if (!strcmp( a, "--inflight" )) opt.inflight = atoi( v );
        else if (!strcmp( a, "--max-outstanding" )) opt.max_outstanding = atoi( v );
        else if (!strcmp( a, "--name" )) opt.name = v;
        else if (!strcmp( a, "--limit-ms" )) opt.limit_ms = atoi( v );
        else if (!strcmp( a, "--duration-ms" )) opt.duration_ms = atoi( v );
        else if (!strcmp( a, "--settle-ms" )) opt.settle_ms = atoi( v );
        else if (!strcmp( a, "--cancel-delay-ms" )) opt.cancel_delay_ms = atoi( v );
        else if (!strcmp( a, "--label" )) opt.label = v;
        else usage( argv[0] );
        i++;
    }
    if (!opt.name) opt.name = default_name( opt.mode );
    if (opt.count < 1 || opt.inflight < 1 || opt.limit_ms < 1) usage( argv[0] );
    if (opt.max_outstanding <= 0) opt.max_outstanding = 1 << 30;
}


/* ---- the asynchronous modes, shared by every anchor ------------------------
 *
 * Each anchor provides:
 *   backend_start( slot, name )  start one lookup; 0 if started (it must
 *                                later call lookup_done( slot, ok ), possibly
 *                                from inside this call or from another thread)
 *   backend_wait( ms )           process events for at most ms
 *   backend_wake()               make backend_wait return (after the last completion)
 * A recursive mutex guards the counters because getaddrinfo_a completes on
 * other threads, and getdns may complete inside backend_start. */

#include <pthread.h>

static int backend_start( int slot, const char *name );
static void backend_wait( int ms );
static void backend_wake( void );

static pthread_mutex_t sched_lock;
static long sched_issued, sched_completed, sched_outstanding, sched_ok, sched_failed;
static long sched_target, sched_cap, sched_start_failed, sched_peak_outstanding;
static double sched_deadline, sched_last_done;
static int sched_pumping, sched_finished, sched_throughput;
/* throughput: completions counted when the issuing window closes, so that a
 * few slow stragglers (retransmissions) do not dilute the rate */
static int sched_snap_taken;
static long sched_snap_completed;
static double sched_snap_time;

static void sched_init( long target, long cap, int throughput, double deadline )
{
    pthread_mutexattr_t attr;

    pthread_mutexattr_init( &attr );
    pthread_mutexattr_settype( &attr, PTHREAD_MUTEX_RECURSIVE );
    pthread_mutex_init( &sched_lock, &attr );
    sched_target = target;
    sched_cap = cap;
    sched_throughput = throughput;
    sched_deadline = deadline;
}

static void sched_check_finished( void )
{
    int done = sched_throughput
        ? !sched_outstanding && (sched_issued >= sched_target || now_us() >= sched_deadline)
        : sched_completed >= sched_target;

    if (done && !sched_finished)
    {
        sched_finished = 1;
        sched_last_done = now_us();
        backend_wake();
    }
}

/* keep up to sched_cap lookups inside the library */
static void sched_pump( void )
{
    char name[MAX_NAME];

    pthread_mutex_lock( &sched_lock );
    if (!sched_pumping)
    {
        sched_pumping = 1;
        while (sched_outstanding < sched_cap && sched_issued < sched_target &&
               !(sched_throughput && now_us() >= sched_deadline))
        {
            long n = sched_issued++;

            make_name( name, opt.name, (int)n );
            sched_outstanding++;
            if (sched_outstanding > sched_peak_outstanding) sched_peak_outstanding = sched_outstanding;
            if (backend_start( (int)n, name ))
            {
                sched_outstanding--;
                sched_start_failed++;
                sched_failed++;
                sched_completed++;
            }
        }
        sched_pumping = 0;
    }
    sched_check_finished();
    pthread_mutex_unlock( &sched_lock );
}

static void lookup_done( int slot, int ok )
{
    (void)slot;
    pthread_mutex_lock( &sched_lock );
    sched_completed++;
    sched_outstanding--;
    if (ok) sched_ok++;
    else sched_failed++;
    if (sched_throughput && !sched_snap_taken && now_us() >= sched_deadline)
    {
        sched_snap_taken = 1;
        sched_snap_completed = sched_completed;
        sched_snap_time = now_us();
    }
    sched_pump();
    pthread_mutex_unlock( &sched_lock );
}

static int sched_run_until( double end )
{
    for (;;)
    {
        double left;
        pthread_mutex_lock( &sched_lock );
        if (sched_finished)
        {
            pthread_mutex_unlock( &sched_lock );
            return 1;
        }
        pthread_mutex_unlock( &sched_lock );
        left = (end - now_us()) / 1000;
        if (left <= 0) return 0;
        backend_wait( left > 100 ? 100 : (int)left + 1 );
    }
}

static void print_sched_counts( void )
{
    printf( " completed=%ld ok=%ld failed=%ld start_failed=%ld max_outstanding=%ld", sched_completed,
            sched_ok, sched_failed, sched_start_failed, sched_cap >= (1 << 30) ? -1 : sched_cap );
}

static void run_burst( void )
{
    double c0 = cpu_us(), t0 = now_us(), t_submitted;
    int finished;

    sched_init( opt.count, opt.max_outstanding, 0, 0 );
    sched_pump();
    t_submitted = now_us();
    finished = sched_run_until( t0 + opt.limit_ms * 1000.0 );
    print_head( "burst" );
    printf( " count=%d submit_ms=%.1f wall_ms=%.1f timeout=%d", opt.count, (t_submitted - t0) / 1000,
            ((finished ? sched_last_done : now_us()) - t0) / 1000, !finished );
    print_sched_counts();
    print_cpu( c0, cpu_us(), sched_completed );
    print_memory();
    printf( "\n" );
    fflush( stdout );
    if (!finished) _exit( 0 );
}

static void run_throughput( void )
{
    double c0 = cpu_us(), t0 = now_us(), wall, window;
    long cap = opt.inflight < opt.max_outstanding ? opt.inflight : opt.max_outstanding;
    long in_window;
    int finished;

    sched_init( opt.count, cap, 1, t0 + opt.duration_ms * 1000.0 );
    sched_pump();
    finished = sched_run_until( t0 + opt.limit_ms * 1000.0 );
    wall = (finished ? sched_last_done : now_us()) - t0;
    window = sched_snap_taken ? sched_snap_time - t0 : wall;
    in_window = sched_snap_taken ? sched_snap_completed : sched_completed;
    print_head( "throughput" );
    printf( " inflight=%ld wall_ms=%.1f window_ms=%.1f in_window=%ld lookups_per_s=%.0f drain_ms=%.1f timeout=%d",
            cap, wall / 1000, window / 1000, in_window, in_window / (window / 1e6), (wall - window) / 1000,
            !finished );
    print_sched_counts();
    print_cpu( c0, cpu_us(), sched_completed );
    print_memory();
    printf( "\n" );
    fflush( stdout );
    if (!finished) _exit( 0 );
}

/* memory with COUNT lookups to a server that never answers; lookups over
 * the cap wait in our own queue (a counter: they cost nothing) */
static void run_pending( void )
{
    long long rss0 = status_kb( "VmRSS" ), hwm0 = status_kb( "VmHWM" ), rss1, hwm1;
    double t0 = now_us(), t1;

    sched_init( opt.count, opt.max_outstanding, 0, 0 );
    sched_pump();
    t1 = now_us();
    sched_run_until( t1 + opt.settle_ms * 1000.0 );
    rss1 = status_kb( "VmRSS" );
    hwm1 = status_kb( "VmHWM" );
    print_head( "pending" );
    printf( " count=%d submit_ms=%.1f settle_ms=%d in_library=%ld queued=%ld completed_early=%ld",
            opt.count, (t1 - t0) / 1000, opt.settle_ms, sched_outstanding, sched_target - sched_issued,
            sched_completed );
    print_sched_counts();
    printf( " rss_before_kb=%lld hwm_before_kb=%lld", rss0, hwm0 );
    print_memory();
    printf( " pending_kb=%lld\n", (hwm1 > rss1 ? hwm1 : rss1) - rss0 );
    fflush( stdout );
    _exit( 0 );
}

#endif /* __WS2GETDNS_ANCHOR_COMMON_H */
