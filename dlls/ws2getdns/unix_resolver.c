/*
 * ws2getdns Unix side: the resolver's loop (inputs, the table of lookups, records out)
 *
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

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/syscall.h>
#include <linux/futex.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"
#include "wine/debug.h"

#include "unix_resolver_private.h"
#include "unix_pagepool.h"

/* A cancel reaches the loop this much later (push_cancel) */
#define CANCEL_WAKE_DELAY_US 1000
/* lookups at once from which their memory is given back afterwards
 * (trim_after_burst) */
#define TRIM_AFTER_BURST 256

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

#define INITIAL_BUCKETS 1024

/* ------------------------------------------------- the table by handle */

static unsigned int hash_handle( UINT64 handle, unsigned int count )
{
    handle ^= handle >> 33;
    handle *= 0xff51afd7ed558ccdULL;
    handle ^= handle >> 33;
    return (unsigned int)handle & (count - 1);
}

static struct resolution *hash_find( struct resolver *resolver, UINT64 handle )
{
    struct resolution *res = resolver->buckets[hash_handle( handle, resolver->bucket_count )];

    while (res && res->handle != handle) res = res->hash_next;
    return res;
}

static void hash_grow( struct resolver *resolver )
{
    unsigned int count = resolver->bucket_count * 2, i;
    struct resolution **buckets = calloc( count, sizeof(*buckets) );

    if (!buckets) return;   /* longer chains, still correct */
    for (i = 0; i < resolver->bucket_count; i++)
    {
        struct resolution *res = resolver->buckets[i], *next;

        for (; res; res = next)
        {
            unsigned int b = hash_handle( res->handle, count );

            next = res->hash_next;
            res->hash_next = buckets[b];
            buckets[b] = res;
        }
    }
    free( resolver->buckets );
    resolver->buckets = buckets;
    resolver->bucket_count = count;
}

static void hash_insert( struct resolver *resolver, struct resolution *res )
{
    unsigned int b;

    if (resolver->resolution_count >= resolver->bucket_count * 2) hash_grow( resolver );
    b = hash_handle( res->handle, resolver->bucket_count );
    res->hash_next = resolver->buckets[b];
    resolver->buckets[b] = res;
    resolver->resolution_count++;
    if (resolver->resolution_count > resolver->burst_peak) resolver->burst_peak = resolver->resolution_count;
}

static void hash_remove( struct resolver *resolver, struct resolution *res )
{
    struct resolution **ptr = &resolver->buckets[hash_handle( res->handle, resolver->bucket_count )];

    for (; *ptr; ptr = &(*ptr)->hash_next)
    {
        if (*ptr != res) continue;
        *ptr = res->hash_next;
        resolver->resolution_count--;
        return;
    }
}

static void resolution_free( struct resolution *res )
{
    resolution_detach( res );
    hash_remove( res->resolver, res );
    if (res->record != &res->small_record) free( res->record );
    free( res );
}

static void free_all_resolutions( struct resolver *resolver )
{
    unsigned int i;

    for (i = 0; i < resolver->bucket_count; i++)
        while (resolver->buckets[i]) resolution_free( resolver->buckets[i] );
}

/* ---------------------------------------------------------- inputs */

static void wake_callback( void *userarg )
{
    struct resolver *resolver = userarg;
    uint64_t value;

    while (read( resolver->event_fd, &value, sizeof(value) ) == -1 && errno == EINTR) ;
}

static void wake_loop( struct resolver *resolver )
{
    uint64_t one = 1;

    while (write( resolver->event_fd, &one, sizeof(one) ) == -1 && errno == EINTR) ;
}

static void cancel_timer_callback( void *userarg )
{
    struct resolver *resolver = userarg;
    uint64_t expirations;

    while (read( resolver->cancel_timer_fd, &expirations, sizeof(expirations) ) == -1 && errno == EINTR) ;
}

static void wake_loop_later( struct resolver *resolver )
{
    struct itimerspec when;

    memset( &when, 0, sizeof(when) );
    when.it_value.tv_sec = resolver->cancel_delay_us / 1000000;
    when.it_value.tv_nsec = (resolver->cancel_delay_us % 1000000) * 1000;
    /* should the timer fail, the eventfd wakes the loop at once, as before */
    if (timerfd_settime( resolver->cancel_timer_fd, 0, &when, NULL ) == -1) wake_loop( resolver );
}

static void cancel_resolution( struct resolver *resolver, UINT64 handle )
{
    struct resolution *res = hash_find( resolver, handle );

    TRACE( "cancel handle %#llx %s\n", (unsigned long long)handle, res ? "found" : "unknown" );
    if (res) resolution_free( res );
}

static void process_inputs( struct resolver *resolver )
{
    UINT64 spare[SPARE_CANCELS];
    unsigned int spare_count, i;
    struct input *input, *next;

    pthread_mutex_lock( &resolver->lock );
    input = resolver->input_head;
    resolver->input_head = NULL;
    resolver->input_tail = &resolver->input_head;
    resolver->wake_deferred = 0;
    spare_count = resolver->spare_cancel_count;
    memcpy( spare, resolver->spare_cancels, spare_count * sizeof(*spare) );
    resolver->spare_cancel_count = 0;
    pthread_mutex_unlock( &resolver->lock );

    if (input) config_check( resolver, 0 );
    for (; input; input = next)
    {
        next = input->next;
        if (input->res)
        {
            hash_insert( resolver, input->res );
            resolution_start( input->res );
        }
        else
        {
            cancel_resolution( resolver, input->handle );
            free( input );
        }
    }
    /* after the queue, which holds the submits they may refer to */
    for (i = 0; i < spare_count; i++) cancel_resolution( resolver, spare[i] );
}

/* A synchronous caller running the loop may be killed there (TerminateThread
 * of a thread stuck, as its program thinks, in name resolution); its lookup
 * would then hold the loop, and every other lookup, for good.  While
 * resolver_run waits for such a caller, it looks this often whether the
 * thread still exists. */
#define LOOP_OWNER_CHECK_MS 250

static int thread_exists( pid_t tid )
{
    return syscall( SYS_tgkill, getpid(), tid, 0 ) == 0 || errno != ESRCH;
}

/* resolver_run's wait, with the lock held.  A futex rather than a condition
 * variable: Wine ends the threads of an exiting process from a signal
 * handler on another stack, and glibc then runs the cleanup that
 * pthread_cond_wait left on the old one. */
static void loop_wait_locked( struct resolver *resolver )
{
    unsigned int seen = resolver->loop_wake;
    pid_t owner = resolver->loop_sync_owner;
    uint64_t wait_ms = owner ? LOOP_OWNER_CHECK_MS : 0, now;
    struct timespec timeout;

    /* the parked thread's timers, unless a synchronous caller runs them */
    if (resolver->loop_parked && resolver->park_due && !resolver->loop_held)
    {
        now = loop_now_ms();
        if (resolver->park_due <= now) return;
        if (!wait_ms || resolver->park_due - now < wait_ms) wait_ms = resolver->park_due - now;
    }
    timeout.tv_sec = wait_ms / 1000;
    timeout.tv_nsec = (wait_ms % 1000) * 1000000;
    pthread_mutex_unlock( &resolver->lock );
    syscall( SYS_futex, &resolver->loop_wake, FUTEX_WAIT_PRIVATE, seen, wait_ms ? &timeout : NULL, NULL, 0 );
    pthread_mutex_lock( &resolver->lock );
    if (owner && owner == resolver->loop_sync_owner && resolver->loop_held && !thread_exists( owner ))
    {
        /* it died waiting in the event loop, where the loop's state is
         * whole: the lookups it held are resolver_run's from now on */
        ERR( "thread %04x died running the resolver loop for its synchronous lookup; the loop is taken over\n",
             (int)owner );
        resolver->loop_sync_owner = 0;
        resolver->loop_held = 0;
        resolver->loop_wanted = 1;
    }
}

static void loop_wake_locked( struct resolver *resolver )
{
    __atomic_store_n( &resolver->loop_wake, resolver->loop_wake + 1, __ATOMIC_RELEASE );
    syscall( SYS_futex, &resolver->loop_wake, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0 );
}

/* Called with the lock held, after an input was queued: whether the loop
 * still needs its eventfd written.  A parked loop (nobody runs it) waits on
 * its futex instead, and a non-empty queue has a wake-up pending already. */
static int notify_loop_locked( struct resolver *resolver, int was_empty )
{
    if (resolver->loop_parked && !resolver->loop_held)
    {
        loop_wake_locked( resolver );
        return 0;
    }
    /* A synchronous caller runs the loop: the eventfd tells it to hand the
     * loop back.  The parked thread is woken too, so that from now on it
     * waits checking that the caller still exists (loop_wait_locked). */
    if (resolver->loop_parked && resolver->loop_sync_owner) loop_wake_locked( resolver );
    return was_empty;
}

/* Queues an input; `later`: a cancel (push_cancel), which into an empty
 * queue arms the cancel timer rather than writing the eventfd. */
static void queue_input( struct resolver *resolver, struct input *input, int later )
{
    int wake;

    input->next = NULL;
    pthread_mutex_lock( &resolver->lock );
    wake = notify_loop_locked( resolver, !resolver->input_head || (!later && resolver->wake_deferred) );
    if (!later) resolver->wake_deferred = 0;
    else if (wake) resolver->wake_deferred = 1;
    *resolver->input_tail = input;
    resolver->input_tail = &input->next;
    pthread_mutex_unlock( &resolver->lock );
    if (wake && later) wake_loop_later( resolver );
    else if (wake) wake_loop( resolver );
}

static void push_input( struct resolver *resolver, struct input *input )
{
    queue_input( resolver, input, 0 );
}

/* The caller has delivered WSA_E_CANCELLED already (request.c); all the
 * loop has left to do is drop the lookup, and nothing waits for that.  Woken
 * at once, the loop's thread would run beside the caller and the wineserver
 * while they carry the caller's SetEvent and its wait for that event, on a
 * machine that may have two cores: a cancel then took about 30 us more than
 * SetEvent and the wait alone.  So a cancel into an empty queue arms a timer
 * instead of writing the eventfd; the loop drops the lookup then, or at its
 * next wake-up if that comes first.  A lookup submitted meanwhile does not
 * wait for the timer: push_input writes the eventfd for it (wake_deferred). */
static void push_cancel( struct resolver *resolver, struct input *input )
{
    queue_input( resolver, input, 1 );
}

static struct resolution *resolution_new( struct resolver *resolver, const struct submit_params *params )
{
    size_t name_len = strnlen( params->name, WS2GETDNS_MAX_NAME - 1 );
    /* custom servers after the name, in the same block: a resolution never
     * taken from the input queue is freed as one */
    size_t servers_at = (offsetof(struct resolution, name) + name_len + 1 + 7) & ~(size_t)7;
    unsigned int server_count = params->server_count < WS2GETDNS_MAX_SERVERS ? params->server_count
                                                                              : WS2GETDNS_MAX_SERVERS;
    struct resolution *res = calloc( 1, servers_at + server_count * sizeof(struct server_addr) );
    unsigned int i, j;

    if (!res) return NULL;
    if (server_count)
    {
        res->custom = (struct server_addr *)((char *)res + servers_at);
        memcpy( res->custom, params->servers, server_count * sizeof(struct server_addr) );
        res->custom_count = server_count;
        res->custom_flags = params->server_flags;
    }
    res->submit_time = loop_now_ms();
    res->resolver = resolver;
    res->handle = params->handle;
    res->family = params->family;
    res->flags = params->flags;
    res->timeout_ms = params->timeout_ms;
    res->timeout_status = params->timeout_status;
    memcpy( res->name, params->name, name_len );
    res->input.res = res;
    res->input.handle = params->handle;
    res->state = RESOLUTION_NEW;
    list_init( &res->entry );
    list_init( &res->dirty );
    list_init( &res->queries[0].retry_entry );
    list_init( &res->queries[1].retry_entry );
    list_init( &res->queries[0].busy_entry );
    list_init( &res->queries[1].busy_entry );
    for (i = 0; i < 2; i++)
        for (j = 0; j < MAX_LIVE_ATTEMPTS; j++) list_init( &res->queries[i].attempts[j].flight_entry );
    return res;
}

UINT32 resolver_submit( struct resolver *resolver, const struct submit_params *params )
{
    struct resolution *res = resolution_new( resolver, params );

    if (!res) return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    push_input( resolver, &res->input );
    return 0;
}

UINT32 resolver_cancel( struct resolver *resolver, UINT64 handle )
{
    struct input *input = malloc( sizeof(*input) );

    if (!input)
    {
        int queued = 0, was_empty;

        pthread_mutex_lock( &resolver->lock );
        was_empty = !resolver->input_head && !resolver->spare_cancel_count;
        if (resolver->spare_cancel_count < SPARE_CANCELS)
        {
            resolver->spare_cancels[resolver->spare_cancel_count++] = handle;
            queued = 1;
            was_empty = notify_loop_locked( resolver, was_empty );
        }
        pthread_mutex_unlock( &resolver->lock );
        if (!queued) return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
        if (was_empty) wake_loop( resolver );
        return 0;
    }
    input->res = NULL;
    input->handle = handle;
    push_cancel( resolver, input );
    return 0;
}

/* ------------------------------------------------------------ the loop */

static UINT32 pack_ready( struct resolver *resolver, struct run_params *params )
{
    char *buffer = params->buffer;
    UINT32 used = 0, count = 0;

    while (!list_empty( &resolver->ready ))
    {
        struct resolution *res = LIST_ENTRY( resolver->ready.next, struct resolution, entry );

        if (res->record_size > params->size - used)
        {
            if (count || params->size < sizeof(struct result_record)) break;
            /* a buffer below WS2GETDNS_MIN_RUN_BUFFER: never loop forever */
            record_write( buffer, res->handle, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY, 0, NULL, 0, NULL, NULL );
            used = sizeof(struct result_record);
        }
        else
        {
            memcpy( buffer + used, res->record, res->record_size );
            used += res->record_size;
        }
        count++;
        resolution_free( res );
    }
    return count;
}

#ifdef WS2GETDNS_TESTS
void resolver_stop( struct resolver *resolver )
{
    pthread_mutex_lock( &resolver->lock );
    __atomic_store_n( &resolver->stop_requested, 1, __ATOMIC_SEQ_CST );
    loop_wake_locked( resolver );
    pthread_mutex_unlock( &resolver->lock );
    wake_loop( resolver );
}

static int stop_pending( struct resolver *resolver )
{
    return __atomic_load_n( &resolver->stop_requested, __ATOMIC_SEQ_CST );
}

/* every lookup goes, without a record */
static int stop_if_requested( struct resolver *resolver )
{
    if (!resolver->stopped && !__atomic_load_n( &resolver->stop_requested, __ATOMIC_SEQ_CST )) return 0;
    if (!resolver->stopped)
    {
        process_inputs( resolver );
        free_all_resolutions( resolver );
        resolver->stopped = 1;
    }
    return 1;
}
#else
static int stop_if_requested( struct resolver *resolver )
{
    return 0;
}

static int stop_pending( struct resolver *resolver )
{
    return 0;
}
#endif

/* Nothing to watch: no lookup, no descriptor or timer but the loop's own (a
 * getdns context keeping a TCP connection open has one), no retired set. */
static int loop_idle( struct resolver *resolver )
{
    return !resolver->resolution_count && list_empty( &resolver->retired )
           && epoll_loop_fd_count( resolver->loop ) <= RESOLVER_OWN_FDS && !epoll_loop_timer_count( resolver->loop );
}

/* No lookup, only what getdns and the engine keep between lookups: TCP
 * connections and the timers that close them or sweep the pool.  The loop
 * is then lent to synchronous callers as when it is idle, and the
 * completion thread takes it back when the first timer is due. */
static int loop_housekeeping( struct resolver *resolver )
{
    return !resolver->resolution_count && list_empty( &resolver->retired );
}

/* Called with the lock held: something for a parked loop to do. */
static int loop_has_work( struct resolver *resolver )
{
    return resolver->input_head || resolver->spare_cancel_count || resolver->loop_wanted
           || stop_pending( resolver )
           || (resolver->park_due && !resolver->loop_held && resolver->park_due <= loop_now_ms());
}

/* resolver_run's side: take the loop, waiting while a synchronous caller
 * runs it. */
static void loop_acquire( struct resolver *resolver )
{
    pthread_mutex_lock( &resolver->lock );
    resolver->loop_acquiring = 1;
    while (resolver->loop_held) loop_wait_locked( resolver );
    resolver->loop_acquiring = 0;
    resolver->loop_held = 1;
    resolver->loop_wanted = 0;
    pthread_mutex_unlock( &resolver->lock );
}

/* The loop is idle, or holds only housekeeping due at `due`: let go of it
 * until an input, a synchronous caller's leftover work or that time
 * arrives.  Meanwhile a synchronous caller may run it.  Returns whether
 * the loop was taken back for its timers. */
static int loop_park( struct resolver *resolver, uint64_t due )
{
    int timers = 0;

    pthread_mutex_lock( &resolver->lock );
    resolver->park_due = due;
    if (!loop_has_work( resolver ))
    {
        resolver->loop_held = 0;
        resolver->loop_parked = 1;
        while (resolver->loop_held || !loop_has_work( resolver ))
            loop_wait_locked( resolver );
        timers = !resolver->input_head && !resolver->loop_wanted;
        resolver->loop_parked = 0;
        resolver->loop_held = 1;
        resolver->loop_wanted = 0;
    }
    else timers = !resolver->input_head && !resolver->loop_wanted;
    resolver->park_due = 0;
    pthread_mutex_unlock( &resolver->lock );
    return timers;
}

static void loop_release( struct resolver *resolver )
{
    pthread_mutex_lock( &resolver->lock );
    resolver->loop_held = 0;
    pthread_mutex_unlock( &resolver->lock );
}

/* A synchronous caller's side: take the loop only if nobody runs it. */
static int loop_try_take( struct resolver *resolver )
{
    int taken;

    pthread_mutex_lock( &resolver->lock );
    if ((taken = !resolver->loop_held))
    {
        resolver->loop_held = 1;
        resolver->loop_sync_owner = syscall( SYS_gettid );
    }
    pthread_mutex_unlock( &resolver->lock );
    return taken;
}

/* A synchronous caller leaves the loop; whatever it leaves behind (other
 * lookups, records, descriptors getdns keeps) goes to resolver_run. */
static void loop_hand_back( struct resolver *resolver )
{
    int idle = loop_idle( resolver ), housekeeping = !idle && loop_housekeeping( resolver );
    uint64_t due = housekeeping ? epoll_loop_next_due( resolver->loop ) : 0;

    epoll_loop_direct( resolver->loop, 0 );

    pthread_mutex_lock( &resolver->lock );
    resolver->loop_held = 0;
    resolver->loop_sync_owner = 0;
    if (!idle && !housekeeping) resolver->loop_wanted = 1;
    if (resolver->loop_parked)
    {
        uint64_t before = resolver->park_due;

        /* The parked thread waits for the first timer left now, still
         * without the loop, so that the next synchronous caller finds it
         * free; it is woken only to wait less. */
        resolver->park_due = due;
        if (loop_has_work( resolver ) || (due && (!before || due < before))) loop_wake_locked( resolver );
    }
    else if (resolver->loop_acquiring) loop_wake_locked( resolver );
    pthread_mutex_unlock( &resolver->lock );
}

/* glibc keeps what a burst of lookups allocated: the submitting threads'
 * blocks go back to their arenas when the loop frees them, and an arena
 * gives back only the free space at its top, which little else than a
 * trim reaches (under Wine, 10,000 lookups at once left 10 MB of the Unix
 * side's heap resident after the last was delivered).  So once the last
 * lookup of a burst is gone, the free pages go back to the system.  Not
 * after every lookup: a trim walks every arena. */
static void trim_after_burst( struct resolver *resolver )
{
    if (resolver->burst_peak < TRIM_AFTER_BURST) return;
    TRACE( "giving back the memory of %u lookups at once\n", resolver->burst_peak );
    resolver->burst_peak = 0;
#ifdef __GLIBC__
    malloc_trim( 0 );
#endif
#ifdef WS2GETDNS_TESTS
    resolver->trims++;
#endif
}

static int run_loop( struct resolver *resolver, struct run_params *params )
{
    params->count = 0;

    loop_acquire( resolver );
    for (;;)
    {
        if (stop_if_requested( resolver ))
        {
            loop_release( resolver );
            return 1;
        }
        process_inputs( resolver );
        if (resolver->nss_pool) nss_pool_collect( resolver->nss_pool );
        resolutions_advance( resolver );
        if (!list_empty( &resolver->retired )) upstreams_reap_retired( resolver );

        if (!list_empty( &resolver->ready ))
        {
            params->count = pack_ready( resolver, params );
            loop_release( resolver );
            return 0;
        }
        if (!resolver->resolution_count) trim_after_burst( resolver );
        if (loop_idle( resolver )) loop_park( resolver, 0 );
        else if (!loop_housekeeping( resolver )) epoll_loop_run_once_timeout( resolver->loop, -1 );
        else if (loop_park( resolver, epoll_loop_next_due( resolver->loop ) ))
            /* taken back for the timers: fire them, and whatever the
             * connections getdns keeps have to say meanwhile */
            epoll_loop_run_once_timeout( resolver->loop, 0 );
    }
}

/* One synchronous lookup on the caller's thread, which runs the loop for as
 * long as the lookup is the only one: a wake-up of the completion thread
 * and one of the caller are spared, and under load each wake-up may wait
 * for a time slice.  As soon as another lookup comes in, the loop goes back
 * to resolver_run, which then delivers this one as it does any other. */
static int run_sync_loop( struct resolver *resolver, struct run_sync_params *params )
{
    struct resolution *res;

    params->done = 0;
    /* The lookup's UDP sockets are polled by themselves, never added to
     * epoll (epoll_loop_direct): four epoll_ctl and a round of the loop
     * fewer per lookup. */
    epoll_loop_direct( resolver->loop, 1 );
    if (!(res = resolution_new( resolver, &params->submit )))
    {
        loop_hand_back( resolver );
        return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    }
    /* what other threads queued before this call goes first, as it would */
    process_inputs( resolver );
    config_check( resolver, 0 );
    hash_insert( resolver, res );
    resolution_start( res );
    for (;;)
    {
        /* a name routed to glibc comes back from the pool's thread */
        if (resolver->nss_pool) nss_pool_collect( resolver->nss_pool );
        resolutions_advance( resolver );
        if (!list_empty( &resolver->retired )) upstreams_reap_retired( resolver );
        if (res->state == RESOLUTION_READY) break;
        if (resolver->resolution_count > 1 || stop_pending( resolver ))
        {
            loop_hand_back( resolver );
            return 0;
        }
        epoll_loop_run_once_timeout( resolver->loop, -1 );
        process_inputs( resolver );
    }
    if (res->record_size > params->size)
        record_write( params->buffer, res->handle, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY, 0, NULL, 0, NULL, NULL );
    else
        memcpy( params->buffer, res->record, res->record_size );
    resolution_free( res );
    params->done = 1;
    loop_hand_back( resolver );
    return 0;
}

/* getdns writes to its TCP connections with send(), which raises SIGPIPE
 * when the server has closed one (and then fails with EPIPE, which getdns
 * handles).  Wine ignores SIGPIPE; a host program (the tests, the
 * benchmarks) may not, so there the loop runs with it blocked, and a
 * SIGPIPE it raised is taken off before the mask goes back. */
static int without_sigpipe( struct resolver *resolver, int (*func)( struct resolver *, void * ), void *arg )
{
    static const struct timespec no_wait;
    sigset_t pipe_only, old, pending;
    int was_pending, ret;

    if (resolver->sigpipe_ignored) return func( resolver, arg );
    sigemptyset( &pipe_only );
    sigaddset( &pipe_only, SIGPIPE );
    pthread_sigmask( SIG_BLOCK, &pipe_only, &old );
    was_pending = !sigpending( &pending ) && sigismember( &pending, SIGPIPE );
    ret = func( resolver, arg );
    if (!was_pending && !sigpending( &pending ) && sigismember( &pending, SIGPIPE ))
        sigtimedwait( &pipe_only, NULL, &no_wait );
    pthread_sigmask( SIG_SETMASK, &old, NULL );
    return ret;
}

static int run_loop_arg( struct resolver *resolver, void *params )
{
    return run_loop( resolver, params );
}

static int run_sync_arg( struct resolver *resolver, void *params )
{
    return run_sync_loop( resolver, params );
}

int resolver_run( struct resolver *resolver, struct run_params *params )
{
    return without_sigpipe( resolver, run_loop_arg, params );
}

UINT32 resolver_run_sync( struct resolver *resolver, struct run_sync_params *params )
{
    params->done = 0;
    if (!loop_try_take( resolver )) return resolver_submit( resolver, &params->submit );
    return without_sigpipe( resolver, run_sync_arg, params );
}

/* ------------------------------------------------ creation, destruction */

/* one of the descriptors the loop always watches (RESOLVER_OWN_FDS) */
static int watch_own_fd( struct resolver *resolver, int fd, getdns_eventloop_event *event,
                         void (*callback)( void *userarg ) )
{
    getdns_eventloop *base = epoll_loop_base( resolver->loop );

    event->userarg = resolver;
    event->read_cb = callback;
    return !base->vmt->schedule( base, fd, LOOP_TIMEOUT_FOREVER, event );
}

static void clear_own_event( struct resolver *resolver, getdns_eventloop_event *event )
{
    getdns_eventloop *base = epoll_loop_base( resolver->loop );

    if (event->ev) base->vmt->clear( base, event );
}

UINT32 resolver_create( struct resolver **out )
{
    struct resolver *resolver = calloc( 1, sizeof(*resolver) );
    struct sigaction sigpipe;

    *out = NULL;
    if (!resolver) return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    pthread_mutex_init( &resolver->lock, NULL );
    resolver->input_tail = &resolver->input_head;
    resolver->event_fd = -1;
    resolver->cancel_timer_fd = -1;
    resolver->cancel_delay_us = CANCEL_WAKE_DELAY_US;
    list_init( &resolver->dirty );
    list_init( &resolver->waiting );
    list_init( &resolver->ready );
    list_init( &resolver->busy_waiting );
    list_init( &resolver->loss_check );
    list_init( &resolver->retired );
    list_init( &resolver->custom_sets );
    transport_init( &resolver->transport );
    config_init( resolver );
    nss_init( resolver );
    resolver->sigpipe_ignored = !sigaction( SIGPIPE, NULL, &sigpipe ) && sigpipe.sa_handler == SIG_IGN;

    resolver->bucket_count = INITIAL_BUCKETS;
    if (!(resolver->buckets = calloc( resolver->bucket_count, sizeof(*resolver->buckets) ))
        || !(resolver->loop = epoll_loop_create())
        || !(resolver->pool = page_pool_create()))
    {
        resolver_destroy( resolver );
        return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    }
    if ((resolver->event_fd = eventfd( 0, EFD_NONBLOCK | EFD_CLOEXEC )) == -1
        || (resolver->cancel_timer_fd = timerfd_create( CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC )) == -1)
    {
        ERR( "eventfd or timerfd failed: %s\n", strerror( errno ) );
        resolver_destroy( resolver );
        return WS2GETDNS_WSASYSNOTREADY;
    }
    config_check( resolver, 1 );
    if (resolver->config_oom)
    {
        resolver_destroy( resolver );
        return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    }
    if (!(resolver->upstreams = upstream_set_create( resolver )))
    {
        resolver_destroy( resolver );
        return WS2GETDNS_WSASYSNOTREADY;
    }
    if (!watch_own_fd( resolver, resolver->event_fd, &resolver->wake_event, wake_callback )
        || !watch_own_fd( resolver, resolver->cancel_timer_fd, &resolver->cancel_timer_event, cancel_timer_callback ))
    {
        ERR( "cannot watch the eventfd or the cancel timer\n" );
        resolver_destroy( resolver );
        return WS2GETDNS_WSASYSNOTREADY;
    }
    *out = resolver;
    return 0;
}

void resolver_destroy( struct resolver *resolver )
{
    struct input *input, *next;

    if (!resolver) return;
    if (resolver->buckets && resolver->loop) free_all_resolutions( resolver );
    /* after the resolutions, which gave up their jobs; a thread still in
     * getaddrinfo frees the pool when it comes back */
    nss_pool_release( resolver->nss_pool );
    for (input = resolver->input_head; input; input = next)
    {
        next = input->next;
        free( input->res ? (void *)input->res : (void *)input );
    }
    if (resolver->loop)
    {
        clear_own_event( resolver, &resolver->wake_event );
        clear_own_event( resolver, &resolver->cancel_timer_event );
        clear_own_event( resolver, &resolver->pace_event );
        clear_own_event( resolver, &resolver->loss_event );
    }
    /* nothing is live any more: every lookup is gone */
    upstreams_reap_retired( resolver );
    custom_sets_free( resolver );
    upstream_set_free( resolver->upstreams );
    epoll_loop_destroy( resolver->loop );
    /* after the contexts: they free into it */
    page_pool_destroy( resolver->pool );
    if (resolver->event_fd != -1) close( resolver->event_fd );
    if (resolver->cancel_timer_fd != -1) close( resolver->cancel_timer_fd );
    hosts_free( resolver->hosts );
    getdns_list_destroy( resolver->dnssec_anchors );
    getdns_dict_destroy( resolver->dnssec_extensions );
    free( resolver->buckets );
    pthread_mutex_destroy( &resolver->lock );
    free( resolver );
}
