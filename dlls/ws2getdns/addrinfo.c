/*
 * ws2getdns: building and freeing ADDRINFOEX result lists
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
#include "loopback.h"

/* Each node is one heap block holding the node, its address and its
 * strings, so a list of N addresses costs N allocations and FreeAddrInfoEx
 * frees exactly what we allocated.  The ANSI and Unicode structures share
 * their layout; only the character type of the strings differs. */

static size_t string_size( const WCHAR *str, BOOL wide )
{
    if (!str) return 0;
    if (wide) return (wcslen( str ) + 1) * sizeof(WCHAR);
    return WideCharToMultiByte( CP_ACP, 0, str, -1, NULL, 0, NULL, NULL );
}

static void *put_string( char **pos, const WCHAR *str, size_t size, BOOL wide )
{
    void *ret = *pos;

    if (!str) return NULL;
    if (wide) memcpy( *pos, str, size );
    else WideCharToMultiByte( CP_ACP, 0, str, -1, *pos, size, NULL, NULL );
    *pos += size;
    return ret;
}

/* The version of the nodes: the one the hints ask for with AI_EXTENDED;
 * else 2 for AI_FQDN with AI_CANONNAME (AI_FQDN alone puts the fully
 * qualified name in ai_canonname; with both, both are wanted and the nodes
 * become ADDRINFOEX2); else 0, plain ADDRINFOEX. */
static int node_version( const struct lookup_query *query )
{
    if (query->version) return query->version;
    if ((query->flags & (AI_FQDN | AI_CANONNAME)) == (AI_FQDN | AI_CANONNAME)) return ADDRINFOEX_VERSION_2;
    return 0;
}

static size_t node_size( int version )
{
    switch (version)
    {
    case 0: return sizeof(ADDRINFOEXW);
    case ADDRINFOEX_VERSION_2: return sizeof(ADDRINFOEX2W);
    case ADDRINFOEX_VERSION_3: return sizeof(ADDRINFOEX3);
    case ADDRINFOEX_VERSION_4: return sizeof(ADDRINFOEX4);
    case ADDRINFOEX_VERSION_5: return sizeof(ADDRINFOEX5);
    default: return sizeof(ADDRINFOEX6);
    }
}

/* What a node says about its address beyond ADDRINFOEX2. */
struct node_extra
{
    unsigned int ttl;
    ULONG64      response_flags;
};

/* Every version is ADDRINFOEX2 followed by more members, each version
 * appending to the previous one, so one ADDRINFOEX6 view serves for all;
 * members past the node's version are never written.  ADDRINFOEX2W and
 * ADDRINFOEX2A have the same layout (no ANSI form exists past version 2). */
static ADDRINFOEX2W *alloc_node( const struct lookup_query *query, const SOCKADDR *addr, int addrlen,
                                 const WCHAR *canon, const WCHAR *fqdn, const struct node_extra *extra,
                                 BOOL wide )
{
    int version = node_version( query );
    size_t head = node_size( version );
    size_t canon_size = string_size( canon, wide ), fqdn_size = string_size( fqdn, wide );
    ADDRINFOEX2W *node;
    ADDRINFOEX6 *node6;
    char *pos;

    head = (head + 7) & ~(size_t)7;
    if (!(node = HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY,
                            head + sizeof(SOCKADDR_IN6) + canon_size + fqdn_size )))
        return NULL;
    pos = (char *)node + head;
    /* Result flags describe the result, they do not echo the request: a DNS
     * answer has none (Wine's Windows-validated test_getaddrinfo: hints
     * AI_ALL | AI_DNS_ONLY give ai_flags 0); only AI_EXTENDED below marks
     * the ADDRINFOEX2 layout. */
    node->ai_flags = 0;
    node->ai_family = addr->sa_family;
    node->ai_socktype = query->socktype;
    node->ai_protocol = query->protocol;
    node->ai_addrlen = addrlen;
    node->ai_addr = (SOCKADDR *)pos;
    memcpy( pos, addr, addrlen );
    pos += sizeof(SOCKADDR_IN6);
    node->ai_canonname = put_string( &pos, canon, canon_size, wide );
    if (!version) return node;

    node->ai_flags |= AI_EXTENDED;
    node->ai_version = version;
    /* the fully qualified name where AI_FQDN asked for it */
    if (query->flags & AI_FQDN) node->ai_fqdn = put_string( &pos, fqdn, fqdn_size, wide );
    node6 = (ADDRINFOEX6 *)node;
    /* ADDRINFOEX3: ai_interfaceindex 0, no interface in particular: the
     * system's servers answer every lookup (docs/windows-behaviour.md).
     * ADDRINFOEX4: ai_resolutionhandle NULL, AI_RESOLUTION_HANDLE is not
     * supported.  ADDRINFOEX6: no servers (ai_numservers 0, ai_servers
     * NULL), as for a lookup through the system's servers. */
    if (version >= ADDRINFOEX_VERSION_5 && (query->flags & AI_RETURN_TTL)) node6->ai_ttl = extra->ttl;
    if (version >= ADDRINFOEX_VERSION_6 && (query->flags & AI_RETURN_RESPONSE_FLAGS))
        node6->ai_responseflags = extra->response_flags;
    return node;
}

static void node_get_extra( const ADDRINFOEXW *list, struct node_extra *extra )
{
    const ADDRINFOEX6 *node6 = (const ADDRINFOEX6 *)list;

    memset( extra, 0, sizeof(*extra) );
    if (!(list->ai_flags & AI_EXTENDED)) return;
    if (node6->ai_version >= ADDRINFOEX_VERSION_5) extra->ttl = node6->ai_ttl;
    if (node6->ai_version >= ADDRINFOEX_VERSION_6) extra->response_flags = node6->ai_responseflags;
}

static int make_sockaddr( const struct result_addr *addr, USHORT port, SOCKADDR_IN6 *storage )
{
    memset( storage, 0, sizeof(*storage) );
    if (addr->family == WS2GETDNS_AF_INET)
    {
        SOCKADDR_IN *sin = (SOCKADDR_IN *)storage;

        sin->sin_family = AF_INET;
        sin->sin_port = port;
        memcpy( &sin->sin_addr, addr->addr, 4 );
        return sizeof(SOCKADDR_IN);
    }
    storage->sin6_family = AF_INET6;
    storage->sin6_port = port;
    storage->sin6_scope_id = addr->scope_id;
    memcpy( &storage->sin6_addr, addr->addr, 16 );
    return sizeof(SOCKADDR_IN6);
}

static WCHAR *ascii_to_wide( const char *str, UINT16 len )
{
    WCHAR *ret;
    int count;

    if (!len || !str[0]) return NULL;
    count = MultiByteToWideChar( CP_UTF8, 0, str, -1, NULL, 0 );
    if (!(ret = HeapAlloc( GetProcessHeap(), 0, count * sizeof(WCHAR) ))) return NULL;
    MultiByteToWideChar( CP_UTF8, 0, str, -1, ret, count );
    return ret;
}

int build_result_list( const struct lookup_query *query, const struct result_record *record,
                       ADDRINFOEXW **result )
{
    const struct result_addr *addrs = (const struct result_addr *)(record + 1);
    const char *canon_str = (const char *)(addrs + record->addr_count);
    const char *fqdn_str = canon_str + record->canon_len;
    WCHAR *canon = NULL, *fqdn = NULL;
    ADDRINFOEX2W *head = NULL, **tail = &head;
    int i, ret = 0;

    *result = NULL;
    if (!record->addr_count) return WSANO_DATA;

    /* Without a name from the answer (hosts file, numeric), Windows reports
     * the name as given. */
    if (query->flags & AI_CANONNAME) canon = ascii_to_wide( canon_str, record->canon_len );
    if (query->flags & AI_FQDN) fqdn = ascii_to_wide( fqdn_str, record->fqdn_len );

    for (i = 0; i < record->addr_count; i++)
    {
        SOCKADDR_IN6 storage;
        int addrlen = make_sockaddr( &addrs[i], query->port, &storage );
        const WCHAR *node_canon = NULL;
        struct node_extra extra;

        /* A DNS answer's TTL; an answer from the hosts file or a number
         * has none, and says 0 (docs/windows-behaviour.md). */
        extra.ttl = addrs[i].ttl;
        extra.response_flags = 0;
        if (addrs[i].flags & WS2GETDNS_ADDR_HOSTS_FILE) extra.response_flags |= AI_DNS_RESPONSE_HOSTFILE;
        if (addrs[i].flags & WS2GETDNS_ADDR_SECURE) extra.response_flags |= AI_DNS_RESPONSE_SECURE;

        if (!i && (query->flags & AI_CANONNAME)) node_canon = canon ? canon : query->name;
        else if (!i && (query->flags & AI_FQDN)) node_canon = fqdn ? fqdn : query->name;
        if (!(*tail = alloc_node( query, (SOCKADDR *)&storage, addrlen, node_canon,
                                  fqdn ? fqdn : query->name, &extra, TRUE )))
        {
            ret = WSA_NOT_ENOUGH_MEMORY;
            break;
        }
        tail = &(*tail)->ai_next;
    }
    HeapFree( GetProcessHeap(), 0, canon );
    HeapFree( GetProcessHeap(), 0, fqdn );
    if (ret)
    {
        free_result_list( (ADDRINFOEXW *)head );
        return ret;
    }
    *result = (ADDRINFOEXW *)head;
    return 0;
}

/* No name: the wildcard address with AI_PASSIVE, loopback otherwise. */
int build_passive_list( const struct lookup_query *query, ADDRINFOEXW **result )
{
    struct
    {
        struct result_record record;
        struct result_addr addrs[2];
    } packed;

    memset( &packed.record, 0, sizeof(packed.record) );
    packed.record.addr_count = loopback_addresses( packed.addrs, query->family, query->flags & AI_PASSIVE );
    return build_result_list( query, &packed.record, result );
}

void free_result_list( ADDRINFOEXW *list )
{
    while (list)
    {
        ADDRINFOEXW *next = (ADDRINFOEXW *)list->ai_next;
        HeapFree( GetProcessHeap(), 0, list );
        list = next;
    }
}

/* GetAddrInfoExA has no asynchronous form: its list is a converted copy. */
int convert_list_to_ansi( const struct lookup_query *query, const ADDRINFOEXW *list, ADDRINFOEXA **result )
{
    ADDRINFOEX2A *head = NULL, **tail = &head;

    *result = NULL;
    for (; list; list = (const ADDRINFOEXW *)list->ai_next)
    {
        const WCHAR *fqdn = (list->ai_flags & AI_EXTENDED) ? ((const ADDRINFOEX2W *)list)->ai_fqdn : NULL;
        struct node_extra extra;

        node_get_extra( list, &extra );
        if (!(*tail = (ADDRINFOEX2A *)alloc_node( query, list->ai_addr, list->ai_addrlen,
                                                  list->ai_canonname, fqdn, &extra, FALSE )))
        {
            free_result_list( (ADDRINFOEXW *)head );
            return WSA_NOT_ENOUGH_MEMORY;
        }
        tail = &(*tail)->ai_next;
    }
    *result = (ADDRINFOEXA *)head;
    return 0;
}

/* getaddrinfo and GetAddrInfoW: the same nodes as ADDRINFOA or ADDRINFOW
 * (one layout, the strings' character type apart), each one heap block
 * holding its address and name, as ours above.  Only the name of the
 * nodes' ai_canonname survives: these structures have no ai_fqdn, and a
 * versioned node's AI_EXTENDED would tell the caller of a member that is
 * not there. */
int convert_list_to_plain( const ADDRINFOEXW *list, BOOL wide, ADDRINFOW **result )
{
    ADDRINFOW *head = NULL, **tail = &head;

    *result = NULL;
    for (; list; list = (const ADDRINFOEXW *)list->ai_next)
    {
        size_t head_size = (sizeof(ADDRINFOW) + 7) & ~(size_t)7;
        size_t canon_size = string_size( list->ai_canonname, wide );
        ADDRINFOW *node;
        char *pos;

        if (!(node = HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY,
                                head_size + sizeof(SOCKADDR_IN6) + canon_size )))
        {
            free_plain_list( head );
            return WSA_NOT_ENOUGH_MEMORY;
        }
        pos = (char *)node + head_size;
        node->ai_flags = list->ai_flags & ~AI_EXTENDED;
        node->ai_family = list->ai_family;
        node->ai_socktype = list->ai_socktype;
        node->ai_protocol = list->ai_protocol;
        node->ai_addrlen = min( list->ai_addrlen, sizeof(SOCKADDR_IN6) );
        node->ai_addr = (SOCKADDR *)pos;
        memcpy( pos, list->ai_addr, node->ai_addrlen );
        pos += sizeof(SOCKADDR_IN6);
        node->ai_canonname = put_string( &pos, list->ai_canonname, canon_size, wide );
        *tail = node;
        tail = &node->ai_next;
    }
    *result = head;
    return 0;
}

void free_plain_list( ADDRINFOW *list )
{
    while (list)
    {
        ADDRINFOW *next = list->ai_next;
        HeapFree( GetProcessHeap(), 0, list );
        list = next;
    }
}
