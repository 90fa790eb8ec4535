/*
 * Shared helpers of the fault, race, teardown and hostile-input tests
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

#ifndef __WS2GETDNS_STRESS_UTIL_H
#define __WS2GETDNS_STRESS_UTIL_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include "ws2getdns_compat.h"

#define SENTINEL_PTR    ((void *)0xdeadbeef)
#define SENTINEL_HANDLE ((HANDLE)0xdeadbeef)
#define GUARD_BYTE      0xa5
#define GUARD_SIZE      32

/* the fault responder's normal answer */
#define FAULT_ADDR4     "198.51.100.1"
#define FAULT_ADDR6     "2001:db8:100:0:0:0:0:1"

extern INT (WSAAPI *pGetAddrInfoExW)(const WCHAR *name, const WCHAR *service, DWORD name_space,
        GUID *provider, const ADDRINFOEXW *hints, ADDRINFOEXW **result, struct timeval *timeout,
        OVERLAPPED *overlapped, lookup_completion_routine routine, HANDLE *handle);
extern INT (WSAAPI *pGetAddrInfoExCancel)(HANDLE *handle);
extern INT (WSAAPI *pGetAddrInfoExOverlappedResult)(OVERLAPPED *overlapped);
extern void (WSAAPI *pFreeAddrInfoExW)(ADDRINFOEXW *info);

/* What /etc/resolv.conf (seen through Wine's Z: drive) says; the retry and
 * time budget of a lookup follow from it. */
struct resolv_info
{
    BOOL found;
    BOOL direct;            /* the first name server is the fault responder, 127.0.0.2 */
    int servers;
    int timeout_s;
    int attempts;
};

/* One asynchronous lookup and everything its completion may touch.  Always
 * on the heap and never freed: a late or double delivery must land in valid
 * memory.  The guards around the OVERLAPPED and the result pointer catch
 * writes outside them. */
struct lookup
{
    BYTE guard0[GUARD_SIZE];
    OVERLAPPED ov;
    BYTE guard1[GUARD_SIZE];
    ADDRINFOEXW *result;
    BYTE guard2[GUARD_SIZE];
    HANDLE handle;
    struct timeval timeout;
    HANDLE event;           /* manual reset; the OVERLAPPED's hEvent in event mode */
    HANDLE done;            /* set by the routine */
    INT start_ret;
    INT cancel_ret;
    double start_ms;

    /* written by the routine */
    volatile LONG calls;
    DWORD error;
    DWORD bytes;
    ULONG_PTR internal_seen;
    void *pointer_seen;
    ADDRINFOEXW *result_seen;
    double done_ms;
    DWORD sleep_ms;         /* how long the routine sleeps before returning */
};

extern void init_gai_functions(void);
extern BOOL soak_mode(void);
extern double now_ms(void);
extern const WCHAR *to_wide(const char *str);
extern const WCHAR *fault_name(const char *behaviour);
extern char *fault_name_a(const char *behaviour);
extern void read_resolv_conf(struct resolv_info *info);

extern ADDRINFOEXW *next_node(const ADDRINFOEXW *ai);
extern const char *addr_to_str(const struct sockaddr *sa);
extern int count_nodes(const ADDRINFOEXW *ai, int family);
extern int bad_nodes(const ADDRINFOEXW *ai);
extern int count_distinct(const ADDRINFOEXW *ai);
extern BOOL has_addr(const ADDRINFOEXW *ai, const char *want);
extern BOOL only_fault_addrs(const ADDRINFOEXW *ai);
extern const char *list_to_str(const ADDRINFOEXW *ai);
extern void free_result(ADDRINFOEXW *result);
extern int lookup_v6_flags(const WCHAR *name, int family, char *addr, size_t size, ULONG64 *flags);
extern int make_sockaddr(const char *address, USHORT port, SOCKADDR_STORAGE *ss);
extern int name_of(const char *address, int flags, char *host, DWORD host_len);
extern int name_of_w(const char *address, int flags, char *host, DWORD host_len);
extern struct hostent *host_of(const char *address);
extern BOOL hostent_is(const struct hostent *host, const char *name, const char *address);
extern int async_name_of(const char *address, char *name, size_t size);

/* the calls before GetAddrInfoEx: one IPv4 lookup each, its first address */
enum legacy_call
{
    LEGACY_GETADDRINFO,
    LEGACY_GETADDRINFOW,
    LEGACY_GETHOSTBYNAME,
    LEGACY_ASYNC_GETHOSTBYNAME,
    LEGACY_CALLS
};
extern const char *legacy_call_name(enum legacy_call call);
extern int legacy_lookup(enum legacy_call call, const char *name, char *addr, size_t size);
extern int legacy_async_short(const char *name, int *reported);

extern struct lookup *alloc_lookup(BOOL with_event);
extern BOOL guards_intact(const struct lookup *l);
extern INT start_lookup(struct lookup *l, const WCHAR *name, const ADDRINFOEXW *hints, BOOL use_timeout);
extern BOOL wait_delivery(struct lookup *l, DWORD ms);
extern DWORD delivered_error(struct lookup *l);
extern void CALLBACK lookup_routine(DWORD error, DWORD bytes, OVERLAPPED *ov);

/* A synchronous call on a thread of its own, so that a hang cannot stall
 * the test.  Heap allocated and leaked for the same reason. */
struct sync_call
{
    const WCHAR *name;
    DWORD name_space;
    ADDRINFOEXW hints;
    BOOL use_hints;
    struct timeval timeout;
    BOOL use_timeout;
    ADDRINFOEXW *result;
    INT ret;
    INT last_error;
    double start_ms, end_ms;
    HANDLE thread;
};

extern struct sync_call *start_sync_call(const WCHAR *name, int family, int flags, DWORD timeout_ms);
extern BOOL wait_sync_call(struct sync_call *call, DWORD ms);

extern BOOL memory_usage(SIZE_T *private_bytes, SIZE_T *working_set);

extern HANDLE start_child(const char *test, const char *args);

#endif
