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

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <psapi.h>

#include "wine/test.h"
#include "stress_util.h"

INT (WSAAPI *pGetAddrInfoExW)(const WCHAR *name, const WCHAR *service, DWORD name_space,
        GUID *provider, const ADDRINFOEXW *hints, ADDRINFOEXW **result, struct timeval *timeout,
        OVERLAPPED *overlapped, lookup_completion_routine routine, HANDLE *handle);
INT (WSAAPI *pGetAddrInfoExCancel)(HANDLE *handle);
INT (WSAAPI *pGetAddrInfoExOverlappedResult)(OVERLAPPED *overlapped);
void (WSAAPI *pFreeAddrInfoExW)(ADDRINFOEXW *info);

static LONG name_counter;

void init_gai_functions(void)
{
    HMODULE ws2 = LoadLibraryA("ws2_32.dll");

    pGetAddrInfoExW = (void *)GetProcAddress(ws2, "GetAddrInfoExW");
    pGetAddrInfoExCancel = (void *)GetProcAddress(ws2, "GetAddrInfoExCancel");
    pGetAddrInfoExOverlappedResult = (void *)GetProcAddress(ws2, "GetAddrInfoExOverlappedResult");
    pFreeAddrInfoExW = (void *)GetProcAddress(ws2, "FreeAddrInfoExW");
}

BOOL soak_mode(void)
{
    const char *value = getenv("WS2GETDNS_SOAK");
    return value && atoi(value) > 0;
}

double now_ms(void)
{
    static LARGE_INTEGER freq;
    LARGE_INTEGER now;

    if (!freq.QuadPart) QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&now);
    return now.QuadPart * 1000.0 / freq.QuadPart;
}

const WCHAR *to_wide(const char *str)
{
    /* leaked: a lookup may outlive the test that named it */
    int len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    WCHAR *ret = HeapAlloc(GetProcessHeap(), 0, len * sizeof(WCHAR));
    MultiByteToWideChar(CP_ACP, 0, str, -1, ret, len);
    return ret;
}

/* A name never asked before in this sandbox (the responder counts dropfirst
 * per name, and caches in between must not answer).  Leaked. */
char *fault_name_a(const char *behaviour)
{
    char *buf = HeapAlloc(GetProcessHeap(), 0, 160);

    sprintf(buf, "s%lx-%lx-%ld.%s.fault.test", GetCurrentProcessId(), GetTickCount(),
            InterlockedIncrement(&name_counter), behaviour);
    return buf;
}

const WCHAR *fault_name(const char *behaviour)
{
    return to_wide(fault_name_a(behaviour));
}

/* Wine shows the Unix root as Z:; on Windows the file simply is not there. */
void read_resolv_conf(struct resolv_info *info)
{
    char line[512];
    FILE *f;

    memset(info, 0, sizeof(*info));
    info->timeout_s = 5;   /* the resolv.conf(5) defaults, which ws2getdns follows */
    info->attempts = 2;
    if (!(f = fopen("Z:\\etc\\resolv.conf", "r"))) return;
    info->found = TRUE;
    while (fgets(line, sizeof(line), f))
    {
        char *p = line, *opt;

        while (*p == ' ' || *p == '\t') p++;
        if (!strncmp(p, "nameserver", 10))
        {
            p += 10;
            while (*p == ' ' || *p == '\t') p++;
            if (!info->servers && !strncmp(p, "127.0.0.2", 9) && (p[9] <= ' ')) info->direct = TRUE;
            info->servers++;
        }
        else if (!strncmp(p, "options", 7))
        {
            for (opt = strtok(p + 7, " \t\r\n"); opt; opt = strtok(NULL, " \t\r\n"))
            {
                if (!strncmp(opt, "timeout:", 8)) info->timeout_s = atoi(opt + 8);
                else if (!strncmp(opt, "attempts:", 9)) info->attempts = atoi(opt + 9);
            }
        }
    }
    fclose(f);
    /* the clamps of resolv.conf(5) */
    if (info->timeout_s < 1) info->timeout_s = 1;
    if (info->timeout_s > 30) info->timeout_s = 30;
    if (info->attempts < 1) info->attempts = 1;
    if (info->attempts > 5) info->attempts = 5;
    if (!info->servers) info->servers = 1;
}

/* mingw-w64 declares ai_next with a misspelt struct tag; one cast here keeps the rest clean */
ADDRINFOEXW *next_node(const ADDRINFOEXW *ai)
{
    return (ADDRINFOEXW *)ai->ai_next;
}

const char *addr_to_str(const struct sockaddr *sa)
{
    if (!sa) return "(null)";
    if (sa->sa_family == AF_INET)
    {
        const BYTE *b = (const BYTE *)&((const struct sockaddr_in *)sa)->sin_addr;
        return wine_dbg_sprintf("%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    }
    if (sa->sa_family == AF_INET6)
    {
        const BYTE *b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
        return wine_dbg_sprintf("%x:%x:%x:%x:%x:%x:%x:%x", b[0] << 8 | b[1], b[2] << 8 | b[3],
                b[4] << 8 | b[5], b[6] << 8 | b[7], b[8] << 8 | b[9], b[10] << 8 | b[11],
                b[12] << 8 | b[13], b[14] << 8 | b[15]);
    }
    return wine_dbg_sprintf("(family %u)", sa->sa_family);
}

int count_nodes(const ADDRINFOEXW *ai, int family)
{
    int n = 0;
    for (; ai; ai = next_node(ai)) if (!family || ai->ai_family == family) n++;
    return n;
}

/* Checks the length and family of every node; returns how many are wrong. */
int bad_nodes(const ADDRINFOEXW *ai)
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

int count_distinct(const ADDRINFOEXW *list)
{
    const ADDRINFOEXW *a, *b;
    int n = 0;

    for (a = list; a; a = next_node(a))
    {
        for (b = list; b != a; b = next_node(b))
            if (b->ai_addrlen == a->ai_addrlen && !memcmp(b->ai_addr, a->ai_addr, a->ai_addrlen)) break;
        if (b == a) n++;
    }
    return n;
}

BOOL has_addr(const ADDRINFOEXW *ai, const char *want)
{
    for (; ai; ai = next_node(ai)) if (!strcmp(addr_to_str(ai->ai_addr), want)) return TRUE;
    return FALSE;
}

/* Every node is one of the responder's two normal addresses, and there is one. */
BOOL only_fault_addrs(const ADDRINFOEXW *ai)
{
    if (!ai || ai == SENTINEL_PTR) return FALSE;
    for (; ai; ai = next_node(ai))
    {
        const char *s = addr_to_str(ai->ai_addr);
        if (strcmp(s, FAULT_ADDR4) && strcmp(s, FAULT_ADDR6)) return FALSE;
    }
    return TRUE;
}

const char *list_to_str(const ADDRINFOEXW *ai)
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

void free_result(ADDRINFOEXW *result)
{
    if (result && result != SENTINEL_PTR) pFreeAddrInfoExW(result);
}

struct lookup *alloc_lookup(BOOL with_event)
{
    struct lookup *l = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*l));

    memset(l->guard0, GUARD_BYTE, sizeof(l->guard0));
    memset(l->guard1, GUARD_BYTE, sizeof(l->guard1));
    memset(l->guard2, GUARD_BYTE, sizeof(l->guard2));
    memset(&l->ov, 0xcc, sizeof(l->ov));
    l->ov.hEvent = l->event = with_event ? CreateEventW(NULL, TRUE, FALSE, NULL) : NULL;
    l->done = CreateEventW(NULL, TRUE, FALSE, NULL);
    l->result = SENTINEL_PTR;
    l->handle = SENTINEL_HANDLE;
    l->start_ret = l->cancel_ret = 0xdeadbeef;
    return l;
}

BOOL guards_intact(const struct lookup *l)
{
    int i;
    for (i = 0; i < GUARD_SIZE; i++)
        if (l->guard0[i] != GUARD_BYTE || l->guard1[i] != GUARD_BYTE || l->guard2[i] != GUARD_BYTE)
            return FALSE;
    return TRUE;
}

void CALLBACK lookup_routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    struct lookup *l = CONTAINING_RECORD(ov, struct lookup, ov);

    if (InterlockedIncrement(&l->calls) == 1)
    {
        l->done_ms = now_ms();
        l->error = error;
        l->bytes = bytes;
        l->internal_seen = ov->Internal;
        l->pointer_seen = ov->Pointer;
        l->result_seen = l->result;
    }
    if (l->sleep_ms) Sleep(l->sleep_ms);
    SetEvent(l->done);
}

INT start_lookup(struct lookup *l, const WCHAR *name, const ADDRINFOEXW *hints, BOOL use_timeout)
{
    l->start_ms = now_ms();
    l->start_ret = pGetAddrInfoExW(name, NULL, NS_DNS, NULL, hints, &l->result,
                                   use_timeout ? &l->timeout : NULL, &l->ov,
                                   l->event ? NULL : lookup_routine, &l->handle);
    return l->start_ret;
}

BOOL wait_delivery(struct lookup *l, DWORD ms)
{
    BOOL ret = !WaitForSingleObject(l->event ? l->event : l->done, ms);
    if (ret && l->event && !l->done_ms) l->done_ms = now_ms();
    return ret;
}

DWORD delivered_error(struct lookup *l)
{
    return l->event ? (DWORD)l->ov.Internal : l->error;
}

static DWORD WINAPI sync_call_thread(void *arg)
{
    struct sync_call *call = arg;

    call->start_ms = now_ms();
    WSASetLastError(0xdeadbeef);
    call->ret = pGetAddrInfoExW(call->name, NULL, call->name_space, NULL, call->use_hints ? &call->hints : NULL,
                                &call->result, call->use_timeout ? &call->timeout : NULL, NULL, NULL, NULL);
    call->last_error = WSAGetLastError();
    call->end_ms = now_ms();
    return 0;
}

/* family -1: no hints at all */
struct sync_call *start_sync_call(const WCHAR *name, int family, int flags, DWORD timeout_ms)
{
    struct sync_call *call = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*call));

    call->name = name;
    call->name_space = NS_DNS;
    if (family >= 0)
    {
        call->use_hints = TRUE;
        call->hints.ai_family = family;
        call->hints.ai_flags = flags;
    }
    if (timeout_ms)
    {
        call->use_timeout = TRUE;
        call->timeout.tv_sec = timeout_ms / 1000;
        call->timeout.tv_usec = (timeout_ms % 1000) * 1000;
    }
    call->result = SENTINEL_PTR;
    call->ret = 0xdeadbeef;
    call->thread = CreateThread(NULL, 0, sync_call_thread, call, 0, NULL);
    return call;
}

BOOL wait_sync_call(struct sync_call *call, DWORD ms)
{
    return call->thread && !WaitForSingleObject(call->thread, ms);
}

BOOL memory_usage(SIZE_T *private_bytes, SIZE_T *working_set)
{
    static BOOL (WINAPI *pK32GetProcessMemoryInfo)(HANDLE, PROCESS_MEMORY_COUNTERS *, DWORD);
    PROCESS_MEMORY_COUNTERS_EX counters;

    if (!pK32GetProcessMemoryInfo)
        pK32GetProcessMemoryInfo = (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"),
                                                          "K32GetProcessMemoryInfo");
    if (!pK32GetProcessMemoryInfo) return FALSE;
    memset(&counters, 0, sizeof(counters));
    counters.cb = sizeof(counters);
    if (!pK32GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&counters, sizeof(counters)))
        return FALSE;
    *private_bytes = counters.PrivateUsage ? counters.PrivateUsage : counters.PagefileUsage;
    *working_set = counters.WorkingSetSize;
    return TRUE;
}

/* Runs this executable again as "exe TEST ARGS"; the child inherits our
 * console, so its output lands in our log. */
HANDLE start_child(const char *test, const char *args)
{
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    char **argv, *cmdline;

    winetest_get_mainargs(&argv);
    cmdline = HeapAlloc(GetProcessHeap(), 0, strlen(argv[0]) + strlen(test) + strlen(args) + 16);
    sprintf(cmdline, "\"%s\" %s %s", argv[0], test, args);
    if (!CreateProcessA(NULL, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) return NULL;
    CloseHandle(pi.hThread);
    return pi.hProcess;
}

/* A synchronous lookup with ADDRINFOEX6 hints and AI_RETURN_RESPONSE_FLAGS: the
 * first node's IPv4 address as text, its response flags (all ones without a
 * version 6 node), the error. */
int lookup_v6_flags(const WCHAR *name, int family, char *addr, size_t size, ULONG64 *flags)
{
    ADDRINFOEX6 hints;
    ADDRINFOEXW *result = NULL;
    const ADDRINFOEX6 *node;
    int ret;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = family;
    hints.ai_flags = AI_EXTENDED | AI_RETURN_RESPONSE_FLAGS;
    hints.ai_version = ADDRINFOEX_VERSION_6;
    addr[0] = 0;
    *flags = ~(ULONG64)0;
    ret = GetAddrInfoExW(name, NULL, NS_DNS, NULL, (const ADDRINFOEXW *)&hints, &result, NULL, NULL, NULL, NULL);
    if (ret) return ret;
    node = (const ADDRINFOEX6 *)result;
    if ((result->ai_flags & AI_EXTENDED) && node->ai_version >= ADDRINFOEX_VERSION_6)
        *flags = node->ai_responseflags;
    if (result->ai_family == AF_INET)
    {
        const BYTE *b = (const BYTE *)&((const struct sockaddr_in *)result->ai_addr)->sin_addr;
        snprintf(addr, size, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    }
    FreeAddrInfoExW(result);
    return 0;
}

const char *legacy_call_name(enum legacy_call call)
{
    static const char *const names[] = { "getaddrinfo", "GetAddrInfoW", "gethostbyname", "WSAAsyncGetHostByName" };
    return names[call];
}

static void ipv4_to_str(const void *in, char *addr, size_t size)
{
    const BYTE *b = in;
    snprintf(addr, size, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

static BOOL in_buffer(const void *ptr, size_t len, const char *buffer, size_t size)
{
    return (const char *)ptr >= buffer && (const char *)ptr + len <= buffer + size;
}

/* Every pointer of a hostent packed into buffer stays inside it. */
static BOOL hostent_inside(const struct hostent *he, const char *buffer, size_t size)
{
    int i;

    if (!in_buffer(he->h_name, strlen(he->h_name) + 1, buffer, size)) return FALSE;
    if (!in_buffer(he->h_aliases, sizeof(char *), buffer, size)) return FALSE;
    for (i = 0; he->h_aliases[i]; i++)
        if (!in_buffer(he->h_aliases[i], strlen(he->h_aliases[i]) + 1, buffer, size)
            || !in_buffer(&he->h_aliases[i + 1], sizeof(char *), buffer, size)) return FALSE;
    if (!in_buffer(he->h_addr_list, sizeof(char *), buffer, size)) return FALSE;
    for (i = 0; he->h_addr_list[i]; i++)
        if (!in_buffer(he->h_addr_list[i], he->h_length, buffer, size)
            || !in_buffer(&he->h_addr_list[i + 1], sizeof(char *), buffer, size)) return FALSE;
    return TRUE;
}

#define ASYNC_MSG (WM_USER + 0x53)

/* The message of task to hwnd, awaited (a ceiling of two minutes only
 * stops a hang: -1); its error, and in *reported its buflen. */
static int async_wait(HWND hwnd, HANDLE task, const char *label, int *reported)
{
    double deadline = now_ms() + 120000;
    MSG msg;

    *reported = -1;
    while (now_ms() < deadline)
    {
        if (!PeekMessageA(&msg, hwnd, ASYNC_MSG, ASYNC_MSG, PM_REMOVE))
        {
            MsgWaitForMultipleObjects(0, NULL, FALSE, 1000, QS_ALLINPUT);
            continue;
        }
        ok((HANDLE)msg.wParam == task, "%s: message for task %p, want %p\n", label, (HANDLE)msg.wParam, task);
        *reported = WSAGETASYNCBUFLEN(msg.lParam);
        return WSAGETASYNCERROR(msg.lParam);
    }
    return -1;
}

/* WSAAsyncGetHostByName into a buffer of buflen bytes, its message awaited;
 * *reported: the buflen the message reports. */
static int async_gethostbyname(const char *name, char *addr, size_t size, int buflen, int *reported)
{
    char *buffer = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, buflen);
    HWND hwnd = CreateWindowExA(0, "static", NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    int ret = -1;
    HANDLE task;

    *reported = -1;
    ok(hwnd != NULL, "CreateWindowEx failed, error %lu\n", GetLastError());
    task = WSAAsyncGetHostByName(hwnd, ASYNC_MSG, name, buffer, buflen);
    if (!task)
    {
        ret = WSAGetLastError();
        ok(ret != 0, "%s: no task and no error\n", name);
    }
    else if (!(ret = async_wait(hwnd, task, name, reported)))
    {
        const struct hostent *he = (const struct hostent *)buffer;

        ok(hostent_inside(he, buffer, buflen), "%s: the hostent points outside the buffer\n", name);
        ok(*reported > (int)sizeof(struct hostent) && *reported <= buflen,
           "%s: reported length %d, buffer %d\n", name, *reported, buflen);
        ok(he->h_addrtype == AF_INET && he->h_length == 4 && he->h_addr_list[0],
           "%s: type %d, length %d\n", name, he->h_addrtype, he->h_length);
        if (he->h_addr_list[0]) ipv4_to_str(he->h_addr_list[0], addr, size);
    }
    if (hwnd) DestroyWindow(hwnd);
    HeapFree(GetProcessHeap(), 0, buffer);
    return ret;
}

/* WSAAsyncGetHostByAddr of a numeric address, its message awaited: the
 * error, and the name in name (the hostent checked as gethostbyaddr's). */
int async_name_of(const char *address, char *name, size_t size)
{
    char *buffer = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, MAXGETHOSTSTRUCT);
    HWND hwnd = CreateWindowExA(0, "static", NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    int ret = -1, reported, family = AF_INET, len = 4;
    BYTE addr[16];
    HANDLE task;

    name[0] = 0;
    if (inet_pton(AF_INET, address, addr) != 1)
    {
        family = AF_INET6;
        len = 16;
        ok(inet_pton(AF_INET6, address, addr) == 1, "not a number: %s\n", address);
    }
    ok(hwnd != NULL, "CreateWindowEx failed, error %lu\n", GetLastError());
    task = WSAAsyncGetHostByAddr(hwnd, ASYNC_MSG, (const char *)addr, len, family, buffer, MAXGETHOSTSTRUCT);
    if (!task)
    {
        ret = WSAGetLastError();
        ok(ret != 0, "%s: no task and no error\n", address);
    }
    else if (!(ret = async_wait(hwnd, task, address, &reported)))
    {
        const struct hostent *he = (const struct hostent *)buffer;

        ok(hostent_inside(he, buffer, MAXGETHOSTSTRUCT), "%s: the hostent points outside the buffer\n", address);
        ok(reported > (int)sizeof(struct hostent) && reported <= MAXGETHOSTSTRUCT,
           "%s: reported length %d\n", address, reported);
        ok(hostent_is(he, he->h_name, address), "%s: not the hostent of that address alone\n", address);
        snprintf(name, size, "%s", he->h_name ? he->h_name : "");
    }
    if (hwnd) DestroyWindow(hwnd);
    HeapFree(GetProcessHeap(), 0, buffer);
    return ret;
}

int legacy_lookup(enum legacy_call call, const char *name, char *addr, size_t size)
{
    ADDRINFOA hints, *result = NULL;
    ADDRINFOW hintsW, *resultW = NULL;
    const struct hostent *he;
    int ret, reported;

    addr[0] = 0;
    WSASetLastError(0xdead);
    switch (call)
    {
    case LEGACY_GETADDRINFO:
        memset(&hints, 0, sizeof(hints));
        hints.ai_family = AF_INET;
        ret = getaddrinfo(name, NULL, &hints, &result);
        ok(WSAGetLastError() == ret, "getaddrinfo %s: returned %d, last error %d\n", name, ret, WSAGetLastError());
        if (ret) ok(!result, "getaddrinfo %s: error %d with a list\n", name, ret);
        else
        {
            ok(result && result->ai_family == AF_INET && result->ai_addrlen == sizeof(struct sockaddr_in),
               "getaddrinfo %s: family %d\n", name, result ? result->ai_family : -1);
            if (result) ipv4_to_str(&((struct sockaddr_in *)result->ai_addr)->sin_addr, addr, size);
        }
        freeaddrinfo(result);
        return ret;
    case LEGACY_GETADDRINFOW:
        memset(&hintsW, 0, sizeof(hintsW));
        hintsW.ai_family = AF_INET;
        ret = GetAddrInfoW(to_wide(name), NULL, &hintsW, &resultW);
        if (ret) ok(!resultW, "GetAddrInfoW %s: error %d with a list\n", name, ret);
        else
        {
            ok(resultW && resultW->ai_family == AF_INET, "GetAddrInfoW %s: family %d\n", name,
               resultW ? resultW->ai_family : -1);
            if (resultW) ipv4_to_str(&((struct sockaddr_in *)resultW->ai_addr)->sin_addr, addr, size);
        }
        FreeAddrInfoW(resultW);
        return ret;
    case LEGACY_GETHOSTBYNAME:
        if (!(he = gethostbyname(name)))
        {
            ret = WSAGetLastError();
            ok(ret != 0, "gethostbyname %s: NULL, last error 0\n", name);
            return ret;
        }
        ok(he->h_addrtype == AF_INET && he->h_length == 4 && he->h_addr_list[0] && he->h_name && he->h_aliases,
           "gethostbyname %s: type %d, length %d\n", name, he->h_addrtype, he->h_length);
        if (he->h_addr_list[0]) ipv4_to_str(he->h_addr_list[0], addr, size);
        return 0;
    case LEGACY_ASYNC_GETHOSTBYNAME:
        return async_gethostbyname(name, addr, size, MAXGETHOSTSTRUCT, &reported);
    case LEGACY_CALLS:
        break;
    }
    return -1;
}

/* WSAAsyncGetHostByName into a buffer that holds the hostent alone: its
 * error, and the length the message says would do. */
int legacy_async_short(const char *name, int *reported)
{
    char addr[64];

    return async_gethostbyname(name, addr, sizeof(addr), sizeof(struct hostent), reported);
}

/* A numeric IPv4 or IPv6 address and a port as a sockaddr; its length. */
int make_sockaddr(const char *address, USHORT port, SOCKADDR_STORAGE *ss)
{
    struct sockaddr_in *sin = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

    memset(ss, 0, sizeof(*ss));
    if (inet_pton(AF_INET, address, &sin->sin_addr) == 1)
    {
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        return sizeof(*sin);
    }
    if (inet_pton(AF_INET6, address, &sin6->sin6_addr) == 1)
    {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        return sizeof(*sin6);
    }
    return 0;
}

/* getnameinfo of an address (port 80), host name only: the error, the
 * name in host ("" on failure) */
int name_of(const char *address, int flags, char *host, DWORD host_len)
{
    SOCKADDR_STORAGE ss;
    int len = make_sockaddr(address, 80, &ss), ret;

    if (host_len) host[0] = 0;
    ret = getnameinfo((const SOCKADDR *)&ss, len, host, host_len, NULL, 0, flags);
    if (ret && host_len) host[0] = 0;
    return ret;
}

/* gethostbyaddr of a numeric address; NULL (and the last error) on failure */
struct hostent *host_of(const char *address)
{
    BYTE addr[16];

    if (inet_pton(AF_INET, address, addr) == 1) return gethostbyaddr((const char *)addr, 4, AF_INET);
    if (inet_pton(AF_INET6, address, addr) == 1) return gethostbyaddr((const char *)addr, 16, AF_INET6);
    return NULL;
}

/* whether a hostent is the name alone of one address, as gethostbyaddr
 * gives it */
BOOL hostent_is(const struct hostent *host, const char *name, const char *address)
{
    BYTE addr[16];
    int family = inet_pton(AF_INET, address, addr) == 1 ? AF_INET : AF_INET6, len = family == AF_INET ? 4 : 16;

    if (family == AF_INET6 && inet_pton(AF_INET6, address, addr) != 1) return FALSE;
    return host && host->h_name && !strcmp(host->h_name, name) && host->h_addrtype == family
           && host->h_length == len && host->h_aliases && host->h_addr_list && host->h_addr_list[0]
           && !memcmp(host->h_addr_list[0], addr, len) && !host->h_addr_list[1];
}

/* the same through GetNameInfoW, the name converted to ASCII */
int name_of_w(const char *address, int flags, char *host, DWORD host_len)
{
    SOCKADDR_STORAGE ss;
    WCHAR hostW[NI_MAXHOST];
    int len = make_sockaddr(address, 80, &ss), ret;

    host[0] = 0;
    ret = GetNameInfoW((const SOCKADDR *)&ss, len, hostW, ARRAY_SIZE(hostW), NULL, 0, flags);
    if (!ret) WideCharToMultiByte(CP_ACP, 0, hostW, -1, host, host_len, NULL, NULL);
    return ret;
}
