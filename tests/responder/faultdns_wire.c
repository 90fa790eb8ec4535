/*
 * faultdns: DNS wire format, defensive query parsing and a bounded message writer
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

#include <string.h>

#include "faultdns.h"

/* The size we advertise in our own OPT record (the DNS flag day 2020 value). */
#define OUR_EDNS_SIZE 1232

static uint16_t get_u16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

/* Skips a possibly compressed name without following pointers: a pointer
 * always ends a name, so nothing here can loop.  Returns the offset after
 * the name, or 0 when the name runs past the end or uses a reserved label
 * type. */
static size_t skip_name(const uint8_t *pkt, size_t len, size_t pos)
{
    size_t total = 0;

    for (;;)
    {
        uint8_t l;

        if (pos >= len) return 0;
        l = pkt[pos];
        if ((l & 0xc0) == 0xc0)
            return pos + 2 <= len ? pos + 2 : 0;
        if (l & 0xc0) return 0;
        if (l == 0) return pos + 1;
        total += l + 1;
        if (total > DNS_MAX_NAME) return 0;
        pos += l + 1;
    }
}

/* The question name of a query must be uncompressed (there is nothing
 * before it to point at), so any pointer is a format error here. */
static size_t parse_question_name(const uint8_t *pkt, size_t len, size_t pos,
                                  struct dns_query *query)
{
    for (;;)
    {
        uint8_t l;

        if (pos >= len) return 0;
        l = pkt[pos];
        if (l & 0xc0) return 0;
        if (query->qname_len + 1 + l + 1 > DNS_MAX_NAME) return 0;
        if (pos + 1 + l > len) return 0;
        if (l == 0)
        {
            query->qname[query->qname_len++] = 0;
            return pos + 1;
        }
        query->label_offsets[query->label_count++] = (uint8_t)query->qname_len;
        memcpy(query->qname + query->qname_len, pkt + pos, 1 + l);
        query->qname_len += 1 + l;
        pos += 1 + l;
    }
}

/* Skips one resource record; records an OPT record in the query on the way.
 * Returns the offset after it, or 0 on a format error. */
static size_t parse_rr(const uint8_t *pkt, size_t len, size_t pos, int additional,
                       struct dns_query *query)
{
    size_t name_start = pos;
    uint16_t type, rdlength;

    if (!(pos = skip_name(pkt, len, pos))) return 0;
    if (pos + 10 > len) return 0;
    type = get_u16(pkt + pos);
    rdlength = get_u16(pkt + pos + 8);
    if (pos + 10 + rdlength > len) return 0;

    if (type == DNS_TYPE_OPT)
    {
        /* RFC 6891: one OPT at most, owned by the root, in the additional section. */
        if (!additional || query->has_edns || pkt[name_start] != 0) return 0;
        query->has_edns = 1;
        query->edns_size = get_u16(pkt + pos + 2);
        if (query->edns_size < 512) query->edns_size = 512;
        query->edns_version = pkt[pos + 5];
        query->edns_do = (pkt[pos + 6] & 0x80) != 0;
    }
    return pos + 10 + rdlength;
}

enum query_status dns_parse_query(const uint8_t *pkt, size_t len, struct dns_query *query)
{
    unsigned int qdcount, other, arcount, i;
    size_t pos = DNS_HEADER_SIZE;

    query->has_question = 0;
    query->qname_len = 0;
    query->label_count = 0;
    query->has_edns = 0;
    query->edns_size = 512;
    query->edns_version = 0;
    query->edns_do = 0;

    /* Without a full header there is no ID to answer to. */
    if (len < DNS_HEADER_SIZE) return QUERY_IGNORE;
    query->id = get_u16(pkt);
    query->flags = get_u16(pkt + 2);
    /* Never answer a response: two responders could otherwise ping-pong. */
    if (query->flags & DNS_FLAG_QR) return QUERY_IGNORE;

    qdcount = get_u16(pkt + 4);
    other = get_u16(pkt + 6) + get_u16(pkt + 8);
    arcount = get_u16(pkt + 10);

    if (qdcount >= 1)
    {
        if (!(pos = parse_question_name(pkt, len, pos, query)) || pos + 4 > len)
        {
            query->qname_len = 0;
            query->label_count = 0;
            return QUERY_FORMERR;
        }
        query->qtype = get_u16(pkt + pos);
        query->qclass = get_u16(pkt + pos + 2);
        query->has_question = 1;
        pos += 4;
    }
    if (((query->flags >> 11) & 0xf) != 0) return QUERY_NOTIMP;
    if (qdcount != 1) return QUERY_FORMERR;

    for (i = 0; i < other; i++)
        if (!(pos = parse_rr(pkt, len, pos, 0, query))) return QUERY_FORMERR;
    for (i = 0; i < arcount; i++)
        if (!(pos = parse_rr(pkt, len, pos, 1, query))) return QUERY_FORMERR;

    if (query->has_edns && query->edns_version != 0) return QUERY_BADVERS;
    return QUERY_OK;
}

static uint8_t ascii_lower(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

/* DNS names compare case-insensitively in ASCII only (RFC 4343). */
int dns_label_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return 0;
    return 1;
}

void wire_init(struct wire_writer *w, uint8_t *buf, size_t cap)
{
    w->data = buf;
    w->len = 0;
    w->cap = cap;
    w->overflow = 0;
}

void wire_bytes(struct wire_writer *w, const void *p, size_t n)
{
    if (w->overflow || n > w->cap - w->len)
    {
        w->overflow = 1;
        return;
    }
    memcpy(w->data + w->len, p, n);
    w->len += n;
}

void wire_u8(struct wire_writer *w, uint8_t v)
{
    wire_bytes(w, &v, 1);
}

void wire_u16(struct wire_writer *w, uint16_t v)
{
    uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
    wire_bytes(w, b, 2);
}

void wire_u32(struct wire_writer *w, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
    wire_bytes(w, b, 4);
}

void wire_pointer(struct wire_writer *w, size_t offset)
{
    wire_u16(w, (uint16_t)(0xc000 | (offset & 0x3fff)));
}

void wire_label(struct wire_writer *w, const char *s, size_t n)
{
    wire_u8(w, (uint8_t)n);
    wire_bytes(w, s, n);
}

void wire_patch_u16(struct wire_writer *w, size_t offset, uint16_t v)
{
    if (offset + 2 > w->len) return;
    w->data[offset] = (uint8_t)(v >> 8);
    w->data[offset + 1] = (uint8_t)v;
}

void wire_header(struct wire_writer *w, uint16_t id, uint16_t flags,
                 uint16_t qd, uint16_t an, uint16_t ns, uint16_t ar)
{
    wire_u16(w, id);
    wire_u16(w, flags);
    wire_u16(w, qd);
    wire_u16(w, an);
    wire_u16(w, ns);
    wire_u16(w, ar);
}

void wire_rr_start(struct wire_writer *w, size_t owner_offset, uint16_t type,
                   uint32_t ttl, uint16_t rdlength)
{
    wire_pointer(w, owner_offset);
    wire_u16(w, type);
    wire_u16(w, DNS_CLASS_IN);
    wire_u32(w, ttl);
    wire_u16(w, rdlength);
}

void wire_opt(struct wire_writer *w, const struct dns_query *query, uint8_t ext_rcode)
{
    wire_u8(w, 0);
    wire_u16(w, DNS_TYPE_OPT);
    wire_u16(w, OUR_EDNS_SIZE);
    /* extended rcode, version 0, and the DO bit echoed as RFC 3225 asks */
    wire_u32(w, ((uint32_t)ext_rcode << 24) | (query->edns_do ? 0x8000u : 0));
    wire_u16(w, 0);
}
