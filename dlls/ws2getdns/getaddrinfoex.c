/*
 * ws2getdns: the GetAddrInfoEx family: argument checks and dispatch
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

#include "private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

/* The secure-DNS flags of recent Windows SDKs (ws2def.h); older headers lack them. */
#define AI_FORCE_CLEAR_TEXT      0x00000020
#define AI_BYPASS_DNS_CACHE      0x00000040
#define AI_SECURE_WITH_FALLBACK  0x00100000
#define AI_REQUIRE_SECURE        0x20000000

#define KNOWN_FLAGS (AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_NUMERICSERV | AI_DNS_ONLY | \
                     AI_FORCE_CLEAR_TEXT | AI_BYPASS_DNS_CACHE | AI_RETURN_TTL | AI_ALL | AI_ADDRCONFIG | \
                     AI_V4MAPPED | AI_NON_AUTHORITATIVE | AI_SECURE | AI_RETURN_PREFERRED_NAMES | AI_FQDN | \
                     AI_FILESERVER | AI_DISABLE_IDN_ENCODING | AI_SECURE_WITH_FALLBACK | \
                     AI_EXCLUSIVE_CUSTOM_SERVERS | AI_RETURN_RESPONSE_FLAGS | AI_REQUIRE_SECURE | \
                     AI_RESOLUTION_HANDLE | AI_EXTENDED)

/* Flags that change nothing for a DNS lookup here, or that we cannot honour.
 * AI_EXCLUSIVE_CUSTOM_SERVERS is honoured with custom servers and means
 * nothing without them.  AI_RETURN_TTL and AI_RETURN_RESPONSE_FLAGS are honoured when the nodes have
 * a member for them (versions 5 and 6), and ignored otherwise. */
#define IGNORED_FLAGS (AI_NUMERICSERV | AI_DNS_ONLY | AI_FORCE_CLEAR_TEXT | AI_BYPASS_DNS_CACHE | \
                       AI_RETURN_TTL | AI_NON_AUTHORITATIVE | AI_SECURE | AI_RETURN_PREFERRED_NAMES | \
                       AI_FILESERVER | AI_SECURE_WITH_FALLBACK | AI_RETURN_RESPONSE_FLAGS | AI_REQUIRE_SECURE | AI_RESOLUTION_HANDLE)

/* The highest ai_version the W and A forms return (ANSI structures end at ADDRINFOEX2A). */
#define MAX_VERSION_W ADDRINFOEX_VERSION_6
#define MAX_VERSION_A ADDRINFOEX_VERSION_2

/* The Windows DNS namespace provider ("Tcpip"), the only one we stand in for. */
static const GUID dns_provider_id = { 0x22059d40, 0x7e9e, 0x11cf, { 0xae, 0x5a, 0x00, 0xaa, 0x00, 0xa7, 0x11, 0x2b } };

/* A program tends to repeat the same unsupported call, so each unsupported
 * thing gets one FIXME per process and later calls go to TRACE.  The bits:
 * one per ignored AI_ flag, one per namespace (those above 63 share bit 63),
 * one for any foreign provider, one each for SetAddrInfoExW and A. */
static LONG64 reported_flags, reported_namespaces, reported_provider, reported_set_addr_info, reported_hints;

#define REPORTED_INTERFACE 1
#define REPORTED_SERVERS   2

/* The bits of "bits" that *reported did not hold yet; marks them reported. */
static LONG64 unreported( LONG64 *reported, LONG64 bits )
{
    return bits & ~InterlockedOr64( reported, bits );
}

static int set_error( int error )
{
    SetLastError( error );
    return error;
}

/* One ADDRINFO_DNS_SERVER of the hints.  Microsoft's page: only
 * SOCKADDR_IN and SOCKADDR_IN6, ai_template NULL for a UDP server and a
 * string for a DoH one.  The page asks for the rest of the sockaddr to be
 * zero; a port or an IPv6 scope given anyway is used (docs/windows-behaviour.md,
 * case 50): it names the server the caller means, and nothing else can. */
/* network to host order, without ws2_32 (whose ntohs this DLL stands beside) */
static UINT16 port_from_net( USHORT port )
{
    const BYTE *bytes = (const BYTE *)&port;

    return (bytes[0] << 8) | bytes[1];
}

static int parse_server( const ADDRINFO_DNS_SERVER *server, struct server_addr *out )
{
    const struct sockaddr *addr = server->ai_addr;

    if (server->ai_servertype != AI_DNS_SERVER_TYPE_UDP && server->ai_servertype != AI_DNS_SERVER_TYPE_DOH)
        return WSAEINVAL;
    if (server->ai_flags & ~(ULONG64)AI_DNS_SERVER_UDP_FALLBACK) return WSAEINVAL;
    if (server->ai_servertype == AI_DNS_SERVER_TYPE_UDP ? server->ai_template != NULL : !server->ai_template)
        return WSAEINVAL;
    if (!addr) return WSAEINVAL;
    memset( out, 0, sizeof(*out) );
    if (addr->sa_family == AF_INET && server->ai_addrlen >= sizeof(SOCKADDR_IN))
    {
        const SOCKADDR_IN *sin = (const SOCKADDR_IN *)addr;

        out->family = WS2GETDNS_AF_INET;
        out->port = port_from_net( sin->sin_port );
        memcpy( out->addr, &sin->sin_addr, 4 );
    }
    else if (addr->sa_family == AF_INET6 && server->ai_addrlen >= sizeof(SOCKADDR_IN6))
    {
        const SOCKADDR_IN6 *sin6 = (const SOCKADDR_IN6 *)addr;

        out->family = WS2GETDNS_AF_INET6;
        out->port = port_from_net( sin6->sin6_port );
        out->scope_id = sin6->sin6_scope_id;
        memcpy( out->addr, &sin6->sin6_addr, 16 );
    }
    else return WSAEINVAL;
    return 0;
}

/* ADDRINFOEX6's custom servers.  A malformed list is WSAEINVAL, whatever
 * it holds; a well-formed one with a DNS-over-HTTPS server is
 * WSAEOPNOTSUPP: getdns 1.6 has no DoH, and asking that server (or any
 * other) in plain text would send the name where the caller chose an
 * encrypted channel, so the lookup is refused, never downgraded. */
static int parse_servers( const ADDRINFOEX6 *hints, struct lookup_servers *servers )
{
    unsigned int i;
    BOOL doh = FALSE;
    int ret;

    if (!hints->ai_numservers) return hints->ai_servers ? WSAEINVAL : 0;
    if (!hints->ai_servers || hints->ai_numservers > WS2GETDNS_MAX_SERVERS) return WSAEINVAL;
    for (i = 0; i < hints->ai_numservers; i++)
    {
        if ((ret = parse_server( &hints->ai_servers[i], &servers->addrs[i] ))) return ret;
        if (hints->ai_servers[i].ai_servertype == AI_DNS_SERVER_TYPE_DOH) doh = TRUE;
    }
    if (doh)
    {
        if (unreported( &reported_hints, REPORTED_SERVERS ))
            FIXME( "DNS-over-HTTPS servers are not supported\n" );
        else TRACE( "DNS-over-HTTPS servers are not supported\n" );
        return WSAEOPNOTSUPP;
    }
    servers->count = hints->ai_numservers;
    servers->flags = (hints->ai_flags & AI_EXCLUSIVE_CUSTOM_SERVERS) ? WS2GETDNS_SERVERS_EXCLUSIVE : 0;
    TRACE( "%u custom servers%s\n", servers->count, servers->flags ? ", exclusive" : "" );
    return 0;
}

/* The members of versioned hints (AI_EXTENDED) past ADDRINFOEX2: an
 * interface only narrows which of the system's servers Windows asks, and
 * is ignored; custom servers (version 6) go with the lookup. */
static int check_extended_hints( const ADDRINFOEX6 *hints, int version, struct lookup_servers *servers )
{
    if (version >= ADDRINFOEX_VERSION_3 && hints->ai_interfaceindex)
    {
        if (unreported( &reported_hints, REPORTED_INTERFACE ))
            FIXME( "ignoring ai_interfaceindex %d\n", hints->ai_interfaceindex );
        else TRACE( "ignoring ai_interfaceindex %d\n", hints->ai_interfaceindex );
    }
    if (version >= ADDRINFOEX_VERSION_6) return parse_servers( hints, servers );
    return 0;
}

/* ADDRINFOEXA and ADDRINFOEXW hints share their layout up to the strings,
 * and so do ADDRINFOEX2A and ADDRINFOEX2W. */
static int parse_hints( const ADDRINFOEXW *hints, BOOL have_name, int max_version, struct lookup_query *query,
                        struct lookup_servers *servers )
{
    int ignored, version = 0, ret;

    memset( query, 0, sizeof(*query) );
    servers->count = 0;
    if (!hints) return 0;

    if (hints->ai_addrlen || hints->ai_canonname || hints->ai_addr || hints->ai_next)
        return WSANO_RECOVERY;
    if ((hints->ai_flags & (AI_CANONNAME | AI_FQDN)) && !have_name) return WSANO_RECOVERY;
    if (hints->ai_flags & ~KNOWN_FLAGS) return WSAEINVAL;
    if (hints->ai_family != AF_UNSPEC && hints->ai_family != AF_INET && hints->ai_family != AF_INET6)
        return WSAEAFNOSUPPORT;
    if (hints->ai_socktype < 0 || hints->ai_socktype > SOCK_SEQPACKET) return WSAESOCKTNOSUPPORT;
    /* AI_EXTENDED: the hints are of the version in their ai_version, and so
     * are the nodes returned.  A version this Windows does not know is "an
     * invalid value for the ai_flags member" (WSAEINVAL); see
     * docs/windows-behaviour.md, case 47. */
    if (hints->ai_flags & AI_EXTENDED)
    {
        version = ((const ADDRINFOEX2W *)hints)->ai_version;
        if (version < ADDRINFOEX_VERSION_2 || version > max_version) return WSAEINVAL;
        if ((ret = check_extended_hints( (const ADDRINFOEX6 *)hints, version, servers ))) return ret;
    }
    ignored = hints->ai_flags & IGNORED_FLAGS;
    if (version >= ADDRINFOEX_VERSION_5) ignored &= ~AI_RETURN_TTL;
    if (version >= ADDRINFOEX_VERSION_6) ignored &= ~AI_RETURN_RESPONSE_FLAGS;
    if (ignored)
    {
        LONG64 fresh = unreported( &reported_flags, (ULONG)ignored );

        if (fresh) FIXME( "ignoring flags %#x\n", (int)fresh );
        else TRACE( "ignoring flags %#x\n", ignored );
    }
    query->version = version;
    query->family = hints->ai_family;
    query->socktype = hints->ai_socktype;
    query->protocol = hints->ai_protocol;
    query->flags = hints->ai_flags;
    if (servers->count) query->servers = servers;
    return 0;
}

static BOOL is_ascii( const WCHAR *str )
{
    for (; *str; str++) if (*str > 0x7f) return FALSE;
    return TRUE;
}

/* Windows 8 and later Punycode-encode names unless told not to. */
static int name_to_ascii( const WCHAR *name, int flags, char *ascii, size_t size )
{
    WCHAR encoded[WS2GETDNS_MAX_NAME];
    int len;

    if (!is_ascii( name ))
    {
        if (flags & AI_DISABLE_IDN_ENCODING) return WSAHOST_NOT_FOUND;
        if (!(len = IdnToAscii( 0, name, -1, encoded, ARRAY_SIZE(encoded) ))) return WSAHOST_NOT_FOUND;
        name = encoded;
    }
    if (wcslen( name ) >= size) return WSAHOST_NOT_FOUND;
    if (!WideCharToMultiByte( CP_ACP, 0, name, -1, ascii, size, NULL, NULL )) return WSAHOST_NOT_FOUND;
    return 0;
}

static DWORD timeval_to_ms( const struct timeval *timeout )
{
    ULONGLONG ms;

    if (!timeout) return 0;
    ms = (ULONGLONG)(ULONG)timeout->tv_sec * 1000 + (ULONG)timeout->tv_usec / 1000;
    if (!ms) ms = 1;   /* 0 means "no deadline" to the engine; {0,0} is "at once" */
    return ms > MAXDWORD ? MAXDWORD : (DWORD)ms;
}

/* The namespaces Microsoft's GetAddrInfoEx page lists as commonly available.
 * Which of them a given Windows has installed, and what each would answer,
 * is not documented; stock Wine resolves them all through DNS, and so do we
 * (with a FIXME) rather than fail a program that works there.  Any other
 * number names no provider: "the namespace specified in the dwNameSpace
 * parameter is not installed" gives WSASERVICE_NOT_FOUND. */
static BOOL is_known_namespace( DWORD namespace )
{
    switch (namespace)
    {
    case NS_NETBT:
    case NS_WINS:
    case NS_NLA:
    case NS_BTH:
    case NS_NTDS:
    case NS_EMAIL:
    case NS_PNRPNAME:
    case NS_PNRPCLOUD:
        return TRUE;
    }
    return FALSE;
}

/* The common part of the A and W calls; hints are in ADDRINFOEXW layout. */
static int get_addr_info( const WCHAR *name, const WCHAR *service, DWORD namespace, GUID *provider,
                          const ADDRINFOEXW *hints, ADDRINFOEXW **result, struct timeval *timeout,
                          OVERLAPPED *overlapped, lookup_completion_routine routine, HANDLE *handle,
                          int max_version, struct lookup_query *query )
{
    char ascii[WS2GETDNS_MAX_NAME];
    struct lookup_servers servers;
    int ret;

    if (!winsock_started()) return WSANOTINITIALISED;
    if (!name && !service) return WSAHOST_NOT_FOUND;
    if (overlapped && overlapped->hEvent && routine) return WSAEINVAL;
    if (namespace != NS_ALL && namespace != NS_DNS)
    {
        BOOL known = is_known_namespace( namespace );

        if (unreported( &reported_namespaces, (LONG64)1 << (namespace < 63 ? namespace : 63) ))
            FIXME( "namespace %lu %s\n", namespace, known ? "is resolved as NS_DNS" : "is not installed" );
        else TRACE( "namespace %lu %s\n", namespace, known ? "is resolved as NS_DNS" : "is not installed" );
        if (!known) return WSASERVICE_NOT_FOUND;
    }
    /* A provider GUID picks one provider of the namespace; ours stands in
     * for all of them, as stock Wine's getaddrinfo does. */
    if (provider && !IsEqualGUID( provider, &dns_provider_id ))
    {
        if (unreported( &reported_provider, 1 ))
            FIXME( "provider %s is resolved as the DNS provider\n", debugstr_guid( provider ) );
        else TRACE( "provider %s is resolved as the DNS provider\n", debugstr_guid( provider ) );
    }
    if ((ret = parse_hints( hints, name != NULL, max_version, query, &servers ))) return ret;

    if (service && (ret = engine_get_port( service, query->socktype, query->protocol, &query->port )))
        return ret;

    /* No name: nothing to resolve, so nothing to wait for. */
    if (!name)
    {
        query->servers = NULL;
        return build_passive_list( query, result );
    }

    if (wcslen( name ) >= WS2GETDNS_MAX_NAME) return WSAHOST_NOT_FOUND;
    query->name = name;
    if ((ret = name_to_ascii( name, query->flags, ascii, sizeof(ascii) ))) return ret;

    if (overlapped)
        return request_submit_async( query, ascii, timeval_to_ms( timeout ), result, overlapped, routine, handle );
    return request_run_sync( query, ascii, timeval_to_ms( timeout ), result );
}

/***********************************************************************
 *      GetAddrInfoExW   (ws2getdns.@)
 */
int WINAPI GetAddrInfoExW( const WCHAR *name, const WCHAR *service, DWORD namespace, GUID *provider,
                           const ADDRINFOEXW *hints, ADDRINFOEXW **result, struct timeval *timeout,
                           OVERLAPPED *overlapped, LPLOOKUPSERVICE_COMPLETION_ROUTINE routine, HANDLE *handle )
{
    struct lookup_query query;

    TRACE( "name %s, service %s, namespace %lu, provider %s, hints %p, result %p, timeout %p, "
           "overlapped %p, routine %p, handle %p\n", debugstr_w(name), debugstr_w(service), namespace,
           debugstr_guid(provider), hints, result, timeout, overlapped, routine, handle );
    if (hints)
        TRACE( "hints: flags %#x, family %d, socktype %d, protocol %d, version %d\n",
               hints->ai_flags, hints->ai_family, hints->ai_socktype, hints->ai_protocol,
               (hints->ai_flags & AI_EXTENDED) ? ((const ADDRINFOEX2W *)hints)->ai_version : 0 );

    if (!result) return set_error( WSA_INVALID_PARAMETER );
    *result = NULL;
    return set_error( get_addr_info( name, service, namespace, provider, hints, result, timeout,
                                     overlapped, (lookup_completion_routine)routine, handle, MAX_VERSION_W,
                                     &query ) );
}

static WCHAR *strdupAtoW( const char *str )
{
    WCHAR *ret;
    int len;

    if (!str) return NULL;
    len = MultiByteToWideChar( CP_ACP, 0, str, -1, NULL, 0 );
    if ((ret = HeapAlloc( GetProcessHeap(), 0, len * sizeof(WCHAR) )))
        MultiByteToWideChar( CP_ACP, 0, str, -1, ret, len );
    return ret;
}

/***********************************************************************
 *      GetAddrInfoExA   (ws2getdns.@)
 */
int WINAPI GetAddrInfoExA( const char *name, const char *service, DWORD namespace, GUID *provider,
                           const ADDRINFOEXA *hints, ADDRINFOEXA **result, struct timeval *timeout,
                           OVERLAPPED *overlapped, LPLOOKUPSERVICE_COMPLETION_ROUTINE routine, HANDLE *handle )
{
    struct lookup_query query;
    WCHAR *nameW = NULL, *serviceW = NULL;
    ADDRINFOEXW *listW = NULL;
    int ret;

    TRACE( "name %s, service %s, namespace %lu, provider %s, hints %p, result %p, timeout %p, "
           "overlapped %p, routine %p, handle %p\n", debugstr_a(name), debugstr_a(service), namespace,
           debugstr_guid(provider), hints, result, timeout, overlapped, routine, handle );

    if (!result) return set_error( WSA_INVALID_PARAMETER );
    *result = NULL;
    /* The ANSI form has no asynchronous mode: these are reserved. */
    if (timeout || overlapped || routine || handle) return set_error( WSAEINVAL );

    if ((name && !(nameW = strdupAtoW( name ))) || (service && !(serviceW = strdupAtoW( service ))))
        ret = WSA_NOT_ENOUGH_MEMORY;
    else if (!(ret = get_addr_info( nameW, serviceW, namespace, provider, (const ADDRINFOEXW *)hints,
                                    &listW, NULL, NULL, NULL, NULL, MAX_VERSION_A, &query )))
    {
        ret = convert_list_to_ansi( &query, listW, result );
        free_result_list( listW );
    }
    HeapFree( GetProcessHeap(), 0, nameW );
    HeapFree( GetProcessHeap(), 0, serviceW );
    return set_error( ret );
}

/* getaddrinfo, GetAddrInfoW and gethostbyname of a prefix that asks for
 * private DNS: a synchronous GetAddrInfoEx in the DNS namespace, with its
 * checks, codes and engine.  The callers' hints are ADDRINFOA/ADDRINFOW,
 * which have no ai_version: they come as a zeroed ADDRINFOEX2W, so that
 * AI_EXTENDED finds version 0 and is refused as an invalid flag
 * (WSAEINVAL) instead of sending us past the caller's structure. */
int lookup_sync_w( const WCHAR *name, const WCHAR *service, const ADDRINFOEXW *hints, ADDRINFOEXW **result )
{
    struct lookup_query query;

    *result = NULL;
    return get_addr_info( name, service, NS_DNS, NULL, hints, result, NULL, NULL, NULL, NULL, MAX_VERSION_A,
                          &query );
}

int lookup_sync_a( const char *name, const char *service, const ADDRINFOEXW *hints, ADDRINFOEXW **result )
{
    WCHAR *nameW = NULL, *serviceW = NULL;
    int ret;

    *result = NULL;
    if ((name && !(nameW = strdupAtoW( name ))) || (service && !(serviceW = strdupAtoW( service ))))
        ret = WSA_NOT_ENOUGH_MEMORY;
    else ret = lookup_sync_w( nameW, serviceW, hints, result );
    HeapFree( GetProcessHeap(), 0, nameW );
    HeapFree( GetProcessHeap(), 0, serviceW );
    return ret;
}

/***********************************************************************
 *      GetAddrInfoExCancel   (ws2getdns.@)
 */
int WINAPI GetAddrInfoExCancel( HANDLE *handle )
{
    int ret;

    TRACE( "handle %p (%p)\n", handle, handle ? *handle : NULL );

    if (!handle) return set_error( WSA_INVALID_HANDLE );
    ret = request_cancel( *handle );
    TRACE( "returning %d\n", ret );
    return ret ? set_error( ret ) : 0;
}

/***********************************************************************
 *      GetAddrInfoExOverlappedResult   (ws2getdns.@)
 */
int WINAPI GetAddrInfoExOverlappedResult( OVERLAPPED *overlapped )
{
    TRACE( "overlapped %p\n", overlapped );

    if (!overlapped) return WSAEINVAL;
    return overlapped->Internal;
}

/***********************************************************************
 *      FreeAddrInfoExW   (ws2getdns.@)
 */
void WINAPI FreeAddrInfoExW( ADDRINFOEXW *list )
{
    TRACE( "list %p\n", list );

    free_result_list( list );
}

/***********************************************************************
 *      FreeAddrInfoEx   (ws2getdns.@)
 */
void WINAPI FreeAddrInfoEx( ADDRINFOEXA *list )
{
    TRACE( "list %p\n", list );

    free_result_list( (ADDRINFOEXW *)list );
}

static int set_addr_info_unsupported( struct timeval *timeout, OVERLAPPED *overlapped, void *routine,
                                      HANDLE *handle )
{
    /* Registration is an NS_EMAIL feature; no such provider exists here. */
    if (timeout || overlapped || routine || handle) return set_error( WSAEINVAL );
    return set_error( WSASERVICE_NOT_FOUND );
}

/* SetAddrInfoExW/A: the names already converted for the trace */
static int set_addr_info( unsigned int which, const char *name, const char *service, SOCKET_ADDRESS *addresses,
                          DWORD count, BLOB *blob, DWORD flags, DWORD namespace, GUID *provider,
                          struct timeval *timeout, OVERLAPPED *overlapped,
                          LPLOOKUPSERVICE_COMPLETION_ROUTINE routine, HANDLE *handle )
{
    if (unreported( &reported_set_addr_info, which ))
        FIXME( "name %s, service %s, addresses %p, count %lu, blob %p, flags %#lx, namespace %lu, provider %s, "
               "timeout %p, overlapped %p, routine %p, handle %p: not supported\n", name, service, addresses,
               count, blob, flags, namespace, debugstr_guid(provider), timeout, overlapped, routine, handle );
    else TRACE( "name %s, service %s: not supported\n", name, service );
    return set_addr_info_unsupported( timeout, overlapped, routine, handle );
}

/***********************************************************************
 *      SetAddrInfoExW   (ws2getdns.@)
 */
int WINAPI SetAddrInfoExW( const WCHAR *name, const WCHAR *service, SOCKET_ADDRESS *addresses, DWORD count,
                           BLOB *blob, DWORD flags, DWORD namespace, GUID *provider, struct timeval *timeout,
                           OVERLAPPED *overlapped, LPLOOKUPSERVICE_COMPLETION_ROUTINE routine, HANDLE *handle )
{
    return set_addr_info( 1, debugstr_w(name), debugstr_w(service), addresses, count, blob, flags, namespace,
                          provider, timeout, overlapped, routine, handle );
}

/***********************************************************************
 *      SetAddrInfoExA   (ws2getdns.@)
 */
int WINAPI SetAddrInfoExA( const char *name, const char *service, SOCKET_ADDRESS *addresses, DWORD count,
                           BLOB *blob, DWORD flags, DWORD namespace, GUID *provider, struct timeval *timeout,
                           OVERLAPPED *overlapped, LPLOOKUPSERVICE_COMPLETION_ROUTINE routine, HANDLE *handle )
{
    return set_addr_info( 2, debugstr_a(name), debugstr_a(service), addresses, count, blob, flags, namespace,
                          provider, timeout, overlapped, routine, handle );
}
