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

/* glibc's EAI_NODATA and EAI_ADDRFAMILY */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"
#include "wine/debug.h"

#include "unix_resolver_private.h"
#include "unix_nss.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

/* Enough for the sources people list before dns; more lookups wait in the
 * queue, with their deadline running.  A thread blocked in a slow source
 * (mDNS waits seconds for a name nobody has) holds up only its own job. */
#define NSS_MAX_THREADS 8

/* ------------------------------------------------------------ the hosts line */

static const char *skip_space( const char *p )
{
    while (*p == ' ' || *p == '\t') p++;
    return p;
}

static int word_is( const char *word, size_t len, const char *text )
{
    return len == strlen( text ) && !strncasecmp( word, text, len );
}

static unsigned int status_bit( const char *word, size_t len )
{
    if (word_is( word, len, "SUCCESS" )) return NSS_RETURN_SUCCESS;
    if (word_is( word, len, "NOTFOUND" )) return NSS_RETURN_NOTFOUND;
    if (word_is( word, len, "UNAVAIL" )) return NSS_RETURN_UNAVAIL;
    if (word_is( word, len, "TRYAGAIN" )) return NSS_RETURN_TRYAGAIN;
    return 0;
}

/* "[STATUS=ACTION ...]" after a source, glibc's syntax; p is past the '[' */
static const char *parse_actions( const char *p, unsigned int *returns )
{
    for (;;)
    {
        const char *word;
        unsigned int bits;
        int negate = 0;

        p = skip_space( p );
        if (!*p || *p == '\n') return p;
        if (*p == ']') return p + 1;
        if (*p == '!')
        {
            negate = 1;
            p = skip_space( p + 1 );
        }
        for (word = p; *p && *p != '=' && *p != ']' && *p != ' ' && *p != '\t' && *p != '\n'; p++) ;
        bits = status_bit( word, p - word );
        if (negate) bits = (NSS_RETURN_SUCCESS | NSS_RETURN_NOTFOUND | NSS_RETURN_UNAVAIL
                            | NSS_RETURN_TRYAGAIN) & ~bits;
        p = skip_space( p );
        if (*p != '=') continue;
        p = skip_space( p + 1 );
        for (word = p; *p && *p != ']' && *p != ' ' && *p != '\t' && *p != '\n'; p++) ;
        if (word_is( word, p - word, "return" )) *returns |= bits;
        else *returns &= ~bits;
    }
}

static enum nss_kind source_kind( const char *word, size_t len, int mdns_allow, int resolved )
{
    if (word_is( word, len, "files" )) return NSS_FILES;
    if (word_is( word, len, "dns" )) return NSS_DNS;
    if (word_is( word, len, "mdns_minimal" ) || word_is( word, len, "mdns4_minimal" )
        || word_is( word, len, "mdns6_minimal" ))
        return NSS_MDNS;
    /* the full forms also ask mDNS for the domains mdns.allow lists */
    if (word_is( word, len, "mdns" ) || word_is( word, len, "mdns4" ) || word_is( word, len, "mdns6" ))
        return mdns_allow ? NSS_OTHER : NSS_MDNS;
    if (word_is( word, len, "myhostname" )) return NSS_MYHOSTNAME;
    /* without its daemon the module says UNAVAIL and glibc goes on: it
     * owns nothing, as files owns nothing here (unix_local.c read it) */
    if (word_is( word, len, "resolve" )) return resolved ? NSS_RESOLVE : NSS_FILES;
    return NSS_OTHER;
}

void nss_config_parse( const char *text, int mdns_allow, int resolved, struct nss_config *conf )
{
    const char *p = text;

    memset( conf, 0, sizeof(*conf) );
    while (*p)
    {
        const char *line = skip_space( p );

        p = strchr( p, '\n' );
        p = p ? p + 1 : line + strlen( line );
        if (strncmp( line, "hosts", 5 ) || *(line = skip_space( line + 5 )) != ':') continue;
        line++;
        /* glibc keeps the first hosts line */
        while (conf->count < NSS_MAX_SOURCES)
        {
            const char *word;

            line = skip_space( line );
            if (!*line || *line == '\n' || *line == '#') break;
            if (*line == '[')
            {
                if (conf->count) line = parse_actions( line + 1, &conf->sources[conf->count - 1].returns );
                else line++;
                continue;
            }
            for (word = line; *line && *line != ' ' && *line != '\t' && *line != '\n' && *line != '['; line++) ;
            conf->sources[conf->count].kind = source_kind( word, line - word, mdns_allow, resolved );
            conf->sources[conf->count].returns = NSS_RETURN_SUCCESS;
            conf->count++;
        }
        return;
    }
}

/* ------------------------------------------------------------- ownership */

/* name without its trailing dot equals text, or ends in "." text */
static int name_is_under( const char *name, size_t len, const char *text )
{
    size_t text_len = strlen( text );

    if (len == text_len) return !strncasecmp( name, text, len );
    return len > text_len && name[len - text_len - 1] == '.'
        && !strncasecmp( name + len - text_len, text, text_len );
}

static int name_is( const char *name, size_t len, const char *text )
{
    return len == strlen( text ) && !strncasecmp( name, text, len );
}

static int is_own_name( const char *name, size_t len, const char *hostname )
{
    size_t host_len = strlen( hostname );

    if (host_len && hostname[host_len - 1] == '.') host_len--;
    return (host_len && len == host_len && !strncasecmp( name, hostname, len ))
        || name_is_under( name, len, "localhost.localdomain" )
        || name_is( name, len, "_gateway" ) || name_is( name, len, "_outbound" );
}

static int source_owns( enum nss_kind kind, const char *name, const char *hostname )
{
    size_t len = strlen( name );

    if (len && name[len - 1] == '.') len--;
    switch (kind)
    {
    case NSS_FILES:
    case NSS_DNS:
        return 0;
    case NSS_MDNS:
        return name_is_under( name, len, "local" );
    case NSS_MYHOSTNAME:
        return is_own_name( name, len, hostname );
    case NSS_RESOLVE:
        return name_is_under( name, len, "local" ) || !memchr( name, '.', len )
            || is_own_name( name, len, hostname )
            || name_is( name, len, "_localdnsstub" ) || name_is( name, len, "_localdnsproxy" );
    case NSS_OTHER:
        return 1;
    }
    return 0;
}

enum nss_route nss_route( const struct nss_config *conf, const char *name, const char *hostname )
{
    unsigned int i;

    /* no hosts line: glibc's default, "dns [!UNAVAIL=return] files" */
    if (!conf->count) return NSS_ROUTE_DNS;
    for (i = 0; i < conf->count; i++)
    {
        const struct nss_source *source = &conf->sources[i];

        if (source->kind == NSS_DNS) break;
        if (source_owns( source->kind, name, hostname )) return NSS_ROUTE_SYSTEM;
    }
    /* glibc never asks DNS: only what the sources say counts */
    if (i == conf->count) return NSS_ROUTE_SYSTEM;
    /* after dns: asked when DNS failed, unless dns returns on it (on
     * NOTFOUND, the usual failure, we take it as returning on every one) */
    if (conf->sources[i].returns & NSS_RETURN_NOTFOUND) return NSS_ROUTE_DNS;
    for (i++; i < conf->count; i++)
        if (source_owns( conf->sources[i].kind, name, hostname )) return NSS_ROUTE_DNS_THEN_SYSTEM;
    return NSS_ROUTE_DNS;
}

void nss_init( struct resolver *resolver )
{
    const char *path = getenv( "WS2GETDNS_NSSWITCH" );
    unsigned int i;
    size_t len;
    char *text;

    if (!path || !*path) path = "/etc/nsswitch.conf";
    /* unreadable (or no memory): glibc's default, DNS first */
    text = file_read_all( path, 65536, &len );
    nss_config_parse( text ? text : "", !access( "/etc/mdns.allow", F_OK ),
                      !access( "/run/systemd/resolve/io.systemd.Resolve", F_OK ), &resolver->nss_conf );
    free( text );
    resolver->nss_hostname = 0;
    for (i = 0; i < resolver->nss_conf.count; i++)
        if (resolver->nss_conf.sources[i].kind == NSS_MYHOSTNAME || resolver->nss_conf.sources[i].kind == NSS_RESOLVE)
            resolver->nss_hostname = 1;
    TRACE( "%s: %u hosts sources\n", debugstr_a(path), resolver->nss_conf.count );
}

enum nss_route nss_route_for( struct resolver *resolver, const char *name )
{
    char host[WS2GETDNS_MAX_NAME];

    host[0] = 0;
    if (resolver->nss_hostname && !gethostname( host, sizeof(host) )) host[sizeof(host) - 1] = 0;
    else host[0] = 0;
    return nss_route( &resolver->nss_conf, name, host );
}

/* --------------------------------------------------------- the thread pool */

enum job_state
{
    JOB_QUEUED,
    JOB_RUNNING,
    JOB_DONE,
};

/* A job belongs to the pool while queued or running, to the loop once done.
 * `state` and `abandoned` are the pool lock's; `res` is the loop thread's. */
struct nss_job
{
    struct nss_job *next;
    struct resolution *res;
    enum job_state state;
    int abandoned;
    int family, flags;              /* getaddrinfo's hints */
    int error;                      /* getaddrinfo's result, or EAI_MEMORY */
    struct addr_list addrs;
    char *canon;
    char name[];
};

struct nss_pool
{
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct nss_job *queue, **queue_tail;
    struct nss_job *done, **done_tail;
    unsigned int threads, idle;
    unsigned int queued;            /* jobs in the queue */
    unsigned int refs;              /* the resolver and each thread */
    int stopping;
    int wake_fd;
    unsigned int started, calls, dropped, live_jobs;
};

static void job_free( struct nss_pool *pool, struct nss_job *job )
{
    addr_list_free( &job->addrs );
    free( job->canon );
    free( job );
    pool->live_jobs--;
}

static void pool_free( struct nss_pool *pool )
{
    close( pool->wake_fd );
    pthread_cond_destroy( &pool->cond );
    pthread_mutex_destroy( &pool->lock );
    free( pool );
}

static void run_job( struct nss_job *job )
{
    struct addrinfo hints, *result = NULL, *ai;

    memset( &hints, 0, sizeof(hints) );
    hints.ai_family = job->family;
    hints.ai_socktype = SOCK_STREAM;    /* one node per address */
    hints.ai_flags = job->flags;
    if ((job->error = getaddrinfo( job->name, NULL, &hints, &result ))) return;
    for (ai = result; ai; ai = ai->ai_next)
    {
        struct result_addr addr;

        memset( &addr, 0, sizeof(addr) );
        if (ai->ai_family == AF_INET && ai->ai_addrlen >= sizeof(struct sockaddr_in))
        {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)ai->ai_addr;

            addr.family = WS2GETDNS_AF_INET;
            memcpy( addr.addr, &sin->sin_addr, 4 );
        }
        else if (ai->ai_family == AF_INET6 && ai->ai_addrlen >= sizeof(struct sockaddr_in6))
        {
            const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ai->ai_addr;

            addr.family = WS2GETDNS_AF_INET6;
            addr.scope_id = sin6->sin6_scope_id;
            memcpy( addr.addr, &sin6->sin6_addr, 16 );
        }
        else continue;
        if (!addr_list_add( &job->addrs, &addr )) job->error = EAI_MEMORY;
    }
    if (result && result->ai_canonname && !(job->canon = strdup( result->ai_canonname )))
        job->error = EAI_MEMORY;
    freeaddrinfo( result );
}

static void *worker_main( void *arg )
{
    struct nss_pool *pool = arg;
    uint64_t one = 1;
    int last;

    pthread_mutex_lock( &pool->lock );
    for (;;)
    {
        struct nss_job *job;
        int wake;

        while (!pool->queue && !pool->stopping)
        {
            pool->idle++;
            pthread_cond_wait( &pool->cond, &pool->lock );
            pool->idle--;
        }
        if (pool->stopping) break;
        job = pool->queue;
        if (!(pool->queue = job->next)) pool->queue_tail = &pool->queue;
        pool->queued--;
        job->next = NULL;
        job->state = JOB_RUNNING;
        pool->calls++;
        pthread_mutex_unlock( &pool->lock );

        run_job( job );

        pthread_mutex_lock( &pool->lock );
        if (job->abandoned)
        {
            /* cancelled or timed out meanwhile: the result is nobody's */
            pool->dropped++;
            job_free( pool, job );
            continue;
        }
        job->state = JOB_DONE;
        wake = !pool->done;
        *pool->done_tail = job;
        pool->done_tail = &job->next;
        /* a non-empty done list has a wake-up pending already */
        if (wake) while (write( pool->wake_fd, &one, sizeof(one) ) == -1 && errno == EINTR) ;
    }
    pool->threads--;
    last = !--pool->refs;
    pthread_mutex_unlock( &pool->lock );
    if (last) pool_free( pool );
    return NULL;
}

struct nss_pool *nss_pool_create( int wake_fd )
{
    struct nss_pool *pool = calloc( 1, sizeof(*pool) );

    if (!pool) return NULL;
    if ((pool->wake_fd = dup( wake_fd )) == -1)
    {
        free( pool );
        return NULL;
    }
    pthread_mutex_init( &pool->lock, NULL );
    pthread_cond_init( &pool->cond, NULL );
    pool->queue_tail = &pool->queue;
    pool->done_tail = &pool->done;
    pool->refs = 1;
    return pool;
}

void nss_pool_release( struct nss_pool *pool )
{
    struct nss_job *job, *next;
    int last;

    if (!pool) return;
    pthread_mutex_lock( &pool->lock );
    pool->stopping = 1;
    for (job = pool->queue; job; job = next)
    {
        next = job->next;
        job_free( pool, job );
    }
    for (job = pool->done; job; job = next)
    {
        next = job->next;
        job_free( pool, job );
    }
    pool->queue = pool->done = NULL;
    pool->queued = 0;
    pool->queue_tail = &pool->queue;
    pool->done_tail = &pool->done;
    pthread_cond_broadcast( &pool->cond );
    last = !--pool->refs;
    pthread_mutex_unlock( &pool->lock );
    if (last) pool_free( pool );
}

/* Under the lock, with the new job queued: one more thread when the jobs
 * queued outnumber the idle threads (an idle thread signalled but not yet
 * awake still counts as idle, and its job as queued). */
static int start_thread( struct nss_pool *pool )
{
    sigset_t all, old;
    pthread_attr_t attr;
    pthread_t thread;
    int ret;

    if (pool->queued <= pool->idle || pool->threads >= NSS_MAX_THREADS) return 1;
    /* not a Wine thread: no signal of Wine's may land on it */
    sigfillset( &all );
    pthread_sigmask( SIG_BLOCK, &all, &old );
    pthread_attr_init( &attr );
    pthread_attr_setdetachstate( &attr, PTHREAD_CREATE_DETACHED );
    ret = pthread_create( &thread, &attr, worker_main, pool );
    pthread_attr_destroy( &attr );
    pthread_sigmask( SIG_SETMASK, &old, NULL );
    if (ret)
    {
        WARN( "pthread_create failed: %s\n", strerror( ret ) );
        /* the threads there are will take the job */
        return pool->threads != 0;
    }
    pool->threads++;
    pool->refs++;
    pool->started++;
    return 1;
}

static void nss_pool_abandon_locked( struct nss_pool *pool, struct nss_job *job )
{
    struct nss_job **ptr;

    job->res = NULL;
    switch (job->state)
    {
    case JOB_QUEUED:
        for (ptr = &pool->queue; *ptr; ptr = &(*ptr)->next)
        {
            if (*ptr != job) continue;
            if (!(*ptr = job->next)) pool->queue_tail = ptr;
            pool->queued--;
            break;
        }
        job_free( pool, job );
        break;
    case JOB_RUNNING:
    case JOB_DONE:
        /* freed by its thread, or by the next nss_pool_collect */
        job->abandoned = 1;
        break;
    }
}

int nss_pool_submit( struct nss_pool *pool, struct resolution *res )
{
    size_t len = strlen( res->name );
    struct nss_job *job = calloc( 1, offsetof(struct nss_job, name) + len + 1 );

    if (!job) return 0;
    memcpy( job->name, res->name, len + 1 );
    /* the same families as the DNS path asks, filtered the same way after */
    if (res->family == WS2GETDNS_AF_INET) job->family = AF_INET;
    else if (res->family == WS2GETDNS_AF_INET6 && !(res->flags & WS2GETDNS_AI_V4MAPPED)) job->family = AF_INET6;
    else job->family = AF_UNSPEC;
    job->flags = AI_CANONNAME;
    if (res->flags & WS2GETDNS_AI_ADDRCONFIG) job->flags |= AI_ADDRCONFIG;
    addr_list_init( &job->addrs );
    job->res = res;
    job->state = JOB_QUEUED;

    pthread_mutex_lock( &pool->lock );
    pool->live_jobs++;
    *pool->queue_tail = job;
    pool->queue_tail = &job->next;
    pool->queued++;
    if (!start_thread( pool ))
    {
        nss_pool_abandon_locked( pool, job );
        pthread_mutex_unlock( &pool->lock );
        return 0;
    }
    pthread_cond_signal( &pool->cond );
    pthread_mutex_unlock( &pool->lock );
    res->nss_job = job;
    return 1;
}

void nss_pool_abandon( struct nss_pool *pool, struct nss_job *job )
{
    pthread_mutex_lock( &pool->lock );
    nss_pool_abandon_locked( pool, job );
    pthread_mutex_unlock( &pool->lock );
}

static UINT32 status_from_eai( int error )
{
    switch (error)
    {
    case 0: return 0;
    case EAI_AGAIN: return WS2GETDNS_WSATRY_AGAIN;
    case EAI_MEMORY: return WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
    case EAI_FAIL: return WS2GETDNS_WSANO_RECOVERY;
    /* Windows' EAI_NODATA is EAI_NONAME, as stock Wine reports glibc's */
    case EAI_NONAME:
    case EAI_FAMILY:
    case EAI_NODATA:
    case EAI_ADDRFAMILY:
        return WS2GETDNS_WSAHOST_NOT_FOUND;
    default: return WS2GETDNS_WSANO_RECOVERY;
    }
}

static void job_deliver( struct nss_job *job )
{
    struct resolution *res = job->res;
    struct addr_list list;
    UINT32 status = status_from_eai( job->error );

    res->nss_job = NULL;
    TRACE( "handle %#llx name %s: getaddrinfo %d, %u addresses\n", (unsigned long long)res->handle,
           debugstr_a(res->name), job->error, job->addrs.count );
    if (status)
    {
        resolution_finish_status( res, status );
        return;
    }
    addr_list_init( &list );
    if (!addr_list_filter( res->family, res->flags, job->addrs.addrs, job->addrs.count, &list ))
        resolution_finish_status( res, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY );
    else if (!list.count) resolution_finish_status( res, WS2GETDNS_WSAHOST_NOT_FOUND );
    else resolution_finish( res, 0, &list, 0, job->canon ? job->canon : res->name, job->canon ? job->canon : res->name );
    addr_list_free( &list );
}

void nss_pool_collect( struct nss_pool *pool )
{
    struct nss_job *job, *next;

    if (!__atomic_load_n( &pool->done, __ATOMIC_ACQUIRE )) return;
    pthread_mutex_lock( &pool->lock );
    job = pool->done;
    pool->done = NULL;
    pool->done_tail = &pool->done;
    pthread_mutex_unlock( &pool->lock );

    for (; job; job = next)
    {
        next = job->next;
        if (!job->abandoned) job_deliver( job );
        pthread_mutex_lock( &pool->lock );
        if (job->abandoned) pool->dropped++;
        job_free( pool, job );
        pthread_mutex_unlock( &pool->lock );
    }
}

#ifdef WS2GETDNS_TESTS
void nss_pool_stats( struct nss_pool *pool, struct nss_stats *stats )
{
    memset( stats, 0, sizeof(*stats) );
    if (!pool) return;
    pthread_mutex_lock( &pool->lock );
    stats->threads = pool->started;
    stats->jobs = pool->calls;
    stats->dropped = pool->dropped;
    stats->live_jobs = pool->live_jobs;
    pthread_mutex_unlock( &pool->lock );
}
#endif
