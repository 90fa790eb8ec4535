/*
 * ws2getdns Unix side: reverse lookups of a prefix that asks for private DNS (unix_reverse_lookup)
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
#include <strings.h>
#include <getdns/getdns.h>
#include <getdns/getdns_extra.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"
#include "wine/debug.h"

#include "unix_reverse.h"
#include "unix_cname_chain.h"
#include "unix_dnssec.h"
#include "unix_hosts.h"
#include "unix_names.h"
#include "unix_resolvconf.h"
#include "unix_tls.h"
#include "unix_upstream.h"
#include "unix_wire.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

struct reverse_settings
{
    struct resolv_config resolv;
    struct tls_config tls;
    struct dnssec_config dnssec;
    getdns_list *anchors;           /* with validation on */
    struct hosts_table *hosts;
};

/* what one try of one server gave */
enum try_result
{
    TRY_NO_ANSWER,      /* no reply, or SERVFAIL, REFUSED...: the next server may answer */
    TRY_BOGUS,          /* DNSSEC-bogus: not used, the next server may pass it on intact */
    TRY_NAME,
    TRY_NXDOMAIN,
    TRY_NODATA,
    TRY_NO_MEMORY,
};

static const char *env_or( const char *name, const char *fallback )
{
    const char *value = getenv( name );

    return value && *value ? value : fallback;
}

/* the files the engine reads (unix_config.c), read again for each lookup */
static int settings_load( struct reverse_settings *s )
{
    char path[PATH_MAX];

    if (!resolv_config_load( &s->resolv, env_or( "WS2GETDNS_RESOLV_CONF", "/etc/resolv.conf" ) )) return 0;
    tls_config_path( path, sizeof(path) );
    if (!tls_config_load( &s->tls, path )) return 0;
    dnssec_config_path( path, sizeof(path) );
    if (!dnssec_config_load( &s->dnssec, path, &s->anchors )) return 0;
    return (s->hosts = hosts_load( env_or( "WS2GETDNS_HOSTS", "/etc/hosts" ) )) != NULL;
}

static void settings_free( struct reverse_settings *s )
{
    getdns_list_destroy( s->anchors );
    hosts_free( s->hosts );
    free( s );
}

void reverse_query_name( UINT32 family, const BYTE *addr, char *buf, size_t size )
{
    static const BYTE mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
    static const BYTE compat[12] = { 0 };
    static const BYTE loopback[4] = { 0, 0, 0, 1 };
    static const char hex[] = "0123456789abcdef";
    size_t pos = 0;
    int i;

    if (family == WS2GETDNS_AF_INET6
        && (!memcmp( addr, mapped, 12 ) || (!memcmp( addr, compat, 12 ) && memcmp( addr + 12, loopback, 4 ))))
    {
        addr += 12;
        family = WS2GETDNS_AF_INET;
    }
    if (family == WS2GETDNS_AF_INET)
    {
        snprintf( buf, size, "%u.%u.%u.%u.in-addr.arpa", addr[3], addr[2], addr[1], addr[0] );
        return;
    }
    /* 32 nibbles, lowest first, and "ip6.arpa": 72 characters */
    if (size < 73)
    {
        if (size) buf[0] = 0;
        return;
    }
    for (i = 15; i >= 0; i--)
    {
        buf[pos++] = hex[addr[i] & 0xf];
        buf[pos++] = '.';
        buf[pos++] = hex[addr[i] >> 4];
        buf[pos++] = '.';
    }
    strcpy( buf + pos, "ip6.arpa" );
}

static getdns_return_t set_plain_upstream( getdns_context *context, const struct resolv_server *server, int use_vc )
{
    static const getdns_transport_list_t udp_tcp[] = { GETDNS_TRANSPORT_UDP, GETDNS_TRANSPORT_TCP };
    static const getdns_transport_list_t tcp_only[] = { GETDNS_TRANSPORT_TCP };
    getdns_dict *dict = upstream_server_dict( server );
    getdns_list *list = getdns_list_create();
    getdns_return_t ret = GETDNS_RETURN_MEMORY_ERROR;

    if (dict && list && !(ret = getdns_list_set_dict( list, 0, dict )))
        ret = getdns_context_set_upstream_recursive_servers( context, list );
    getdns_dict_destroy( dict );
    getdns_list_destroy( list );
    if (ret) return ret;
    /* getdns itself retries a truncated UDP reply over TCP */
    return use_vc ? getdns_context_set_dns_transport_list( context, 1, (getdns_transport_list_t *)tcp_only )
                  : getdns_context_set_dns_transport_list( context, 2, (getdns_transport_list_t *)udp_tcp );
}

/* A context for one try of one server, configured as the engine's are
 * (unix_upstream.c): stub, DNS only, the TLS setting's transports and
 * authentication, the trust anchors.  Made for the try and destroyed
 * after it: nothing of a failed handshake or a half-read connection stays
 * for the next one.  A context of its own loop, which getdns_general_sync
 * runs on this thread. */
static getdns_context *make_context( const struct reverse_settings *s, unsigned int server )
{
    getdns_namespace_t dns_only = GETDNS_NAMESPACE_DNS;
    getdns_context *context;
    getdns_return_t ret;

    /* not from the OS: getdns would read resolv.conf without its options */
    if ((ret = getdns_context_create( &context, 0 )))
    {
        ERR( "getdns_context_create failed: %d\n", ret );
        return NULL;
    }
    if ((ret = getdns_context_set_resolution_type( context, GETDNS_RESOLUTION_STUB ))
        || (ret = getdns_context_set_namespaces( context, 1, &dns_only ))
        || (ret = getdns_context_set_append_name( context, GETDNS_APPEND_NAME_NEVER ))
        || (ret = getdns_context_set_timeout( context, s->resolv.timeout_s * 1000 ))
        || (ret = tls_config_on( &s->tls )
                  ? tls_context_setup( context, &s->tls, &s->tls.servers[server], GETDNS_TRANSPORT_TCP )
                  : set_plain_upstream( context, &s->resolv.servers[server], s->resolv.use_vc ))
        || (ret = dnssec_config_on( &s->dnssec ) ? dnssec_context_setup( context, s->anchors ) : GETDNS_RETURN_GOOD))
    {
        ERR( "configuring the getdns context of a reverse lookup failed: %d\n", ret );
        getdns_context_destroy( context );
        return NULL;
    }
    return context;
}

/* The first PTR record of the reply for qname, through its CNAMEs, as
 * text.  A PTR record whose name we refuse to show (name_is_valid) is
 * passed over, as glibc passes over one that is not a host name. */
static int reply_ptr( getdns_dict *reply, char *name, size_t size )
{
    getdns_bindata *qname, *owner, *data;
    struct cname_chain chain;
    getdns_list *answers;
    size_t count = 0, i;
    uint32_t type;

    if (getdns_dict_get_bindata( reply, "/question/qname", &qname )
        || getdns_dict_get_list( reply, "answer", &answers ) || getdns_list_get_length( answers, &count ))
        return 0;
    /* the PTR may come through CNAMEs (RFC 2317's classless delegation) */
    cname_chain_walk( &chain, qname, answers );

    for (i = 0; i < count; i++)
    {
        getdns_dict *rr;

        if (getdns_list_get_dict( answers, i, &rr ) || getdns_dict_get_int( rr, "type", &type )
            || type != GETDNS_RRTYPE_PTR || getdns_dict_get_bindata( rr, "name", &owner )
            || cname_chain_find( &chain, owner ) < 0 || getdns_dict_get_bindata( rr, "/rdata/ptrdname", &data ))
            continue;
        if (name_wire_to_text( data->data, data->size, name, size )) return 1;
        TRACE( "a PTR record with a name we do not pass on\n" );
    }
    return 0;
}

/* what the replies of a response say; those for another question and
 * malformed ones (getdns 1.6 passes both on) are not replies */
static enum try_result read_response( getdns_dict *response, const char *qname, char *name, size_t size )
{
    getdns_list *replies, *wires = NULL;
    int nxdomain = 0, noerror = 0;
    size_t count = 0, i;

    if (getdns_dict_get_list( response, "replies_tree", &replies ) || getdns_list_get_length( replies, &count ))
        return TRY_NO_ANSWER;
    if (getdns_dict_get_list( response, "replies_full", &wires )) wires = NULL;
    for (i = 0; i < count; i++)
    {
        char text[WS2GETDNS_MAX_NAME];
        getdns_bindata *wire, *question;
        getdns_dict *reply;
        uint32_t rcode;

        if (getdns_list_get_dict( replies, i, &reply )) continue;
        if (wires && !getdns_list_get_bindata( wires, i, &wire )
            && !dns_message_is_well_formed( wire->data, wire->size ))
            continue;
        if (getdns_dict_get_bindata( reply, "/question/qname", &question )
            || !name_wire_to_text( question->data, question->size, text, sizeof(text) )
            || strcasecmp( text, qname ))
            continue;
        if (getdns_dict_get_int( reply, "/header/rcode", &rcode )) continue;
        if (rcode == 3) nxdomain = 1;
        if (rcode) continue;
        noerror = 1;
        if (reply_ptr( reply, name, size )) return TRY_NAME;
    }
    if (nxdomain) return TRY_NXDOMAIN;
    return noerror ? TRY_NODATA : TRY_NO_ANSWER;
}

static enum try_result try_server( const struct reverse_settings *s, unsigned int server, const char *qname,
                                   getdns_dict *extensions, char *name, size_t size, int *secure )
{
    getdns_context *context = make_context( s, server );
    getdns_dict *response = NULL;
    enum try_result result;
    getdns_return_t ret;

    if (!context) return TRY_NO_MEMORY;
    ret = getdns_general_sync( context, qname, GETDNS_RRTYPE_PTR, extensions, &response );
    if (ret) result = ret == GETDNS_RETURN_MEMORY_ERROR ? TRY_NO_MEMORY : TRY_NO_ANSWER;
    /* nothing of a bogus response is used, "not found" no more than a name */
    else if (extensions && dnssec_response_verdict( response ) == DNSSEC_BOGUS) result = TRY_BOGUS;
    else
    {
        result = read_response( response, qname, name, size );
        /* strict DNS over TLS: getdns authenticated the server, or there
         * would be no reply; or validated from the trust anchor down */
        *secure = (tls_config_on( &s->tls ) && s->tls.mode == TLS_STRICT)
                  || (extensions && dnssec_response_verdict( response ) == DNSSEC_SECURE);
    }
    TRACE( "%s: server %u: getdns %d, result %u\n", debugstr_a(qname), server, ret, result );
    getdns_dict_destroy( response );
    getdns_context_destroy( context );
    return result;
}

/* glibc's res_send order: every server in turn, `attempts` times.  A
 * server that answered bogus is not asked again: it strips or mangles the
 * signatures, or its answers are forged on their way. */
static UINT32 query_servers( const struct reverse_settings *s, const char *qname, char *name, size_t size,
                             UINT32 *flags )
{
    unsigned int count = tls_config_on( &s->tls ) ? s->tls.server_count : s->resolv.server_count;
    unsigned int attempt, server, bogus = 0;
    getdns_dict *extensions = NULL;
    UINT32 status = WS2GETDNS_WSATRY_AGAIN;
    int secure = 0;

    if (count > MAX_NAMESERVERS) count = MAX_NAMESERVERS;
    if (dnssec_config_on( &s->dnssec ) && !(extensions = dnssec_extensions_create()))
        return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    for (attempt = 0; attempt < s->resolv.attempts; attempt++)
    {
        for (server = 0; server < count; server++)
        {
            if (bogus & (1u << server)) continue;
            switch (try_server( s, server, qname, extensions, name, size, &secure ))
            {
            case TRY_NO_ANSWER:
                continue;
            case TRY_BOGUS:
                bogus |= 1u << server;
                continue;
            case TRY_NAME:
                if (secure) *flags |= WS2GETDNS_ADDR_SECURE;
                status = 0;
                break;
            case TRY_NXDOMAIN:
                status = WS2GETDNS_WSAHOST_NOT_FOUND;
                break;
            case TRY_NODATA:
                status = WS2GETDNS_WSANO_DATA;
                break;
            case TRY_NO_MEMORY:
                status = WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
                break;
            }
            getdns_dict_destroy( extensions );
            return status;
        }
    }
    getdns_dict_destroy( extensions );
    /* never "not found" after a bogus answer: the name may well exist */
    return bogus ? WS2GETDNS_WSANO_RECOVERY : WS2GETDNS_WSATRY_AGAIN;
}

void reverse_lookup( struct reverse_params *params )
{
    static const BYTE any[16];
    struct reverse_settings *s;
    struct result_addr addr;
    char qname[WS2GETDNS_MAX_NAME];
    const char *known;

    params->status = 0;
    params->flags = 0;
    params->name[0] = 0;
    if (params->family != WS2GETDNS_AF_INET && params->family != WS2GETDNS_AF_INET6)
    {
        params->status = WS2GETDNS_WSANO_RECOVERY;
        return;
    }
    /* glibc says "not found" for :: without asking anyone */
    if (params->family == WS2GETDNS_AF_INET6 && !memcmp( params->addr, any, 16 ))
    {
        params->status = WS2GETDNS_WSAHOST_NOT_FOUND;
        return;
    }
    /* large (the TLS setting holds paths): not on the stack */
    if (!(s = calloc( 1, sizeof(*s) )) || !settings_load( s ))
    {
        if (s) settings_free( s );
        params->status = WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
        return;
    }
    memset( &addr, 0, sizeof(addr) );
    addr.family = params->family;
    memcpy( addr.addr, params->addr, params->family == WS2GETDNS_AF_INET ? 4 : 16 );
    reverse_query_name( params->family, params->addr, qname, sizeof(qname) );

    if ((known = hosts_lookup_addr( s->hosts, &addr )))
    {
        /* written by name_is_valid's rules, and shorter than the buffer */
        snprintf( params->name, sizeof(params->name), "%s", known );
        params->flags = WS2GETDNS_ADDR_HOSTS_FILE;
    }
    /* a setting we cannot honour fails DNS rather than send it in plaintext
     * or unvalidated, as the engine's lookups do */
    else if (s->tls.broken || s->dnssec.broken) params->status = WS2GETDNS_WSANO_RECOVERY;
    else params->status = query_servers( s, qname, params->name, sizeof(params->name), &params->flags );
    TRACE( "%s: status %u, %s, flags %#x\n", debugstr_a(qname), params->status, debugstr_a(params->name),
           params->flags );
    settings_free( s );
}
