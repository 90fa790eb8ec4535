/*
 * Races and faults driven through the hook points of ws2getdns' test build
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
 * The test build of ws2getdns.dll (tests/hooks/) calls the program's
 * exported ws2getdns_test_hook() at named points (dlls/ws2getdns/test_hooks.h).
 * Holding a thread there while another acts makes an interleaving happen
 * every time instead of once in a million runs; failing a step there makes
 * a fault happen that nothing outside can cause.  Every case below crashed
 * or hung the code before its fix.  With any other ws2_32 (Windows, stock
 * Wine, the shipped ws2getdns) the hook is never called and the suite
 * skips, unless WS2GETDNS_EXPECT_HOOKS says the test build must be there.
 * Names are under fault.test (tests/dns/resolv-fault.conf).
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
#include "../test_hooks.h"

#define POINTS 8

static struct
{
    HANDLE reached, go;
    volatile LONG armed;        /* hold the next thread that gets here */
    volatile LONG fail;         /* make the step fail while set */
} points[POINTS];
static volatile LONG hook_calls;
static volatile LONG protect_overlapped;   /* at INTERNAL_WRITTEN, make the OVERLAPPED inaccessible */

__declspec(dllexport) int __cdecl ws2getdns_test_hook(int point, void *arg)
{
    InterlockedIncrement(&hook_calls);
    if (point <= 0 || point >= POINTS) return 0;
    if (InterlockedCompareExchange(&points[point].armed, 0, 1) == 1)
    {
        SetEvent(points[point].reached);
        WaitForSingleObject(points[point].go, 10000);
    }
    if (point == TEST_POINT_INTERNAL_WRITTEN && InterlockedCompareExchange(&protect_overlapped, 0, 1) == 1)
    {
        DWORD old;

        /* a caller polling GetAddrInfoExOverlappedResult frees its
         * OVERLAPPED as soon as Internal changes */
        VirtualProtect(arg, sizeof(OVERLAPPED), PAGE_NOACCESS, &old);
    }
    return points[point].fail != 0;
}

static void arm(int point)
{
    ResetEvent(points[point].reached);
    ResetEvent(points[point].go);
    InterlockedExchange(&points[point].armed, 1);
}

static DWORD WINAPI start_thread(void *arg)
{
    struct lookup *l = arg;

    start_lookup(l, fault_name("ok"), NULL, FALSE);
    return 0;
}

static BOOL hooks_live(void)
{
    struct lookup *l = alloc_lookup(TRUE);

    start_lookup(l, fault_name("ok"), NULL, FALSE);
    if (l->start_ret == WSA_IO_PENDING) wait_delivery(l, 5000);
    if (hook_calls) return TRUE;
    if (getenv("WS2GETDNS_EXPECT_HOOKS"))
        ok(0, "the hooks of ws2getdns' test build were never called\n");
    else
        win_skip("not ws2getdns' test build: no hook points\n");
    return FALSE;
}

/* A request must not be found before it is set up: the final WSACleanup
 * while another thread is between taking a slot and filling it in used to
 * deliver that request with no OVERLAPPED (a NULL dereference). */
static void test_cleanup_during_setup(void)
{
    struct lookup *l = alloc_lookup(TRUE);
    HANDLE thread;
    WSADATA data;
    double start;
    int ret;

    arm(TEST_POINT_REQUEST_ALLOCATED);
    thread = CreateThread(NULL, 0, start_thread, l, 0, NULL);
    ok(!WaitForSingleObject(points[TEST_POINT_REQUEST_ALLOCATED].reached, 5000), "the lookup never got a slot\n");
    start = now_ms();
    ret = WSACleanup();
    ok(!ret, "WSACleanup failed: %d\n", WSAGetLastError());
    ok(now_ms() - start < 5000.0, "WSACleanup took %.0f ms\n", now_ms() - start);
    SetEvent(points[TEST_POINT_REQUEST_ALLOCATED].go);
    ok(!WaitForSingleObject(thread, 5000), "GetAddrInfoExW did not return\n");
    CloseHandle(thread);
    ok(l->start_ret == WSA_IO_PENDING, "GetAddrInfoExW returned %d\n", l->start_ret);
    if (l->start_ret == WSA_IO_PENDING)
    {
        ok(wait_delivery(l, 5000), "the lookup never completed\n");
        ok(delivered_error(l) == 0, "the lookup ended with %lu\n", delivered_error(l));
        ok(only_fault_addrs(l->result) && count_nodes(l->result, AF_UNSPEC) > 0, "wrong result %s\n",
           list_to_str(l->result));
        free_result(l->result);
    }
    WSAStartup(MAKEWORD(2, 2), &data);
}

/* A cancel of the published handle while its submission fails: the cancel
 * delivers, and the failed submission must not release the slot a second
 * time (the free list then pointed at itself and two lookups shared a
 * slot). */
static void test_cancel_during_failed_submit(void)
{
    struct lookup *l = alloc_lookup(TRUE), *a, *b;
    HANDLE thread, handle;
    int ret;

    arm(TEST_POINT_BEFORE_SUBMIT);
    InterlockedExchange(&points[TEST_POINT_BEFORE_SUBMIT].fail, 1);
    thread = CreateThread(NULL, 0, start_thread, l, 0, NULL);
    ok(!WaitForSingleObject(points[TEST_POINT_BEFORE_SUBMIT].reached, 5000), "the lookup never got to its submission\n");
    handle = l->handle;
    ok(handle != SENTINEL_HANDLE, "no handle published before the submission\n");
    ret = pGetAddrInfoExCancel(&handle);
    ok(!ret, "GetAddrInfoExCancel returned %d\n", ret);
    ok(!WaitForSingleObject(l->event, 0), "the cancel did not set the event\n");
    SetEvent(points[TEST_POINT_BEFORE_SUBMIT].go);
    ok(!WaitForSingleObject(thread, 5000), "GetAddrInfoExW did not return\n");
    CloseHandle(thread);
    InterlockedExchange(&points[TEST_POINT_BEFORE_SUBMIT].fail, 0);
    ok(l->start_ret == WSA_IO_PENDING, "GetAddrInfoExW returned %d: the cancel's delivery stands\n", l->start_ret);
    ok(delivered_error(l) == WSA_E_CANCELLED, "delivered %lu\n", delivered_error(l));
    ok(l->result == NULL, "result %p\n", l->result);

    /* the table is intact: two lookups get two slots and both complete */
    a = alloc_lookup(TRUE);
    b = alloc_lookup(TRUE);
    start_lookup(a, fault_name("ok"), NULL, FALSE);
    start_lookup(b, fault_name("ok"), NULL, FALSE);
    ok(a->start_ret == WSA_IO_PENDING && b->start_ret == WSA_IO_PENDING, "returned %d, %d\n", a->start_ret,
       b->start_ret);
    ok(a->handle != b->handle, "two pending lookups share the handle %p\n", a->handle);
    ok(wait_delivery(a, 5000) && wait_delivery(b, 5000), "the lookups did not both complete\n");
    ok(delivered_error(a) == 0 && delivered_error(b) == 0, "delivered %lu, %lu\n", delivered_error(a),
       delivered_error(b));
    if (!delivered_error(a)) free_result(a->result);
    if (!delivered_error(b)) free_result(b->result);
}

/* Once Internal is written the OVERLAPPED may be gone: the event handle
 * must have been read before.  The hook makes the OVERLAPPED's page
 * inaccessible at that very moment. */
static void test_overlapped_gone_after_internal(void)
{
    OVERLAPPED *ov = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL), handle;
    ADDRINFOEXW *result = SENTINEL_PTR;
    DWORD old;
    int ret;

    memset(ov, 0, sizeof(*ov));
    ov->hEvent = event;
    InterlockedExchange(&protect_overlapped, 1);
    ret = pGetAddrInfoExW(fault_name("ok"), NULL, NS_DNS, NULL, NULL, &result, NULL, ov, NULL, &handle);
    ok(ret == WSA_IO_PENDING, "GetAddrInfoExW returned %d\n", ret);
    ok(!WaitForSingleObject(event, 5000), "the event was not set\n");
    ok(!protect_overlapped, "the hook did not run\n");
    VirtualProtect(ov, sizeof(*ov), PAGE_READWRITE, &old);
    ok(old == PAGE_NOACCESS, "protection was %#lx\n", old);
    ok(ov->Internal == 0, "Internal %#Ix\n", ov->Internal);
    ok(result != SENTINEL_PTR && result != NULL, "no result\n");
    if (result != SENTINEL_PTR) free_result(result);
    VirtualFree(ov, 0, MEM_RELEASE);
    CloseHandle(event);
}

struct routine_state
{
    OVERLAPPED ov;
    ADDRINFOEXW *result;
    HANDLE started, done;
    INT sync_ret;
    DWORD error;
};

/* a routine that resolves synchronously: on the completion thread it
 * would wait for itself */
static void CALLBACK resolving_routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    struct routine_state *state = CONTAINING_RECORD(ov, struct routine_state, ov);
    ADDRINFOEXW *result = NULL;

    state->error = error;
    SetEvent(state->started);
    state->sync_ret = pGetAddrInfoExW(fault_name("ok"), NULL, NS_DNS, NULL, NULL, &result, NULL, NULL, NULL, NULL);
    if (!state->sync_ret) pFreeAddrInfoExW(result);
    SetEvent(state->done);
}

/* No thread can be started for a completion routine: it waits, and runs
 * on a worker once one can be started, never on the completion thread. */
static void test_routine_without_worker(void)
{
    struct routine_state *state = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*state));
    struct lookup *nudge;
    HANDLE handle;
    int ret;

    state->started = CreateEventW(NULL, TRUE, FALSE, NULL);
    state->done = CreateEventW(NULL, TRUE, FALSE, NULL);
    /* idle workers leave after 20 ms */
    Sleep(300);
    InterlockedExchange(&points[TEST_POINT_WORKER_START].fail, 1);
    ret = pGetAddrInfoExW(fault_name("ok"), NULL, NS_DNS, NULL, NULL, &state->result, NULL, &state->ov,
                          resolving_routine, &handle);
    ok(ret == WSA_IO_PENDING, "GetAddrInfoExW returned %d\n", ret);
    ok(WaitForSingleObject(state->started, 500) == WAIT_TIMEOUT, "the routine ran with no worker to run it\n");
    InterlockedExchange(&points[TEST_POINT_WORKER_START].fail, 0);
    /* the completion thread tries again after each batch */
    nudge = alloc_lookup(TRUE);
    start_lookup(nudge, fault_name("ok"), NULL, FALSE);
    ok(!WaitForSingleObject(state->done, 5000), "the routine did not run to its end once a worker could start\n");
    ok(state->error == 0 && state->sync_ret == 0, "routine saw %lu, its own lookup returned %d\n", state->error,
       state->sync_ret);
    wait_delivery(nudge, 5000);
}

/* child: the completion thread cannot be created */
static void child_no_thread(void)
{
    struct sync_call *call;
    struct lookup *l;

    InterlockedExchange(&points[TEST_POINT_THREAD_START].fail, 1);
    call = start_sync_call(fault_name("ok"), AF_UNSPEC, 0, 0);
    ok(wait_sync_call(call, 5000), "a synchronous lookup hangs without a completion thread\n");
    ok(call->ret == WSA_NOT_ENOUGH_MEMORY, "synchronous lookup returned %d\n", call->ret);
    l = alloc_lookup(TRUE);
    start_lookup(l, fault_name("ok"), NULL, FALSE);
    ok(l->start_ret == WSA_NOT_ENOUGH_MEMORY, "asynchronous lookup returned %d\n", l->start_ret);
}

/* child: the completion thread ends while lookups wait, one of them
 * synchronous */
static void child_thread_dies(void)
{
    struct lookup *slow = alloc_lookup(TRUE), *quick = alloc_lookup(TRUE), *later = alloc_lookup(TRUE);
    struct sync_call *call;
    double start;

    start_lookup(slow, fault_name("delay-20000"), NULL, FALSE);
    ok(slow->start_ret == WSA_IO_PENDING, "returned %d\n", slow->start_ret);
    call = start_sync_call(fault_name("delay-20000"), AF_UNSPEC, 0, 0);
    Sleep(200);
    /* the next run fails: after the quick lookup's batch */
    InterlockedExchange(&points[TEST_POINT_RUN].fail, 1);
    start = now_ms();
    start_lookup(quick, fault_name("ok"), NULL, FALSE);
    ok(wait_delivery(quick, 5000), "the quick lookup never completed\n");
    ok(wait_delivery(slow, 5000), "a pending lookup was not failed when the completion thread ended\n");
    ok(delivered_error(slow) == WSANO_RECOVERY, "pending lookup ended with %lu\n", delivered_error(slow));
    ok(wait_sync_call(call, 5000), "a synchronous lookup still waits for a dead completion thread\n");
    ok(call->ret == WSANO_RECOVERY, "synchronous lookup returned %d\n", call->ret);
    trace("pending lookups failed %.0f ms after the quick one started\n", now_ms() - start);
    start_lookup(later, fault_name("ok"), NULL, FALSE);
    ok(later->start_ret == WSANO_RECOVERY, "a later lookup returned %d\n", later->start_ret);
}

static void run_child(const char *mode)
{
    HANDLE child = start_child("hooks", mode);
    DWORD code = 0xdeadbeef;

    ok(child != NULL, "CreateProcess failed: %lu\n", GetLastError());
    if (!child) return;
    ok(!WaitForSingleObject(child, 30000), "child %s still runs after 30 s\n", mode);
    if (WaitForSingleObject(child, 0))
    {
        TerminateProcess(child, 1);
        WaitForSingleObject(child, 5000);
    }
    GetExitCodeProcess(child, &code);
    ok(code == 0, "child %s exited with %#lx\n", mode, code);
    CloseHandle(child);
}

START_TEST(hooks)
{
    WSADATA data;
    char **argv;
    int argc, i;

    for (i = 0; i < POINTS; i++)
    {
        points[i].reached = CreateEventW(NULL, TRUE, FALSE, NULL);
        points[i].go = CreateEventW(NULL, TRUE, FALSE, NULL);
    }
    init_gai_functions();
    if (!pGetAddrInfoExW)
    {
        win_skip("GetAddrInfoExW is not available\n");
        return;
    }
    WSAStartup(MAKEWORD(2, 2), &data);
    argc = winetest_get_mainargs(&argv);
    if (argc >= 3)
    {
        if (!strcmp(argv[2], "no-thread")) child_no_thread();
        else if (!strcmp(argv[2], "thread-dies")) child_thread_dies();
        else ok(0, "unknown child mode %s\n", argv[2]);
        return;
    }
    if (!hooks_live()) return;
    test_cleanup_during_setup();
    test_cancel_during_failed_submit();
    test_overlapped_gone_after_internal();
    test_routine_without_worker();
    run_child("no-thread");
    run_child("thread-dies");
    WSACleanup();
}
