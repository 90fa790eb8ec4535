/*
 * Conformance tests for the GetAddrInfoEx family: GetAddrInfoExW/A, GetAddrInfoExCancel,
 * GetAddrInfoExOverlappedResult, FreeAddrInfoEx[W] and SetAddrInfoExA/W
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
 * Case numbers ("case N" in failure lines) are those of docs/windows-behaviour.md, which
 * says what Windows does in each case and where the expectation comes from;
 * tests/conformance/cases.tsv gives each case its line in the `make check` table.
 *
 * Rules that keep this file safe on an implementation that gets things wrong (stock Wine
 * ignores cancel and timeouts, and its lookups of a silent name end only when glibc gives
 * up): every wait is bounded, and every OVERLAPPED, result pointer and handle that a late
 * lookup could still write into lives in a leaked heap block (struct lookup), never on a
 * stack frame that returns.  Completion routines only record what they see; all ok()
 * calls happen on the main thread.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include "ws2getdns_compat.h"
#include "wine/test.h"

#define SENTINEL_PTR    ((void *)0xdeadbeef)
#define SENTINEL_HANDLE ((HANDLE)0xdeadbeef)
#ifndef STATUS_PENDING
#define STATUS_PENDING  0x00000103
#endif

/* How long a delivery that must happen may take (a loaded machine included). */
#define DELIVERY_WAIT   5000
/* How long a cancelled request may take to be delivered. */
#define CANCEL_WAIT     2000

static INT (WSAAPI *pGetAddrInfoExW)(const WCHAR *name, const WCHAR *service, DWORD name_space,
        GUID *provider, const ADDRINFOEXW *hints, ADDRINFOEXW **result, struct timeval *timeout,
        OVERLAPPED *overlapped, lookup_completion_routine routine, HANDLE *handle);
static INT (WSAAPI *pGetAddrInfoExA)(const char *name, const char *service, DWORD name_space,
        GUID *provider, const ADDRINFOEXA *hints, ADDRINFOEXA **result, struct timeval *timeout,
        OVERLAPPED *overlapped, lookup_completion_routine routine, HANDLE *handle);
static INT (WSAAPI *pGetAddrInfoExCancel)(HANDLE *handle);
static INT (WSAAPI *pGetAddrInfoExOverlappedResult)(OVERLAPPED *overlapped);
static void (WSAAPI *pFreeAddrInfoExW)(ADDRINFOEXW *info);
static void (WSAAPI *pFreeAddrInfoEx)(ADDRINFOEXA *info);
static INT (WSAAPI *pSetAddrInfoExW)(const WCHAR *name, const WCHAR *service, SOCKET_ADDRESS *addresses,
        DWORD count, BLOB *blob, DWORD flags, DWORD name_space, GUID *provider,
        struct timeval *timeout, OVERLAPPED *overlapped, lookup_completion_routine routine,
        HANDLE *handle);
static INT (WSAAPI *pSetAddrInfoExA)(const char *name, const char *service, SOCKET_ADDRESS *addresses,
        DWORD count, BLOB *blob, DWORD flags, DWORD name_space, GUID *provider,
        struct timeval *timeout, OVERLAPPED *overlapped, lookup_completion_routine routine,
        HANDLE *handle);

static BOOL zone_ok;      /* the ws2getdns.test zone answers (we run inside the sandbox) */
static BOOL search_ok;    /* resolv.conf has "search ws2getdns.test" */
static LONG name_counter;
static LONG deliveries;   /* every completion routine call, for the race loop */

/* One asynchronous lookup and everything its completion may touch.  Allocated once and
 * never freed: a lookup that an implementation failed to cancel may still write here
 * long after the test that started it has returned. */
struct lookup
{
    OVERLAPPED ov;          /* first, as in .NET's context: the routine finds us from it */
    ADDRINFOEXW *result;
    HANDLE handle;
    struct timeval timeout;
    HANDLE event;           /* copy of ov.hEvent, in case the implementation overwrites it */
    INT start_ret;
    INT start_error;        /* WSAGetLastError() right after the call */
    INT cancel_ret;         /* GetAddrInfoExCancel called by the test thread */

    /* set by the routine */
    HANDLE entered;         /* signalled when the routine starts */
    HANDLE done;            /* signalled when the routine is about to return */
    LONG calls;
    DWORD error;
    DWORD bytes;
    OVERLAPPED *ov_arg;
    ULONG_PTR internal_seen;
    void *pointer_seen;
    HANDLE event_seen;
    ADDRINFOEXW *result_seen;
    DWORD thread_id;
    volatile LONG returned;
    /* a digest of *ppResult as the routine saw it, for routines that free it */
    int nodes, nodes_v4, nodes_v6, bad_addrlen;
    WCHAR canon[64];

    /* what the routine does */
    HANDLE go;              /* wait (bounded) for the test thread before acting */
    DWORD sleep_ms;
    struct lookup *cancel_target;
    INT routine_cancel_ret;
    BOOL sync_lookup;
    INT sync_ret;
    BOOL sync_found;
    BOOL free_result;
    struct lookup *watch;   /* record whether this other routine had returned */
    LONG watch_returned;
};

/* mingw-w64 declares ai_next with a misspelt struct tag; one cast here keeps the rest clean */
static ADDRINFOEXW *next_node(const ADDRINFOEXW *ai)
{
    return (ADDRINFOEXW *)ai->ai_next;
}

static const char *addr_to_str(const struct sockaddr *sa)
{
    if (!sa) return "(null)";
    if (sa->sa_family == AF_INET)
    {
        const BYTE *b = (const BYTE *)&((const struct sockaddr_in *)sa)->sin_addr;
        return wine_dbg_sprintf("%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    }
    if (sa->sa_family == AF_INET6)
    {
        /* uncompressed on purpose: expected values below are written the same way */
        const BYTE *b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
        return wine_dbg_sprintf("%x:%x:%x:%x:%x:%x:%x:%x", b[0] << 8 | b[1], b[2] << 8 | b[3],
                b[4] << 8 | b[5], b[6] << 8 | b[7], b[8] << 8 | b[9], b[10] << 8 | b[11],
                b[12] << 8 | b[13], b[14] << 8 | b[15]);
    }
    return wine_dbg_sprintf("(family %u)", sa->sa_family);
}

static USHORT addr_port(const struct sockaddr *sa)
{
    if (sa && sa->sa_family == AF_INET) return ntohs(((const struct sockaddr_in *)sa)->sin_port);
    if (sa && sa->sa_family == AF_INET6) return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
    return 0xffff;
}

static int count_nodes(const ADDRINFOEXW *ai, int family)
{
    int n = 0;
    for (; ai; ai = next_node(ai)) if (!family || ai->ai_family == family) n++;
    return n;
}

static BOOL has_addr(const ADDRINFOEXW *ai, const char *want)
{
    for (; ai; ai = next_node(ai)) if (!strcmp(addr_to_str(ai->ai_addr), want)) return TRUE;
    return FALSE;
}

/* The first few addresses of a list, for failure messages. */
static const char *list_to_str(const ADDRINFOEXW *ai)
{
    char buf[256];
    int len = 0, n = 0;

    if (ai == SENTINEL_PTR) return "(sentinel)";
    if (!ai) return "(null)";
    buf[0] = 0;
    for (; ai && n < 4; ai = next_node(ai), n++)
        len += _snprintf(buf + len, sizeof(buf) - len - 8, "%s%s", n ? "," : "", addr_to_str(ai->ai_addr));
    if (ai) strcat(buf, ",...");
    return wine_dbg_sprintf("%s", buf);
}

/* Checks the length and family of every node; returns how many are wrong. */
static int bad_nodes(const ADDRINFOEXW *ai)
{
    int bad = 0;
    for (; ai; ai = next_node(ai))
    {
        if (!ai->ai_addr) bad++;
        else if (ai->ai_family == AF_INET && ai->ai_addrlen != sizeof(struct sockaddr_in)) bad++;
        else if (ai->ai_family == AF_INET6 && ai->ai_addrlen != sizeof(struct sockaddr_in6)) bad++;
        else if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) bad++;
        else if (ai->ai_addr->sa_family != ai->ai_family) bad++;
    }
    return bad;
}

static void free_result(ADDRINFOEXW *result)
{
    if (result && result != SENTINEL_PTR) pFreeAddrInfoExW(result);
}

static const WCHAR *to_wide(const char *str)
{
    /* leaked: a lookup may outlive the test that named it */
    int len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    WCHAR *ret = HeapAlloc(GetProcessHeap(), 0, len * sizeof(WCHAR));
    MultiByteToWideChar(CP_ACP, 0, str, -1, ret, len);
    return ret;
}

/* A name nobody has asked for before in this sandbox, so that no resolver cache answers it.
 * behaviour is a fault.test label: "drop" never answers, "delay-N" answers after N ms. */
static const WCHAR *fault_name(const char *behaviour)
{
    char buf[128];
    sprintf(buf, "t%lx-%lx-%ld.%s.fault.test", GetCurrentProcessId(), GetTickCount(),
            InterlockedIncrement(&name_counter), behaviour);
    return to_wide(buf);
}

static void CALLBACK lookup_routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    struct lookup *l = CONTAINING_RECORD(ov, struct lookup, ov);

    if (InterlockedIncrement(&l->calls) == 1)
    {
        l->error = error;
        l->bytes = bytes;
        l->ov_arg = ov;
        l->internal_seen = ov->Internal;
        l->pointer_seen = ov->Pointer;
        l->event_seen = ov->hEvent;
        l->result_seen = l->result;
        l->thread_id = GetCurrentThreadId();
        if (l->result && l->result != SENTINEL_PTR)
        {
            l->nodes = count_nodes(l->result, 0);
            l->nodes_v4 = count_nodes(l->result, AF_INET);
            l->nodes_v6 = count_nodes(l->result, AF_INET6);
            l->bad_addrlen = bad_nodes(l->result);
            if (l->result->ai_canonname)
                lstrcpynW(l->canon, l->result->ai_canonname, ARRAY_SIZE(l->canon));
        }
    }
    InterlockedIncrement(&deliveries);
    if (l->watch) l->watch_returned = l->watch->returned;
    SetEvent(l->entered);

    if (l->go) WaitForSingleObject(l->go, DELIVERY_WAIT);
    if (l->sleep_ms) Sleep(l->sleep_ms);
    if (l->cancel_target) l->routine_cancel_ret = pGetAddrInfoExCancel(&l->cancel_target->handle);
    if (l->sync_lookup)
    {
        ADDRINFOEXW *res = SENTINEL_PTR;
        l->sync_ret = pGetAddrInfoExW(L"localhost", NULL, NS_DNS, NULL, NULL, &res, NULL, NULL, NULL, NULL);
        l->sync_found = !l->sync_ret && res && res != SENTINEL_PTR;
        if (!l->sync_ret) free_result(res);
    }
    if (l->free_result && l->result && l->result != SENTINEL_PTR)
    {
        pFreeAddrInfoExW(l->result);
        l->result = NULL;
    }
    InterlockedExchange(&l->returned, TRUE);
    SetEvent(l->done);
}

/* with_event: a manual-reset event in the OVERLAPPED (and no routine);
 * otherwise hEvent is NULL and the test passes lookup_routine. */
static struct lookup *alloc_lookup(BOOL with_event, BYTE ov_fill)
{
    struct lookup *l = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*l));

    memset(&l->ov, ov_fill, sizeof(l->ov));
    l->ov.hEvent = l->event = with_event ? CreateEventW(NULL, TRUE, FALSE, NULL) : NULL;
    l->result = SENTINEL_PTR;
    l->handle = SENTINEL_HANDLE;
    l->entered = CreateEventW(NULL, TRUE, FALSE, NULL);
    l->done = CreateEventW(NULL, TRUE, FALSE, NULL);
    l->start_ret = l->cancel_ret = l->routine_cancel_ret = l->sync_ret = 0xdeadbeef;
    return l;
}

static INT start_lookup(struct lookup *l, const WCHAR *name, const WCHAR *service, DWORD name_space,
                        const ADDRINFOEXW *hints, BOOL use_timeout)
{
    WSASetLastError(0xdeadbeef);
    l->start_ret = pGetAddrInfoExW(name, service, name_space, NULL, hints, &l->result,
                                   use_timeout ? &l->timeout : NULL, &l->ov,
                                   l->event ? NULL : lookup_routine, &l->handle);
    l->start_error = WSAGetLastError();
    return l->start_ret;
}

/* Waits (bounded) for the event or for the routine to return. */
static BOOL wait_delivery(struct lookup *l, DWORD ms)
{
    return !WaitForSingleObject(l->event ? l->event : l->done, ms);
}

static BOOL delivered(struct lookup *l)
{
    return wait_delivery(l, 0);
}

/* The final code of a delivered lookup, whichever way it was delivered. */
static DWORD delivered_error(struct lookup *l)
{
    return l->event ? (DWORD)l->ov.Internal : l->error;
}

/* what names the skipped cases, so that a skip maps to them like a failure does */
static BOOL need_zone(const char *cases)
{
    if (!zone_ok) skip("%s: test zone not reachable; run inside the ws2getdns sandbox\n", cases);
    return zone_ok;
}

static BOOL need_cancel(void)
{
    ok(pGetAddrInfoExCancel != NULL, "GetAddrInfoExCancel is not exported\n");
    return pGetAddrInfoExCancel != NULL;
}

/* Starts a lookup of a name that never answers and makes sure it is still pending.
 * A fresh name is tried (up to three times) only when the lookup finished by itself
 * before we looked, which a real resolver may do (e.g. SERVFAIL from a cache). */
static struct lookup *start_stalled(BOOL with_event, const ADDRINFOEXW *hints, DWORD name_space)
{
    struct lookup *l = NULL;
    int attempt;
    INT ret;

    for (attempt = 0; attempt < 3; attempt++)
    {
        l = alloc_lookup(with_event, 0xcc);
        ret = start_lookup(l, fault_name("drop"), NULL, name_space, hints, FALSE);
        ok(ret == WSA_IO_PENDING, "stalled lookup: got %d, error %d\n", ret, l->start_error);
        if (ret != WSA_IO_PENDING) return NULL;
        if (!wait_delivery(l, 100)) return l;
        trace("stalled lookup completed by itself with %lu; retrying with a fresh name\n",
              delivered_error(l));
    }
    ok(0, "could not get a lookup that stays pending\n");
    return NULL;
}

static void init_function_pointers(void)
{
    HMODULE ws2 = GetModuleHandleA("ws2_32.dll");

#define X(f) p##f = (void *)GetProcAddress(ws2, #f)
    X(GetAddrInfoExW);
    X(GetAddrInfoExA);
    X(GetAddrInfoExCancel);
    X(GetAddrInfoExOverlappedResult);
    X(FreeAddrInfoExW);
    X(FreeAddrInfoEx);
    X(SetAddrInfoExW);
    X(SetAddrInfoExA);
#undef X
}

/* case 21; runs before WSAStartup */
static void test_not_initialised(void)
{
    ADDRINFOEXW *result = SENTINEL_PTR;
    INT ret;

    winetest_push_context("case 21");
    WSASetLastError(0xdeadbeef);
    ret = pGetAddrInfoExW(L"localhost", NULL, NS_DNS, NULL, NULL, &result, NULL, NULL, NULL, NULL);
    ok(ret == WSANOTINITIALISED, "got %d\n", ret);
    ok(WSAGetLastError() == WSANOTINITIALISED, "got last error %d\n", WSAGetLastError());
    if (!ret) free_result(result);
    winetest_pop_context();
}

/* case 45: find out whether we run inside the sandbox, without the functions under test */
static void probe_zone(void)
{
    struct addrinfo hints, *res = NULL;
    char buf[32];
    BOOL required;
    int ret;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;
    ret = getaddrinfo("a.ws2getdns.test", NULL, &hints, &res);
    zone_ok = !ret && res && res->ai_family == AF_INET
              && ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(0xc0000201);
    if (!ret) freeaddrinfo(res);

    res = NULL;
    ret = getaddrinfo("search", NULL, &hints, &res);
    search_ok = zone_ok && !ret && res && res->ai_family == AF_INET
                && ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(0xc0000206);
    if (!ret) freeaddrinfo(res);

    required = GetEnvironmentVariableA("WS2GETDNS_TEST_ZONE", buf, sizeof(buf)) && !strcmp(buf, "required");
    winetest_push_context("case 45");
    if (required)
        ok(zone_ok, "test zone not reachable (a.ws2getdns.test did not resolve to 192.0.2.1) "
           "and WS2GETDNS_TEST_ZONE=required\n");
    else if (!zone_ok)
        skip("test zone not reachable; run inside the ws2getdns sandbox\n");
    winetest_pop_context();
    trace("test zone %s, search domain %s\n", zone_ok ? "reachable" : "absent", search_ok ? "set" : "absent");
}

/* case 1 */
static void test_sync(void)
{
    ADDRINFOEXW *result;
    INT ret;

    winetest_push_context("case 1");

    result = SENTINEL_PTR;
    WSASetLastError(0xdeadbeef);
    ret = pGetAddrInfoExW(NULL, NULL, NS_DNS, NULL, NULL, &result, NULL, NULL, NULL, NULL);
    ok(ret == WSAHOST_NOT_FOUND, "NULL name: got %d\n", ret);
    ok(WSAGetLastError() == WSAHOST_NOT_FOUND, "NULL name: got last error %d\n", WSAGetLastError());
    ok(!result, "NULL name: got result %p\n", result);

    result = SENTINEL_PTR;
    WSASetLastError(0xdeadbeef);
    ret = pGetAddrInfoExW(L"", NULL, NS_DNS, NULL, NULL, &result, NULL, NULL, NULL, NULL);
    ok(!ret, "empty name: got %d\n", ret);
    ok(!WSAGetLastError(), "empty name: got last error %d\n", WSAGetLastError());
    ok(result && result != SENTINEL_PTR, "empty name: got result %p\n", result);
    if (!ret) free_result(result);

    result = SENTINEL_PTR;
    WSASetLastError(0xdeadbeef);
    ret = pGetAddrInfoExW(L"localhost", NULL, NS_DNS, NULL, NULL, &result, NULL, NULL, NULL, NULL);
    ok(!ret, "localhost: got %d\n", ret);
    ok(!WSAGetLastError(), "localhost: got last error %d\n", WSAGetLastError());
    ok(result && result != SENTINEL_PTR, "localhost: got result %p\n", result);
    if (!ret)
    {
        ok(!bad_nodes(result), "localhost: %d malformed nodes\n", bad_nodes(result));
        ok(has_addr(result, "127.0.0.1") || has_addr(result, "0:0:0:0:0:0:0:1"),
           "localhost: got %s\n", list_to_str(result));
        free_result(result);
    }

    WSASetLastError(0xdeadbeef);
    ret = pGetAddrInfoExOverlappedResult(NULL);
    ok(ret == WSAEINVAL, "OverlappedResult(NULL): got %d\n", ret);

    winetest_pop_context();
}

/* cases 2 and 3: an event, an OVERLAPPED full of 0xcc */
static void test_async_event(void)
{
    struct lookup *l;
    INT ret;

    winetest_push_context("case 2");
    l = alloc_lookup(TRUE, 0xcc);
    ret = start_lookup(l, L"localhost", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    ok(l->start_error == WSA_IO_PENDING, "got last error %d\n", l->start_error);
    ok(l->result != SENTINEL_PTR, "result still the sentinel\n");
    if (ret == WSA_IO_PENDING)
    {
        DWORD start = GetTickCount();
        ok(wait_delivery(l, DELIVERY_WAIT), "event not signalled\n");
        trace("localhost delivered after %lu ms\n", GetTickCount() - start);
        ret = pGetAddrInfoExOverlappedResult(&l->ov);
        ok(!ret, "OverlappedResult: got %d\n", ret);
        ok(l->result && l->result != SENTINEL_PTR, "got result %p\n", l->result);
        if (!ret) free_result(l->result);
    }
    winetest_pop_context();

    if (!need_zone("case 3")) return;

    winetest_push_context("case 3");
    l = alloc_lookup(TRUE, 0xcc);
    ret = start_lookup(l, L"a.ws2getdns.test", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    ok(l->start_error == WSA_IO_PENDING, "got last error %d\n", l->start_error);
    /* the lookup may already have finished */
    ok(l->ov.Internal == WSAEINPROGRESS || !l->ov.Internal, "Internal %#Ix at once\n", l->ov.Internal);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "event not signalled\n");
        ok(l->ov.hEvent == l->event, "hEvent changed to %p\n", l->ov.hEvent);
        ok(!l->ov.Internal, "Internal %#Ix\n", l->ov.Internal);
        ok(l->ov.Pointer == &l->result, "Pointer %p, expected %p\n", l->ov.Pointer, &l->result);
        ok(!pGetAddrInfoExOverlappedResult(&l->ov), "OverlappedResult %d\n",
           pGetAddrInfoExOverlappedResult(&l->ov));
        ok(l->result && l->result != SENTINEL_PTR, "result %p\n", l->result);
        if (l->result && l->result != SENTINEL_PTR)
        {
            ok(count_nodes(l->result, 0) == 1 && has_addr(l->result, "192.0.2.1"),
               "got %s\n", list_to_str(l->result));
            ok(!l->result->ai_blob, "ai_blob %p\n", l->result->ai_blob);
            ok(!l->result->ai_bloblen, "ai_bloblen %Iu\n", l->result->ai_bloblen);
            ok(!l->result->ai_provider, "ai_provider %p\n", l->result->ai_provider);
            free_result(l->result);
        }
    }
    winetest_pop_context();
}

/* case 4 */
static void test_async_hints(void)
{
    ADDRINFOEXW hints, *ai;
    struct lookup *l;
    INT ret;

    winetest_push_context("case 4");
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_ALL | AI_V4MAPPED;
    hints.ai_family = AF_INET6;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_protocol = IPPROTO_UDP;
    l = alloc_lookup(TRUE, 0xcc);
    ret = start_lookup(l, L"localhost", NULL, NS_ALL, &hints, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "event not signalled\n");
        ret = pGetAddrInfoExOverlappedResult(&l->ov);
        ok(!ret, "OverlappedResult %d\n", ret);
        if (!ret && l->result && l->result != SENTINEL_PTR)
        {
            for (ai = l->result; ai; ai = next_node(ai))
            {
                ok(ai->ai_family == AF_INET6, "family %d\n", ai->ai_family);
                ok(ai->ai_socktype == SOCK_DGRAM, "socktype %d\n", ai->ai_socktype);
                ok(ai->ai_protocol == IPPROTO_UDP, "protocol %d\n", ai->ai_protocol);
            }
            free_result(l->result);
        }
        else ok(0, "result %p\n", l->result);
    }
    winetest_pop_context();
}

/* case 5 */
static void test_null_name_overlapped(void)
{
    struct lookup *l;
    INT ret;

    winetest_push_context("case 5");
    l = alloc_lookup(TRUE, 0xcc);
    ret = start_lookup(l, NULL, NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSAHOST_NOT_FOUND, "got %d\n", ret);
    ok(l->start_error == WSAHOST_NOT_FOUND, "got last error %d\n", l->start_error);
    ok(!l->result, "result %p\n", l->result);
    ok(!wait_delivery(l, 200), "event signalled\n");
    winetest_pop_context();
}

/* case 6 */
static void test_event_and_routine(void)
{
    struct lookup *l;
    INT ret;

    winetest_push_context("case 6");
    l = alloc_lookup(TRUE, 0xcc);
    WSASetLastError(0xdeadbeef);
    ret = pGetAddrInfoExW(L"localhost", NULL, NS_DNS, NULL, NULL, &l->result, NULL, &l->ov,
                          lookup_routine, &l->handle);
    ok(ret == WSAEINVAL, "got %d\n", ret);
    ok(WSAGetLastError() == WSAEINVAL, "got last error %d\n", WSAGetLastError());
    ok(WaitForSingleObject(l->entered, 200) == WAIT_TIMEOUT, "routine called, error %lu\n", l->error);
    ok(WaitForSingleObject(l->event, 0) == WAIT_TIMEOUT, "event signalled\n");
    ok(!l->calls, "%ld routine calls\n", l->calls);
    winetest_pop_context();
}

/* cases 7, 10, 31; and the strict "result NULL at once" on a slow name */
static void test_routine(void)
{
    struct lookup *l;
    INT ret;

    winetest_push_context("case 7");
    l = alloc_lookup(FALSE, 0xcc);
    ret = start_lookup(l, L"localhost", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    ok(l->start_error == WSA_IO_PENDING, "got last error %d\n", l->start_error);
    /* NULL, or already the list if the routine won the race */
    ok(l->result != SENTINEL_PTR, "result still the sentinel\n");
    winetest_pop_context();

    winetest_push_context("case 10");
    ok(l->handle != SENTINEL_HANDLE && l->handle, "handle %p\n", l->handle);
    winetest_pop_context();

    winetest_push_context("case 7");
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "routine not called\n");
        Sleep(100);  /* time for a second call that must not come */
        ok(l->calls == 1, "%ld calls\n", l->calls);
        ok(!l->error, "error %lu\n", l->error);
        ok(!l->bytes, "bytes %lu\n", l->bytes);
        ok(l->ov_arg == &l->ov, "overlapped %p, expected %p\n", l->ov_arg, &l->ov);
        ok(!l->internal_seen, "Internal in routine %#Ix\n", l->internal_seen);
        ok(l->pointer_seen == &l->result, "Pointer in routine %p, expected %p\n", l->pointer_seen, &l->result);
        ok(!l->event_seen, "hEvent in routine %p\n", l->event_seen);
        ok(l->result_seen && l->result_seen != SENTINEL_PTR, "result in routine %p\n", l->result_seen);
        ok(!pGetAddrInfoExOverlappedResult(&l->ov), "OverlappedResult %d\n", pGetAddrInfoExOverlappedResult(&l->ov));
        free_result(l->result);
    }
    winetest_pop_context();

    if (ret == WSA_IO_PENDING)
    {
        winetest_push_context("case 31");
        ok(l->thread_id && l->thread_id != GetCurrentThreadId(), "routine ran on thread %lx, caller %lx\n",
           l->thread_id, GetCurrentThreadId());
        trace("routine thread %04lx, test thread %04lx\n", l->thread_id, GetCurrentThreadId());
        winetest_pop_context();
    }

    if (!need_zone("case 7")) return;

    /* A name that answers only after 300 ms: nothing can have been stored yet. */
    winetest_push_context("case 7");
    l = alloc_lookup(FALSE, 0xcc);
    ret = start_lookup(l, fault_name("delay-300"), NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    ok(!l->result, "result %p at once\n", l->result);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "routine not called\n");
        ok(!l->error, "error %lu\n", l->error);
        ok(l->result_seen && l->result_seen != SENTINEL_PTR && has_addr(l->result_seen, "198.51.100.1"),
           "result %s\n", list_to_str(l->result_seen));
        free_result(l->result);
    }
    winetest_pop_context();
}

/* cases 8 and 9 */
static void test_routine_nxdomain(void)
{
    struct lookup *l;
    INT ret;

    if (!need_zone("case 8, case 9")) return;

    winetest_push_context("case 8");
    l = alloc_lookup(FALSE, 0);
    ret = start_lookup(l, L"nonexistent.ws2getdns.test", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "routine not called\n");
        ok(l->calls == 1, "%ld calls\n", l->calls);
        /* Wine's test accepts WSANO_DATA here; unverified which Windows versions do that */
        ok(l->error == WSAHOST_NOT_FOUND || broken(l->error == WSANO_DATA), "error %lu\n", l->error);
        ok(l->ov.Internal == WSAHOST_NOT_FOUND, "Internal %#Ix\n", l->ov.Internal);
        ret = pGetAddrInfoExOverlappedResult(&l->ov);
        ok(ret == WSAHOST_NOT_FOUND, "OverlappedResult %d\n", ret);
        ok(!l->result, "result %p\n", l->result);
    }
    winetest_pop_context();

    winetest_push_context("case 9");
    l = alloc_lookup(FALSE, 0xcc);
    ret = start_lookup(l, L"nonexistent.ws2getdns.test", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "routine not called\n");
        /* The documentation makes no exception for failures; verify on Windows. */
        ok(l->pointer_seen == &l->result, "Pointer in routine %p, expected %p\n", l->pointer_seen, &l->result);
        ok(l->ov.Pointer == &l->result, "Pointer %p, expected %p\n", l->ov.Pointer, &l->result);
        ok(!l->result, "result %p\n", l->result);
    }
    winetest_pop_context();
}

/* case 11, both delivery mechanisms, and no write after the cancel */
static void test_cancel_pending(void)
{
    struct lookup *l;
    int mode;
    INT ret;

    if (!need_zone("case 11") || !need_cancel()) return;

    winetest_push_context("case 11");
    for (mode = 0; mode < 2; mode++)
    {
        winetest_push_context(mode ? "routine" : "event");
        if ((l = start_stalled(!mode, NULL, NS_DNS)))
        {
            DWORD start = GetTickCount();

            ret = pGetAddrInfoExCancel(&l->handle);
            ok(!ret, "cancel returned %d\n", ret);
            ok(wait_delivery(l, CANCEL_WAIT), "not delivered within %u ms\n", CANCEL_WAIT);
            trace("cancel delivered after %lu ms\n", GetTickCount() - start);
            if (delivered(l))
            {
                ok(l->ov.Internal == WSA_E_CANCELLED, "Internal %#Ix\n", l->ov.Internal);
                ret = pGetAddrInfoExOverlappedResult(&l->ov);
                ok(ret == WSA_E_CANCELLED, "OverlappedResult %d\n", ret);
                ok(!l->result, "result %p\n", l->result);
                if (!l->event)
                {
                    ok(l->error == WSA_E_CANCELLED, "error %lu\n", l->error);
                    ok(l->calls == 1, "%ld calls\n", l->calls);
                    ok(l->thread_id != GetCurrentThreadId(), "routine ran on the test thread\n");
                    trace("cancelled routine ran on thread %04lx\n", l->thread_id);
                }
            }
        }
        winetest_pop_context();
    }

    /* A name that answers 1500 ms later: after the cancel was delivered, the late answer
     * must not touch the caller's OVERLAPPED, result or routine. */
    winetest_push_context("late answer");
    l = alloc_lookup(FALSE, 0xcc);
    ret = start_lookup(l, fault_name("delay-1500"), NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ret = pGetAddrInfoExCancel(&l->handle);
        ok(!ret, "cancel returned %d\n", ret);
        ok(wait_delivery(l, CANCEL_WAIT), "not delivered within %u ms\n", CANCEL_WAIT);
        if (delivered(l))
        {
            ok(l->error == WSA_E_CANCELLED, "error %lu\n", l->error);
            memset(&l->ov, 0xcc, sizeof(l->ov));
            l->result = SENTINEL_PTR;
            Sleep(2000);
            ok(l->calls == 1, "%ld calls\n", l->calls);
            ok(l->ov.Internal == (ULONG_PTR)0xcccccccccccccccc, "Internal written: %#Ix\n", l->ov.Internal);
            ok(l->ov.Pointer == (void *)0xcccccccccccccccc, "Pointer written: %p\n", l->ov.Pointer);
            ok(l->result == SENTINEL_PTR, "result written: %p\n", l->result);
        }
    }
    winetest_pop_context();
    winetest_pop_context();
}

/* case 12 */
static void test_cancel_invalid(void)
{
    struct lookup *l;
    HANDLE h;
    INT ret;

    if (!need_cancel()) return;
    winetest_push_context("case 12");

    h = NULL;
    ret = pGetAddrInfoExCancel(&h);
    ok(ret == WSA_INVALID_HANDLE, "NULL handle: got %d\n", ret);
    h = (HANDLE)0x1234;
    ret = pGetAddrInfoExCancel(&h);
    ok(ret == WSA_INVALID_HANDLE, "0x1234: got %d\n", ret);

    l = alloc_lookup(FALSE, 0xcc);
    ret = start_lookup(l, L"localhost", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "routine not called\n");
        ret = pGetAddrInfoExCancel(&l->handle);
        ok(ret == WSA_INVALID_HANDLE, "after completion: got %d\n", ret);
        ret = pGetAddrInfoExCancel(&l->handle);
        ok(ret == WSA_INVALID_HANDLE, "after completion, again: got %d\n", ret);
        Sleep(100);
        ok(l->calls == 1, "%ld calls\n", l->calls);
        ok(!l->error, "error %lu\n", l->error);
        free_result(l->result);
    }

    if (zone_ok && (l = start_stalled(FALSE, NULL, NS_DNS)))
    {
        ret = pGetAddrInfoExCancel(&l->handle);
        ok(!ret, "first cancel: got %d\n", ret);
        ret = pGetAddrInfoExCancel(&l->handle);
        ok(ret == WSA_INVALID_HANDLE, "second cancel: got %d\n", ret);
        ok(wait_delivery(l, CANCEL_WAIT), "not delivered\n");
        Sleep(100);
        ok(l->calls == 1, "%ld calls\n", l->calls);
        ok(l->error == WSA_E_CANCELLED, "error %lu\n", l->error);
    }
    winetest_pop_context();
}

struct cancel_thread_args
{
    struct lookup *target;
    INT ret;
    LONG routine_returned;
};

static DWORD WINAPI cancel_thread(void *arg)
{
    struct cancel_thread_args *args = arg;
    args->ret = pGetAddrInfoExCancel(&args->target->handle);
    args->routine_returned = args->target->returned;
    return 0;
}

/* case 13 */
static void test_cancel_during_routine(void)
{
    struct cancel_thread_args *args;
    struct lookup *l;
    HANDLE thread;
    INT ret;

    if (!need_cancel()) return;
    winetest_push_context("case 13");
    l = alloc_lookup(FALSE, 0xcc);
    l->sleep_ms = 500;
    ret = start_lookup(l, L"localhost", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING && !WaitForSingleObject(l->entered, DELIVERY_WAIT))
    {
        args = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*args));
        args->target = l;
        args->ret = 0xdeadbeef;
        thread = CreateThread(NULL, 0, cancel_thread, args, 0, NULL);
        ok(!WaitForSingleObject(thread, DELIVERY_WAIT), "cancel did not return\n");
        ok(args->ret == WSA_INVALID_HANDLE, "cancel returned %d\n", args->ret);
        ok(args->routine_returned, "cancel returned while the routine was still running\n");
        ok(wait_delivery(l, DELIVERY_WAIT), "routine did not return\n");
        Sleep(100);
        ok(l->calls == 1, "%ld calls\n", l->calls);
        ok(!l->error, "error %lu\n", l->error);
        free_result(l->result);
        CloseHandle(thread);
    }
    else ok(0, "routine not entered\n");
    winetest_pop_context();
}

struct sync_call_args
{
    const WCHAR *name;
    struct timeval timeout;
    ADDRINFOEXW *result;
    INT ret;
};

static DWORD WINAPI sync_call_thread(void *arg)
{
    struct sync_call_args *args = arg;
    args->ret = pGetAddrInfoExW(args->name, NULL, NS_DNS, NULL, NULL, &args->result,
                                &args->timeout, NULL, NULL, NULL);
    return 0;
}

/* cases 14 and 25 */
static void test_timeout(void)
{
    LARGE_INTEGER freq, start, end;
    struct sync_call_args *args;
    struct lookup *l;
    HANDLE thread;
    double elapsed;
    INT ret;

    if (!need_zone("case 14, case 25")) return;
    QueryPerformanceFrequency(&freq);

    winetest_push_context("case 14");
    l = alloc_lookup(TRUE, 0xcc);
    l->timeout.tv_sec = 0;
    l->timeout.tv_usec = 200000;
    QueryPerformanceCounter(&start);
    ret = start_lookup(l, fault_name("drop"), NULL, NS_DNS, NULL, TRUE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        BOOL early = wait_delivery(l, 150);
        ok(!early, "completed before the timeout, Internal %#Ix\n", l->ov.Internal);
        ok(wait_delivery(l, 1200), "not completed within deadline + 1000 ms\n");
        QueryPerformanceCounter(&end);
        elapsed = (end.QuadPart - start.QuadPart) * 1000.0 / freq.QuadPart;
        if (delivered(l))
        {
            ok(elapsed >= 190.0, "completed after %.1f ms\n", elapsed);
            /* WSAETIMEDOUT is what the sources imply; verify on Windows. */
            ok(l->ov.Internal == WSAETIMEDOUT, "Internal %#Ix\n", l->ov.Internal);
            ret = pGetAddrInfoExOverlappedResult(&l->ov);
            ok(ret == WSAETIMEDOUT, "OverlappedResult %d\n", ret);
            ok(!l->result, "result %p\n", l->result);
            trace("timed out after %.1f ms (%.1f ms late)\n", elapsed, elapsed - 200.0);
        }
    }
    winetest_pop_context();

    winetest_push_context("case 25");
    if (l->start_ret == WSA_IO_PENDING && delivered(l) && need_cancel())
    {
        ret = pGetAddrInfoExCancel(&l->handle);
        ok(ret == WSA_INVALID_HANDLE, "cancel after timeout: got %d\n", ret);
    }
    else skip("the request did not time out; cannot cancel it afterwards\n");
    winetest_pop_context();

    /* The synchronous form: the documentation applies the timeout to both forms, so expect
     * the same code; unverified on Windows.  Runs on a thread so that an implementation
     * that ignores the timeout cannot stall the run. */
    winetest_push_context("case 14");
    winetest_push_context("sync");
    args = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*args));
    args->name = fault_name("drop");
    args->timeout.tv_usec = 200000;
    args->result = SENTINEL_PTR;
    args->ret = 0xdeadbeef;
    QueryPerformanceCounter(&start);
    thread = CreateThread(NULL, 0, sync_call_thread, args, 0, NULL);
    ret = WaitForSingleObject(thread, 3000);
    QueryPerformanceCounter(&end);
    elapsed = (end.QuadPart - start.QuadPart) * 1000.0 / freq.QuadPart;
    ok(!ret, "synchronous call with a 200 ms timeout still running after 3 s\n");
    if (!ret)
    {
        ok(args->ret == WSAETIMEDOUT || broken(args->ret == WSATRY_AGAIN || args->ret == WSAHOST_NOT_FOUND),
           "got %d after %.1f ms\n", args->ret, elapsed);
        ok(!args->result, "result %p\n", args->result);
        trace("synchronous timeout: %d after %.1f ms\n", args->ret, elapsed);
    }
    CloseHandle(thread);
    winetest_pop_context();
    winetest_pop_context();
}

/* case 15 */
static void test_ansi(void)
{
    ADDRINFOEXA hints, *result;
    struct timeval timeout;
    struct lookup *l;
    HANDLE handle;
    INT ret;

    winetest_push_context("case 15");
    ok(pGetAddrInfoExA != NULL, "GetAddrInfoExA is not exported\n");
    ok(pFreeAddrInfoEx != NULL, "FreeAddrInfoEx is not exported\n");
    if (!pGetAddrInfoExA || !pFreeAddrInfoEx)
    {
        winetest_pop_context();
        return;
    }

    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_CANONNAME;
    result = SENTINEL_PTR;
    WSASetLastError(0xdeadbeef);
    ret = pGetAddrInfoExA("localhost", NULL, NS_DNS, NULL, &hints, &result, NULL, NULL, NULL, NULL);
    ok(!ret, "got %d\n", ret);
    ok(!WSAGetLastError(), "got last error %d\n", WSAGetLastError());
    if (!ret && result && result != SENTINEL_PTR)
    {
        /* a narrow string: a wide one would look like one character */
        ok(result->ai_canonname && strlen(result->ai_canonname) > 1, "canonname %s\n",
           result->ai_canonname ? debugstr_a(result->ai_canonname) : "(null)");
        ok(result->ai_addr && (result->ai_family == AF_INET || result->ai_family == AF_INET6),
           "family %d\n", result->ai_family);
        pFreeAddrInfoEx(result);
    }
    else ok(0, "result %p\n", result);

    /* The ANSI form cannot be asynchronous: every one of these parameters is reserved. */
    l = alloc_lookup(TRUE, 0xcc);
    WSASetLastError(0xdeadbeef);
    ret = pGetAddrInfoExA("localhost", NULL, NS_DNS, NULL, NULL, (ADDRINFOEXA **)&l->result, NULL,
                          &l->ov, NULL, NULL);
    ok(ret == WSAEINVAL, "overlapped: got %d\n", ret);
    ok(WSAGetLastError() == WSAEINVAL, "overlapped: got last error %d\n", WSAGetLastError());
    ok(!wait_delivery(l, 100), "overlapped: event signalled\n");

    l = alloc_lookup(FALSE, 0xcc);
    ret = pGetAddrInfoExA("localhost", NULL, NS_DNS, NULL, NULL, (ADDRINFOEXA **)&l->result, NULL,
                          &l->ov, lookup_routine, NULL);
    ok(ret == WSAEINVAL, "overlapped and routine: got %d\n", ret);
    ok(!wait_delivery(l, 100), "routine called\n");

    result = SENTINEL_PTR;
    timeout.tv_sec = 1;
    timeout.tv_usec = 0;
    ret = pGetAddrInfoExA("localhost", NULL, NS_DNS, NULL, NULL, &result, &timeout, NULL, NULL, NULL);
    ok(ret == WSAEINVAL, "timeout: got %d\n", ret);
    if (!ret) pFreeAddrInfoEx(result);

    result = SENTINEL_PTR;
    handle = SENTINEL_HANDLE;
    ret = pGetAddrInfoExA("localhost", NULL, NS_DNS, NULL, NULL, &result, NULL, NULL, NULL, &handle);
    ok(ret == WSAEINVAL, "handle: got %d\n", ret);
    if (!ret) pFreeAddrInfoEx(result);

    winetest_pop_context();
}

static INT sync_lookup(const WCHAR *name, const WCHAR *service, DWORD name_space,
                       const ADDRINFOEXW *hints, ADDRINFOEXW **result)
{
    *result = SENTINEL_PTR;
    WSASetLastError(0xdeadbeef);
    return pGetAddrInfoExW(name, service, name_space, NULL, hints, result, NULL, NULL, NULL, NULL);
}

/* case 16 */
static void test_hint_validation(void)
{
    ADDRINFOEXW hints, other, *result;
    struct sockaddr_in sin;
    INT ret;

    winetest_push_context("case 16");
    memset(&other, 0, sizeof(other));
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;

    memset(&hints, 0, sizeof(hints));
    hints.ai_addrlen = sizeof(sin);
    ret = sync_lookup(L"localhost", NULL, NS_DNS, &hints, &result);
    ok(ret == WSANO_RECOVERY, "ai_addrlen: got %d\n", ret);
    ok(WSAGetLastError() == WSANO_RECOVERY, "ai_addrlen: got last error %d\n", WSAGetLastError());
    ok(!result, "ai_addrlen: result %p\n", result);
    if (!ret) free_result(result);

    memset(&hints, 0, sizeof(hints));
    hints.ai_canonname = L"x";
    ret = sync_lookup(L"localhost", NULL, NS_DNS, &hints, &result);
    ok(ret == WSANO_RECOVERY, "ai_canonname: got %d\n", ret);
    if (!ret) free_result(result);

    memset(&hints, 0, sizeof(hints));
    hints.ai_addr = (struct sockaddr *)&sin;
    ret = sync_lookup(L"localhost", NULL, NS_DNS, &hints, &result);
    ok(ret == WSANO_RECOVERY, "ai_addr: got %d\n", ret);
    if (!ret) free_result(result);

    memset(&hints, 0, sizeof(hints));
    hints.ai_next = (void *)&other;
    ret = sync_lookup(L"localhost", NULL, NS_DNS, &hints, &result);
    ok(ret == WSANO_RECOVERY, "ai_next: got %d\n", ret);
    if (!ret) free_result(result);

    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_CANONNAME;
    ret = sync_lookup(NULL, L"80", NS_DNS, &hints, &result);
    ok(ret == WSANO_RECOVERY, "AI_CANONNAME without a name: got %d\n", ret);
    ok(!result, "AI_CANONNAME without a name: result %p\n", result);
    if (!ret) free_result(result);

    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_FQDN;
    ret = sync_lookup(NULL, L"80", NS_DNS, &hints, &result);
    ok(ret == WSANO_RECOVERY, "AI_FQDN without a name: got %d\n", ret);
    if (!ret) free_result(result);

    /* and the same hints are fine with a name */
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_CANONNAME;
    ret = sync_lookup(L"localhost", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AI_CANONNAME with a name: got %d\n", ret);
    if (!ret) free_result(result);

    winetest_pop_context();
}

/* case 17, and AI_FQDN (case 36) */
static void test_canonname_fqdn(void)
{
    ADDRINFOEXW hints, *result;
    ADDRINFOEX2W *ex2;
    INT ret;

    if (!need_zone("case 17, case 36")) return;

    winetest_push_context("case 17");
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_CANONNAME;
    ret = sync_lookup(L"cname.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AI_CANONNAME: got %d\n", ret);
    if (!ret)
    {
        ok(result->ai_canonname && !lstrcmpiW(result->ai_canonname, L"dual.ws2getdns.test"),
           "canonname %s\n", debugstr_w(result->ai_canonname));
        ok(has_addr(result, "192.0.2.2") && has_addr(result, "2001:db8:0:0:0:0:0:2"),
           "got %s\n", list_to_str(result));
        free_result(result);
    }

    hints.ai_flags = AI_FQDN | AI_CANONNAME;
    ret = sync_lookup(L"a.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AI_FQDN|AI_CANONNAME: got %d\n", ret);
    if (!ret)
    {
        ok(result->ai_flags & AI_EXTENDED, "ai_flags %#x\n", result->ai_flags);
        /* only an extended node has the fields after ai_next */
        if (result->ai_flags & AI_EXTENDED)
        {
            ex2 = (ADDRINFOEX2W *)result;
            ok(ex2->ai_version == ADDRINFOEX_VERSION_2, "ai_version %d\n", ex2->ai_version);
            ok(ex2->ai_fqdn && !lstrcmpiW(ex2->ai_fqdn, L"a.ws2getdns.test"), "ai_fqdn %s\n",
               ex2->ai_version == ADDRINFOEX_VERSION_2 ? debugstr_w(ex2->ai_fqdn) : "(not read)");
            ok(ex2->ai_canonname && !lstrcmpiW(ex2->ai_canonname, L"a.ws2getdns.test"),
               "canonname %s\n", debugstr_w(ex2->ai_canonname));
        }
        ok(has_addr(result, "192.0.2.1"), "got %s\n", list_to_str(result));
        free_result(result);
    }
    winetest_pop_context();

    winetest_push_context("case 36");
    if (!search_ok) skip("no \"search ws2getdns.test\" in resolv.conf\n");
    else
    {
        /* a flat name: its fully qualified form comes back in ai_canonname */
        hints.ai_flags = AI_FQDN;
        ret = sync_lookup(L"search", NULL, NS_DNS, &hints, &result);
        ok(!ret, "AI_FQDN: got %d\n", ret);
        if (!ret)
        {
            ok(result->ai_canonname && !lstrcmpiW(result->ai_canonname, L"search.ws2getdns.test"),
               "canonname %s\n", debugstr_w(result->ai_canonname));
            ok(has_addr(result, "192.0.2.6"), "got %s\n", list_to_str(result));
            free_result(result);
        }

        hints.ai_flags = AI_FQDN | AI_CANONNAME;
        ret = sync_lookup(L"search", NULL, NS_DNS, &hints, &result);
        ok(!ret, "AI_FQDN|AI_CANONNAME: got %d\n", ret);
        if (!ret)
        {
            ok(result->ai_flags & AI_EXTENDED, "ai_flags %#x\n", result->ai_flags);
            if (result->ai_flags & AI_EXTENDED)
            {
                ex2 = (ADDRINFOEX2W *)result;
                ok(ex2->ai_version == ADDRINFOEX_VERSION_2, "ai_version %d\n", ex2->ai_version);
                ok(ex2->ai_fqdn && !lstrcmpiW(ex2->ai_fqdn, L"search.ws2getdns.test"), "ai_fqdn %s\n",
                   ex2->ai_version == ADDRINFOEX_VERSION_2 ? debugstr_w(ex2->ai_fqdn) : "(not read)");
            }
            free_result(result);
        }
    }
    winetest_pop_context();
}

/* case 18 */
static void test_numerichost_overlapped(void)
{
    ADDRINFOEXW hints;
    struct lookup *l;
    INT ret;

    winetest_push_context("case 18");
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_NUMERICHOST;
    l = alloc_lookup(TRUE, 0xcc);
    ret = start_lookup(l, L"1.2.3.4", NULL, NS_DNS, &hints, FALSE);
    trace("AI_NUMERICHOST with an OVERLAPPED returned %d\n", ret);
    ok(!ret || ret == WSA_IO_PENDING, "got %d\n", ret);
    if (!ret)
        ok(!wait_delivery(l, 200), "event signalled after a synchronous completion\n");
    else if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "event not signalled\n");
        ok(!pGetAddrInfoExOverlappedResult(&l->ov), "OverlappedResult %d\n", pGetAddrInfoExOverlappedResult(&l->ov));
    }
    if (!ret || delivered(l))
    {
        ok(l->result && l->result != SENTINEL_PTR && has_addr(l->result, "1.2.3.4"),
           "got %s\n", list_to_str(l->result));
        free_result(l->result);
    }
    winetest_pop_context();
}

/* case 19 */
static void test_overlapped_poll(void)
{
    struct lookup *l;
    DWORD start;
    INT ret;

    winetest_push_context("case 19");
    l = alloc_lookup(FALSE, 0);
    WSASetLastError(0xdeadbeef);
    ret = pGetAddrInfoExW(L"localhost", NULL, NS_DNS, NULL, NULL, &l->result, NULL, &l->ov, NULL, &l->handle);
    trace("OVERLAPPED without event or routine returned %d\n", ret);
    ok(!ret || ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        start = GetTickCount();
        while ((ret = pGetAddrInfoExOverlappedResult(&l->ov)) == WSAEINPROGRESS
               && GetTickCount() - start < DELIVERY_WAIT)
            Sleep(10);
        ok(!ret, "OverlappedResult %d after %lu ms\n", ret, GetTickCount() - start);
    }
    if (!ret)
    {
        ok(l->result && l->result != SENTINEL_PTR, "result %p\n", l->result);
        free_result(l->result);
    }
    winetest_pop_context();
}

/* case 20 */
static void test_namespaces(void)
{
    static GUID bogus = {0x2ee5d7c3, 0x43c4, 0x4aa2, {0x9b, 0x6c, 0x1f, 0x53, 0x77, 0xe0, 0x6a, 0x11}};
    ADDRINFOEXW *result;
    INT ret;

    winetest_push_context("case 20");
    ret = sync_lookup(L"localhost", NULL, NS_DNS, NULL, &result);
    ok(!ret, "NS_DNS: got %d\n", ret);
    if (!ret) free_result(result);
    ret = sync_lookup(L"localhost", NULL, NS_ALL, NULL, &result);
    ok(!ret, "NS_ALL: got %d\n", ret);
    if (!ret) free_result(result);

    /* Whether NetBT is still an installed namespace is not settled by the
     * sources: an installed one answers, a missing one is WSASERVICE_NOT_FOUND. */
    ret = sync_lookup(L"localhost", NULL, NS_NETBT, NULL, &result);
    trace("NS_NETBT: %d\n", ret);
    ok(!ret || ret == WSASERVICE_NOT_FOUND || broken(ret == WSAEINVAL || ret == WSAHOST_NOT_FOUND),
       "NS_NETBT: got %d\n", ret);
    if (!ret) free_result(result);

    /* "a namespace that is not installed gives WSASERVICE_NOT_FOUND"; 9999 is no namespace at all */
    ret = sync_lookup(L"localhost", NULL, 9999, NULL, &result);
    trace("namespace 9999: %d\n", ret);
    ok(ret == WSASERVICE_NOT_FOUND || broken(ret == WSAEINVAL || ret == WSAHOST_NOT_FOUND),
       "namespace 9999: got %d\n", ret);
    if (!ret) free_result(result);

    /* What a GUID naming no provider gives is not documented; stock Wine
     * ignores the GUID.  A success must come with a list. */
    result = SENTINEL_PTR;
    ret = pGetAddrInfoExW(L"localhost", NULL, NS_ALL, &bogus, NULL, &result, NULL, NULL, NULL, NULL);
    trace("bogus provider: %d\n", ret);
    ok(!ret || ret == WSASERVICE_NOT_FOUND || broken(ret == WSAEINVAL || ret == WSAHOST_NOT_FOUND),
       "bogus provider: got %d\n", ret);
    if (!ret) ok(result && result != SENTINEL_PTR, "bogus provider: result %p\n", result);
    if (!ret) free_result(result);
    winetest_pop_context();
}

/* case 22 */
static void test_idn(void)
{
    ADDRINFOEXW hints, *result;
    INT ret;

    if (!need_zone("case 22")) return;
    winetest_push_context("case 22");
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;

    ret = sync_lookup(L"xn--bcher-kva.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "punycode: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 1 && has_addr(result, "192.0.2.4"), "punycode: got %s\n", list_to_str(result));
        free_result(result);
    }

    ret = sync_lookup(L"b\u00fccher.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "unicode: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 1 && has_addr(result, "192.0.2.4"), "unicode: got %s\n", list_to_str(result));
        free_result(result);
    }

    hints.ai_flags = AI_DISABLE_IDN_ENCODING;
    ret = sync_lookup(L"b\u00fccher.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(ret == WSAHOST_NOT_FOUND || ret == WSATRY_AGAIN, "AI_DISABLE_IDN_ENCODING: got %d\n", ret);
    if (!ret) free_result(result);
    winetest_pop_context();
}

/* case 23 */
static void test_free_null(void)
{
    winetest_push_context("case 23");
    /* nothing to check but that these return */
    pFreeAddrInfoExW(NULL);
    if (pFreeAddrInfoEx) pFreeAddrInfoEx(NULL);
    winetest_pop_context();
}

/* .NET (cases 24 and 32): zeroed context with the OVERLAPPED first, NS_ALL, AI_CANONNAME,
 * a routine that reads ctx->Result, parses it and frees it. */
static void test_dotnet_pattern(void)
{
    ADDRINFOEXW hints;
    struct lookup *l;
    INT ret;

    if (!need_zone("case 24, case 32")) return;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_flags = AI_CANONNAME;

    winetest_push_context("case 24");
    winetest_push_context(".NET");
    l = alloc_lookup(FALSE, 0);
    l->result = NULL;
    l->handle = NULL;
    l->free_result = TRUE;
    ret = start_lookup(l, L"cname.ws2getdns.test", NULL, NS_ALL, &hints, FALSE);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "routine not called\n");
        ok(!l->error, "error %lu\n", l->error);
        ok(l->nodes_v4 == 1 && l->nodes_v6 == 1 && l->nodes == 2, "%d nodes, %d v4, %d v6\n",
           l->nodes, l->nodes_v4, l->nodes_v6);
        ok(!l->bad_addrlen, "%d nodes with a bad address length\n", l->bad_addrlen);
        ok(!lstrcmpiW(l->canon, L"dual.ws2getdns.test"), "canonname %s\n", debugstr_w(l->canon));
        /* .NET cancels when the token fires after completion: a harmless no-op */
        if (need_cancel())
        {
            ret = pGetAddrInfoExCancel(&l->handle);
            ok(ret == WSA_INVALID_HANDLE, "cancel after completion: got %d\n", ret);
            Sleep(100);
            ok(l->calls == 1, "%ld calls\n", l->calls);
        }
    }
    else
    {
        /* .NET handles a synchronous completion inline: the routine must not run too */
        ok(!ret, "got %d\n", ret);
        ok(!wait_delivery(l, 200), "routine called after a synchronous return\n");
        free_result(l->result);
    }
    winetest_pop_context();
    winetest_pop_context();

    winetest_push_context("case 32");
    if (need_cancel())
    {
        l = start_stalled(FALSE, &hints, NS_ALL);
        if (l)
        {
            ret = pGetAddrInfoExCancel(&l->handle);
            ok(!ret, "cancel: got %d\n", ret);
            ok(wait_delivery(l, CANCEL_WAIT), "routine not called within %u ms\n", CANCEL_WAIT);
            ok(l->error == WSA_E_CANCELLED, "error %lu\n", l->error);
            ok(!l->result_seen, "result in routine %p\n", l->result_seen);
        }
    }
    winetest_pop_context();
}

struct webrtc_waiter
{
    struct lookup *l;
    DWORD wait;
    BOOL got_result;
    DWORD bytes, flags;
    INT last_error;
    ULONG_PTR internal;
};

/* WebRTC's waiter: wait on the event (INFINITE there, bounded here), then
 * WSAGetOverlappedResult on socket 0, then read Internal as the error. */
static DWORD WINAPI webrtc_waiter_thread(void *arg)
{
    struct webrtc_waiter *w = arg;

    w->wait = WaitForSingleObject(w->l->event, DELIVERY_WAIT);
    WSASetLastError(0xdeadbeef);
    w->got_result = WSAGetOverlappedResult(0, &w->l->ov, &w->bytes, FALSE, &w->flags);
    w->last_error = WSAGetLastError();
    w->internal = w->l->ov.Internal;
    return 0;
}

static HANDLE start_webrtc_lookup(struct webrtc_waiter **waiter, const WCHAR *name, INT *ret)
{
    ADDRINFOEXW hints;
    struct webrtc_waiter *w;

    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_ADDRCONFIG;
    hints.ai_family = AF_INET;
    w = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*w));
    w->l = alloc_lookup(TRUE, 0);
    w->l->result = NULL;
    w->l->handle = NULL;
    *waiter = w;
    *ret = start_lookup(w->l, name, NULL, NS_ALL, &hints, FALSE);
    if (*ret != WSA_IO_PENDING) return NULL;
    return CreateThread(NULL, 0, webrtc_waiter_thread, w, 0, NULL);
}

/* cases 24 and 33 */
static void test_webrtc_pattern(void)
{
    struct webrtc_waiter *w;
    HANDLE thread;
    INT ret;

    if (!need_zone("case 24, case 33")) return;

    winetest_push_context("case 24");
    winetest_push_context("WebRTC");
    thread = start_webrtc_lookup(&w, L"a.ws2getdns.test", &ret);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (thread)
    {
        ok(!WaitForSingleObject(thread, DELIVERY_WAIT + 1000), "waiter did not finish\n");
        ok(!w->wait, "event wait returned %lu\n", w->wait);
        ok(w->internal != STATUS_PENDING, "Internal still STATUS_PENDING\n");
        ok(w->got_result || w->last_error != WSA_IO_INCOMPLETE,
           "WSAGetOverlappedResult says incomplete\n");
        /* AI_ADDRCONFIG ignores loopback addresses; the sandbox gives lo a documentation
         * address of each family so that it looks like a dual-stack host */
        ok(!w->internal, "Internal %#Ix\n", w->internal);
        trace("WebRTC pattern: Internal %Iu, WSAGetOverlappedResult %d/%d\n", w->internal,
              w->got_result, w->last_error);
        if (!w->internal)
            ok(has_addr(w->l->result, "192.0.2.1"), "got %s\n", list_to_str(w->l->result));
        free_result(w->l->result);
        CloseHandle(thread);
    }
    winetest_pop_context();
    winetest_pop_context();

    /* the destructor: cancel, then join the waiter, which must be quick */
    winetest_push_context("case 33");
    if (need_cancel())
    {
        thread = start_webrtc_lookup(&w, fault_name("drop"), &ret);
        ok(ret == WSA_IO_PENDING, "got %d\n", ret);
        if (thread)
        {
            ok(WaitForSingleObject(thread, 100) == WAIT_TIMEOUT, "waiter finished before the cancel\n");
            ret = pGetAddrInfoExCancel(&w->l->handle);
            ok(!ret, "cancel: got %d\n", ret);
            ok(!WaitForSingleObject(thread, CANCEL_WAIT), "waiter not done within %u ms\n", CANCEL_WAIT);
            ok(!w->wait, "event wait returned %lu\n", w->wait);
            ok(w->internal == WSA_E_CANCELLED, "Internal %#Ix\n", w->internal);
            CloseHandle(thread);
        }
    }
    winetest_pop_context();
}

/* case 34: compio: zeroed OVERLAPPED, a routine, a handle, NS_ALL; checks GetLastError();
 * reads GetAddrInfoExOverlappedResult when done; cancels on drop if the handle is set. */
static void test_compio_pattern(void)
{
    ADDRINFOEXW hints;
    struct lookup *l;
    INT ret;

    winetest_push_context("case 34");
    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    l = alloc_lookup(FALSE, 0);
    l->handle = NULL;
    l->result = NULL;
    SetLastError(0xdeadbeef);
    ret = pGetAddrInfoExW(zone_ok ? L"dual.ws2getdns.test" : L"localhost", NULL, NS_ALL, NULL, &hints,
                          &l->result, NULL, &l->ov, lookup_routine, &l->handle);
    if (ret)
    {
        ok(GetLastError() == ERROR_IO_PENDING, "got %d, GetLastError() %lu\n", ret, GetLastError());
        ok(wait_delivery(l, DELIVERY_WAIT), "routine not called\n");
        ret = pGetAddrInfoExOverlappedResult(&l->ov);
        ok(!ret, "OverlappedResult %d\n", ret);
        ok(l->result && count_nodes(l->result, 0) >= 1, "got %s\n", list_to_str(l->result));
        if (zone_ok) ok(has_addr(l->result, "192.0.2.2"), "got %s\n", list_to_str(l->result));
        free_result(l->result);
        if (l->handle && need_cancel())
        {
            ret = pGetAddrInfoExCancel(&l->handle);
            ok(ret == WSA_INVALID_HANDLE, "cancel on drop: got %d\n", ret);
            Sleep(100);
            ok(l->calls == 1, "%ld calls\n", l->calls);
        }
    }
    else
    {
        ok(!wait_delivery(l, 200), "routine called after a synchronous return\n");
        free_result(l->result);
    }
    winetest_pop_context();
}

/* case 35: Microsoft's sample: wait with a timeout, cancel, then wait for the delivery */
static void test_sample_pattern(void)
{
    struct lookup *l;
    int mode;
    INT ret;

    if (!need_zone("case 35")) return;
    winetest_push_context("case 35");

    l = alloc_lookup(TRUE, 0);
    ret = start_lookup(l, L"a.ws2getdns.test", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "answer did not come\n");
        ok(!pGetAddrInfoExOverlappedResult(&l->ov), "OverlappedResult %d\n", pGetAddrInfoExOverlappedResult(&l->ov));
        free_result(l->result);
    }

    for (mode = 0; need_cancel() && mode < 2; mode++)
    {
        winetest_push_context(mode ? "routine" : "event");
        l = alloc_lookup(!mode, 0);
        ret = start_lookup(l, fault_name("drop"), NULL, NS_DNS, NULL, FALSE);
        ok(ret == WSA_IO_PENDING, "got %d\n", ret);
        if (ret == WSA_IO_PENDING)
        {
            ok(!wait_delivery(l, 300), "a silent name answered\n");
            ret = pGetAddrInfoExCancel(&l->handle);
            ok(!ret, "cancel: got %d\n", ret);
            ok(wait_delivery(l, CANCEL_WAIT), "no delivery within %u ms of the cancel\n", CANCEL_WAIT);
            ret = pGetAddrInfoExOverlappedResult(&l->ov);
            ok(ret == WSA_E_CANCELLED, "OverlappedResult %d\n", ret);
        }
        winetest_pop_context();
    }
    winetest_pop_context();
}

static void spin_us(LONGLONG us)
{
    LARGE_INTEGER freq, start, now;

    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&start);
    do QueryPerformanceCounter(&now);
    while ((now.QuadPart - start.QuadPart) * 1000000 / freq.QuadPart < us);
}

/* case 26: cancel racing completion */
static void test_cancel_race(void)
{
    static const int count = 300;
    int i, pending = 0, cancelled = 0, completed = 0, bad_calls = 0, bad_agree = 0, bad_result = 0;
    struct lookup **l;
    LONG base;
    DWORD start;

    if (!need_cancel()) return;
    winetest_push_context("case 26");
    l = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, count * sizeof(*l));
    base = deliveries;
    for (i = 0; i < count; i++)
    {
        l[i] = alloc_lookup(FALSE, 0xcc);
        start_lookup(l[i], zone_ok ? L"a.ws2getdns.test" : L"localhost", NULL, NS_DNS, NULL, FALSE);
        if (l[i]->start_ret == WSA_IO_PENDING)
        {
            pending++;
            /* cancel after 0 to 750 us, so that some cancels land before the answer and
             * some after, and a few right at the moment of completion */
            spin_us((i % 16) * 50);
            l[i]->cancel_ret = pGetAddrInfoExCancel(&l[i]->handle);
        }
    }
    start = GetTickCount();
    while (deliveries - base < pending && GetTickCount() - start < 10000) Sleep(10);
    Sleep(100);
    ok(deliveries - base == pending, "%ld deliveries for %d pending requests\n", deliveries - base, pending);
    ok(pending == count, "%d of %d calls returned pending\n", pending, count);

    for (i = 0; i < count; i++)
    {
        struct lookup *r = l[i];
        LONG expect = r->start_ret == WSA_IO_PENDING ? 1 : 0;

        if (r->calls != expect)
        {
            if (!bad_calls++)
                trace("request %d: start %d, cancel %d, %ld calls\n", i, r->start_ret, r->cancel_ret, r->calls);
            continue;
        }
        if (!expect) continue;
        if (r->error == WSA_E_CANCELLED) cancelled++;
        else completed++;
        /* cancel succeeded <-> the request was delivered as cancelled */
        if ((r->cancel_ret == 0) != (r->error == WSA_E_CANCELLED)
            || (r->cancel_ret != 0 && r->cancel_ret != WSA_INVALID_HANDLE))
        {
            if (!bad_agree++) trace("request %d: cancel %d, delivered %lu\n", i, r->cancel_ret, r->error);
        }
        if (r->error == WSA_E_CANCELLED ? r->result_seen != NULL : (r->error == 0 && !r->result_seen))
        {
            if (!bad_result++) trace("request %d: error %lu, result %p\n", i, r->error, r->result_seen);
        }
        if (!r->error) free_result(r->result);
    }
    ok(!bad_calls, "%d requests not delivered exactly once\n", bad_calls);
    ok(!bad_agree, "%d requests where the cancel return and the delivered status disagree\n", bad_agree);
    ok(!bad_result, "%d requests with a wrong result pointer\n", bad_result);
    trace("race: %d pending, %d cancelled, %d completed first\n", pending, cancelled, completed);
    winetest_pop_context();
}

/* cases 27 and 28 */
static void test_cancel_inside_routine(void)
{
    struct lookup *l, *victim;
    INT ret;

    if (!need_cancel()) return;

    winetest_push_context("case 27");
    l = alloc_lookup(FALSE, 0xcc);
    l->go = CreateEventW(NULL, TRUE, FALSE, NULL);
    l->cancel_target = l;
    ret = start_lookup(l, L"localhost", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    SetEvent(l->go);  /* the handle is stored now: the routine may use it */
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "routine did not return (deadlock?)\n");
        ok(l->routine_cancel_ret == WSA_INVALID_HANDLE, "cancel from the routine: got %d\n", l->routine_cancel_ret);
        Sleep(100);
        ok(l->calls == 1, "%ld calls\n", l->calls);
        ok(!l->error, "error %lu\n", l->error);
        free_result(l->result);
    }
    winetest_pop_context();

    if (!need_zone("case 28")) return;
    winetest_push_context("case 28");
    victim = start_stalled(FALSE, NULL, NS_DNS);
    if (victim)
    {
        l = alloc_lookup(FALSE, 0xcc);
        l->go = CreateEventW(NULL, TRUE, FALSE, NULL);
        l->cancel_target = victim;
        ret = start_lookup(l, L"a.ws2getdns.test", NULL, NS_DNS, NULL, FALSE);
        ok(ret == WSA_IO_PENDING, "got %d\n", ret);
        SetEvent(l->go);
        if (ret == WSA_IO_PENDING)
        {
            ok(wait_delivery(l, DELIVERY_WAIT), "routine did not return (deadlock?)\n");
            ok(!l->routine_cancel_ret, "cancel from the routine: got %d\n", l->routine_cancel_ret);
            ok(wait_delivery(victim, CANCEL_WAIT), "the other request not delivered\n");
            ok(victim->error == WSA_E_CANCELLED, "other request: error %lu\n", victim->error);
            ok(victim->calls == 1, "other request: %ld calls\n", victim->calls);
            free_result(l->result);
        }
    }
    winetest_pop_context();
}

/* case 29 */
static void test_blocking_routine(void)
{
    struct lookup *blocker, *fast[5];
    int i, arrived = 0, early = 0;
    INT ret;

    winetest_push_context("case 29");
    blocker = alloc_lookup(FALSE, 0xcc);
    blocker->sleep_ms = 1000;
    ret = start_lookup(blocker, L"localhost", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING && !WaitForSingleObject(blocker->entered, DELIVERY_WAIT))
    {
        for (i = 0; i < ARRAY_SIZE(fast); i++)
        {
            fast[i] = alloc_lookup(FALSE, 0xcc);
            fast[i]->watch = blocker;
            fast[i]->watch_returned = -1;
            ok(start_lookup(fast[i], zone_ok ? L"a.ws2getdns.test" : L"localhost", NULL, NS_DNS, NULL, FALSE)
               == WSA_IO_PENDING, "fast %d: got %d\n", i, fast[i]->start_ret);
        }
        for (i = 0; i < ARRAY_SIZE(fast); i++)
        {
            if (!wait_delivery(fast[i], DELIVERY_WAIT)) continue;
            arrived++;
            if (!fast[i]->watch_returned) early++;
            ok(!fast[i]->error, "fast %d: error %lu\n", i, fast[i]->error);
            free_result(fast[i]->result);
        }
        ok(arrived == ARRAY_SIZE(fast), "%d of %d fast lookups delivered\n", arrived, (int)ARRAY_SIZE(fast));
        ok(early == ARRAY_SIZE(fast), "%d of %d fast lookups delivered while the blocking routine ran\n",
           early, (int)ARRAY_SIZE(fast));
        ok(wait_delivery(blocker, DELIVERY_WAIT), "blocking routine did not return\n");
        free_result(blocker->result);
    }
    else ok(0, "blocking routine not entered\n");
    winetest_pop_context();
}

/* case 30 */
static void test_sync_inside_routine(void)
{
    struct lookup *l;
    INT ret;

    winetest_push_context("case 30");
    l = alloc_lookup(FALSE, 0xcc);
    l->sync_lookup = TRUE;
    ret = start_lookup(l, L"localhost", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "routine did not return (deadlock?)\n");
        ok(!l->sync_ret, "synchronous lookup in the routine: got %d\n", l->sync_ret);
        ok(l->sync_found, "synchronous lookup in the routine: no result\n");
        free_result(l->result);
    }
    winetest_pop_context();
}

/* case 37 */
static void test_services(void)
{
    ADDRINFOEXW hints, *result, *ai;
    int bad;
    INT ret;

    winetest_push_context("case 37");
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;

    ret = sync_lookup(L"localhost", L"http", NS_DNS, &hints, &result);
    ok(!ret, "http: got %d\n", ret);
    if (!ret)
    {
        for (ai = result, bad = 0; ai; ai = next_node(ai))
            if (addr_port(ai->ai_addr) != 80 || ai->ai_socktype != SOCK_STREAM || ai->ai_protocol != IPPROTO_TCP)
            {
                if (!bad++) trace("node: port %u, socktype %d, protocol %d\n", addr_port(ai->ai_addr),
                                  ai->ai_socktype, ai->ai_protocol);
            }
        ok(!bad, "http: %d wrong nodes\n", bad);
        free_result(result);
    }

    ret = sync_lookup(L"localhost", L"8080", NS_DNS, &hints, &result);
    ok(!ret, "8080: got %d\n", ret);
    if (!ret)
    {
        ok(addr_port(result->ai_addr) == 8080, "8080: port %u\n", addr_port(result->ai_addr));
        free_result(result);
    }

    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_protocol = IPPROTO_UDP;
    ret = sync_lookup(L"localhost", L"53", NS_DNS, &hints, &result);
    ok(!ret, "53/udp: got %d\n", ret);
    if (!ret)
    {
        ok(addr_port(result->ai_addr) == 53, "53/udp: port %u\n", addr_port(result->ai_addr));
        ok(result->ai_socktype == SOCK_DGRAM, "53/udp: socktype %d\n", result->ai_socktype);
        ok(result->ai_protocol == IPPROTO_UDP, "53/udp: protocol %d\n", result->ai_protocol);
        free_result(result);
    }

    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    ret = sync_lookup(L"localhost", L"no-such-service-ws2getdns", NS_DNS, &hints, &result);
    ok(ret == WSATYPE_NOT_FOUND, "unknown service: got %d\n", ret);
    ok(!result, "unknown service: result %p\n", result);
    if (!ret) free_result(result);

    /* no name at all: the service alone is enough */
    hints.ai_flags = AI_PASSIVE;
    ret = sync_lookup(NULL, L"80", NS_DNS, &hints, &result);
    ok(!ret, "NULL name, AI_PASSIVE: got %d\n", ret);
    if (!ret)
    {
        ok(has_addr(result, "0.0.0.0") && addr_port(result->ai_addr) == 80, "AI_PASSIVE: got %s port %u\n",
           list_to_str(result), addr_port(result->ai_addr));
        free_result(result);
    }
    hints.ai_flags = 0;
    ret = sync_lookup(NULL, L"80", NS_DNS, &hints, &result);
    ok(!ret, "NULL name: got %d\n", ret);
    if (!ret)
    {
        ok(has_addr(result, "127.0.0.1"), "NULL name: got %s\n", list_to_str(result));
        free_result(result);
    }
    winetest_pop_context();
}

/* case 38 */
static void test_numeric(void)
{
    ADDRINFOEXW hints, *result;
    INT ret;

    winetest_push_context("case 38");
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, NULL, &result);
    ok(!ret, "IPv4: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 1 && result->ai_family == AF_INET && has_addr(result, "192.0.2.77"),
           "IPv4: got %s\n", list_to_str(result));
        free_result(result);
    }

    ret = sync_lookup(L"2001:db8::77", NULL, NS_DNS, NULL, &result);
    ok(!ret, "IPv6: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 1 && result->ai_family == AF_INET6
           && has_addr(result, "2001:db8:0:0:0:0:0:77"), "IPv6: got %s\n", list_to_str(result));
        ok(!bad_nodes(result), "IPv6: malformed node\n");
        free_result(result);
    }

    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_NUMERICHOST;
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AI_NUMERICHOST, number: got %d\n", ret);
    if (!ret) free_result(result);

    ret = sync_lookup(L"localhost", NULL, NS_DNS, &hints, &result);
    ok(ret == WSAHOST_NOT_FOUND, "AI_NUMERICHOST, name: got %d\n", ret);
    ok(!result, "AI_NUMERICHOST, name: result %p\n", result);
    if (!ret) free_result(result);
    winetest_pop_context();
}

/* cases 39 and 40 */
static void test_local_names(void)
{
    ADDRINFOEXW hints, *result;
    struct lookup *l;
    INT ret;

    if (!need_zone("case 39, case 40")) return;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;

    winetest_push_context("case 39");
    ret = sync_lookup(L"hostsonly.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "hostsonly.ws2getdns.test: got %d\n", ret);
    if (!ret)
    {
        ok(has_addr(result, "192.0.2.200"), "hostsonly.ws2getdns.test: got %s\n", list_to_str(result));
        free_result(result);
    }
    ret = sync_lookup(L"single-label-host", NULL, NS_DNS, &hints, &result);
    ok(!ret, "single-label-host: got %d\n", ret);
    if (!ret)
    {
        ok(has_addr(result, "192.0.2.201"), "single-label-host: got %s\n", list_to_str(result));
        free_result(result);
    }
    l = alloc_lookup(FALSE, 0xcc);
    ret = start_lookup(l, L"hostsonly", NULL, NS_DNS, &hints, FALSE);
    ok(ret == WSA_IO_PENDING, "hostsonly async: got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "hostsonly async: routine not called\n");
        ok(!l->error, "hostsonly async: error %lu\n", l->error);
        ok(has_addr(l->result_seen, "192.0.2.200"), "hostsonly async: got %s\n", list_to_str(l->result_seen));
        free_result(l->result);
    }
    winetest_pop_context();

    winetest_push_context("case 40");
    if (!search_ok) skip("no \"search ws2getdns.test\" in resolv.conf\n");
    else
    {
        ret = sync_lookup(L"search", NULL, NS_DNS, &hints, &result);
        ok(!ret, "search: got %d\n", ret);
        if (!ret)
        {
            ok(has_addr(result, "192.0.2.6"), "search: got %s\n", list_to_str(result));
            free_result(result);
        }
        l = alloc_lookup(FALSE, 0xcc);
        ret = start_lookup(l, L"search", NULL, NS_DNS, &hints, FALSE);
        ok(ret == WSA_IO_PENDING, "search async: got %d\n", ret);
        if (ret == WSA_IO_PENDING)
        {
            ok(wait_delivery(l, DELIVERY_WAIT), "search async: routine not called\n");
            ok(!l->error, "search async: error %lu\n", l->error);
            ok(has_addr(l->result_seen, "192.0.2.6"), "search async: got %s\n", list_to_str(l->result_seen));
            free_result(l->result);
        }
    }
    winetest_pop_context();
}

/* case 41 */
static void test_error_mapping(void)
{
    ADDRINFOEXW hints, *result;
    struct lookup *l;
    INT ret;

    if (!need_zone("case 41")) return;
    winetest_push_context("case 41");

    ret = sync_lookup(L"nonexistent.ws2getdns.test", NULL, NS_DNS, NULL, &result);
    ok(ret == WSAHOST_NOT_FOUND, "NXDOMAIN: got %d\n", ret);
    ok(WSAGetLastError() == WSAHOST_NOT_FOUND, "NXDOMAIN: last error %d\n", WSAGetLastError());
    ok(!result, "NXDOMAIN: result %p\n", result);

    /* NODATA: "the requested name is valid, but no data of the requested type was found" is
     * WSANO_DATA's text; whether Windows reports it rather than WSAHOST_NOT_FOUND: unverified */
    ret = sync_lookup(L"nodata.ws2getdns.test", NULL, NS_DNS, NULL, &result);
    ok(ret == WSANO_DATA || broken(ret == WSAHOST_NOT_FOUND), "NODATA: got %d\n", ret);
    ok(!result, "NODATA: result %p\n", result);
    if (!ret) free_result(result);

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;
    ret = sync_lookup(L"aaaa.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(ret == WSANO_DATA || broken(ret == WSAHOST_NOT_FOUND), "AF_INET on an IPv6-only name: got %d\n", ret);
    if (!ret) free_result(result);

    ret = sync_lookup(fault_name("nxdomain"), NULL, NS_DNS, NULL, &result);
    ok(ret == WSAHOST_NOT_FOUND, "fault NXDOMAIN: got %d\n", ret);
    if (!ret) free_result(result);

    ret = sync_lookup(fault_name("nodata"), NULL, NS_DNS, NULL, &result);
    ok(ret == WSANO_DATA || broken(ret == WSAHOST_NOT_FOUND), "fault NODATA: got %d\n", ret);
    if (!ret) free_result(result);

    /* SERVFAIL is a temporary failure (EAI_AGAIN); whether Windows says WSANO_RECOVERY: unverified */
    ret = sync_lookup(fault_name("servfail"), NULL, NS_DNS, NULL, &result);
    ok(ret == WSATRY_AGAIN || broken(ret == WSANO_RECOVERY), "SERVFAIL: got %d\n", ret);
    ok(!result, "SERVFAIL: result %p\n", result);
    if (!ret) free_result(result);

    l = alloc_lookup(FALSE, 0xcc);
    ret = start_lookup(l, L"nodata.ws2getdns.test", NULL, NS_DNS, NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "NODATA async: got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "NODATA async: routine not called\n");
        ok(l->error == WSANO_DATA || broken(l->error == WSAHOST_NOT_FOUND), "NODATA async: error %lu\n", l->error);
        ok(l->internal_seen == l->error, "NODATA async: Internal %#Ix, error %lu\n", l->internal_seen, l->error);
        ok(!l->result_seen, "NODATA async: result %p\n", l->result_seen);
    }
    winetest_pop_context();
}

/* cases 42 and 46 */
static void test_families(void)
{
    ADDRINFOEXW hints, *result;
    INT ret;

    if (!need_zone("case 42, case 46")) return;
    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;

    winetest_push_context("case 46");
    ret = sync_lookup(L"dual.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AF_UNSPEC: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 2 && has_addr(result, "192.0.2.2") && has_addr(result, "2001:db8:0:0:0:0:0:2"),
           "AF_UNSPEC: got %s\n", list_to_str(result));
        free_result(result);
    }
    hints.ai_family = AF_INET;
    ret = sync_lookup(L"dual.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AF_INET: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 1 && has_addr(result, "192.0.2.2"), "AF_INET: got %s\n", list_to_str(result));
        free_result(result);
    }
    hints.ai_family = AF_INET6;
    ret = sync_lookup(L"dual.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AF_INET6: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 1 && has_addr(result, "2001:db8:0:0:0:0:0:2"), "AF_INET6: got %s\n",
           list_to_str(result));
        free_result(result);
    }
    winetest_pop_context();

    winetest_push_context("case 42");
    hints.ai_family = AF_INET6;
    hints.ai_flags = AI_V4MAPPED;
    ret = sync_lookup(L"v4only.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AI_V4MAPPED on v4only: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 1 && result->ai_family == AF_INET6
           && has_addr(result, "0:0:0:0:0:ffff:c000:205"), "AI_V4MAPPED on v4only: got %s\n", list_to_str(result));
        free_result(result);
    }
    ret = sync_lookup(L"dual.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AI_V4MAPPED on dual: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 1 && has_addr(result, "2001:db8:0:0:0:0:0:2"),
           "AI_V4MAPPED on dual: got %s\n", list_to_str(result));
        free_result(result);
    }
    hints.ai_flags = AI_V4MAPPED | AI_ALL;
    ret = sync_lookup(L"dual.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AI_V4MAPPED|AI_ALL on dual: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 2 && has_addr(result, "2001:db8:0:0:0:0:0:2")
           && has_addr(result, "0:0:0:0:0:ffff:c000:202"), "AI_V4MAPPED|AI_ALL on dual: got %s\n", list_to_str(result));
        free_result(result);
    }
    hints.ai_flags = 0;
    ret = sync_lookup(L"v4only.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(ret == WSANO_DATA || broken(ret == WSAHOST_NOT_FOUND), "AF_INET6 on v4only: got %d\n", ret);
    if (!ret) free_result(result);
    winetest_pop_context();
}

static int count_distinct(const ADDRINFOEXW *list)
{
    const ADDRINFOEXW *a, *b;
    int n = 0;

    for (a = list; a; a = next_node(a))
    {
        for (b = list; b != a; b = next_node(b))
            if (a->ai_addrlen == b->ai_addrlen && !memcmp(a->ai_addr, b->ai_addr, a->ai_addrlen)) break;
        if (b == a) n++;
    }
    return n;
}

/* case 43 */
static void test_many_big(void)
{
    ADDRINFOEXW hints, *result;
    struct lookup *l;
    INT ret;

    if (!need_zone("case 43")) return;
    winetest_push_context("case 43");
    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;

    ret = sync_lookup(L"many.ws2getdns.test", NULL, NS_DNS, &hints, &result);
    ok(!ret, "many: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, 0) == 40, "many: %d nodes\n", count_nodes(result, 0));
        ok(count_nodes(result, AF_INET) == 20 && count_nodes(result, AF_INET6) == 20, "many: %d v4, %d v6\n",
           count_nodes(result, AF_INET), count_nodes(result, AF_INET6));
        ok(count_distinct(result) == 40, "many: %d distinct\n", count_distinct(result));
        ok(has_addr(result, "192.0.2.100") && has_addr(result, "192.0.2.119")
           && has_addr(result, "2001:db8:0:0:0:0:0:100") && has_addr(result, "2001:db8:0:0:0:0:0:113"),
           "many: range ends missing in %s\n", list_to_str(result));
        ok(!bad_nodes(result), "many: %d malformed nodes\n", bad_nodes(result));
        free_result(result);
    }

    l = alloc_lookup(FALSE, 0xcc);
    ret = start_lookup(l, L"big.ws2getdns.test", NULL, NS_DNS, &hints, FALSE);
    ok(ret == WSA_IO_PENDING, "big: got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, DELIVERY_WAIT), "big: routine not called\n");
        ok(!l->error, "big: error %lu\n", l->error);
        if (!l->error && l->result && l->result != SENTINEL_PTR)
        {
            result = l->result;
            ok(count_nodes(result, 0) == 400, "big: %d nodes\n", count_nodes(result, 0));
            ok(count_nodes(result, AF_INET) == 200 && count_nodes(result, AF_INET6) == 200, "big: %d v4, %d v6\n",
               count_nodes(result, AF_INET), count_nodes(result, AF_INET6));
            ok(count_distinct(result) == 400, "big: %d distinct\n", count_distinct(result));
            ok(has_addr(result, "10.1.0.1") && has_addr(result, "10.1.0.200")
               && has_addr(result, "2001:db8:1:0:0:0:0:1") && has_addr(result, "2001:db8:1:0:0:0:0:c8"),
               "big: range ends missing in %s\n", list_to_str(result));
            ok(!bad_nodes(result), "big: %d malformed nodes\n", bad_nodes(result));
            free_result(result);
        }
    }
    winetest_pop_context();
}

/* case 44 */
static void test_set_addr_info(void)
{
    struct timeval timeout = {1, 0};
    INT ret;

    winetest_push_context("case 44");
    ok(pSetAddrInfoExW != NULL, "SetAddrInfoExW is not exported\n");
    ok(pSetAddrInfoExA != NULL, "SetAddrInfoExA is not exported\n");
    /* Only NS_EMAIL supports registration; the exact code for NS_DNS is not documented. */
    if (pSetAddrInfoExW)
    {
        WSASetLastError(0xdeadbeef);
        ret = pSetAddrInfoExW(L"set.ws2getdns.test", NULL, NULL, 0, NULL, 0, NS_DNS, NULL, NULL, NULL, NULL, NULL);
        ok(ret != 0, "SetAddrInfoExW: got %d\n", ret);
        trace("SetAddrInfoExW(NS_DNS): %d, last error %d\n", ret, WSAGetLastError());
        ret = pSetAddrInfoExW(L"set.ws2getdns.test", NULL, NULL, 0, NULL, 0, NS_DNS, NULL, &timeout, NULL, NULL, NULL);
        ok(ret != 0, "SetAddrInfoExW with a timeout: got %d\n", ret);
        trace("SetAddrInfoExW(timeout): %d\n", ret);
    }
    if (pSetAddrInfoExA)
    {
        WSASetLastError(0xdeadbeef);
        ret = pSetAddrInfoExA("set.ws2getdns.test", NULL, NULL, 0, NULL, 0, NS_DNS, NULL, NULL, NULL, NULL, NULL);
        ok(ret != 0, "SetAddrInfoExA: got %d\n", ret);
        trace("SetAddrInfoExA(NS_DNS): %d, last error %d\n", ret, WSAGetLastError());
    }
    winetest_pop_context();
}

/* issue 10: differences from Windows that the parity run against stock Wine found */
static void test_parity_rows(void)
{
    static const WCHAR *empty_service_names[] = { NULL, L"", L"localhost" };
    static const WCHAR *bracketed[] = { L"[beef::cafe]", L"[beef::cafe]:10239" };
    ADDRINFOEXW hints, *result, *ai;
    unsigned int i;
    int bad;
    INT ret;

    winetest_push_context("parity");

    /* service "" is port 0, like "0" (Wine's test_GetAddrInfoW and test_getaddrinfo) */
    for (i = 0; i < ARRAY_SIZE(empty_service_names); i++)
    {
        ret = sync_lookup(empty_service_names[i], L"", NS_DNS, NULL, &result);
        ok(!ret, "%s, service \"\": got %d\n", wine_dbgstr_w(empty_service_names[i]), ret);
        if (ret) continue;
        for (ai = result, bad = 0; ai; ai = next_node(ai)) if (addr_port(ai->ai_addr)) bad++;
        ok(result && !bad, "%s, service \"\": got %s\n", wine_dbgstr_w(empty_service_names[i]),
           list_to_str(result));
        free_result(result);
    }

    /* "[v6]" and "[v6]:port": one IPv6 node, the port in the name not used (test_getaddrinfo) */
    for (i = 0; i < ARRAY_SIZE(bracketed); i++)
    {
        ret = sync_lookup(bracketed[i], NULL, NS_DNS, NULL, &result);
        ok(!ret, "%s: got %d\n", wine_dbgstr_w(bracketed[i]), ret);
        if (!ret)
        {
            ok(count_nodes(result, 0) == 1 && result->ai_family == AF_INET6
               && has_addr(result, "beef:0:0:0:0:0:0:cafe") && !addr_port(result->ai_addr),
               "%s: got %s\n", wine_dbgstr_w(bracketed[i]), list_to_str(result));
            free_result(result);
        }
        memset(&hints, 0, sizeof(hints));
        hints.ai_flags = AI_NUMERICHOST;
        ret = sync_lookup(bracketed[i], NULL, NS_DNS, &hints, &result);
        ok(!ret, "%s, AI_NUMERICHOST: got %d\n", wine_dbgstr_w(bracketed[i]), ret);
        if (!ret)
        {
            ok(count_nodes(result, 0) == 1 && result->ai_family == AF_INET6
               && has_addr(result, "beef:0:0:0:0:0:0:cafe"), "%s, AI_NUMERICHOST: got %s\n",
               wine_dbgstr_w(bracketed[i]), list_to_str(result));
            free_result(result);
        }
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_family = AF_INET6;
    ret = sync_lookup(L"[beef::cafe]", NULL, NS_DNS, &hints, &result);
    ok(!ret, "[beef::cafe], AF_INET6: got %d\n", ret);
    if (!ret) free_result(result);
    hints.ai_family = AF_INET;
    ret = sync_lookup(L"[beef::cafe]", NULL, NS_DNS, &hints, &result);
    ok(ret == WSAHOST_NOT_FOUND, "[beef::cafe], AF_INET: got %d\n", ret);
    if (!ret) free_result(result);
    hints.ai_family = AF_UNSPEC;
    ret = sync_lookup(L"[beef::cafe", NULL, NS_DNS, &hints, &result);
    ok(ret == WSAHOST_NOT_FOUND, "[beef::cafe: got %d\n", ret);
    if (!ret) free_result(result);
    ret = sync_lookup(L"beef::cafe]", NULL, NS_DNS, &hints, &result);
    ok(ret == WSAHOST_NOT_FOUND, "beef::cafe]: got %d\n", ret);
    if (!ret) free_result(result);

    /* result nodes do not echo the hint flags (test_getaddrinfo: AI_ALL | AI_DNS_ONLY) */
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_ALL | AI_DNS_ONLY;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    ret = sync_lookup(zone_ok ? L"a.ws2getdns.test" : L"localhost", NULL, NS_DNS, &hints, &result);
    ok(!ret, "AI_ALL | AI_DNS_ONLY: got %d\n", ret);
    if (!ret)
    {
        for (ai = result, bad = 0; ai; ai = next_node(ai))
            if (ai->ai_flags || ai->ai_socktype != SOCK_STREAM || ai->ai_protocol != IPPROTO_TCP || ai->ai_canonname)
                bad++;
        ok(!bad, "AI_ALL | AI_DNS_ONLY: %d nodes with flags, socktype, protocol or name: first flags %#x\n",
           bad, result->ai_flags);
        free_result(result);
    }
    winetest_pop_context();
}

/* Windows 11's versioned results (cases 47 to 51): hints of ADDRINFOEX6 size whatever the
 * version, so that an implementation reading a member of a later version reads zeros. */
static INT versioned_lookup(const WCHAR *name, int flags, int version, ADDRINFOEX6 *hints, ADDRINFOEXW **result)
{
    memset(hints, 0, sizeof(*hints));
    hints->ai_flags = AI_EXTENDED | flags;
    hints->ai_version = version;
    return sync_lookup(name, NULL, NS_DNS, (ADDRINFOEXW *)hints, result);
}

/* The node's members of its version, or NULL when it is not a node of at least that version
 * (reading past a shorter node would read past its allocation). */
static const ADDRINFOEX6 *node_of_version(const ADDRINFOEXW *ai, int version)
{
    const ADDRINFOEX6 *node = (const ADDRINFOEX6 *)ai;

    if (!(ai->ai_flags & AI_EXTENDED) || ((const ADDRINFOEX2W *)ai)->ai_version < version) return NULL;
    return node;
}

static const ADDRINFOEX6 *find_node(const ADDRINFOEXW *ai, const char *addr, int version)
{
    for (; ai; ai = next_node(ai))
        if (!strcmp(addr_to_str(ai->ai_addr), addr)) return node_of_version(ai, version);
    return NULL;
}

/* The TTL of each address: at most what the zone says (a cache counts it down), and not
 * much less (the sandbox's server answers from the zone itself). */
static void check_ttl(const WCHAR *name, const char *addr, unsigned int zone_ttl)
{
    ADDRINFOEX6 hints;
    ADDRINFOEXW *result;
    const ADDRINFOEX6 *node;
    INT ret;

    ret = versioned_lookup(name, AI_RETURN_TTL, ADDRINFOEX_VERSION_5, &hints, &result);
    ok(!ret, "%s: got %d\n", debugstr_w(name), ret);
    if (ret) return;
    node = find_node(result, addr, ADDRINFOEX_VERSION_5);
    ok(node != NULL, "%s: no version 5 node for %s in %s\n", debugstr_w(name), addr, list_to_str(result));
    if (node)
        ok(node->ai_ttl <= zone_ttl && node->ai_ttl + 5 >= zone_ttl, "%s %s: ai_ttl %u, zone %u\n",
           debugstr_w(name), addr, node->ai_ttl, zone_ttl);
    free_result(result);
}

/* One ADDRINFO_DNS_SERVER of the given type for an IPv4 address (port 0: the docs ask for
 * everything but the address to be zero), and version 6 hints naming `count` of them. */
static void custom_hints(ADDRINFOEX6 *hints, ADDRINFO_DNS_SERVER *server, struct sockaddr_in *addr,
                         unsigned int type, const char *ip, int flags, unsigned int count)
{
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = inet_addr(ip);
    memset(server, 0, sizeof(*server));
    server->ai_servertype = type;
    server->ai_addrlen = sizeof(*addr);
    server->ai_addr = (struct sockaddr *)addr;
    memset(hints, 0, sizeof(*hints));
    hints->ai_flags = AI_EXTENDED | flags;
    hints->ai_version = ADDRINFOEX_VERSION_6;
    hints->ai_numservers = count;
    hints->ai_servers = server;
}

/* ws2getdns takes up to 8 custom servers per lookup */
#define MAX_CUSTOM_SERVERS 8

/* case 50: malformed server lists, and DNS-over-HTTPS servers */
static void test_custom_server_checks(void)
{
    ADDRINFO_DNS_SERVER servers[MAX_CUSTOM_SERVERS + 1], saved;
    struct sockaddr_in addr;
    struct sockaddr_in6 addr6;
    ADDRINFOEX6 hints;
    ADDRINFOEXW *result;
    unsigned int i;
    INT ret;

    winetest_push_context("case 50");
    /* Malformed lists.  WSAEINVAL is ours (the pages say what is required, not what a
     * violation returns); Windows may fail otherwise, or answer the number without asking
     * anyone: broken(), verify on Windows.  Nothing is written to the server list. */
    custom_hints(&hints, &servers[0], &addr, AI_DNS_SERVER_TYPE_UDP, "127.0.0.9", AI_EXCLUSIVE_CUSTOM_SERVERS, 1);
    hints.ai_servers = NULL;
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
    ok(ret == WSAEINVAL || broken(ret != WSAEINVAL), "servers NULL: got %d\n", ret);
    ok(ret || result != SENTINEL_PTR, "servers NULL: result %p\n", result);
    if (ret) ok(result == NULL, "servers NULL: result %p\n", result);
    else free_result(result);

    custom_hints(&hints, &servers[0], &addr, AI_DNS_SERVER_TYPE_UDP, "127.0.0.9", 0, 0);
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
    ok(ret == WSAEINVAL || broken(!ret), "no servers, ai_servers set: got %d\n", ret);
    if (!ret) free_result(result);

    custom_hints(&hints, &servers[0], &addr, AI_DNS_SERVER_TYPE_UDP, "127.0.0.9", AI_EXCLUSIVE_CUSTOM_SERVERS, 1);
    addr.sin_family = AF_UNSPEC;
    saved = servers[0];
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
    ok(ret == WSAEINVAL || broken(ret != WSAEINVAL), "family AF_UNSPEC: got %d\n", ret);
    if (!ret) free_result(result);
    ok(!memcmp(&saved, &servers[0], sizeof(saved)) && addr.sin_family == AF_UNSPEC, "server changed\n");

    custom_hints(&hints, &servers[0], &addr, AI_DNS_SERVER_TYPE_UDP, "127.0.0.9", AI_EXCLUSIVE_CUSTOM_SERVERS, 1);
    servers[0].ai_addrlen = sizeof(addr) - 1;
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
    ok(ret == WSAEINVAL || broken(ret != WSAEINVAL), "short sockaddr: got %d\n", ret);
    if (!ret) free_result(result);

    memset(&addr6, 0, sizeof(addr6));
    addr6.sin6_family = AF_INET6;
    addr6.sin6_addr.s6_addr[15] = 1;
    custom_hints(&hints, &servers[0], &addr, AI_DNS_SERVER_TYPE_UDP, "127.0.0.9", AI_EXCLUSIVE_CUSTOM_SERVERS, 1);
    servers[0].ai_addr = (struct sockaddr *)&addr6;   /* an IPv6 address with the IPv4 length */
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
    ok(ret == WSAEINVAL || broken(ret != WSAEINVAL), "IPv6 with the IPv4 length: got %d\n", ret);
    if (!ret) free_result(result);

    custom_hints(&hints, &servers[0], &addr, 3, "127.0.0.9", AI_EXCLUSIVE_CUSTOM_SERVERS, 1);
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
    ok(ret == WSAEINVAL || broken(ret != WSAEINVAL), "server type 3: got %d\n", ret);
    if (!ret) free_result(result);

    custom_hints(&hints, &servers[0], &addr, AI_DNS_SERVER_TYPE_UDP, "127.0.0.9", AI_EXCLUSIVE_CUSTOM_SERVERS, 1);
    servers[0].ai_template = (WCHAR *)L"https://127.0.0.9/dns-query";
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
    ok(ret == WSAEINVAL || broken(ret != WSAEINVAL), "UDP server with a template: got %d\n", ret);
    if (!ret) free_result(result);

    /* more than we take */
    for (i = 0; i < ARRAY_SIZE(servers); i++) servers[i] = servers[0];
    for (i = 0; i < ARRAY_SIZE(servers); i++) servers[i].ai_template = NULL;
    hints.ai_numservers = ARRAY_SIZE(servers);
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
    ok(ret == WSAEINVAL || broken(!ret), "%u servers: got %d\n", hints.ai_numservers, ret);
    if (!ret) free_result(result);

    /* DNS over HTTPS: we cannot speak it, so the lookup is refused rather than sent in plain
     * text (WSAEOPNOTSUPP is ours).  Windows 11 asks the server, which nobody runs here. */
    for (i = 0; i < 2; i++)
    {
        custom_hints(&hints, &servers[0], &addr, AI_DNS_SERVER_TYPE_DOH, "127.0.0.9",
                     AI_EXCLUSIVE_CUSTOM_SERVERS, 1);
        servers[0].ai_template = (WCHAR *)L"https://127.0.0.9/dns-query";
        if (i) servers[0].ai_flags = AI_DNS_SERVER_UDP_FALLBACK;
        ret = sync_lookup(L"a.ws2getdns.test", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
        ok(ret == WSAEOPNOTSUPP || broken(ret && ret != WSAEOPNOTSUPP), "DoH%s: got %d\n",
           i ? " with UDP fallback" : "", ret);
        ok(result == NULL, "DoH: result %p\n", result);
        if (!ret && result != SENTINEL_PTR) free_result(result);
    }
    custom_hints(&hints, &servers[0], &addr, AI_DNS_SERVER_TYPE_DOH, "127.0.0.9", AI_EXCLUSIVE_CUSTOM_SERVERS, 1);
    ret = sync_lookup(L"a.ws2getdns.test", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
    ok(ret == WSAEINVAL || broken(ret != WSAEINVAL), "DoH without a template: got %d\n", ret);
    if (!ret && result != SENTINEL_PTR) free_result(result);
    winetest_pop_context();
}

/* case 51: lookups through custom UDP servers */
static void test_custom_servers(void)
{
    ADDRINFO_DNS_SERVER server;
    struct sockaddr_in addr;
    ADDRINFOEX6 hints;
    ADDRINFOEXW *result;
    struct lookup *l;
    INT ret;

    winetest_push_context("case 51");
    /* nobody listens on 127.0.0.9: exclusive, the lookup fails (within the caller's 2 s) */
    custom_hints(&hints, &server, &addr, AI_DNS_SERVER_TYPE_UDP, "127.0.0.9", AI_EXCLUSIVE_CUSTOM_SERVERS, 1);
    l = alloc_lookup(TRUE, 0xcc);
    l->timeout.tv_sec = 2;
    ret = start_lookup(l, L"a.ws2getdns.test", NULL, NS_DNS, (ADDRINFOEXW *)&hints, TRUE);
    ok(ret == WSA_IO_PENDING || broken(ret && ret != WSA_IO_PENDING), "silent server: got %d\n", ret);
    if (ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, 5000), "silent server: not completed within 5 s\n");
        if (delivered(l))
        {
            ok(l->ov.Internal != 0, "silent server: Internal %#Ix\n", l->ov.Internal);
            ok(!l->result, "silent server: result %p\n", l->result);
            trace("silent custom server: %Iu\n", l->ov.Internal);
        }
    }
    /* numbers need no server at all */
    ret = sync_lookup(L"192.0.2.77", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
    ok(!ret, "number: got %d\n", ret);
    if (!ret)
    {
        ok(count_nodes(result, AF_INET) == 1, "number: got %s\n", list_to_str(result));
        free_result(result);
    }

    /* In the sandbox the system's server (unbound, 127.0.0.1) has the test zone and the fault
     * responder on 127.0.0.2 refuses it: asked alone, the responder answers fault.test and
     * cannot resolve the zone's names; as a fallback, the system's server answers first. */
    if (need_zone("case 51"))
    {
        custom_hints(&hints, &server, &addr, AI_DNS_SERVER_TYPE_UDP, "127.0.0.2", AI_EXCLUSIVE_CUSTOM_SERVERS, 1);
        ret = sync_lookup(fault_name("ok"), NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
        ok(!ret, "custom server: got %d\n", ret);
        if (!ret)
        {
            ok(has_addr(result, "198.51.100.1"), "custom server: got %s\n", list_to_str(result));
            free_result(result);
        }
        ret = sync_lookup(L"a.ws2getdns.test", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
        ok(ret != 0, "zone name through the responder alone: got %d, %s\n", ret,
           ret ? "" : list_to_str(result));
        ok(ret || result != SENTINEL_PTR, "result %p\n", result);
        if (!ret) free_result(result);

        hints.ai_flags &= ~AI_EXCLUSIVE_CUSTOM_SERVERS;
        ret = sync_lookup(L"a.ws2getdns.test", NULL, NS_DNS, (ADDRINFOEXW *)&hints, &result);
        ok(!ret, "zone name with the responder as a fallback: got %d\n", ret);
        if (!ret)
        {
            ok(has_addr(result, "192.0.2.1"), "fallback: got %s\n", list_to_str(result));
            free_result(result);
        }
    }
    winetest_pop_context();
}

/* cases 47 to 51 */
static void test_versioned_results(void)
{
    static const int unknown_versions[] = { 0, 1, 7 + 93 };
    ADDRINFOEX6 hints;
    ADDRINFOEXW *result, *ai;
    const ADDRINFOEX6 *node;
    struct lookup *l;
    int version, bad;
    unsigned int i;
    INT ret;

    winetest_push_context("case 47");
    /* Before Windows 11 GetAddrInfoExW fails for ai_version 3 and later: the structures do
     * not exist there.  Detected by that behaviour, not by a version number. */
    ret = versioned_lookup(L"localhost", 0, ADDRINFOEX_VERSION_3, &hints, &result);
    if (ret)
    {
        win_skip("ADDRINFOEX3 hints fail with %d: GetAddrInfoExW from before Windows 11\n", ret);
        winetest_pop_context();
        return;
    }
    free_result(result);

    for (version = ADDRINFOEX_VERSION_2; version <= ADDRINFOEX_VERSION_6; version++)
    {
        winetest_push_context("version %d", version);
        ret = versioned_lookup(L"localhost", 0, version, &hints, &result);
        ok(!ret, "got %d\n", ret);
        if (!ret)
        {
            ok(!bad_nodes(result) && count_nodes(result, 0), "got %s\n", list_to_str(result));
            for (ai = result, bad = 0; ai; ai = next_node(ai))
            {
                if (!(ai->ai_flags & AI_EXTENDED) || ((ADDRINFOEX2W *)ai)->ai_version != version) bad++;
                else if (((ADDRINFOEX2W *)ai)->ai_fqdn) bad++;   /* no AI_FQDN asked */
                else if (version >= ADDRINFOEX_VERSION_4 && ((ADDRINFOEX4 *)ai)->ai_resolutionhandle) bad++;
                else if (version >= ADDRINFOEX_VERSION_6 && (((ADDRINFOEX6 *)ai)->ai_numservers
                                                             || ((ADDRINFOEX6 *)ai)->ai_servers)) bad++;
            }
            ok(!bad, "%d nodes not of version %d (AI_EXTENDED, ai_version, no fqdn, handle or servers); "
               "first: flags %#x\n", bad, version, result->ai_flags);
            free_result(result);
        }
        winetest_pop_context();
    }

    /* A version this Windows does not know.  The code is ours (the error for a bad
     * ai_flags value); any error is what a caller can rely on.  Verify on Windows. */
    for (i = 0; i < ARRAY_SIZE(unknown_versions); i++)
    {
        ret = versioned_lookup(L"localhost", 0, unknown_versions[i], &hints, &result);
        ok(ret == WSAEINVAL || broken(ret && ret != WSA_IO_PENDING), "ai_version %d: got %d\n",
           unknown_versions[i], ret);
        ok(result == NULL || (ret == 0 && result != SENTINEL_PTR), "ai_version %d: result %p\n",
           unknown_versions[i], result);
        if (!ret) free_result(result);
    }

    /* the asynchronous path builds the same nodes */
    l = alloc_lookup(TRUE, 0);
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_EXTENDED | AI_FQDN | AI_CANONNAME;
    hints.ai_version = ADDRINFOEX_VERSION_5;
    ret = start_lookup(l, zone_ok ? L"a.ws2getdns.test" : L"localhost", NULL, NS_DNS, (ADDRINFOEXW *)&hints, FALSE);
    ok(ret == WSA_IO_PENDING || !ret, "async: got %d\n", ret);
    if (ret == WSA_IO_PENDING) ok(wait_delivery(l, DELIVERY_WAIT), "async: no delivery\n");
    if ((ret == WSA_IO_PENDING && delivered(l) && !delivered_error(l)) || !ret)
    {
        node = node_of_version(l->result, ADDRINFOEX_VERSION_5);
        ok(node && node->ai_version == ADDRINFOEX_VERSION_5, "async: flags %#x\n", l->result->ai_flags);
        if (node && zone_ok)
            ok(node->ai_fqdn && !lstrcmpiW(node->ai_fqdn, L"a.ws2getdns.test"), "async: ai_fqdn %s\n",
               debugstr_w(node->ai_fqdn));
        else if (node) ok(node->ai_fqdn != NULL, "async: no ai_fqdn\n");
        free_result(l->result);
    }
    winetest_pop_context();

    if (!need_zone("case 48, case 49, case 50")) return;

    winetest_push_context("case 48");
    /* per node, the smallest TTL along the CNAME chain */
    check_ttl(L"ttl.ws2getdns.test", "192.0.2.3", 1234);
    check_ttl(L"ttltarget.ws2getdns.test", "192.0.2.7", 600);
    check_ttl(L"ttltarget.ws2getdns.test", "2001:db8:0:0:0:0:0:7", 900);
    check_ttl(L"ttlchain.ws2getdns.test", "192.0.2.7", 60);
    check_ttl(L"ttlchain.ws2getdns.test", "2001:db8:0:0:0:0:0:7", 60);
    check_ttl(L"ttlchain2.ws2getdns.test", "192.0.2.8", 120);
    /* ours: no TTL without the flag, and none for what does not come from DNS */
    ret = versioned_lookup(L"ttl.ws2getdns.test", 0, ADDRINFOEX_VERSION_5, &hints, &result);
    ok(!ret, "without AI_RETURN_TTL: got %d\n", ret);
    if (!ret)
    {
        node = node_of_version(result, ADDRINFOEX_VERSION_5);
        ok(node && !node->ai_ttl, "without AI_RETURN_TTL: ai_ttl %u\n", node ? node->ai_ttl : 0xdead);
        free_result(result);
    }
    ret = versioned_lookup(L"192.0.2.77", AI_RETURN_TTL, ADDRINFOEX_VERSION_6, &hints, &result);
    ok(!ret, "numeric: got %d\n", ret);
    if (!ret)
    {
        node = node_of_version(result, ADDRINFOEX_VERSION_5);
        ok(node && !node->ai_ttl, "numeric: ai_ttl %u\n", node ? node->ai_ttl : 0xdead);
        free_result(result);
    }
    winetest_pop_context();

    winetest_push_context("case 49");
    ret = versioned_lookup(L"hostsonly.ws2getdns.test", AI_RETURN_RESPONSE_FLAGS | AI_RETURN_TTL,
                           ADDRINFOEX_VERSION_6, &hints, &result);
    ok(!ret, "hosts file: got %d\n", ret);
    if (!ret)
    {
        node = find_node(result, "192.0.2.200", ADDRINFOEX_VERSION_6);
        ok(node && node->ai_responseflags == AI_DNS_RESPONSE_HOSTFILE && !node->ai_ttl,
           "hosts file: ai_responseflags %#I64x, ai_ttl %u\n", node ? node->ai_responseflags : 0xdead,
           node ? node->ai_ttl : 0xdead);
        free_result(result);
    }
    ret = versioned_lookup(L"dual.ws2getdns.test", AI_RETURN_RESPONSE_FLAGS, ADDRINFOEX_VERSION_6, &hints, &result);
    ok(!ret, "DNS: got %d\n", ret);
    if (!ret)
    {
        /* over plain DNS: neither from the hosts file nor secure */
        for (ai = result, bad = 0; ai; ai = next_node(ai))
            if (!(node = node_of_version(ai, ADDRINFOEX_VERSION_6)) || node->ai_responseflags) bad++;
        ok(!bad && count_nodes(result, 0) == 2, "DNS: %d nodes with response flags in %s\n", bad,
           list_to_str(result));
        free_result(result);
    }
    winetest_pop_context();

    test_custom_server_checks();
    test_custom_servers();
}

START_TEST(addrinfoex)
{
    WSADATA data;

    init_function_pointers();
    if (!pGetAddrInfoExW || !pGetAddrInfoExOverlappedResult || !pFreeAddrInfoExW)
    {
        ok(0, "GetAddrInfoExW %p, GetAddrInfoExOverlappedResult %p, FreeAddrInfoExW %p: missing exports\n",
           pGetAddrInfoExW, pGetAddrInfoExOverlappedResult, pFreeAddrInfoExW);
        return;
    }

    /* must come before WSAStartup */
    test_not_initialised();

    if (WSAStartup(MAKEWORD(2, 2), &data))
    {
        ok(0, "WSAStartup failed: %d\n", WSAGetLastError());
        return;
    }
    probe_zone();

    test_sync();
    test_async_event();
    test_async_hints();
    test_null_name_overlapped();
    test_event_and_routine();
    test_routine();
    test_routine_nxdomain();
    test_cancel_pending();
    test_cancel_invalid();
    test_cancel_during_routine();
    test_timeout();
    test_ansi();
    test_hint_validation();
    test_canonname_fqdn();
    test_numerichost_overlapped();
    test_overlapped_poll();
    test_namespaces();
    test_idn();
    test_free_null();
    test_dotnet_pattern();
    test_webrtc_pattern();
    test_compio_pattern();
    test_sample_pattern();
    test_cancel_race();
    test_cancel_inside_routine();
    test_blocking_routine();
    test_sync_inside_routine();
    test_services();
    test_numeric();
    test_local_names();
    test_error_mapping();
    test_families();
    test_many_big();
    test_set_addr_info();
    test_parity_rows();
    test_versioned_results();

    /* No WSACleanup: lookups that an implementation failed to cancel may still be running,
     * and Windows does not wait for them either (curl #13509). */
}
