/*
 * WSACleanup and process exit with lookups pending, in child processes
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
 * The parent runs this executable again as "teardown MODE EVENTNAME" and
 * watches it.  Children signal the named event right before the call under
 * test, so the parent can time the exit from that moment.  All names are
 * under fault.test (delay names never answer in time).
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

#define PENDING_AT_EXIT 10000
#define CLEANUP_PENDING 500

static volatile LONG cleanup_returned;

struct td_req
{
    OVERLAPPED ov;
    ADDRINFOEXW *result;
    HANDLE handle;
    volatile LONG calls;
    volatile LONG late;          /* calls that began after WSACleanup returned */
    DWORD error;
    INT start_ret;
};

static void CALLBACK td_routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    struct td_req *r = CONTAINING_RECORD(ov, struct td_req, ov);

    if (cleanup_returned) InterlockedIncrement(&r->late);
    if (InterlockedIncrement(&r->calls) == 1) r->error = error;
}

static HANDLE sleeping_entered;
static DWORD sleeping_ms = 30000;

static void CALLBACK sleeping_routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    SetEvent(sleeping_entered);
    Sleep(sleeping_ms);
}

static struct td_req *start_many(int count, const char *behaviour)
{
    struct td_req *reqs = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, count * sizeof(*reqs));
    int i;

    for (i = 0; i < count; i++)
    {
        reqs[i].result = SENTINEL_PTR;
        memset(&reqs[i].ov, 0, sizeof(reqs[i].ov));
        reqs[i].start_ret = pGetAddrInfoExW(fault_name(behaviour), NULL, NS_DNS, NULL, NULL, &reqs[i].result,
                                            NULL, &reqs[i].ov, td_routine, &reqs[i].handle);
    }
    return reqs;
}

static int count_pending_starts(struct td_req *reqs, int count)
{
    int i, n = 0;
    for (i = 0; i < count; i++) if (reqs[i].start_ret == WSA_IO_PENDING) n++;
    return n;
}

static void signal_parent(const char *event_name)
{
    HANDLE event = OpenEventA(EVENT_MODIFY_STATE, FALSE, event_name);
    if (event) SetEvent(event);
}

/* child: WSACleanup with requests pending and one routine asleep */
static void child_cleanup(BOOL with_sleeper)
{
    struct td_req *reqs;
    struct lookup *sleeper = NULL;
    WSADATA data;
    double start, took;
    int i, calls = 0, late = 0, not_cancelled = 0, multi = 0;
    INT ret;

    ok(!WSAStartup(MAKEWORD(2, 2), &data), "WSAStartup failed\n");
    if (with_sleeper)
    {
        /* WSACleanup may wait for a routine that is already running (that is how it keeps
         * "nothing after I return"), as GetAddrInfoExCancel does; so the routine sleeps 2 s */
        sleeping_ms = 2000;
        sleeping_entered = CreateEventW(NULL, TRUE, FALSE, NULL);
        sleeper = alloc_lookup(FALSE);
        ret = pGetAddrInfoExW(fault_name("ok"), NULL, NS_DNS, NULL, NULL, &sleeper->result, NULL, &sleeper->ov,
                              sleeping_routine, &sleeper->handle);
        ok(ret == WSA_IO_PENDING, "got %d\n", ret);
        ok(!WaitForSingleObject(sleeping_entered, 5000), "sleeping routine not entered\n");
    }
    reqs = start_many(CLEANUP_PENDING, "delay-3000");
    ok(count_pending_starts(reqs, CLEANUP_PENDING) == CLEANUP_PENDING, "%d of %d pending\n",
       count_pending_starts(reqs, CLEANUP_PENDING), CLEANUP_PENDING);
    start = now_ms();
    ret = WSACleanup();
    InterlockedExchange(&cleanup_returned, 1);
    took = now_ms() - start;
    ok(!ret, "WSACleanup returned %d\n", ret);
    ok(took < (with_sleeper ? sleeping_ms + 2000 : 2000), "WSACleanup took %.0f ms\n", took);

    /* every answer (3 s) and every resolver deadline passes */
    Sleep(with_sleeper ? 4000 : 12000);
    for (i = 0; i < CLEANUP_PENDING; i++)
    {
        if (reqs[i].calls) calls++;
        if (reqs[i].calls > 1) multi++;
        if (reqs[i].late) late++;
        if (reqs[i].calls && reqs[i].error != WSA_E_CANCELLED) not_cancelled++;
    }
    ok(!late, "%d routines ran after WSACleanup returned\n", late);
    ok(!multi, "%d requests delivered more than once\n", multi);
    ok(!not_cancelled, "%d requests delivered before WSACleanup returned with a status other than "
       "WSA_E_CANCELLED\n", not_cancelled);
    trace("WSACleanup%s: %.0f ms, %d of %d delivered (as cancelled) before it returned\n",
          with_sleeper ? " with a routine asleep" : "", took, calls, CLEANUP_PENDING);
}

/* child: exit with PENDING_AT_EXIT lookups pending, by ExitProcess or by returning */
static void child_exit(const char *mode, const char *event_name)
{
    WSADATA data;
    int pending;

    WSAStartup(MAKEWORD(2, 2), &data);
    if (!strcmp(mode, "sleeper"))
    {
        struct lookup *l = alloc_lookup(FALSE);

        sleeping_entered = CreateEventW(NULL, TRUE, FALSE, NULL);
        pGetAddrInfoExW(fault_name("ok"), NULL, NS_DNS, NULL, NULL, &l->result, NULL, &l->ov,
                        sleeping_routine, &l->handle);
        if (WaitForSingleObject(sleeping_entered, 5000)) ExitProcess(97);
    }
    pending = count_pending_starts(start_many(PENDING_AT_EXIT, "delay-30000"), PENDING_AT_EXIT);
    if (pending != PENDING_AT_EXIT) ExitProcess(98);
    signal_parent(event_name);
    if (!strcmp(mode, "exitprocess") || !strcmp(mode, "sleeper")) ExitProcess(42);
    /* "return": back to the harness's main(), whose return ends the process with 0 failures */
}

static void run_exit_child(const char *mode, DWORD expect_code)
{
    char event_name[64], args[128];
    HANDLE event, child;
    DWORD code = 0xdeadbeef, ret;
    double signalled;

    winetest_push_context("%s", mode);
    sprintf(event_name, "ws2getdns_teardown_%lx_%s", GetCurrentProcessId(), mode);
    event = CreateEventA(NULL, TRUE, FALSE, event_name);
    sprintf(args, "%s %s", mode, event_name);
    child = start_child("teardown", args);
    ok(child != NULL, "CreateProcess failed: %lu\n", GetLastError());
    if (!child)
    {
        winetest_pop_context();
        return;
    }
    ret = WaitForMultipleObjects(1, &event, FALSE, 60000);
    signalled = now_ms();
    ok(!ret, "the child did not get to the exit with its lookups pending\n");
    if (!ret)
    {
        double took;

        ret = WaitForSingleObject(child, 10000);
        took = now_ms() - signalled;
        ok(!ret, "child still running 10 s after its exit call\n");
        ok(took <= 1000.0, "child exited %.0f ms after its exit call\n", took);
        trace("child exited %.0f ms after its exit call with %d lookups pending\n", took, PENDING_AT_EXIT);
    }
    if (WaitForSingleObject(child, 0))
    {
        TerminateProcess(child, 1);
        WaitForSingleObject(child, 5000);
    }
    GetExitCodeProcess(child, &code);
    ok(code == expect_code, "exit code %lu, expected %lu\n", code, expect_code);
    CloseHandle(child);
    CloseHandle(event);
    winetest_pop_context();
}

static void run_cleanup_child(const char *mode)
{
    HANDLE child = start_child("teardown", mode);

    winetest_push_context("%s", mode);
    ok(child != NULL, "CreateProcess failed: %lu\n", GetLastError());
    /* its failures become ours; a hang is a failure after 30 s */
    if (child)
    {
        wait_child_process(child);
        CloseHandle(child);
    }
    winetest_pop_context();
}

/* child: a routine calls the final WSACleanup while another routine cancels
 * the first one's lookup.  WSACleanup waits for the other routines, the
 * cancel waits for the routine of its lookup: whichever waits first, the
 * other must see the circle and not wait.  Any order deadlocked before. */
struct circle_req
{
    OVERLAPPED ov;
    ADDRINFOEXW *result;
    HANDLE handle;
    HANDLE running, done;
    struct circle_req *other;
    INT ret;
};

static void CALLBACK circle_cleanup_routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    struct circle_req *r = (struct circle_req *)ov;

    SetEvent(r->running);
    WaitForSingleObject(r->other->running, 5000);
    r->ret = WSACleanup();
    SetEvent(r->done);
}

static void CALLBACK circle_cancel_routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    struct circle_req *r = (struct circle_req *)ov;

    SetEvent(r->running);
    WaitForSingleObject(r->other->running, 5000);
    r->ret = pGetAddrInfoExCancel(&r->other->handle);
    SetEvent(r->done);
}

static void child_cleanup_circle(void)
{
    static const WCHAR *names[2] = { L"127.0.0.1", L"::1" };
    LPLOOKUPSERVICE_COMPLETION_ROUTINE routines[2] = { circle_cleanup_routine, circle_cancel_routine };
    struct circle_req r[2];
    HANDLE done[2];
    WSADATA data;
    DWORD wait;
    int i;

    ok(!WSAStartup(MAKEWORD(2, 2), &data), "WSAStartup failed\n");
    memset(r, 0, sizeof(r));
    for (i = 0; i < 2; i++)
    {
        r[i].running = CreateEventW(NULL, TRUE, FALSE, NULL);
        r[i].done = done[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
        r[i].other = &r[1 - i];
        r[i].ret = 0xdeadbeef;
    }
    for (i = 0; i < 2; i++)
    {
        INT ret = pGetAddrInfoExW(names[i], NULL, NS_DNS, NULL, NULL, &r[i].result, NULL, &r[i].ov,
                                  routines[i], &r[i].handle);
        ok(ret == WSA_IO_PENDING || !ret, "lookup %d: GetAddrInfoExW returned %d\n", i, ret);
    }
    wait = WaitForMultipleObjects(2, done, TRUE, 10000);
    ok(wait == WAIT_OBJECT_0, "WSACleanup in one routine and a cancel of its lookup in another deadlocked"
       " (wait %lu)\n", wait);
    if (wait != WAIT_OBJECT_0) return;
    ok(!r[0].ret, "WSACleanup in a routine returned %d\n", r[0].ret);
    ok(r[1].ret == WSA_INVALID_HANDLE, "cancel of a delivered lookup returned %d\n", r[1].ret);
}

/* child: a thread is killed (TerminateThread) while its synchronous lookup
 * waits for a slow answer.  ws2getdns may be running its event loop on
 * that very thread; the lookups of every other thread must still complete. */
static DWORD WINAPI slow_sync_thread(void *arg)
{
    ADDRINFOEXW *result = NULL;

    SetEvent(arg);
    pGetAddrInfoExW(fault_name("delay-3000"), NULL, NS_DNS, NULL, NULL, &result, NULL, NULL, NULL, NULL);
    return 0;
}

static void child_killed_sync(void)
{
    HANDLE started = CreateEventW(NULL, TRUE, FALSE, NULL), thread;
    struct lookup *l = alloc_lookup(TRUE), *first = alloc_lookup(TRUE);
    struct sync_call *call;
    WSADATA data;
    double start;

    WSAStartup(MAKEWORD(2, 2), &data);
    /* a first lookup starts the completion thread, which then waits idle
     * while the synchronous caller runs the loop */
    start_lookup(first, fault_name("ok"), NULL, FALSE);
    ok(wait_delivery(first, 5000) && !delivered_error(first), "the first lookup failed\n");
    Sleep(100);
    thread = CreateThread(NULL, 0, slow_sync_thread, started, 0, NULL);
    ok(!WaitForSingleObject(started, 5000), "the thread did not start\n");
    /* let its lookup be sent, then kill it in the middle of its wait */
    Sleep(300);
    ok(TerminateThread(thread, 1), "TerminateThread failed: %lu\n", GetLastError());
    WaitForSingleObject(thread, 5000);
    CloseHandle(thread);

    start = now_ms();
    start_lookup(l, fault_name("ok"), NULL, FALSE);
    ok(l->start_ret == WSA_IO_PENDING, "GetAddrInfoExW returned %d\n", l->start_ret);
    ok(wait_delivery(l, 10000), "an asynchronous lookup never completed after a thread was killed in a synchronous one\n");
    ok(delivered_error(l) == 0, "the lookup ended with %lu\n", delivered_error(l));
    call = start_sync_call(fault_name("ok"), AF_UNSPEC, 0, 0);
    ok(wait_sync_call(call, 10000), "a synchronous lookup hangs after a thread was killed in another\n");
    ok(call->ret == 0, "the synchronous lookup returned %d\n", call->ret);
    trace("lookups after the killed thread completed in %.0f ms\n", now_ms() - start);
}

START_TEST(teardown)
{
    char **argv;
    int argc;

    init_gai_functions();
    if (!pGetAddrInfoExW || !pGetAddrInfoExCancel)
    {
        ok(0, "missing GetAddrInfoEx exports\n");
        return;
    }
    argc = winetest_get_mainargs(&argv);
    if (argc >= 3)
    {
        if (!strcmp(argv[2], "cleanup")) child_cleanup(FALSE);
        else if (!strcmp(argv[2], "cleanup-sleeper")) child_cleanup(TRUE);
        else if (!strcmp(argv[2], "cleanup-circle")) child_cleanup_circle();
        else if (!strcmp(argv[2], "killed-sync")) child_killed_sync();
        else if (argc >= 4) child_exit(argv[2], argv[3]);
        else ok(0, "unknown child mode %s\n", argv[2]);
        return;
    }
    run_cleanup_child("cleanup");
    run_cleanup_child("cleanup-sleeper");
    run_cleanup_child("cleanup-circle");
    run_cleanup_child("killed-sync");
    run_exit_child("exitprocess", 42);
    run_exit_child("return", 0);
    run_exit_child("sleeper", 42);
}
