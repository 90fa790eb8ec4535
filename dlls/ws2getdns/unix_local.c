/*
 * ws2getdns Unix side: answers that need no DNS (numeric, localhost, hosts, own name)
 *
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

#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include "unix_resolver_private.h"
#include "unix_names.h"
#include "loopback.h"

#define MAX_LOCAL_ADDRS 64

/* Finishes `res` with the addresses of `in` it asked for; returns 0 (and
 * leaves it unfinished) when there is none of its family. */
static int finish_local( struct resolution *res, const struct result_addr *in, unsigned int count,
                         const char *canon )
{
    struct addr_list list;

    addr_list_init( &list );
    if (!addr_list_filter( res->family, res->flags, in, count, &list ))
    {
        addr_list_free( &list );
        resolution_finish_status( res, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY );
        return 1;
    }
    if (!list.count) return 0;
    resolution_finish( res, 0, &list, 0, canon, res->name );
    addr_list_free( &list );
    return 1;
}

/* An IPv4 request takes an IPv6 address that stands for an IPv4 one as
 * that IPv4 address, as stock Wine does through glibc: ::ffff:a.b.c.d
 * always, and ::1 from the hosts file (where "::1 localhost ip6-localhost"
 * is the usual line) as 127.0.0.1.  Other requests keep them as written. */
static void addrs_as_inet( UINT32 family, struct result_addr *addrs, unsigned int count, int loopback_too )
{
    static const BYTE mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const BYTE loopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    unsigned int i;

    if (family != WS2GETDNS_AF_INET) return;
    for (i = 0; i < count; i++)
    {
        struct result_addr *addr = &addrs[i];
        UINT16 flags;
        BYTE v4[4];

        if (addr->family != WS2GETDNS_AF_INET6) continue;
        if (!memcmp( addr->addr, mapped_prefix, sizeof(mapped_prefix) ))
            memcpy( v4, addr->addr + 12, 4 );
        else if (loopback_too && !memcmp( addr->addr, loopback6, sizeof(loopback6) ))
        {
            v4[0] = 127;
            v4[1] = v4[2] = 0;
            v4[3] = 1;
        }
        else continue;
        flags = addr->flags;
        memset( addr, 0, sizeof(*addr) );
        addr->family = WS2GETDNS_AF_INET;
        addr->flags = flags;
        memcpy( addr->addr, v4, 4 );
    }
}

static unsigned int interface_addresses( struct result_addr *addrs, unsigned int size )
{
    struct ifaddrs *ifaddrs, *ifa;
    unsigned int count = 0;

    if (getifaddrs( &ifaddrs )) return 0;
    for (ifa = ifaddrs; ifa && count < size; ifa = ifa->ifa_next)
    {
        struct result_addr *addr = &addrs[count];

        if (!ifa->ifa_addr) continue;
        memset( addr, 0, sizeof(*addr) );
        if (ifa->ifa_addr->sa_family == AF_INET)
        {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)ifa->ifa_addr;

            if ((ntohl( sin->sin_addr.s_addr ) >> 24) == 127) continue;
            addr->family = WS2GETDNS_AF_INET;
            memcpy( addr->addr, &sin->sin_addr, 4 );
            count++;
        }
        else if (ifa->ifa_addr->sa_family == AF_INET6)
        {
            const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ifa->ifa_addr;

            if (IN6_IS_ADDR_LOOPBACK( &sin6->sin6_addr )) continue;
            addr->family = WS2GETDNS_AF_INET6;
            addr->scope_id = IN6_IS_ADDR_LINKLOCAL( &sin6->sin6_addr ) ? sin6->sin6_scope_id : 0;
            memcpy( addr->addr, &sin6->sin6_addr, 16 );
            count++;
        }
    }
    freeifaddrs( ifaddrs );
    return count;
}

/* An empty name is the local host: its hosts-file entry, else the
 * addresses of its interfaces, else loopback, as Windows without a network. */
static void finish_local_host( struct resolution *res )
{
    struct resolver *resolver = res->resolver;
    struct result_addr addrs[MAX_LOCAL_ADDRS];
    unsigned int count;
    const char *canon = NULL;
    char host[WS2GETDNS_MAX_NAME];

    if (gethostname( host, sizeof(host) )) host[0] = 0;
    host[sizeof(host) - 1] = 0;
    if (host[0] && name_is_valid( host )
        && (count = hosts_lookup( resolver->hosts, host, addrs, MAX_LOCAL_ADDRS, &canon )))
    {
        addrs_as_inet( res->family, addrs, count, 1 );
        if (finish_local( res, addrs, count, canon )) return;
    }
    if ((count = interface_addresses( addrs, MAX_LOCAL_ADDRS ))
        && finish_local( res, addrs, count, host[0] ? host : "localhost" ))
        return;
    count = loopback_addresses( addrs, WS2GETDNS_AF_UNSPEC, 0 );
    if (!finish_local( res, addrs, count, host[0] ? host : "localhost" ))
        resolution_finish_status( res, WS2GETDNS_WSAHOST_NOT_FOUND );
}

int local_answer( struct resolution *res )
{
    struct resolver *resolver = res->resolver;
    struct result_addr addrs[MAX_LOCAL_ADDRS];
    const char *name = res->name, *canon;
    unsigned int count;

    if (res->family != WS2GETDNS_AF_UNSPEC && res->family != WS2GETDNS_AF_INET
        && res->family != WS2GETDNS_AF_INET6)
    {
        resolution_finish_status( res, WS2GETDNS_WSAHOST_NOT_FOUND );
        return 1;
    }
    if (!name[0])
    {
        finish_local_host( res );
        return 1;
    }
    if (name_parse_numeric( name, &addrs[0] ))
    {
        addrs_as_inet( res->family, addrs, 1, 0 );
        if (!finish_local( res, addrs, 1, name )) resolution_finish_status( res, WS2GETDNS_WSAHOST_NOT_FOUND );
        return 1;
    }
    if ((res->flags & WS2GETDNS_AI_NUMERICHOST) || !name_is_valid( name ))
    {
        resolution_finish_status( res, WS2GETDNS_WSAHOST_NOT_FOUND );
        return 1;
    }
    if (name_is_localhost( name ))
    {
        count = loopback_addresses( addrs, WS2GETDNS_AF_UNSPEC, 0 );
        if (!finish_local( res, addrs, count, "localhost" ))
            resolution_finish_status( res, WS2GETDNS_WSAHOST_NOT_FOUND );
        return 1;
    }
    /* without the hosts file (no memory to load it) an answer could be wrong */
    if (resolver->config_oom)
    {
        resolution_finish_status( res, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY );
        return 1;
    }
    /* the hosts file is read with the name as given, before any search
     * suffix; a name listed without the wanted family goes on to DNS */
    if ((count = hosts_lookup( resolver->hosts, name, addrs, MAX_LOCAL_ADDRS, &canon )))
    {
        addrs_as_inet( res->family, addrs, count, 1 );
        if (finish_local( res, addrs, count, canon )) return 1;
    }
    return 0;
}
