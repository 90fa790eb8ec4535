/*
 * ws2getdns Unix-side tests: a resolver driven as the completion thread
 * drives it, for the host test programs (resolver_test, nss_test)
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

#ifndef __WS2GETDNS_RESOLVER_DRIVER_H
#define __WS2GETDNS_RESOLVER_DRIVER_H

/* One resolver at a time: a collector thread sits in resolver_run and files
 * every record under its handle (checking its framing); the test submits
 * by name and waits for the record.  For one test program each (static
 * state); MAX_HANDLES may be defined first. */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "unit_check.h"
#include "unix_resolver.h"
#include "unix_eventloop.h"

#ifndef MAX_HANDLES
#define MAX_HANDLES 40000
#endif
#define MAX_KEEP_ADDRS 8

struct result
{
    int seen;                   /* records received for this handle */
    uint64_t submitted, received;
    struct result_record rec;
    struct result_addr addrs[MAX_KEEP_ADDRS];
    char canon[256], fqdn[256];
};

static struct resolver *resolver;
static struct result results[MAX_HANDLES];
static UINT64 next_handle = 1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_t collector;
static int collector_stopping;
static unsigned int bad_records;

static void *collector_thread(void *arg)
{
    char *buffer = malloc(WS2GETDNS_MIN_RUN_BUFFER);
    struct run_params params;

    for (;;)
    {
        UINT32 i, offset = 0;
        int stopped;

        params.buffer = buffer;
        params.size = WS2GETDNS_MIN_RUN_BUFFER;
        stopped = resolver_run(resolver, &params);
        pthread_mutex_lock(&lock);
        for (i = 0; i < params.count; i++)
        {
            struct result_record *rec = (struct result_record *)(buffer + offset);
            struct result_addr *addrs = (struct result_addr *)(rec + 1);
            char *names = (char *)(addrs + rec->addr_count);
            struct result *res;

            if (rec->handle >= MAX_HANDLES || rec->size % 8 || offset + rec->size > params.size
                || rec->size < sizeof(*rec) + rec->addr_count * sizeof(*addrs) + rec->canon_len + rec->fqdn_len)
            {
                bad_records++;
                break;
            }
            res = &results[rec->handle];
            res->seen++;
            res->received = loop_now_ms();
            res->rec = *rec;
            memcpy(res->addrs, addrs, (rec->addr_count < MAX_KEEP_ADDRS ? rec->addr_count : MAX_KEEP_ADDRS) * sizeof(*addrs));
            res->canon[0] = res->fqdn[0] = 0;
            if (rec->canon_len) snprintf(res->canon, sizeof(res->canon), "%s", names);
            if (rec->fqdn_len) snprintf(res->fqdn, sizeof(res->fqdn), "%s", names + rec->canon_len);
            offset += rec->size;
        }
        if (stopped) collector_stopping = 1;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
        if (stopped) break;
    }
    free(buffer);
    return NULL;
}

/* Writes text into the sandbox's directory as file_name and points env_var
 * at it; with no text, env_var is unset (the resolver's default file). */
static int write_config(const char *env_var, const char *file_name, const char *text)
{
    const char *dir = getenv("WS2GETDNS_SANDBOX_DIR");
    char path[256];
    FILE *f;

    if (!text)
    {
        unsetenv(env_var);
        return 1;
    }
    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "/tmp", file_name);
    if (!(f = fopen(path, "w"))) return 0;
    fputs(text, f);
    fclose(f);
    setenv(env_var, path, 1);
    return 1;
}

/* a resolver with its collector thread, configured from the environment */
static int start_driver(void)
{
    UINT32 status = resolver_create(&resolver);

    check(!status && resolver, "resolver_create: status %u", status);
    if (status) return 0;
    collector_stopping = 0;
    pthread_create(&collector, NULL, collector_thread, NULL);
    return 1;
}

static void stop_resolver(void)
{
    resolver_stop(resolver);
    pthread_join(collector, NULL);
    resolver_destroy(resolver);
    resolver = NULL;
}

/* with custom servers ("ADDR" or "ADDR#PORT", IPv4 or IPv6), as a PE
 * caller's ADDRINFOEX6 hints give them; count 0: resolv.conf's */
static UINT64 submit_servers(const char *name, UINT32 family, UINT32 flags, UINT32 timeout_ms,
                             const char *const *servers, unsigned int count, UINT32 server_flags)
{
    struct submit_params params;
    UINT64 handle;
    UINT32 status;

    memset(&params, 0, sizeof(params));
    pthread_mutex_lock(&lock);
    handle = next_handle++;
    results[handle].submitted = loop_now_ms();
    pthread_mutex_unlock(&lock);
    params.handle = handle;
    params.family = family;
    params.flags = flags;
    params.timeout_ms = timeout_ms;
    params.timeout_status = 10060;
    snprintf(params.name, sizeof(params.name), "%s", name);
    for (params.server_count = 0; params.server_count < count; params.server_count++)
    {
        struct server_addr *out = &params.servers[params.server_count];
        char text[64], *port;

        snprintf(text, sizeof(text), "%s", servers[params.server_count]);
        if ((port = strchr(text, '#')))
        {
            *port++ = 0;
            out->port = atoi(port);
        }
        if (inet_pton(AF_INET, text, out->addr) == 1) out->family = WS2GETDNS_AF_INET;
        else if (inet_pton(AF_INET6, text, out->addr) == 1) out->family = WS2GETDNS_AF_INET6;
    }
    params.server_flags = server_flags;
    status = resolver_submit(resolver, &params);
    if (status) printf("resolver_submit failed: %u\n", status);
    return handle;
}

static UINT64 submit(const char *name, UINT32 family, UINT32 flags, UINT32 timeout_ms)
{
    return submit_servers(name, family, flags, timeout_ms, NULL, 0, 0);
}

/* waits up to ms for the record; NULL if none came */
static struct result *wait_for(UINT64 handle, unsigned int ms)
{
    struct timespec until;
    struct result *res = NULL;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&lock);
    while (!results[handle].seen && !collector_stopping)
        if (pthread_cond_timedwait(&cond, &lock, &until)) break;
    if (results[handle].seen) res = &results[handle];
    pthread_mutex_unlock(&lock);
    return res;
}

/* An upper bound on how long something may take, stretched when the
 * program runs slowed down: tests/fuzz/run-valgrind sets
 * WS2GETDNS_TEST_SLOWDOWN (valgrind, maybe with both cores busy, runs the
 * engine many times slower).  The timings themselves are proven by the
 * same tests at full speed (tests/unit/run); the slowed run looks for
 * memory errors and must not fail on the clock. */
static inline unsigned int slow(unsigned int ms)
{
    const char *factor = getenv("WS2GETDNS_TEST_SLOWDOWN");
    unsigned int f = factor ? (unsigned int)atoi(factor) : 1;

    return ms * (f >= 1 && f <= 100 ? f : 1);
}

/* from submit to the record, 0 without one */
static inline uint64_t took(const struct result *res)
{
    return res ? res->received - res->submitted : 0;
}

/* every address of the record carries flag (WS2GETDNS_ADDR_*); 0 without addresses */
static inline int all_flagged(const struct result *res, UINT16 flag)
{
    unsigned int i;

    if (!res || !res->rec.addr_count) return 0;
    for (i = 0; i < res->rec.addr_count && i < MAX_KEEP_ADDRS; i++)
        if (!(res->addrs[i].flags & flag)) return 0;
    return 1;
}

static const char *addr_text(const struct result_addr *addr)
{
    static char buf[8][64];
    static int n;
    char *out = buf[n++ % 8];

    inet_ntop(addr->family == WS2GETDNS_AF_INET ? AF_INET : AF_INET6, addr->addr, out, 64);
    return out;
}

/* "status n addr addr ..." for messages and comparisons */
static const char *summary(const struct result *res)
{
    static char buf[4][512];
    static int n;
    char *out = buf[n++ % 4];
    unsigned int i;
    int len;

    if (!res) return "(no record)";
    len = snprintf(out, 512, "%u %u", res->rec.status, res->rec.addr_count);
    for (i = 0; i < res->rec.addr_count && i < MAX_KEEP_ADDRS && len < 400; i++)
        len += snprintf(out + len, 512 - len, " %s", addr_text(&res->addrs[i]));
    return out;
}

static void expect(const char *name, UINT32 family, UINT32 flags, const char *want)
{
    UINT64 h = submit(name, family, flags, 0);
    struct result *res = wait_for(h, 15000);

    check(res && !strcmp(summary(res), want), "%s family %u flags %#x: got \"%s\" want \"%s\"",
          name, family, flags, summary(res), want);
}

#endif /* __WS2GETDNS_RESOLVER_DRIVER_H */
