/*
 * Hostile input to GetAddrInfoExW and GetAddrInfoExCancel: odd names, garbage structures,
 * bogus handles, 100,000 outstanding requests, memory over bursts of them
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
 * Run with the sandbox's resolv.conf pointing at the fault responder
 * (tests/dns/resolv-fault.conf): names under ok.fault.test answer at once,
 * anything outside fault.test is REFUSED.  Calls that may crash an
 * implementation (a NULL result pointer, a NULL handle pointer) run in a
 * child process.  Every asynchronous OVERLAPPED and result pointer has guard
 * bytes around it and lives in leaked heap memory.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <tlhelp32.h>

#include "wine/test.h"
#include "stress_util.h"

enum outcome { OUT_ANSWER, OUT_ERROR, OUT_EITHER };

static BOOL is_clean_name_error(INT code)
{
    return code == WSAHOST_NOT_FOUND || code == WSANO_RECOVERY || code == WSATRY_AGAIN
           || code == WSANO_DATA || code == WSAEINVAL;
}

/* A name of exactly len characters ending in ".ok.fault.test", made of 63-character labels. */
static WCHAR *long_name(int len)
{
    static const WCHAR suffix[] = L".ok.fault.test";
    WCHAR *name = HeapAlloc(GetProcessHeap(), 0, (len + 1) * sizeof(WCHAR));
    int prefix = len - (ARRAY_SIZE(suffix) - 1), i, in_label = 0;

    for (i = 0; i < prefix; i++)
    {
        /* never end the prefix with a dot, never start with one */
        if (in_label == 63 && i + 1 < prefix)
        {
            name[i] = '.';
            in_label = 0;
        }
        else
        {
            name[i] = 'a' + (i % 26);
            in_label++;
        }
    }
    memcpy(name + prefix, suffix, sizeof(suffix));
    return name;
}

static WCHAR *label_name(int label_len)
{
    WCHAR *name = HeapAlloc(GetProcessHeap(), 0, (label_len + 32) * sizeof(WCHAR));
    int i;

    for (i = 0; i < label_len; i++) name[i] = 'b';
    lstrcpyW(name + label_len, L".ok.fault.test");
    return name;
}

static void check_name(const char *what, const WCHAR *name, enum outcome expect)
{
    struct sync_call *call;
    struct lookup *l;
    INT code;

    winetest_push_context("%s", what);
    call = start_sync_call(name, AF_UNSPEC, 0, 0);
    l = alloc_lookup(FALSE);
    start_lookup(l, name, NULL, FALSE);

    ok(wait_sync_call(call, 15000), "synchronous call still running after 15 s\n");
    if (wait_sync_call(call, 0))
    {
        code = call->ret;
        if (expect == OUT_ANSWER) ok(!code, "sync: got %d, expected the answer\n", code);
        if (expect == OUT_ERROR) ok(is_clean_name_error(code), "sync: got %d, expected a clean error\n", code);
        if (expect == OUT_EITHER)
            ok(!code || is_clean_name_error(code), "sync: got %d\n", code);
        if (code) ok(!call->result, "sync: failed with %d, result %p\n", code, call->result);
        else
        {
            ok(only_fault_addrs(call->result), "sync: wrong answer %s\n", list_to_str(call->result));
            free_result(call->result);
        }
        if (winetest_debug > 1) trace("sync: %d\n", code);
    }

    ok(l->start_ret == WSA_IO_PENDING || is_clean_name_error(l->start_ret), "async: start returned %d\n",
       l->start_ret);
    if (l->start_ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, 15000), "async: not delivered within 15 s\n");
        Sleep(50);
        code = l->error;
        ok(l->calls == 1, "async: %ld deliveries\n", l->calls);
        ok(guards_intact(l), "async: guard bytes written\n");
        if (expect == OUT_ANSWER) ok(!code, "async: got %d, expected the answer\n", code);
        if (expect == OUT_ERROR) ok(is_clean_name_error(code), "async: got %d, expected a clean error\n", code);
        if (expect == OUT_EITHER) ok(!code || is_clean_name_error(code), "async: got %d\n", code);
        if (code) ok(!l->result, "async: failed with %d, result %p\n", code, l->result);
        else
        {
            ok(only_fault_addrs(l->result), "async: wrong answer %s\n", list_to_str(l->result));
            free_result(l->result);
        }
        if (winetest_debug > 1) trace("async: %d\n", code);
    }
    else
    {
        ok(!l->result, "async: failed at once with %d, result %p\n", l->start_ret, l->result);
        Sleep(50);
        ok(!l->calls, "async: failed at once but the routine ran\n");
    }
    winetest_pop_context();
}

static void test_names(void)
{
    /* a NUL in the middle: the string ends there */
    static const WCHAR with_nul[] = L"nul.ok.fault.test\0evil.nxdomain.fault.test";
    static const WCHAR high_surrogate[] = { 0xd800, 'x', '.', 'o', 'k', '.', 'f', 'a', 'u', 'l', 't', '.',
                                            't', 'e', 's', 't', 0 };
    static const WCHAR low_surrogate[] = { 'x', 0xdc00, '.', 'o', 'k', '.', 'f', 'a', 'u', 'l', 't', '.',
                                           't', 'e', 's', 't', 0 };
    static const WCHAR trailing_high[] = { 'x', '.', 'o', 'k', '.', 'f', 'a', 'u', 'l', 't', '.',
                                           't', 'e', 's', 't', 0xd800, 0 };

    check_name("plain", fault_name("ok"), OUT_ANSWER);
    /* 253 characters is the longest name (255 bytes in wire form); anything longer cannot be sent */
    check_name("240 characters", long_name(240), OUT_ANSWER);
    /* faultdns answers a 255-byte question without echoing it (a test-bed limit), so the
     * client rightly drops that reply: only a clean outcome is asked for here */
    check_name("253 characters", long_name(253), OUT_EITHER);
    check_name("254 characters", long_name(254), OUT_ERROR);
    check_name("255 characters", long_name(255), OUT_ERROR);
    check_name("256 characters", long_name(256), OUT_ERROR);
    check_name("1000 characters", long_name(1000), OUT_ERROR);
    check_name("63-character label", label_name(63), OUT_ANSWER);
    check_name("64-character label", label_name(64), OUT_ERROR);
    check_name("trailing dot", L"trailing.ok.fault.test.", OUT_ANSWER);
    check_name("embedded NUL", with_nul, OUT_ANSWER);
    check_name("unpaired high surrogate", high_surrogate, OUT_ERROR);
    check_name("unpaired low surrogate", low_surrogate, OUT_ERROR);
    check_name("trailing high surrogate", trailing_high, OUT_ERROR);
    /* CVE-2016-5180: an escaped trailing dot; outside fault.test nothing can answer */
    check_name("hello\\.", L"hello\\.", OUT_ERROR);
    check_name("hello\\. in the zone", L"hello\\.x.ok.fault.test", OUT_EITHER);
    check_name("..", L"..", OUT_ERROR);
    check_name(".", L".", OUT_ERROR);
    check_name("-", L"-", OUT_ERROR);
    check_name("empty label", L"a..b.ok.fault.test", OUT_ERROR);
    check_name("leading dot", L".lead.ok.fault.test", OUT_ERROR);
    check_name("control 0x01", L"a\x01" L"b.ok.fault.test", OUT_EITHER);
    check_name("tab", L"a\tb.ok.fault.test", OUT_EITHER);
    check_name("newline", L"a\nb.ok.fault.test", OUT_EITHER);
    check_name("DEL", L"\x7f.ok.fault.test", OUT_EITHER);
    check_name("all control", L"\x01\x02\x03\x1f", OUT_ERROR);
}

/* Both ways: a synchronous call, and one with an OVERLAPPED that must fail at once. */
static void check_bad_call(const char *what, DWORD name_space, const ADDRINFOEXW *hints, INT expect, INT alt)
{
    ADDRINFOEXW *result = SENTINEL_PTR;
    struct lookup *l;
    INT ret;

    winetest_push_context("%s", what);
    ret = pGetAddrInfoExW(L"bad.ok.fault.test", NULL, name_space, NULL, hints, &result, NULL, NULL, NULL, NULL);
    ok(ret == expect || (alt && ret == alt), "sync: got %d, expected %d\n", ret, expect);
    if (ret) ok(!result, "sync: result %p\n", result);
    else free_result(result);

    l = alloc_lookup(FALSE);
    ret = pGetAddrInfoExW(L"bad.ok.fault.test", NULL, name_space, NULL, hints, &l->result, NULL, &l->ov,
                          lookup_routine, &l->handle);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, 15000), "async: not delivered\n");
        ret = l->error;
    }
    else
    {
        Sleep(100);
        ok(!l->calls, "async: failed at once with %d but the routine ran\n", ret);
    }
    ok(ret == expect || (alt && ret == alt), "async: got %d, expected %d\n", ret, expect);
    if (ret) ok(!l->result, "async: result %p\n", l->result);
    ok(guards_intact(l), "async: guard bytes written\n");
    winetest_pop_context();
}

static void test_bad_structures(void)
{
    ADDRINFOEXW hints;

    /* ai_addrlen, ai_canonname, ai_addr, ai_next all garbage */
    memset(&hints, 0xcc, sizeof(hints));
    check_bad_call("0xcc hints", NS_DNS, &hints, WSANO_RECOVERY, 0);
    /* flags nobody has defined: rejected as EAI_BADFLAGS or ignored */
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = 0x01000000;
    check_bad_call("unknown flag 0x01000000", NS_DNS, &hints, 0, WSAEINVAL);
    hints.ai_flags = 0x0f000000;
    check_bad_call("unknown flags 0x0f000000", NS_DNS, &hints, 0, WSAEINVAL);
    hints.ai_flags = 0;
    hints.ai_family = 12345;
    check_bad_call("unknown family", NS_DNS, &hints, WSAEAFNOSUPPORT, 0);
    check_bad_call("namespace 9999", 9999, NULL, WSASERVICE_NOT_FOUND, WSAEINVAL);
    check_bad_call("namespace 0xffffffff", 0xffffffff, NULL, WSASERVICE_NOT_FOUND, WSAEINVAL);
}

static void test_bogus_handles(void)
{
    HANDLE h;
    struct lookup *l;
    INT ret;

    h = NULL;
    ret = pGetAddrInfoExCancel(&h);
    ok(ret == WSA_INVALID_HANDLE, "&NULL: got %d\n", ret);
    h = (HANDLE)1;
    ret = pGetAddrInfoExCancel(&h);
    ok(ret == WSA_INVALID_HANDLE, "&1: got %d\n", ret);
    h = INVALID_HANDLE_VALUE;
    ret = pGetAddrInfoExCancel(&h);
    ok(ret == WSA_INVALID_HANDLE, "&INVALID_HANDLE_VALUE: got %d\n", ret);
    h = (HANDLE)0xcccccccccccccccc;
    ret = pGetAddrInfoExCancel(&h);
    ok(ret == WSA_INVALID_HANDLE, "&0xcc..: got %d\n", ret);

    /* a stale handle: its request was delivered */
    l = alloc_lookup(FALSE);
    ret = start_lookup(l, fault_name("ok"), NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, 5000), "not delivered\n");
        Sleep(20);
        h = l->handle;
        ret = pGetAddrInfoExCancel(&h);
        ok(ret == WSA_INVALID_HANDLE, "stale handle: got %d\n", ret);
        ret = pGetAddrInfoExCancel(&h);
        ok(ret == WSA_INVALID_HANDLE, "stale handle again: got %d\n", ret);
        ok(l->calls == 1, "%ld deliveries\n", l->calls);
        if (!l->error) free_result(l->result);
    }
}

/* Calls that may crash: in a child, whose exit code is the call's return. */
static void child_crashy(const char *what)
{
    ADDRINFOEXW **no_result = NULL;
    struct lookup *l = alloc_lookup(FALSE);
    INT ret = 0xdead;

    if (!strcmp(what, "null-result-sync"))
        ret = pGetAddrInfoExW(L"x.ok.fault.test", NULL, NS_DNS, NULL, NULL, no_result, NULL, NULL, NULL, NULL);
    else if (!strcmp(what, "null-result-async"))
    {
        ret = pGetAddrInfoExW(L"x.ok.fault.test", NULL, NS_DNS, NULL, NULL, no_result, NULL, &l->ov,
                              lookup_routine, &l->handle);
        if (ret == WSA_IO_PENDING)
        {
            /* pending with nowhere to put the result: then it must at least be delivered */
            ret = WaitForSingleObject(l->done, 10000) ? 0xdeadbeef : 0x10000 + l->error;
        }
    }
    else if (!strcmp(what, "cancel-null"))
        ret = pGetAddrInfoExCancel(NULL);
    else if (!strcmp(what, "overlapped-result-garbage"))
        ret = pGetAddrInfoExOverlappedResult((OVERLAPPED *)l->guard0) == 0xa5a5a5a5a5a5a5a5ull ? 0 : 0;
    ExitProcess(ret);
}

static void run_crashy(const char *what, INT expect, INT alt)
{
    HANDLE child = start_child("hostile", what);
    DWORD code = 0xdeadbeef;

    winetest_push_context("%s", what);
    ok(child != NULL, "CreateProcess failed\n");
    if (child)
    {
        ok(!WaitForSingleObject(child, 20000), "child still running after 20 s\n");
        GetExitCodeProcess(child, &code);
        ok(code == expect || (alt && code == alt) || code == WSA_INVALID_PARAMETER,
           "child exit %#lx, expected %d\n", code, expect);
        trace("child exit %#lx\n", code);
        if (code == STILL_ACTIVE) TerminateProcess(child, 1);
        CloseHandle(child);
    }
    winetest_pop_context();
}

struct burst_req
{
    OVERLAPPED ov;
    ADDRINFOEXW *result;
    HANDLE handle;
    volatile LONG calls;
    volatile LONG done;     /* set once the first delivery's status is stored */
    DWORD error;
    INT start_ret;
    INT cancel_ret;
    WCHAR name[48];
};

static void CALLBACK burst_routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    struct burst_req *r = CONTAINING_RECORD(ov, struct burst_req, ov);

    /* The test polls done from its own thread while routines still run on the pool's:
     * the status is stored before done says so, or it could read a status not yet written. */
    if (InterlockedIncrement(&r->calls) == 1)
    {
        r->error = error;
        InterlockedExchange(&r->done, 1);
    }
}

/* Bytes in use in the process heap (the PE side's requests, its result lists, ours): exact,
 * unlike the process's resident memory.  0 if the heap could not be walked. */
static SIZE_T heap_busy_bytes(void)
{
    PROCESS_HEAP_ENTRY entry;
    HANDLE heap = GetProcessHeap();
    SIZE_T busy = 0;
    DWORD error;

    if (!HeapLock(heap)) return 0;
    entry.lpData = NULL;
    while (HeapWalk(heap, &entry))
        if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) busy += entry.cbData;
    error = GetLastError();
    HeapUnlock(heap);
    return error == ERROR_NO_MORE_ITEMS ? busy : 0;
}

struct burst_memory
{
    SIZE_T base;        /* private bytes before the burst */
    SIZE_T peak;        /* with every request pending */
    SIZE_T after;       /* once every request was delivered */
    SIZE_T heap_after;  /* bytes in use in the process heap then */
    int threads;        /* threads of the process then */
};

/* the threads of this process, 0 if they could not be counted */
static int thread_count(void)
{
    THREADENTRY32 entry = { sizeof(entry) };
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    int count = 0;

    if (snap == INVALID_HANDLE_VALUE) return 0;
    if (Thread32First(snap, &entry))
    {
        do if (entry.th32OwnerProcessID == GetCurrentProcessId()) count++;
        while (Thread32Next(snap, &entry));
    }
    CloseHandle(snap);
    return count;
}

static void burst(int round, struct burst_req *reqs, int count, DWORD settle_ms, struct burst_memory *mem)
{
    int i, pending = 0, nomem = 0, other = 0, delivered, cancelled = 0;
    int bad_calls = 0, bad_agree = 0;
    ADDRINFOEXW *answer;
    WCHAR barrier[64];
    SIZE_T ws;
    double start, started;
    INT ret;

    winetest_push_context("burst %d", round);
    memory_usage(&mem->base, &ws);
    start = now_ms();
    for (i = 0; i < count; i++)
    {
        struct burst_req *r = &reqs[i];
        char buf[48];

        sprintf(buf, "b%lx-%d-%x.delay-60000.fault.test", GetCurrentProcessId(), round, i);
        MultiByteToWideChar(CP_ACP, 0, buf, -1, r->name, ARRAY_SIZE(r->name));
        r->result = SENTINEL_PTR;
        r->start_ret = pGetAddrInfoExW(r->name, NULL, NS_DNS, NULL, NULL, &r->result, NULL, &r->ov,
                                       burst_routine, &r->handle);
        if (r->start_ret == WSA_IO_PENDING) pending++;
        else if (r->start_ret == WSA_NOT_ENOUGH_MEMORY) nomem++;
        else other++;
    }
    started = now_ms();
    memory_usage(&mem->peak, &ws);
    trace("%d requests started in %.0f ms: %d pending, %d WSA_NOT_ENOUGH_MEMORY, %d other\n", count,
          started - start, pending, nomem, other);
    trace("private %Iu KB before, %Iu KB with all pending (%.0f bytes per request)\n", mem->base >> 10,
          mem->peak >> 10, (double)(mem->peak - mem->base) / count);
    ok(!other, "%d requests failed at once with another error\n", other);
    /* "bounded": a pending lookup may cost a few KB, never more than 16 KB */
    ok(mem->peak <= mem->base + (SIZE_T)count * 16384, "%Iu KB for %d pending requests\n",
       (mem->peak - mem->base) >> 10, count);

    for (i = 0; i < count; i++)
        if (reqs[i].start_ret == WSA_IO_PENDING) reqs[i].cancel_ret = pGetAddrInfoExCancel(&reqs[i].handle);
    trace("cancelled in %.0f ms\n", now_ms() - started);
    start = now_ms();
    do
    {
        for (i = delivered = 0; i < count; i++) if (reqs[i].done) delivered++;
        if (delivered >= pending) break;
        Sleep(50);
    } while (now_ms() - start < 60000);
    trace("delivered in %.0f ms\n", now_ms() - start);
    /* a second, late delivery would show up in calls */
    Sleep(settle_ms);
    for (i = 0; i < count; i++)
    {
        struct burst_req *r = &reqs[i];

        if (r->start_ret != WSA_IO_PENDING)
        {
            if (r->calls && !bad_calls++) trace("request %d failed at once but was delivered\n", i);
            continue;
        }
        if (!r->done || r->calls != 1)
        {
            if (!bad_calls++) trace("request %d: %ld deliveries\n", i, r->calls);
            continue;
        }
        if (r->error == WSA_E_CANCELLED) cancelled++;
        if ((r->cancel_ret == 0) != (r->error == WSA_E_CANCELLED)
            || (r->cancel_ret && r->cancel_ret != WSA_INVALID_HANDLE))
            if (!bad_agree++) trace("request %d: cancel %d, delivered %lu\n", i, r->cancel_ret, r->error);
        if (!r->error) free_result(r->result);
    }
    /* Every cancel above was delivered at once, but the engine gets the submissions and
     * the cancels in order on its own thread, and may still be going through them: a
     * lookup it answers after them all means it is through with this burst. */
    swprintf(barrier, ARRAY_SIZE(barrier), L"barrier-%lx-%d.ok.fault.test", GetCurrentProcessId(), round);
    start = now_ms();
    ret = pGetAddrInfoExW(barrier, NULL, NS_DNS, NULL, NULL, &answer, NULL, NULL, NULL, NULL);
    ok(!ret, "lookup after the burst failed with %d\n", ret);
    if (!ret) pFreeAddrInfoExW(answer);
    trace("engine through with the burst %.0f ms later\n", now_ms() - start);
    /* and for it to free what that lookup itself took */
    Sleep(20);
    memory_usage(&mem->after, &ws);
    mem->heap_after = heap_busy_bytes();
    mem->threads = thread_count();
    ok(!bad_calls, "%d requests not delivered exactly once\n", bad_calls);
    ok(!bad_agree, "%d requests where cancel and the delivered status disagree\n", bad_agree);
    trace("%d delivered as cancelled, %d otherwise; private %Iu KB after, heap %Iu bytes in use\n", cancelled,
          pending - cancelled, mem->after >> 10, mem->heap_after);
    winetest_pop_context();
}

/* 100,000 requests outstanding at once, all cancelled */
static void test_outstanding(void)
{
    const char *env = getenv("WS2GETDNS_HOSTILE_COUNT");
    int count = env ? atoi(env) : 100000;
    struct burst_memory mem;
    struct burst_req *reqs;

    reqs = HeapAlloc(GetProcessHeap(), 0, count * sizeof(*reqs));
    ok(reqs != NULL, "out of memory for the test's own records\n");
    if (!reqs) return;
    memset(reqs, 0, count * sizeof(*reqs));
    burst(0, reqs, count, 500, &mem);
    /* the records stay allocated: a late delivery must find them */
}

/* Answered lookups, all at once: the engine's UDP window grows by one query
 * with every answer, from 256 queries in flight up to its bound (1,000 at
 * most), and a burst of pending lookups fills whatever the window is then.
 * Each burst's barrier lookup adds two answers, so without this the bursts
 * would hold two more queries each time (about 10 KB: a request region of
 * getdns, event records) until the bound, growth that is not a leak. */
static void open_window(struct burst_req *reqs, int count)
{
    int i, pending = 0, delivered, answered = 0;
    double start;

    for (i = 0; i < count; i++)
    {
        struct burst_req *r = &reqs[i];

        swprintf(r->name, ARRAY_SIZE(r->name), L"w%lx-%x.ok.fault.test", GetCurrentProcessId(), i);
        r->result = SENTINEL_PTR;
        r->start_ret = pGetAddrInfoExW(r->name, NULL, NS_DNS, NULL, NULL, &r->result, NULL, &r->ov,
                                       burst_routine, &r->handle);
        if (r->start_ret == WSA_IO_PENDING) pending++;
    }
    start = now_ms();
    do
    {
        for (i = delivered = 0; i < count; i++) if (reqs[i].done) delivered++;
        if (delivered >= pending) break;
        Sleep(50);
    } while (now_ms() - start < 60000);
    for (i = 0; i < count; i++)
    {
        if (reqs[i].start_ret != WSA_IO_PENDING || !reqs[i].done || reqs[i].calls != 1 || reqs[i].error)
            continue;
        free_result(reqs[i].result);
        answered++;
    }
    ok(answered == count, "window: %d of %d lookups answered\n", answered, count);
    memset(reqs, 0, count * sizeof(*reqs));
}

/* What tests/run-checks sets for this suite: see child_memory. */
#define GLIBC_HIGH_WATER "glibc.malloc.arena_max=1:glibc.malloc.trim_threshold=4294967295"

/* Whether the private bytes are a high-water mark that only a leak moves: on Windows, or
 * under Wine started with GLIBC_TUNABLES=GLIBC_HIGH_WATER (Wine makes the first process's
 * Windows environment from its Unix one; a child inherits the Unix environment as it is) */
static BOOL private_bytes_settled(void)
{
    const char *tunables = getenv("GLIBC_TUNABLES");

    if (!GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version")) return TRUE;
    return tunables && !strcmp(tunables, GLIBC_HIGH_WATER);
}

/* Several bursts in a row, in a process of their own (see test_memory_over_bursts); the
 * first burst grows the request tables and the allocators' pools, and the later ones must
 * leave the memory where it was. */
static void child_memory(void)
{
    const char *env = getenv("WS2GETDNS_HOSTILE_BURST_COUNT");
    int count = env ? atoi(env) : 20000, bursts, half, rises = 0, i, early, late;
    SIZE_T early_max, late_min, margin = 6 << 20, step = 256 << 10, thread_cost = 1 << 20;
    struct burst_memory mem[32];
    struct burst_req *reqs;

    if ((env = getenv("WS2GETDNS_HOSTILE_BURSTS"))) bursts = atoi(env);
    else bursts = getenv("WS2GETDNS_SOAK") ? 20 : 8;
    bursts = min(max(bursts, 4), ARRAY_SIZE(mem));
    /* every burst has records of its own, all allocated and touched before the first
     * measurement: a late delivery must find them, and they must not look like growth */
    reqs = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)bursts * count * sizeof(*reqs));
    ok(reqs != NULL, "out of memory for the test's own records\n");
    if (!reqs) return;
    memset(reqs, 0, (SIZE_T)bursts * count * sizeof(*reqs));
    open_window(reqs, min(bursts * count, 600));
    for (i = 0; i < bursts; i++) burst(i, reqs + (SIZE_T)i * count, count, 0, &mem[i]);
    for (i = 0; i < bursts; i++)
        trace("after burst %d: private %Iu KB, process heap %Iu bytes in use, %d threads\n", i,
              mem[i].after >> 10, mem[i].heap_after, mem[i].threads);

    /* The process heap holds the PE side's requests and result lists, and HeapWalk counts
     * its bytes in use exactly.  A block kept per request would add count times its size
     * with every burst; the slack, one byte per request of one burst, is for the few
     * hundred bytes Wine keeps for itself now and then. */
    ok(mem[1].heap_after && mem[bursts - 1].heap_after, "HeapWalk failed\n");
    ok(mem[bursts - 1].heap_after <= mem[1].heap_after + count,
       "process heap: %Iu bytes in use after burst 1, %Iu after burst %d\n", mem[1].heap_after,
       mem[bursts - 1].heap_after, bursts - 1);

    /* The private bytes (the Unix side's too) are coarse.  Under Wine they are the Unix
     * process's anonymous resident memory, and glibc decides what of a burst's freed 20 MB
     * it keeps: with an arena per thread and trimming, after any burst they may jump by
     * that much for good, or drop and come back, with nothing leaked.  With one arena that
     * never trims (tests/run-checks starts the suite so) they are its high-water mark.  The
     * completion routines run on pool threads, and Wine's pool keeps a thread until it has
     * been idle for 5 s: the most ever busy at once stay, each with about 1 MB of stack
     * written (Wine 8).  A leak raises every burst's peak by what it kept, so it shows in
     * two ways: it lifts the floor for good, so the lowest of the later half may not be
     * above the highest of the earlier half by more than some settling and the threads
     * added meanwhile; and the later half may not go up at every burst by more than the
     * threads it added. */
    if (!private_bytes_settled())
    {
        skip("private bytes: under Wine without GLIBC_TUNABLES=%s they move by a burst's worth with "
             "nothing leaked\n", GLIBC_HIGH_WATER);
        return;
    }
    half = bursts / 2;
    early_max = 0;
    late_min = ~(SIZE_T)0;
    early = late = 0;
    for (i = 0; i < half; i++)
        if (mem[i].after > early_max) early_max = mem[early = i].after;
    for (i = half; i < bursts; i++)
    {
        if (mem[i].after < late_min) late_min = mem[late = i].after;
        if (mem[i].after > mem[i - 1].after + step + max(mem[i].threads - mem[i - 1].threads, 0) * thread_cost)
            rises++;
    }
    ok(late_min <= early_max + margin + max(mem[late].threads - mem[early].threads, 0) * thread_cost,
       "private memory climbs: at most %Iu KB after bursts 0-%d, at least %Iu KB after bursts %d-%d "
       "(%d threads, then %d)\n", early_max >> 10, half - 1, late_min >> 10, half, bursts - 1,
       mem[early].threads, mem[late].threads);
    ok(rises < bursts - half, "private memory went up at each of bursts %d-%d: %Iu KB to %Iu KB\n", half,
       bursts - 1, mem[half - 1].after >> 10, mem[bursts - 1].after >> 10);
}

/* Memory over bursts of outstanding requests.  In a child, so that its memory has seen
 * nothing but these bursts: after test_outstanding's 100,000 requests the allocators'
 * high-water marks would hide a leak for a long time. */
static void test_memory_over_bursts(void)
{
    HANDLE child;
    DWORD code = 0xdeadbeef;

    child = start_child("hostile", "memory");
    ok(child != NULL, "CreateProcess failed\n");
    if (!child) return;
    ok(!WaitForSingleObject(child, 120000), "child still running after 120 s\n");
    GetExitCodeProcess(child, &code);
    ok(!code, "child exit %#lx\n", code);
    if (code == STILL_ACTIVE) TerminateProcess(child, 1);
    CloseHandle(child);
}

START_TEST(hostile)
{
    struct resolv_info conf;
    WSADATA data;
    char **argv;

    init_gai_functions();
    if (!pGetAddrInfoExW || !pGetAddrInfoExCancel || !pFreeAddrInfoExW || !pGetAddrInfoExOverlappedResult)
    {
        ok(0, "missing GetAddrInfoEx exports\n");
        return;
    }
    ok(!WSAStartup(MAKEWORD(2, 2), &data), "WSAStartup failed\n");
    if (winetest_get_mainargs(&argv) >= 3)
    {
        if (!strcmp(argv[2], "memory"))
        {
            child_memory();
            WSACleanup();
            return;
        }
        child_crashy(argv[2]);
        return;
    }
    read_resolv_conf(&conf);
    if (!conf.direct)
    {
        skip("resolv.conf does not point at the fault responder; run with --resolv tests/dns/resolv-fault.conf\n");
        return;
    }
    test_names();
    test_bad_structures();
    test_bogus_handles();
    run_crashy("null-result-sync", WSAEINVAL, WSAEFAULT);
    run_crashy("null-result-async", WSAEINVAL, WSAEFAULT);
    run_crashy("cancel-null", WSA_INVALID_HANDLE, WSAEINVAL);
    test_outstanding();
    test_memory_over_bursts();
}
