/*
 * ws2getdns Unix-side test: every allocation of the resolver fails once, in turn
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

/* Built with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc so that the
 * resolver's own allocations (not getdns', see unix_pagepool.c) can be made to fail: iteration n
 * fails the n-th one.  Every lookup must still end in exactly one record
 * (its status may become WSA_NOT_ENOUGH_MEMORY) or a failed submit: no
 * crash, no hang, no leak (run under ASan).  Needs the sandbox:
 *     tests/sandbox/run -- tests/unit/oom_test */

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "unit_check.h"
#include "unix_resolver.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);

static int countdown;   /* 0 = off */
static int failed_once;

static int should_fail(void)
{
    if (__atomic_load_n(&countdown, __ATOMIC_SEQ_CST) <= 0) return 0;
    if (__atomic_sub_fetch(&countdown, 1, __ATOMIC_SEQ_CST) != 0) return 0;
    __atomic_store_n(&failed_once, 1, __ATOMIC_SEQ_CST);
    return 1;
}

void *__wrap_malloc(size_t size) { return should_fail() ? NULL : __real_malloc(size); }
void *__wrap_calloc(size_t count, size_t size) { return should_fail() ? NULL : __real_calloc(count, size); }
void *__wrap_realloc(void *ptr, size_t size) { return should_fail() ? NULL : __real_realloc(ptr, size); }

static const struct { const char *name; UINT32 family; UINT32 want; } lookups[] =
{
    { "192.0.2.50", 0, 0 },
    { "localhost", 0, 0 },
    { "hostsonly", 2, 0 },
    { "a.ws2getdns.test", 0, 0 },
    { "big.ws2getdns.test", 0, 0 },
    { "cname.ws2getdns.test", 0, 0 },
    { "nonexistent.ws2getdns.test", 0, 11001 },
    { "", 0, 0 },
};
#define LOOKUP_COUNT (sizeof(lookups) / sizeof(lookups[0]))

static struct resolver *resolver;
static volatile int finished;

static void *watchdog(void *arg)
{
    int i;

    for (i = 0; i < 150 && !finished; i++) usleep(100000);
    if (!finished) resolver_stop(resolver);
    return NULL;
}

/* A cancel whose input cannot be allocated still cancels: the lookup
 * gives no record, rather than keeping its queries until its deadline.
 * The resolver runs on this thread only, so the one allocation failed is
 * the cancel's. */
static void test_cancel_without_memory(char *buffer)
{
    struct submit_params params;
    unsigned int seen_cancelled = 0, seen_sentinel = 0, rounds;
    pthread_t dog;
    UINT32 ret;

    if (resolver_create(&resolver)) return;
    memset(&params, 0, sizeof(params));
    params.handle = 100;
    params.family = 2;
    strcpy(params.name, "oc.delay-2000.fault.test");
    check(!resolver_submit(resolver, &params), "submit the lookup to cancel");
    failed_once = 0;
    __atomic_store_n(&countdown, 1, __ATOMIC_SEQ_CST);
    ret = resolver_cancel(resolver, 100);
    __atomic_store_n(&countdown, 0, __ATOMIC_SEQ_CST);
    check(!ret && failed_once, "cancel with its allocation failing: %u (failed %d)", ret, failed_once);
    /* its deadline (1 s) comes before the sentinel's: a record for it would
     * come first */
    usleep(300000);
    params.handle = 101;
    strcpy(params.name, "os.delay-2000.fault.test");
    check(!resolver_submit(resolver, &params), "submit the sentinel");
    finished = 0;
    pthread_create(&dog, NULL, watchdog, NULL);
    for (rounds = 0; rounds < 100 && !seen_sentinel; rounds++)
    {
        struct run_params run = { buffer, WS2GETDNS_MIN_RUN_BUFFER };
        UINT32 offset = 0, i;

        if (resolver_run(resolver, &run)) break;
        for (i = 0; i < run.count; i++)
        {
            struct result_record *rec = (struct result_record *)(buffer + offset);

            if (rec->handle == 100) seen_cancelled++;
            if (rec->handle == 101) seen_sentinel++;
            offset += rec->size;
        }
    }
    finished = 1;
    pthread_join(dog, NULL);
    check(seen_sentinel == 1 && !seen_cancelled, "cancelled without memory: %u records for it, sentinel %u",
          seen_cancelled, seen_sentinel);
    resolver_stop(resolver);
    resolver_destroy(resolver);
}

int main(void)
{
    char *buffer = __real_malloc(WS2GETDNS_MIN_RUN_BUFFER);
    unsigned int n, bad = 0, hangs = 0, iterations = 0;

    const char *dir = getenv("WS2GETDNS_SANDBOX_DIR");
    char path[256];
    FILE *f;

    if (!getenv("WS2GETDNS_SANDBOX"))
    {
        check(0, "oom_test must run inside tests/sandbox/run");
        return check_summary();
    }
    /* a query lost to a failed allocation waits for the request deadline:
     * keep that at one second */
    snprintf(path, sizeof(path), "%s/oom-test-resolv.conf", dir ? dir : "/tmp");
    if ((f = fopen(path, "w")))
    {
        fputs("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n", f);
        fclose(f);
        setenv("WS2GETDNS_RESOLV_CONF", path, 1);
    }
    for (n = 1; n < 2000; n++)
    {
        int seen[LOOKUP_COUNT] = { 0 }, submitted[LOOKUP_COUNT] = { 0 };
        unsigned int expected = 0, got = 0, i;
        pthread_t dog;
        UINT32 status;

        failed_once = 0;
        __atomic_store_n(&countdown, n, __ATOMIC_SEQ_CST);
        iterations++;
        if ((status = resolver_create(&resolver)))
        {
            if (status != 8 && status != 10091) bad++;
            continue;
        }
        for (i = 0; i < LOOKUP_COUNT; i++)
        {
            struct submit_params params;

            memset(&params, 0, sizeof(params));
            params.handle = i;
            params.family = lookups[i].family;
            params.timeout_status = 10060;
            strcpy(params.name, lookups[i].name);
            if (!resolver_submit(resolver, &params))
            {
                submitted[i] = 1;
                expected++;
            }
        }
        finished = 0;
        pthread_create(&dog, NULL, watchdog, NULL);
        while (got < expected)
        {
            struct run_params run = { buffer, WS2GETDNS_MIN_RUN_BUFFER };
            UINT32 offset = 0;

            if (resolver_run(resolver, &run))
            {
                hangs++;
                printf("iteration %u: no record after 15 s\n", n);
                break;
            }
            for (i = 0; i < run.count; i++)
            {
                struct result_record *rec = (struct result_record *)(buffer + offset);

                offset += rec->size;
                if (rec->handle >= LOOKUP_COUNT || !submitted[rec->handle] || seen[rec->handle]++
                    || (rec->status != lookups[rec->handle].want && rec->status != 8))
                {
                    printf("iteration %u: bad record %llu status %u\n", n, (unsigned long long)rec->handle, rec->status);
                    bad++;
                }
            }
            got += run.count;
        }
        finished = 1;
        pthread_join(dog, NULL);
        __atomic_store_n(&countdown, 0, __ATOMIC_SEQ_CST);
        resolver_stop(resolver);
        resolver_destroy(resolver);
        if (!failed_once) break;    /* every allocation point has been failed once */
    }
    check(n < 2000, "allocation failure injected at each of %u allocations", iterations - 1);
    test_cancel_without_memory(buffer);
    check(!bad, "every lookup ended in its answer or WSA_NOT_ENOUGH_MEMORY: %u bad", bad);
    check(!hangs, "no lookup lost: %u iterations hung", hangs);
    free(buffer);
    return check_summary();
}
