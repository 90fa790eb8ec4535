/*
 * ws2getdns Unix side: reading configuration files and noticing when they change
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

#ifndef __WS2GETDNS_UNIX_FILE_H
#define __WS2GETDNS_UNIX_FILE_H

#include <stddef.h>
#include <stdint.h>

struct file_stamp
{
    int exists;
    uint64_t dev, ino, size;
    int64_t mtime_sec, mtime_nsec;
};

/* Whole file in a malloc'ed buffer (NUL appended, not counted); at most
 * max_size bytes are read, the rest is ignored.  NULL if unreadable, with
 * errno ENOMEM when memory ran out. */
char *file_read_all( const char *path, size_t max_size, size_t *len );

void file_get_stamp( const char *path, struct file_stamp *stamp );
int file_stamp_equal( const struct file_stamp *a, const struct file_stamp *b );

/* Split text into lines; a line holding a NUL byte is skipped whole.
 * Returns 0 at the end. */
int text_next_line( const char **pos, const char *end, const char **line, size_t *line_len );

/* Every line of a settings file to parse() (which returns 0 for a bad
 * one); a line holding a NUL byte is bad without being parsed.  Returns
 * the number of the first bad line, 0 if none. */
unsigned int text_parse_lines( const char *text, size_t len,
                               int (*parse)( void *ctx, const char *line, const char *end ), void *ctx );

/* next whitespace-separated token of a line; 0 at the end */
int text_next_token( const char **pos, const char *end, const char **token, size_t *token_len );

#endif /* __WS2GETDNS_UNIX_FILE_H */
