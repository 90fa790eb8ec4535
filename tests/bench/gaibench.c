/*
 * gaibench: GetAddrInfoExW benchmark (burst, throughput, cancel beside its floor,
 * sync, pending), and Wine's own event wake-ups (wake)
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

/* Run by tests/bench/run-bench under Wine, once with ws2getdns and once with
 * stock Wine, inside the test sandbox.  One mode per process, so memory and
 * thread counts of one mode never leak into another.  Every wait is bounded:
 * an implementation that never completes a lookup is reported as a timeout.
 *
 * Output: one line per result,
 *   RESULT impl=LABEL mode=MODE key=value ...
 * Times are wall clock from QueryPerformanceCounter.  CPU is the process's
 * user + kernel time from GetProcessTimes plus, with --server-pid, the CPU the
 * wineserver spent in the same window (its /proc/PID/stat, read through
 * Wine's Z: drive), because under Wine that is part of the cost.  Memory is
 * GetProcessMemoryInfo, which under Wine is the Linux VmRSS / VmHWM. */

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <psapi.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ws2getdns_compat.h"

#include "bench_percentiles.h"

#define MAX_NAME 128

struct options
{
    const char *mode;
    const char *label;
    const char *name;
    int count;
    int inflight;
    int limit_ms;
    int duration_ms;
    int settle_ms;
    int cancel_delay_ms;
    int server_pid;
    int resubmit_main;
    int mark_ok;
    int after_ms;
};

struct slot
{
    OVERLAPPED   overlapped;
    ADDRINFOEXW *result;
    HANDLE       handle;
    WCHAR        name[MAX_NAME];
    LONG         done;
};

static struct options opt;
static struct slot *slots;
static LARGE_INTEGER qpc_freq;

/* counters shared with the completion routines */
static LONG completed, ok_count, failed_count, empty_count, dup_count;
static LONG issued, active_slots;
static LONG first_error;
static LONGLONG last_done_qpc;
/* burst: when the mark_ok-th lookup delivered its addresses */
static LONGLONG mark_ok_qpc;
static HANDLE done_event;
static LONG target;
static LONGLONG deadline_qpc;
/* throughput: completions counted when the issuing window closes, so that a
 * few slow stragglers do not dilute the rate */
static LONG snap_taken, snap_completed;
static LONGLONG snap_qpc;

/* --resubmit main: slots that finished wait here for the main thread */
static CRITICAL_SECTION free_lock;
static int *free_list;
static int free_top;
static HANDLE free_sem;

static LONGLONG now_qpc(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter( &t );
    return t.QuadPart;
}

static double qpc_to_us( LONGLONG ticks )
{
    return ticks * 1e6 / qpc_freq.QuadPart;
}

/* "q%d.bench.fault.test" -> "q17.bench.fault.test"; only the first %d is
 * replaced, the pattern is never used as a format string */
static void make_name( WCHAR *out, const char *pattern, int number )
{
    char buf[MAX_NAME];
    const char *mark = strstr( pattern, "%d" );

    if (mark) snprintf( buf, sizeof(buf), "%.*s%d%s", (int)(mark - pattern), pattern, number, mark + 2 );
    else snprintf( buf, sizeof(buf), "%s", pattern );
    MultiByteToWideChar( CP_ACP, 0, buf, -1, out, MAX_NAME );
}

static void fill_hints( ADDRINFOEXW *hints )
{
    memset( hints, 0, sizeof(*hints) );
    hints->ai_family = AF_UNSPEC;
    hints->ai_socktype = SOCK_STREAM;
    hints->ai_protocol = IPPROTO_TCP;
}

/* ---- measuring ------------------------------------------------------------ */

static ULONGLONG win_cpu_us(void)
{
    FILETIME created, exited, kernel, user;
    ULARGE_INTEGER k, u;

    if (!GetProcessTimes( GetCurrentProcess(), &created, &exited, &kernel, &user )) return 0;
    k.LowPart = kernel.dwLowDateTime; k.HighPart = kernel.dwHighDateTime;
    u.LowPart = user.dwLowDateTime; u.HighPart = user.dwHighDateTime;
    return (k.QuadPart + u.QuadPart) / 10;
}

/* Reads a Linux /proc file through Wine's Z: drive; fails harmlessly on
 * Windows, where there is no such drive. */
static int read_proc( const char *path, char *buf, DWORD size )
{
    HANDLE file = CreateFileA( path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                               OPEN_EXISTING, 0, NULL );
    DWORD got = 0, n;

    if (file == INVALID_HANDLE_VALUE) return 0;
    while (got < size - 1 && ReadFile( file, buf + got, size - 1 - got, &n, NULL ) && n) got += n;
    CloseHandle( file );
    buf[got] = 0;
    return got > 0;
}

/* utime + stime of a Linux process in microseconds, -1 if unknown */
static LONGLONG linux_cpu_us( const char *which )
{
    char path[64], buf[2048], *p;
    unsigned long long utime, stime;
    int field;

    snprintf( path, sizeof(path), "Z:\\proc\\%s\\stat", which );
    if (!read_proc( path, buf, sizeof(buf) )) return -1;
    /* the command name may contain spaces: fields are counted after ')' */
    if (!(p = strrchr( buf, ')' ))) return -1;
    p += 2;
    for (field = 3; field < 14 && p; field++)
    {
        p = strchr( p, ' ' );
        if (p) p++;
    }
    if (!p || sscanf( p, "%llu %llu", &utime, &stime ) != 2) return -1;
    /* USER_HZ is 100 on every Linux architecture Wine runs on */
    return (LONGLONG)(utime + stime) * 10000;
}

struct cpu_mark
{
    ULONGLONG win;
    LONGLONG server;
};

static void cpu_mark( struct cpu_mark *m )
{
    char pid[16];

    m->win = win_cpu_us();
    m->server = -1;
    if (opt.server_pid)
    {
        snprintf( pid, sizeof(pid), "%d", opt.server_pid );
        m->server = linux_cpu_us( pid );
    }
}

/* cpu_us_per_lookup counts the process and, when known, the wineserver:
 * every wait, event and handle under Wine costs wineserver time too */
static void print_cpu( const struct cpu_mark *a, const struct cpu_mark *b, LONG lookups )
{
    double n = lookups > 0 ? lookups : 1;
    LONGLONG total = b->win - a->win;

    printf( " cpu_proc_us=%llu", b->win - a->win );
    if (a->server >= 0 && b->server >= 0)
    {
        printf( " cpu_server_us=%lld", b->server - a->server );
        total += b->server - a->server;
    }
    printf( " cpu_us_per_lookup=%.1f", total / n );
}

static LONG thread_count(void)
{
    HANDLE snap = CreateToolhelp32Snapshot( TH32CS_SNAPTHREAD, 0 );
    THREADENTRY32 te;
    DWORD pid = GetCurrentProcessId();
    LONG n = 0;

    if (snap == INVALID_HANDLE_VALUE) return -1;
    te.dwSize = sizeof(te);
    if (Thread32First( snap, &te ))
    {
        do if (te.th32OwnerProcessID == pid) n++;
        while (Thread32Next( snap, &te ));
    }
    CloseHandle( snap );
    return n;
}

/* Under Wine, WorkingSetSize and PeakWorkingSetSize are the Linux process's
 * VmRSS and VmHWM (ntdll reads /proc/self/status), which is what we want. */
static void memory_kb( LONGLONG *rss, LONGLONG *peak )
{
    PROCESS_MEMORY_COUNTERS pmc;

    *rss = *peak = -1;
    if (!GetProcessMemoryInfo( GetCurrentProcess(), &pmc, sizeof(pmc) )) return;
    *rss = pmc.WorkingSetSize / 1024;
    *peak = pmc.PeakWorkingSetSize / 1024;
}

static void print_memory(void)
{
    LONGLONG rss, peak;

    memory_kb( &rss, &peak );
    printf( " rss_kb=%lld hwm_kb=%lld threads=%ld", rss, peak, thread_count() );
}

static void print_head( const char *mode )
{
    printf( "RESULT impl=%s mode=%s", opt.label, mode );
}

/* A result line is complete; if lookups may still be running, leave without
 * running any cleanup they could race with. */
static void finish( int outstanding )
{
    printf( "\n" );
    fflush( stdout );
    if (outstanding) TerminateProcess( GetCurrentProcess(), 0 );
    WSACleanup();
    ExitProcess( 0 );
}

/* ---- asynchronous lookups with a completion routine ----------------------- */

static void CALLBACK on_complete( DWORD error, DWORD bytes, WSAOVERLAPPED *overlapped );

static int start_lookup( struct slot *s, int number )
{
    ADDRINFOEXW hints;
    int ret;

    fill_hints( &hints );
    make_name( s->name, opt.name, number );
    memset( &s->overlapped, 0, sizeof(s->overlapped) );
    s->result = NULL;
    s->handle = NULL;
    s->done = 0;
    ret = GetAddrInfoExW( s->name, NULL, NS_ALL, NULL, &hints, &s->result, NULL, &s->overlapped,
                          (void *)on_complete, &s->handle );
    return ret;
}

static void count_result( DWORD error, ADDRINFOEXW *result )
{
    if (!error && result)
    {
        if (InterlockedIncrement( &ok_count ) == opt.mark_ok) mark_ok_qpc = now_qpc();
        FreeAddrInfoExW( result );
    }
    else if (!error)
        InterlockedIncrement( &empty_count );
    else
    {
        InterlockedIncrement( &failed_count );
        InterlockedCompareExchange( &first_error, error, 0 );
    }
}

static void slot_finished(void)
{
    if (InterlockedIncrement( &completed ) == target)
    {
        last_done_qpc = now_qpc();
        SetEvent( done_event );
    }
}

/* throughput: keep the slot busy until the count or the time is used up */
static void refill( struct slot *s )
{
    for (;;)
    {
        LONG n;
        int ret;

        if (now_qpc() >= deadline_qpc || (n = InterlockedIncrement( &issued )) > target)
        {
            if (!InterlockedDecrement( &active_slots ))
            {
                last_done_qpc = now_qpc();
                SetEvent( done_event );
            }
            return;
        }
        ret = start_lookup( s, n );
        if (ret == WSA_IO_PENDING) return;
        /* finished inside the call: no routine will run for it */
        count_result( ret, ret ? NULL : s->result );
        InterlockedIncrement( &completed );
    }
}

static void CALLBACK on_complete( DWORD error, DWORD bytes, WSAOVERLAPPED *overlapped )
{
    struct slot *s = CONTAINING_RECORD( overlapped, struct slot, overlapped );

    if (InterlockedExchange( &s->done, 1 ))
    {
        /* a second completion for one lookup: the implementation is broken */
        InterlockedIncrement( &dup_count );
        return;
    }
    count_result( error, s->result );
    if (!strcmp( opt.mode, "throughput" ))
    {
        LONG n = InterlockedIncrement( &completed );
        LONGLONG t = now_qpc();

        if (t >= deadline_qpc && !InterlockedCompareExchange( &snap_taken, 1, 0 ))
        {
            snap_qpc = t;
            snap_completed = n;
        }
        if (opt.resubmit_main)
        {
            EnterCriticalSection( &free_lock );
            free_list[free_top++] = s - slots;
            LeaveCriticalSection( &free_lock );
            ReleaseSemaphore( free_sem, 1, NULL );
        }
        else refill( s );
    }
    else slot_finished();
}

static void print_counts(void)
{
    printf( " ok=%ld failed=%ld empty=%ld duplicate=%ld", ok_count, failed_count, empty_count, dup_count );
    if (first_error) printf( " first_error=%ld", first_error );
}

/* ---- modes ----------------------------------------------------------------- */

static void run_burst(void)
{
    struct cpu_mark c0, c1;
    LONGLONG t0, t_submitted, rss0, hwm0, rss1, hwm1;
    DWORD wait;
    int i, ret;

    target = opt.count;
    if (opt.after_ms > 0)
    {
        /* the baseline is a process that has looked a name up already: the
         * first lookup loads the resolver (or starts the pool), once */
        WCHAR name[MAX_NAME];
        ADDRINFOEXW hints, *result = NULL;

        fill_hints( &hints );
        make_name( name, opt.name, opt.count );
        if (!GetAddrInfoExW( name, NULL, NS_ALL, NULL, &hints, &result, NULL, NULL, NULL, NULL ) && result)
            FreeAddrInfoExW( result );
        /* and our own slots are in it: calloc's pages are touched only by
         * the lookups that use them (3 MB for 10,000) */
        memset( slots, 0, opt.count * sizeof(*slots) );
    }
    memory_kb( &rss0, &hwm0 );
    cpu_mark( &c0 );
    t0 = now_qpc();
    for (i = 0; i < opt.count; i++)
    {
        ret = start_lookup( &slots[i], i );
        if (ret != WSA_IO_PENDING)
        {
            InterlockedExchange( &slots[i].done, 1 );
            count_result( ret, ret ? NULL : slots[i].result );
            slot_finished();
        }
    }
    t_submitted = now_qpc();
    wait = WaitForSingleObject( done_event, opt.limit_ms );
    cpu_mark( &c1 );

    print_head( "burst" );
    printf( " count=%d submit_ms=%.1f", opt.count, qpc_to_us( t_submitted - t0 ) / 1000 );
    if (wait == WAIT_OBJECT_0) printf( " wall_ms=%.1f timeout=0", qpc_to_us( last_done_qpc - t0 ) / 1000 );
    else printf( " wall_ms=%.1f timeout=1 limit_ms=%d", qpc_to_us( now_qpc() - t0 ) / 1000, opt.limit_ms );
    printf( " completed=%ld", completed );
    if (opt.mark_ok > 0)
        printf( " mark_ok=%d mark_ms=%.1f", opt.mark_ok, mark_ok_qpc ? qpc_to_us( mark_ok_qpc - t0 ) / 1000 : -1.0 );
    print_counts();
    print_cpu( &c0, &c1, completed );
    print_memory();
    /* what the burst took at its peak, and what of it the process still
     * holds once every lookup has been delivered and after_ms have passed */
    memory_kb( &rss1, &hwm1 );
    if (rss0 >= 0 && opt.after_ms > 0 && wait == WAIT_OBJECT_0)
    {
        LONGLONG peak = hwm1 > rss1 ? hwm1 : rss1;

        Sleep( opt.after_ms );
        memory_kb( &rss1, &hwm1 );
        printf( " rss_before_kb=%lld burst_peak_kb=%lld after_ms=%d rss_after_kb=%lld burst_left_kb=%lld",
                rss0, peak - rss0, opt.after_ms, rss1, rss1 - rss0 );
    }
    finish( wait != WAIT_OBJECT_0 );
}

static void run_throughput(void)
{
    struct cpu_mark c0, c1;
    LONGLONG t0, end;
    DWORD wait = WAIT_TIMEOUT;
    int i, inflight = opt.inflight < opt.count ? opt.inflight : opt.count;

    target = opt.count;
    active_slots = inflight;
    if (opt.resubmit_main)
    {
        InitializeCriticalSection( &free_lock );
        free_list = calloc( inflight, sizeof(*free_list) );
        free_sem = CreateSemaphoreW( NULL, 0, inflight, NULL );
    }
    cpu_mark( &c0 );
    t0 = now_qpc();
    end = t0 + (LONGLONG)opt.limit_ms * qpc_freq.QuadPart / 1000;
    deadline_qpc = t0 + (LONGLONG)opt.duration_ms * qpc_freq.QuadPart / 1000;
    for (i = 0; i < inflight; i++) refill( &slots[i] );

    if (opt.resubmit_main)
    {
        while (now_qpc() < end)
        {
            int idx;

            if (WaitForSingleObject( done_event, 0 ) == WAIT_OBJECT_0) break;
            if (WaitForSingleObject( free_sem, 100 ) != WAIT_OBJECT_0) continue;
            EnterCriticalSection( &free_lock );
            idx = free_list[--free_top];
            LeaveCriticalSection( &free_lock );
            refill( &slots[idx] );
        }
        wait = WaitForSingleObject( done_event, 0 );
    }
    else
    {
        LONGLONG left = (end - now_qpc()) * 1000 / qpc_freq.QuadPart;
        wait = WaitForSingleObject( done_event, left > 0 ? (DWORD)left : 0 );
    }
    cpu_mark( &c1 );
    if (wait != WAIT_OBJECT_0) last_done_qpc = now_qpc();

    {
        double wall = qpc_to_us( last_done_qpc - t0 );
        double window = snap_taken ? qpc_to_us( snap_qpc - t0 ) : wall;
        LONG in_window = snap_taken ? snap_completed : completed;

        print_head( "throughput" );
        printf( " inflight=%d resubmit=%s wall_ms=%.1f window_ms=%.1f in_window=%ld lookups_per_s=%.0f"
                " drain_ms=%.1f completed=%ld timeout=%d", inflight, opt.resubmit_main ? "main" : "routine",
                wall / 1000, window / 1000, in_window, in_window / (window / 1e6), (wall - window) / 1000,
                completed, wait != WAIT_OBJECT_0 );
    }
    print_counts();
    print_cpu( &c0, &c1, completed );
    print_memory();
    finish( wait != WAIT_OBJECT_0 );
}

/* cancel -> event delivered, one lookup at a time; the event is what a
 * program waits on, so its wake-up is part of the latency.  Every other
 * lookup measures the floor instead, in the same steps and with its lookup
 * pending just the same: SetEvent and the wait on that event, what
 * GetAddrInfoExCancel does in Wine alone (it sets the event on the calling
 * thread); that lookup is then cancelled, untimed.  Alternating the two
 * puts both under the same spells of the machine, and Wine's tail under
 * these steps is not the one of a bare SetEvent loop (wake mode). */
static void run_cancel(void)
{
    double *lat = calloc( opt.count, sizeof(*lat) ), *floor_lat = calloc( opt.count, sizeof(*floor_lat) );
    int i, n = 0, floor_n = 0, cancel_failed = 0, not_delivered = 0, wrong_status = 0, streak = 0, outstanding = 0;
    int first_cancel_ret = 0, attempted = 0;
    ADDRINFOEXW hints;

    fill_hints( &hints );
    for (i = 0; i < 2 * opt.count; i++)
    {
        struct slot *s = &slots[i];
        BOOL floor_sample = i % 2;
        LONGLONG t0, t1;
        int ret;
        DWORD wait;

        attempted++;
        make_name( s->name, opt.name, i );
        memset( &s->overlapped, 0, sizeof(s->overlapped) );
        s->overlapped.hEvent = CreateEventW( NULL, TRUE, FALSE, NULL );
        ret = GetAddrInfoExW( s->name, NULL, NS_ALL, NULL, &hints, &s->result, NULL, &s->overlapped,
                              NULL, &s->handle );
        if (ret != WSA_IO_PENDING)
        {
            /* no answer can exist for these names: this is a failure too */
            cancel_failed++;
            if (!first_cancel_ret) first_cancel_ret = ret;
            if (++streak >= 5) break;
            continue;
        }
        if (opt.cancel_delay_ms) Sleep( opt.cancel_delay_ms );
        if (floor_sample)
        {
            t0 = now_qpc();
            SetEvent( s->overlapped.hEvent );
            wait = WaitForSingleObject( s->overlapped.hEvent, 1000 );
            t1 = now_qpc();
            ResetEvent( s->overlapped.hEvent );
            if (wait == WAIT_OBJECT_0) floor_lat[floor_n++] = qpc_to_us( t1 - t0 );
        }
        t0 = now_qpc();
        ret = GetAddrInfoExCancel( &s->handle );
        wait = WaitForSingleObject( s->overlapped.hEvent, ret ? 100 : 1000 );
        t1 = now_qpc();
        if (ret)
        {
            cancel_failed++;
            if (!first_cancel_ret) first_cancel_ret = ret;
        }
        if (wait != WAIT_OBJECT_0)
        {
            /* the lookup still runs and will write into this slot: never reuse it */
            not_delivered++;
            outstanding = 1;
            if (++streak >= 5) break;
            continue;
        }
        if (GetAddrInfoExOverlappedResult( &s->overlapped ) != WSA_E_CANCELLED) wrong_status++;
        else if (!ret && !floor_sample) lat[n++] = qpc_to_us( t1 - t0 );
        if (s->result) FreeAddrInfoExW( s->result );
        CloseHandle( s->overlapped.hEvent );
        streak = 0;
    }

    print_head( "cancel" );
    printf( " count=%d attempted=%d cancel_delay_ms=%d cancel_failed=%d not_delivered=%d wrong_status=%d",
            opt.count, attempted, opt.cancel_delay_ms, cancel_failed, not_delivered, wrong_status );
    if (first_cancel_ret) printf( " first_cancel_ret=%d", first_cancel_ret );
    printf( " supported=%d", n > 0 && n >= (opt.count * 9) / 10 );
    print_percentiles( "cancel", lat, n );
    print_percentiles( "floor", floor_lat, floor_n );
    finish( outstanding );
}

static void run_sync(void)
{
    double *lat = calloc( opt.count, sizeof(*lat) );
    struct cpu_mark c0, c1;
    ADDRINFOEXW hints;
    LONGLONG t0, t1, start, end;
    int i, n = 0;

    fill_hints( &hints );
    cpu_mark( &c0 );
    start = now_qpc();
    end = start + (LONGLONG)opt.limit_ms * qpc_freq.QuadPart / 1000;
    for (i = 0; i < opt.count && now_qpc() < end; i++)
    {
        WCHAR name[MAX_NAME];
        ADDRINFOEXW *result = NULL;
        int ret;

        make_name( name, opt.name, i );
        t0 = now_qpc();
        ret = GetAddrInfoExW( name, NULL, NS_ALL, NULL, &hints, &result, NULL, NULL, NULL, NULL );
        t1 = now_qpc();
        count_result( ret, result );
        lat[n++] = qpc_to_us( t1 - t0 );
    }
    cpu_mark( &c1 );

    print_head( "sync" );
    printf( " count=%d done=%d wall_ms=%.1f timeout=%d", opt.count, n,
            qpc_to_us( now_qpc() - start ) / 1000, n < opt.count );
    print_counts();
    /* the process's first lookup also starts the resolver: the price a
     * program that looks up one name pays (before the sort) */
    if (n) printf( " sync_first_us=%.1f", lat[0] );
    print_percentiles( "sync", lat, n );
    print_cpu( &c0, &c1, n );
    finish( 0 );
}

/* Wine's own wake-ups, no lookup at all.  One-way: SetEvent until the
 * waiting thread runs.  Round trip: the main thread wakes a waiter, which
 * wakes the main thread.  Own thread: SetEvent, then the wait on that event,
 * after the same Sleep as in cancel mode (whose floor samples do the same
 * in the cancel run's own steps). */
static HANDLE wake_ping, wake_pong;
static volatile LONGLONG wake_t0, wake_t1;
static volatile LONG wake_stop;

static DWORD WINAPI wake_waiter( void *arg )
{
    for (;;)
    {
        if (WaitForSingleObject( wake_ping, INFINITE ) != WAIT_OBJECT_0) return 1;
        wake_t1 = now_qpc();
        if (wake_stop) return 0;
        SetEvent( wake_pong );
    }
}

static void run_wake(void)
{
    double *one_way = calloc( opt.count, sizeof(*one_way) ), *round_trip = calloc( opt.count, sizeof(*round_trip) );
    double *own = calloc( opt.count, sizeof(*own) );
    HANDLE thread, own_event;
    int i, n = 0, lost = 0, own_n = 0;

    wake_ping = CreateEventW( NULL, FALSE, FALSE, NULL );
    wake_pong = CreateEventW( NULL, FALSE, FALSE, NULL );
    own_event = CreateEventW( NULL, TRUE, FALSE, NULL );
    if (!one_way || !round_trip || !own || !wake_ping || !wake_pong || !own_event
        || !(thread = CreateThread( NULL, 0, wake_waiter, NULL, 0, NULL )))
    {
        print_head( "wake" );
        printf( " error=setup" );
        finish( 0 );
    }
    for (i = 0; i < opt.count; i++)
    {
        LONGLONG t2;

        /* let the waiter block first, as a completion thread waits in its loop */
        Sleep( 1 );
        wake_t0 = now_qpc();
        SetEvent( wake_ping );
        if (WaitForSingleObject( wake_pong, opt.limit_ms ) != WAIT_OBJECT_0)
        {
            lost++;
            break;
        }
        t2 = now_qpc();
        one_way[n] = qpc_to_us( wake_t1 - wake_t0 );
        round_trip[n++] = qpc_to_us( t2 - wake_t0 );
    }
    wake_stop = 1;
    SetEvent( wake_ping );
    WaitForSingleObject( thread, opt.limit_ms );

    for (i = 0; i < opt.count; i++)
    {
        LONGLONG t0, t1;

        if (opt.cancel_delay_ms) Sleep( opt.cancel_delay_ms );
        t0 = now_qpc();
        SetEvent( own_event );
        if (WaitForSingleObject( own_event, opt.limit_ms ) != WAIT_OBJECT_0) break;
        t1 = now_qpc();
        ResetEvent( own_event );
        own[own_n++] = qpc_to_us( t1 - t0 );
    }

    print_head( "wake" );
    printf( " count=%d lost=%d", opt.count, lost );
    print_percentiles( "wake", one_way, n );
    print_percentiles( "roundtrip", round_trip, n );
    print_percentiles( "ownthread", own, own_n );
    finish( 0 );
}

/* memory with COUNT lookups to a server that never answers */
static void run_pending(void)
{
    LONGLONG rss0, hwm0, rss1, hwm1;
    LONGLONG t0, t1;
    int i, ret, refused = 0;

    memory_kb( &rss0, &hwm0 );
    target = opt.count;
    t0 = now_qpc();
    for (i = 0; i < opt.count; i++)
    {
        ret = start_lookup( &slots[i], i );
        if (ret != WSA_IO_PENDING)
        {
            InterlockedExchange( &slots[i].done, 1 );
            count_result( ret, ret ? NULL : slots[i].result );
            slot_finished();
            refused++;
        }
    }
    t1 = now_qpc();
    Sleep( opt.settle_ms );
    memory_kb( &rss1, &hwm1 );

    print_head( "pending" );
    printf( " count=%d submit_ms=%.1f settle_ms=%d not_pending=%d completed_early=%ld",
            opt.count, qpc_to_us( t1 - t0 ) / 1000, opt.settle_ms, refused, completed );
    print_counts();
    printf( " rss_before_kb=%lld hwm_before_kb=%lld", rss0, hwm0 );
    print_memory();
    /* the growth while the lookups are pending, peak included */
    if (rss0 >= 0) printf( " pending_kb=%lld", (hwm1 > rss1 ? hwm1 : rss1) - rss0 );
    finish( 1 );
}

/* ---- command line ---------------------------------------------------------- */

static void usage(void)
{
    fprintf( stderr,
             "usage: gaibench burst|throughput|cancel|sync|pending|wake [options]\n"
             "  --count N           lookups (cancels in cancel mode, each with a floor sample; wake-ups in wake mode)\n"
             "  --inflight N        throughput: lookups kept outstanding (default 1000)\n"
             "  --name PATTERN      names, first %%d replaced by the lookup number\n"
             "  --limit-ms N        bound on every wait (default 60000)\n"
             "  --duration-ms N     throughput: stop issuing after N ms (default 5000)\n"
             "  --settle-ms N       pending: wait before reading memory (default 2000)\n"
             "  --after-ms N        burst: read memory again N ms after the last delivery (default: not)\n"
             "  --cancel-delay-ms N cancel: wait between start and cancel (default 2)\n"
             "  --label L           implementation label for the RESULT line\n"
             "  --server-pid N      Linux pid whose CPU counts too (the wineserver)\n"
             "  --resubmit main     throughput: start new lookups on the main thread\n"
             "  --mark-ok N         burst: also report when the Nth lookup delivered addresses\n"
             "                      (mark_ms; -1 if fewer did)\n" );
    ExitProcess( 2 );
}

static const char *default_name( const char *mode )
{
    if (!strcmp( mode, "burst" )) return "b%d.delay-1000.fault.test";
    if (!strcmp( mode, "cancel" ) || !strcmp( mode, "pending" )) return "p%d.drop.fault.test";
    return "t%d.bench.fault.test";
}

int main( int argc, char **argv )
{
    WSADATA wsa;
    size_t slot_count;
    int i;

    if (argc < 2) usage();
    opt.mode = argv[1];
    opt.label = "gaibench";
    opt.count = 1000;
    opt.inflight = 1000;
    opt.limit_ms = 60000;
    opt.duration_ms = 5000;
    opt.settle_ms = 2000;
    opt.cancel_delay_ms = 2;
    for (i = 2; i < argc; i++)
    {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (!v) usage();
        if (!strcmp( a, "--count" )) opt.count = atoi( v );
        else if (!strcmp( a, "--inflight" )) opt.inflight = atoi( v );
        else if (!strcmp( a, "--name" )) opt.name = v;
        else if (!strcmp( a, "--limit-ms" )) opt.limit_ms = atoi( v );
        else if (!strcmp( a, "--duration-ms" )) opt.duration_ms = atoi( v );
        else if (!strcmp( a, "--settle-ms" )) opt.settle_ms = atoi( v );
        else if (!strcmp( a, "--cancel-delay-ms" )) opt.cancel_delay_ms = atoi( v );
        else if (!strcmp( a, "--label" )) opt.label = v;
        else if (!strcmp( a, "--server-pid" )) opt.server_pid = atoi( v );
        else if (!strcmp( a, "--resubmit" )) opt.resubmit_main = !strcmp( v, "main" );
        else if (!strcmp( a, "--mark-ok" )) opt.mark_ok = atoi( v );
        else if (!strcmp( a, "--after-ms" )) opt.after_ms = atoi( v );
        else usage();
        i++;
    }
    if (!opt.name) opt.name = default_name( opt.mode );
    if (opt.count < 1 || opt.inflight < 1 || opt.limit_ms < 1) usage();

    QueryPerformanceFrequency( &qpc_freq );
    if (WSAStartup( MAKEWORD(2, 2), &wsa )) return 1;
    done_event = CreateEventW( NULL, TRUE, FALSE, NULL );
    /* slots stay allocated until exit: a lookup we stopped waiting for may
     * still complete into its slot */
    slot_count = opt.count > opt.inflight ? opt.count : opt.inflight;
    /* cancel mode: each cancel has a floor sample beside it (run_cancel) */
    if (!strcmp( opt.mode, "cancel" )) slot_count = 2 * opt.count;
    slots = calloc( slot_count, sizeof(*slots) );
    if (!slots || !done_event) return 1;

    if (!strcmp( opt.mode, "burst" )) run_burst();
    else if (!strcmp( opt.mode, "throughput" )) run_throughput();
    else if (!strcmp( opt.mode, "cancel" )) run_cancel();
    else if (!strcmp( opt.mode, "sync" )) run_sync();
    else if (!strcmp( opt.mode, "pending" )) run_pending();
    else if (!strcmp( opt.mode, "wake" )) run_wake();
    else usage();
    return 0;
}
