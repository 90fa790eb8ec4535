/*
 * ws2getdns Unix side: the resolver's state, shared by the unix_* files of its loop
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

#ifndef __WS2GETDNS_UNIX_RESOLVER_PRIVATE_H
#define __WS2GETDNS_UNIX_RESOLVER_PRIVATE_H

#include <limits.h>
#include <pthread.h>
#include <getdns/getdns.h>
#include <getdns/getdns_extra.h>

#include "wine/list.h"
#include "unix_resolver.h"
#include "unix_eventloop.h"
#include "unix_file.h"
#include "unix_hosts.h"
#include "unix_resolvconf.h"
#include "unix_transport.h"
#include "unix_tls.h"
#include "unix_dnssec.h"
#include "unix_upstream.h"
#include "unix_custom.h"
#include "unix_resolution.h"
#include "unix_nss.h"

/* The rooms of the resolver, each a file:
 *   unix_resolver.c    the loop: inputs from other threads, the table of
 *                      resolutions by handle, records out to resolver_run
 *   unix_config.c      resolv.conf, hosts and interfaces, kept current
 *   unix_upstream.c    the servers: getdns contexts, failover preference
 *   unix_custom.c      the server sets of lookups with custom servers
 *   unix_transport.c   the budget: queries in flight, UDP or TCP
 *   unix_resolution.c  one lookup's state machine
 *   unix_local.c       answers that need no DNS
 *   unix_nss.c         names for glibc: nsswitch sources we do not implement */
#define SPARE_CANCELS 64

/* descriptors the loop always watches: the eventfd and the cancel timer */
#define RESOLVER_OWN_FDS 2

struct resolver
{
    /* shared with submitting threads: the input queue, under `lock` */
    pthread_mutex_t lock;
    struct input *input_head, **input_tail;
    /* cancels that found no memory for their input: a lookup must not
     * keep its queries until its deadline for want of 24 bytes */
    UINT64 spare_cancels[SPARE_CANCELS];
    unsigned int spare_cancel_count;
    int event_fd;                   /* eventfd: the queue went non-empty */
    int cancel_timer_fd;            /* timerfd: the queue holds only cancels (push_cancel) */
    int wake_deferred;              /* the queue waits for cancel_timer_fd, not for event_fd */
    unsigned int cancel_delay_us;   /* CANCEL_WAKE_DELAY_US; tests make it longer */
    /* Who runs the loop, also under `lock`.  The completion thread does,
     * except while it is outside resolver_run or parked with no lookup to
     * watch; then a synchronous caller may take the loop and run its own
     * lookup on its own thread (resolver_run_sync). */
    int loop_held;                  /* some thread runs the loop */
    int loop_parked;                /* resolver_run waits for inputs, holding nothing */
    uint64_t park_due;              /* ... and takes the loop back then for its timers (0: never) */
    int loop_acquiring;             /* resolver_run waits for a synchronous caller to leave */
    int loop_wanted;                /* a synchronous caller left work behind */
    unsigned int loop_wake;         /* futex word of resolver_run's wait, for both */
    pid_t loop_sync_owner;          /* the synchronous caller that runs the loop, or 0 */
#ifdef WS2GETDNS_TESTS
    volatile int stop_requested;
    int stopped;
    volatile unsigned int trims;    /* trim_after_burst gave memory back */
#endif

    /* everything below: the thread that runs the loop only */
    struct epoll_loop *loop;
    struct page_pool *pool;         /* getdns' memory */
    getdns_eventloop_event wake_event;
    getdns_eventloop_event cancel_timer_event;
    int sigpipe_ignored;            /* as under Wine: resolver_run need not block it */

    /* unix_config.c */
    char resolv_path[PATH_MAX];
    char hosts_path[PATH_MAX];
    char tls_path[PATH_MAX];        /* the DNS-over-TLS setting (unix_tls.h), "" if none */
    char dnssec_path[PATH_MAX];     /* the DNSSEC setting (unix_dnssec.h), "" if none */
    struct file_stamp resolv_stamp, hosts_stamp, tls_stamp, dnssec_stamp;
    struct resolv_config conf;
    struct tls_config tls;
    struct dnssec_config dnssec;
    getdns_list *dnssec_anchors;    /* with validation on: its trust anchors */
    unsigned int dnssec_generation; /* the setting was loaded this many times */
    getdns_dict *dnssec_extensions; /* of every validated query, made on first use */
    struct hosts_table *hosts;
    int config_oom;                 /* a file could not be loaded for lack of memory */
    uint64_t last_check;
    uint64_t last_if_check;
    int have_v4, have_v6;           /* global addresses, for AI_ADDRCONFIG */

    /* unix_upstream.c */
    struct upstream_set *upstreams; /* from the current resolv.conf */
    struct list retired;            /* older sets, until nothing is live on them */
    unsigned int rotation;          /* "options rotate": lookups started */

    /* unix_custom.c */
    struct list custom_sets;        /* struct upstream_set.entry, custom ones */
    unsigned int custom_set_count;
    getdns_eventloop_event custom_event;    /* the oldest idle custom set expires */
    unsigned int custom_scheduled : 1;      /* the loop holds custom_event: clear it at the end */
    unsigned int custom_armed : 1;          /* ... and it has not fired yet */
    unsigned int custom_due : 1;            /* it fired: custom_sets_sweep looks at the idle sets */

    /* unix_transport.c */
    struct transport transport;

    /* unix_nss.c: nsswitch.conf's hosts line, read once; the pool of
     * threads that call glibc, created with the first lookup that needs it */
    struct nss_config nss_conf;
    int nss_hostname;               /* a source owns the host name: look it up per lookup */
    struct nss_pool *nss_pool;

    /* unix_resolution.c; the table is unix_resolver.c's */
    struct resolution **buckets;    /* every resolution the loop has taken in */
    unsigned int bucket_count, resolution_count;
    unsigned int burst_peak;        /* most of them at once since the last trim_after_burst */
    struct list dirty;              /* struct resolution.dirty: decisions to take */
    struct list waiting;            /* RESOLUTION_WAITING, FIFO */
    struct list ready;              /* RESOLUTION_READY, FIFO */
    struct list busy_waiting;       /* struct query.busy_entry: paused after a REFUSED under load, FIFO */
    uint64_t servfail_shedding_until; /* a SERVFAIL under load came: others until then are load too */
    struct list loss_check;         /* struct upstream.loss_entry: losses to look for */
    getdns_eventloop_event loss_event;  /* wakes the loop when a try out is due to count as lost */
    uint64_t loss_event_due;        /* ... then; 0 when it is not armed */
    getdns_eventloop_event pace_event;  /* wakes the loop when tries waiting for the pace may go */
    unsigned int pace_armed : 1;    /* ... and it has not fired yet */
    uint64_t pace_due;              /* ... when it fires (loop_now_ms) */
};

/* unix_config.c */
void config_init( struct resolver *resolver );
/* re-reads resolv.conf and hosts when they changed (at most once a second
 * unless forced); a new resolv.conf gets new upstreams unless forced */
void config_check( struct resolver *resolver, int force );
/* refreshes have_v4/have_v6 (at most once a second) */
void config_check_interfaces( struct resolver *resolver );

/* Wine's list_remove leaves the element's links as they were; the
 * resolver's elements are always either in a list or self-linked, so that
 * taking one out twice is harmless. */
static inline void list_unlink( struct list *elem )
{
    list_remove( elem );
    list_init( elem );
}

#endif /* __WS2GETDNS_UNIX_RESOLVER_PRIVATE_H */
