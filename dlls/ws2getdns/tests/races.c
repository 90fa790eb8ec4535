/*
 * Cancel racing completion from 8 threads: exactly one delivery per request, cancel's
 * answer agrees with what was delivered, memory returns to its baseline
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
 * 20,000 requests by default (so that `make check` stays short), 100,000 with
 * WS2GETDNS_SOAK=1, or WS2GETDNS_RACE_COUNT.  Best run with the sandbox's
 * resolv.conf pointing at the fault responder (tests/dns/resolv-fault.conf):
 * every name is under fault.test.
 *
 * All request records are allocated (and touched) before the memory baseline
 * and never freed, so a late delivery always lands in valid memory and the
 * records themselves do not count as growth.  Worker threads only record;
 * the main thread checks after joining them.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include "wine/test.h"
#include "stress_util.h"

#define THREADS 8
#define ROUNDS  5
#define WINDOW  256     /* requests a thread keeps in flight */

enum kind
{
    KIND_CANCEL_EARLY,      /* delay-1000 name, cancelled at once: must be cancelled */
    KIND_CANCEL_RACE,       /* immediate answer, cancelled 0-800 us later */
    KIND_CANCEL_TWICE,      /* delay-2 name, cancelled twice 0-800 us later */
    KIND_CANCEL_AFTER,      /* cancelled after its delivery was seen */
    KIND_CANCEL_SELF,       /* its routine cancels its own handle */
    KIND_VICTIM,            /* delay-1000 name, cancelled by the next request's routine */
    KIND_KILLER,            /* its routine cancels the victim started just before */
    KIND_TIMEOUT,           /* delay-20 name with a 1-40 ms timeval, maybe cancelled */
    KIND_COUNT
};

static const char *kind_names[KIND_COUNT] =
    { "early", "race", "twice", "after", "self", "victim", "killer", "timeout" };

struct req
{
    OVERLAPPED ov;
    ADDRINFOEXW *result;
    HANDLE handle;
    struct timeval timeout;
    struct req *victim;
    HANDLE event;
    volatile LONG calls;
    volatile LONG handle_ready;
    DWORD error;
    ULONG_PTR internal_seen;
    ADDRINFOEXW *result_seen;
    INT start_ret;
    INT cancel_ret;
    INT cancel2_ret;
    INT routine_cancel_ret;
    BYTE kind;
    BYTE use_event;
    BYTE cancelled_by_routine;
    WCHAR name[64];
};

struct worker
{
    struct req *reqs;
    int count;
    unsigned int seed;
};

static struct req *all_reqs;

static unsigned int next_random(unsigned int *seed)
{
    *seed = *seed * 1103515245 + 12345;
    return (*seed >> 16) & 0x7fff;
}

static void spin_us(LONGLONG us)
{
    double end = now_ms() + us / 1000.0;
    while (now_ms() < end) YieldProcessor();
}

static void CALLBACK race_routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    struct req *r = CONTAINING_RECORD(ov, struct req, ov);

    if (InterlockedIncrement(&r->calls) == 1)
    {
        r->error = error;
        r->internal_seen = ov->Internal;
        r->result_seen = r->result;
    }
    if (r->kind == KIND_CANCEL_SELF)
    {
        /* the handle is stored before the call returns; wait for it (bounded) */
        DWORD start = GetTickCount();
        while (!r->handle_ready && GetTickCount() - start < 2000) Sleep(0);
        r->routine_cancel_ret = pGetAddrInfoExCancel(&r->handle);
    }
    if (r->kind == KIND_KILLER && r->victim)
    {
        DWORD start = GetTickCount();
        while (!r->victim->handle_ready && GetTickCount() - start < 2000) Sleep(0);
        r->victim->cancelled_by_routine = 1;
        r->victim->cancel_ret = pGetAddrInfoExCancel(&r->victim->handle);
    }
}

static BOOL req_delivered(struct req *r)
{
    if (r->start_ret != WSA_IO_PENDING) return TRUE;
    if (r->use_event) return !WaitForSingleObject(r->event, 0);
    return r->calls > 0;
}

static void start_req(struct req *r, unsigned int *seed)
{
    static const char *names[KIND_COUNT] =
        { "delay-1000", "ok", "delay-2", "ok", "ok", "delay-1000", "ok", "delay-20" };
    static LONG counter;
    BOOL use_timeout = FALSE;
    char buf[64];

    sprintf(buf, "r%lx-%lx.%s.fault.test", GetCurrentProcessId(), InterlockedIncrement(&counter),
            names[r->kind]);
    MultiByteToWideChar(CP_ACP, 0, buf, -1, r->name, ARRAY_SIZE(r->name));
    r->result = SENTINEL_PTR;
    r->handle = SENTINEL_HANDLE;
    r->cancel_ret = r->cancel2_ret = r->routine_cancel_ret = 0xdeadbeef;
    if (r->use_event)
    {
        r->event = CreateEventW(NULL, TRUE, FALSE, NULL);
        r->ov.hEvent = r->event;
    }
    if (r->kind == KIND_TIMEOUT)
    {
        use_timeout = TRUE;
        r->timeout.tv_usec = (1 + next_random(seed) % 40) * 1000;
    }
    r->start_ret = pGetAddrInfoExW(r->name, NULL, NS_DNS, NULL, NULL, &r->result,
                                   use_timeout ? &r->timeout : NULL, &r->ov,
                                   r->use_event ? NULL : race_routine, &r->handle);
    InterlockedExchange(&r->handle_ready, 1);
}

static DWORD WINAPI worker_thread(void *arg)
{
    struct worker *w = arg;
    int i, j;
    DWORD start;

    for (i = 0; i < w->count; i++)
    {
        struct req *r = &w->reqs[i];
        unsigned int rnd = next_random(&w->seed);

        /* keep at most WINDOW in flight (approximately: deliveries come in any order) */
        if (i >= WINDOW)
        {
            start = GetTickCount();
            while (!req_delivered(&w->reqs[i - WINDOW]) && GetTickCount() - start < 5000) Sleep(1);
        }
        r->kind = rnd % KIND_COUNT;
        /* routines are needed to count deliveries and to cancel from them */
        r->use_event = (r->kind != KIND_CANCEL_SELF && r->kind != KIND_KILLER && r->kind != KIND_VICTIM
                        && next_random(&w->seed) % 4 == 0);
        if (r->kind == KIND_VICTIM && i + 1 == w->count) r->kind = KIND_CANCEL_EARLY;
        if (r->kind == KIND_KILLER && (!i || w->reqs[i - 1].kind != KIND_VICTIM)) r->kind = KIND_CANCEL_RACE;
        if (r->kind == KIND_KILLER) r->victim = &w->reqs[i - 1];
        start_req(r, &w->seed);
        if (r->start_ret != WSA_IO_PENDING) continue;

        switch (r->kind)
        {
        case KIND_CANCEL_EARLY:
            r->cancel_ret = pGetAddrInfoExCancel(&r->handle);
            break;
        case KIND_CANCEL_RACE:
        case KIND_CANCEL_TWICE:
            spin_us(next_random(&w->seed) % 800);
            r->cancel_ret = pGetAddrInfoExCancel(&r->handle);
            if (r->kind == KIND_CANCEL_TWICE) r->cancel2_ret = pGetAddrInfoExCancel(&r->handle);
            break;
        case KIND_TIMEOUT:
            if (rnd & 0x100)
            {
                spin_us(next_random(&w->seed) % 40000);
                r->cancel_ret = pGetAddrInfoExCancel(&r->handle);
            }
            break;
        default:
            break;
        }
    }
    /* everything delivered (bounded), then cancel those that asked for it afterwards */
    start = GetTickCount();
    for (j = 0; j < w->count; j++)
        while (!req_delivered(&w->reqs[j]) && GetTickCount() - start < 20000) Sleep(1);
    for (j = 0; j < w->count; j++)
    {
        struct req *r = &w->reqs[j];
        if (r->kind == KIND_CANCEL_AFTER && r->start_ret == WSA_IO_PENDING && req_delivered(r))
            r->cancel_ret = pGetAddrInfoExCancel(&r->handle);
    }
    return 0;
}

/* Checks one round's requests on the main thread; returns the number delivered. */
static void check_round(struct req *reqs, int count, int round)
{
    int i, bad_calls = 0, bad_agree = 0, bad_status = 0, bad_result = 0, bad_twice = 0, bad_after = 0;
    int bad_self = 0, bad_early = 0, sync_fail = 0, cancelled = 0, answered = 0, timed_out = 0;
    int per_kind[KIND_COUNT] = {0};

    /* give a second, wrong delivery a moment to show */
    Sleep(200);
    for (i = 0; i < count; i++)
    {
        struct req *r = &reqs[i];
        DWORD status;

        per_kind[r->kind]++;
        if (r->start_ret != WSA_IO_PENDING)
        {
            if (!sync_fail++) trace("round %d request %d (%s): start returned %d\n", round, i,
                                     kind_names[r->kind], r->start_ret);
            continue;
        }
        if (r->use_event)
        {
            if (WaitForSingleObject(r->event, 0) || r->ov.Internal == WSAEINPROGRESS)
            {
                if (!bad_calls++) trace("round %d request %d (%s, event): not delivered, Internal %#Ix\n",
                                        round, i, kind_names[r->kind], r->ov.Internal);
                continue;
            }
            status = r->ov.Internal;
            r->result_seen = r->result;
        }
        else
        {
            if (r->calls != 1)
            {
                if (!bad_calls++) trace("round %d request %d (%s): %ld deliveries\n", round, i,
                                        kind_names[r->kind], r->calls);
                continue;
            }
            status = r->error;
            if (r->internal_seen != status && !bad_status++)
                trace("round %d request %d: Internal %#Ix, error %lu\n", round, i, r->internal_seen, status);
        }
        if (status == WSA_E_CANCELLED) cancelled++;
        else if (status == WSAETIMEDOUT) timed_out++;
        else if (!status) answered++;
        /* 0 <-> cancelled, WSA_INVALID_HANDLE <-> anything else */
        if (r->cancel_ret != 0xdeadbeef
            && ((r->cancel_ret == 0) != (status == WSA_E_CANCELLED)
                || (r->cancel_ret && r->cancel_ret != WSA_INVALID_HANDLE)))
        {
            if (!bad_agree++) trace("round %d request %d (%s%s): cancel %d, delivered %lu\n", round, i,
                                    kind_names[r->kind], r->use_event ? ", event" : "", r->cancel_ret, status);
        }
        if (r->cancel_ret == 0xdeadbeef && status == WSA_E_CANCELLED && !bad_agree++)
            trace("round %d request %d (%s): cancelled without a cancel\n", round, i, kind_names[r->kind]);
        if (status && status != WSA_E_CANCELLED && !(status == WSAETIMEDOUT && r->kind == KIND_TIMEOUT))
        {
            if (!bad_status++) trace("round %d request %d (%s): status %lu\n", round, i, kind_names[r->kind], status);
        }
        if (status ? r->result_seen != NULL : (!r->result_seen || r->result_seen == SENTINEL_PTR))
        {
            if (!bad_result++) trace("round %d request %d: status %lu result %p\n", round, i, status, r->result_seen);
        }
        if (r->kind == KIND_CANCEL_TWICE && r->cancel2_ret != WSA_INVALID_HANDLE && !bad_twice++)
            trace("round %d request %d: second cancel %d\n", round, i, r->cancel2_ret);
        if (r->kind == KIND_CANCEL_AFTER && r->cancel_ret != WSA_INVALID_HANDLE && !bad_after++)
            trace("round %d request %d: cancel after delivery %d\n", round, i, r->cancel_ret);
        if (r->kind == KIND_CANCEL_SELF && r->routine_cancel_ret != WSA_INVALID_HANDLE && !bad_self++)
            trace("round %d request %d: cancel from its own routine %d\n", round, i, r->routine_cancel_ret);
        if ((r->kind == KIND_CANCEL_EARLY || (r->kind == KIND_VICTIM && r->cancelled_by_routine))
            && r->cancel_ret != 0 && !bad_early++)
            trace("round %d request %d (%s): cancel before the reply returned %d, delivered %lu\n", round, i,
                  kind_names[r->kind], r->cancel_ret, status);
        if (!status) free_result(r->result_seen);
    }
    ok(!sync_fail, "round %d: %d requests did not start asynchronously\n", round, sync_fail);
    ok(!bad_calls, "round %d: %d requests not delivered exactly once\n", round, bad_calls);
    ok(!bad_agree, "round %d: %d requests where cancel's return and the delivered status disagree\n",
       round, bad_agree);
    ok(!bad_status, "round %d: %d requests with an unexpected status\n", round, bad_status);
    ok(!bad_result, "round %d: %d requests with a wrong result pointer\n", round, bad_result);
    ok(!bad_twice, "round %d: %d second cancels not WSA_INVALID_HANDLE\n", round, bad_twice);
    ok(!bad_after, "round %d: %d cancels after delivery not WSA_INVALID_HANDLE\n", round, bad_after);
    ok(!bad_self, "round %d: %d cancels from the own routine not WSA_INVALID_HANDLE\n", round, bad_self);
    ok(!bad_early, "round %d: %d cancels before any reply did not succeed\n", round, bad_early);
    trace("round %d: %d requests, %d answered, %d cancelled, %d timed out\n", round, count, answered,
          cancelled, timed_out);
    for (i = 0; i < count; i++) if (reqs[i].event) CloseHandle(reqs[i].event);
}

static void test_races(void)
{
    const char *env = getenv("WS2GETDNS_RACE_COUNT");
    int total = env ? atoi(env) : (soak_mode() ? 100000 : 20000);
    int per_round, per_thread, round, t;
    SIZE_T base_private = 0, base_ws = 0, priv, ws, first_private = 0, slack = 32 << 20;
    struct worker workers[THREADS];
    HANDLE threads[THREADS];
    double start;

    per_thread = total / ROUNDS / THREADS;
    if (per_thread < 1) per_thread = 1;
    per_round = per_thread * THREADS;
    all_reqs = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)per_round * ROUNDS * sizeof(*all_reqs));
    ok(all_reqs != NULL, "out of memory\n");
    if (!all_reqs) return;
    /* touched now, so that they are part of the baseline */
    memset(all_reqs, 0, (SIZE_T)per_round * ROUNDS * sizeof(*all_reqs));
    memory_usage(&first_private, &ws);
    trace("%d requests: %d rounds of %d threads x %d; private %Iu KB before the first\n",
          per_round * ROUNDS, ROUNDS, THREADS, per_thread, first_private >> 10);

    for (round = 0; round < ROUNDS; round++)
    {
        struct req *reqs = all_reqs + (SIZE_T)round * per_round;
        BOOL hung = FALSE;

        start = now_ms();
        for (t = 0; t < THREADS; t++)
        {
            workers[t].reqs = reqs + t * per_thread;
            workers[t].count = per_thread;
            workers[t].seed = GetTickCount() ^ (t * 7919 + round * 104729);
            threads[t] = CreateThread(NULL, 0, worker_thread, &workers[t], 0, NULL);
        }
        for (t = 0; t < THREADS; t++)
        {
            if (WaitForSingleObject(threads[t], 60000)) hung = TRUE;
            CloseHandle(threads[t]);
        }
        ok(!hung, "round %d: a worker thread did not finish within 60 s\n", round);
        if (hung) return;   /* its requests may still be written: leave them all alone */
        trace("round %d: %.0f ms (%.0f requests/s)\n", round, now_ms() - start,
              per_round * 1000.0 / (now_ms() - start));
        check_round(reqs, per_round, round);

        if (memory_usage(&priv, &ws))
        {
            trace("round %d: private %Iu KB, working set %Iu KB\n", round, priv >> 10, ws >> 10);
            /* round 0 starts the engine and fills caches: it is the baseline */
            if (!round)
            {
                base_private = priv;
                base_ws = ws;
            }
            else
                ok(priv <= base_private + slack, "round %d: private bytes %Iu KB, baseline %Iu KB (+%Iu KB)\n",
                   round, priv >> 10, base_private >> 10, (priv - base_private) >> 10);
        }
        else if (!round) skip("K32GetProcessMemoryInfo is not available\n");
    }
    trace("memory: %Iu KB before, %Iu KB after round 0, working set %Iu KB after round 0\n",
          first_private >> 10, base_private >> 10, base_ws >> 10);
}

/* Two completion routines, each cancelling the other's lookup while both
 * run.  A cancel waits for a running routine of its target to return (so
 * that nothing runs after the cancel); two routines waiting for each other
 * must not deadlock.  The interleaving is driven by events: each routine
 * waits until the other one is running before it cancels. */
struct mutual_cancel
{
    OVERLAPPED ov;                  /* first: the routine gets its address */
    ADDRINFOEXW *result;
    HANDLE handle;
    HANDLE running;                 /* this routine has started */
    HANDLE done;                    /* this routine is about to return */
    struct mutual_cancel *other;
    INT cancel_ret;
    BOOL other_seen;
};

static void CALLBACK mutual_cancel_routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    struct mutual_cancel *m = (struct mutual_cancel *)ov;

    SetEvent(m->running);
    m->other_seen = !WaitForSingleObject(m->other->running, 5000);
    m->cancel_ret = pGetAddrInfoExCancel(&m->other->handle);
    SetEvent(m->done);
}

static void test_mutual_cancel(void)
{
    static const WCHAR *names[2] = { L"127.0.0.1", L"::1" };
    struct mutual_cancel m[2];
    HANDLE done[2];
    DWORD wait;
    INT ret;
    int i;

    memset(m, 0, sizeof(m));
    for (i = 0; i < 2; i++)
    {
        m[i].running = CreateEventW(NULL, TRUE, FALSE, NULL);
        m[i].done = done[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
        m[i].other = &m[1 - i];
        m[i].cancel_ret = 0xdeadbeef;
    }
    for (i = 0; i < 2; i++)
    {
        ret = pGetAddrInfoExW(names[i], NULL, NS_DNS, NULL, NULL, &m[i].result, NULL, &m[i].ov,
                              mutual_cancel_routine, &m[i].handle);
        ok(ret == WSA_IO_PENDING || !ret, "lookup %d: GetAddrInfoExW returned %d\n", i, ret);
    }
    wait = WaitForMultipleObjects(2, done, TRUE, 10000);
    ok(wait == WAIT_OBJECT_0, "routines cancelling each other's lookups deadlocked (wait %lu)\n", wait);
    if (wait != WAIT_OBJECT_0) return;  /* leave the stuck routines their events */
    for (i = 0; i < 2; i++)
    {
        ok(m[i].other_seen, "routine %d never saw the other one running\n", i);
        ok(m[i].cancel_ret == WSA_INVALID_HANDLE, "routine %d: cancel of a delivered lookup returned %d\n",
           i, m[i].cancel_ret);
    }
    Sleep(100);     /* both routines return */
    for (i = 0; i < 2; i++)
    {
        if (m[i].result) pFreeAddrInfoExW(m[i].result);
        CloseHandle(m[i].running);
        CloseHandle(m[i].done);
    }
}

/* A synchronous lookup may resolve on its caller's thread; an asynchronous
 * lookup started meanwhile must still complete when its answer comes, not
 * when the synchronous one is done. */
static void test_async_during_sync(void)
{
    struct sync_call *slow;
    struct lookup *fast;
    double elapsed;
    INT ret;

    slow = start_sync_call(fault_name("delay-1500"), AF_UNSPEC, 0, 0);
    ok(slow->thread != NULL, "CreateThread failed\n");
    if (!slow->thread) return;
    Sleep(200);
    fast = alloc_lookup(TRUE);
    ret = start_lookup(fast, fault_name("ok"), NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "async lookup: GetAddrInfoExW returned %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(fast, 5000), "async lookup never completed\n");
        elapsed = fast->done_ms - fast->start_ms;
        ok(delivered_error(fast) == 0, "async lookup failed with %lu\n", delivered_error(fast));
        ok(elapsed < 700, "async lookup took %.0f ms while a synchronous one was pending\n", elapsed);
        ok(!slow->end_ms, "the synchronous lookup ended before the asynchronous one\n");
        free_result(fast->result);
    }
    ok(wait_sync_call(slow, 10000), "synchronous lookup never returned\n");
    ok(slow->ret == 0, "synchronous lookup returned %d\n", slow->ret);
    if (!slow->ret)
    {
        ok(only_fault_addrs(slow->result), "synchronous lookup: %s\n", list_to_str(slow->result));
        ok(slow->end_ms - slow->start_ms >= 1400, "synchronous lookup took only %.0f ms\n",
           slow->end_ms - slow->start_ms);
        free_result(slow->result);
    }
}

/* Synchronous lookups from several threads while asynchronous ones come and
 * go: each thread in turn takes the loop, finds it taken, or hands it back. */
#define SYNC_THREADS 4
#define SYNC_EACH    150

struct sync_stress
{
    int index;
    int failed;
    INT first_error;
};

static DWORD WINAPI sync_stress_thread(void *arg)
{
    struct sync_stress *st = arg;
    int i;

    for (i = 0; i < SYNC_EACH; i++)
    {
        char name[96];
        ADDRINFOEXW *result = NULL;
        INT ret;

        sprintf(name, "ss%lx-%d-%d.%s.fault.test", GetCurrentProcessId(), st->index, i,
                i % 10 == 9 ? "delay-20" : "ok");
        ret = pGetAddrInfoExW(to_wide(name), NULL, NS_DNS, NULL, NULL, &result, NULL, NULL, NULL, NULL);
        if (ret || !only_fault_addrs(result))
        {
            if (!st->failed++) st->first_error = ret;
        }
        if (!ret) free_result(result);
    }
    return 0;
}

static void test_sync_threads(void)
{
    struct sync_stress st[SYNC_THREADS];
    HANDLE threads[SYNC_THREADS];
    struct lookup *async[50];
    int i, n = 0, undelivered = 0, failed = 0;
    DWORD wait;

    for (i = 0; i < SYNC_THREADS; i++)
    {
        st[i].index = i;
        st[i].failed = 0;
        st[i].first_error = 0;
        threads[i] = CreateThread(NULL, 0, sync_stress_thread, &st[i], 0, NULL);
        ok(threads[i] != NULL, "CreateThread failed\n");
        if (!threads[i]) return;
    }
    for (i = 0; i < ARRAY_SIZE(async); i++)
    {
        async[n] = alloc_lookup(TRUE);
        if (start_lookup(async[n], fault_name(i % 2 ? "ok" : "delay-5"), NULL, FALSE) == WSA_IO_PENDING) n++;
        Sleep(2);
    }
    wait = WaitForMultipleObjects(SYNC_THREADS, threads, TRUE, 60000);
    ok(wait == WAIT_OBJECT_0, "synchronous threads did not finish (wait %lu)\n", wait);
    for (i = 0; i < SYNC_THREADS; i++)
        ok(!st[i].failed, "thread %d: %d of %d synchronous lookups failed, first with %d\n",
           i, st[i].failed, SYNC_EACH, st[i].first_error);
    ok(n == ARRAY_SIZE(async), "only %d of %d asynchronous lookups started\n", n, (int)ARRAY_SIZE(async));
    for (i = 0; i < n; i++)
    {
        if (!wait_delivery(async[i], 5000)) undelivered++;
        else if (delivered_error(async[i])) failed++;
        else free_result(async[i]->result);
    }
    ok(!undelivered && !failed, "asynchronous lookups: %d undelivered, %d failed\n", undelivered, failed);
}

START_TEST(races)
{
    WSADATA data;

    init_gai_functions();
    if (!pGetAddrInfoExW || !pGetAddrInfoExCancel || !pFreeAddrInfoExW)
    {
        ok(0, "missing GetAddrInfoEx exports\n");
        return;
    }
    ok(!WSAStartup(MAKEWORD(2, 2), &data), "WSAStartup failed\n");
    test_races();
    test_mutual_cancel();
    test_async_during_sync();
    test_sync_threads();
}
