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

#ifndef __WS2GETDNS_UNIX_TLS_H
#define __WS2GETDNS_UNIX_TLS_H

#include <limits.h>
#include <stddef.h>
#include <getdns/getdns.h>
#include "unix_resolvconf.h"

/* The setting lives in a file of the prefix, read here (docs/design.md,
 * "DNS over TLS", says why not the registry):
 *   $WS2GETDNS_DOT_CONF, else $WINEPREFIX/ws2getdns/dns-over-tls.conf,
 *   else $HOME/.wine/ws2getdns/dns-over-tls.conf (Wine's default prefix).
 * `tools/ws2getdns config` writes it.  Lines (# starts a comment):
 *   mode off|opportunistic|strict
 *   server ADDRESS[@PORT][#AUTH-NAME] [pin-sha256=BASE64]...
 *   ca-file FILE
 *   ca-path DIRECTORY
 * ADDRESS is an IPv4 or IPv6 literal (%scope allowed), PORT 853 unless
 * given, AUTH-NAME the name the server's certificate must carry, a pin the
 * SHA-256 of the server's SubjectPublicKeyInfo in base64.  Up to
 * MAX_NAMESERVERS servers, tried in order with failover as resolv.conf's.
 * Without ca-file/ca-path the system's CA store is used.
 *
 * A missing (or empty) file is "off": resolv.conf's servers, plain DNS.
 * A file that says anything we do not understand, or a strict mode
 * without a server that can be authenticated (no name and no pin), is
 * "broken": DNS lookups fail (WSANO_RECOVERY) rather than go out in
 * plaintext, since the user asked for something we cannot honour. */

enum tls_mode
{
    TLS_OFF,
    TLS_OPPORTUNISTIC,  /* TLS first, plain DNS to the same server when TLS cannot be had */
    TLS_STRICT,         /* authenticated TLS only; a failure is a failed lookup */
};

#define TLS_MAX_PINS 4
#define TLS_DEFAULT_PORT 853

struct tls_server
{
    struct resolv_server addr;
    unsigned int port;
    char auth_name[WS2GETDNS_MAX_NAME];     /* "" when none */
    unsigned int pin_count;
    char pins[TLS_MAX_PINS][45];            /* base64 of a SHA-256 (44 characters) */
};

struct tls_config
{
    enum tls_mode mode;
    unsigned int broken : 1;        /* fail every DNS lookup (see above) */
    unsigned int line;              /* the first bad line, for the message */
    unsigned int server_count;
    struct tls_server servers[MAX_NAMESERVERS];
    char ca_file[PATH_MAX];         /* "" when none */
    char ca_path[PATH_MAX];
};

/* the file's path as described above, "" when there is none to read */
void tls_config_path( char *buf, size_t size );

/* parses text of `len` bytes (NULs allowed: such a line is bad) */
void tls_config_parse( struct tls_config *conf, const char *text, size_t len );

/* reads and parses the file; missing: off.  Returns 0 (and leaves *conf
 * alone) when out of memory. */
int tls_config_load( struct tls_config *conf, const char *path );

/* lookups go over TLS (both modes) */
static inline int tls_config_on( const struct tls_config *conf )
{
    return conf->mode != TLS_OFF && !conf->broken;
}

/* Sets a context's upstream and transports for `server`: TLS only with
 * authentication required (strict), or TLS then `fallback` to the same
 * address's port 53 (opportunistic).  getdns' own TLS backoff is kept
 * short: it would otherwise refuse a server for an hour after two failed
 * handshakes, and a strict lookup would fail for that hour. */
getdns_return_t tls_context_setup( getdns_context *context, const struct tls_config *conf,
                                   const struct tls_server *server, getdns_transport_list_t fallback );

#endif /* __WS2GETDNS_UNIX_TLS_H */
