/*
 * ws2getdns Unix side: names that nsswitch.conf gives to sources we do not implement
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

#ifndef __WS2GETDNS_UNIX_NSS_H
#define __WS2GETDNS_UNIX_NSS_H

#include "unix_types.h"

/* Stock Wine resolves through glibc, which asks the sources of the
 * "hosts:" line of /etc/nsswitch.conf in turn.  We implement two of them,
 * files (unix_hosts.c) and dns; a name that another source answers before
 * dns, or after dns has failed, goes to glibc's getaddrinfo on a small
 * pool of threads, and its result comes back into the loop like any other
 * (unix_resolution.c).  Which names a source owns:
 *   mdns, mdns4, mdns6 and their _minimal forms: names in .local (the
 *     full forms with an /etc/mdns.allow may own any name: all names);
 *   myhostname: the machine's host name, localhost.localdomain and names
 *     under it, _gateway, _outbound ("localhost" and *.localhost are
 *     answered locally, as myhostname answers them);
 *   resolve (systemd-resolved), when its socket exists: what resolved
 *     answers itself, not by unicast DNS: .local (mDNS), single-label
 *     names (LLMNR), the names myhostname owns, _localdnsstub and
 *     _localdnsproxy.  Other names stay on our DNS path, which reaches
 *     resolved through its stub in resolv.conf: all names through glibc
 *     would be exact but would put every lookup on a few threads;
 *   any other source (wins, ldap, sss, nis, extrausers, mymachines...):
 *     every name, since we cannot tell what it answers. */

enum nss_route
{
    NSS_ROUTE_DNS,              /* hosts file, then our DNS path */
    NSS_ROUTE_SYSTEM,           /* glibc's getaddrinfo on a worker */
    NSS_ROUTE_DNS_THEN_SYSTEM,  /* our DNS path; when it fails, glibc (a source after dns owns it) */
};

#define NSS_MAX_SOURCES 16

enum nss_kind
{
    NSS_FILES,
    NSS_DNS,
    NSS_MDNS,
    NSS_MYHOSTNAME,
    NSS_RESOLVE,
    NSS_OTHER,
};

/* statuses whose action is "return" (glibc's default: SUCCESS only) */
#define NSS_RETURN_SUCCESS  0x1
#define NSS_RETURN_NOTFOUND 0x2
#define NSS_RETURN_UNAVAIL  0x4
#define NSS_RETURN_TRYAGAIN 0x8

struct nss_source
{
    enum nss_kind kind;
    unsigned int returns;       /* NSS_RETURN_* */
};

struct nss_config
{
    unsigned int count;         /* 0: no hosts line, glibc's default (dns first) */
    struct nss_source sources[NSS_MAX_SOURCES];
};

/* The hosts line of an nsswitch.conf text.  mdns_allow: /etc/mdns.allow
 * exists; resolved: systemd-resolved's socket exists (else resolve is
 * unavailable and owns nothing). */
void nss_config_parse( const char *text, int mdns_allow, int resolved, struct nss_config *conf );

/* the route of a name that is not numeric, not localhost and not in the
 * hosts file; hostname is gethostname()'s */
enum nss_route nss_route( const struct nss_config *conf, const char *name, const char *hostname );

struct resolver;
struct resolution;

/* reads nsswitch.conf (WS2GETDNS_NSSWITCH, else /etc/nsswitch.conf) once,
 * into resolver->nss_conf */
void nss_init( struct resolver *resolver );
enum nss_route nss_route_for( struct resolver *resolver, const char *name );

/* the pool of threads that run getaddrinfo */
struct nss_pool;

struct nss_job;

/* wake_fd: an eventfd to write to when a result is ready (duplicated) */
struct nss_pool *nss_pool_create( int wake_fd );
/* The pool goes once its last thread has finished its current call;
 * jobs still held are freed. */
void nss_pool_release( struct nss_pool *pool );

/* Queues a getaddrinfo for res; 0 when out of memory or no thread can run
 * it.  res->nss_job holds the job until nss_pool_abandon or the result. */
int nss_pool_submit( struct nss_pool *pool, struct resolution *res );
/* the resolution goes: its job is dropped now, or by whoever holds it */
void nss_pool_abandon( struct nss_pool *pool, struct nss_job *job );
/* finishes the resolutions whose results came back (the loop thread) */
void nss_pool_collect( struct nss_pool *pool );

#ifdef WS2GETDNS_TESTS
struct nss_stats
{
    unsigned int threads;       /* threads started */
    unsigned int jobs;          /* getaddrinfo calls made */
    unsigned int dropped;       /* results that came back for nobody, freed */
    unsigned int live_jobs;     /* allocated, not yet freed */
};
void nss_pool_stats( struct nss_pool *pool, struct nss_stats *stats );
#endif

#endif /* __WS2GETDNS_UNIX_NSS_H */
