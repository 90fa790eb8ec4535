/*
 * ws2getdns Unix side: DNS over TLS, the prefix's setting and the getdns contexts it asks for
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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <getdns/getdns_extra.h>

#include "unix_tls.h"
#include "unix_file.h"
#include "unix_names.h"
#include "unix_upstream.h"

#define MAX_TLS_CONF_SIZE (64 * 1024)
/* Seconds getdns refuses a server after tls_connection_retries failed
 * handshakes (its default: an hour).  Short, so that a server back from an
 * outage is used again at the next lookup but one; the per-try timeouts
 * and failover of the resolver still apply meanwhile. */
#define TLS_BACKOFF_S 2

static int token_is( const char *token, size_t len, const char *word )
{
    return len == strlen( word ) && !memcmp( token, word, len );
}

static int base64_value( char c )
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* a SHA-256 in base64: 43 characters and one '=', the last character's
 * two unused bits zero (the only spelling getdns accepts) */
static int pin_valid( const char *text, size_t len )
{
    size_t i;
    int last;

    if (len != 44 || text[43] != '=') return 0;
    for (i = 0; i < 43; i++) if (base64_value( text[i] ) < 0) return 0;
    last = base64_value( text[42] );
    return !(last & 3);
}

/* ADDRESS[@PORT][#AUTH-NAME] */
static int parse_server( struct tls_server *server, const char *token, size_t len )
{
    char buf[WS2GETDNS_MAX_NAME * 2], *name, *port;
    struct result_addr addr;

    if (len >= sizeof(buf)) return 0;
    memcpy( buf, token, len );
    buf[len] = 0;
    memset( server, 0, sizeof(*server) );
    server->port = TLS_DEFAULT_PORT;
    if ((name = strchr( buf, '#' )))
    {
        *name++ = 0;
        if (!*name || strlen( name ) >= sizeof(server->auth_name) || !name_is_valid( name )) return 0;
        strcpy( server->auth_name, name );
    }
    if ((port = strchr( buf, '@' )))
    {
        char *end;
        unsigned long value;

        *port++ = 0;
        if (*port < '0' || *port > '9') return 0;
        value = strtoul( port, &end, 10 );
        if (*end || !value || value > 65535) return 0;
        server->port = value;
    }
    if (!name_parse_literal( buf, &addr )) return 0;
    server->addr.family = addr.family == WS2GETDNS_AF_INET ? AF_INET : AF_INET6;
    memcpy( server->addr.addr, addr.addr, sizeof(server->addr.addr) );
    server->addr.scope_id = addr.scope_id;
    return 1;
}

/* pin-sha256=BASE64, or with the value in double quotes as Stubby writes it */
static int parse_pin( struct tls_server *server, const char *token, size_t len )
{
    static const char prefix[] = "pin-sha256=";

    if (len < sizeof(prefix) - 1 || memcmp( token, prefix, sizeof(prefix) - 1 )) return 0;
    token += sizeof(prefix) - 1;
    len -= sizeof(prefix) - 1;
    if (len >= 2 && token[0] == '"' && token[len - 1] == '"')
    {
        token++;
        len -= 2;
    }
    if (server->pin_count == TLS_MAX_PINS || !pin_valid( token, len )) return 0;
    memcpy( server->pins[server->pin_count], token, len );
    server->pins[server->pin_count++][len] = 0;
    return 1;
}

static int parse_path( char *out, size_t size, const char *token, size_t len )
{
    if (!len || token[0] != '/' || len >= size) return 0;
    memcpy( out, token, len );
    out[len] = 0;
    return 1;
}

static int parse_line( struct tls_config *conf, const char *pos, const char *end )
{
    const char *token;
    size_t len;

    if (!text_next_token( &pos, end, &token, &len ) || token[0] == '#' || token[0] == ';') return 1;
    if (token_is( token, len, "mode" ))
    {
        int have = text_next_token( &pos, end, &token, &len );

        if (have && token_is( token, len, "off" )) conf->mode = TLS_OFF;
        else if (have && token_is( token, len, "opportunistic" )) conf->mode = TLS_OPPORTUNISTIC;
        else if (have && token_is( token, len, "strict" )) conf->mode = TLS_STRICT;
        else
        {
            /* a mode we cannot read may have meant strict */
            conf->mode = TLS_STRICT;
            return 0;
        }
    }
    else if (token_is( token, len, "server" ))
    {
        struct tls_server *server;

        if (conf->server_count == MAX_NAMESERVERS || !text_next_token( &pos, end, &token, &len )) return 0;
        server = &conf->servers[conf->server_count++];
        if (!parse_server( server, token, len )) return 0;
        while (text_next_token( &pos, end, &token, &len ))
            if (!parse_pin( server, token, len )) return 0;
        return 1;
    }
    else if (token_is( token, len, "ca-file" ) || token_is( token, len, "ca-path" ))
    {
        char *out = token_is( token, len, "ca-file" ) ? conf->ca_file : conf->ca_path;

        if (!text_next_token( &pos, end, &token, &len ) || !parse_path( out, PATH_MAX, token, len )) return 0;
    }
    else return 0;
    return !text_next_token( &pos, end, &token, &len );
}

static int parse_line_cb( void *conf, const char *pos, const char *end )
{
    return parse_line( conf, pos, end );
}

void tls_config_parse( struct tls_config *conf, const char *text, size_t len )
{
    unsigned int i;

    memset( conf, 0, sizeof(*conf) );
    if ((conf->line = text_parse_lines( text, len, parse_line_cb, conf ))) conf->broken = 1;
    if (conf->mode == TLS_OFF)
    {
        /* nothing asked for TLS: whatever else the file says, plain DNS as
         * without it; a misspelt mode is an error above, not "off" */
        conf->broken = 0;
        return;
    }
    if (!conf->server_count) conf->broken = 1;
    /* strict needs something to authenticate each server by */
    for (i = 0; i < conf->server_count && conf->mode == TLS_STRICT; i++)
        if (!conf->servers[i].auth_name[0] && !conf->servers[i].pin_count) conf->broken = 1;
}

void tls_config_path( char *buf, size_t size )
{
    const char *env = getenv( "WS2GETDNS_DOT_CONF" ), *dir;

    /* set but empty: no file */
    if (env) snprintf( buf, size, "%s", env );
    else if ((dir = getenv( "WINEPREFIX" )) && *dir)
        snprintf( buf, size, "%s/ws2getdns/dns-over-tls.conf", dir );
    else if ((dir = getenv( "HOME" )) && *dir)
        snprintf( buf, size, "%s/.wine/ws2getdns/dns-over-tls.conf", dir );
    else if (size) buf[0] = 0;
}

int tls_config_load( struct tls_config *conf, const char *path )
{
    char *text;
    size_t len;

    if (!path[0])
    {
        memset( conf, 0, sizeof(*conf) );
        return 1;
    }
    if (!(text = file_read_all( path, MAX_TLS_CONF_SIZE, &len )))
    {
        if (errno == ENOMEM) return 0;
        memset( conf, 0, sizeof(*conf) );
        /* a file we cannot read may say strict: fail closed */
        if (errno != ENOENT && errno != ENOTDIR)
        {
            conf->mode = TLS_STRICT;
            conf->broken = 1;
        }
        return 1;
    }
    tls_config_parse( conf, text, len );
    free( text );
    return 1;
}

static getdns_return_t add_pins( getdns_context *context, getdns_dict *dict, const struct tls_server *server )
{
    getdns_list *list = getdns_list_create();
    getdns_return_t ret = list ? GETDNS_RETURN_GOOD : GETDNS_RETURN_MEMORY_ERROR;
    char text[64];
    unsigned int i;

    for (i = 0; i < server->pin_count && !ret; i++)
    {
        getdns_dict *pin;

        snprintf( text, sizeof(text), "pin-sha256=\"%s\"", server->pins[i] );
        if (!(pin = getdns_pubkey_pin_create_from_string( context, text ))) ret = GETDNS_RETURN_GENERIC_ERROR;
        else
        {
            ret = getdns_list_set_dict( list, i, pin );
            getdns_dict_destroy( pin );
        }
    }
    if (!ret) ret = getdns_dict_set_list( dict, "tls_pubkey_pinset", list );
    getdns_list_destroy( list );
    return ret;
}

getdns_return_t tls_context_setup( getdns_context *context, const struct tls_config *conf,
                                   const struct tls_server *server, getdns_transport_list_t fallback )
{
    getdns_transport_list_t transports[2] = { GETDNS_TRANSPORT_TLS, fallback };
    getdns_bindata name = { strlen( server->auth_name ), (uint8_t *)server->auth_name };
    getdns_dict *dict = upstream_server_dict( &server->addr );
    getdns_list *list = getdns_list_create();
    getdns_return_t ret = GETDNS_RETURN_MEMORY_ERROR;

    if (dict && list
        && !(ret = getdns_dict_set_int( dict, "tls_port", server->port ))
        && !(ret = name.size ? getdns_dict_set_bindata( dict, "tls_auth_name", &name ) : GETDNS_RETURN_GOOD)
        && !(ret = server->pin_count ? add_pins( context, dict, server ) : GETDNS_RETURN_GOOD)
        && !(ret = getdns_list_set_dict( list, 0, dict )))
        ret = getdns_context_set_upstream_recursive_servers( context, list );
    getdns_dict_destroy( dict );
    getdns_list_destroy( list );
    if (ret) return ret;

    /* strict: TLS alone, and a handshake that does not authenticate the
     * server ends the try; opportunistic: an authentication failure still
     * gives an encrypted channel, and no TLS at all plain DNS */
    if ((ret = getdns_context_set_dns_transport_list( context, conf->mode == TLS_STRICT ? 1 : 2, transports ))
        || (ret = getdns_context_set_tls_authentication( context, conf->mode == TLS_STRICT
                                                                  ? GETDNS_AUTHENTICATION_REQUIRED
                                                                  : GETDNS_AUTHENTICATION_NONE ))
        || (ret = getdns_context_set_tls_backoff_time( context, TLS_BACKOFF_S )))
        return ret;
    if (conf->ca_file[0] && (ret = getdns_context_set_tls_ca_file( context, conf->ca_file ))) return ret;
    if (conf->ca_path[0] && (ret = getdns_context_set_tls_ca_path( context, conf->ca_path ))) return ret;
    return GETDNS_RETURN_GOOD;
}
