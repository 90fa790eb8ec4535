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

#ifndef __WS2GETDNS_UNIX_DNSSEC_H
#define __WS2GETDNS_UNIX_DNSSEC_H

#include <limits.h>
#include <stddef.h>
#include <getdns/getdns.h>

/* The setting lives in a file of the prefix, found and re-read as the
 * DNS-over-TLS one (unix_tls.h; docs/design.md, "DNSSEC validation"):
 *   $WS2GETDNS_DNSSEC_CONF, else $WINEPREFIX/ws2getdns/dnssec.conf,
 *   else $HOME/.wine/ws2getdns/dnssec.conf.
 * `tools/ws2getdns config --dnssec` writes it.  Lines (# starts a comment):
 *   validate | off
 *   trust-anchor FILE
 * FILE holds DS or DNSKEY records in zone-file form (an absolute path);
 * without one, DNSSEC_DEFAULT_ANCHOR (Debian's dns-root-data).
 *
 * A missing (or empty) file, or `off`, is no validation: answers as stock
 * Wine has them.  With `validate`, getdns validates every answer itself
 * (stub mode, the chain fetched from the same server): a bogus answer fails
 * the lookup with WSANO_RECOVERY, a secure one carries the secure flag, an
 * insecure one (proven unsigned, or outside every trust anchor) resolves
 * as usual.  A file that says anything we do not understand, or a trust
 * anchor file without a usable record, is "broken": DNS lookups fail
 * (WSANO_RECOVERY), since the user asked for validation we cannot do. */

#define DNSSEC_DEFAULT_ANCHOR "/usr/share/dns/root.key"

struct dnssec_config
{
    unsigned int validate : 1;
    unsigned int broken : 1;        /* fail every DNS lookup (see above) */
    unsigned int line;              /* the first bad line, for the message; 0 for the anchors */
    char trust_anchor[PATH_MAX];    /* "" for DNSSEC_DEFAULT_ANCHOR */
};

enum dnssec_verdict
{
    DNSSEC_UNCHECKED,   /* validation off, or no reply */
    DNSSEC_INSECURE,    /* proven unsigned, or not under a trust anchor */
    DNSSEC_SECURE,      /* every reply validated */
    DNSSEC_BOGUS,       /* some reply failed validation */
};

/* the file's path as described above, "" when there is none to read */
void dnssec_config_path( char *buf, size_t size );

/* parses text of `len` bytes */
void dnssec_config_parse( struct dnssec_config *conf, const char *text, size_t len );

/* Reads and parses the file only (missing: off; unreadable: validate and
 * broken).  Returns 0 when out of memory. */
int dnssec_config_read( struct dnssec_config *conf, const char *path );

/* Reads and parses the file (missing: off); with validation on, reads the
 * trust anchors into *anchors (getdns_list_destroy'd by the caller), or
 * marks the setting broken when they cannot be read.  Returns 0 (leaving
 * *conf and *anchors alone) when out of memory. */
int dnssec_config_load( struct dnssec_config *conf, const char *path, getdns_list **anchors );

static inline int dnssec_config_on( const struct dnssec_config *conf )
{
    return conf->validate && !conf->broken;
}

/* a copy of a list of trust anchors, NULL when out of memory */
getdns_list *dnssec_anchors_copy( const getdns_list *anchors );

/* a context validates with these anchors */
getdns_return_t dnssec_context_setup( getdns_context *context, const getdns_list *anchors );

/* the extensions of a validated query: each reply's status, bogus ones
 * included (getdns would otherwise drop them and call the rest NO_NAME);
 * NULL when out of memory */
getdns_dict *dnssec_extensions_create( void );

/* what getdns found of the replies of a response made with those
 * extensions: bogus if any is, secure if all are */
enum dnssec_verdict dnssec_response_verdict( const getdns_dict *response );

#endif /* __WS2GETDNS_UNIX_DNSSEC_H */
