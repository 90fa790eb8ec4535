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

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "unix_file.h"

char *file_read_all( const char *path, size_t max_size, size_t *len )
{
    size_t size = 4096, used = 0;
    char *buf, *tmp;
    int fd;

    if ((fd = open( path, O_RDONLY | O_CLOEXEC )) == -1) return NULL;
    if (!(buf = malloc( size + 1 )))
    {
        close( fd );
        errno = ENOMEM;
        return NULL;
    }
    for (;;)
    {
        ssize_t ret;

        if (used == size)
        {
            if (size >= max_size) break;
            size = size * 2 > max_size ? max_size : size * 2;
            if (!(tmp = realloc( buf, size + 1 )))
            {
                errno = ENOMEM;
                goto fail;
            }
            buf = tmp;
        }
        ret = read( fd, buf + used, size - used );
        if (ret < 0 && errno == EINTR) continue;
        if (ret < 0) goto fail;
        if (!ret) break;
        used += ret;
    }
    close( fd );
    buf[used] = 0;
    *len = used;
    return buf;

fail:
    {
        int err = errno;

        close( fd );
        free( buf );
        errno = err;
    }
    return NULL;
}

void file_get_stamp( const char *path, struct file_stamp *stamp )
{
    struct stat st;

    memset( stamp, 0, sizeof(*stamp) );
    if (stat( path, &st )) return;
    stamp->exists = 1;
    stamp->dev = st.st_dev;
    stamp->ino = st.st_ino;
    stamp->size = st.st_size;
    stamp->mtime_sec = st.st_mtim.tv_sec;
    stamp->mtime_nsec = st.st_mtim.tv_nsec;
}

int file_stamp_equal( const struct file_stamp *a, const struct file_stamp *b )
{
    return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino && a->size == b->size
        && a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec;
}

int text_next_line( const char **pos, const char *end, const char **line, size_t *line_len )
{
    while (*pos < end)
    {
        const char *start = *pos, *nl = memchr( start, '\n', end - start );
        const char *stop = nl ? nl : end;

        *pos = nl ? nl + 1 : end;
        /* a NUL inside a line (c-ares CVE-2024-25629 came from such a line)
         * makes the whole line garbage: never read past it or half of it */
        if (memchr( start, 0, stop - start )) continue;
        *line = start;
        *line_len = stop - start;
        return 1;
    }
    return 0;
}

unsigned int text_parse_lines( const char *text, size_t len,
                               int (*parse)( void *ctx, const char *line, const char *end ), void *ctx )
{
    const char *pos = text, *end = text + len;
    unsigned int number = 0, bad = 0;

    while (pos < end)
    {
        const char *line = pos, *nl = memchr( pos, '\n', end - pos );
        const char *stop = nl ? nl : end;

        pos = nl ? nl + 1 : end;
        number++;
        /* unlike text_next_line, a NUL makes the line an error, not skipped */
        if ((memchr( line, 0, stop - line ) || !parse( ctx, line, stop )) && !bad) bad = number;
    }
    return bad;
}

static int is_space( char c )
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int text_next_token( const char **pos, const char *end, const char **token, size_t *token_len )
{
    const char *p = *pos;

    while (p < end && is_space( *p )) p++;
    if (p == end)
    {
        *pos = p;
        return 0;
    }
    *token = p;
    while (p < end && !is_space( *p )) p++;
    *token_len = p - *token;
    *pos = p;
    return 1;
}
