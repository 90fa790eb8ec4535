/*
 * ws2getdns Unix side: the configuration (resolv.conf, hosts, interfaces), kept current
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"
#include "wine/debug.h"

#include "unix_resolver_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

/* The files are small and stat() is cheap, but a burst of lookups must not
 * stat them for each one. */
#define CONFIG_CHECK_INTERVAL_MS 1000

static const char *env_or( const char *name, const char *fallback )
{
    const char *value = getenv( name );

    return value && *value ? value : fallback;
}

void config_init( struct resolver *resolver )
{
    snprintf( resolver->resolv_path, sizeof(resolver->resolv_path), "%s",
              env_or( "WS2GETDNS_RESOLV_CONF", "/etc/resolv.conf" ) );
    snprintf( resolver->hosts_path, sizeof(resolver->hosts_path), "%s",
              env_or( "WS2GETDNS_HOSTS", "/etc/hosts" ) );
    tls_config_path( resolver->tls_path, sizeof(resolver->tls_path) );
    dnssec_config_path( resolver->dnssec_path, sizeof(resolver->dnssec_path) );
}

static const char *tls_mode_name( const struct tls_config *tls )
{
    if (tls->broken) return "broken";
    return tls->mode == TLS_STRICT ? "strict" : tls->mode == TLS_OPPORTUNISTIC ? "opportunistic" : "off";
}

void config_check( struct resolver *resolver, int force )
{
    struct file_stamp stamp;
    uint64_t now = loop_now_ms();
    int replace = 0;

    if (!force && now - resolver->last_check < CONFIG_CHECK_INTERVAL_MS) return;
    resolver->last_check = now;

    resolver->config_oom = 0;
    file_get_stamp( resolver->resolv_path, &stamp );
    if (force || !file_stamp_equal( &stamp, &resolver->resolv_stamp ))
    {
        /* out of memory: keep the old configuration and try again later */
        if (!resolv_config_load( &resolver->conf, resolver->resolv_path )) resolver->config_oom = 1;
        else
        {
            resolver->resolv_stamp = stamp;
            replace = 1;
        }
        TRACE( "%s: %u servers, %u search, ndots %u timeout %u attempts %u\n",
               resolver->resolv_path, resolver->conf.server_count, resolver->conf.search_count,
               resolver->conf.ndots, resolver->conf.timeout_s, resolver->conf.attempts );
    }
    /* the DNS-over-TLS setting: its servers replace resolv.conf's */
    file_get_stamp( resolver->tls_path, &stamp );
    if (force || !file_stamp_equal( &stamp, &resolver->tls_stamp ))
    {
        if (!tls_config_load( &resolver->tls, resolver->tls_path )) resolver->config_oom = 1;
        else
        {
            resolver->tls_stamp = stamp;
            replace = 1;
            if (resolver->tls.broken && resolver->tls.line)
                ERR( "%s, line %u: cannot use this DNS-over-TLS setting: DNS lookups fail until it "
                     "is fixed (ws2getdns config)\n", resolver->tls_path, resolver->tls.line );
            else if (resolver->tls.broken)
                ERR( "%s: DNS over TLS needs a server, and in strict mode a name or a pin for each: "
                     "DNS lookups fail until it is fixed (ws2getdns config)\n", resolver->tls_path );
        }
        TRACE( "%s: DNS over TLS %s, %u servers\n", debugstr_a(resolver->tls_path),
               tls_mode_name( &resolver->tls ), resolver->tls.server_count );
    }
    /* the DNSSEC setting: every context of a new set validates, or none */
    file_get_stamp( resolver->dnssec_path, &stamp );
    if (force || !file_stamp_equal( &stamp, &resolver->dnssec_stamp ))
    {
        if (!dnssec_config_load( &resolver->dnssec, resolver->dnssec_path, &resolver->dnssec_anchors ))
            resolver->config_oom = 1;
        else
        {
            resolver->dnssec_stamp = stamp;
            resolver->dnssec_generation++;
            replace = 1;
            if (resolver->dnssec.broken && resolver->dnssec.line)
                ERR( "%s, line %u: cannot use this DNSSEC setting: DNS lookups fail until it is fixed "
                     "(ws2getdns config)\n", resolver->dnssec_path, resolver->dnssec.line );
            else if (resolver->dnssec.broken)
                ERR( "%s: DNSSEC validation needs trust anchors (DS or DNSKEY records) from %s: "
                     "DNS lookups fail until it is fixed (ws2getdns config)\n", resolver->dnssec_path,
                     resolver->dnssec.trust_anchor[0] ? resolver->dnssec.trust_anchor : DNSSEC_DEFAULT_ANCHOR );
        }
        TRACE( "%s: DNSSEC validation %s\n", debugstr_a(resolver->dnssec_path),
               resolver->dnssec.broken ? "broken" : resolver->dnssec.validate ? "on" : "off" );
    }
    if (replace && !force) upstreams_replace( resolver );
    file_get_stamp( resolver->hosts_path, &stamp );
    if (force || !file_stamp_equal( &stamp, &resolver->hosts_stamp ))
    {
        struct hosts_table *hosts = hosts_load( resolver->hosts_path );

        /* out of memory: keep the old table and try again later */
        if (hosts)
        {
            resolver->hosts_stamp = stamp;
            hosts_free( resolver->hosts );
            resolver->hosts = hosts;
        }
        else resolver->config_oom = 1;
    }
}

void config_check_interfaces( struct resolver *resolver )
{
    struct ifaddrs *ifaddrs, *ifa;
    uint64_t now = loop_now_ms();

    if (resolver->last_if_check && now - resolver->last_if_check < CONFIG_CHECK_INTERVAL_MS) return;
    resolver->last_if_check = now;

    resolver->have_v4 = resolver->have_v6 = 0;
    if (getifaddrs( &ifaddrs )) return;
    for (ifa = ifaddrs; ifa; ifa = ifa->ifa_next)
    {
        if (!ifa->ifa_addr) continue;
        if (ifa->ifa_addr->sa_family == AF_INET)
        {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)ifa->ifa_addr;
            if ((ntohl( sin->sin_addr.s_addr ) >> 24) != 127) resolver->have_v4 = 1;
        }
        else if (ifa->ifa_addr->sa_family == AF_INET6)
        {
            const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ifa->ifa_addr;
            if (!IN6_IS_ADDR_LOOPBACK( &sin6->sin6_addr ) && !IN6_IS_ADDR_LINKLOCAL( &sin6->sin6_addr ))
                resolver->have_v6 = 1;
        }
    }
    freeifaddrs( ifaddrs );
}
