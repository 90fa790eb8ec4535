/*
 * faultdns: shared declarations of the fault-injecting DNS test responder
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

#ifndef FAULTDNS_H
#define FAULTDNS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define DNS_HEADER_SIZE   12
#define DNS_MAX_NAME      255
#define DNS_MAX_LABELS    128
#define DNS_MAX_MESSAGE   65535
#define DNS_MAX_UDP       65507

#define DNS_TYPE_A        1
#define DNS_TYPE_NS       2
#define DNS_TYPE_CNAME    5
#define DNS_TYPE_SOA      6
#define DNS_TYPE_AAAA     28
#define DNS_TYPE_OPT      41
#define DNS_CLASS_IN      1

#define DNS_FLAG_QR       0x8000
#define DNS_FLAG_AA       0x0400
#define DNS_FLAG_TC       0x0200
#define DNS_FLAG_RD       0x0100
#define DNS_FLAG_CD       0x0010

#define DNS_RCODE_NOERROR  0
#define DNS_RCODE_FORMERR  1
#define DNS_RCODE_SERVFAIL 2
#define DNS_RCODE_NXDOMAIN 3
#define DNS_RCODE_NOTIMP   4
#define DNS_RCODE_REFUSED  5

/* ---- wire format (faultdns_wire.c) ---- */

enum query_status
{
    QUERY_OK,        /* a well-formed standard query */
    QUERY_IGNORE,    /* too short to answer, or a response: stay silent */
    QUERY_FORMERR,   /* answerable with FORMERR (question echoed if it parsed) */
    QUERY_NOTIMP,    /* an opcode other than QUERY */
    QUERY_BADVERS,   /* EDNS version other than 0 */
};

struct dns_query
{
    uint16_t id;
    uint16_t flags;                  /* second header word, as received */
    int has_question;
    uint8_t qname[DNS_MAX_NAME];     /* wire form, case exactly as received */
    size_t qname_len;
    unsigned int label_count;        /* labels before the root */
    uint8_t label_offsets[DNS_MAX_LABELS]; /* offset of each length byte in qname */
    uint16_t qtype;
    uint16_t qclass;
    int has_edns;
    uint16_t edns_size;
    uint8_t edns_version;
    int edns_do;
};

/* A bounded writer: once it overflows every later write is dropped and
 * 'overflow' stays set, so builders need no error checks of their own. */
struct wire_writer
{
    uint8_t *data;
    size_t len;
    size_t cap;
    int overflow;
};

enum query_status dns_parse_query(const uint8_t *pkt, size_t len, struct dns_query *query);
int dns_label_equal(const uint8_t *a, const uint8_t *b, size_t len);

void wire_init(struct wire_writer *w, uint8_t *buf, size_t cap);
void wire_u8(struct wire_writer *w, uint8_t v);
void wire_u16(struct wire_writer *w, uint16_t v);
void wire_u32(struct wire_writer *w, uint32_t v);
void wire_bytes(struct wire_writer *w, const void *p, size_t n);
void wire_pointer(struct wire_writer *w, size_t offset);
void wire_label(struct wire_writer *w, const char *s, size_t n);
void wire_patch_u16(struct wire_writer *w, size_t offset, uint16_t v);
void wire_header(struct wire_writer *w, uint16_t id, uint16_t flags,
                 uint16_t qd, uint16_t an, uint16_t ns, uint16_t ar);
void wire_rr_start(struct wire_writer *w, size_t owner_offset, uint16_t type,
                   uint32_t ttl, uint16_t rdlength);
void wire_opt(struct wire_writer *w, const struct dns_query *query, uint8_t ext_rcode);

/* ---- behaviours (faultdns_behaviour.c) ---- */

enum transport
{
    TRANSPORT_UDP,
    TRANSPORT_TCP,
};

enum behaviour
{
    BEH_OK, BEH_DELAY, BEH_DROP, BEH_DROPFIRST, BEH_NXDOMAIN, BEH_NODATA,
    BEH_SERVFAIL, BEH_REFUSED, BEH_NOTIMP, BEH_FORMERR, BEH_TC, BEH_BIG,
    BEH_WRONGID, BEH_WRONGID_THEN_OK, BEH_WRONGQ, BEH_SHORT, BEH_EMPTY,
    BEH_LOOP, BEH_BADRDLEN, BEH_OVERCOUNT, BEH_LONGLABEL, BEH_CTRLNAME,
    BEH_TCPCLOSE, BEH_TCPREFUSED, BEH_TCDELAY, BEH_BUSY, BEH_SFBUSY, BEH_AAAADELAY, BEH_APEX, BEH_OUTSIDE_ZONE,
    BEH_BAD_QUERY, BEH_IGNORED,
    BEH_COUNT
};

#define REPLY_MAX_MESSAGES 2

/* What to do with one query: zero, one or two messages, maybe later,
 * or (TCP only) close the connection.  A delayed answer with abort_len
 * set (sfbusy-N-D over UDP) may be replaced by abort_buf, sent at once,
 * when more than abort_limit such answers are pending (the server keeps
 * them oldest first). */
struct reply_set
{
    enum behaviour behaviour;
    unsigned int delay_ms;
    int close_connection;
    int count;
    size_t len[REPLY_MAX_MESSAGES];
    uint8_t buf[REPLY_MAX_MESSAGES][DNS_MAX_MESSAGE];
    unsigned int abort_limit;
    size_t abort_len;
    uint8_t abort_buf[DNS_MAX_MESSAGE];
};

int behaviour_set_zone(const char *zone);
/* pending_delayed: delayed UDP answers the server holds now (for busy-N-D) */
void behaviour_answer(const uint8_t *pkt, size_t len, enum transport transport,
                      int forced_rcode, unsigned int pending_delayed, struct reply_set *out);
const char *behaviour_name(enum behaviour b);
/* the server answered SERVFAIL (reply, len) in place of a pending sfbusy
 * answer: that question is answered SERVFAIL at once for a second */
void behaviour_aborted(const uint8_t *reply, size_t len);
void behaviour_cleanup(void);

/* ---- timers (faultdns_timer.c) ---- */

struct timer_entry
{
    uint64_t deadline_ns;
    uint64_t seq;                     /* keeps replies with equal deadlines in order */
    int fd;                           /* UDP socket or TCP connection */
    uint64_t conn_id;                 /* 0 for UDP; else identity of the TCP connection */
    struct sockaddr_storage peer;
    socklen_t peer_len;
    size_t len;
    size_t abort_len;                 /* an abortable answer: its replacement follows data[len] */
    int aborted;                      /* the replacement went out: nothing to send when due */
    struct timer_entry *older, *newer; /* the server's list of abortable answers */
    uint8_t data[];
};

struct timer_heap
{
    struct timer_entry **items;
    size_t count;
    size_t cap;
    uint64_t next_seq;
};

uint64_t monotonic_ns(void);
int timer_heap_push(struct timer_heap *heap, struct timer_entry *entry);
struct timer_entry *timer_heap_peek(const struct timer_heap *heap);
struct timer_entry *timer_heap_pop(struct timer_heap *heap);
void timer_heap_free(struct timer_heap *heap);

/* ---- server (faultdns_server.c) ---- */

/* How a listener treats TCP. */
enum tcp_mode
{
    TCPMODE_PIPELINED,   /* every query of a connection answered as it arrives */
    TCPMODE_SERIAL,      /* one query at a time: the next is read once the last was answered */
    TCPMODE_CLOSE,       /* accept, then close at once without reading */
};

struct listen_spec
{
    struct sockaddr_storage addr;
    socklen_t addr_len;
    int with_tcp;
    enum tcp_mode tcp_mode;
    int forced_rcode;           /* --answer-all: this rcode for every query, else -1 */
    unsigned int intake_count;  /* --intake: UDP queries taken per intake_ms, 0: all */
    unsigned int intake_ms;
    char text[80];
};

struct server_stats
{
    uint64_t queries_udp;
    uint64_t queries_tcp;
    uint64_t messages_sent;
    uint64_t silent;             /* queries that got no message at all */
    uint64_t send_errors;
    uint64_t delayed_scheduled;
    uint64_t delayed_sent;
    uint64_t delayed_discarded;  /* their TCP connection went away first */
    uint64_t delayed_pending_peak;
    uint64_t aborted;            /* sfbusy answers replaced by SERVFAIL */
    uint64_t tcp_accepted;
    uint64_t tcp_closed_by_behaviour;
    uint64_t tcp_serialised;     /* serial TCP: a delayed answer went out while more input waited */
    uint64_t tcp_closed_at_accept;
    uint64_t intake_drops;       /* --intake: UDP queries dropped unread, past the intake */
    uint64_t by_behaviour[BEH_COUNT];
};

int server_run(const struct listen_spec *specs, int spec_count, const char *pidfile,
               int quiet, struct server_stats *stats);

#endif /* FAULTDNS_H */
