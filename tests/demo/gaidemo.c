/*
 * gaidemo: concurrent, cancelled and timed-out GetAddrInfoExW lookups, with timings
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

/* Run by `make demo`, once with ws2getdns and once with stock Wine, inside
 * the test sandbox (the names exist only in its DNS zone).  Every wait is
 * bounded, so a lookup that never ends is reported, not waited for. */

#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

#include "ws2getdns_compat.h"

enum action { PLAIN, CANCEL, TIMEOUT };

struct lookup
{
    const WCHAR *name;
    enum action  action;
    const char  *what;
    OVERLAPPED   overlapped;
    ADDRINFOEXW *result;
    HANDLE       handle;
    int          start_ret;
    int          cancel_ret;
    DWORD        done_ms;
    BOOL         done;
};

/* static: a lookup Wine never ends may still write here after we stop waiting */
static struct lookup lookups[] =
{
    { L"a.ws2getdns.test",           PLAIN,   "A record" },
    { L"dual.ws2getdns.test",        PLAIN,   "A + AAAA" },
    { L"cname.ws2getdns.test",       PLAIN,   "CNAME chain" },
    { L"many.ws2getdns.test",        PLAIN,   "40 addresses" },
    { L"d1.delay-1000.fault.test",   PLAIN,   "server waits 1 s" },
    { L"d2.delay-1000.fault.test",   PLAIN,   "server waits 1 s" },
    { L"d3.delay-1000.fault.test",   PLAIN,   "server waits 1 s" },
    { L"nonexistent.ws2getdns.test", PLAIN,   "NXDOMAIN" },
    { L"c1.drop.fault.test",         CANCEL,  "no answer; cancel at 300 ms" },
    { L"t1.drop.fault.test",         TIMEOUT, "no answer; timeout 500 ms" },
};

#define LIMIT_MS 15000

static const char *error_name( int error )
{
    switch (error)
    {
    case 0: return "ok";
    case WSA_E_CANCELLED: return "WSA_E_CANCELLED";
    case WSAETIMEDOUT: return "WSAETIMEDOUT";
    case WSAHOST_NOT_FOUND: return "WSAHOST_NOT_FOUND";
    case WSANO_DATA: return "WSANO_DATA";
    case WSATRY_AGAIN: return "WSATRY_AGAIN";
    case WSA_INVALID_HANDLE: return "WSA_INVALID_HANDLE";
    case WSA_IO_PENDING: return "WSA_IO_PENDING";
    case WSAEINPROGRESS: return "still pending";
    default: return "other error";
    }
}

static void describe_result( const ADDRINFOEXW *result, char *buffer, size_t size )
{
    const ADDRINFOEXW *node;
    int count = 0;
    char first[64] = "";
    DWORD len;

    for (node = result; node; node = (const ADDRINFOEXW *)node->ai_next)
    {
        if (!count++)
        {
            len = sizeof(first);
            WSAAddressToStringA( node->ai_addr, node->ai_addrlen, NULL, first, &len );
        }
    }
    if (count > 1) snprintf( buffer, size, "%s (+%d more)", first, count - 1 );
    else snprintf( buffer, size, "%s", first );
}

/* Windows 11's versioned results: ADDRINFOEX5 nodes carry each address's
 * TTL (AI_RETURN_TTL); the zone gives ttltarget's A 600 s and AAAA 900 s,
 * and ttlchain is a CNAME of 60 s to it.  A resolver without them answers
 * with plain nodes (no AI_EXTENDED) or an error. */
static void show_ttls( const WCHAR *name )
{
    ADDRINFOEX6 hints;
    ADDRINFOEXW *result = NULL, *node;
    int ret;

    memset( &hints, 0, sizeof(hints) );
    hints.ai_flags = AI_EXTENDED | AI_RETURN_TTL;
    hints.ai_version = ADDRINFOEX_VERSION_5;
    ret = GetAddrInfoExW( name, NULL, NS_DNS, NULL, (ADDRINFOEXW *)&hints, &result, NULL, NULL, NULL, NULL );
    if (ret)
    {
        printf( "%-28ls %s (%d)\n", name, error_name( ret ), ret );
        return;
    }
    for (node = result; node; node = (ADDRINFOEXW *)node->ai_next)
    {
        char addr[64] = "?";
        DWORD len = sizeof(addr);

        WSAAddressToStringA( node->ai_addr, node->ai_addrlen, NULL, addr, &len );
        if ((node->ai_flags & AI_EXTENDED) && ((ADDRINFOEX2W *)node)->ai_version >= ADDRINFOEX_VERSION_5)
            printf( "%-28ls %-24s version %d, ttl %u s\n", name, addr, ((ADDRINFOEX5 *)node)->ai_version,
                    ((ADDRINFOEX5 *)node)->ai_ttl );
        else
            printf( "%-28ls %-24s a plain node: no version, no ttl\n", name, addr );
    }
    FreeAddrInfoExW( result );
}

int main(void)
{
    HANDLE events[ARRAYSIZE(lookups)];
    DWORD start, now, ret;
    BOOL cancelled = FALSE;
    unsigned int i, pending = 0;
    struct timeval timeout = { 0, 500000 };
    WSADATA data;
    HMODULE ws2getdns;

    WSAStartup( MAKEWORD(2, 2), &data );
    ws2getdns = GetModuleHandleA( "ws2getdns.dll" );
    printf( "resolver: %s\n", ws2getdns ? "ws2getdns (getdns)" : "ws2_32 as loaded (stock Wine or Windows)" );

    start = GetTickCount();
    for (i = 0; i < ARRAYSIZE(lookups); i++)
    {
        struct lookup *lookup = &lookups[i];
        ADDRINFOEXW hints;

        memset( &hints, 0, sizeof(hints) );
        hints.ai_family = AF_UNSPEC;
        events[i] = lookup->overlapped.hEvent = CreateEventW( NULL, TRUE, FALSE, NULL );
        lookup->start_ret = GetAddrInfoExW( lookup->name, NULL, NS_DNS, NULL, &hints, &lookup->result,
                                            lookup->action == TIMEOUT ? &timeout : NULL,
                                            &lookup->overlapped, NULL, &lookup->handle );
        if (lookup->start_ret == WSA_IO_PENDING) pending++;
        else
        {
            lookup->done = TRUE;
            lookup->done_ms = GetTickCount() - start;
            lookup->overlapped.Internal = lookup->start_ret;
        }
    }
    printf( "started %u lookups, %u pending\n", (unsigned int)ARRAYSIZE(lookups), pending );

    while (pending)
    {
        DWORD wait;

        now = GetTickCount() - start;
        if (now >= LIMIT_MS) break;
        wait = (!cancelled && now < 300) ? 300 - now : LIMIT_MS - now;
        ret = WaitForMultipleObjects( ARRAYSIZE(events), events, FALSE, wait );
        now = GetTickCount() - start;
        if (!cancelled && now >= 300)
        {
            cancelled = TRUE;
            for (i = 0; i < ARRAYSIZE(lookups); i++)
                if (lookups[i].action == CANCEL && !lookups[i].done)
                    lookups[i].cancel_ret = GetAddrInfoExCancel( &lookups[i].handle );
        }
        if (ret == WAIT_TIMEOUT) continue;
        for (i = 0; i < ARRAYSIZE(lookups); i++)
        {
            if (lookups[i].done || WaitForSingleObject( events[i], 0 )) continue;
            lookups[i].done = TRUE;
            lookups[i].done_ms = now;
            ResetEvent( events[i] );
            /* the event stays in the array: reset, it just never fires again */
            pending--;
        }
    }

    printf( "\n%-28s %-30s %-18s %-28s %7s\n", "name", "case", "outcome", "result", "ms" );
    for (i = 0; i < ARRAYSIZE(lookups); i++)
    {
        struct lookup *lookup = &lookups[i];
        char result[96] = "";
        int status = lookup->done ? GetAddrInfoExOverlappedResult( &lookup->overlapped ) : WSAEINPROGRESS;

        if (lookup->done && !status) describe_result( lookup->result, result, sizeof(result) );
        if (lookup->action == CANCEL)
            snprintf( result + strlen( result ), sizeof(result) - strlen( result ), "cancel returned %d", lookup->cancel_ret );
        if (lookup->done)
            printf( "%-28ls %-30s %-18s %-28s %7lu\n", lookup->name, lookup->what, error_name( status ), result,
                    lookup->done_ms );
        else
            printf( "%-28ls %-30s %-18s %-28s %7s\n", lookup->name, lookup->what, "NOT DELIVERED", result,
                    ">15000" );
    }
    now = GetTickCount() - start;
    printf( "\nall lookups %s after %lu ms\n", pending ? "NOT finished" : "finished", now );

    printf( "\nWindows 11 results: ADDRINFOEX5 with AI_RETURN_TTL (zone: A 600 s, AAAA 900 s, CNAME 60 s)\n" );
    show_ttls( L"ttltarget.ws2getdns.test" );
    show_ttls( L"ttlchain.ws2getdns.test" );
    fflush( stdout );
    /* Lookups Wine never ended may still be running: leave without cleanup. */
    ExitProcess( pending ? 1 : 0 );
}
