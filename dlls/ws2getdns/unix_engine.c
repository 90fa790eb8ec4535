/*
 * ws2getdns Unix side: the resolver engine (getdns context, loop, requests)
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

/*
 * How a request moves:
 *   engine_submit (any thread) -> input queue + eventfd
 *   loop thread: start_request -> immediate answer (numeric, localhost,
 *     hosts file, invalid name) or the DNS path: search candidates one after
 *     the other; for each candidate the A and/or AAAA queries run
 *     concurrently, each one a getdns_general with its own retry count.
 *   getdns callbacks only record what happened and put the request on the
 *     dirty list; all decisions (retry, next candidate, finish) are taken by
 *     process_dirty() outside any callback, so getdns is never re-entered
 *     from its own callback and a request is never freed under getdns' feet.
 *   finish_request packs the record at once; engine_run copies ready
 *     records to the caller's buffer.
 *
 * Servers: getdns picks the upstream of a query itself and never moves a
 * query to another one, so a SERVFAIL from the first server would end the
 * query.  Each nameserver therefore gets getdns contexts of its own (one
 * upstream; one per transport, see create_context; all on our loop and
 * thread) and the engine chooses the server of every attempt: the first
 * goes to the preferred server, an attempt that gets no reply or
 * SERVFAIL/REFUSED/NOTIMP/FORMERR makes the next one go to the next
 * server, and a server that answers after such a failover becomes the
 * preferred one for later queries (as c-ares and glibc's
 * rotate-on-failure).  A new resolv.conf brings a new set of contexts; the
 * old set is destroyed once no transaction is live on it.
 */

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <getdns/getdns.h>
#include <getdns/getdns_extra.h>

#include "unix_engine.h"
#include "unix_eventloop.h"
#include "unix_file.h"
#include "unix_hosts.h"
#include "unix_names.h"
#include "unix_pack.h"
#include "unix_pagepool.h"
#include "unix_resolvconf.h"

/* Queries in flight over UDP.  getdns opens a socket per UDP query:
 * socket(), two fcntl(), an epoll registration and close() around every
 * datagram, a quarter of the CPU a lookup costs.  And a burst of more than
 * a few hundred datagrams overflows the server's receive buffer (measured
 * against the sandbox unbound: 1000 lookups took 56 ms with 256 in flight
 * but 5 s with 1024, every dropped query waiting out a retry).  So UDP
 * carries the first queries, which is all an interactive program ever has
 * in flight, and once more than this many are in flight new ones go over
 * TCP. */
#define DEFAULT_MAX_INFLIGHT 64
/* Queries beyond that go over TCP: getdns keeps one connection per
 * upstream open (the idle timeout) and pipelines every query on it, so
 * they cost no descriptor, no socket()/close() and no epoll_ctl each, and
 * the server's listen queue, not its receive buffer, absorbs a burst.
 * 10,000 AF_UNSPEC lookups at once (20,000 queries) all fit. */
#define DEFAULT_MAX_TCP_INFLIGHT 32768
#define TCP_IDLE_TIMEOUT_MS 5000
/* after a TCP failure (a server without TCP, a reset connection) the
 * overflow waits for UDP slots again for this long */
#define TCP_RETRY_MS 30000
#define CONFIG_CHECK_INTERVAL_MS 1000
#define INITIAL_BUCKETS 1024
#define MAX_LOCAL_ADDRS 64

struct list
{
    struct list *next, *prev;
};

#define LIST_ENTRY(elem, type, field) ((type *)((char *)(elem) - offsetof(type, field)))

static void list_init(struct list *list)
{
    list->next = list->prev = list;
}

static int list_empty(const struct list *list)
{
    return list->next == list;
}

static void list_add_tail(struct list *head, struct list *elem)
{
    elem->next = head;
    elem->prev = head->prev;
    head->prev->next = elem;
    head->prev = elem;
}

/* safe on an element that is in no list (after list_init) */
static void list_remove(struct list *elem)
{
    elem->prev->next = elem->next;
    elem->next->prev = elem->prev;
    list_init(elem);
}

enum query_result
{
    QUERY_PENDING,
    QUERY_ADDRS,
    QUERY_NXDOMAIN,
    QUERY_NODATA,
    QUERY_TRY_AGAIN,
    QUERY_NO_MEMORY,
};

struct request;
struct upstream_set;

/* What a query keeps of its replies (struct reply_info without the 256-byte
 * name buffer: ten thousand pending requests would carry 5 MB of them); the
 * end of a CNAME chain is allocated when there is one. */
struct answer_info
{
    int replies;
    int nxdomain;
    int noerror;
    int canon_bad;
    UINT32 ttl;
    char *canon;
};

/* one nameserver: getdns contexts with exactly that upstream */
struct upstream
{
    getdns_context *contexts[2];    /* [0] UDP first, [1] TCP only (see create_context) */
    struct upstream_set *set;
    unsigned int index;             /* in set->servers, resolv.conf order */
};

struct upstream_set
{
    struct list entry;              /* in engine->retired once replaced */
    unsigned int live;              /* getdns transactions outstanding on these contexts */
    unsigned int count;
    struct upstream servers[MAX_NAMESERVERS];
};

/* The input queue: a submit is the request's own node, a cancel a small
 * allocated one; one queue keeps them in call order. */
struct input
{
    struct input *next;
    struct request *req;    /* NULL for a cancel */
    UINT64 handle;
};

/* one A or AAAA query of the current search candidate */
struct query
{
    struct request *req;
    UINT16 rrtype;
    BYTE used;              /* part of this request's plan */
    BYTE live;              /* a getdns transaction is outstanding: tid is valid */
    BYTE cancelling;        /* our own cancel is calling back */
    BYTE retry;             /* no reply: resubmit from process_dirty */
    BYTE slot;              /* counts against engine->inflight */
    BYTE udp;               /* the live attempt counts against engine->udp_inflight */
    BYTE tcp;               /* the live attempt went over TCP */
    BYTE to_deadline;       /* the live attempt was cut to end at the request's deadline */
    struct list retry_entry;        /* in engine->retry_queue: a retry waiting for a UDP slot */
    struct upstream *upstream;      /* of the live attempt */
    unsigned int server;            /* server of the next attempt (modulo the current count) */
    unsigned int attempts_left;
    unsigned int loop_failures;     /* epoll_loop_alloc_failures() at submit */
    getdns_transaction_t tid;
    enum query_result result;
    struct answer_info info;
    struct addr_list addrs;
};

enum request_state
{
    REQUEST_NEW,
    REQUEST_WAITING,        /* needs in-flight slots for its next candidate */
    REQUEST_ACTIVE,
    REQUEST_READY,          /* record packed, waiting for engine_run */
};

struct request
{
    struct engine *engine;
    struct input input;
    struct request *hash_next;
    struct list entry;              /* waiting or ready list */
    struct list dirty;
    UINT64 handle;
    UINT32 family, flags, timeout_ms, timeout_status;  /* as submitted */
    uint64_t submit_time;
    uint64_t deadline;
    getdns_eventloop_event deadline_event;
    BYTE deadline_scheduled;
    BYTE deadline_hit;
    enum request_state state;
    char *candidates;               /* NUL-separated */
    const char *candidate;          /* current one */
    unsigned int candidate_count, candidate_index;
    UINT32 best_failure;
    struct query queries[2];        /* [0] AAAA, [1] A */
    void *record;
    size_t record_size;
    struct result_record small_record;  /* when a bigger one cannot be allocated */
    char name[];                    /* as submitted, allocated at its length */
};

struct engine
{
    /* shared with submitting threads */
    pthread_mutex_t lock;
    struct input *input_head, **input_tail;
    int event_fd;
    volatile int stop_requested;

    /* loop thread only */
    struct upstream_set *upstreams; /* from the current resolv.conf */
    struct list retired;            /* older sets, until nothing is live on them */
    unsigned int preferred;         /* server of first attempts */
    struct epoll_loop *loop;
    struct page_pool *pool;         /* getdns' memory */
    getdns_eventloop_event wake_event;
    char resolv_path[PATH_MAX];
    char hosts_path[PATH_MAX];
    struct file_stamp resolv_stamp, hosts_stamp;
    struct resolv_config conf;
    struct hosts_table *hosts;
    int config_oom;                 /* a file could not be loaded for lack of memory */
    uint64_t last_check;
    uint64_t last_if_check;
    int have_v4, have_v6;
    struct request **buckets;
    unsigned int bucket_count, request_count;
    struct list dirty, waiting, ready;
    struct list retry_queue;
    unsigned int inflight, max_inflight, max_tcp_inflight;
    unsigned int udp_inflight;      /* live attempts over UDP */
    uint64_t tcp_broken_until;      /* no TCP before this time (loop_now_ms) */
    int stopped;
    int trace;
    int sigpipe_ignored;            /* as under Wine: engine_run need not block it */
};

static void trace(const struct engine *engine, const char *func, const char *fmt, ...)
{
    va_list args;

    if (!engine->trace) return;
    fprintf(stderr, "trace:ws2getdns:%s ", func);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
}

#define TRACE(engine, ...) trace(engine, __func__, __VA_ARGS__)
#define ERR(...) do { fprintf(stderr, "err:ws2getdns:%s ", __func__); fprintf(stderr, __VA_ARGS__); } while (0)

/* ---------------------------------------------------------------- tables */

static unsigned int hash_handle(UINT64 handle, unsigned int count)
{
    handle ^= handle >> 33;
    handle *= 0xff51afd7ed558ccdULL;
    handle ^= handle >> 33;
    return (unsigned int)handle & (count - 1);
}

static struct request *hash_find(struct engine *engine, UINT64 handle)
{
    struct request *req = engine->buckets[hash_handle(handle, engine->bucket_count)];

    while (req && req->handle != handle) req = req->hash_next;
    return req;
}

static void hash_grow(struct engine *engine)
{
    unsigned int count = engine->bucket_count * 2, i;
    struct request **buckets = calloc(count, sizeof(*buckets));

    if (!buckets) return;   /* longer chains, still correct */
    for (i = 0; i < engine->bucket_count; i++)
    {
        struct request *req = engine->buckets[i], *next;

        for (; req; req = next)
        {
            unsigned int b = hash_handle(req->handle, count);

            next = req->hash_next;
            req->hash_next = buckets[b];
            buckets[b] = req;
        }
    }
    free(engine->buckets);
    engine->buckets = buckets;
    engine->bucket_count = count;
}

static void hash_insert(struct engine *engine, struct request *req)
{
    unsigned int b;

    if (engine->request_count >= engine->bucket_count * 2) hash_grow(engine);
    b = hash_handle(req->handle, engine->bucket_count);
    req->hash_next = engine->buckets[b];
    engine->buckets[b] = req;
    engine->request_count++;
}

static void hash_remove(struct engine *engine, struct request *req)
{
    struct request **ptr = &engine->buckets[hash_handle(req->handle, engine->bucket_count)];

    for (; *ptr; ptr = &(*ptr)->hash_next)
    {
        if (*ptr != req) continue;
        *ptr = req->hash_next;
        engine->request_count--;
        return;
    }
}

static void mark_dirty(struct request *req)
{
    if (list_empty(&req->dirty)) list_add_tail(&req->engine->dirty, &req->dirty);
}

/* ---------------------------------------------------------- configuration */

static void check_interfaces(struct engine *engine)
{
    struct ifaddrs *ifaddrs, *ifa;

    engine->have_v4 = engine->have_v6 = 0;
    if (getifaddrs(&ifaddrs)) return;
    for (ifa = ifaddrs; ifa; ifa = ifa->ifa_next)
    {
        if (!ifa->ifa_addr) continue;
        if (ifa->ifa_addr->sa_family == AF_INET)
        {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)ifa->ifa_addr;
            if ((ntohl(sin->sin_addr.s_addr) >> 24) != 127) engine->have_v4 = 1;
        }
        else if (ifa->ifa_addr->sa_family == AF_INET6)
        {
            const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ifa->ifa_addr;
            if (!IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr) && !IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr))
                engine->have_v6 = 1;
        }
    }
    freeifaddrs(ifaddrs);
}

static int set_upstream(getdns_context *context, const struct resolv_server *server)
{
    getdns_bindata data = { server->family == AF_INET ? 4 : 16, (uint8_t *)server->addr };
    getdns_list *list = getdns_list_create();
    getdns_dict *dict = getdns_dict_create();
    getdns_return_t ret = GETDNS_RETURN_MEMORY_ERROR;

    if (list && dict && !(ret = getdns_dict_set_bindata(dict, "address_data", &data))
        && !(ret = getdns_list_set_dict(list, 0, dict)))
        ret = getdns_context_set_upstream_recursive_servers(context, list);
    getdns_dict_destroy(dict);
    getdns_list_destroy(list);
    return ret;
}

/* One context per server and transport.  UDP first keeps getdns' own
 * fallback to TCP for truncated replies; the other context carries the
 * overflow beyond the UDP bound, pipelined.  Apart, because getdns fails
 * every query pipelined on a connection when one reply on it is bad or the
 * server closes it: the overflow retries such a failure elsewhere at no
 * cost, but a truncated reply's fallback would lose an attempt to it. */
static getdns_context *create_context(struct engine *engine, struct upstream *up,
                                      const struct resolv_server *server, int tcp_only)
{
    static const getdns_transport_list_t udp_first[] = { GETDNS_TRANSPORT_UDP, GETDNS_TRANSPORT_TCP };
    static const getdns_transport_list_t tcp[] = { GETDNS_TRANSPORT_TCP };
    getdns_namespace_t dns_only = GETDNS_NAMESPACE_DNS;
    getdns_context *context;
    getdns_return_t ret;

    /* not from the OS: getdns reads resolv.conf without its options and
     * never re-reads it; we configure everything ourselves */
    if ((ret = getdns_context_create_with_extended_memory_functions(&context, 0, engine->pool,
                                                                    page_pool_malloc, page_pool_realloc,
                                                                    page_pool_free)))
    {
        ERR("getdns_context_create failed: %d\n", ret);
        return NULL;
    }
    if ((ret = getdns_context_set_resolution_type(context, GETDNS_RESOLUTION_STUB))
        || (ret = getdns_context_set_namespaces(context, 1, &dns_only))
        || (ret = getdns_context_set_append_name(context, GETDNS_APPEND_NAME_NEVER))
        || (ret = getdns_context_set_eventloop(context, epoll_loop_base(engine->loop))))
    {
        ERR("configuring the getdns context failed: %d\n", ret);
        getdns_context_destroy(context);
        return NULL;
    }
    if ((ret = set_upstream(context, server)))
    {
        ERR("cannot set upstream %u from %s: %d\n", up->index, engine->resolv_path, ret);
        getdns_context_destroy(context);
        return NULL;
    }
    /* the idle timeout only after the upstream: getdns 1.6 dereferences it */
    if ((ret = tcp_only ? getdns_context_set_dns_transport_list(context, 1, (getdns_transport_list_t *)tcp)
                        : getdns_context_set_dns_transport_list(context, 2, (getdns_transport_list_t *)udp_first))
        || (ret = getdns_context_set_idle_timeout(context, TCP_IDLE_TIMEOUT_MS)))
    {
        ERR("configuring TCP failed: %d\n", ret);
        getdns_context_destroy(context);
        return NULL;
    }
    return context;
}

static int setup_upstream(struct engine *engine, struct upstream *up, const struct resolv_server *server)
{
    return (up->contexts[0] = create_context(engine, up, server, 0))
           && (up->contexts[1] = create_context(engine, up, server, 1));
}

/* only with nothing live on the set: getdns would call back into freed queries */
static void upstream_set_free(struct upstream_set *set)
{
    unsigned int i;

    if (!set) return;
    for (i = 0; i < set->count; i++)
    {
        if (set->servers[i].contexts[0]) getdns_context_destroy(set->servers[i].contexts[0]);
        if (set->servers[i].contexts[1]) getdns_context_destroy(set->servers[i].contexts[1]);
    }
    free(set);
}

/* one context per server of engine->conf; NULL when one cannot be made */
static struct upstream_set *upstream_set_create(struct engine *engine)
{
    struct upstream_set *set = calloc(1, sizeof(*set));
    unsigned int i;

    if (!set) return NULL;
    list_init(&set->entry);
    for (i = 0; i < engine->conf.server_count && i < MAX_NAMESERVERS; i++)
    {
        struct upstream *up = &set->servers[set->count++];

        up->set = set;
        up->index = i;
        if (!setup_upstream(engine, up, &engine->conf.servers[i]))
        {
            upstream_set_free(set);
            return NULL;
        }
    }
    if (!set->count)
    {
        free(set);
        return NULL;
    }
    return set;
}

/* Never from inside a getdns callback (destroying a context there aborts):
 * engine_run calls it between rounds of its loop. */
static void reap_retired(struct engine *engine)
{
    struct list *elem, *next;

    for (elem = engine->retired.next; elem != &engine->retired; elem = next)
    {
        struct upstream_set *set = LIST_ENTRY(elem, struct upstream_set, entry);

        next = elem->next;
        if (set->live) continue;
        list_remove(&set->entry);
        upstream_set_free(set);
    }
}

/* new contexts for a new resolv.conf; queries live on the old ones finish there */
static void replace_upstreams(struct engine *engine)
{
    struct upstream_set *set = upstream_set_create(engine);

    if (!set)
    {
        /* keep the old servers and try again at the next check */
        memset(&engine->resolv_stamp, 0, sizeof(engine->resolv_stamp));
        return;
    }
    if (engine->upstreams) list_add_tail(&engine->retired, &engine->upstreams->entry);
    engine->upstreams = set;
    engine->preferred = 0;
}

/* Re-read resolv.conf and hosts when they changed; at most once a second,
 * on the loop thread (the files are small and stat is cheap). */
static void check_config(struct engine *engine, int force)
{
    struct file_stamp stamp;
    uint64_t now = loop_now_ms();

    if (!force && now - engine->last_check < CONFIG_CHECK_INTERVAL_MS) return;
    engine->last_check = now;

    engine->config_oom = 0;
    file_get_stamp(engine->resolv_path, &stamp);
    if (force || !file_stamp_equal(&stamp, &engine->resolv_stamp))
    {
        /* out of memory: keep the old configuration and try again later */
        if (!resolv_config_load(&engine->conf, engine->resolv_path)) engine->config_oom = 1;
        else
        {
            engine->resolv_stamp = stamp;
            if (!force) replace_upstreams(engine);
        }
        TRACE(engine, "%s: %u servers, %u search, ndots %u timeout %u attempts %u\n",
              engine->resolv_path, engine->conf.server_count, engine->conf.search_count,
              engine->conf.ndots, engine->conf.timeout_s, engine->conf.attempts);
    }
    file_get_stamp(engine->hosts_path, &stamp);
    if (force || !file_stamp_equal(&stamp, &engine->hosts_stamp))
    {
        struct hosts_table *hosts = hosts_load(engine->hosts_path);

        /* out of memory: keep the old table and try again later */
        if (hosts)
        {
            engine->hosts_stamp = stamp;
            hosts_free(engine->hosts);
            engine->hosts = hosts;
        }
        else engine->config_oom = 1;
    }
}

/* -------------------------------------------------------------- finishing */

static int tcp_usable(const struct engine *engine, uint64_t now)
{
    return engine->max_tcp_inflight > engine->max_inflight && now >= engine->tcp_broken_until;
}

/* the getdns transaction of this attempt is over */
static void attempt_ended(struct query *q)
{
    q->live = 0;
    if (q->upstream)
    {
        q->upstream->set->live--;
        q->upstream = NULL;
    }
    if (!q->udp) return;
    q->udp = 0;
    q->req->engine->udp_inflight--;
}

static void release_slot(struct query *q)
{
    list_remove(&q->retry_entry);
    if (!q->slot) return;
    q->slot = 0;
    q->req->engine->inflight--;
}

/* forget the answers of an earlier attempt or candidate */
static void query_clear_answer(struct query *q)
{
    addr_list_free(&q->addrs);
    free(q->info.canon);
    memset(&q->info, 0, sizeof(q->info));
}

/* 0 when out of memory */
static int query_keep_answer(struct query *q, const struct reply_info *reply)
{
    free(q->info.canon);
    q->info.replies = reply->replies;
    q->info.nxdomain = reply->nxdomain;
    q->info.noerror = reply->noerror;
    q->info.canon_bad = reply->canon_bad;
    q->info.ttl = reply->ttl;
    q->info.canon = reply->canon[0] ? strdup(reply->canon) : NULL;
    return !reply->canon[0] || q->info.canon;
}

static void cancel_queries(struct request *req)
{
    unsigned int i;

    for (i = 0; i < 2; i++)
    {
        struct query *q = &req->queries[i];

        if (q->live)
        {
            /* getdns calls query_callback with CANCEL from inside this call */
            q->cancelling = 1;
            getdns_cancel_callback(q->upstream->contexts[q->tcp], q->tid);
            q->cancelling = 0;
            attempt_ended(q);
        }
        q->retry = 0;
        release_slot(q);
        query_clear_answer(q);
    }
}

static void request_detach(struct request *req)
{
    cancel_queries(req);
    if (req->deadline_scheduled)
    {
        getdns_eventloop *base = epoll_loop_base(req->engine->loop);
        base->vmt->clear(base, &req->deadline_event);
        req->deadline_scheduled = 0;
    }
    list_remove(&req->entry);
    list_remove(&req->dirty);
    free(req->candidates);
    req->candidates = NULL;
    req->candidate = NULL;
}

static void request_free(struct request *req)
{
    request_detach(req);
    hash_remove(req->engine, req);
    if (req->record != &req->small_record) free(req->record);
    free(req);
}

static void finish_request(struct request *req, UINT32 status, const struct addr_list *addrs,
                           UINT32 ttl, const char *canon, const char *fqdn)
{
    struct engine *engine = req->engine;
    unsigned int count = status ? 0 : addrs->count;
    char fqdn_text[WS2GETDNS_MAX_NAME];

    if (!(req->flags & WS2GETDNS_AI_CANONNAME)) canon = NULL;
    if (fqdn && (req->flags & WS2GETDNS_AI_FQDN)) name_normalize(fqdn, fqdn_text, sizeof(fqdn_text));
    else fqdn_text[0] = 0;
    if (ttl == UINT32_MAX) ttl = 0;

    /* the names may point into the queries: pack before detaching */
    req->record_size = record_size(count, status ? NULL : canon, status ? NULL : fqdn_text);
    if ((req->record = malloc(req->record_size)))
        record_write(req->record, req->handle, status, ttl, count ? addrs->addrs : NULL,
                     count, status ? NULL : canon, status ? NULL : fqdn_text);
    else
    {
        req->record = &req->small_record;
        req->record_size = record_size(0, NULL, NULL);
        record_write(req->record, req->handle, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY, 0, NULL, 0, NULL, NULL);
    }
    TRACE(engine, "handle %#llx name %s status %u addrs %u\n", (unsigned long long)req->handle,
          req->name, ((struct result_record *)req->record)->status, count);
    request_detach(req);
    req->state = REQUEST_READY;
    list_add_tail(&engine->ready, &req->entry);
}

static void finish_status(struct request *req, UINT32 status)
{
    finish_request(req, status, NULL, 0, NULL, NULL);
}

/* Windows' order is RFC 6724; this keeps a simplified form: IPv6 before
 * IPv4 (as the default policy table does for global addresses), server
 * order within a family, no duplicates.  AF_INET6 with AI_V4MAPPED adds
 * the IPv4 answers as ::ffff:a.b.c.d when there is no IPv6 answer, or
 * always with AI_ALL. */
static int filter_addrs(const struct request *req, const struct result_addr *in, unsigned int count,
                        struct addr_list *out)
{
    UINT32 family = req->family, flags = req->flags;
    unsigned int i;

    if (family != WS2GETDNS_AF_INET)
        for (i = 0; i < count; i++)
            if (in[i].family == WS2GETDNS_AF_INET6 && !addr_list_add(out, &in[i])) return 0;
    if (family == WS2GETDNS_AF_INET6)
    {
        if ((flags & WS2GETDNS_AI_V4MAPPED) && ((flags & WS2GETDNS_AI_ALL) || !out->count))
        {
            for (i = 0; i < count; i++)
            {
                struct result_addr mapped;

                if (in[i].family != WS2GETDNS_AF_INET) continue;
                addr_map_v4(&in[i], &mapped);
                if (!addr_list_add(out, &mapped)) return 0;
            }
        }
        return 1;
    }
    for (i = 0; i < count; i++)
        if (in[i].family == WS2GETDNS_AF_INET && !addr_list_add(out, &in[i])) return 0;
    return 1;
}

/* immediate answers (numeric, localhost, hosts, local host name);
 * returns 0 when nothing of the requested family is there */
static int finish_local(struct request *req, const struct result_addr *in, unsigned int count,
                        const char *canon)
{
    struct addr_list list;

    addr_list_init(&list);
    if (!filter_addrs(req, in, count, &list))
    {
        addr_list_free(&list);
        finish_status(req, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY);
        return 1;
    }
    if (!list.count) return 0;
    finish_request(req, 0, &list, 0, canon, req->name);
    addr_list_free(&list);
    return 1;
}

/* ------------------------------------------------------------ DNS queries */

static void query_set_result(struct query *q, enum query_result result)
{
    q->result = result;
    q->retry = 0;
    release_slot(q);
}

#define DEADLINE_SLACK_MS 5

/* no reply, or a server failure (SERVFAIL, REFUSED, ...): the next
 * attempt, if any, goes to the next server when next_server is set */
static void attempt_failed(struct query *q, int next_server)
{
    /* getdns reads its own clock for the attempt timer, so an attempt cut
     * to the deadline can time out a little before our deadline timer: that
     * is the deadline.  A quick failure (no route, TCP reset) is not. */
    if (q->to_deadline && loop_now_ms() + DEADLINE_SLACK_MS >= q->req->deadline)
    {
        q->req->deadline_hit = 1;
        return;
    }
    if (next_server) q->server++;
    if (q->attempts_left) q->retry = 1;
    else query_set_result(q, QUERY_TRY_AGAIN);
}

/* an answer (addresses, NXDOMAIN, NODATA) from a server other than the
 * preferred one came after a failover: later queries start there */
static void server_answered(struct query *q, const struct upstream *up)
{
    struct engine *engine = q->req->engine;

    if (!up || up->set != engine->upstreams || up->index == engine->preferred) return;
    TRACE(engine, "server %u answered %s after a failover: preferred from now on (was %u)\n",
          up->index, q->req->candidate, engine->preferred);
    engine->preferred = up->index;
}

static void query_callback(getdns_context *context, getdns_callback_type_t type,
                           getdns_dict *response, void *userarg, getdns_transaction_t tid)
{
    struct query *q = userarg;
    struct reply_info reply;
    /* stays valid: a set is freed only between rounds of engine_run */
    const struct upstream *up = q->upstream;

    attempt_ended(q);
    if (q->cancelling)
    {
        getdns_dict_destroy(response);
        return;
    }
    switch (type)
    {
    case GETDNS_CALLBACK_COMPLETE:
    case GETDNS_CALLBACK_TIMEOUT:
        /* TIMEOUT still carries whatever replies arrived */
        if (!reply_extract(response, q->rrtype, q->req->candidate, &reply, &q->addrs)
            || !query_keep_answer(q, &reply))
            query_set_result(q, QUERY_NO_MEMORY);
        else if (!q->info.replies) attempt_failed(q, 1);
        else if (!q->addrs.count && !q->info.nxdomain && !q->info.noerror)
        {
            /* SERVFAIL, REFUSED, NOTIMP, FORMERR, ...: this server cannot
             * answer, another one may */
            TRACE(q->req->engine, "%s type %u: server %u failed\n", q->req->candidate, q->rrtype,
                  up ? up->index : ~0u);
            attempt_failed(q, 1);
        }
        else
        {
            server_answered(q, up);
            if (q->addrs.count) query_set_result(q, QUERY_ADDRS);
            else if (q->info.nxdomain) query_set_result(q, QUERY_NXDOMAIN);
            else query_set_result(q, QUERY_NODATA);
        }
        break;
    case GETDNS_CALLBACK_ERROR:
        if (q->tcp)
        {
            /* no connection (a server without TCP) or a reset: this
             * attempt does not count, and the overflow waits for UDP */
            struct engine *engine = q->req->engine;

            engine->tcp_broken_until = loop_now_ms() + TCP_RETRY_MS;
            TRACE(engine, "TCP failed, UDP only for %u ms\n", TCP_RETRY_MS);
            q->attempts_left++;
        }
        /* the same server over UDP after a TCP failure; the next one after
         * a UDP error (a send that failed) */
        attempt_failed(q, !q->tcp);
        break;
    default:
        query_set_result(q, QUERY_TRY_AGAIN);
        break;
    }
    /* getdns turns an event it could not schedule (no memory in our loop)
     * into a failed, silent or half-read query: that is a memory failure */
    if ((q->retry || q->result == QUERY_TRY_AGAIN)
        && epoll_loop_alloc_failures(q->req->engine->loop) != q->loop_failures)
        query_set_result(q, QUERY_NO_MEMORY);
    TRACE(q->req->engine, "%s type %u server %u callback %u replies %d result %u retry %u\n", q->req->candidate,
          q->rrtype, up ? up->index : ~0u, type, q->info.replies, q->result, q->retry);
    getdns_dict_destroy(response);
    mark_dirty(q->req);
}

static void submit_query(struct query *q)
{
    struct request *req = q->req;
    struct engine *engine = req->engine;
    struct upstream *up = &engine->upstreams->servers[q->server % engine->upstreams->count];
    uint64_t now = loop_now_ms(), timeout = engine->conf.timeout_s * 1000;
    getdns_transaction_t tid = 0;
    getdns_return_t ret;

    /* getdns copies the context timeout into the request when it is made:
     * one attempt lasts `timeout`, never past the request's deadline */
    q->to_deadline = req->deadline <= now + timeout;
    if (req->deadline <= now) timeout = 1;
    else if (req->deadline - now < timeout) timeout = req->deadline - now;
    /* past the UDP bound in all (this query's slot is counted already),
     * so that a steady load moves to TCP as a whole: counting UDP alone,
     * the fast UDP slots kept turning over and carried two thirds of it */
    q->tcp = engine->inflight > engine->max_inflight && tcp_usable(engine, now);
    getdns_context_set_timeout(up->contexts[q->tcp], timeout);
    q->server = up->index;

    q->attempts_left--;
    q->retry = 0;
    q->live = 1;
    if (!q->tcp)
    {
        q->udp = 1;
        engine->udp_inflight++;
    }
    q->upstream = up;
    up->set->live++;
    q->loop_failures = epoll_loop_alloc_failures(engine->loop);
    ret = getdns_general(up->contexts[q->tcp], req->candidate, q->rrtype, NULL, q, &tid, query_callback);
    if (ret != GETDNS_RETURN_GOOD)
    {
        attempt_ended(q);
        TRACE(engine, "getdns_general(%s, %u) failed: %d\n", req->candidate, q->rrtype, ret);
        if (ret == GETDNS_RETURN_MEMORY_ERROR
            || epoll_loop_alloc_failures(engine->loop) != q->loop_failures)
            query_set_result(q, QUERY_NO_MEMORY);
        else if (ret == GETDNS_RETURN_BAD_DOMAIN_NAME) query_set_result(q, QUERY_NXDOMAIN);
        else query_set_result(q, QUERY_TRY_AGAIN);
        mark_dirty(req);
        return;
    }
    /* when the callback ran inside getdns_general, tid was never written */
    if (q->live) q->tid = tid;
}

static unsigned int slots_needed(const struct request *req)
{
    return req->queries[0].used + req->queries[1].used;
}

static void start_candidate(struct request *req)
{
    struct engine *engine = req->engine;
    unsigned int i;

    req->state = REQUEST_ACTIVE;
    for (i = 0; i < 2; i++)
    {
        struct query *q = &req->queries[i];

        if (!q->used) continue;
        q->result = QUERY_PENDING;
        /* every attempt on every server, as glibc, starting at the preferred one */
        q->attempts_left = engine->conf.attempts * engine->upstreams->count;
        q->server = engine->preferred;
        query_clear_answer(q);
        q->slot = 1;
        engine->inflight++;
    }
    for (i = 0; i < 2; i++)
        if (req->queries[i].used) submit_query(&req->queries[i]);
}

/* retries keep their slots, so they go before new requests */
static void pump_retries(struct engine *engine)
{
    while (!list_empty(&engine->retry_queue))
    {
        struct query *q = LIST_ENTRY(engine->retry_queue.next, struct query, retry_entry);
        uint64_t now = loop_now_ms();

        if (engine->udp_inflight >= engine->max_inflight && !tcp_usable(engine, now)) break;
        list_remove(&q->retry_entry);
        if (now >= q->req->deadline)
        {
            q->req->deadline_hit = 1;
            mark_dirty(q->req);
        }
        else submit_query(q);
    }
}

static void pump_waiting(struct engine *engine)
{
    while (!list_empty(&engine->waiting))
    {
        struct request *req = LIST_ENTRY(engine->waiting.next, struct request, entry);

        unsigned int limit = tcp_usable(engine, loop_now_ms()) ? engine->max_tcp_inflight : engine->max_inflight;

        if (engine->inflight && engine->inflight + slots_needed(req) > limit) break;
        list_remove(&req->entry);
        start_candidate(req);
    }
}

/* glibc's res_search order of preference when no candidate answered */
static int failure_rank(UINT32 status)
{
    switch (status)
    {
    case WS2GETDNS_WSANO_DATA: return 3;
    case WS2GETDNS_WSATRY_AGAIN: return 2;
    case WS2GETDNS_WSAHOST_NOT_FOUND: return 1;
    default: return 0;
    }
}

static void evaluate_candidate(struct request *req)
{
    struct query *aaaa = &req->queries[0], *a = &req->queries[1];
    struct addr_list all, merged;
    int nxdomain = 0, nodata = 0, try_again = 0, nomem = 0, ok = 1;
    UINT32 status, ttl = UINT32_MAX;
    unsigned int i;

    addr_list_init(&all);
    addr_list_init(&merged);
    for (i = 0; i < 2; i++)
    {
        struct query *q = &req->queries[i];
        unsigned int j;

        if (!q->used) continue;
        for (j = 0; j < q->addrs.count && ok; j++) ok = addr_list_add(&all, &q->addrs.addrs[j]);
        if (q->result == QUERY_NXDOMAIN) nxdomain = 1;
        if (q->result == QUERY_NODATA) nodata = 1;
        if (q->result == QUERY_TRY_AGAIN) try_again = 1;
        if (q->result == QUERY_NO_MEMORY) nomem = 1;
    }
    if (!ok || !filter_addrs(req, all.addrs, all.count, &merged)) nomem = 1;
    addr_list_free(&all);

    if (!nomem && merged.count)
    {
        const char *canon = NULL;

        for (i = 0; i < 2; i++)
        {
            struct query *q = &req->queries[i];

            if (!q->used || !q->addrs.count) continue;
            if (q->info.ttl < ttl) ttl = q->info.ttl;
        }
        /* the name at the end of the CNAME chain, else the name asked;
         * none at all when the chain ends in a name we refuse to pass on */
        const struct query *source = (aaaa->used && aaaa->addrs.count) ? aaaa : a;

        if (source->info.canon_bad) canon = NULL;
        else if (source->info.canon) canon = source->info.canon;
        else canon = req->candidate;
        finish_request(req, 0, &merged, ttl, canon, req->candidate);
        addr_list_free(&merged);
        return;
    }
    addr_list_free(&merged);
    if (nomem)
    {
        finish_status(req, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY);
        return;
    }

    /* NXDOMAIN covers the whole name; otherwise an unanswered family may
     * hold addresses, so "try again" beats "no data" (as glibc) */
    if (nxdomain) status = WS2GETDNS_WSAHOST_NOT_FOUND;
    else if (try_again || !nodata) status = WS2GETDNS_WSATRY_AGAIN;
    else status = WS2GETDNS_WSANO_DATA;
    if (failure_rank(status) > failure_rank(req->best_failure)) req->best_failure = status;

    if (req->candidate_index + 1 >= req->candidate_count)
    {
        finish_status(req, req->best_failure);
        return;
    }
    req->candidate_index++;
    req->candidate += strlen(req->candidate) + 1;
    for (i = 0; i < 2; i++) query_clear_answer(&req->queries[i]);
    req->state = REQUEST_WAITING;
    list_add_tail(&req->engine->waiting, &req->entry);
}

static void request_deadline(struct request *req)
{
    unsigned int i;

    if (req->timeout_ms)
    {
        finish_status(req, req->timeout_status);
        return;
    }
    /* The resolver's own budget ran out: what has arrived counts, what has
     * not is "no reply", and no further candidate is tried. */
    if (req->state == REQUEST_WAITING)
    {
        finish_status(req, req->best_failure ? req->best_failure : WS2GETDNS_WSATRY_AGAIN);
        return;
    }
    for (i = 0; i < 2; i++)
    {
        struct query *q = &req->queries[i];

        if (!q->used || q->result != QUERY_PENDING) continue;
        if (q->live)
        {
            q->cancelling = 1;
            getdns_cancel_callback(q->upstream->contexts[q->tcp], q->tid);
            q->cancelling = 0;
            attempt_ended(q);
        }
        /* a query whose event could not be scheduled is never called back */
        query_set_result(q, epoll_loop_alloc_failures(req->engine->loop) != q->loop_failures
                            ? QUERY_NO_MEMORY : QUERY_TRY_AGAIN);
    }
    req->candidate_index = req->candidate_count - 1;
    evaluate_candidate(req);
}

static void process_dirty(struct engine *engine)
{
    while (!list_empty(&engine->dirty))
    {
        struct request *req = LIST_ENTRY(engine->dirty.next, struct request, dirty);
        unsigned int i, pending = 0;

        list_remove(&req->dirty);
        if (req->state != REQUEST_ACTIVE && req->state != REQUEST_WAITING) continue;
        if (req->deadline_hit)
        {
            request_deadline(req);
            continue;
        }
        if (req->state != REQUEST_ACTIVE) continue;
        for (i = 0; i < 2; i++)
        {
            struct query *q = &req->queries[i];

            if (!q->used) continue;
            if (q->retry && list_empty(&q->retry_entry))
            {
                uint64_t now = loop_now_ms();

                /* the deadline passed: its outcome, not "try again" (the
                 * attempt's own timeout can fire before the deadline timer) */
                if (now >= req->deadline)
                {
                    req->deadline_hit = 1;
                    break;
                }
                /* after a TCP failure the attempts it moved back to UDP
                 * must not exceed the UDP bound (the descriptor budget) */
                else if (engine->udp_inflight >= engine->max_inflight && !tcp_usable(engine, now))
                    list_add_tail(&engine->retry_queue, &q->retry_entry);
                else submit_query(q);
            }
            if (q->result == QUERY_PENDING) pending++;
        }
        if (req->deadline_hit) request_deadline(req);
        else if (!pending) evaluate_candidate(req);
    }
}

static void deadline_callback(void *userarg)
{
    struct request *req = userarg;

    req->deadline_hit = 1;
    mark_dirty(req);
}

/* ------------------------------------------------------------- start */

static void finish_local_host(struct request *req)
{
    struct engine *engine = req->engine;
    struct result_addr addrs[MAX_LOCAL_ADDRS];
    unsigned int count = 0;
    struct ifaddrs *ifaddrs, *ifa;
    const char *canon = NULL;
    char host[WS2GETDNS_MAX_NAME];

    if (gethostname(host, sizeof(host))) host[0] = 0;
    host[sizeof(host) - 1] = 0;
    if (host[0] && name_is_valid(host)
        && (count = hosts_lookup(engine->hosts, host, addrs, MAX_LOCAL_ADDRS, &canon))
        && finish_local(req, addrs, count, canon))
        return;
    count = 0;
    if (!getifaddrs(&ifaddrs))
    {
        for (ifa = ifaddrs; ifa && count < MAX_LOCAL_ADDRS; ifa = ifa->ifa_next)
        {
            struct result_addr *addr = &addrs[count];

            if (!ifa->ifa_addr) continue;
            memset(addr, 0, sizeof(*addr));
            if (ifa->ifa_addr->sa_family == AF_INET)
            {
                const struct sockaddr_in *sin = (const struct sockaddr_in *)ifa->ifa_addr;

                if ((ntohl(sin->sin_addr.s_addr) >> 24) == 127) continue;
                addr->family = WS2GETDNS_AF_INET;
                memcpy(addr->addr, &sin->sin_addr, 4);
                count++;
            }
            else if (ifa->ifa_addr->sa_family == AF_INET6)
            {
                const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ifa->ifa_addr;

                if (IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr)) continue;
                addr->family = WS2GETDNS_AF_INET6;
                addr->scope_id = IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr) ? sin6->sin6_scope_id : 0;
                memcpy(addr->addr, &sin6->sin6_addr, 16);
                count++;
            }
        }
        freeifaddrs(ifaddrs);
    }
    if (count && finish_local(req, addrs, count, host[0] ? host : "localhost")) return;
    /* nothing else: the loopback addresses, as Windows does without a network */
    memset(addrs, 0, 2 * sizeof(*addrs));
    addrs[0].family = WS2GETDNS_AF_INET6;
    addrs[0].addr[15] = 1;
    addrs[1].family = WS2GETDNS_AF_INET;
    addrs[1].addr[0] = 127;
    addrs[1].addr[3] = 1;
    if (!finish_local(req, addrs, 2, host[0] ? host : "localhost"))
        finish_status(req, WS2GETDNS_WSAHOST_NOT_FOUND);
}

static void start_request(struct engine *engine, struct request *req)
{
    struct result_addr addrs[MAX_LOCAL_ADDRS];
    char candidates[MAX_CANDIDATES * (WS2GETDNS_MAX_NAME + 1)];
    const char *name = req->name, *canon;
    unsigned int count, want_aaaa, want_a, i;
    UINT32 family = req->family, flags = req->flags;
    getdns_eventloop *base;
    uint64_t now, default_ms;
    size_t size;

    hash_insert(engine, req);
    TRACE(engine, "handle %#llx name %s family %u flags %#x timeout %u\n",
          (unsigned long long)req->handle, name, family, flags, req->timeout_ms);

    if (family != WS2GETDNS_AF_UNSPEC && family != WS2GETDNS_AF_INET && family != WS2GETDNS_AF_INET6)
    {
        finish_status(req, WS2GETDNS_WSAHOST_NOT_FOUND);
        return;
    }
    if (!name[0])
    {
        finish_local_host(req);
        return;
    }
    if (name_parse_numeric(name, &addrs[0]))
    {
        if (!finish_local(req, addrs, 1, name)) finish_status(req, WS2GETDNS_WSAHOST_NOT_FOUND);
        return;
    }
    if ((flags & WS2GETDNS_AI_NUMERICHOST) || !name_is_valid(name))
    {
        finish_status(req, WS2GETDNS_WSAHOST_NOT_FOUND);
        return;
    }
    if (name_is_localhost(name))
    {
        memset(addrs, 0, 2 * sizeof(*addrs));
        addrs[0].family = WS2GETDNS_AF_INET6;
        addrs[0].addr[15] = 1;
        addrs[1].family = WS2GETDNS_AF_INET;
        addrs[1].addr[0] = 127;
        addrs[1].addr[3] = 1;
        if (!finish_local(req, addrs, 2, "localhost")) finish_status(req, WS2GETDNS_WSAHOST_NOT_FOUND);
        return;
    }
    /* without the hosts file (no memory to load it) an answer could be wrong */
    if (engine->config_oom)
    {
        finish_status(req, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY);
        return;
    }
    /* the hosts file is read with the name as given, before any search
     * suffix; a name listed without the wanted family goes on to DNS */
    if ((count = hosts_lookup(engine->hosts, name, addrs, MAX_LOCAL_ADDRS, &canon))
        && finish_local(req, addrs, count, canon))
        return;

    want_aaaa = family != WS2GETDNS_AF_INET;
    want_a = family != WS2GETDNS_AF_INET6 || (flags & WS2GETDNS_AI_V4MAPPED);
    if (flags & WS2GETDNS_AI_ADDRCONFIG)
    {
        now = loop_now_ms();
        if (!engine->last_if_check || now - engine->last_if_check >= CONFIG_CHECK_INTERVAL_MS)
        {
            check_interfaces(engine);
            engine->last_if_check = now;
        }
        /* a loopback-only machine (our sandbox) filters nothing */
        if (engine->have_v4 || engine->have_v6)
        {
            if (!engine->have_v6) want_aaaa = 0;
            if (!engine->have_v4) want_a = 0;
        }
    }
    if (!want_a && !want_aaaa)
    {
        finish_status(req, WS2GETDNS_WSAHOST_NOT_FOUND);
        return;
    }

    /* built at full size on the stack, kept at the size used: a request
     * may wait a long time, and ten thousand of them may */
    if (!(count = name_search_candidates(name, &engine->conf, candidates, sizeof(candidates))))
    {
        finish_status(req, WS2GETDNS_WSAHOST_NOT_FOUND);
        return;
    }
    for (size = 0, i = 0; i < count; i++) size += strlen(candidates + size) + 1;
    if (!(req->candidates = malloc(size)))
    {
        finish_status(req, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY);
        return;
    }
    memcpy(req->candidates, candidates, size);
    req->candidate_count = count;
    req->candidate = req->candidates;
    req->queries[0].req = req->queries[1].req = req;
    req->queries[0].rrtype = GETDNS_RRTYPE_AAAA;
    req->queries[1].rrtype = GETDNS_RRTYPE_A;
    req->queries[0].used = want_aaaa;
    req->queries[1].used = want_a;

    /* the resolver default: every attempt on every server, as glibc */
    default_ms = (uint64_t)engine->conf.attempts * engine->conf.server_count * engine->conf.timeout_s * 1000;
    req->deadline = req->submit_time + (req->timeout_ms ? req->timeout_ms : default_ms);
    now = loop_now_ms();
    base = epoll_loop_base(engine->loop);
    memset(&req->deadline_event, 0, sizeof(req->deadline_event));
    req->deadline_event.userarg = req;
    req->deadline_event.timeout_cb = deadline_callback;
    if (base->vmt->schedule(base, -1, req->deadline > now ? req->deadline - now : 0, &req->deadline_event))
    {
        finish_status(req, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY);
        return;
    }
    req->deadline_scheduled = 1;
    req->state = REQUEST_WAITING;
    list_add_tail(&engine->waiting, &req->entry);
}

/* ------------------------------------------------------------- inputs */

static void cancel_request(struct engine *engine, UINT64 handle)
{
    struct request *req = hash_find(engine, handle);

    TRACE(engine, "handle %#llx %s\n", (unsigned long long)handle, req ? "found" : "unknown");
    if (req) request_free(req);
}

static void wake_callback(void *userarg)
{
    struct engine *engine = userarg;
    uint64_t value;

    while (read(engine->event_fd, &value, sizeof(value)) == -1 && errno == EINTR) ;
}

static void wake_loop(struct engine *engine)
{
    uint64_t one = 1;

    while (write(engine->event_fd, &one, sizeof(one)) == -1 && errno == EINTR) ;
}

static void process_inputs(struct engine *engine)
{
    struct input *input, *next;

    pthread_mutex_lock(&engine->lock);
    input = engine->input_head;
    engine->input_head = NULL;
    engine->input_tail = &engine->input_head;
    pthread_mutex_unlock(&engine->lock);

    if (input) check_config(engine, 0);
    for (; input; input = next)
    {
        next = input->next;
        if (input->req) start_request(engine, input->req);
        else
        {
            cancel_request(engine, input->handle);
            free(input);
        }
    }
}

static void push_input(struct engine *engine, struct input *input)
{
    int was_empty;

    input->next = NULL;
    pthread_mutex_lock(&engine->lock);
    was_empty = !engine->input_head;
    *engine->input_tail = input;
    engine->input_tail = &input->next;
    pthread_mutex_unlock(&engine->lock);
    /* a non-empty queue has a wake-up pending already */
    if (was_empty) wake_loop(engine);
}

UINT32 engine_submit(struct engine *engine, const struct submit_params *params)
{
    size_t name_len = strnlen(params->name, WS2GETDNS_MAX_NAME - 1);
    struct request *req = calloc(1, offsetof(struct request, name) + name_len + 1);

    if (!req) return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    req->submit_time = loop_now_ms();
    req->engine = engine;
    req->handle = params->handle;
    req->family = params->family;
    req->flags = params->flags;
    req->timeout_ms = params->timeout_ms;
    req->timeout_status = params->timeout_status;
    memcpy(req->name, params->name, name_len);
    req->input.req = req;
    req->input.handle = params->handle;
    req->state = REQUEST_NEW;
    list_init(&req->entry);
    list_init(&req->dirty);
    list_init(&req->queries[0].retry_entry);
    list_init(&req->queries[1].retry_entry);
    push_input(engine, &req->input);
    return 0;
}

UINT32 engine_cancel(struct engine *engine, UINT64 handle)
{
    struct input *input = malloc(sizeof(*input));

    if (!input) return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    input->req = NULL;
    input->handle = handle;
    push_input(engine, input);
    return 0;
}

void engine_stop(struct engine *engine)
{
    __atomic_store_n(&engine->stop_requested, 1, __ATOMIC_SEQ_CST);
    wake_loop(engine);
}

/* every request goes, without a record */
static void stop_all(struct engine *engine)
{
    unsigned int i;

    process_inputs(engine);
    for (i = 0; i < engine->bucket_count; i++)
        while (engine->buckets[i]) request_free(engine->buckets[i]);
    engine->stopped = 1;
}

static UINT32 pack_ready(struct engine *engine, struct run_params *params)
{
    char *buffer = params->buffer;
    UINT32 used = 0, count = 0;

    while (!list_empty(&engine->ready))
    {
        struct request *req = LIST_ENTRY(engine->ready.next, struct request, entry);

        if (req->record_size > params->size - used)
        {
            if (count || params->size < sizeof(struct result_record)) break;
            /* a buffer below WS2GETDNS_MIN_RUN_BUFFER: never loop forever */
            record_write(buffer, req->handle, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY, 0, NULL, 0, NULL, NULL);
            used = sizeof(struct result_record);
        }
        else
        {
            memcpy(buffer + used, req->record, req->record_size);
            used += req->record_size;
        }
        count++;
        request_free(req);
    }
    return count;
}

static void run_loop(struct engine *engine, struct run_params *params)
{
    params->count = 0;
    params->stopping = 0;

    for (;;)
    {
        if (engine->stopped || __atomic_load_n(&engine->stop_requested, __ATOMIC_SEQ_CST))
        {
            if (!engine->stopped) stop_all(engine);
            params->stopping = 1;
            return;
        }
        process_inputs(engine);
        do
        {
            process_dirty(engine);
            pump_retries(engine);
            pump_waiting(engine);
        } while (!list_empty(&engine->dirty));
        if (!list_empty(&engine->retired)) reap_retired(engine);

        if (!list_empty(&engine->ready))
        {
            params->count = pack_ready(engine, params);
            return;
        }
        epoll_loop_run_once_timeout(engine->loop, -1);
    }
}

/* getdns writes to its TCP connections with send(), which raises SIGPIPE
 * when the server has closed one (and then fails with EPIPE, which getdns
 * handles).  Wine ignores SIGPIPE; a host program (the tests, the
 * benchmarks) may not, so there the loop runs with it blocked, and a
 * SIGPIPE it raised is taken off before the mask goes back. */
void engine_run(struct engine *engine, struct run_params *params)
{
    static const struct timespec no_wait;
    sigset_t pipe_only, old, pending;
    int was_pending;

    if (engine->sigpipe_ignored)
    {
        run_loop(engine, params);
        return;
    }
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
    was_pending = !sigpending(&pending) && sigismember(&pending, SIGPIPE);
    run_loop(engine, params);
    if (!was_pending && !sigpending(&pending) && sigismember(&pending, SIGPIPE))
        sigtimedwait(&pipe_only, NULL, &no_wait);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static const char *env_or(const char *name, const char *fallback)
{
    const char *value = getenv(name);

    return value && *value ? value : fallback;
}

UINT32 engine_create(struct engine **out)
{
    struct engine *engine = calloc(1, sizeof(*engine));
    struct sigaction sigpipe;
    const char *value;
    getdns_eventloop *base;

    *out = NULL;
    if (!engine) return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    pthread_mutex_init(&engine->lock, NULL);
    engine->input_tail = &engine->input_head;
    engine->event_fd = -1;
    list_init(&engine->dirty);
    list_init(&engine->waiting);
    list_init(&engine->ready);
    list_init(&engine->retry_queue);
    list_init(&engine->retired);
    engine->sigpipe_ignored = !sigaction(SIGPIPE, NULL, &sigpipe) && sigpipe.sa_handler == SIG_IGN;
    value = getenv("WINEDEBUG");
    engine->trace = value && strstr(value, "ws2getdns") && !strstr(value, "-ws2getdns");
    snprintf(engine->resolv_path, sizeof(engine->resolv_path), "%s",
             env_or("WS2GETDNS_RESOLV_CONF", "/etc/resolv.conf"));
    snprintf(engine->hosts_path, sizeof(engine->hosts_path), "%s",
             env_or("WS2GETDNS_HOSTS", "/etc/hosts"));
    engine->max_inflight = DEFAULT_MAX_INFLIGHT;
    if ((value = getenv("WS2GETDNS_MAX_INFLIGHT")) && atoi(value) >= 2)
        engine->max_inflight = atoi(value);
    engine->max_tcp_inflight = DEFAULT_MAX_TCP_INFLIGHT;
    if ((value = getenv("WS2GETDNS_MAX_TCP_INFLIGHT")) && *value)
        engine->max_tcp_inflight = atoi(value);

    engine->bucket_count = INITIAL_BUCKETS;
    if (!(engine->buckets = calloc(engine->bucket_count, sizeof(*engine->buckets)))
        || !(engine->loop = epoll_loop_create())
        || !(engine->pool = page_pool_create()))
    {
        engine_destroy(engine);
        return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    }
    if ((engine->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) == -1)
    {
        ERR("eventfd failed: %s\n", strerror(errno));
        engine_destroy(engine);
        return WS2GETDNS_WSASYSNOTREADY;
    }
    check_config(engine, 1);
    if (engine->config_oom)
    {
        engine_destroy(engine);
        return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    }
    if (!(engine->upstreams = upstream_set_create(engine)))
    {
        engine_destroy(engine);
        return WS2GETDNS_WSASYSNOTREADY;
    }
    base = epoll_loop_base(engine->loop);
    engine->wake_event.userarg = engine;
    engine->wake_event.read_cb = wake_callback;
    if (base->vmt->schedule(base, engine->event_fd, LOOP_TIMEOUT_FOREVER, &engine->wake_event))
    {
        ERR("cannot watch the eventfd\n");
        engine_destroy(engine);
        return WS2GETDNS_WSASYSNOTREADY;
    }
    *out = engine;
    return 0;
}

void engine_destroy(struct engine *engine)
{
    struct input *input, *next;

    if (!engine) return;
    if (engine->buckets && engine->loop)
    {
        unsigned int i;

        for (i = 0; i < engine->bucket_count; i++)
            while (engine->buckets[i]) request_free(engine->buckets[i]);
    }
    for (input = engine->input_head; input; input = next)
    {
        next = input->next;
        free(input->req ? (void *)input->req : (void *)input);
    }
    if (engine->loop && engine->wake_event.ev)
    {
        getdns_eventloop *base = epoll_loop_base(engine->loop);
        base->vmt->clear(base, &engine->wake_event);
    }
    /* nothing is live any more: every request is gone */
    reap_retired(engine);
    upstream_set_free(engine->upstreams);
    epoll_loop_destroy(engine->loop);
    /* after the contexts: they free into it */
    page_pool_destroy(engine->pool);
    if (engine->event_fd != -1) close(engine->event_fd);
    hosts_free(engine->hosts);
    free(engine->buckets);
    pthread_mutex_destroy(&engine->lock);
    free(engine);
}
