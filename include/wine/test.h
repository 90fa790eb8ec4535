/*
 * Conformance-test harness with the Wine test API (ok, todo_wine, skip, ...)
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

/*
 * Every test file includes this header and declares its entry point with
 * START_TEST(name).  Exactly one translation unit per executable (the
 * testlist.c written by tools/make_testlist) defines STANDALONE before
 * including it; that unit receives the implementation and main().
 *
 * The output format, the environment variables and the exit status follow
 * Wine's own harness so that Wine's tooling can read our results:
 *
 *   file.c:123: Test failed: ctx1: ctx2: message
 *   file.c:123: Test marked todo: message
 *   file.c:123: Test succeeded inside todo block: message
 *   file.c:123: Tests skipped: message
 *   file.c:123: message                           (trace)
 *   0104:name: 7 tests executed (1 marked as todo, 0 as flaky, 2 failures), 1 skipped.
 *
 * The exit status of a test is its number of failures plus the number of
 * checks that unexpectedly succeeded inside a todo block, capped at 255.  An
 * unhandled exception ends the process with the exception code as its exit
 * status and without a summary line.
 */

#ifndef __WINE_WINE_TEST_H
#define __WINE_WINE_TEST_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <windef.h>
#include <winbase.h>

#ifdef __GNUC__
# define WINETEST_PRINTF_ATTR(fmt, args) __attribute__((format(printf, fmt, args)))
#else
# define WINETEST_PRINTF_ATTR(fmt, args)
#endif

#ifndef ARRAY_SIZE
# define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/* Settings, read from the WINETEST_* environment variables at start-up. */
extern int winetest_debug;              /* WINETEST_DEBUG, default 1 */
extern int winetest_interactive;        /* WINETEST_INTERACTIVE */
extern int winetest_report_success;     /* WINETEST_REPORT_SUCCESS */
extern int winetest_report_flaky;       /* WINETEST_REPORT_FLAKY */
extern int winetest_mute_threshold;     /* WINETEST_MUTE_THRESHOLD, default 42 */
extern int winetest_time;               /* WINETEST_TIME */
extern const char *winetest_platform;   /* WINETEST_PLATFORM: "windows" or "wine" */
extern int winetest_platform_is_wine;

extern void winetest_set_location( const char *file, int line );
extern void winetest_ok( int condition, const char *msg, ... ) WINETEST_PRINTF_ATTR(2, 3);
extern int winetest_vok( int condition, const char *msg, va_list args );
extern void winetest_trace( const char *msg, ... ) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_skip( const char *msg, ... ) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_win_skip( const char *msg, ... ) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_vskip( const char *msg, va_list args );
extern void winetest_subtest( const char *name );
extern void winetest_ignore_exceptions( BOOL ignore );
extern void winetest_wait_child_process( HANDLE process );

extern void winetest_push_context( const char *fmt, ... ) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_pop_context(void);

extern void winetest_start_todo( int is_todo );
extern int winetest_enter_block(void);
extern void winetest_end_todo(void);
extern void winetest_start_flaky( int is_flaky );
extern void winetest_end_flaky(void);

extern int winetest_get_mainargs( char ***pargv );
extern LONG winetest_get_failures(void);
extern void winetest_add_failures( LONG new_failures );

/* Declares the entry point of one test; the generated testlist.c lists it. */
#define START_TEST(name) \
    void func_##name(void); \
    void func_##name(void)

/* The location is recorded first, then the call goes to the function that the
 * comma expression yields, so both "ok(...)" and "ok_(file, line)(...)" work
 * and keep printf format checking. */
#ifdef WINETEST_NO_LINE_NUMBERS
# define winetest_at_(file, line, func)  (winetest_set_location( file, 0 ), func)
#else
# define winetest_at_(file, line, func)  (winetest_set_location( file, line ), func)
#endif

#define ok_(file, line)                  winetest_at_(file, line, winetest_ok)
#define trace_(file, line)               winetest_at_(file, line, winetest_trace)
#define skip_(file, line)                winetest_at_(file, line, winetest_skip)
#define win_skip_(file, line)            winetest_at_(file, line, winetest_win_skip)
#define subtest_(file, line)             winetest_at_(file, line, winetest_subtest)
#define ignore_exceptions_(file, line)   winetest_at_(file, line, winetest_ignore_exceptions)
#define wait_child_process_(file, line)  winetest_at_(file, line, winetest_wait_child_process)

#define ok                  ok_(__FILE__, __LINE__)
#define trace               trace_(__FILE__, __LINE__)
#define skip                skip_(__FILE__, __LINE__)
#define win_skip            win_skip_(__FILE__, __LINE__)
#define subtest             subtest_(__FILE__, __LINE__)
#define ignore_exceptions   ignore_exceptions_(__FILE__, __LINE__)
#define wait_child_process  wait_child_process_(__FILE__, __LINE__)

/* Statement prefixes: the loop runs its body exactly once, between a start
 * call that pushes one nesting level and an end call that pops it.  The
 * start call arms a per-thread flag that winetest_enter_block() reports
 * once and clears, which needs no loop variable that nested prefixes would
 * shadow. */
#define todo_if(is_todo) \
    for (winetest_start_todo( (is_todo) ); winetest_enter_block(); winetest_end_todo())
#define todo_wine              todo_if( winetest_platform_is_wine )
#define todo_wine_if(is_todo)  todo_if( (is_todo) && winetest_platform_is_wine )

#define flaky_if(is_flaky) \
    for (winetest_start_flaky( (is_flaky) ); winetest_enter_block(); winetest_end_flaky())
#define flaky                   flaky_if( TRUE )
#define flaky_wine              flaky_if( winetest_platform_is_wine )
#define flaky_wine_if(is_flaky) flaky_if( (is_flaky) && winetest_platform_is_wine )

/* A result that only old or odd Windows versions give: accepted there, a
 * failure on Wine, which must behave like current Windows. */
static inline int broken( int condition )
{
    return !winetest_platform_is_wine && condition;
}

static inline int winetest_strcmpW( const WCHAR *str1, const WCHAR *str2 )
{
    while (*str1 && *str1 == *str2)
    {
        str1++;
        str2++;
    }
    return *str1 - *str2;
}

/* Debug string helpers that Wine tests get from wine/debug.h.  They return
 * strings in a per-thread ring buffer, valid for a few further calls. */
#ifndef __WINE_WINE_DEBUG_H
extern const char *wine_dbg_sprintf( const char *format, ... ) WINETEST_PRINTF_ATTR(1, 2);
extern const char *wine_dbgstr_an( const char *str, int n );
extern const char *wine_dbgstr_wn( const WCHAR *str, int n );
extern const char *wine_dbgstr_guid( const GUID *guid );
extern const char *wine_dbgstr_longlong( ULONGLONG value );

static inline const char *wine_dbgstr_a( const char *s ) { return wine_dbgstr_an( s, -1 ); }
static inline const char *wine_dbgstr_w( const WCHAR *s ) { return wine_dbgstr_wn( s, -1 ); }
static inline const char *debugstr_an( const char *s, int n ) { return wine_dbgstr_an( s, n ); }
static inline const char *debugstr_a( const char *s ) { return wine_dbgstr_an( s, -1 ); }
static inline const char *debugstr_wn( const WCHAR *s, int n ) { return wine_dbgstr_wn( s, n ); }
static inline const char *debugstr_w( const WCHAR *s ) { return wine_dbgstr_wn( s, -1 ); }
static inline const char *debugstr_guid( const GUID *id ) { return wine_dbgstr_guid( id ); }

static inline const char *wine_dbgstr_point( const POINT *pt )
{
    if (!pt) return "(null)";
    return wine_dbg_sprintf( "(%d,%d)", (int)pt->x, (int)pt->y );
}

static inline const char *wine_dbgstr_rect( const RECT *rect )
{
    if (!rect) return "(null)";
    return wine_dbg_sprintf( "(%d,%d)-(%d,%d)", (int)rect->left, (int)rect->top,
                             (int)rect->right, (int)rect->bottom );
}
#endif /* __WINE_WINE_DEBUG_H */


/************************************************************************
 * Implementation: compiled only into the one unit that defines STANDALONE.
 */
#ifdef STANDALONE

#include <io.h>

struct winetest_test
{
    const char *name;
    void (*func)(void);
};

/* Provided by the generated testlist.c, terminated by a { NULL, NULL } entry. */
extern const struct winetest_test winetest_testlist[];

int winetest_debug = 1;
int winetest_interactive = 0;
int winetest_report_success = 0;
int winetest_report_flaky = 0;
int winetest_mute_threshold = 42;
int winetest_time = 0;
const char *winetest_platform = "windows";
int winetest_platform_is_wine = 0;

#define WINETEST_MAX_CONTEXTS 8
#define WINETEST_CONTEXT_SIZE 128

/* State that belongs to one thread: where its last check was, the todo and
 * flaky blocks it is inside, its context prefixes and its string buffer. */
struct winetest_thread_data
{
    const char *file;
    int line;
    unsigned int todo_bits;     /* one bit per nesting level, innermost lowest */
    unsigned int flaky_bits;
    int block_armed;            /* a todo/flaky prefix is about to run its body */
    unsigned int context_count; /* may exceed WINETEST_MAX_CONTEXTS; extras are dropped */
    char context[WINETEST_MAX_CONTEXTS][WINETEST_CONTEXT_SIZE];
    size_t strings_pos;
    char strings[4096];
};

/* The counters of the test being run; every thread updates them, so only
 * with interlocked operations. */
static LONG winetest_successes;
static LONG winetest_failures;        /* failed checks outside todo/flaky */
static LONG winetest_flaky_failures;  /* failed checks inside a flaky block */
static LONG winetest_skipped;
static LONG winetest_todo_successes;  /* checks that failed as their todo expected */
static LONG winetest_todo_failures;   /* checks that passed although marked todo */
static LONG winetest_muted_traces;
static LONG winetest_muted_skipped;
static LONG winetest_muted_todo_successes;

static LONG winetest_line_counters[16384];

static DWORD winetest_fls_index = FLS_OUT_OF_INDEXES;
static HANDLE winetest_print_mutex;
static DWORD winetest_start_ticks;

static int winetest_argc;
static char **winetest_argv;
static const struct winetest_test *winetest_current_test;

static void WINAPI winetest_free_thread_data( void *data )
{
    HeapFree( GetProcessHeap(), 0, data );
}

static struct winetest_thread_data *winetest_get_thread_data(void)
{
    static struct winetest_thread_data fallback;
    struct winetest_thread_data *data;
    /* Called while a check's own arguments may already hold GetLastError()
     * results or be about to read it, so the error must survive. */
    DWORD saved_error = GetLastError();

    if (winetest_fls_index == FLS_OUT_OF_INDEXES)
    {
        SetLastError( saved_error );
        return &fallback;
    }
    data = FlsGetValue( winetest_fls_index );
    if (!data)
    {
        data = HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*data) );
        if (!data)
            data = &fallback;
        else
            FlsSetValue( winetest_fls_index, data );
    }
    SetLastError( saved_error );
    return data;
}

/* One lock for all output, named so that child processes sharing our
 * stdout do not interleave their lines with ours. */
static void winetest_lock_output(void)
{
    DWORD ret;

    if (!winetest_print_mutex) return;
    ret = WaitForSingleObject( winetest_print_mutex, 30000 );
    if (ret != WAIT_OBJECT_0 && ret != WAIT_ABANDONED)
    {
        /* Better interleaved output than a hung test. */
        winetest_print_mutex = NULL;
    }
}

static void winetest_unlock_output(void)
{
    if (winetest_print_mutex) ReleaseMutex( winetest_print_mutex );
}

static const char *winetest_elapsed( char *buffer, size_t size )
{
    if (!winetest_time) return "";
    snprintf( buffer, size, "%.3f", (GetTickCount() - winetest_start_ticks) / 1000.0 );
    return buffer;
}

/* Prints "file:line: " followed by msgtype and, if wanted, the context
 * prefixes.  The caller holds the output lock. */
static void winetest_print_prefix( const char *msgtype, BOOL with_context )
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    unsigned int i, count;
    char elapsed[32];

    printf( "%s:%d:%s %s", data->file ? data->file : "(unknown)", data->line,
            winetest_elapsed( elapsed, sizeof(elapsed) ), msgtype );
    if (!with_context) return;
    count = min( data->context_count, WINETEST_MAX_CONTEXTS );
    for (i = 0; i < count; i++) printf( "%s: ", data->context[i] );
}

static void winetest_print_line( const char *msgtype, BOOL with_context, const char *msg, va_list args )
{
    DWORD saved_error = GetLastError();

    winetest_lock_output();
    winetest_print_prefix( msgtype, with_context );
    if (msg) vprintf( msg, args );
    fflush( stdout );
    winetest_unlock_output();
    SetLastError( saved_error );
}

static void winetest_print_simple( const char *msgtype, const char *msg, ... ) WINETEST_PRINTF_ATTR(2, 3);
static void winetest_print_simple( const char *msgtype, const char *msg, ... )
{
    va_list args;

    va_start( args, msg );
    winetest_print_line( msgtype, FALSE, msg, args );
    va_end( args );
}

/* Counts the messages a source line has printed; past the mute threshold
 * its todos, skips and traces are only counted, so that a loop cannot flood
 * the log.  Returns the number of earlier messages from that line. */
static LONG winetest_count_line_message(void)
{
    struct winetest_thread_data *data;
    LONG previous;

    if (winetest_debug > 1) return 0;
    data = winetest_get_thread_data();
    previous = InterlockedIncrement( &winetest_line_counters[(unsigned int)data->line % ARRAY_SIZE(winetest_line_counters)] ) - 1;
    if (previous == winetest_mute_threshold)
        winetest_print_simple( "", "Line has been silenced after %d occurrences\n", winetest_mute_threshold );
    return previous;
}

void winetest_set_location( const char *file, int line )
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    const char *base = file;
    const char *p;

    /* Only the file name: __FILE__ may carry the build's directories. */
    for (p = file; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    data->file = base;
    data->line = line;
}

int winetest_vok( int condition, const char *msg, va_list args )
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    if (data->todo_bits)
    {
        if (condition)
        {
            /* The todo is stale: the check passes now.  Inside a flaky block
             * it is only reported as flaky. */
            if (data->flaky_bits)
            {
                winetest_print_line( "Test succeeded inside flaky todo block: ", TRUE, msg, args );
                InterlockedIncrement( &winetest_flaky_failures );
            }
            else
            {
                winetest_print_line( "Test succeeded inside todo block: ", TRUE, msg, args );
                InterlockedIncrement( &winetest_todo_failures );
            }
            return 0;
        }
        if (!winetest_debug || winetest_count_line_message() < winetest_mute_threshold)
        {
            if (winetest_debug > 0) winetest_print_line( "Test marked todo: ", TRUE, msg, args );
            InterlockedIncrement( &winetest_todo_successes );
        }
        else InterlockedIncrement( &winetest_muted_todo_successes );
        return 1;
    }

    if (!condition)
    {
        if (data->flaky_bits)
        {
            winetest_print_line( "Test marked flaky: ", TRUE, msg, args );
            InterlockedIncrement( &winetest_flaky_failures );
        }
        else
        {
            winetest_print_line( "Test failed: ", TRUE, msg, args );
            InterlockedIncrement( &winetest_failures );
        }
        return 0;
    }
    if (winetest_report_success) winetest_print_simple( "", "Test succeeded\n" );
    InterlockedIncrement( &winetest_successes );
    return 1;
}

void winetest_ok( int condition, const char *msg, ... )
{
    va_list args;

    va_start( args, msg );
    winetest_vok( condition, msg, args );
    va_end( args );
}

void winetest_trace( const char *msg, ... )
{
    va_list args;

    if (!winetest_debug) return;
    if (winetest_count_line_message() >= winetest_mute_threshold)
    {
        InterlockedIncrement( &winetest_muted_traces );
        return;
    }
    va_start( args, msg );
    winetest_print_line( "", TRUE, msg, args );
    va_end( args );
}

void winetest_vskip( const char *msg, va_list args )
{
    if (winetest_count_line_message() >= winetest_mute_threshold)
    {
        InterlockedIncrement( &winetest_muted_skipped );
        return;
    }
    winetest_print_line( "Tests skipped: ", TRUE, msg, args );
    InterlockedIncrement( &winetest_skipped );
}

void winetest_skip( const char *msg, ... )
{
    va_list args;

    va_start( args, msg );
    winetest_vskip( msg, args );
    va_end( args );
}

/* A skip that only old Windows versions may take; on Wine the missing
 * feature is a failure. */
void winetest_win_skip( const char *msg, ... )
{
    va_list args;

    va_start( args, msg );
    if (winetest_platform_is_wine)
        winetest_vok( 0, msg, args );
    else
        winetest_vskip( msg, args );
    va_end( args );
}

void winetest_subtest( const char *name )
{
    winetest_print_simple( "", "Subtest %s\n", name );
}

void winetest_ignore_exceptions( BOOL ignore )
{
    winetest_print_simple( "", "IgnoreExceptions=%d\n", ignore ? 1 : 0 );
}

void winetest_push_context( const char *fmt, ... )
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    va_list args;

    if (data->context_count < WINETEST_MAX_CONTEXTS)
    {
        char *slot = data->context[data->context_count];

        va_start( args, fmt );
        _vsnprintf( slot, WINETEST_CONTEXT_SIZE, fmt, args );
        va_end( args );
        slot[WINETEST_CONTEXT_SIZE - 1] = 0;
    }
    data->context_count++;
}

void winetest_pop_context(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    if (data->context_count) data->context_count--;
}

void winetest_start_todo( int is_todo )
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->todo_bits = (data->todo_bits << 1) | (is_todo ? 1 : 0);
    data->block_armed = 1;
}

void winetest_end_todo(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->todo_bits >>= 1;
}

void winetest_start_flaky( int is_flaky )
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->flaky_bits = (data->flaky_bits << 1) | (is_flaky ? 1 : 0);
    data->block_armed = 1;
}

void winetest_end_flaky(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->flaky_bits >>= 1;
}

/* True on the first test of a todo/flaky loop, false on the second.  A
 * nested prefix arms and consumes the flag before the outer loop tests it
 * again, so each loop still runs exactly once. */
int winetest_enter_block(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    int armed = data->block_armed;

    data->block_armed = 0;
    return armed;
}

int winetest_get_mainargs( char ***pargv )
{
    *pargv = winetest_argv;
    return winetest_argc;
}

LONG winetest_get_failures(void)
{
    return winetest_failures;
}

void winetest_add_failures( LONG new_failures )
{
    while (new_failures-- > 0) InterlockedIncrement( &winetest_failures );
}

/* Waits for a child process started from this test executable and adds its
 * result to ours: an exit status above 255 is an exception code, anything
 * else non-zero is its number of failures. */
void winetest_wait_child_process( HANDLE process )
{
    DWORD ret, exit_code;

    /* Counted as a check of its own, like Wine does. */
    winetest_ok( process != NULL, "No child process handle (CreateProcess failed?)\n" );
    if (!process) return;
    ret = WaitForSingleObject( process, 30000 );
    if (ret == WAIT_TIMEOUT)
    {
        winetest_ok( 0, "Timed out waiting for the child process\n" );
        return;
    }
    if (ret != WAIT_OBJECT_0)
    {
        winetest_ok( 0, "Could not wait for the child process: %u le=%u\n",
                     (UINT)ret, (UINT)GetLastError() );
        return;
    }
    if (!GetExitCodeProcess( process, &exit_code ))
    {
        winetest_ok( 0, "Could not get the child's exit code: le=%u\n", (UINT)GetLastError() );
        return;
    }
    if (exit_code > 255)
    {
        winetest_print_simple( "", "unhandled exception %08x in child process %04x\n",
                               (UINT)exit_code, (UINT)GetProcessId( process ) );
        InterlockedIncrement( &winetest_failures );
    }
    else if (exit_code)
    {
        winetest_print_simple( "", "%u failures in child process\n", (UINT)exit_code );
        winetest_add_failures( exit_code );
    }
}

/* Debug string helpers */

static char *winetest_get_temp_buffer( size_t size )
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    char *ret;

    if (size > sizeof(data->strings)) size = sizeof(data->strings);
    if (data->strings_pos + size > sizeof(data->strings)) data->strings_pos = 0;
    ret = data->strings + data->strings_pos;
    data->strings_pos += size;
    return ret;
}

const char *wine_dbg_sprintf( const char *format, ... )
{
    char *buffer = winetest_get_temp_buffer( 300 );
    va_list args;

    va_start( args, format );
    _vsnprintf( buffer, 300, format, args );
    va_end( args );
    buffer[299] = 0;
    return buffer;
}

static const char winetest_hex_digits[] = "0123456789abcdef";

/* Appends one character of a quoted string, escaped the way Wine does. */
static char *winetest_escape_char( char *dst, unsigned int c, int hex_width )
{
    switch (c)
    {
    case '\n': *dst++ = '\\'; *dst++ = 'n'; return dst;
    case '\r': *dst++ = '\\'; *dst++ = 'r'; return dst;
    case '\t': *dst++ = '\\'; *dst++ = 't'; return dst;
    case '"':  *dst++ = '\\'; *dst++ = '"'; return dst;
    case '\\': *dst++ = '\\'; *dst++ = '\\'; return dst;
    }
    if (c >= ' ' && c < 127)
    {
        *dst++ = (char)c;
        return dst;
    }
    *dst++ = '\\';
    if (hex_width == 2) *dst++ = 'x';
    while (hex_width--) *dst++ = winetest_hex_digits[(c >> (4 * hex_width)) & 0xf];
    return dst;
}

const char *wine_dbgstr_an( const char *str, int n )
{
    char buffer[300], *dst = buffer;

    if (!str) return "(null)";
    if (!((ULONG_PTR)str >> 16)) return wine_dbg_sprintf( "#%04x", LOWORD(str) );
    if (n == -1) n = strlen( str );
    *dst++ = '"';
    /* Leave room for the longest escape, the closing quote and "..." */
    for (; n > 0 && dst <= buffer + sizeof(buffer) - 9; n--, str++)
        dst = winetest_escape_char( dst, (unsigned char)*str, 2 );
    *dst++ = '"';
    if (n > 0)
    {
        memcpy( dst, "...", 3 );
        dst += 3;
    }
    *dst = 0;
    return strcpy( winetest_get_temp_buffer( dst - buffer + 1 ), buffer );
}

const char *wine_dbgstr_wn( const WCHAR *str, int n )
{
    char buffer[300], *dst = buffer;

    if (!str) return "(null)";
    if (!((ULONG_PTR)str >> 16)) return wine_dbg_sprintf( "#%04x", LOWORD(str) );
    if (n == -1) for (n = 0; str[n]; n++) ;
    *dst++ = 'L';
    *dst++ = '"';
    for (; n > 0 && dst <= buffer + sizeof(buffer) - 10; n--, str++)
        dst = winetest_escape_char( dst, *str, 4 );
    *dst++ = '"';
    if (n > 0)
    {
        memcpy( dst, "...", 3 );
        dst += 3;
    }
    *dst = 0;
    return strcpy( winetest_get_temp_buffer( dst - buffer + 1 ), buffer );
}

const char *wine_dbgstr_guid( const GUID *id )
{
    if (!id) return "(null)";
    if (!((ULONG_PTR)id >> 16)) return wine_dbg_sprintf( "<guid-0x%04x>", (UINT)(WORD)(ULONG_PTR)id );
    return wine_dbg_sprintf( "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
                             (UINT)id->Data1, id->Data2, id->Data3,
                             id->Data4[0], id->Data4[1], id->Data4[2], id->Data4[3],
                             id->Data4[4], id->Data4[5], id->Data4[6], id->Data4[7] );
}

const char *wine_dbgstr_longlong( ULONGLONG value )
{
    if (value >> 32)
        return wine_dbg_sprintf( "%x%08x", (UINT)(value >> 32), (UINT)value );
    return wine_dbg_sprintf( "%x", (UINT)value );
}

/* Runner */

static void winetest_reset_counters(void)
{
    winetest_successes = winetest_failures = winetest_flaky_failures = 0;
    winetest_skipped = winetest_todo_successes = winetest_todo_failures = 0;
    winetest_muted_traces = winetest_muted_skipped = winetest_muted_todo_successes = 0;
    memset( winetest_line_counters, 0, sizeof(winetest_line_counters) );
}

/* Accepts "name", "name.c" or a path to the source file, as Wine does. */
static const struct winetest_test *winetest_find_test( const char *name )
{
    const struct winetest_test *test;
    const char *p;
    size_t len;

    for (p = name; *p; p++)
        if (*p == '/' || *p == '\\') name = p + 1;
    len = strlen( name );
    if (len > 2 && !strcmp( name + len - 2, ".c" )) len -= 2;
    for (test = winetest_testlist; test->name; test++)
        if (strlen( test->name ) == len && !strncmp( test->name, name, len )) return test;
    return NULL;
}

static void winetest_list_tests(void)
{
    const struct winetest_test *test;

    printf( "Valid test names:\n" );
    for (test = winetest_testlist; test->name; test++) printf( "    %s\n", test->name );
}

/* Runs one test and returns its exit status. */
static int winetest_run_test( const struct winetest_test *test )
{
    LONG status;
    char elapsed[32];
    UINT pid = GetCurrentProcessId();

    winetest_reset_counters();
    winetest_current_test = test;
    test->func();

    if (winetest_debug)
    {
        winetest_lock_output();
        if (winetest_muted_todo_successes || winetest_muted_skipped || winetest_muted_traces)
            printf( "%04x:%s:%s Silenced %d todos, %d skips and %d traces.\n",
                    pid, test->name, winetest_elapsed( elapsed, sizeof(elapsed) ),
                    (int)winetest_muted_todo_successes, (int)winetest_muted_skipped,
                    (int)winetest_muted_traces );
        printf( "%04x:%s:%s %d tests executed (%d marked as todo, %d as flaky, %d %s), %d skipped.\n",
                pid, test->name, winetest_elapsed( elapsed, sizeof(elapsed) ),
                (int)(winetest_successes + winetest_failures + winetest_flaky_failures +
                      winetest_todo_successes + winetest_todo_failures),
                (int)winetest_todo_successes, (int)winetest_flaky_failures,
                (int)(winetest_failures + winetest_todo_failures),
                winetest_failures + winetest_todo_failures == 1 ? "failure" : "failures",
                (int)winetest_skipped );
        fflush( stdout );
        winetest_unlock_output();
    }
    status = winetest_failures + winetest_todo_failures;
    if (winetest_report_flaky) status += winetest_flaky_failures;
    return status > 255 ? 255 : (int)status;
}

/* A crash must never look like a pass: say where it happened and end the
 * process with the exception code (above 255, which is how
 * wait_child_process and Wine's runner recognise an exception). */
static LONG WINAPI winetest_exception_filter( EXCEPTION_POINTERS *ptrs )
{
    static LONG entered;
    struct winetest_thread_data *data;
    char elapsed[32];

    /* A second exception, in the report below or in another thread, must not
     * print again or outlive the first one. */
    if (InterlockedIncrement( &entered ) > 1)
    {
        Sleep( 5000 );
        TerminateProcess( GetCurrentProcess(), ptrs->ExceptionRecord->ExceptionCode );
    }
    data = winetest_get_thread_data();
    winetest_lock_output();
    if (data->file)
        printf( "%s:%d: this is the last test seen before the exception\n", data->file, data->line );
    printf( "%04x:%s:%s unhandled exception %08x at %p\n", (UINT)GetCurrentProcessId(),
            winetest_current_test ? winetest_current_test->name : "(none)",
            winetest_elapsed( elapsed, sizeof(elapsed) ),
            (UINT)ptrs->ExceptionRecord->ExceptionCode, ptrs->ExceptionRecord->ExceptionAddress );
    fflush( stdout );
    winetest_unlock_output();
    /* TerminateProcess rather than ExitProcess: the crashed code may hold
     * locks that DLL detach routines would wait for. */
    TerminateProcess( GetCurrentProcess(), ptrs->ExceptionRecord->ExceptionCode );
    return EXCEPTION_EXECUTE_HANDLER;
}

/* Wine's harness treats a missing WINETEST_PLATFORM as "wine" when ntdll
 * exports Wine's private entry points, and as "windows" otherwise. */
static BOOL winetest_running_under_wine(void)
{
    HMODULE ntdll = GetModuleHandleA( "ntdll.dll" );

    return ntdll && GetProcAddress( ntdll, "wine_get_version" ) != NULL;
}

static int winetest_env_int( const char *name, int value )
{
    char buffer[32];
    DWORD len = GetEnvironmentVariableA( name, buffer, sizeof(buffer) );

    /* A value too long for the buffer is reported by size only; ignore it. */
    if (len && len < sizeof(buffer)) value = atoi( buffer );
    return value;
}

int main( int argc, char **argv )
{
    char platform[64];
    const struct winetest_test *test;
    DWORD len;
    int status = 0;

    /* Unbuffered, so that our lines and those of crashing children or of
     * printf calls in the tests come out in order. */
    setvbuf( stdout, NULL, _IONBF, 0 );
    winetest_argc = argc;
    winetest_argv = argv;
    winetest_start_ticks = GetTickCount();
    winetest_fls_index = FlsAlloc( winetest_free_thread_data );
    winetest_print_mutex = CreateMutexA( NULL, FALSE, "winetest_print_mutex" );

    len = GetEnvironmentVariableA( "WINETEST_PLATFORM", platform, sizeof(platform) );
    if (len && len < sizeof(platform))
        winetest_platform = _strdup( platform );
    else if (winetest_running_under_wine())
        winetest_platform = "wine";
    winetest_platform_is_wine = !strcmp( winetest_platform, "wine" );
    winetest_debug = winetest_env_int( "WINETEST_DEBUG", winetest_debug );
    winetest_interactive = winetest_env_int( "WINETEST_INTERACTIVE", winetest_interactive );
    winetest_report_success = winetest_env_int( "WINETEST_REPORT_SUCCESS", winetest_report_success );
    winetest_report_flaky = winetest_env_int( "WINETEST_REPORT_FLAKY", winetest_report_flaky );
    winetest_mute_threshold = winetest_env_int( "WINETEST_MUTE_THRESHOLD", winetest_mute_threshold );
    winetest_time = winetest_env_int( "WINETEST_TIME", winetest_time );

    /* Unlike Wine's harness we trap crashes on Wine too, so that both
     * platforms report them the same way on stdout. */
    SetUnhandledExceptionFilter( winetest_exception_filter );
    if (!winetest_interactive) SetErrorMode( SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX );

    if (argc >= 2 && !strcmp( argv[1], "--list" ))
    {
        winetest_list_tests();
        return 0;
    }
    if (argc >= 2)
    {
        if (!(test = winetest_find_test( argv[1] )))
        {
            printf( "Fatal: test '%s' does not exist.\n", argv[1] );
            winetest_list_tests();
            return 1;
        }
        return winetest_run_test( test );
    }

    for (test = winetest_testlist; test->name; test++)
    {
        status += winetest_run_test( test );
        if (status > 255) status = 255;
    }
    return status;
}

#endif /* STANDALONE */

#endif /* __WINE_WINE_TEST_H */
