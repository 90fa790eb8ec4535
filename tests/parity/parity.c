/*
 * parity: a table of synchronous GetAddrInfoExW / GetAddrInfoExA calls,
 * one canonical line per call, for diffing two implementations
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

/* tests/parity/run runs this once with ws2getdns and once with stock Wine
 * in one sandbox (tests/dns/: the zone ws2getdns.test, the hosts file, the
 * search list of resolv-search.conf) and compares the outputs line by
 * line.  Each line starts with a key that names the call, so that the two
 * outputs can be joined on it:
 *
 *   KEY<TAB>ret=N lasterr=N n=COUNT [ family/socktype/protocol flags=F addr=A port=P canon=C ... ]
 *
 * Nothing here depends on ws2getdns: the program runs on Windows as it is. */

#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "ws2getdns_compat.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef NS_NTDS
#define NS_NTDS 32
#endif
#ifndef NS_PNRPNAME
#define NS_PNRPNAME 38
#endif

/* The Windows DNS namespace provider and a GUID nobody registered. */
static GUID dns_provider = { 0x22059d40, 0x7e9e, 0x11cf, { 0xae, 0x5a, 0x00, 0xaa, 0x00, 0xa7, 0x11, 0x2b } };
static GUID zero_provider;
static GUID other_provider = { 0x12345678, 0x9abc, 0xdef0, { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0 } };

enum bad_hint { HINT_OK, HINT_ADDRLEN, HINT_CANONNAME, HINT_NEXT };

struct call
{
    BOOL         ansi;
    const WCHAR *name;
    const WCHAR *service;
    DWORD        ns;
    GUID        *provider;
    BOOL         has_hints;
    int          flags, family, socktype, protocol;
    enum bad_hint bad;
};

static unsigned int calls_made;
/* Stock Wine 8 has no GetAddrInfoExA (a stub that aborts the process):
 * --no-ansi leaves those calls out, and the comparison takes the W call of
 * the same key as their reference. */
static BOOL no_ansi;

/* ---------------------------------------------------------------- printing */

static void print_string( FILE *out, const WCHAR *str )
{
    size_t len;

    if (!str)
    {
        fputs( "(null)", out );
        return;
    }
    len = wcslen( str );
    fputc( '"', out );
    if (len > 48)
    {
        /* long names differ in length and tail only: keep both visible */
        fprintf( out, "%.*ls...%ls", 12, str, str + len - 20 );
        fprintf( out, "\"(%u)", (unsigned int)len );
        return;
    }
    for (; *str; str++)
    {
        if (*str >= 0x20 && *str < 0x7f && *str != '"' && *str != '\\') fputc( *str, out );
        else fprintf( out, "\\u%04x", *str );
    }
    fputc( '"', out );
}

static void print_stringA( FILE *out, const char *str )
{
    WCHAR buffer[1100];

    if (!str)
    {
        fputs( "(null)", out );
        return;
    }
    MultiByteToWideChar( CP_ACP, 0, str, -1, buffer, ARRAY_SIZE(buffer) );
    buffer[ARRAY_SIZE(buffer) - 1] = 0;
    print_string( out, buffer );
}

static void print_key( FILE *out, const struct call *call )
{
    fputs( call->ansi ? "A " : "W ", out );
    print_string( out, call->name );
    fputc( ' ', out );
    print_string( out, call->service );
    fprintf( out, " ns=%lu", call->ns );
    if (!call->provider) fputs( " prov=null", out );
    else if (call->provider == &dns_provider) fputs( " prov=dns", out );
    else if (call->provider == &zero_provider) fputs( " prov=zero", out );
    else fputs( " prov=other", out );
    if (call->has_hints)
        fprintf( out, " hints=%#x/%d/%d/%d%s", call->flags, call->family, call->socktype, call->protocol,
                 call->bad == HINT_ADDRLEN ? "+addrlen" : call->bad == HINT_CANONNAME ? "+canonname" :
                 call->bad == HINT_NEXT ? "+next" : "" );
    else fputs( " hints=null", out );
}

static void print_addr( FILE *out, const SOCKADDR *addr, size_t len )
{
    if (!addr)
    {
        fputs( " addr=(null)", out );
        return;
    }
    if (addr->sa_family == AF_INET && len >= sizeof(SOCKADDR_IN))
    {
        const SOCKADDR_IN *sin = (const SOCKADDR_IN *)addr;
        const BYTE *b = (const BYTE *)&sin->sin_addr;

        fprintf( out, " addr=%u.%u.%u.%u port=%u", b[0], b[1], b[2], b[3], ntohs( sin->sin_port ) );
    }
    else if (addr->sa_family == AF_INET6 && len >= sizeof(SOCKADDR_IN6))
    {
        const SOCKADDR_IN6 *sin6 = (const SOCKADDR_IN6 *)addr;
        const BYTE *b = (const BYTE *)&sin6->sin6_addr;
        int i;

        fputs( " addr=", out );
        for (i = 0; i < 16; i += 2) fprintf( out, "%s%x", i ? ":" : "", (b[i] << 8) | b[i + 1] );
        fprintf( out, "%%%lu port=%u flow=%lu", sin6->sin6_scope_id, ntohs( sin6->sin6_port ),
                 sin6->sin6_flowinfo );
    }
    else fprintf( out, " addr=family-%u", addr->sa_family );
}

/* The W and A nodes share their layout up to the strings. */
static void print_result( FILE *out, const ADDRINFOEXW *list, BOOL ansi )
{
    const ADDRINFOEXW *node;
    unsigned int count = 0;

    for (node = list; node; node = (const ADDRINFOEXW *)node->ai_next) count++;
    fprintf( out, " n=%u", count );
    for (node = list; node; node = (const ADDRINFOEXW *)node->ai_next)
    {
        fprintf( out, " [ %d/%d/%d flags=%#x len=%u", node->ai_family, node->ai_socktype, node->ai_protocol,
                 node->ai_flags, (unsigned int)node->ai_addrlen );
        print_addr( out, node->ai_addr, node->ai_addrlen );
        fputs( " canon=", out );
        if (ansi) print_stringA( out, (const char *)node->ai_canonname );
        else print_string( out, node->ai_canonname );
        if (node->ai_flags & AI_EXTENDED)
        {
            const ADDRINFOEX2W *node2 = (const ADDRINFOEX2W *)node;

            fprintf( out, " version=%d fqdn=", node2->ai_version );
            if (ansi) print_stringA( out, (const char *)node2->ai_fqdn );
            else print_string( out, node2->ai_fqdn );
        }
        if (node->ai_blob || node->ai_bloblen || node->ai_provider) fputs( " blob/provider-set", out );
        fputs( " ]", out );
    }
}

/* ------------------------------------------------------------------- calls */

static char *to_ansi( const WCHAR *str )
{
    char *ret;
    int len;

    if (!str) return NULL;
    len = WideCharToMultiByte( CP_ACP, 0, str, -1, NULL, 0, NULL, NULL );
    ret = HeapAlloc( GetProcessHeap(), 0, len );
    WideCharToMultiByte( CP_ACP, 0, str, -1, ret, len, NULL, NULL );
    return ret;
}

static void run( const struct call *call )
{
    /* ADDRINFOEX2W: AI_EXTENDED says the hints are of the version in ai_version */
    ADDRINFOEX2W hints;
    ADDRINFOEXW next_hint, *result = (ADDRINFOEXW *)0xdeadbeef;
    WCHAR dummy_canon[] = L"x";
    int ret, error;

    memset( &hints, 0, sizeof(hints) );
    memset( &next_hint, 0, sizeof(next_hint) );
    hints.ai_flags = call->flags;
    hints.ai_family = call->family;
    hints.ai_socktype = call->socktype;
    hints.ai_protocol = call->protocol;
    if (call->flags & AI_EXTENDED) hints.ai_version = ADDRINFOEX_VERSION_2;
    if (call->bad == HINT_ADDRLEN) hints.ai_addrlen = sizeof(SOCKADDR_IN);
    if (call->bad == HINT_CANONNAME) hints.ai_canonname = dummy_canon;
    if (call->bad == HINT_NEXT) hints.ai_next = (void *)&next_hint;

    if (call->ansi && no_ansi) return;
    WSASetLastError( 0xdeadbeef );
    if (call->ansi)
    {
        char *name = to_ansi( call->name ), *service = to_ansi( call->service );

        ret = GetAddrInfoExA( name, service, call->ns, call->provider,
                              call->has_hints ? (ADDRINFOEXA *)&hints : NULL,
                              (ADDRINFOEXA **)&result, NULL, NULL, NULL, NULL );
        error = WSAGetLastError();
        HeapFree( GetProcessHeap(), 0, name );
        HeapFree( GetProcessHeap(), 0, service );
    }
    else
    {
        ret = GetAddrInfoExW( call->name, call->service, call->ns, call->provider,
                              call->has_hints ? (ADDRINFOEXW *)&hints : NULL, &result, NULL, NULL, NULL, NULL );
        error = WSAGetLastError();
    }
    calls_made++;

    print_key( stdout, call );
    printf( "\tret=%d lasterr=%d", ret, error );
    if (result == (ADDRINFOEXW *)0xdeadbeef) fputs( " result-untouched", stdout );
    else if (ret && result) fputs( " result-set-on-failure", stdout );
    else if (!ret) print_result( stdout, result, call->ansi );
    fputc( '\n', stdout );
    fflush( stdout );
    if (!ret && result && result != (ADDRINFOEXW *)0xdeadbeef)
    {
        if (call->ansi) FreeAddrInfoEx( (ADDRINFOEXA *)result );
        else FreeAddrInfoExW( result );
    }
}

static void name_call( BOOL ansi, const WCHAR *name, const WCHAR *service, BOOL has_hints,
                       int flags, int family, int socktype, int protocol )
{
    struct call call;

    memset( &call, 0, sizeof(call) );
    call.ansi = ansi;
    call.name = name;
    call.service = service;
    call.ns = NS_DNS;
    call.has_hints = has_hints;
    call.flags = flags;
    call.family = family;
    call.socktype = socktype;
    call.protocol = protocol;
    run( &call );
}

/* ------------------------------------------------------------------- names */

/* A name of exactly `len` characters ending in `suffix`, in 63-character labels. */
static WCHAR *make_long_name( size_t len, const WCHAR *suffix, WCHAR fill )
{
    size_t suffix_len = wcslen( suffix ), body = len - suffix_len, pos = 0, label = 0;
    WCHAR *name = HeapAlloc( GetProcessHeap(), 0, (len + 1) * sizeof(WCHAR) );

    /* labels of 63, each followed by a dot; the last one takes the rest */
    while (pos < body)
    {
        if (label == 63 && body - pos > 1)
        {
            name[pos++] = '.';
            label = 0;
        }
        else
        {
            name[pos++] = fill;
            label++;
        }
    }
    memcpy( name + body, suffix, (suffix_len + 1) * sizeof(WCHAR) );
    return name;
}

static WCHAR *concat( const WCHAR *a, const WCHAR *b )
{
    size_t la = wcslen( a ), lb = wcslen( b );
    WCHAR *ret = HeapAlloc( GetProcessHeap(), 0, (la + lb + 1) * sizeof(WCHAR) );

    memcpy( ret, a, la * sizeof(WCHAR) );
    memcpy( ret + la, b, (lb + 1) * sizeof(WCHAR) );
    return ret;
}

static const WCHAR *numeric_names[] =
{
    L"127.0.0.1", L"0.0.0.0", L"255.255.255.255", L"192.0.2.1", L"::1", L"::", L"2001:db8::1",
    L"::ffff:127.0.0.1", L"::ffff:192.0.2.1", L"fe80::1%1", L"fe80::1%lo", L"fe80::1%",
    L"[::1]", L"[beef::cafe]", L"[beef::cafe]:10239", L"[beef::cafe]:0", L"[beef::cafe]:",
    L"[beef::cafe]:http", L"[beef::cafe", L"beef::cafe]", L"[beef::cafe]x", L"[fe80::1%1]",
    L"[fe80::1%1]:80", L"[127.0.0.1]", L"[]", L"192.168.1.253:1024", L"127.0.0.1:80",
    L"127.1", L"0x7f.1", L"2130706433", L"0177.0.0.1", L"0x7f000001", L"127.0.1", L"127.0.0.256",
    L"1.2.3.4.5", L"256.1.1.1", L" 127.0.0.1", L"127.0.0.1 ", L"127.0.0.1.", L"::1.",
    L"1.2.3.04", L"08.1.2.3", L"0x", L"1e100",
};

static const WCHAR *dns_names[] =
{
    L"localhost", L"localhost.", L"LOCALHOST", L"foo.localhost", L"ip6-localhost",
    L"a.ws2getdns.test", L"a.ws2getdns.test.", L"A.WS2GETDNS.TEST", L"aaaa.ws2getdns.test",
    L"dual.ws2getdns.test", L"cname.ws2getdns.test", L"v4only.ws2getdns.test", L"nodata.ws2getdns.test",
    L"nonexistent.ws2getdns.test", L"many.ws2getdns.test", L"hostsonly.ws2getdns.test",
    L"hostsonly.ws2getdns.test.", L"hostsonly", L"single-label-host", L"single-label-host.",
    L"search", L"search.", L"dual", L"a", L"nonexistent", L"b\x00fc" L"cher.ws2getdns.test",
    L"xn--bcher-kva.ws2getdns.test", L"B\x00dc" L"CHER.ws2getdns.test", L"under_score.ws2getdns.test",
    L"-leading.ws2getdns.test", L"a..ws2getdns.test", L".", L"..", L".a.ws2getdns.test",
    L"sp ace.ws2getdns.test", L"a.ws2getdns.test..",
};

static void names_group(void)
{
    static const WCHAR suffix[] = L".ws2getdns.test";
    WCHAR hostname[256], *long_names[12], *label63, *label64;
    char hostA[256];
    unsigned int i, j, count = 0;
    static const struct { int flags, family; } variants[] =
    {
        { 0, AF_UNSPEC }, { 0, AF_INET }, { 0, AF_INET6 }, { AI_NUMERICHOST, AF_UNSPEC },
    };

    if (gethostname( hostA, sizeof(hostA) )) strcpy( hostA, "gethostname-failed" );
    MultiByteToWideChar( CP_ACP, 0, hostA, -1, hostname, ARRAY_SIZE(hostname) );

    long_names[count++] = make_long_name( 253, suffix, 'x' );
    long_names[count++] = concat( long_names[0], L"." );
    long_names[count++] = make_long_name( 254, suffix, 'x' );
    long_names[count++] = concat( long_names[2], L"." );
    long_names[count++] = make_long_name( 255, suffix, 'x' );
    long_names[count++] = make_long_name( 256, suffix, 'x' );
    label63 = make_long_name( 63 + wcslen( suffix ), suffix, 'y' );
    label64 = make_long_name( 64 + wcslen( suffix ), suffix, 'y' );
    /* make_long_name splits at 63: build the 64-character label by hand */
    for (j = 0; j < 64; j++) label64[j] = 'y';
    long_names[count++] = label63;
    long_names[count++] = label64;

    /* numeric forms: hints NULL, then each family and AI_NUMERICHOST */
    for (i = 0; i < ARRAY_SIZE(numeric_names); i++)
    {
        name_call( FALSE, numeric_names[i], NULL, FALSE, 0, 0, 0, 0 );
        for (j = 1; j < ARRAY_SIZE(variants); j++)
            name_call( FALSE, numeric_names[i], NULL, TRUE, variants[j].flags, variants[j].family, 0, 0 );
    }
    /* names: hints NULL, AF_INET, AF_INET6, AI_NUMERICHOST */
    for (i = 0; i < ARRAY_SIZE(dns_names); i++)
    {
        name_call( FALSE, dns_names[i], NULL, FALSE, 0, 0, 0, 0 );
        for (j = 1; j < ARRAY_SIZE(variants); j++)
            name_call( FALSE, dns_names[i], NULL, TRUE, variants[j].flags, variants[j].family, 0, 0 );
    }
    for (i = 0; i < count; i++)
    {
        name_call( FALSE, long_names[i], NULL, FALSE, 0, 0, 0, 0 );
        name_call( FALSE, long_names[i], NULL, TRUE, 0, AF_INET, 0, 0 );
    }
    /* the empty name and the machine's own name */
    name_call( FALSE, L"", NULL, FALSE, 0, 0, 0, 0 );
    name_call( FALSE, hostname, NULL, FALSE, 0, 0, 0, 0 );
    for (j = 1; j < ARRAY_SIZE(variants); j++)
    {
        name_call( FALSE, L"", NULL, TRUE, variants[j].flags, variants[j].family, 0, 0 );
        name_call( FALSE, hostname, NULL, TRUE, variants[j].flags, variants[j].family, 0, 0 );
    }
    name_call( FALSE, concat( hostname, L"." ), NULL, FALSE, 0, 0, 0, 0 );
    name_call( FALSE, NULL, NULL, FALSE, 0, 0, 0, 0 );
    name_call( FALSE, NULL, NULL, TRUE, AI_PASSIVE, AF_UNSPEC, 0, 0 );
    /* the same names through the ANSI call (hints NULL) */
    for (i = 0; i < ARRAY_SIZE(numeric_names); i += 3)
        name_call( TRUE, numeric_names[i], NULL, FALSE, 0, 0, 0, 0 );
    for (i = 0; i < ARRAY_SIZE(dns_names); i += 2)
        name_call( TRUE, dns_names[i], NULL, FALSE, 0, 0, 0, 0 );
    name_call( TRUE, L"", NULL, FALSE, 0, 0, 0, 0 );
    name_call( TRUE, hostname, NULL, FALSE, 0, 0, 0, 0 );
    name_call( TRUE, long_names[0], NULL, FALSE, 0, 0, 0, 0 );
    name_call( TRUE, label64, NULL, FALSE, 0, 0, 0, 0 );
}

/* ---------------------------------------------------------------- services */

static void services_group(void)
{
    static const WCHAR *names[] = { NULL, L"", L"localhost", L"127.0.0.1" };
    static const WCHAR *services[] =
    {
        NULL, L"", L"0", L"80", L"http", L" 80", L"+80", L"65536", L"65535", L"-1", L"80 ", L"0x50",
        L"080", L"domain", L"echo", L"HTTP", L"nonexistentservice", L"99999999999999999999",
    };
    static const struct { int socktype, protocol; } types[] =
    {
        { 0, 0 }, { SOCK_DGRAM, 0 }, { SOCK_STREAM, IPPROTO_UDP },
    };
    unsigned int i, j, k;

    for (i = 0; i < ARRAY_SIZE(names); i++)
        for (j = 0; j < ARRAY_SIZE(services); j++)
            for (k = 0; k < ARRAY_SIZE(types); k++)
            {
                if (k && (j < 2 || i == 1 || i == 3)) continue;   /* keep the table small */
                name_call( FALSE, names[i], services[j], TRUE, 0, AF_INET, types[k].socktype,
                           types[k].protocol );
            }
    for (i = 0; i < ARRAY_SIZE(names); i++)
        for (j = 0; j < ARRAY_SIZE(services); j++)
            name_call( FALSE, names[i], services[j], FALSE, 0, 0, 0, 0 );
    /* AI_NUMERICSERV and the ANSI call */
    for (j = 0; j < ARRAY_SIZE(services); j++)
    {
        name_call( FALSE, L"127.0.0.1", services[j], TRUE, AI_NUMERICSERV, AF_INET, 0, 0 );
        name_call( TRUE, L"127.0.0.1", services[j], FALSE, 0, 0, 0, 0 );
    }
}

/* ------------------------------------------------------------------- hints */

static void hints_group(void)
{
    static const int flags[] =
    {
        AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST, AI_NUMERICSERV, AI_DNS_ONLY, AI_RETURN_TTL, AI_ALL,
        AI_ADDRCONFIG, AI_V4MAPPED, AI_NON_AUTHORITATIVE, AI_SECURE, AI_RETURN_PREFERRED_NAMES, AI_FQDN,
        AI_FILESERVER, AI_DISABLE_IDN_ENCODING, AI_EXCLUSIVE_CUSTOM_SERVERS, AI_RETURN_RESPONSE_FLAGS,
        AI_RESOLUTION_HANDLE, AI_EXTENDED, AI_CANONNAME | AI_FQDN, AI_ALL | AI_DNS_ONLY,
        AI_ALL | AI_V4MAPPED, 0x20, 0x40, 0x1000, 0x100000,
    };
    static const WCHAR *flag_names[] =
    {
        L"localhost", L"dual.ws2getdns.test", L"cname.ws2getdns.test", L"v4only.ws2getdns.test",
        L"127.0.0.1", L"hostsonly",
    };
    static const int families[] = { AF_UNSPEC, AF_INET, AF_INET6, 1 /* AF_UNIX */, 6 /* AF_IPX */, 32, -1 };
    static const int socktypes[] = { 0, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_RDM, SOCK_SEQPACKET, 999, -1 };
    static const int protocols[] = { 0, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_IPV6, 999, -1 };
    unsigned int i, j;

    for (i = 0; i < ARRAY_SIZE(flags); i++)
        for (j = 0; j < ARRAY_SIZE(flag_names); j++)
            name_call( FALSE, flag_names[j], NULL, TRUE, flags[i], AF_UNSPEC, 0, 0 );
    for (i = 0; i < ARRAY_SIZE(flags); i++)
    {
        name_call( FALSE, NULL, L"80", TRUE, flags[i], AF_UNSPEC, 0, 0 );
        name_call( TRUE, L"dual.ws2getdns.test", NULL, TRUE, flags[i], AF_UNSPEC, 0, 0 );
    }
    /* AI_V4MAPPED with AF_INET6 */
    name_call( FALSE, L"v4only.ws2getdns.test", NULL, TRUE, AI_V4MAPPED, AF_INET6, 0, 0 );
    name_call( FALSE, L"dual.ws2getdns.test", NULL, TRUE, AI_V4MAPPED | AI_ALL, AF_INET6, 0, 0 );
    name_call( FALSE, L"127.0.0.1", NULL, TRUE, AI_V4MAPPED, AF_INET6, 0, 0 );
    for (i = 0; i < ARRAY_SIZE(families); i++)
    {
        name_call( FALSE, L"localhost", NULL, TRUE, 0, families[i], 0, 0 );
        name_call( FALSE, L"dual.ws2getdns.test", NULL, TRUE, 0, families[i], 0, 0 );
        name_call( FALSE, NULL, L"80", TRUE, AI_PASSIVE, families[i], 0, 0 );
    }
    for (i = 0; i < ARRAY_SIZE(socktypes); i++)
        for (j = 0; j < ARRAY_SIZE(protocols); j++)
            name_call( FALSE, L"localhost", L"80", TRUE, 0, AF_INET, socktypes[i], protocols[j] );
    /* members that must be zero */
    for (i = HINT_ADDRLEN; i <= HINT_NEXT; i++)
    {
        struct call call = { FALSE, L"localhost", NULL, NS_DNS, NULL, TRUE, 0, AF_INET, 0, 0, i };

        run( &call );
        call.ansi = TRUE;
        run( &call );
    }
}

/* ------------------------------------------------- namespaces and providers */

static void namespaces_group(void)
{
    static const DWORD namespaces[] =
    {
        NS_ALL, NS_DNS, NS_NETBT, NS_WINS, NS_NLA, NS_BTH, NS_NTDS, NS_EMAIL, NS_PNRPNAME, 999,
    };
    static GUID *providers[] = { NULL, &dns_provider, &zero_provider, &other_provider };
    static const WCHAR *names[] = { L"localhost", L"a.ws2getdns.test" };
    unsigned int i, j, k;

    for (i = 0; i < ARRAY_SIZE(namespaces); i++)
        for (j = 0; j < ARRAY_SIZE(providers); j++)
            for (k = 0; k < ARRAY_SIZE(names); k++)
            {
                struct call call = { FALSE, names[k], NULL, namespaces[i], providers[j], FALSE };

                if (k && j) continue;
                run( &call );
                if (!k && !j)
                {
                    call.ansi = TRUE;
                    run( &call );
                }
            }
}

int main( int argc, char **argv )
{
    WSADATA data;
    int ret;

    no_ansi = argc > 1 && !strcmp( argv[1], "--no-ansi" );
    if ((ret = WSAStartup( MAKEWORD(2, 2), &data )))
    {
        printf( "WSAStartup failed: %d\n", ret );
        return 1;
    }
    names_group();
    services_group();
    hints_group();
    namespaces_group();
    WSACleanup();
    fprintf( stderr, "parity: %u calls\n", calls_made );
    return 0;
}
