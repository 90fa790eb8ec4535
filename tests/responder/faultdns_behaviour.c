/*
 * faultdns: the behaviours of the fault.test zone (see docs/testing.md)
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

#include <stdlib.h>
#include <string.h>

#include "faultdns.h"

#define ANSWER_TTL      60
#define BIG_RECORDS     150
#define MAX_DELAY_MS    600000
#define MAX_DROPFIRST   1000000
#define MAX_BUSY_LIMIT  100000
/* how long an aborted sfbusy question is answered SERVFAIL at once: BIND's
 * servfail-ttl default */
#define SFBUSY_FAIL_TTL_MS 1000
#define SEEN_BUCKETS    4096
/* dropfirst state is bounded: past this many names the table starts afresh */
#define SEEN_MAX        1000000

static uint8_t zone_wire[DNS_MAX_NAME];
static size_t zone_len;
static unsigned int zone_labels;

static const char * const behaviour_names[BEH_COUNT] =
{
    "ok", "delay", "drop", "dropfirst", "nxdomain", "nodata",
    "servfail", "refused", "notimp", "formerr", "tc", "big",
    "wrongid", "wrongid-then-ok", "wrongq", "short", "empty",
    "loop", "badrdlen", "overcount", "longlabel", "ctrlname",
    "tcpclose", "tcprefused", "tcdelay", "busy", "sfbusy", "aaaadelay", "apex", "outside-zone",
    "bad-query", "ignored",
};

const char *behaviour_name(enum behaviour b)
{
    return b < BEH_COUNT ? behaviour_names[b] : "?";
}

int behaviour_set_zone(const char *zone)
{
    const char *p = zone;

    zone_len = 0;
    zone_labels = 0;
    while (*p)
    {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);

        if (n == 0 && dot && dot[1] == 0) break;   /* trailing dot */
        if (n == 0 || n > 63 || zone_len + n + 2 > DNS_MAX_NAME) return -1;
        zone_wire[zone_len++] = (uint8_t)n;
        memcpy(zone_wire + zone_len, p, n);
        zone_len += n;
        zone_labels++;
        p += n;
        if (*p == '.') p++;
    }
    zone_wire[zone_len++] = 0;
    return zone_labels ? 0 : -1;
}

/* ---- per-question memory: how often each qname+qtype was seen
 * (dropfirst-N), and until when its failure is remembered (sfbusy) ---- */

struct seen_entry
{
    struct seen_entry *next;
    uint32_t hash;
    uint16_t qtype;
    uint8_t name_len;
    unsigned int count;
    uint64_t failed_until_ns;
    uint8_t name[];
};

static struct seen_entry *seen_table[SEEN_BUCKETS];
static size_t seen_count;

static void seen_clear(void)
{
    size_t i;

    for (i = 0; i < SEEN_BUCKETS; i++)
    {
        struct seen_entry *e = seen_table[i], *next;

        for (; e; e = next)
        {
            next = e->next;
            free(e);
        }
        seen_table[i] = NULL;
    }
    seen_count = 0;
}

/* The entry of this qname+qtype, made if new; NULL without memory.  Names
 * are folded to lower case so that a resolver's 0x20 case randomisation
 * on retries still counts as the same question. */
static struct seen_entry *seen_get(const struct dns_query *query)
{
    uint8_t lower[DNS_MAX_NAME];
    uint32_t hash = 2166136261u;
    struct seen_entry *e;
    size_t i;

    for (i = 0; i < query->qname_len; i++)
    {
        uint8_t c = query->qname[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
        hash = (hash ^ lower[i]) * 16777619u;
    }
    hash = (hash ^ query->qtype) * 16777619u;

    for (e = seen_table[hash % SEEN_BUCKETS]; e; e = e->next)
        if (e->hash == hash && e->qtype == query->qtype && e->name_len == query->qname_len
            && !memcmp(e->name, lower, query->qname_len))
            return e;

    if (seen_count >= SEEN_MAX) seen_clear();
    if (!(e = malloc(sizeof(*e) + query->qname_len))) return NULL;
    e->hash = hash;
    e->qtype = query->qtype;
    e->name_len = (uint8_t)query->qname_len;
    e->count = 0;
    e->failed_until_ns = 0;
    memcpy(e->name, lower, query->qname_len);
    e->next = seen_table[hash % SEEN_BUCKETS];
    seen_table[hash % SEEN_BUCKETS] = e;
    seen_count++;
    return e;
}

/* Returns how many times this qname+qtype was seen before, and counts this
 * one. */
static unsigned int seen_bump(const struct dns_query *query)
{
    struct seen_entry *e = seen_get(query);

    return e ? e->count++ : 0;
}

void behaviour_aborted(const uint8_t *reply, size_t len)
{
    uint8_t copy[DNS_HEADER_SIZE + DNS_MAX_NAME + 64];
    struct dns_query query;
    struct seen_entry *e;

    if (len > sizeof(copy) || len < DNS_HEADER_SIZE) return;
    memcpy(copy, reply, len);
    /* read back as the query it answers */
    copy[2] &= (uint8_t)~(DNS_FLAG_QR >> 8);
    dns_parse_query(copy, len, &query);
    if (query.has_question && (e = seen_get(&query)))
        e->failed_until_ns = monotonic_ns() + (uint64_t)SFBUSY_FAIL_TTL_MS * 1000000u;
}

void behaviour_cleanup(void)
{
    seen_clear();
}

/* ---- classification ---- */

static int label_is(const uint8_t *label, size_t n, const char *word)
{
    return n == strlen(word) && dns_label_equal(label, (const uint8_t *)word, n);
}

/* "<prefix><decimal>" with the number clamped to max; 0 if the label is not that. */
static int label_number(const uint8_t *label, size_t n, const char *prefix,
                        unsigned int max, unsigned int *value)
{
    size_t plen = strlen(prefix), i;
    unsigned long v = 0;

    if (n <= plen || !dns_label_equal(label, (const uint8_t *)prefix, plen)) return 0;
    for (i = plen; i < n; i++)
    {
        if (label[i] < '0' || label[i] > '9') return 0;
        if (v <= max) v = v * 10 + (label[i] - '0');
    }
    *value = v > max ? max : (unsigned int)v;
    return 1;
}

/* "<prefix><limit>-<delay>" (busy-, sfbusy-), both decimal and clamped; 0 if
 * the label is not that. */
static int label_busy(const uint8_t *label, size_t n, const char *prefix,
                      unsigned int *limit, unsigned int *delay)
{
    size_t plen = strlen(prefix), i;

    if (n <= plen || !dns_label_equal(label, (const uint8_t *)prefix, plen)) return 0;
    for (i = plen; i < n && label[i] != '-'; i++) ;
    if (i == n) return 0;
    return label_number(label, i, prefix, MAX_BUSY_LIMIT, limit)
           && label_number(label + i, n - i, "-", MAX_DELAY_MS, delay);
}

/* Offset inside the question name where the zone starts, or -1 if the name
 * is not in the zone. */
static int zone_start(const struct dns_query *query)
{
    size_t offset;

    if (query->label_count < zone_labels) return -1;
    offset = query->label_offsets[query->label_count - zone_labels];
    if (query->qname_len - offset != zone_len) return -1;
    return dns_label_equal(query->qname + offset, zone_wire, zone_len) ? (int)offset : -1;
}

static enum behaviour classify(const struct dns_query *query, unsigned int *arg, unsigned int *arg2)
{
    const uint8_t *label;
    size_t n;

    if (query->label_count == zone_labels) return BEH_APEX;
    label = query->qname + query->label_offsets[query->label_count - zone_labels - 1];
    n = *label++;

    if (label_is(label, n, "ok")) return BEH_OK;
    if (label_number(label, n, "delay-", MAX_DELAY_MS, arg)) return BEH_DELAY;
    if (label_is(label, n, "drop")) return BEH_DROP;
    if (label_number(label, n, "dropfirst-", MAX_DROPFIRST, arg)) return BEH_DROPFIRST;
    if (label_is(label, n, "nxdomain")) return BEH_NXDOMAIN;
    if (label_is(label, n, "nodata")) return BEH_NODATA;
    if (label_is(label, n, "servfail")) return BEH_SERVFAIL;
    if (label_is(label, n, "refused")) return BEH_REFUSED;
    if (label_is(label, n, "notimp")) return BEH_NOTIMP;
    if (label_is(label, n, "formerr")) return BEH_FORMERR;
    if (label_is(label, n, "tc")) return BEH_TC;
    if (label_number(label, n, "tcdelay-", MAX_DELAY_MS, arg)) return BEH_TCDELAY;
    if (label_number(label, n, "aaaadelay-", MAX_DELAY_MS, arg)) return BEH_AAAADELAY;
    if (label_busy(label, n, "busy-", arg, arg2)) return BEH_BUSY;
    if (label_busy(label, n, "sfbusy-", arg, arg2)) return BEH_SFBUSY;
    if (label_is(label, n, "big")) return BEH_BIG;
    if (label_is(label, n, "wrongid")) return BEH_WRONGID;
    if (label_is(label, n, "wrongid-then-ok")) return BEH_WRONGID_THEN_OK;
    if (label_is(label, n, "wrongq")) return BEH_WRONGQ;
    if (label_is(label, n, "short")) return BEH_SHORT;
    if (label_is(label, n, "empty")) return BEH_EMPTY;
    if (label_is(label, n, "loop")) return BEH_LOOP;
    if (label_is(label, n, "badrdlen")) return BEH_BADRDLEN;
    if (label_is(label, n, "overcount")) return BEH_OVERCOUNT;
    if (label_is(label, n, "longlabel")) return BEH_LONGLABEL;
    if (label_is(label, n, "ctrlname")) return BEH_CTRLNAME;
    if (label_is(label, n, "tcpclose")) return BEH_TCPCLOSE;
    if (label_is(label, n, "tcprefused")) return BEH_TCPREFUSED;
    /* anything else, benchmark names included, answers like ok */
    return BEH_OK;
}

/* ---- reply builders ---- */

enum answer_kind
{
    ANSWER_NONE,      /* header, question, OPT */
    ANSWER_ADDRESS,   /* one A or AAAA; NODATA (SOA) for other types */
    ANSWER_BIG,       /* BIG_RECORDS of A or AAAA; NODATA for other types */
    ANSWER_SOA_ONLY,  /* NXDOMAIN / NODATA: SOA in the authority section */
    ANSWER_APEX,      /* the zone apex: SOA and NS answered, NODATA otherwise */
};

struct reply_opts
{
    uint16_t id;
    int rcode;
    uint8_t ext_rcode;
    enum answer_kind kind;
    int tc;
    int aa;
    int zone_offset;  /* offset of the zone name inside the question name */
};

static uint16_t reply_flags(const struct dns_query *query, const struct reply_opts *opts)
{
    uint16_t flags = DNS_FLAG_QR | (query->flags & (0x7800 | DNS_FLAG_RD | DNS_FLAG_CD));

    if (opts->aa) flags |= DNS_FLAG_AA;
    if (opts->tc) flags |= DNS_FLAG_TC;
    return flags | (uint16_t)(opts->rcode & 0xf);
}

static void write_question(struct wire_writer *w, const struct dns_query *query)
{
    wire_bytes(w, query->qname, query->qname_len);
    wire_u16(w, query->qtype);
    wire_u16(w, query->qclass);
}

static void write_address(struct wire_writer *w, size_t owner, uint16_t type, unsigned int index)
{
    if (type == DNS_TYPE_A)
    {
        static const uint8_t base[4] = { 198, 51, 100, 0 };
        wire_rr_start(w, owner, DNS_TYPE_A, ANSWER_TTL, 4);
        wire_bytes(w, base, 3);
        wire_u8(w, (uint8_t)(index + 1));
    }
    else
    {
        static const uint8_t base[14] = { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00 };
        wire_rr_start(w, owner, DNS_TYPE_AAAA, ANSWER_TTL, 16);
        wire_bytes(w, base, 14);
        wire_u16(w, (uint16_t)(index + 1));
    }
}

static void write_soa(struct wire_writer *w, size_t zone)
{
    wire_rr_start(w, zone, DNS_TYPE_SOA, ANSWER_TTL, 5 + 13 + 20);
    wire_label(w, "ns", 2);
    wire_pointer(w, zone);
    wire_label(w, "hostmaster", 10);
    wire_pointer(w, zone);
    wire_u32(w, 1);       /* serial */
    wire_u32(w, 3600);    /* refresh */
    wire_u32(w, 600);     /* retry */
    wire_u32(w, 86400);   /* expire */
    wire_u32(w, ANSWER_TTL); /* negative TTL */
}

static int is_address_type(uint16_t type)
{
    return type == DNS_TYPE_A || type == DNS_TYPE_AAAA;
}

/* The type to use where a fault needs some address record. */
static uint16_t address_type(const struct dns_query *query)
{
    return query->qtype == DNS_TYPE_AAAA ? DNS_TYPE_AAAA : DNS_TYPE_A;
}

static size_t build_reply(const struct dns_query *query, const struct reply_opts *opts,
                          uint8_t *buf)
{
    size_t zone = DNS_HEADER_SIZE + (opts->zone_offset > 0 ? opts->zone_offset : 0);
    unsigned int an = 0, ns = 0, i, records = 0;
    struct wire_writer w;
    int want_soa = 0;

    wire_init(&w, buf, DNS_MAX_MESSAGE);
    wire_header(&w, opts->id, reply_flags(query, opts), query->has_question ? 1 : 0,
                0, 0, query->has_edns ? 1 : 0);
    if (query->has_question) write_question(&w, query);

    switch (opts->kind)
    {
    case ANSWER_NONE:
        break;
    case ANSWER_ADDRESS:
    case ANSWER_BIG:
        records = opts->kind == ANSWER_BIG ? BIG_RECORDS : 1;
        if (!is_address_type(query->qtype)) want_soa = 1;
        else
            for (i = 0; i < records; i++, an++)
                write_address(&w, DNS_HEADER_SIZE, query->qtype, i);
        break;
    case ANSWER_SOA_ONLY:
        want_soa = 1;
        break;
    case ANSWER_APEX:
        if (query->qtype == DNS_TYPE_SOA)
        {
            write_soa(&w, zone);
            an++;
        }
        else if (query->qtype == DNS_TYPE_NS)
        {
            wire_rr_start(&w, zone, DNS_TYPE_NS, ANSWER_TTL, 5);
            wire_label(&w, "ns", 2);
            wire_pointer(&w, zone);
            an++;
        }
        else want_soa = 1;
        break;
    }
    if (want_soa && opts->zone_offset >= 0)
    {
        write_soa(&w, zone);
        ns++;
    }
    if (query->has_edns) wire_opt(&w, query, opts->ext_rcode);
    wire_patch_u16(&w, 6, (uint16_t)an);
    wire_patch_u16(&w, 8, (uint16_t)ns);
    return w.overflow ? 0 : w.len;
}

static size_t udp_limit(const struct dns_query *query)
{
    size_t limit = query->has_edns ? query->edns_size : 512;
    return limit > DNS_MAX_UDP ? DNS_MAX_UDP : limit;
}

/* Builds a regular reply; over UDP one that does not fit the client's
 * buffer becomes an empty TC=1 reply, as a real server would send. */
static void add_reply(struct reply_set *out, const struct dns_query *query,
                      struct reply_opts *opts, enum transport transport)
{
    uint8_t *buf = out->buf[out->count];
    size_t len = build_reply(query, opts, buf);

    if (transport == TRANSPORT_UDP && len > udp_limit(query))
    {
        opts->kind = ANSWER_NONE;
        opts->tc = 1;
        len = build_reply(query, opts, buf);
    }
    out->len[out->count++] = len;
}

/* ---- hand-made broken replies ---- */

static void begin_broken(struct wire_writer *w, const struct dns_query *query,
                         uint8_t *buf, uint16_t an)
{
    wire_init(w, buf, DNS_MAX_MESSAGE);
    wire_header(w, query->id, DNS_FLAG_QR | DNS_FLAG_AA | (query->flags & DNS_FLAG_RD),
                1, an, 0, 0);
    write_question(w, query);
}

/* A reply to a question that was not asked: same ID, another name. */
static size_t build_wrongq(const struct dns_query *query, int zone_offset, uint8_t *buf)
{
    struct wire_writer w;

    wire_init(&w, buf, DNS_MAX_MESSAGE);
    wire_header(&w, query->id, DNS_FLAG_QR | DNS_FLAG_AA | (query->flags & DNS_FLAG_RD),
                1, 1, 0, 0);
    wire_label(&w, "not-asked", 9);
    wire_bytes(&w, query->qname + zone_offset, query->qname_len - zone_offset);
    wire_u16(&w, query->qtype);
    wire_u16(&w, query->qclass);
    write_address(&w, DNS_HEADER_SIZE, address_type(query), 0);
    return w.len;
}

/* The answer's owner name is a compression pointer to itself. */
static size_t build_loop(const struct dns_query *query, uint8_t *buf)
{
    struct wire_writer w;
    size_t here;

    begin_broken(&w, query, buf, 1);
    here = w.len;
    wire_rr_start(&w, here, address_type(query), ANSWER_TTL, 4);
    wire_u32(&w, 0xc6336401);
    return w.len;
}

/* An A record whose rdlength claims 200 bytes where only 4 follow. */
static size_t build_badrdlen(const struct dns_query *query, uint8_t *buf)
{
    struct wire_writer w;

    begin_broken(&w, query, buf, 1);
    wire_rr_start(&w, DNS_HEADER_SIZE, DNS_TYPE_A, ANSWER_TTL, 200);
    wire_u32(&w, 0xc6336401);
    return w.len;
}

/* ANCOUNT says 50, one record is present. */
static size_t build_overcount(const struct dns_query *query, uint8_t *buf)
{
    struct wire_writer w;

    begin_broken(&w, query, buf, 50);
    write_address(&w, DNS_HEADER_SIZE, address_type(query), 0);
    return w.len;
}

/* CNAME to a target built by the caller, then an address record owned by
 * that target. */
static size_t build_cname_to(const struct dns_query *query, int zone_offset,
                             const uint8_t *labels, size_t labels_len, uint8_t *buf)
{
    struct wire_writer w;
    size_t target;

    begin_broken(&w, query, buf, 2);
    wire_rr_start(&w, DNS_HEADER_SIZE, DNS_TYPE_CNAME, ANSWER_TTL, (uint16_t)(labels_len + 2));
    target = w.len;
    wire_bytes(&w, labels, labels_len);
    wire_pointer(&w, DNS_HEADER_SIZE + zone_offset);
    write_address(&w, target, address_type(query), 0);
    return w.len;
}

static size_t build_longlabel(const struct dns_query *query, int zone_offset, uint8_t *buf)
{
    /* A length byte of 70 is above the 63 limit (its top bits say
     * "extended label type"), so a strict parser must refuse it. */
    uint8_t labels[1 + 70];

    labels[0] = 70;
    memset(labels + 1, 'a', 70);
    return build_cname_to(query, zone_offset, labels, sizeof(labels), buf);
}

static size_t build_ctrlname(const struct dns_query *query, int zone_offset, uint8_t *buf)
{
    /* three labels: control characters, an embedded NUL, and a dot inside
     * a label (which shows as "dot\.dot" in presentation form) */
    static const uint8_t labels[] =
    {
        5, 0x01, 'c', 't', 'l', 0x1f,
        8, 'n', 'u', 'l', 0x00, 'b', 'y', 't', 'e',
        7, 'd', 'o', 't', '.', 'd', 'o', 't',
    };
    return build_cname_to(query, zone_offset, labels, sizeof(labels), buf);
}

/* ---- entry point ---- */

static void reply_with_rcode(struct reply_set *out, const struct dns_query *query,
                             int rcode, uint8_t ext_rcode, int aa, int zone_offset,
                             enum transport transport)
{
    struct reply_opts opts = { query->id, rcode, ext_rcode, ANSWER_NONE, 0, aa, zone_offset };
    add_reply(out, query, &opts, transport);
}

void behaviour_answer(const uint8_t *pkt, size_t len, enum transport transport,
                      int forced_rcode, unsigned int pending_delayed, struct reply_set *out)
{
    struct dns_query query;
    struct reply_opts opts;
    struct seen_entry *e;
    unsigned int arg = 0, arg2 = 0;
    int zone_offset;

    out->count = 0;
    out->delay_ms = 0;
    out->close_connection = 0;
    out->abort_limit = 0;
    out->abort_len = 0;

    switch (dns_parse_query(pkt, len, &query))
    {
    case QUERY_IGNORE:
        out->behaviour = BEH_IGNORED;
        return;
    case QUERY_FORMERR:
        out->behaviour = BEH_BAD_QUERY;
        reply_with_rcode(out, &query, DNS_RCODE_FORMERR, 0, 0, -1, transport);
        return;
    case QUERY_NOTIMP:
        out->behaviour = BEH_BAD_QUERY;
        reply_with_rcode(out, &query, DNS_RCODE_NOTIMP, 0, 0, -1, transport);
        return;
    case QUERY_BADVERS:
        /* BADVERS is 16: upper bits in OPT, lower four bits zero */
        out->behaviour = BEH_BAD_QUERY;
        reply_with_rcode(out, &query, 0, 1, 0, -1, transport);
        return;
    case QUERY_OK:
        break;
    }

    /* a broken server (--answer-all): the same rcode for every question,
     * so that a client's failover to the next server can be tested */
    if (forced_rcode >= 0)
    {
        switch (forced_rcode)
        {
        case DNS_RCODE_SERVFAIL: out->behaviour = BEH_SERVFAIL; break;
        case DNS_RCODE_REFUSED:  out->behaviour = BEH_REFUSED; break;
        case DNS_RCODE_NOTIMP:   out->behaviour = BEH_NOTIMP; break;
        default:                 out->behaviour = BEH_FORMERR; break;
        }
        reply_with_rcode(out, &query, forced_rcode, 0, 0, -1, transport);
        return;
    }

    zone_offset = zone_start(&query);
    if (zone_offset < 0 || query.qclass != DNS_CLASS_IN)
    {
        out->behaviour = BEH_OUTSIDE_ZONE;
        reply_with_rcode(out, &query, DNS_RCODE_REFUSED, 0, 0, -1, transport);
        return;
    }

    out->behaviour = classify(&query, &arg, &arg2);
    opts.id = query.id;
    opts.rcode = DNS_RCODE_NOERROR;
    opts.ext_rcode = 0;
    opts.kind = ANSWER_ADDRESS;
    opts.tc = 0;
    opts.aa = 1;
    opts.zone_offset = zone_offset;

    switch (out->behaviour)
    {
    case BEH_DELAY:
        out->delay_ms = arg;
        add_reply(out, &query, &opts, transport);
        break;
    case BEH_DROP:
        break;
    case BEH_DROPFIRST:
        if (seen_bump(&query) >= arg) add_reply(out, &query, &opts, transport);
        break;
    case BEH_NXDOMAIN:
        opts.rcode = DNS_RCODE_NXDOMAIN;
        opts.kind = ANSWER_SOA_ONLY;
        add_reply(out, &query, &opts, transport);
        break;
    case BEH_NODATA:
        opts.kind = ANSWER_SOA_ONLY;
        add_reply(out, &query, &opts, transport);
        break;
    case BEH_SERVFAIL:
    case BEH_REFUSED:
    case BEH_NOTIMP:
    case BEH_FORMERR:
        opts.rcode = out->behaviour == BEH_SERVFAIL ? DNS_RCODE_SERVFAIL
                   : out->behaviour == BEH_REFUSED ? DNS_RCODE_REFUSED
                   : out->behaviour == BEH_NOTIMP ? DNS_RCODE_NOTIMP : DNS_RCODE_FORMERR;
        opts.kind = ANSWER_NONE;
        add_reply(out, &query, &opts, transport);
        break;
    case BEH_TC:
    case BEH_TCPCLOSE:
    case BEH_TCPREFUSED:
        if (transport == TRANSPORT_UDP)
        {
            opts.kind = ANSWER_NONE;
            opts.tc = 1;
            add_reply(out, &query, &opts, transport);
        }
        else if (out->behaviour == BEH_TC)
            add_reply(out, &query, &opts, transport);
        else
            out->close_connection = 1;
        break;
    case BEH_BUSY:
        /* a forwarder with a bound on queries in flight (dnsmasq's
         * --dns-forward-max): REFUSED at once while that many UDP answers
         * are pending, else answered D ms later; TCP is outside the bound
         * (dnsmasq serves each connection from a child process) */
        if (transport == TRANSPORT_UDP && pending_delayed >= arg)
        {
            opts.rcode = DNS_RCODE_REFUSED;
            opts.kind = ANSWER_NONE;
        }
        else out->delay_ms = arg2;
        add_reply(out, &query, &opts, transport);
        break;
    case BEH_SFBUSY:
        /* a forwarder with a soft bound on recursions (BIND's
         * recursive-clients): answered D ms later, but past N pending the
         * server answers the oldest of them SERVFAIL at once, over UDP,
         * and that question SERVFAIL at once for a while (BIND's SERVFAIL
         * cache) */
        if ((e = seen_get(&query)) && e->failed_until_ns > monotonic_ns())
        {
            opts.rcode = DNS_RCODE_SERVFAIL;
            opts.kind = ANSWER_NONE;
            opts.aa = 0;
            add_reply(out, &query, &opts, transport);
            break;
        }
        out->delay_ms = arg2;
        add_reply(out, &query, &opts, transport);
        if (transport == TRANSPORT_UDP)
        {
            opts.rcode = DNS_RCODE_SERVFAIL;
            opts.kind = ANSWER_NONE;
            opts.tc = 0;
            opts.aa = 0;
            out->abort_limit = arg;
            out->abort_len = build_reply(&query, &opts, out->abort_buf);
        }
        break;
    case BEH_AAAADELAY:
        /* a server slow for one type only: AAAA N ms late, A at once */
        if (query.qtype == DNS_TYPE_AAAA) out->delay_ms = arg;
        add_reply(out, &query, &opts, transport);
        break;
    case BEH_TCDELAY:
        /* every reply N ms late: TC=1 over UDP, the answer over TCP */
        out->delay_ms = arg;
        if (transport == TRANSPORT_UDP)
        {
            opts.kind = ANSWER_NONE;
            opts.tc = 1;
        }
        add_reply(out, &query, &opts, transport);
        break;
    case BEH_BIG:
        opts.kind = ANSWER_BIG;
        add_reply(out, &query, &opts, transport);
        break;
    case BEH_WRONGID:
    case BEH_WRONGID_THEN_OK:
        /* any non-zero XOR mask yields an ID that differs from the query's */
        opts.id = query.id ^ 0x5a5a;
        add_reply(out, &query, &opts, transport);
        if (out->behaviour == BEH_WRONGID_THEN_OK)
        {
            opts.id = query.id;
            add_reply(out, &query, &opts, transport);
        }
        break;
    case BEH_WRONGQ:
        out->len[out->count] = build_wrongq(&query, zone_offset, out->buf[out->count]);
        out->count++;
        break;
    case BEH_SHORT:
        add_reply(out, &query, &opts, transport);
        if (out->len[0] > 7) out->len[0] = 7;
        break;
    case BEH_EMPTY:
        out->len[out->count++] = 0;
        break;
    case BEH_LOOP:
        out->len[out->count] = build_loop(&query, out->buf[out->count]);
        out->count++;
        break;
    case BEH_BADRDLEN:
        out->len[out->count] = build_badrdlen(&query, out->buf[out->count]);
        out->count++;
        break;
    case BEH_OVERCOUNT:
        out->len[out->count] = build_overcount(&query, out->buf[out->count]);
        out->count++;
        break;
    case BEH_LONGLABEL:
        out->len[out->count] = build_longlabel(&query, zone_offset, out->buf[out->count]);
        out->count++;
        break;
    case BEH_CTRLNAME:
        out->len[out->count] = build_ctrlname(&query, zone_offset, out->buf[out->count]);
        out->count++;
        break;
    case BEH_APEX:
        opts.kind = ANSWER_APEX;
        add_reply(out, &query, &opts, transport);
        break;
    default:
        add_reply(out, &query, &opts, transport);
        break;
    }
}
