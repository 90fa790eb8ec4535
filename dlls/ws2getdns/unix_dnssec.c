/*
 * ws2getdns Unix side: DNSSEC validation, the prefix's setting and what getdns says of an answer
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
#include <getdns/getdns_extra.h>

#include "unix_dnssec.h"
#include "unix_file.h"

#define MAX_DNSSEC_CONF_SIZE (16 * 1024)
/* seconds a signature may be used outside its validity period: a clock a
 * minute off must not turn every answer bogus */
#define DNSSEC_ALLOWED_SKEW_S 300
/* TTL given to anchor records that carry none (a trust anchor has no
 * expiry of its own) */
#define DNSSEC_ANCHOR_TTL 3600

static int token_is( const char *token, size_t len, const char *word )
{
    return len == strlen( word ) && !memcmp( token, word, len );
}

static int parse_line( struct dnssec_config *conf, const char *pos, const char *end )
{
    const char *token;
    size_t len;

    if (!text_next_token( &pos, end, &token, &len ) || token[0] == '#' || token[0] == ';') return 1;
    if (token_is( token, len, "validate" )) conf->validate = 1;
    else if (token_is( token, len, "off" )) conf->validate = 0;
    else if (token_is( token, len, "trust-anchor" ))
    {
        if (!text_next_token( &pos, end, &token, &len ) || token[0] != '/' || len >= sizeof(conf->trust_anchor))
            return 0;
        memcpy( conf->trust_anchor, token, len );
        conf->trust_anchor[len] = 0;
    }
    else
    {
        /* a word we cannot read may have meant validation */
        conf->validate = 1;
        return 0;
    }
    return !text_next_token( &pos, end, &token, &len );
}

static int parse_line_cb( void *conf, const char *pos, const char *end )
{
    return parse_line( conf, pos, end );
}

void dnssec_config_parse( struct dnssec_config *conf, const char *text, size_t len )
{
    memset( conf, 0, sizeof(*conf) );
    if ((conf->line = text_parse_lines( text, len, parse_line_cb, conf ))) conf->broken = 1;
    /* nothing asked for validation: whatever else the file says, answers
     * as without it (a misspelt word is an error above, not "off") */
    if (!conf->validate) conf->broken = 0;
}

void dnssec_config_path( char *buf, size_t size )
{
    const char *env = getenv( "WS2GETDNS_DNSSEC_CONF" ), *dir;

    /* set but empty: no file */
    if (env) snprintf( buf, size, "%s", env );
    else if ((dir = getenv( "WINEPREFIX" )) && *dir)
        snprintf( buf, size, "%s/ws2getdns/dnssec.conf", dir );
    else if ((dir = getenv( "HOME" )) && *dir)
        snprintf( buf, size, "%s/.wine/ws2getdns/dnssec.conf", dir );
    else if (size) buf[0] = 0;
}

/* the DS and DNSKEY records of the file; NULL (errno ENOMEM when out of
 * memory) when it cannot be read or holds none */
static getdns_list *anchors_load( const char *path )
{
    getdns_list *records = NULL, *anchors;
    size_t count = 0, i, n = 0;
    getdns_return_t ret;
    FILE *file;

    if (!(file = fopen( path, "re" ))) return NULL;
    ret = getdns_fp2rr_list( file, &records, NULL, DNSSEC_ANCHOR_TTL );
    fclose( file );
    if (ret || getdns_list_get_length( records, &count ))
    {
        getdns_list_destroy( records );
        errno = ret == GETDNS_RETURN_MEMORY_ERROR ? ENOMEM : EINVAL;
        return NULL;
    }
    if (!(anchors = getdns_list_create()))
    {
        getdns_list_destroy( records );
        errno = ENOMEM;
        return NULL;
    }
    /* root.key may hold other records beside the keys */
    for (i = 0; i < count; i++)
    {
        getdns_dict *rr;
        uint32_t type;

        if (getdns_list_get_dict( records, i, &rr ) || getdns_dict_get_int( rr, "type", &type )
            || (type != GETDNS_RRTYPE_DS && type != GETDNS_RRTYPE_DNSKEY))
            continue;
        if ((ret = getdns_list_set_dict( anchors, n++, rr ))) break;
    }
    getdns_list_destroy( records );
    if (ret || !n)
    {
        getdns_list_destroy( anchors );
        errno = ret ? ENOMEM : EINVAL;
        return NULL;
    }
    return anchors;
}

int dnssec_config_read( struct dnssec_config *conf, const char *path )
{
    char *text;
    size_t len;

    memset( conf, 0, sizeof(*conf) );
    if (path[0] && (text = file_read_all( path, MAX_DNSSEC_CONF_SIZE, &len )))
    {
        dnssec_config_parse( conf, text, len );
        free( text );
    }
    else if (path[0])
    {
        if (errno == ENOMEM) return 0;
        /* a file we cannot read may say validate: fail closed */
        if (errno != ENOENT && errno != ENOTDIR) conf->validate = conf->broken = 1;
    }
    return 1;
}

int dnssec_config_load( struct dnssec_config *conf, const char *path, getdns_list **anchors )
{
    struct dnssec_config loaded;
    getdns_list *list = NULL;

    if (!dnssec_config_read( &loaded, path )) return 0;
    if (dnssec_config_on( &loaded )
        && !(list = anchors_load( loaded.trust_anchor[0] ? loaded.trust_anchor : DNSSEC_DEFAULT_ANCHOR )))
    {
        if (errno == ENOMEM) return 0;
        loaded.broken = 1;
    }
    *conf = loaded;
    getdns_list_destroy( *anchors );
    *anchors = list;
    return 1;
}

getdns_list *dnssec_anchors_copy( const getdns_list *anchors )
{
    getdns_list *copy = getdns_list_create();
    size_t count = 0, i;

    if (!copy || getdns_list_get_length( anchors, &count ))
    {
        getdns_list_destroy( copy );
        return NULL;
    }
    for (i = 0; i < count; i++)
    {
        getdns_dict *rr;

        if (getdns_list_get_dict( anchors, i, &rr ) || getdns_list_set_dict( copy, i, rr ))
        {
            getdns_list_destroy( copy );
            return NULL;
        }
    }
    return copy;
}

getdns_return_t dnssec_context_setup( getdns_context *context, const getdns_list *anchors )
{
    getdns_return_t ret;

    /* anchors of our own: getdns would otherwise look for its own file,
     * or fetch the root's over the network (zero configuration DNSSEC) */
    if ((ret = getdns_context_set_dnssec_trust_anchors( context, (getdns_list *)anchors ))) return ret;
    return getdns_context_set_dnssec_allowed_skew( context, DNSSEC_ALLOWED_SKEW_S );
}

getdns_dict *dnssec_extensions_create( void )
{
    getdns_dict *dict = getdns_dict_create();

    if (dict && (getdns_dict_set_int( dict, "dnssec_return_status", GETDNS_EXTENSION_TRUE )
                 || getdns_dict_set_int( dict, "dnssec_return_all_statuses", GETDNS_EXTENSION_TRUE )))
    {
        getdns_dict_destroy( dict );
        return NULL;
    }
    return dict;
}

enum dnssec_verdict dnssec_response_verdict( const getdns_dict *response )
{
    enum dnssec_verdict verdict = DNSSEC_UNCHECKED;
    getdns_list *replies;
    size_t count = 0, i;

    if (!response || getdns_dict_get_list( response, "replies_tree", &replies )
        || getdns_list_get_length( replies, &count ))
        return DNSSEC_UNCHECKED;
    for (i = 0; i < count; i++)
    {
        getdns_dict *reply;
        uint32_t status;

        /* a reply without a status was not validated: not secure */
        if (getdns_list_get_dict( replies, i, &reply ) || getdns_dict_get_int( reply, "dnssec_status", &status ))
            status = GETDNS_DNSSEC_INDETERMINATE;
        if (status == GETDNS_DNSSEC_BOGUS) return DNSSEC_BOGUS;
        if (status != GETDNS_DNSSEC_SECURE) verdict = DNSSEC_INSECURE;
        else if (verdict == DNSSEC_UNCHECKED) verdict = DNSSEC_SECURE;
    }
    return verdict;
}
