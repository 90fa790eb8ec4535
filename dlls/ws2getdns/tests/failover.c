/*
 * Failover between name servers (resolver scenario 4): a broken server first, a good one second
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

/* Run by `make check` twice, in sandboxes whose fault responder has extra
 * listeners that answer every question with one rcode (faultdns
 * --answer-all), and whose resolv.conf lists them first:
 *   WS2GETDNS_FAILOVER=one-broken   127.0.0.4 (SERVFAIL), 127.0.0.5 (REFUSED), then 127.0.0.2
 *   WS2GETDNS_FAILOVER=all-broken   127.0.0.4 (SERVFAIL), 127.0.0.5 (REFUSED) only
 * with `options timeout:2 attempts:2`.  A client that waits for a timeout
 * instead of moving on after SERVFAIL/REFUSED takes seconds; one that
 * moves on answers in milliseconds. */

#include <stdio.h>
#include <stdlib.h>

#include "wine/test.h"
#include "stress_util.h"

#define LOOKUPS      10
#define QUICK_MS     1500   /* below one attempt timeout (2 s) */

static void test_one_broken(void)
{
    struct sync_call *call;
    double worst = 0;
    int i;

    for (i = 0; i < LOOKUPS; i++)
    {
        winetest_push_context("lookup %d", i);
        call = start_sync_call(fault_name("ok"), AF_UNSPEC, 0, 0);
        ok(wait_sync_call(call, 20000), "lookup did not end within 20 s\n");
        ok(!call->ret, "got %d, expected 0 (an answer from the good server)\n", call->ret);
        if (!call->ret)
        {
            ok(has_addr(call->result, FAULT_ADDR4) && has_addr(call->result, FAULT_ADDR6),
               "wrong answer %s\n", list_to_str(call->result));
            free_result(call->result);
        }
        ok(call->end_ms - call->start_ms < QUICK_MS, "took %.0f ms: SERVFAIL/REFUSED were waited out, "
           "not failed over\n", call->end_ms - call->start_ms);
        if (call->end_ms - call->start_ms > worst) worst = call->end_ms - call->start_ms;
        winetest_pop_context();
    }
    trace("one broken server: %d lookups, slowest %.1f ms\n", LOOKUPS, worst);
}

static void test_all_broken(void)
{
    struct sync_call *call;
    struct lookup *l;
    int ret;

    call = start_sync_call(fault_name("ok"), AF_UNSPEC, 0, 0);
    ok(wait_sync_call(call, 20000), "lookup did not end within 20 s\n");
    ok(call->ret == WSATRY_AGAIN, "got %d, expected WSATRY_AGAIN\n", call->ret);
    ok(!call->result, "result %p on failure\n", call->result);
    trace("all servers broken: sync lookup failed after %.1f ms\n", call->end_ms - call->start_ms);

    /* asynchronously: one delivery, with the same error */
    l = alloc_lookup(FALSE);
    ret = start_lookup(l, fault_name("ok"), NULL, FALSE);
    ok(ret == WSA_IO_PENDING, "start returned %d\n", ret);
    if (ret != WSA_IO_PENDING) return;
    ok(wait_delivery(l, 20000), "no delivery within 20 s\n");
    Sleep(100);
    ok(l->calls == 1, "routine called %ld times\n", l->calls);
    ok(delivered_error(l) == WSATRY_AGAIN, "delivered %lu, expected WSATRY_AGAIN\n", delivered_error(l));
    ok(l->result_seen == NULL, "result %p on failure\n", l->result_seen);
    ok(guards_intact(l), "caller memory around the OVERLAPPED was written\n");
}

START_TEST(failover)
{
    const char *mode = getenv("WS2GETDNS_FAILOVER");
    WSADATA data;

    if (!mode)
    {
        skip("WS2GETDNS_FAILOVER is not set: run by make check with broken name servers\n");
        return;
    }
    WSAStartup(MAKEWORD(2, 2), &data);
    init_gai_functions();
    if (!strcmp(mode, "one-broken")) test_one_broken();
    else if (!strcmp(mode, "all-broken")) test_all_broken();
    else ok(0, "unknown WS2GETDNS_FAILOVER %s\n", mode);
}
