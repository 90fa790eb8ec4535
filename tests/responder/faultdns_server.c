/*
 * faultdns: the single-threaded epoll loop (UDP batches, TCP connections, timers)
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

#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include "faultdns.h"

#define UDP_BATCH           64
#define UDP_RX_SIZE         4096
#define UDP_ROUNDS          8          /* recvmmsg rounds per wakeup, for fairness */
#define UDP_SOCKET_BUFFER   (8 << 20)
#define TX_ARENA_SIZE       (1 << 20)
#define TCP_IN_INITIAL      4096
#define TCP_OUT_LIMIT       (4 << 20)  /* a client that does not read gets closed */
#define TCP_READS           16
#define MAX_PENDING_TIMERS  2000000
#define MAX_EVENTS          256

enum tag
{
    TAG_UDP = 1,
    TAG_TCP_LISTEN,
    TAG_CONN,
    TAG_SIGNAL,
};

struct conn
{
    int fd;
    uint64_t id;
    uint8_t *in;
    size_t in_len, in_cap;
    uint8_t *out;
    size_t out_off, out_len, out_cap;
    int read_closed;
    int forced_rcode;           /* inherited from the listener */
    enum tcp_mode tcp_mode;     /* likewise */
    uint32_t events;
    unsigned int pending_timers;
};

struct server
{
    int epfd;
    int sigfd;
    int *fds;                   /* every listening socket */
    int *forced;                /* and its forced rcode (-1: none) */
    enum tcp_mode *tcp_modes;   /* and how it treats TCP */
    struct intake *intakes;     /* and how many UDP queries it takes */
    int fd_count;
    struct conn **conns;        /* indexed by fd */
    size_t conns_cap;
    uint64_t next_conn_id;
    struct timer_heap timers;
    /* the pending answers that may be aborted (sfbusy), oldest first */
    struct timer_entry *oldest_abortable, *newest_abortable;
    unsigned int abortable;
    unsigned int aborted_due;   /* aborted answers still in the heap */
    unsigned int tcp_due;       /* answers over TCP still in the heap */
    struct server_stats *stats;
    struct reply_set *replies;
    int stop;

    /* outgoing UDP batch for one socket */
    int tx_fd;
    unsigned int tx_count;
    size_t tx_used;
    uint8_t *tx_arena;
    struct mmsghdr tx_msgs[UDP_BATCH];
    struct iovec tx_iov[UDP_BATCH];
    struct sockaddr_storage tx_addr[UDP_BATCH];

    /* incoming UDP batch */
    uint8_t (*rx_buf)[UDP_RX_SIZE];
    struct mmsghdr rx_msgs[UDP_BATCH];
    struct iovec rx_iov[UDP_BATCH];
    struct sockaddr_storage rx_addr[UDP_BATCH];
};

/* --intake: a server that keeps up with `count` UDP queries per `ms` and
 * whose receive buffer holds `count` of them: a token bucket of `count`,
 * refilled at that rate; a query that finds it empty is dropped as the
 * kernel drops a datagram that finds the buffer full. */
struct intake
{
    unsigned int count, ms;     /* count 0: every query is taken */
    uint64_t tokens;            /* in 1/ms units: count * ms per query */
    uint64_t last_ns;
};

static struct server srv;

static uint64_t make_tag(enum tag tag, int fd)
{
    return ((uint64_t)tag << 32) | (uint32_t)fd;
}

/* ---- UDP ---- */

static void udp_flush(void)
{
    unsigned int i = 0, retries = 0;

    while (i < srv.tx_count)
    {
        int r = sendmmsg(srv.tx_fd, srv.tx_msgs + i, srv.tx_count - i, 0);

        if (r > 0)
        {
            i += r;
            srv.stats->messages_sent += r;
            continue;
        }
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) && retries++ < 20)
        {
            /* the socket buffer is full: give the kernel a moment rather
             * than dropping replies the client is waiting for */
            struct pollfd p = { srv.tx_fd, POLLOUT, 0 };
            poll(&p, 1, 5);
            continue;
        }
        /* skip the message the kernel refused and go on with the rest */
        srv.stats->send_errors++;
        i++;
    }
    srv.tx_count = 0;
    srv.tx_used = 0;
}

static void udp_queue(int fd, const struct sockaddr_storage *addr, socklen_t addr_len,
                      const uint8_t *data, size_t len)
{
    unsigned int n;

    if (srv.tx_count && (srv.tx_fd != fd || srv.tx_count == UDP_BATCH
                         || srv.tx_used + len > TX_ARENA_SIZE))
        udp_flush();
    n = srv.tx_count++;
    srv.tx_fd = fd;
    memcpy(srv.tx_arena + srv.tx_used, data, len);
    memcpy(&srv.tx_addr[n], addr, addr_len);
    srv.tx_iov[n].iov_base = srv.tx_arena + srv.tx_used;
    srv.tx_iov[n].iov_len = len;
    memset(&srv.tx_msgs[n], 0, sizeof(srv.tx_msgs[n]));
    srv.tx_msgs[n].msg_hdr.msg_name = &srv.tx_addr[n];
    srv.tx_msgs[n].msg_hdr.msg_namelen = addr_len;
    srv.tx_msgs[n].msg_hdr.msg_iov = &srv.tx_iov[n];
    srv.tx_msgs[n].msg_hdr.msg_iovlen = 1;
    srv.tx_used += len;
}

/* ---- TCP connections ---- */

static struct conn *conn_lookup(int fd, uint64_t id)
{
    if (fd < 0 || (size_t)fd >= srv.conns_cap || !srv.conns[fd]) return NULL;
    return srv.conns[fd]->id == id ? srv.conns[fd] : NULL;
}

static void conn_close(struct conn *c)
{
    srv.conns[c->fd] = NULL;
    close(c->fd);
    free(c->in);
    free(c->out);
    free(c);
}

/* A complete query frame is waiting in the input buffer. */
static int conn_has_frame(const struct conn *c)
{
    return c->in_len >= 2 && c->in_len - 2 >= (size_t)((c->in[0] << 8) | c->in[1]);
}

/* A serial connection reads nothing while one of its answers is pending,
 * as a server that handles a connection's queries in one loop does. */
static int conn_serial_busy(const struct conn *c)
{
    return c->tcp_mode == TCPMODE_SERIAL && c->pending_timers;
}

static int conn_idle(const struct conn *c)
{
    return c->out_off == c->out_len && !c->pending_timers
           && !(c->tcp_mode == TCPMODE_SERIAL && conn_has_frame(c));
}

static void conn_update_events(struct conn *c)
{
    uint32_t events = (c->read_closed || conn_serial_busy(c) ? 0 : EPOLLIN)
                      | (c->out_off < c->out_len ? EPOLLOUT : 0);
    struct epoll_event ev;

    if (events == c->events) return;
    ev.events = events;
    ev.data.u64 = make_tag(TAG_CONN, c->fd);
    epoll_ctl(srv.epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->events = events;
}

static int conn_append(struct conn *c, const uint8_t *p, size_t n)
{
    if (c->out_off)
    {
        memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
        c->out_len -= c->out_off;
        c->out_off = 0;
    }
    if (c->out_len + n > TCP_OUT_LIMIT) return -1;
    if (c->out_len + n > c->out_cap)
    {
        size_t cap = c->out_cap ? c->out_cap : 4096;
        uint8_t *out;

        while (cap < c->out_len + n) cap *= 2;
        if (!(out = realloc(c->out, cap))) return -1;
        c->out = out;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, p, n);
    c->out_len += n;
    return 0;
}

/* Sends one length-prefixed message; returns -1 if the connection had to
 * be closed (and is freed). */
static int conn_send(struct conn *c, const uint8_t *data, size_t len)
{
    uint8_t prefix[2] = { (uint8_t)(len >> 8), (uint8_t)len };
    size_t written = 0;

    srv.stats->messages_sent++;
    if (c->out_off == c->out_len)
    {
        struct iovec iov[2] = { { prefix, 2 }, { (void *)data, len } };
        struct msghdr msg;
        ssize_t r;

        memset(&msg, 0, sizeof(msg));
        msg.msg_iov = iov;
        msg.msg_iovlen = 2;
        r = sendmsg(c->fd, &msg, MSG_NOSIGNAL);
        if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        {
            conn_close(c);
            return -1;
        }
        if (r > 0) written = r;
        if (written == len + 2) return 0;
    }
    if ((written < 2 && conn_append(c, prefix + written, 2 - written) < 0)
        || conn_append(c, data + (written > 2 ? written - 2 : 0),
                       len - (written > 2 ? written - 2 : 0)) < 0)
    {
        conn_close(c);
        return -1;
    }
    conn_update_events(c);
    return 0;
}

static void conn_writable(struct conn *c)
{
    while (c->out_off < c->out_len)
    {
        ssize_t r = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);

        if (r < 0)
        {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            conn_close(c);
            return;
        }
        c->out_off += r;
    }
    if (c->out_off == c->out_len) c->out_off = c->out_len = 0;
    if (c->read_closed && conn_idle(c))
    {
        conn_close(c);
        return;
    }
    conn_update_events(c);
}

/* ---- queries ---- */

static void abortable_unlink(struct timer_entry *t)
{
    if (t->older) t->older->newer = t->newer;
    else srv.oldest_abortable = t->newer;
    if (t->newer) t->newer->older = t->older;
    else srv.newest_abortable = t->older;
    t->older = t->newer = NULL;
    srv.abortable--;
}

/* BIND past its recursive-clients soft quota: the oldest pending query is
 * answered SERVFAIL now; its timer stays in the heap, to be dropped when due */
static void abort_oldest(void)
{
    struct timer_entry *t = srv.oldest_abortable;

    abortable_unlink(t);
    t->aborted = 1;
    srv.aborted_due++;
    udp_queue(t->fd, &t->peer, t->peer_len, t->data + t->len, t->abort_len);
    behaviour_aborted(t->data + t->len, t->abort_len);
    srv.stats->aborted++;
}

/* delayed answers still to be sent */
static unsigned int pending_answers(void)
{
    return srv.timers.count - srv.aborted_due;
}

/* ... over UDP */
static unsigned int pending_udp_answers(void)
{
    return pending_answers() - srv.tcp_due;
}

static void schedule(int fd, struct conn *c, const struct sockaddr_storage *addr,
                     socklen_t addr_len, const uint8_t *data, size_t len, unsigned int delay_ms,
                     const struct reply_set *r)
{
    size_t abort_len = c ? 0 : r->abort_len;
    struct timer_entry *t;

    if (srv.timers.count >= MAX_PENDING_TIMERS || !(t = malloc(sizeof(*t) + len + abort_len)))
    {
        srv.stats->send_errors++;
        return;
    }
    t->deadline_ns = monotonic_ns() + (uint64_t)delay_ms * 1000000u;
    t->fd = fd;
    t->conn_id = c ? c->id : 0;
    t->peer_len = c ? 0 : addr_len;
    if (!c) memcpy(&t->peer, addr, addr_len);
    t->len = len;
    memcpy(t->data, data, len);
    t->abort_len = abort_len;
    t->aborted = 0;
    t->older = t->newer = NULL;
    if (abort_len) memcpy(t->data + len, r->abort_buf, abort_len);
    if (timer_heap_push(&srv.timers, t) < 0)
    {
        free(t);
        srv.stats->send_errors++;
        return;
    }
    if (c)
    {
        c->pending_timers++;
        srv.tcp_due++;
    }
    srv.stats->delayed_scheduled++;
    if (pending_answers() > srv.stats->delayed_pending_peak)
        srv.stats->delayed_pending_peak = pending_answers();
    if (!abort_len) return;
    t->older = srv.newest_abortable;
    if (t->older) t->older->newer = t;
    else srv.oldest_abortable = t;
    srv.newest_abortable = t;
    srv.abortable++;
    while (srv.abortable > r->abort_limit) abort_oldest();
}

static int forced_rcode_of(int listen_fd)
{
    int i;

    for (i = 0; i < srv.fd_count; i++)
        if (srv.fds[i] == listen_fd) return srv.forced[i];
    return -1;
}

static enum tcp_mode tcp_mode_of(int listen_fd)
{
    int i;

    for (i = 0; i < srv.fd_count; i++)
        if (srv.fds[i] == listen_fd) return srv.tcp_modes[i];
    return TCPMODE_PIPELINED;
}

/* Answers one query.  For TCP returns -1 if the connection is gone. */
static int handle_query(enum transport transport, int fd, const struct sockaddr_storage *addr,
                        socklen_t addr_len, const uint8_t *pkt, size_t len, struct conn *c)
{
    struct reply_set *r = srv.replies;
    int i;

    behaviour_answer(pkt, len, transport, c ? c->forced_rcode : forced_rcode_of(fd), pending_udp_answers(), r);
    srv.stats->by_behaviour[r->behaviour]++;
    if (r->close_connection && c)
    {
        srv.stats->tcp_closed_by_behaviour++;
        conn_close(c);
        return -1;
    }
    if (!r->count) srv.stats->silent++;
    for (i = 0; i < r->count; i++)
    {
        if (r->delay_ms)
            schedule(fd, c, addr, addr_len, r->buf[i], r->len[i], r->delay_ms, r);
        else if (transport == TRANSPORT_UDP)
            udp_queue(fd, addr, addr_len, r->buf[i], r->len[i]);
        else if (conn_send(c, r->buf[i], r->len[i]) < 0)
            return -1;
    }
    return 0;
}

static struct intake *intake_of(int listen_fd)
{
    int i;

    for (i = 0; i < srv.fd_count; i++)
        if (srv.fds[i] == listen_fd) return &srv.intakes[i];
    return NULL;
}

/* 1 if the intake takes one more query now */
static int intake_take(struct intake *in)
{
    uint64_t now = monotonic_ns(), cap, per_query;

    if (!in || !in->count) return 1;
    /* tokens: one query costs `ms` units; the bucket gains `count` units a ms */
    per_query = in->ms;
    cap = (uint64_t)in->count * in->ms;
    in->tokens += (now - in->last_ns) / 1000000 * in->count;
    if (in->tokens > cap) in->tokens = cap;
    in->last_ns = now - (now - in->last_ns) % 1000000;
    if (in->tokens < per_query) return 0;
    in->tokens -= per_query;
    return 1;
}

static void udp_readable(int fd)
{
    struct intake *in = intake_of(fd);
    int round, i, n;

    for (round = 0; round < UDP_ROUNDS; round++)
    {
        for (i = 0; i < UDP_BATCH; i++)
        {
            srv.rx_iov[i].iov_base = srv.rx_buf[i];
            srv.rx_iov[i].iov_len = UDP_RX_SIZE;
            memset(&srv.rx_msgs[i], 0, sizeof(srv.rx_msgs[i]));
            srv.rx_msgs[i].msg_hdr.msg_name = &srv.rx_addr[i];
            srv.rx_msgs[i].msg_hdr.msg_namelen = sizeof(srv.rx_addr[i]);
            srv.rx_msgs[i].msg_hdr.msg_iov = &srv.rx_iov[i];
            srv.rx_msgs[i].msg_hdr.msg_iovlen = 1;
        }
        n = recvmmsg(fd, srv.rx_msgs, UDP_BATCH, MSG_DONTWAIT, NULL);
        if (n <= 0) break;
        for (i = 0; i < n; i++)
        {
            if (!intake_take(in))
            {
                srv.stats->intake_drops++;
                continue;
            }
            srv.stats->queries_udp++;
            handle_query(TRANSPORT_UDP, fd, &srv.rx_addr[i], srv.rx_msgs[i].msg_hdr.msg_namelen,
                         srv.rx_buf[i], srv.rx_msgs[i].msg_len, NULL);
        }
        udp_flush();
        if (n < UDP_BATCH) break;
    }
}

/* Answers every complete frame in the input buffer (pipelining), keeps a
 * partial one for later; a serial connection stops at the first answer
 * that is delayed.  Returns -1 if the connection is gone. */
static int conn_process(struct conn *c)
{
    size_t pos = 0, need;

    while (c->in_len - pos >= 2 && !conn_serial_busy(c))
    {
        size_t frame = (c->in[pos] << 8) | c->in[pos + 1];

        if (c->in_len - pos - 2 < frame) break;
        srv.stats->queries_tcp++;
        if (handle_query(TRANSPORT_TCP, c->fd, NULL, 0, c->in + pos + 2, frame, c) < 0)
            return -1;
        pos += 2 + frame;
    }
    memmove(c->in, c->in + pos, c->in_len - pos);
    c->in_len -= pos;

    need = c->in_len >= 2 ? 2 + (size_t)((c->in[0] << 8) | c->in[1]) : 2;
    if (need > c->in_cap)
    {
        uint8_t *in = realloc(c->in, need);

        if (!in)
        {
            conn_close(c);
            return -1;
        }
        c->in = in;
        c->in_cap = need;
    }
    return 0;
}

static void conn_readable(struct conn *c)
{
    int reads;

    for (reads = 0; reads < TCP_READS; reads++)
    {
        ssize_t r = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);

        if (r > 0)
        {
            c->in_len += r;
            if (conn_process(c) < 0) return;
            if (conn_serial_busy(c))
            {
                /* the rest waits, in our buffer or the kernel's */
                conn_update_events(c);
                return;
            }
            continue;
        }
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (r < 0)
        {
            conn_close(c);
            return;
        }
        /* the client half-closed: finish what it asked for, then close */
        c->read_closed = 1;
        if (conn_idle(c)) conn_close(c);
        else conn_update_events(c);
        return;
    }
}

static void tcp_accept(int listen_fd)
{
    for (;;)
    {
        struct epoll_event ev;
        struct conn *c;
        int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC), one = 1;

        if (fd < 0) return;
        if (tcp_mode_of(listen_fd) == TCPMODE_CLOSE)
        {
            /* a server without TCP behind something that accepts for it */
            close(fd);
            srv.stats->tcp_closed_at_accept++;
            continue;
        }
        if ((size_t)fd >= srv.conns_cap)
        {
            size_t cap = srv.conns_cap * 2;
            struct conn **conns;

            while (cap <= (size_t)fd) cap *= 2;
            if (!(conns = realloc(srv.conns, cap * sizeof(*conns))))
            {
                close(fd);
                return;
            }
            memset(conns + srv.conns_cap, 0, (cap - srv.conns_cap) * sizeof(*conns));
            srv.conns = conns;
            srv.conns_cap = cap;
        }
        if (!(c = calloc(1, sizeof(*c))) || !(c->in = malloc(TCP_IN_INITIAL)))
        {
            free(c);
            close(fd);
            return;
        }
        c->fd = fd;
        c->forced_rcode = forced_rcode_of(listen_fd);
        c->tcp_mode = tcp_mode_of(listen_fd);
        c->id = ++srv.next_conn_id;
        c->in_cap = TCP_IN_INITIAL;
        c->events = EPOLLIN;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        ev.events = EPOLLIN;
        ev.data.u64 = make_tag(TAG_CONN, fd);
        if (epoll_ctl(srv.epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
        {
            free(c->in);
            free(c);
            close(fd);
            return;
        }
        srv.conns[fd] = c;
        srv.stats->tcp_accepted++;
    }
}

/* ---- timers ---- */

/* After a delayed answer went out on connection c (still open): a serial
 * connection whose last answer that was goes on with the queries that
 * waited; any connection the client half-closed is closed once idle. */
static void after_delayed_send(struct conn *c)
{
    uint64_t id = c->id;
    int fd = c->fd, waiting = 0;

    if (c->tcp_mode == TCPMODE_SERIAL && !c->pending_timers)
    {
        if (conn_has_frame(c) || (!c->read_closed && ioctl(c->fd, FIONREAD, &waiting) == 0 && waiting > 0))
            srv.stats->tcp_serialised++;
        if (conn_process(c) < 0 || !(c = conn_lookup(fd, id))) return;
        conn_update_events(c);
    }
    if (c->read_closed && conn_idle(c)) conn_close(c);
}

static void fire_timers(void)
{
    uint64_t now = monotonic_ns();
    struct timer_entry *t;

    while ((t = timer_heap_peek(&srv.timers)) && t->deadline_ns <= now)
    {
        timer_heap_pop(&srv.timers);
        if (t->aborted) srv.aborted_due--;
        else if (!t->conn_id)
        {
            if (t->abort_len) abortable_unlink(t);
            udp_queue(t->fd, &t->peer, t->peer_len, t->data, t->len);
            srv.stats->delayed_sent++;
        }
        else
        {
            struct conn *c = conn_lookup(t->fd, t->conn_id);

            srv.tcp_due--;
            if (!c) srv.stats->delayed_discarded++;
            else
            {
                c->pending_timers--;
                srv.stats->delayed_sent++;
                if (conn_send(c, t->data, t->len) == 0)
                    after_delayed_send(c);
            }
        }
        free(t);
    }
    udp_flush();
}

static int next_timeout_ms(void)
{
    struct timer_entry *t = timer_heap_peek(&srv.timers);
    uint64_t now;

    if (!t) return -1;
    now = monotonic_ns();
    if (t->deadline_ns <= now) return 0;
    /* round up so that we never wake before the deadline and spin */
    return (int)((t->deadline_ns - now + 999999) / 1000000);
}

/* ---- setup and loop ---- */

static int open_listener(const struct listen_spec *spec, int type)
{
    struct epoll_event ev;
    int fd, one = 1, size = UDP_SOCKET_BUFFER;

    fd = socket(spec->addr.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
    {
        fprintf(stderr, "faultdns: socket for %s: %s\n", spec->text, strerror(errno));
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (spec->addr.ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    if (type == SOCK_DGRAM)
    {
        /* load tests send bursts: a deep buffer avoids kernel drops (the
         * FORCE variants need CAP_NET_ADMIN, which the sandbox has) */
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
        if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) < 0)
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
    }
    if (bind(fd, (const struct sockaddr *)&spec->addr, spec->addr_len) < 0
        || (type == SOCK_STREAM && listen(fd, 4096) < 0))
    {
        fprintf(stderr, "faultdns: bind %s/%s: %s\n", spec->text,
                type == SOCK_STREAM ? "tcp" : "udp", strerror(errno));
        close(fd);
        return -1;
    }
    ev.events = EPOLLIN;
    ev.data.u64 = make_tag(type == SOCK_STREAM ? TAG_TCP_LISTEN : TAG_UDP, fd);
    if (epoll_ctl(srv.epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
    {
        close(fd);
        return -1;
    }
    srv.forced[srv.fd_count] = spec->forced_rcode;
    srv.tcp_modes[srv.fd_count] = spec->tcp_mode;
    srv.intakes[srv.fd_count].count = spec->intake_count;
    srv.intakes[srv.fd_count].ms = spec->intake_ms;
    srv.intakes[srv.fd_count].tokens = (uint64_t)spec->intake_count * spec->intake_ms;
    srv.intakes[srv.fd_count].last_ns = monotonic_ns();
    srv.fds[srv.fd_count++] = fd;
    return 0;
}

static int write_pidfile(const char *path)
{
    char tmp[4096];
    FILE *f;

    /* write then rename, so a watcher never sees a half-written file */
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) return -1;
    if (!(f = fopen(tmp, "w"))) return -1;
    fprintf(f, "%d\n", (int)getpid());
    if (fclose(f) != 0 || rename(tmp, path) != 0)
    {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static void server_cleanup(void)
{
    size_t i;
    int j;

    for (i = 0; i < srv.conns_cap; i++)
        if (srv.conns[i]) conn_close(srv.conns[i]);
    for (j = 0; j < srv.fd_count; j++) close(srv.fds[j]);
    if (srv.sigfd >= 0) close(srv.sigfd);
    if (srv.epfd >= 0) close(srv.epfd);
    timer_heap_free(&srv.timers);
    free(srv.conns);
    free(srv.fds);
    free(srv.forced);
    free(srv.tcp_modes);
    free(srv.intakes);
    free(srv.replies);
    free(srv.tx_arena);
    free(srv.rx_buf);
}

static void dispatch(const struct epoll_event *ev)
{
    enum tag tag = (enum tag)(ev->data.u64 >> 32);
    int fd = (int)(uint32_t)ev->data.u64;
    struct signalfd_siginfo info;
    struct conn *c;

    switch (tag)
    {
    case TAG_UDP:
        udp_readable(fd);
        break;
    case TAG_TCP_LISTEN:
        tcp_accept(fd);
        break;
    case TAG_SIGNAL:
        if (read(srv.sigfd, &info, sizeof(info)) > 0) srv.stop = 1;
        break;
    case TAG_CONN:
        if ((size_t)fd >= srv.conns_cap || !(c = srv.conns[fd])) break;
        if (ev->events & EPOLLIN)
        {
            uint64_t id = c->id;
            conn_readable(c);
            if (!(c = conn_lookup(fd, id))) break;
        }
        if (ev->events & EPOLLOUT)
        {
            uint64_t id = c->id;
            conn_writable(c);
            if (!(c = conn_lookup(fd, id))) break;
        }
        if (ev->events & (EPOLLERR | EPOLLHUP)) conn_close(c);
        break;
    }
}

int server_run(const struct listen_spec *specs, int spec_count, const char *pidfile,
               int quiet, struct server_stats *stats)
{
    struct epoll_event events[MAX_EVENTS], ev;
    sigset_t mask;
    int i, ret = 1;

    memset(&srv, 0, sizeof(srv));
    srv.stats = stats;
    srv.sigfd = -1;
    srv.conns_cap = 1024;
    srv.epfd = epoll_create1(EPOLL_CLOEXEC);
    srv.fds = calloc(2 * spec_count, sizeof(*srv.fds));
    srv.forced = calloc(2 * spec_count, sizeof(*srv.forced));
    srv.tcp_modes = calloc(2 * spec_count, sizeof(*srv.tcp_modes));
    srv.intakes = calloc(2 * spec_count, sizeof(*srv.intakes));
    srv.conns = calloc(srv.conns_cap, sizeof(*srv.conns));
    srv.replies = malloc(sizeof(*srv.replies));
    srv.tx_arena = malloc(TX_ARENA_SIZE);
    srv.rx_buf = malloc(UDP_BATCH * sizeof(*srv.rx_buf));
    if (srv.epfd < 0 || !srv.fds || !srv.forced || !srv.tcp_modes || !srv.intakes || !srv.conns || !srv.replies || !srv.tx_arena || !srv.rx_buf)
    {
        fprintf(stderr, "faultdns: out of memory\n");
        goto done;
    }

    /* SIGTERM/SIGINT arrive through a signalfd, so the loop stops between
     * events and cleans up instead of dying mid-send */
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    signal(SIGPIPE, SIG_IGN);
    if ((srv.sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) goto done;
    ev.events = EPOLLIN;
    ev.data.u64 = make_tag(TAG_SIGNAL, srv.sigfd);
    if (epoll_ctl(srv.epfd, EPOLL_CTL_ADD, srv.sigfd, &ev) < 0) goto done;

    for (i = 0; i < spec_count; i++)
    {
        if (open_listener(&specs[i], SOCK_DGRAM) < 0) goto done;
        if (specs[i].with_tcp && open_listener(&specs[i], SOCK_STREAM) < 0) goto done;
        if (!quiet)
            fprintf(stderr, "faultdns: listening on %s (%s)\n", specs[i].text,
                    !specs[i].with_tcp ? "udp only"
                    : specs[i].tcp_mode == TCPMODE_SERIAL ? "udp+tcp, tcp serial"
                    : specs[i].tcp_mode == TCPMODE_CLOSE ? "udp, tcp closed at accept" : "udp+tcp");
    }
    if (pidfile && write_pidfile(pidfile) < 0)
    {
        fprintf(stderr, "faultdns: cannot write pid file %s: %s\n", pidfile, strerror(errno));
        goto done;
    }

    while (!srv.stop)
    {
        int n = epoll_wait(srv.epfd, events, MAX_EVENTS, next_timeout_ms());

        if (n < 0 && errno != EINTR)
        {
            fprintf(stderr, "faultdns: epoll_wait: %s\n", strerror(errno));
            goto done;
        }
        for (i = 0; i < n; i++) dispatch(&events[i]);
        fire_timers();
    }
    ret = 0;

done:
    if (pidfile && ret == 0) unlink(pidfile);
    server_cleanup();
    return ret;
}
