/*
 * Every fault of the fault responder through GetAddrInfoExW: the right Winsock code or
 * the right answer, delivered once
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
 * Run with the sandbox's resolv.conf pointing straight at the responder
 * (tests/dns/resolv-fault.conf, or tests/soak/resolv-fault-retry.conf for
 * "options timeout:1 attempts:3"), so that its malformed replies reach the
 * client unchanged.  The expected retry behaviour follows from the options
 * read from /etc/resolv.conf.  Behind unbound the test skips.
 *
 * Every case runs three ways at once: synchronously (on a thread of its own),
 * with a completion routine and with an event.  All lookups of the run are
 * in flight together, so the whole test takes about one resolver budget
 * (attempts x timeout).  Routines record; the main thread checks.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include "wine/test.h"
#include "stress_util.h"

enum expect
{
    EXPECT_ANSWER,      /* the responder's addresses */
    EXPECT_CODE,        /* exactly `code` (or `alt` on Windows, via broken()) */
    EXPECT_CLEAN,       /* a clean error: WSATRY_AGAIN, WSANO_RECOVERY or WSANO_DATA */
    EXPECT_CLEAN_OR_ANSWER,
    EXPECT_BIG,         /* 150 A + 150 AAAA, or a clean error */
};

struct fault_case
{
    const char *behaviour;
    int family;
    int flags;
    DWORD timeout_ms;       /* the timeval passed, 0 for none */
    enum expect expect;
    INT code, alt;
    DWORD max_ms;           /* when it must be delivered by; 0: the resolver budget */
    DWORD min_ms;           /* not before (a timeval timeout) */
};

enum flavour { FLAVOUR_SYNC, FLAVOUR_ROUTINE, FLAVOUR_EVENT, FLAVOUR_COUNT };
static const char *flavour_names[] = { "sync", "routine", "event" };

struct run
{
    const struct fault_case *fc;
    const WCHAR *names[FLAVOUR_COUNT];
    struct sync_call *sync;
    struct lookup *async[FLAVOUR_COUNT];
};

static struct resolv_info conf;
static DWORD budget_ms;

static BOOL is_clean_error(INT code)
{
    return code == WSATRY_AGAIN || code == WSANO_RECOVERY || code == WSANO_DATA;
}

static BOOL canon_is_clean(const WCHAR *canon)
{
    if (!canon) return TRUE;
    for (; *canon; canon++) if (*canon < 0x20 || *canon == 0x7f) return FALSE;
    return TRUE;
}

/* Checks one outcome; code is the delivered status, result the list. */
static void check_outcome(const struct fault_case *fc, INT code, ADDRINFOEXW *result, double elapsed)
{
    DWORD max_ms = fc->max_ms ? fc->max_ms : budget_ms + 3000;

    ok(elapsed <= max_ms, "delivered after %.0f ms, bound %lu ms\n", elapsed, max_ms);
    if (fc->min_ms)
        ok(elapsed >= fc->min_ms - 1.0, "delivered after %.1f ms, before the %lu ms timeout\n",
           elapsed, fc->min_ms);
    if (winetest_debug > 1 && !code) trace("answer %s\n", list_to_str(result));
    if (code) ok(!result, "failed with %d but result %p\n", code, result);
    else ok(result && result != SENTINEL_PTR, "succeeded with result %p\n", result);
    if (result == SENTINEL_PTR) result = NULL;
    if (result) ok(!bad_nodes(result), "%d malformed nodes\n", bad_nodes(result));

    switch (fc->expect)
    {
    case EXPECT_ANSWER:
        ok(!code, "got %d, expected an answer\n", code);
        if (!code && result)
        {
            ok(only_fault_addrs(result), "wrong addresses %s\n", list_to_str(result));
            if (fc->family != AF_INET6) ok(has_addr(result, FAULT_ADDR4), "no A in %s\n", list_to_str(result));
            if (fc->family != AF_INET) ok(has_addr(result, FAULT_ADDR6), "no AAAA in %s\n", list_to_str(result));
            ok(count_nodes(result, 0) == count_distinct(result), "duplicates in %s\n", list_to_str(result));
        }
        break;
    case EXPECT_CODE:
        ok(code == fc->code || broken(fc->alt && code == fc->alt), "got %d, expected %d\n", code, fc->code);
        break;
    case EXPECT_CLEAN:
        ok(is_clean_error(code), "got %d, expected a clean error\n", code);
        break;
    case EXPECT_CLEAN_OR_ANSWER:
        ok(is_clean_error(code) || !code, "got %d, expected a clean error or the answer\n", code);
        if (!code && result)
        {
            ok(only_fault_addrs(result), "wrong addresses %s\n", list_to_str(result));
            ok(canon_is_clean(result->ai_canonname), "canonical name with control characters %s\n",
               wine_dbgstr_w(result->ai_canonname));
        }
        break;
    case EXPECT_BIG:
        ok(is_clean_error(code) || !code, "got %d, expected the list or a clean error\n", code);
        if (!code && result)
        {
            int v4 = count_nodes(result, AF_INET), v6 = count_nodes(result, AF_INET6);
            int want4 = fc->family == AF_INET6 ? 0 : 150, want6 = fc->family == AF_INET ? 0 : 150;

            ok(v4 == want4 && v6 == want6, "%d A and %d AAAA nodes, expected %d and %d\n", v4, v6, want4, want6);
            ok(count_distinct(result) == v4 + v6, "%d distinct of %d\n", count_distinct(result), v4 + v6);
        }
        break;
    }
}

static void start_run(struct run *r, const struct fault_case *fc)
{
    ADDRINFOEXW hints;
    int f;

    r->fc = fc;
    for (f = 0; f < FLAVOUR_COUNT; f++) r->names[f] = fault_name(fc->behaviour);
    r->sync = start_sync_call(r->names[FLAVOUR_SYNC], fc->family, fc->flags, fc->timeout_ms);

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = fc->family;
    hints.ai_flags = fc->flags;
    for (f = FLAVOUR_ROUTINE; f < FLAVOUR_COUNT; f++)
    {
        struct lookup *l = r->async[f] = alloc_lookup(f == FLAVOUR_EVENT);

        l->timeout.tv_sec = fc->timeout_ms / 1000;
        l->timeout.tv_usec = (fc->timeout_ms % 1000) * 1000;
        WSASetLastError(0xdeadbeef);
        start_lookup(l, r->names[f], &hints, fc->timeout_ms != 0);
    }
}

static void check_run(struct run *r)
{
    const struct fault_case *fc = r->fc;
    struct lookup *l;
    int f;

    winetest_push_context("%s family %d%s", fc->behaviour, fc->family, fc->timeout_ms ? " timeval" : "");

    winetest_push_context("sync");
    ok(wait_sync_call(r->sync, 0), "still running\n");
    if (wait_sync_call(r->sync, 0))
    {
        check_outcome(fc, r->sync->ret, r->sync->result, r->sync->end_ms - r->sync->start_ms);
        ok(r->sync->last_error == r->sync->ret, "last error %d, returned %d\n", r->sync->last_error, r->sync->ret);
        if (winetest_debug > 1 || fc->min_ms)
            trace("%d after %.1f ms\n", r->sync->ret, r->sync->end_ms - r->sync->start_ms);
        if (!r->sync->ret) free_result(r->sync->result);
    }
    winetest_pop_context();

    for (f = FLAVOUR_ROUTINE; f < FLAVOUR_COUNT; f++)
    {
        l = r->async[f];
        winetest_push_context("%s", flavour_names[f]);
        ok(l->start_ret == WSA_IO_PENDING, "start returned %d\n", l->start_ret);
        if (l->start_ret == WSA_IO_PENDING)
        {
            BOOL done = wait_delivery(l, 0);
            DWORD code;

            ok(done, "not delivered\n");
            if (done)
            {
                double elapsed = l->done_ms - l->start_ms;

                code = delivered_error(l);
                ok(l->ov.Internal == code, "Internal %#Ix, delivered %lu\n", l->ov.Internal, code);
                ok(pGetAddrInfoExOverlappedResult(&l->ov) == code, "OverlappedResult %d, delivered %lu\n",
                   pGetAddrInfoExOverlappedResult(&l->ov), code);
                ok(l->ov.Pointer == &l->result, "Pointer %p, expected %p\n", l->ov.Pointer, &l->result);
                ok(guards_intact(l), "guard bytes around the OVERLAPPED or the result were written\n");
                if (f == FLAVOUR_ROUTINE)
                {
                    ok(l->calls == 1, "routine called %ld times\n", l->calls);
                    ok(l->internal_seen == l->error, "routine saw Internal %#Ix, error %lu\n",
                       l->internal_seen, l->error);
                    ok(!l->bytes, "routine got %lu bytes\n", l->bytes);
                    ok(l->result_seen == l->result, "routine saw result %p, now %p\n", l->result_seen, l->result);
                }
                else ok(l->ov.hEvent == l->event, "hEvent changed to %p\n", l->ov.hEvent);
                check_outcome(fc, code, l->result, elapsed);
                if (winetest_debug > 1 || fc->min_ms)
                    trace("%lu after %.1f ms\n", code, elapsed);
                if (!code) free_result(l->result);
            }
        }
        winetest_pop_context();
    }
    winetest_pop_context();
}

static BOOL run_finished(struct run *r)
{
    int f;

    if (!wait_sync_call(r->sync, 0)) return FALSE;
    for (f = FLAVOUR_ROUTINE; f < FLAVOUR_COUNT; f++)
        if (r->async[f]->start_ret == WSA_IO_PENDING && !wait_delivery(r->async[f], 0)) return FALSE;
    return TRUE;
}

static void run_cases(const struct fault_case *cases, int n)
{
    struct run *runs;
    DWORD wait_until;
    double start;
    int i, f;

    runs = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, n * sizeof(*runs));
    start = now_ms();
    for (i = 0; i < n; i++) start_run(&runs[i], &cases[i]);

    wait_until = budget_ms + 5000;
    for (;;)
    {
        /* poll every run each time: an event's delivery time is when we first see it */
        BOOL all = TRUE;
        for (i = 0; i < n; i++) if (!run_finished(&runs[i])) all = FALSE;
        if (all || now_ms() - start > wait_until) break;
        Sleep(5);
    }
    trace("%d cases x 3 finished after %.0f ms (budget %lu ms)\n", n, now_ms() - start, budget_ms);
    Sleep(300);  /* room for a second, wrong delivery */
    for (i = 0; i < n; i++) check_run(&runs[i]);

    /* nothing is written after delivery: scribble over the finished OVERLAPPEDs and look again */
    for (i = 0; i < n; i++)
        for (f = FLAVOUR_ROUTINE; f < FLAVOUR_COUNT; f++)
        {
            runs[i].async[f]->ov.Internal = 0x5555;
            runs[i].async[f]->result = SENTINEL_PTR;
        }
    Sleep(500);
    for (i = 0; i < n; i++)
        for (f = FLAVOUR_ROUTINE; f < FLAVOUR_COUNT; f++)
        {
            struct lookup *l = runs[i].async[f];
            if (l->start_ret != WSA_IO_PENDING) continue;
            ok(l->ov.Internal == 0x5555 && l->result == SENTINEL_PTR && l->calls <= 1,
               "%s %s: written after delivery: Internal %#Ix result %p calls %ld\n", cases[i].behaviour,
               flavour_names[f], l->ov.Internal, l->result, l->calls);
        }
}

static void test_faults(void)
{
    static struct fault_case cases[64], phase[64];
    static const char *malformed[] = { "empty", "short", "loop", "badrdlen", "longlabel", "wrongid", "wrongq" };
    static const char *rcodes[] = { "refused", "notimp", "formerr" };
    char **argv;
    int n = 0, i, j, families[] = { AF_UNSPEC, AF_INET };
    DWORD timeout_ms = 700;

#define ADD(b, fam, fl, tmo, exp, c, a, mx, mn) \
    do { struct fault_case fc_ = { b, fam, fl, tmo, exp, c, a, mx, mn }; cases[n++] = fc_; } while (0)

    /* scenario 1: a silent server, with and without a timeval */
    ADD("drop", AF_UNSPEC, 0, timeout_ms, EXPECT_CODE, WSAETIMEDOUT, 0, timeout_ms + 2000, timeout_ms);
    ADD("drop", AF_INET, 0, 1500, EXPECT_CODE, WSAETIMEDOUT, 0, 1500 + 2000, 1500);
    ADD("drop", AF_UNSPEC, 0, 0, EXPECT_CODE, WSATRY_AGAIN, 0, 0, 0);
    /* scenario 2: retries; dropfirst-N needs N+1 attempts (per query type) */
    for (i = 1; i <= 2; i++)
    {
        static const char *names[] = { NULL, "dropfirst-1", "dropfirst-2" };
        if (conf.attempts * conf.servers > i) ADD(names[i], AF_UNSPEC, 0, 0, EXPECT_ANSWER, 0, 0, 0, 0);
        else ADD(names[i], AF_UNSPEC, 0, 0, EXPECT_CODE, WSATRY_AGAIN, 0, 0, 0);
    }
    /* scenario 3: TCP fallback; a TCP server closing without an answer fails within one attempt */
    for (i = 0; i < ARRAY_SIZE(families); i++)
    {
        ADD("tc", families[i], 0, 0, EXPECT_ANSWER, 0, 0, 0, 0);
        ADD("tcpclose", families[i], 0, 0, EXPECT_CLEAN, 0, 0, conf.timeout_s * 1000, 0);
    }
    /* scenarios 4 and 5: rcodes.  SERVFAIL is EAI_AGAIN in every resolver (glibc, c-ares,
     * RFC 3493's "temporary failure"), hence WSATRY_AGAIN.  REFUSED/NOTIMP/FORMERR are the
     * server's failure, not the name's: another server or a later try may answer, so also
     * WSATRY_AGAIN; glibc's res_query calls them NO_RECOVERY, so Windows may say
     * WSANO_RECOVERY (unverified, accepted as broken). */
    ADD("servfail", AF_UNSPEC, 0, 0, EXPECT_CODE, WSATRY_AGAIN, 0, 3000, 0);
    for (i = 0; i < ARRAY_SIZE(rcodes); i++)
        ADD(rcodes[i], AF_UNSPEC, 0, 0, EXPECT_CODE, WSATRY_AGAIN, WSANO_RECOVERY, 3000, 0);
    ADD("nxdomain", AF_UNSPEC, 0, 0, EXPECT_CODE, WSAHOST_NOT_FOUND, 0, 3000, 0);
    ADD("nodata", AF_UNSPEC, 0, 0, EXPECT_CODE, WSANO_DATA, WSAHOST_NOT_FOUND, 3000, 0);
    ADD("nodata", AF_INET, 0, 0, EXPECT_CODE, WSANO_DATA, WSAHOST_NOT_FOUND, 3000, 0);
    /* scenarios 6, 8, 9: malformed or spoofed replies are never an answer */
    for (i = 0; i < ARRAY_SIZE(malformed); i++)
        ADD(malformed[i], AF_UNSPEC, 0, 0, EXPECT_CLEAN, 0, 0, 0, 0);
    ADD("loop", AF_INET, 0, 0, EXPECT_CLEAN, 0, 0, 0, 0);
    ADD("badrdlen", AF_INET, 0, 0, EXPECT_CLEAN, 0, 0, 0, 0);
    /* one real record under a count of 50, and a CNAME to a name with control characters:
     * the address itself is fine, the name must not come through raw */
    ADD("overcount", AF_UNSPEC, 0, 0, EXPECT_CLEAN_OR_ANSWER, 0, 0, 0, 0);
    ADD("ctrlname", AF_UNSPEC, AI_CANONNAME, 0, EXPECT_CLEAN_OR_ANSWER, 0, 0, 0, 0);
    ADD("ctrlname", AF_INET, AI_CANONNAME | AI_FQDN, 0, EXPECT_CLEAN_OR_ANSWER, 0, 0, 0, 0);
    ADD("wrongid-then-ok", AF_UNSPEC, 0, 0, EXPECT_ANSWER, 0, 0, 0, 0);
    /* scenario 7: 300 records, TCP only */
    ADD("big", AF_UNSPEC, 0, 0, EXPECT_BIG, 0, 0, 0, 0);
    ADD("big", AF_INET, 0, 0, EXPECT_BIG, 0, 0, 0, 0);
    ADD("ok", AF_UNSPEC, AI_CANONNAME, 0, EXPECT_ANSWER, 0, 0, 3000, 0);
#undef ADD

    /* "faults BEHAVIOUR" on the command line runs only that behaviour's cases */
    if (winetest_get_mainargs(&argv) >= 3)
    {
        for (i = j = 0; i < n; i++) if (!strcmp(cases[i].behaviour, argv[2])) cases[j++] = cases[i];
        n = j;
    }
    /* A server that closes TCP connections kills the other queries pipelined on them; that
     * is tested on its own, so that "tc" measures the fallback and not that crossfire. */
    for (i = j = 0; i < n; i++) if (strcmp(cases[i].behaviour, "tcpclose")) phase[j++] = cases[i];
    run_cases(phase, j);
    for (i = j = 0; i < n; i++) if (!strcmp(cases[i].behaviour, "tcpclose")) phase[j++] = cases[i];
    if (j) run_cases(phase, j);
}

START_TEST(faults)
{
    WSADATA data;

    init_gai_functions();
    if (!pGetAddrInfoExW || !pGetAddrInfoExOverlappedResult || !pFreeAddrInfoExW)
    {
        ok(0, "missing GetAddrInfoEx exports\n");
        return;
    }
    read_resolv_conf(&conf);
    if (!conf.direct)
    {
        skip("resolv.conf does not point at the fault responder (127.0.0.2); "
             "run in the sandbox with --resolv tests/dns/resolv-fault.conf\n");
        return;
    }
    budget_ms = conf.attempts * conf.servers * conf.timeout_s * 1000;
    trace("resolv.conf: %d servers, timeout %d s, attempts %d: budget %lu ms\n",
          conf.servers, conf.timeout_s, conf.attempts, budget_ms);
    ok(!WSAStartup(MAKEWORD(2, 2), &data), "WSAStartup failed\n");
    test_faults();
    /* no WSACleanup: a lookup an implementation failed to finish may still be running */
}
