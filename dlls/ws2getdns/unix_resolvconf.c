/*
 * ws2getdns Unix side: /etc/resolv.conf parser (nameserver, search, domain, options)
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
#include <string.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "unix_resolvconf.h"
#include "unix_file.h"

#define MAX_RESOLV_CONF_SIZE (1024 * 1024)

static int token_is( const char *token, size_t len, const char *word )
{
    return len == strlen( word ) && !memcmp( token, word, len );
}

static void add_nameserver( struct resolv_config *conf, const char *token, size_t len )
{
    struct resolv_server *server;
    struct result_addr addr;
    char buf[WS2GETDNS_MAX_NAME];

    if (conf->server_count == MAX_NAMESERVERS || len >= sizeof(buf)) return;
    memcpy( buf, token, len );
    buf[len] = 0;
    if (!name_parse_literal( buf, &addr )) return;
    server = &conf->servers[conf->server_count++];
    server->family = addr.family == WS2GETDNS_AF_INET ? AF_INET : AF_INET6;
    memcpy( server->addr, addr.addr, sizeof(server->addr) );
    server->scope_id = addr.scope_id;
}

/* "search" and "domain" both replace the list; the last such line wins */
static void set_search( struct resolv_config *conf, const char **pos, const char *end, int only_one )
{
    const char *token;
    size_t len;

    conf->search_count = 0;
    while (conf->search_count < MAX_SEARCH_DOMAINS && text_next_token( pos, end, &token, &len ))
    {
        char buf[WS2GETDNS_MAX_NAME];

        if (len >= sizeof(buf)) continue;
        memcpy( buf, token, len );
        buf[len] = 0;
        /* the root ("search ." in systemd-resolved's stub file) is kept as
         * an empty suffix: the name as given, in the root's place in the
         * list (name_search_candidates) */
        if (!strcmp( buf, "." )) conf->search[conf->search_count][0] = 0;
        else if (!name_is_valid( buf ) || !name_normalize( buf, conf->search[conf->search_count], 254 ))
            continue;
        conf->search_count++;
        if (only_one) break;
    }
}

static int option_value( const char *token, size_t len, const char *name, unsigned int *value )
{
    size_t name_len = strlen( name );
    unsigned int v = 0;
    size_t i;

    if (len <= name_len || memcmp( token, name, name_len )) return 0;
    for (i = name_len; i < len; i++)
    {
        if (token[i] < '0' || token[i] > '9') return 0;
        if (v < 1000) v = v * 10 + (token[i] - '0');
    }
    *value = v;
    return 1;
}

static void set_options( struct resolv_config *conf, const char **pos, const char *end )
{
    const char *token;
    size_t len;
    unsigned int value;

    while (text_next_token( pos, end, &token, &len ))
    {
        /* same clamps as glibc's res_init */
        if (option_value( token, len, "ndots:", &value ))
            conf->ndots = value > 15 ? 15 : value;
        else if (option_value( token, len, "timeout:", &value ))
            conf->timeout_s = value < 1 ? 1 : (value > 30 ? 30 : value);
        else if (option_value( token, len, "attempts:", &value ))
            conf->attempts = value < 1 ? 1 : (value > 5 ? 5 : value);
        else if (token_is( token, len, "rotate" ))
            conf->rotate = 1;
        else if (token_is( token, len, "use-vc" ))
            conf->use_vc = 1;
        /* getdns sends each query from a socket of its own, so the
         * "reopen" variant (a new socket for the second query) is the same */
        else if (token_is( token, len, "single-request" ) || token_is( token, len, "single-request-reopen" ))
            conf->single_request = 1;
        else if (token_is( token, len, "no-aaaa" ))
            conf->no_aaaa = 1;
        /* edns0: getdns puts an OPT record in every query anyway; trust-ad:
         * nothing we return carries the AD bit; debug, inet6, no-reload,
         * no-tld-query and unknown words: ignored */
    }
}

void resolv_config_parse( struct resolv_config *conf, const char *text, size_t len )
{
    const char *pos = text, *end = text + len, *line;
    size_t line_len;

    memset( conf, 0, sizeof(*conf) );
    conf->ndots = 1;
    conf->timeout_s = 5;
    conf->attempts = 2;

    while (text_next_line( &pos, end, &line, &line_len ))
    {
        const char *lpos = line, *lend = line + line_len, *keyword, *value;
        size_t keyword_len, value_len;

        if (!text_next_token( &lpos, lend, &keyword, &keyword_len )) continue;
        if (keyword[0] == '#' || keyword[0] == ';') continue;
        if (token_is( keyword, keyword_len, "nameserver" ))
        {
            if (text_next_token( &lpos, lend, &value, &value_len ))
                add_nameserver( conf, value, value_len );
        }
        else if (token_is( keyword, keyword_len, "search" ))
            set_search( conf, &lpos, lend, 0 );
        else if (token_is( keyword, keyword_len, "domain" ))
            set_search( conf, &lpos, lend, 1 );
        else if (token_is( keyword, keyword_len, "options" ))
            set_options( conf, &lpos, lend );
    }

    if (!conf->server_count)
    {
        conf->servers[0].family = AF_INET;
        inet_pton( AF_INET, "127.0.0.1", conf->servers[0].addr );
        conf->server_count = 1;
    }
}

int resolv_config_load( struct resolv_config *conf, const char *path )
{
    size_t len = 0;
    char *text = file_read_all( path, MAX_RESOLV_CONF_SIZE, &len );
    const char *env, *pos;

    if (!text && errno == ENOMEM) return 0;
    resolv_config_parse( conf, text ? text : "", len );
    free( text );
    if ((env = getenv( "LOCALDOMAIN" )))
    {
        pos = env;
        set_search( conf, &pos, env + strlen( env ), 0 );
    }
    if ((env = getenv( "RES_OPTIONS" )))
    {
        pos = env;
        set_options( conf, &pos, env + strlen( env ) );
    }
    return 1;
}
