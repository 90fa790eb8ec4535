/*
 * ws2getdns Unix-side tests: the behaviours of getdns 1.6 the resolver
 * relies on or works around, each pinned by a check that fails when getdns
 * changes it (docs/getdns.md lists them and what the resolver does about
 * each).  getdns is driven directly, with a small loop of this file's own,
 * against a server of this file's own on loopback, so that every datagram,
 * connection and callback can be counted.  Runs inside tests/sandbox/run.
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

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <getdns/getdns.h>
#include <getdns/getdns_extra.h>

#include "unit_check.h"

static uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the server: UDP and TCP on one loopback port ---------------------- */

enum server_mode
{
    SERVE_SILENT,       /* count queries, answer none */
    SERVE_ANSWER,       /* A 192.0.2.1 for A, no data for other types */
    SERVE_RCODE,        /* an empty answer with server_rcode */
    SERVE_OTHER_NAME,   /* an answer whose question is another name */
};

static struct
{
    int udp, tcp_listen;
    unsigned short port;
    volatile int mode, rcode;
    volatile int tcp_batch;             /* hold TCP replies until this many are due, then write at once */
    volatile int keepalive;             /* answer with an edns-tcp-keepalive option (RFC 7828) */
    volatile unsigned int udp_queries, tcp_queries, tcp_accepts;
    volatile int stop;
    pthread_t thread;
} server;

/* the reply to a query, without its EDNS record */
static size_t build_reply(const unsigned char *query, size_t len, unsigned char *reply)
{
    size_t pos = 12, qend;
    unsigned int qtype;
    int answer;

    if (len < 17) return 0;
    while (pos < len && query[pos]) pos += query[pos] + 1;
    if (pos + 5 > len) return 0;
    qend = pos + 5;
    qtype = (query[pos + 1] << 8) | query[pos + 2];
    memcpy(reply, query, qend);
    reply[2] = 0x80 | (query[2] & 0x01);          /* QR, RD copied */
    reply[3] = 0x80 | (server.mode == SERVE_RCODE ? server.rcode : 0);
    answer = server.mode != SERVE_RCODE && qtype == 1;
    reply[4] = 0; reply[5] = 1;
    reply[6] = 0; reply[7] = answer;
    memset(reply + 8, 0, 4);
    if (server.mode == SERVE_OTHER_NAME && query[12]) reply[13] = reply[13] == 'z' ? 'y' : 'z';
    if (answer)
    {
        static const unsigned char rr[] = { 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 1 };

        memcpy(reply + qend, rr, sizeof(rr));
        qend += sizeof(rr);
    }
    if (server.keepalive)
    {
        /* OPT, 4096 bytes, option 11 (keepalive) = 50 x 100 ms */
        static const unsigned char opt[] = { 0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 6, 0, 11, 0, 2, 0, 50 };

        memcpy(reply + qend, opt, sizeof(opt));
        qend += sizeof(opt);
        reply[11] = 1;
    }
    return qend;
}

struct tcp_conn
{
    int fd;
    unsigned char in[4096];
    size_t in_len;
    unsigned char out[8192];
    size_t out_len;
    unsigned int held;
};

static void tcp_consume(struct tcp_conn *conn)
{
    unsigned char reply[512];

    while (conn->in_len >= 2)
    {
        size_t msg = (conn->in[0] << 8) | conn->in[1], size;

        if (conn->in_len < msg + 2) break;
        server.tcp_queries++;
        if (server.mode != SERVE_SILENT && (size = build_reply(conn->in + 2, msg, reply))
            && conn->out_len + size + 2 <= sizeof(conn->out))
        {
            conn->out[conn->out_len++] = size >> 8;
            conn->out[conn->out_len++] = size & 0xff;
            memcpy(conn->out + conn->out_len, reply, size);
            conn->out_len += size;
            conn->held++;
        }
        memmove(conn->in, conn->in + msg + 2, conn->in_len - msg - 2);
        conn->in_len -= msg + 2;
    }
    if (conn->held && conn->held >= (unsigned int)(server.tcp_batch ? server.tcp_batch : 1))
    {
        /* one write: the replies reach the client in one segment */
        if (write(conn->fd, conn->out, conn->out_len) != (ssize_t)conn->out_len)
            fprintf(stderr, "server: short TCP write\n");
        conn->out_len = 0;
        conn->held = 0;
    }
}

static void *server_main(void *arg)
{
    struct tcp_conn conns[8];
    unsigned int count = 0, i;

    while (!server.stop)
    {
        struct pollfd pfd[10];
        unsigned char query[512], reply[512];
        struct sockaddr_in from;
        socklen_t from_len = sizeof(from);
        ssize_t got;
        size_t size;

        pfd[0].fd = server.udp; pfd[0].events = POLLIN;
        pfd[1].fd = server.tcp_listen; pfd[1].events = POLLIN;
        for (i = 0; i < count; i++) { pfd[2 + i].fd = conns[i].fd; pfd[2 + i].events = POLLIN; }
        if (poll(pfd, 2 + count, 50) <= 0) continue;
        if ((pfd[0].revents & POLLIN)
            && (got = recvfrom(server.udp, query, sizeof(query), 0, (struct sockaddr *)&from, &from_len)) > 0)
        {
            server.udp_queries++;
            if (server.mode != SERVE_SILENT && (size = build_reply(query, got, reply)))
                sendto(server.udp, reply, size, 0, (struct sockaddr *)&from, from_len);
        }
        if ((pfd[1].revents & POLLIN) && count < 8)
        {
            int fd = accept(server.tcp_listen, NULL, NULL);

            if (fd >= 0)
            {
                server.tcp_accepts++;
                memset(&conns[count], 0, sizeof(conns[count]));
                conns[count++].fd = fd;
            }
        }
        for (i = 0; i < count; i++)
        {
            struct tcp_conn *conn = &conns[i];

            if (!(pfd[2 + i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            got = read(conn->fd, conn->in + conn->in_len, sizeof(conn->in) - conn->in_len);
            if (got <= 0)
            {
                close(conn->fd);
                conns[i] = conns[--count];
                break;  /* pfd no longer matches conns */
            }
            conn->in_len += got;
            tcp_consume(conn);
        }
    }
    for (i = 0; i < count; i++) close(conns[i].fd);
    return NULL;
}

static int server_start(void)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    int one = 1;

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(0x7f000001);
    server.tcp_listen = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(server.tcp_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(server.tcp_listen, (struct sockaddr *)&addr, sizeof(addr)) || listen(server.tcp_listen, 8)
        || getsockname(server.tcp_listen, (struct sockaddr *)&addr, &len))
        return 0;
    server.port = ntohs(addr.sin_port);
    server.udp = socket(AF_INET, SOCK_DGRAM, 0);
    if (bind(server.udp, (struct sockaddr *)&addr, sizeof(addr))) return 0;
    return !pthread_create(&server.thread, NULL, server_main, NULL);
}

static void server_stop(void)
{
    server.stop = 1;
    pthread_join(server.thread, NULL);
    close(server.udp);
    close(server.tcp_listen);
}

static void server_reset(int mode)
{
    server.mode = mode;
    server.rcode = 0;
    server.tcp_batch = 0;
    server.keepalive = 0;
    server.udp_queries = server.tcp_queries = server.tcp_accepts = 0;
}

/* ---- the loop: poll over a few events, every callback observable -------- */

#define LOOP_SLOTS 64

struct slot
{
    int used, fd;
    uint64_t expiry;                    /* 0: none */
    getdns_eventloop_event *ev;
};

static struct pin_loop
{
    getdns_eventloop base;
    struct slot slots[LOOP_SLOTS];
    int fail_next_fd;                   /* the next schedule with a descriptor fails */
    unsigned int failed_schedules;
    int drain;                          /* call a ready read callback until it reports EAGAIN */
    /* what the read callbacks of descriptor watch_fd saw */
    int watch_fd;
    unsigned int reads, reads_empty, reads_empty_eagain, reads_data_eagain;
} loop;

static getdns_return_t loop_schedule(getdns_eventloop *base, int fd, uint64_t timeout, getdns_eventloop_event *ev)
{
    unsigned int i;

    if (fd >= 0 && loop.fail_next_fd)
    {
        loop.fail_next_fd = 0;
        loop.failed_schedules++;
        return GETDNS_RETURN_MEMORY_ERROR;
    }
    for (i = 0; i < LOOP_SLOTS; i++)
    {
        if (loop.slots[i].used) continue;
        loop.slots[i].used = 1;
        loop.slots[i].fd = fd;
        loop.slots[i].expiry = !ev->timeout_cb || timeout == (uint64_t)-1 ? 0 : now_ms() + timeout;
        loop.slots[i].ev = ev;
        ev->ev = &loop.slots[i];
        return GETDNS_RETURN_GOOD;
    }
    return GETDNS_RETURN_MEMORY_ERROR;
}

static getdns_return_t loop_clear(getdns_eventloop *base, getdns_eventloop_event *ev)
{
    struct slot *slot = ev->ev;

    if (slot) slot->used = 0;
    ev->ev = NULL;
    return GETDNS_RETURN_GOOD;
}

static int slot_live(unsigned int i, getdns_eventloop_event *ev)
{
    return loop.slots[i].used && loop.slots[i].ev == ev;
}

static void call_read(unsigned int i, getdns_eventloop_event *ev)
{
    int fd = loop.slots[i].fd, pending = 0, rounds = loop.drain ? 64 : 1;

    do
    {
        if (fd == loop.watch_fd) ioctl(fd, FIONREAD, &pending);
        errno = 0;
        ev->read_cb(ev->userarg);
        if (fd != loop.watch_fd) continue;
        loop.reads++;
        if (!pending)
        {
            loop.reads_empty++;
            if (errno == EAGAIN || errno == EWOULDBLOCK) loop.reads_empty_eagain++;
        }
        else if (errno == EAGAIN || errno == EWOULDBLOCK) loop.reads_data_eagain++;
    }
    while (--rounds && errno != EAGAIN && errno != EWOULDBLOCK && slot_live(i, ev) && ev->read_cb);
}

static void loop_run_once(getdns_eventloop *base, int blocking)
{
    struct pollfd pfd[LOOP_SLOTS];
    getdns_eventloop_event *evs[LOOP_SLOTS];
    unsigned int map[LOOP_SLOTS], count = 0, i;
    uint64_t now = now_ms(), next = 0;
    int wait;

    for (i = 0; i < LOOP_SLOTS; i++)
    {
        struct slot *slot = &loop.slots[i];

        if (!slot->used) continue;
        if (slot->expiry && (!next || slot->expiry < next)) next = slot->expiry;
        if (slot->fd < 0 || (!slot->ev->read_cb && !slot->ev->write_cb)) continue;
        pfd[count].fd = slot->fd;
        pfd[count].events = (slot->ev->read_cb ? POLLIN : 0) | (slot->ev->write_cb ? POLLOUT : 0);
        evs[count] = slot->ev;
        map[count++] = i;
    }
    /* short waits, so that callers can bound how long they run the loop */
    wait = !blocking ? 0 : !next || next > now + 100 ? 100 : next <= now ? 0 : (int)(next - now);
    if (poll(pfd, count, wait) > 0)
    {
        for (i = 0; i < count; i++)
        {
            if ((pfd[i].revents & (POLLOUT | POLLERR | POLLHUP)) && slot_live(map[i], evs[i]) && evs[i]->write_cb)
                evs[i]->write_cb(evs[i]->userarg);
            if ((pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) && slot_live(map[i], evs[i]) && evs[i]->read_cb)
                call_read(map[i], evs[i]);
        }
    }
    now = now_ms();
    for (i = 0; i < LOOP_SLOTS; i++)
    {
        struct slot *slot = &loop.slots[i];
        getdns_eventloop_event *ev = slot->ev;

        if (!slot->used || !slot->expiry || slot->expiry > now || !ev->timeout_cb) continue;
        slot->expiry = 0;
        ev->timeout_cb(ev->userarg);
    }
}

static void loop_run(getdns_eventloop *base)
{
    unsigned int i, busy = 1;

    while (busy)
    {
        loop_run_once(base, 1);
        for (i = busy = 0; i < LOOP_SLOTS; i++) busy |= loop.slots[i].used;
    }
}

static void loop_cleanup(getdns_eventloop *base)
{
}

static getdns_eventloop_vmt loop_vmt = { loop_cleanup, loop_schedule, loop_clear, loop_run, loop_run_once };

/* ---- lookups ----------------------------------------------------------- */

struct outcome
{
    int called;
    getdns_callback_type_t type;
    uint64_t at;
    uint32_t status, rcode;
    char qname[64];
};

static void on_done(getdns_context *context, getdns_callback_type_t type, getdns_dict *response,
                    void *userarg, getdns_transaction_t id)
{
    struct outcome *out = userarg;
    getdns_list *replies;
    getdns_dict *reply;
    getdns_bindata *name;

    out->called++;
    out->type = type;
    out->at = now_ms();
    if (response)
    {
        getdns_dict_get_int(response, "status", &out->status);
        if (!getdns_dict_get_list(response, "replies_tree", &replies) && !getdns_list_get_dict(replies, 0, &reply))
        {
            getdns_dict_get_int(reply, "/header/rcode", &out->rcode);
            if (!getdns_dict_get_bindata(reply, "/question/qname", &name))
            {
                char *text = NULL;

                if (!getdns_convert_dns_name_to_fqdn(name, &text) && text)
                {
                    snprintf(out->qname, sizeof(out->qname), "%s", text);
                    free(text);
                }
            }
        }
    }
    getdns_dict_destroy(response);
}

/* a stub context for our server alone, on our loop; the transports and
 * idle timeout in that order only when asked (see test_idle_timeout_order) */
static getdns_context *context_new(getdns_transport_list_t transport, int set_idle)
{
    getdns_context *context;
    getdns_list *upstreams = getdns_list_create();
    getdns_dict *upstream = getdns_dict_create();
    getdns_bindata addr = { 4, (uint8_t *)"\x7f\x00\x00\x01" };

    if (getdns_context_create(&context, 0)) return NULL;
    getdns_context_set_resolution_type(context, GETDNS_RESOLUTION_STUB);
    getdns_context_set_eventloop(context, &loop.base);
    getdns_dict_util_set_string(upstream, "address_type", "IPv4");
    getdns_dict_set_bindata(upstream, "address_data", &addr);
    getdns_dict_set_int(upstream, "port", server.port);
    getdns_dict_set_int(upstream, "tcp_port", server.port);
    getdns_list_set_dict(upstreams, 0, upstream);
    getdns_context_set_upstream_recursive_servers(context, upstreams);
    getdns_dict_destroy(upstream);
    getdns_list_destroy(upstreams);
    getdns_context_set_dns_transport_list(context, 1, &transport);
    if (set_idle) getdns_context_set_idle_timeout(context, 5000);
    return context;
}

static getdns_return_t lookup(getdns_context *context, const char *name, uint16_t type, struct outcome *out,
                              getdns_transaction_t *id)
{
    memset(out, 0, sizeof(*out));
    return getdns_general(context, name, type, NULL, out, id, on_done);
}

/* runs the loop until every outcome is in or the time is up */
static void wait_for(struct outcome **outs, unsigned int count, uint64_t within_ms)
{
    uint64_t end = now_ms() + within_ms;
    unsigned int i, done;

    do
    {
        loop_run_once(&loop.base, 1);
        for (i = done = 0; i < count; i++) done += outs[i]->called != 0;
    }
    while (done < count && now_ms() < end);
}

/* settle: run the loop until no event is left, at most this long */
static void run_idle(uint64_t within_ms)
{
    uint64_t end = now_ms() + within_ms;
    unsigned int i, busy;

    do
    {
        loop_run_once(&loop.base, 1);
        for (i = busy = 0; i < LOOP_SLOTS; i++) busy |= loop.slots[i].used && loop.slots[i].fd >= 0;
    }
    while (busy && now_ms() < end);
}

/* ---- the pins ---------------------------------------------------------- */

/* The resolver resends a UDP try itself (early resend, next attempt):
 * getdns sends the datagram once and waits out the request's timeout. */
static void test_udp_sent_once(void)
{
    getdns_context *context = context_new(GETDNS_TRANSPORT_UDP, 0);
    struct outcome out, *outs[] = { &out };
    uint64_t start = now_ms();

    server_reset(SERVE_SILENT);
    getdns_context_set_timeout(context, 1500);
    check(!lookup(context, "silent.test.", GETDNS_RRTYPE_A, &out, NULL), "udp once: query started");
    wait_for(outs, 1, 5000);
    check(out.called == 1 && out.type == GETDNS_CALLBACK_TIMEOUT, "udp once: a silent server ends in TIMEOUT (%d, type %d)",
          out.called, out.type);
    check(out.at - start >= 1400, "udp once: after the whole timeout (%llu ms)", (unsigned long long)(out.at - start));
    check(server.udp_queries == 1, "udp once: one datagram in 1.5 s, no resend (%u)", server.udp_queries);
    getdns_context_destroy(context);
}

/* The resolver sets the context's timeout before each getdns_general() to
 * the time left to that lookup's deadline: the value is copied into the
 * request when it is created, and later changes leave it alone. */
static void test_timeout_per_request(void)
{
    getdns_context *context = context_new(GETDNS_TRANSPORT_UDP, 0);
    struct outcome short_one, long_one, *outs[] = { &short_one };
    getdns_transaction_t long_id = 0;
    uint64_t start = now_ms();

    server_reset(SERVE_SILENT);
    getdns_context_set_timeout(context, 300);
    lookup(context, "short.test.", GETDNS_RRTYPE_A, &short_one, NULL);
    getdns_context_set_timeout(context, 5000);
    lookup(context, "long.test.", GETDNS_RRTYPE_A, &long_one, &long_id);
    wait_for(outs, 1, 3000);
    check(short_one.called && short_one.type == GETDNS_CALLBACK_TIMEOUT && short_one.at - start < 1500,
          "timeout: the first request kept its 300 ms (%llu ms)", (unsigned long long)(short_one.at - start));
    outs[0] = &long_one;
    wait_for(outs, 1, 1200);
    check(!long_one.called, "timeout: the second kept its 5 s (ended after %llu ms)",
          (unsigned long long)(long_one.at ? long_one.at - start : 0));
    getdns_cancel_callback(context, long_id);
    getdns_context_destroy(context);
}

/* The resolver's cancel relies on getdns calling the callback, with
 * CANCEL, before getdns_cancel_callback() returns, and on an unknown id
 * being refused without a call. */
static void test_cancel_synchronous(void)
{
    getdns_context *context = context_new(GETDNS_TRANSPORT_UDP, 0);
    struct outcome out;
    getdns_transaction_t id = 0;
    getdns_return_t ret;

    server_reset(SERVE_SILENT);
    getdns_context_set_timeout(context, 5000);
    lookup(context, "cancel.test.", GETDNS_RRTYPE_A, &out, &id);
    ret = getdns_cancel_callback(context, id);
    check(!ret && out.called == 1 && out.type == GETDNS_CALLBACK_CANCEL,
          "cancel: callback with CANCEL inside the call (ret %d, called %d, type %d)", ret, out.called, out.type);
    ret = getdns_cancel_callback(context, id);
    check(ret == GETDNS_RETURN_UNKNOWN_TRANSACTION && out.called == 1,
          "cancel: a finished id is unknown and not called back (ret %d, called %d)", ret, out.called);
    getdns_context_destroy(context);
}

/* The response status says "no name" for NXDOMAIN, SERVFAIL and REFUSED
 * alike: the resolver reads each reply's rcode, and SERVFAIL or REFUSED is
 * final for the request (no other server, no resend). */
static void test_rcode_status(void)
{
    static const int rcodes[] = { 3, 2, 5 };
    getdns_context *context = context_new(GETDNS_TRANSPORT_UDP, 0);
    unsigned int i;

    for (i = 0; i < 3; i++)
    {
        struct outcome out, *outs[] = { &out };

        server_reset(SERVE_RCODE);
        server.rcode = rcodes[i];
        getdns_context_set_timeout(context, 2000);
        lookup(context, "rcode.test.", GETDNS_RRTYPE_A, &out, NULL);
        wait_for(outs, 1, 3000);
        check(out.type == GETDNS_CALLBACK_COMPLETE && out.status == GETDNS_RESPSTATUS_NO_NAME && out.rcode == rcodes[i],
              "rcode %d: COMPLETE, status %u, rcode in the reply %u", rcodes[i], out.status, out.rcode);
        check(server.udp_queries == 1, "rcode %d: one query, not retried (%u)", rcodes[i], server.udp_queries);
    }
    getdns_context_destroy(context);
}

/* getdns hands on a reply whose question is not the one asked; the
 * resolver ignores such replies itself (reply_extract, unix_pack.c). */
static void test_other_question_passed(void)
{
    getdns_context *context = context_new(GETDNS_TRANSPORT_UDP, 0);
    struct outcome out, *outs[] = { &out };

    server_reset(SERVE_OTHER_NAME);
    getdns_context_set_timeout(context, 2000);
    lookup(context, "asked.test.", GETDNS_RRTYPE_A, &out, NULL);
    wait_for(outs, 1, 3000);
    check(out.type == GETDNS_CALLBACK_COMPLETE && !strcmp(out.qname, "zsked.test."),
          "other question: delivered as the answer (type %d, question \"%s\")", out.type, out.qname);
    getdns_context_destroy(context);
}

/* Without an idle timeout getdns closes a TCP connection as soon as it is
 * idle.  With one it asks for edns-tcp-keepalive on the connection's first
 * query and keeps the connection open only if the server answers with that
 * option (RFC 7828); a server that ignores it (dnsmasq; unbound unless
 * edns-tcp-keepalive is on) still gets a connection per burst. */
static void test_idle_timeout(void)
{
    static const struct { int idle, keepalive; unsigned int connections; const char *what; } passes[] =
    {
        { 0, 0, 2, "no idle timeout" },
        { 1, 0, 2, "idle 5 s, server without keepalive" },
        { 1, 1, 1, "idle 5 s, server with keepalive" },
    };
    unsigned int pass;

    for (pass = 0; pass < 3; pass++)
    {
        getdns_context *context = context_new(GETDNS_TRANSPORT_TCP, passes[pass].idle);
        struct outcome first, second, never = { 0 }, *outs[] = { &first }, *none[] = { &never };

        server_reset(SERVE_ANSWER);
        server.keepalive = passes[pass].keepalive;
        getdns_context_set_timeout(context, 2000);
        lookup(context, "one.test.", GETDNS_RRTYPE_A, &first, NULL);
        wait_for(outs, 1, 3000);
        /* give getdns the moment an idle close would take */
        wait_for(none, 1, 200);
        outs[0] = &second;
        lookup(context, "two.test.", GETDNS_RRTYPE_A, &second, NULL);
        wait_for(outs, 1, 3000);
        check(first.type == GETDNS_CALLBACK_COMPLETE && second.type == GETDNS_CALLBACK_COMPLETE,
              "%s: both answered over TCP (%d, %d)", passes[pass].what, first.type, second.type);
        check(server.tcp_accepts == passes[pass].connections, "%s: %u connection(s) for two queries 200 ms apart (%u)",
              passes[pass].what, passes[pass].connections, server.tcp_accepts);
        getdns_context_destroy(context);
        run_idle(500);
    }
}

static int child_sets_idle_timeout(uint64_t timeout)
{
    int status = 0;
    pid_t child = fork();

    if (!child)
    {
        getdns_context *context;

        signal(SIGSEGV, SIG_DFL);
        if (getdns_context_create(&context, 0)) _exit(3);
        getdns_context_set_idle_timeout(context, timeout);
        _exit(0);
    }
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* getdns_context_set_idle_timeout(0) on a context without upstreams reads
 * a NULL pointer in 1.6 (it walks the upstreams to close idle connections);
 * a nonzero value is only stored.  The resolver sets 5 s, after the
 * upstream.  In children. */
static void test_idle_timeout_order(void)
{
    check(!child_sets_idle_timeout(0), "idle timeout 0 before an upstream: still crashes getdns");
    check(child_sets_idle_timeout(5000), "idle timeout 5 s before an upstream: harmless");
}

/* A failed schedule of a query's socket is not reported: getdns_general()
 * succeeds and the request never calls back, not even at its timeout (the
 * timeout rode on the event that was refused); only a cancel ends it.  The
 * resolver therefore counts its loop's failed schedules and ends such a
 * query itself. */
static void test_schedule_failure_silent(void)
{
    getdns_context *context = context_new(GETDNS_TRANSPORT_UDP, 0);
    struct outcome out, *outs[] = { &out };
    getdns_transaction_t id = 0;
    getdns_return_t ret;

    server_reset(SERVE_ANSWER);
    getdns_context_set_timeout(context, 500);
    loop.fail_next_fd = 1;
    loop.failed_schedules = 0;
    ret = lookup(context, "lost.test.", GETDNS_RRTYPE_A, &out, &id);
    wait_for(outs, 1, 2000);
    check(loop.failed_schedules == 1, "schedule failure: the loop refused one schedule (%u)", loop.failed_schedules);
    check(!ret, "schedule failure: getdns_general() still succeeded (%d)", ret);
    check(!out.called, "schedule failure: no callback within four times the timeout (%d, type %d)", out.called,
          out.type);
    ret = getdns_cancel_callback(context, id);
    check(!ret && out.called == 1 && out.type == GETDNS_CALLBACK_CANCEL,
          "schedule failure: a cancel still ends it (ret %d, type %d)", ret, out.type);
    loop.fail_next_fd = 0;
    getdns_context_destroy(context);
}

/* On TCP a read callback takes one message at a time, and one that finds
 * the socket empty leaves errno at EAGAIN: the resolver's loop calls a
 * ready connection again until then (drain, unix_eventloop.c). */
static void test_tcp_reads(void)
{
    getdns_context *context = context_new(GETDNS_TRANSPORT_TCP, 1);
    struct outcome a, b, *outs[] = { &a, &b };
    unsigned int i;

    server_reset(SERVE_ANSWER);
    server.tcp_batch = 2;
    getdns_context_set_timeout(context, 3000);
    lookup(context, "first.test.", GETDNS_RRTYPE_A, &a, NULL);
    lookup(context, "second.test.", GETDNS_RRTYPE_A, &b, NULL);
    /* find the connection's descriptor once it is scheduled */
    loop.watch_fd = -1;
    for (i = 0; i < 20 && loop.watch_fd < 0; i++)
    {
        unsigned int s;

        loop_run_once(&loop.base, 0);
        for (s = 0; s < LOOP_SLOTS; s++)
            if (loop.slots[s].used && loop.slots[s].fd >= 0) loop.watch_fd = loop.slots[s].fd;
        if (loop.watch_fd < 0) usleep(10000);
    }
    loop.drain = 1;
    loop.reads = loop.reads_empty = loop.reads_empty_eagain = loop.reads_data_eagain = 0;
    wait_for(outs, 2, 3000);
    check(a.type == GETDNS_CALLBACK_COMPLETE && b.type == GETDNS_CALLBACK_COMPLETE,
          "tcp: both pipelined queries answered (%d, %d)", a.type, b.type);
    check(server.tcp_queries == 2 && server.tcp_accepts == 1, "tcp: one connection, two queries (%u, %u)",
          server.tcp_accepts, server.tcp_queries);
    check(loop.reads >= 2, "tcp: one message per read callback (%u calls for two replies in one segment)", loop.reads);
    check(loop.reads_empty >= 1 && loop.reads_empty_eagain == loop.reads_empty,
          "tcp: a read callback on an empty socket ends with EAGAIN (%u of %u)", loop.reads_empty_eagain,
          loop.reads_empty);
    check(!loop.reads_data_eagain, "tcp: no EAGAIN while data waits (%u)", loop.reads_data_eagain);
    loop.drain = 0;
    loop.watch_fd = -1;
    getdns_context_destroy(context);
    run_idle(500);
}

int main(void)
{
    if (!getenv("WS2GETDNS_SANDBOX"))
    {
        check(0, "getdns_pins_test must run inside tests/sandbox/run");
        return check_summary();
    }
    signal(SIGPIPE, SIG_IGN);
    loop.base.vmt = &loop_vmt;
    loop.watch_fd = -1;
    if (!server_start())
    {
        check(0, "server on 127.0.0.1 could not start");
        return check_summary();
    }
    test_udp_sent_once();
    test_timeout_per_request();
    test_cancel_synchronous();
    test_rcode_status();
    test_other_question_passed();
    test_idle_timeout();
    test_idle_timeout_order();
    test_schedule_failure_silent();
    test_tcp_reads();
    server_stop();
    return check_summary();
}
