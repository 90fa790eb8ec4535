/*
 * ws2getdns: the test build's hook, forwarded to the test program
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

/* Compiled into the test build only (tests/hooks/, see Makefile.in). */

#include "private.h"
#include "test_hooks.h"

typedef int (__cdecl *test_hook_func)( int point, void *arg );

static INIT_ONCE hook_once = INIT_ONCE_STATIC_INIT;
static test_hook_func hook;

static BOOL CALLBACK find_hook( INIT_ONCE *once, void *param, void **context )
{
    hook = (test_hook_func)GetProcAddress( GetModuleHandleW( NULL ), "ws2getdns_test_hook" );
    return TRUE;
}

int test_hook( enum test_point point, void *arg )
{
    InitOnceExecuteOnce( &hook_once, find_hook, NULL, NULL );
    return hook ? hook( point, arg ) : 0;
}
