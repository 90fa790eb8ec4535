/*
 * ws2getdns Unix side: a getdns_eventloop on epoll with a binary-heap timer queue
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
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <unistd.h>
#include <sys/epoll.h>

#include "unix_eventloop.h"

#define NOT_IN_HEAP ((size_t)-1)
#define MAX_EPOLL_EVENTS 256
/* callbacks per descriptor and wake-up, see drain() */
#define DRAIN_ROUNDS 64
/* sockets polled directly at once (epoll_loop_direct) */
#define MAX_DIRECT_FDS 16
/* polls that do not wait before one that does, in run_direct */
#define DIRECT_SPINS 5

/* What getdns sees as ev->ev: one per scheduled getdns_eventloop_event. */
struct loop_event
{
    getdns_eventloop_event *gev;
    int fd;                 /* -1 when this event is not in epoll */
    size_t heap_index;      /* NOT_IN_HEAP when it has no pending timeout */
    uint64_t expiry;
};

/* Descriptors are looked up through this table, never through a pointer
 * stored in epoll: a callback may clear (and free) another event of the same
 * epoll batch, or close a socket whose number is reused at once.  The
 * generation travels in the epoll data and rejects such stale wake-ups.
 *
 * getdns clears and schedules an event every time the interest of a socket
 * changes (write, then read, for every UDP query; read/write on a TCP
 * connection), and closes a UDP socket right after clearing it.  So a clear
 * leaves the descriptor in epoll ("registered") and the next schedule of
 * that number modifies it: one epoll_ctl instead of a DEL and an ADD, none
 * at all for a socket that is closed (the kernel drops it).  A schedule by
 * the event that registered the number is taken for the same socket (modify,
 * and add on ENOENT: closed and reused meanwhile), any other for a new
 * socket (add, and modify on EEXIST).
 * A descriptor left registered that wakes us with no event is deleted then. */
struct fd_slot
{
    struct loop_event *ev;
    uint32_t gen;           /* changes with every schedule and clear */
    uint32_t epoll_gen;     /* the gen in epoll's data (see udp_schedule) */
    uint32_t registered;    /* events last given to epoll (0: not in epoll) */
    uint32_t direct;        /* watched by poll(), not in epoll (see epoll_loop_direct) */
    getdns_eventloop_event *last_gev;   /* the event that registered it */
};

struct epoll_loop
{
    getdns_eventloop base;      /* must stay first: getdns hands us this pointer */
    getdns_eventloop udp_base;  /* the same loop, for contexts that only send UDP */
    int epfd;
    struct fd_slot *fds;
    size_t fds_size;
    unsigned int fd_count;
    struct loop_event **heap;
    size_t heap_count;
    size_t heap_size;
    struct loop_event *free_events;     /* reused: getdns schedules several events per query */
    unsigned int alloc_failures;
    /* writes to fresh UDP sockets, due without asking epoll: see udp_schedule */
    struct epoll_event *writes;
    size_t write_count;
    size_t write_size;
    /* UDP sockets of a synchronous caller's lookup, polled without epoll
     * (epoll_loop_direct); more go to epoll */
    int direct;
    int direct_fds[MAX_DIRECT_FDS];
    size_t direct_count;
};

static struct epoll_loop *loop_of_udp_base( getdns_eventloop *base )
{
    return (struct epoll_loop *)((char *)base - offsetof(struct epoll_loop, udp_base));
}

uint64_t loop_now_ms(void)
{
    struct timespec ts;

    clock_gettime( CLOCK_MONOTONIC, &ts );
    return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void heap_swap( struct epoll_loop *loop, size_t a, size_t b )
{
    struct loop_event *tmp = loop->heap[a];

    loop->heap[a] = loop->heap[b];
    loop->heap[b] = tmp;
    loop->heap[a]->heap_index = a;
    loop->heap[b]->heap_index = b;
}

static void heap_up( struct epoll_loop *loop, size_t i )
{
    while (i > 0)
    {
        size_t parent = (i - 1) / 2;
        if (loop->heap[parent]->expiry <= loop->heap[i]->expiry) break;
        heap_swap( loop, parent, i );
        i = parent;
    }
}

static void heap_down( struct epoll_loop *loop, size_t i )
{
    for (;;)
    {
        size_t left = 2 * i + 1, right = left + 1, smallest = i;

        if (left < loop->heap_count && loop->heap[left]->expiry < loop->heap[smallest]->expiry)
            smallest = left;
        if (right < loop->heap_count && loop->heap[right]->expiry < loop->heap[smallest]->expiry)
            smallest = right;
        if (smallest == i) break;
        heap_swap( loop, i, smallest );
        i = smallest;
    }
}

static int heap_insert( struct epoll_loop *loop, struct loop_event *ev )
{
    if (loop->heap_count == loop->heap_size)
    {
        size_t size = loop->heap_size ? loop->heap_size * 2 : 64;
        struct loop_event **heap = realloc( loop->heap, size * sizeof(*heap) );

        if (!heap) return 0;
        loop->heap = heap;
        loop->heap_size = size;
    }
    ev->heap_index = loop->heap_count;
    loop->heap[loop->heap_count++] = ev;
    heap_up( loop, ev->heap_index );
    return 1;
}

static void heap_remove( struct epoll_loop *loop, struct loop_event *ev )
{
    size_t i = ev->heap_index;

    if (i == NOT_IN_HEAP) return;
    ev->heap_index = NOT_IN_HEAP;
    if (i != --loop->heap_count)
    {
        loop->heap[i] = loop->heap[loop->heap_count];
        loop->heap[i]->heap_index = i;
        heap_down( loop, i );
        heap_up( loop, i );
    }
}

static int fd_table_reserve( struct epoll_loop *loop, int fd )
{
    size_t size;
    struct fd_slot *fds;

    if ((size_t)fd < loop->fds_size) return 1;
    size = loop->fds_size ? loop->fds_size : 256;
    while (size <= (size_t)fd) size *= 2;
    if (!(fds = realloc( loop->fds, size * sizeof(*fds) ))) return 0;
    memset( fds + loop->fds_size, 0, (size - loop->fds_size) * sizeof(*fds) );
    loop->fds = fds;
    loop->fds_size = size;
    return 1;
}

static getdns_return_t loop_clear( getdns_eventloop *base, getdns_eventloop_event *gev )
{
    struct epoll_loop *loop = (struct epoll_loop *)base;
    struct loop_event *ev;

    if (!gev) return GETDNS_RETURN_INVALID_PARAMETER;
    if (!(ev = gev->ev)) return GETDNS_RETURN_GOOD;
    if (ev->fd >= 0 && loop->fds[ev->fd].ev == ev)
    {
        loop->fds[ev->fd].ev = NULL;
        loop->fds[ev->fd].gen++;
        loop->fd_count--;
    }
    heap_remove( loop, ev );
    ev->gev = (getdns_eventloop_event *)loop->free_events;
    loop->free_events = ev;
    gev->ev = NULL;
    return GETDNS_RETURN_GOOD;
}

/* Whether the write to a fresh UDP socket can be queued (udp_schedule). */
static int queue_write( struct epoll_loop *loop, int fd, uint32_t gen )
{
    if (loop->write_count == loop->write_size)
    {
        size_t size = loop->write_size ? loop->write_size * 2 : 64;
        struct epoll_event *writes = realloc( loop->writes, size * sizeof(*writes) );

        if (!writes) return 0;
        loop->writes = writes;
        loop->write_size = size;
    }
    loop->writes[loop->write_count].events = EPOLLOUT;
    loop->writes[loop->write_count++].data.u64 = (uint64_t)(uint32_t)fd | ((uint64_t)gen << 32);
    return 1;
}

/* Drops the sockets no longer polled directly from the set (their events
 * were cleared: the socket is closed, or about to be). */
static void direct_compact( struct epoll_loop *loop )
{
    size_t i, kept = 0;

    for (i = 0; i < loop->direct_count; i++)
    {
        struct fd_slot *slot = &loop->fds[loop->direct_fds[i]];

        if (slot->direct && slot->ev) loop->direct_fds[kept++] = loop->direct_fds[i];
        else slot->direct = 0;
    }
    loop->direct_count = kept;
}

/* Whether fd is, or could join, the sockets polled directly. */
static int direct_add( struct epoll_loop *loop, int fd )
{
    size_t i;

    for (i = 0; i < loop->direct_count; i++) if (loop->direct_fds[i] == fd) return 1;
    if (loop->direct_count == MAX_DIRECT_FDS) direct_compact( loop );
    if (loop->direct_count == MAX_DIRECT_FDS) return 0;
    loop->direct_fds[loop->direct_count++] = fd;
    return 1;
}

static getdns_return_t schedule_event( struct epoll_loop *loop, int fd, uint64_t timeout,
                                       getdns_eventloop_event *gev, int udp )
{
    getdns_eventloop *base = &loop->base;
    struct loop_event *ev;

    if (!gev) return GETDNS_RETURN_INVALID_PARAMETER;
    if (gev->ev) loop_clear( base, gev );
    if ((ev = loop->free_events)) loop->free_events = (struct loop_event *)ev->gev;
    else if (!(ev = malloc( sizeof(*ev) )))
    {
        loop->alloc_failures++;
        return GETDNS_RETURN_MEMORY_ERROR;
    }
    ev->gev = gev;
    ev->fd = -1;
    ev->heap_index = NOT_IN_HEAP;
    ev->expiry = 0;

    if (fd >= 0 && (gev->read_cb || gev->write_cb))
    {
        struct epoll_event eev;
        struct fd_slot *slot;
        int new_socket, same_interest;

        if (!fd_table_reserve( loop, fd ))
        {
            loop->alloc_failures++;
            ev->gev = (getdns_eventloop_event *)loop->free_events;
            loop->free_events = ev;
            return GETDNS_RETURN_MEMORY_ERROR;
        }
        slot = &loop->fds[fd];
        /* a previous owner of this number whose clear has not come yet:
         * it stays allocated (getdns still holds it) but loses the slot */
        if (slot->ev)
        {
            slot->ev->fd = -1;
            loop->fd_count--;
        }
        slot->gen++;
        memset( &eev, 0, sizeof(eev) );
        eev.events = (gev->read_cb ? EPOLLIN : 0) | (gev->write_cb ? EPOLLOUT : 0);
        eev.data.u64 = (uint64_t)(uint32_t)fd | ((uint64_t)slot->gen << 32);
        new_socket = !slot->registered || slot->last_gev != gev;
        same_interest = 0;
        if (udp && loop->direct
            && (gev->write_cb && !gev->read_cb
                ? direct_add( loop, fd ) && queue_write( loop, fd, slot->gen )
                : slot->direct && slot->last_gev == gev && !gev->write_cb))
        {
            /* a synchronous caller's query: its write is queued as below,
             * and its socket polled directly, never in epoll */
            slot->direct = 1;
            slot->registered = 0;
            slot->last_gev = gev;
            slot->ev = ev;
            ev->fd = fd;
            loop->fd_count++;
            goto timer;
        }
        /* this number is another socket now, or the read of one whose write
         * was not polled directly */
        slot->direct = 0;
        if (udp && gev->write_cb && !gev->read_cb && queue_write( loop, fd, slot->gen ))
        {
            /* a query's first event: its socket is new, and writable */
            eev.events = EPOLLIN;
            new_socket = 1;
        }
        else if (udp && !gev->write_cb && !new_socket && slot->registered == EPOLLIN)
            /* its reply, after the write: the socket is watched for it already */
            same_interest = 1;
        if (!same_interest
            && (!new_socket
                ? epoll_ctl( loop->epfd, EPOLL_CTL_MOD, fd, &eev ) == -1
                  && (errno != ENOENT || epoll_ctl( loop->epfd, EPOLL_CTL_ADD, fd, &eev ) == -1)
                : epoll_ctl( loop->epfd, EPOLL_CTL_ADD, fd, &eev ) == -1
                  && (errno != EEXIST || epoll_ctl( loop->epfd, EPOLL_CTL_MOD, fd, &eev ) == -1)))
        {
            /* a write queued for it finds the slot's generation gone */
            slot->ev = NULL;
            slot->registered = 0;
            ev->gev = (getdns_eventloop_event *)loop->free_events;
            loop->free_events = ev;
            return GETDNS_RETURN_GENERIC_ERROR;
        }
        if (!same_interest) slot->epoll_gen = slot->gen;
        slot->registered = eev.events;
        slot->last_gev = gev;
        slot->ev = ev;
        ev->fd = fd;
        loop->fd_count++;
    }

timer:
    if (gev->timeout_cb && timeout != LOOP_TIMEOUT_FOREVER)
    {
        uint64_t now = loop_now_ms();

        ev->expiry = timeout > UINT64_MAX - now ? UINT64_MAX : now + timeout;
        if (!heap_insert( loop, ev ))
        {
            loop->alloc_failures++;
            gev->ev = ev;
            loop_clear( base, gev );
            return GETDNS_RETURN_MEMORY_ERROR;
        }
    }
    gev->ev = ev;
    return GETDNS_RETURN_GOOD;
}

static getdns_return_t loop_schedule( getdns_eventloop *base, int fd, uint64_t timeout,
                                      getdns_eventloop_event *gev )
{
    return schedule_event( (struct epoll_loop *)base, fd, timeout, gev, 0 );
}

/* The view of the loop given to contexts that send nothing but UDP (each
 * query from a socket of its own, written once, then read).  getdns
 * schedules the write of a new socket, then, in the write callback, its
 * read: through epoll that is an add for writing, a wait until epoll says
 * what a new UDP socket always is (writable), and a modify for reading.
 * Here the socket is added for reading at once and its write is queued, to
 * be made at the start of the next round as if epoll had reported it; its
 * read then needs no system call.  While a synchronous caller runs the loop
 * (epoll_loop_direct) the socket is not even added: the round polls it
 * beside the epoll descriptor (run_direct).  Only for UDP: a stream socket may not be
 * writable yet (connecting), and getdns gives a TCP connection's new socket
 * the event of the old one, which the shortcut for the read would take for
 * the same socket.  A UDP socket's read always follows its own write, in
 * getdns' write callback, so the event that added it is this socket's. */
static getdns_return_t udp_schedule( getdns_eventloop *base, int fd, uint64_t timeout,
                                     getdns_eventloop_event *gev )
{
    return schedule_event( loop_of_udp_base( base ), fd, timeout, gev, 1 );
}

static getdns_return_t udp_clear( getdns_eventloop *base, getdns_eventloop_event *gev )
{
    return loop_clear( &loop_of_udp_base( base )->base, gev );
}

static void fire_timers( struct epoll_loop *loop )
{
    uint64_t now = loop_now_ms();
    /* a timeout callback may schedule a new zero timeout: bound the round so
     * that such a chain cannot keep this call from returning */
    size_t budget = loop->heap_count;

    while (budget-- && loop->heap_count && loop->heap[0]->expiry <= now)
    {
        struct loop_event *ev = loop->heap[0];
        getdns_eventloop_event *gev = ev->gev;

        heap_remove( loop, ev );
        if (gev->timeout_cb) gev->timeout_cb( gev->userarg );
    }
}

enum interest
{
    INTEREST_ANY,
    INTEREST_WRITE,
    INTEREST_READ,
};

/* gev is still the event scheduled on fd (with that interest).  A callback
 * may clear or replace the event, close the socket, or grow (move) the
 * table, so this looks everything up again; gev itself is only read while
 * it is still scheduled, that is, alive. */
static int still_wants( const struct epoll_loop *loop, int fd, const getdns_eventloop_event *gev,
                        enum interest interest )
{
    const struct loop_event *ev = loop->fds[fd].ev;

    if (!ev || ev->gev != gev) return 0;
    if (interest == INTEREST_WRITE) return gev->write_cb != NULL;
    if (interest == INTEREST_READ) return gev->read_cb != NULL;
    return 1;
}

/* getdns moves one message per callback on a TCP connection: one query
 * written, or half a reply (length, then body) read.  With a thousand
 * queries pipelined on it, one call per epoll_wait leaves hundreds queued
 * to be written, and getdns walks that whole write queue each time a reply
 * completes (stub_cleanup): the cost per query would grow with the number
 * of queries in flight.  So while the socket makes progress, call again:
 * writes first, so that replies find an empty queue.  A call that ends in
 * EAGAIN has nothing more to move; a UDP query stops after one call, as
 * getdns clears its event once the datagram is sent or read. */
static void drain( struct epoll_loop *loop, int fd, getdns_eventloop_event *gev, enum interest interest )
{
    unsigned int rounds = DRAIN_ROUNDS;

    do
    {
        errno = 0;
        if (interest == INTEREST_WRITE) gev->write_cb( gev->userarg );
        else gev->read_cb( gev->userarg );
    }
    while (--rounds && errno != EAGAIN && errno != EWOULDBLOCK && still_wants( loop, fd, gev, interest ));
}

/* One event from epoll, or a queued write (queued: it is not in epoll's
 * set as such, and a stale one is only skipped). */
static void dispatch( struct epoll_loop *loop, const struct epoll_event *event, int queued )
{
    int fd = (int)(uint32_t)event->data.u64;
    uint32_t gen = (uint32_t)(event->data.u64 >> 32);
    uint32_t what = event->events;
    struct loop_event *ev = loop->fds[fd].ev;
    getdns_eventloop_event *gev;

    if (!ev)
    {
        /* left in epoll by a clear, and still open: drop it now */
        if (!queued && (loop->fds[fd].epoll_gen == gen || loop->fds[fd].registered))
        {
            epoll_ctl( loop->epfd, EPOLL_CTL_DEL, fd, NULL );
            loop->fds[fd].registered = 0;
        }
        return;
    }
    /* A queued write is for the very event that queued it.  An epoll event
     * is for whichever event the registration now serves: the read a UDP
     * socket's write scheduled reuses it (udp_schedule). */
    if (gen != (queued ? loop->fds[fd].gen : loop->fds[fd].epoll_gen)) return;
    gev = ev->gev;
    if ((what & (EPOLLOUT | EPOLLERR | EPOLLHUP)) && gev->write_cb)
    {
        drain( loop, fd, gev, INTEREST_WRITE );
        if (!still_wants( loop, fd, gev, INTEREST_ANY )) return;
    }
    if ((what & (EPOLLIN | EPOLLERR | EPOLLHUP)) && gev->read_cb)
    {
        drain( loop, fd, gev, INTEREST_READ );
    }
}

/* The queued writes, in the order queued.  A write callback may queue more
 * (a new query): those wait for the next round, which then does not wait. */
static void run_queued_writes( struct epoll_loop *loop )
{
    size_t i, count = loop->write_count;

    for (i = 0; i < count; i++)
    {
        struct epoll_event event = loop->writes[i];

        dispatch( loop, &event, 1 );
    }
    memmove( loop->writes, loop->writes + count, (loop->write_count - count) * sizeof(*loop->writes) );
    loop->write_count -= count;
}

/* One round with the directly polled sockets: poll() on them and on the
 * epoll descriptor, which is readable when anything in epoll is ready.
 * Returns 0 when none is polled any more (the caller waits in epoll). */
static int run_direct( struct epoll_loop *loop, int wait )
{
    struct pollfd pfds[MAX_DIRECT_FDS + 1];
    uint32_t gens[MAX_DIRECT_FDS + 1];
    size_t i, n = 1;
    int ready = 0;

    direct_compact( loop );
    if (!loop->direct_count) return 0;
    pfds[0].fd = loop->epfd;
    pfds[0].events = POLLIN;
    for (i = 0; i < loop->direct_count; i++)
    {
        int fd = loop->direct_fds[i];
        getdns_eventloop_event *gev = loop->fds[fd].ev->gev;

        pfds[n].fd = fd;
        pfds[n].events = (gev->read_cb ? POLLIN : 0) | (gev->write_cb ? POLLOUT : 0);
        gens[n++] = loop->fds[fd].gen;
    }

    /* A nearby server's answer comes back within tens of microseconds,
     * about when the caller is through sending: a thread put to sleep just
     * before it costs more to wake than a few more looks (measured, the
     * engine alone: the median lookup 8 us faster with five, for about
     * the CPU of going to sleep and waking up). */
    for (i = 0; wait && i < DIRECT_SPINS && !(ready = poll( pfds, n, 0 )); i++) ;
    if (!ready) ready = poll( pfds, n, wait );
    if (ready > 0)
    {
        for (i = 1; i < n; i++)
        {
            struct epoll_event event;

            if (!pfds[i].revents || (pfds[i].revents & POLLNVAL)) continue;
            event.events = (pfds[i].revents & POLLIN ? EPOLLIN : 0) | (pfds[i].revents & POLLOUT ? EPOLLOUT : 0)
                           | (pfds[i].revents & POLLERR ? EPOLLERR : 0) | (pfds[i].revents & POLLHUP ? EPOLLHUP : 0);
            event.data.u64 = (uint64_t)(uint32_t)pfds[i].fd | ((uint64_t)gens[i] << 32);
            /* checked by generation, as a queued write is */
            dispatch( loop, &event, 1 );
        }
        if (pfds[0].revents & POLLIN)
        {
            struct epoll_event events[MAX_EPOLL_EVENTS];
            int count = epoll_wait( loop->epfd, events, MAX_EPOLL_EVENTS, 0 );

            for (i = 0; (int)i < count; i++) dispatch( loop, &events[i], 0 );
        }
    }
    fire_timers( loop );
    return 1;
}

void epoll_loop_run_once_timeout( struct epoll_loop *loop, int timeout_ms )
{
    struct epoll_event events[MAX_EPOLL_EVENTS];
    int i, count, wait = timeout_ms;

    /* The queued writes are this round's events, and the round does not
     * wait: its caller has to see to what they started first (a synchronous
     * lookup, say, has its next query to send), and the answers take a round
     * trip anyway.  epoll is still asked what is ready: writes queued round
     * after round must not keep it from ever being read. */
    if (loop->write_count)
    {
        run_queued_writes( loop );
        wait = 0;
    }
    if (loop->heap_count)
    {
        uint64_t now = loop_now_ms(), expiry = loop->heap[0]->expiry;
        int until = expiry <= now ? 0 : (expiry - now > 86400000 ? 86400000 : (int)(expiry - now));

        if (wait < 0 || until < wait) wait = until;
    }

    if (loop->direct && loop->direct_count && run_direct( loop, wait )) return;
    count = epoll_wait( loop->epfd, events, MAX_EPOLL_EVENTS, wait );
    for (i = 0; i < count; i++) dispatch( loop, &events[i], 0 );
    fire_timers( loop );
}

static void loop_run_once( getdns_eventloop *base, int blocking )
{
    epoll_loop_run_once_timeout( (struct epoll_loop *)base, blocking ? -1 : 0 );
}

static void loop_run( getdns_eventloop *base )
{
    struct epoll_loop *loop = (struct epoll_loop *)base;

    while (loop->fd_count || loop->heap_count) epoll_loop_run_once_timeout( loop, -1 );
}

static void loop_cleanup( getdns_eventloop *base )
{
    /* getdns calls this when the context goes away; the engine owns the
     * loop and destroys it after the context */
}

static void udp_run( getdns_eventloop *base )
{
    loop_run( &loop_of_udp_base( base )->base );
}

static void udp_run_once( getdns_eventloop *base, int blocking )
{
    loop_run_once( &loop_of_udp_base( base )->base, blocking );
}

static getdns_eventloop_vmt epoll_loop_vmt =
{
    loop_cleanup, loop_schedule, loop_clear, loop_run, loop_run_once
};

static getdns_eventloop_vmt udp_loop_vmt =
{
    loop_cleanup, udp_schedule, udp_clear, udp_run, udp_run_once
};

struct epoll_loop *epoll_loop_create(void)
{
    struct epoll_loop *loop = calloc( 1, sizeof(*loop) );

    if (!loop) return NULL;
    loop->base.vmt = &epoll_loop_vmt;
    loop->udp_base.vmt = &udp_loop_vmt;
    if ((loop->epfd = epoll_create1( EPOLL_CLOEXEC )) == -1)
    {
        free( loop );
        return NULL;
    }
    return loop;
}

void epoll_loop_destroy( struct epoll_loop *loop )
{
    if (!loop) return;
    while (loop->free_events)
    {
        struct loop_event *ev = loop->free_events;

        loop->free_events = (struct loop_event *)ev->gev;
        free( ev );
    }
    close( loop->epfd );
    free( loop->fds );
    free( loop->heap );
    free( loop->writes );
    free( loop );
}

getdns_eventloop *epoll_loop_base( struct epoll_loop *loop )
{
    return &loop->base;
}

getdns_eventloop *epoll_loop_udp_base( struct epoll_loop *loop )
{
    return &loop->udp_base;
}

void epoll_loop_direct( struct epoll_loop *loop, int on )
{
    size_t i;

    loop->direct = on;
    if (on) return;
    /* whoever runs the loop next waits in epoll: the sockets still polled
     * directly go there, watched for their reads (their writes are queued) */
    for (i = 0; i < loop->direct_count; i++)
    {
        int fd = loop->direct_fds[i];
        struct fd_slot *slot = &loop->fds[fd];
        struct epoll_event eev;

        if (!slot->direct) continue;
        slot->direct = 0;
        if (!slot->ev) continue;
        memset( &eev, 0, sizeof(eev) );
        eev.events = EPOLLIN;
        eev.data.u64 = (uint64_t)(uint32_t)fd | ((uint64_t)slot->gen << 32);
        if (epoll_ctl( loop->epfd, EPOLL_CTL_ADD, fd, &eev ) == -1
            && (errno != EEXIST || epoll_ctl( loop->epfd, EPOLL_CTL_MOD, fd, &eev ) == -1))
        {
            /* never woken for it: its query ends at its timeout, and the
             * resolver counts this as it counts a refused schedule */
            loop->alloc_failures++;
            continue;
        }
        slot->registered = EPOLLIN;
        slot->epoll_gen = slot->gen;
    }
    loop->direct_count = 0;
}

unsigned int epoll_loop_alloc_failures( const struct epoll_loop *loop )
{
    return loop->alloc_failures;
}

unsigned int epoll_loop_fd_count( const struct epoll_loop *loop )
{
    return loop->fd_count;
}

unsigned int epoll_loop_timer_count( const struct epoll_loop *loop )
{
    return loop->heap_count;
}

uint64_t epoll_loop_next_due( const struct epoll_loop *loop )
{
    return loop->heap_count ? loop->heap[0]->expiry : 0;
}
