/*
 * Doubly-linked lists with Wine's interface
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

#ifndef __WINE_SERVER_LIST_H
#define __WINE_SERVER_LIST_H

/* Wine's source tree has include/wine/list.h, but the Debian packages of
 * Wine (libwine-dev) do not install it.  This header gives the part of
 * that interface ws2getdns uses, with the same names and the same
 * semantics (list_remove leaves the element's own links as they were), so
 * that in Wine's tree the code builds against Wine's header unchanged and
 * this file is simply dropped. */

#include <stddef.h>

struct list
{
    struct list *next;
    struct list *prev;
};

#define LIST_INIT(list) { &(list), &(list) }

static inline void list_init( struct list *list )
{
    list->next = list->prev = list;
}

static inline int list_empty( const struct list *list )
{
    return list->next == list;
}

static inline void list_add_after( struct list *elem, struct list *to_add )
{
    to_add->next = elem->next;
    to_add->prev = elem;
    elem->next->prev = to_add;
    elem->next = to_add;
}

static inline void list_add_before( struct list *elem, struct list *to_add )
{
    to_add->next = elem;
    to_add->prev = elem->prev;
    elem->prev->next = to_add;
    elem->prev = to_add;
}

static inline void list_add_head( struct list *list, struct list *elem )
{
    list_add_after( list, elem );
}

static inline void list_add_tail( struct list *list, struct list *elem )
{
    list_add_before( list, elem );
}

static inline void list_remove( struct list *elem )
{
    elem->next->prev = elem->prev;
    elem->prev->next = elem->next;
}

/* first element, or NULL when the list is empty */
static inline struct list *list_head( const struct list *list )
{
    return list->next != list ? list->next : NULL;
}

/* element after elem, or NULL at the end */
static inline struct list *list_next( const struct list *list, const struct list *elem )
{
    return elem->next != list ? elem->next : NULL;
}

#define LIST_ENTRY(elem, type, field) \
    ((type *)((char *)(elem) - offsetof(type, field)))

/* iterate over a list whose current element may be removed */
#define LIST_FOR_EACH_ENTRY_SAFE(cursor, cursor2, list, type, field) \
    for ((cursor) = LIST_ENTRY((list)->next, type, field), \
         (cursor2) = LIST_ENTRY((cursor)->field.next, type, field); \
         &(cursor)->field != (list); \
         (cursor) = (cursor2), \
         (cursor2) = LIST_ENTRY((cursor)->field.next, type, field))

#endif /* __WINE_SERVER_LIST_H */
