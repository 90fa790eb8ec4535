/*
 * ws2getdns: named points where a test build stops or fails on request
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

#ifndef __WS2GETDNS_TEST_HOOKS_H
#define __WS2GETDNS_TEST_HOOKS_H

/* Races between threads are tested by holding one thread at a point of the
 * code while another acts, and faults that cannot be caused from outside
 * (a thread that cannot be created) by failing a step on request.  A test
 * build of ws2getdns.dll (WS2GETDNS_TESTS, tests/hooks/) asks the program's
 * exported ws2getdns_test_hook() at each point; the DLL that is shipped has
 * no such code.  The numbers are shared with dlls/ws2getdns/tests/hooks.c. */
enum test_point
{
    TEST_POINT_REQUEST_ALLOCATED = 1,  /* request_submit_async: slot taken, nothing filled in */
    TEST_POINT_BEFORE_SUBMIT = 2,      /* handle published, not yet submitted; nonzero: the submission fails */
    TEST_POINT_INTERNAL_WRITTEN = 3,   /* deliver: Internal stored, no notification yet; arg: the OVERLAPPED */
    TEST_POINT_THREAD_START = 4,       /* engine start; nonzero: the completion thread cannot be created */
    TEST_POINT_RUN = 5,                /* completion thread, before each run; nonzero: the run fails */
    TEST_POINT_WORKER_START = 6,       /* nonzero: no thread for a completion routine can be started */
};

#ifdef WS2GETDNS_TESTS
int test_hook( enum test_point point, void *arg );
#else
static inline int test_hook( enum test_point point, void *arg )
{
    return 0;
}
#endif

#endif /* __WS2GETDNS_TEST_HOOKS_H */
