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
 * A test file from Wine's tree must build against this header unchanged, so
 * it offers the names of Wine's own include/wine/test.h (as of Wine 9) with
 * their meaning.  A test executable is laid out in one of Wine's two ways:
 *
 * - Several test files, each with one START_TEST(name), and a testlist.c in
 *   the shape Wine's makedep writes (tools/make_testlist writes ours):
 *
 *       #define STANDALONE
 *       #include "wine/test.h"
 *       extern void func_name(void);
 *       const struct test winetest_testlist[] = { { "name", func_name }, { 0, 0 } };
 *
 *   The unit that defines STANDALONE receives the implementation and main().
 *
 * - One test file that defines STANDALONE itself before including this
 *   header: its START_TEST then also defines the one-entry testlist.
 *
 * The output, the environment variables and the exit status are Wine's, so
 * that Wine's tooling can read our results:
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
 *
 * Where we differ from Wine's harness, on purpose: run without a test name,
 * an executable with several tests runs them all in turn (Wine's prints its
 * usage); crashes are reported on Wine too, not only on Windows; contexts
 * pushed beyond the eighth are counted but not printed; and
 * WINETEST_MUTE_THRESHOLD is read from the environment.
 */

#ifndef __WINE_WINE_TEST_H
#define __WINE_WINE_TEST_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
/* Wine's header brings in <io.h>, and Wine's tests call close() and friends
 * without including it themselves. */
#include <io.h>
#include <windef.h>
#include <winbase.h>

#ifdef __GNUC__
# define WINETEST_PRINTF_ATTR(fmt, args) __attribute__((format(printf, fmt, args)))
#else
# define WINETEST_PRINTF_ATTR(fmt, args)
#endif
/* Wine's tests get this one from wine/debug.h and use it on their own
 * printf-like helpers. */
#ifndef __WINE_PRINTF_ATTR
# define __WINE_PRINTF_ATTR(fmt, args) WINETEST_PRINTF_ATTR(fmt, args)
#endif

#ifndef INVALID_FILE_ATTRIBUTES
# define INVALID_FILE_ATTRIBUTES  (~0u)
#endif
#ifndef INVALID_SET_FILE_POINTER
# define INVALID_SET_FILE_POINTER (~0u)
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
extern int winetest_color;              /* WINETEST_COLOR: 0, 1 or "auto" */
extern const char *winetest_platform;   /* WINETEST_PLATFORM: "windows" or "wine" */
extern int winetest_platform_is_wine;

/* Tick counts (winetest_get_time) of the start and of the last timed line. */
extern int winetest_start_time, winetest_last_time;

/* The counters of the test being run.  Every thread updates them, so only
 * with interlocked operations. */
extern LONG winetest_successes;
extern LONG winetest_failures;              /* failed checks outside todo/flaky */
extern LONG winetest_flaky_failures;        /* failed checks inside a flaky block */
extern LONG winetest_skipped;
extern LONG winetest_todo_successes;        /* checks that failed as their todo expected */
extern LONG winetest_todo_failures;         /* checks that passed although marked todo */
extern LONG winetest_muted_traces;          /* the same, past the mute threshold */
extern LONG winetest_muted_skipped;
extern LONG winetest_muted_todo_successes;

/* State that belongs to one thread: where its last check was, the todo and
 * flaky blocks it is inside, its context prefixes and its string buffer. */
struct winetest_thread_data
{
    const char *current_file;   /* of the last check, without directories */
    int current_line;
    unsigned int flaky_level;   /* one bit per flaky_if nesting level, innermost lowest */
    int flaky_do_loop;          /* a flaky_if is about to run its body */
    unsigned int todo_level;    /* the same for todo_if */
    int todo_do_loop;
    char *str_pos;              /* next free byte in strings */
    char strings[4096];         /* ring of the strings the debugstr helpers return */
    char context[8][128];       /* prefixes from winetest_push_context */
    unsigned int context_count; /* may exceed 8; the extra ones are not printed */
    int condition;              /* result of the ok() being reported */
};

extern struct winetest_thread_data *winetest_get_thread_data(void);
extern void winetest_print_lock(void);
extern void winetest_print_unlock(void);
extern int winetest_vprintf( const char *msg, va_list args );
extern int winetest_printf( const char *msg, ... ) __WINE_PRINTF_ATTR(1, 2);
extern int winetest_get_time(void);
extern const char *winetest_elapsed( char *buffer );
extern void winetest_print_location( const char *msg, ... ) __WINE_PRINTF_ATTR(1, 2);
extern void winetest_print_context( const char *msgtype );

extern void winetest_set_location( const char *file, int line );
extern void winetest_subtest( const char *name );
extern void winetest_ignore_exceptions( BOOL ignore );
extern LONG winetest_add_line(void);
extern int winetest_vok( int condition, const char *msg, va_list args );
extern int winetest_should_log( int condition );
extern void winetest_ok_( const char *msg, ... ) __WINE_PRINTF_ATTR(1, 2);
extern void winetest_trace( const char *msg, ... ) __WINE_PRINTF_ATTR(1, 2);
extern void winetest_vskip( const char *msg, va_list args );
extern void winetest_skip( const char *msg, ... ) __WINE_PRINTF_ATTR(1, 2);
extern void winetest_win_skip( const char *msg, ... ) __WINE_PRINTF_ATTR(1, 2);

extern void winetest_start_todo( int is_todo );
extern int winetest_loop_todo(void);
extern void winetest_end_todo(void);
extern void winetest_start_flaky( int is_flaky );
extern int winetest_loop_flaky(void);
extern void winetest_end_flaky(void);

extern void winetest_push_context( const char *fmt, ... ) __WINE_PRINTF_ATTR(1, 2);
extern void winetest_pop_context(void);

extern int winetest_get_mainargs( char ***pargv );
extern LONG winetest_get_failures(void);
extern void winetest_add_failures( LONG new_failures );

/* Wine 9 passes the child's process handle, later Wine versions its
 * PROCESS_INFORMATION (whose handles it then closes); both are accepted. */
extern void winetest_wait_child_handle( HANDLE process );
extern void winetest_wait_child_info( const PROCESS_INFORMATION *info );
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
# define winetest_wait_child_process(child) \
    _Generic( (child), \
              PROCESS_INFORMATION *: winetest_wait_child_info, \
              const PROCESS_INFORMATION *: winetest_wait_child_info, \
              default: winetest_wait_child_handle )( child )
#else
# define winetest_wait_child_process(child) winetest_wait_child_handle( child )
#endif

/* The message and its arguments are evaluated only when the check is
 * printed (a failure, or any check inside a todo block), as in Wine 9: a
 * check such as "ok( !p, "got %s\n", p->name )" must not touch p when it
 * passes. */
#define winetest_ok(cond, ...) \
    (winetest_should_log( cond ) ? winetest_ok_( __VA_ARGS__ ) : winetest_ok_( NULL ))

#ifdef STANDALONE
/* Wine's single-file mode: the one test file also provides the list. */
# define START_TEST(name) \
    static void func_##name(void); \
    const struct test winetest_testlist[] = { { #name, func_##name }, { 0, 0 } }; \
    static void func_##name(void)
#else
/* Declares the entry point of one test; the testlist.c lists it. */
# define START_TEST(name) \
    void func_##name(void); \
    void func_##name(void)
#endif

/* The location is recorded first, then the conditional yields the function
 * (or function-like macro) that the following argument list calls, so
 * both "ok(...)" and "ok_(file, line)(...)" work and keep printf format
 * checking. */
#ifdef WINETEST_NO_LINE_NUMBERS
# define winetest_at_(file, line, func)  (winetest_set_location( file, 0 ), 0) ? (void)0 : func
#else
# define winetest_at_(file, line, func)  (winetest_set_location( file, line ), 0) ? (void)0 : func
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
 * start call arms a per-thread flag that the loop test reports once and
 * clears, which needs no loop variable that nested prefixes would shadow. */
#define todo_if(is_todo) \
    for (winetest_start_todo( (is_todo) ); winetest_loop_todo(); winetest_end_todo())
#define todo_wine              todo_if( winetest_platform_is_wine )
#define todo_wine_if(is_todo)  todo_if( (is_todo) && winetest_platform_is_wine )

#define flaky_if(is_flaky) \
    for (winetest_start_flaky( (is_flaky) ); winetest_loop_flaky(); winetest_end_flaky())
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

/* ANSI colours of the report lines when winetest_color is set. */
static const char winetest_color_reset[] = "\x1b[0m";
static const char winetest_color_dark_red[] = "\x1b[31m";
static const char winetest_color_dark_purple[] = "\x1b[35m";
static const char winetest_color_green[] = "\x1b[32m";
static const char winetest_color_yellow[] = "\x1b[33m";
static const char winetest_color_blue[] = "\x1b[34m";
static const char winetest_color_bright_red[] = "\x1b[1;91m";
static const char winetest_color_bright_purple[] = "\x1b[1;95m";

/* Debug string helpers that Wine tests get from wine/debug.h.  They return
 * strings in a per-thread ring buffer, valid for a few further calls. */
#ifndef __WINE_WINE_DEBUG_H
extern const char *wine_dbg_vsprintf( const char *format, va_list args );
extern const char *wine_dbg_sprintf( const char *format, ... ) __WINE_PRINTF_ATTR(1, 2);
extern int wine_dbg_vprintf( const char *format, va_list args );
extern int wine_dbg_printf( const char *format, ... ) __WINE_PRINTF_ATTR(1, 2);
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

/* For the console mode of WINETEST_COLOR; mingw's wincon.h needs wingdi.h. */
#include <wingdi.h>
#include <wincon.h>

struct test
{
    const char *name;
    void (*func)(void);
};

/* Provided by testlist.c or by START_TEST, terminated by a { 0, 0 } entry. */
extern const struct test winetest_testlist[];

int winetest_debug = 1;
int winetest_interactive = 0;
int winetest_report_success = 0;
int winetest_report_flaky = 0;
int winetest_mute_threshold = 42;
int winetest_time = 0;
int winetest_color = 0;
const char *winetest_platform = "windows";
int winetest_platform_is_wine = 0;
int winetest_start_time, winetest_last_time;

LONG winetest_successes;
LONG winetest_failures;
LONG winetest_flaky_failures;
LONG winetest_skipped;
LONG winetest_todo_successes;
LONG winetest_todo_failures;
LONG winetest_muted_traces;
LONG winetest_muted_skipped;
LONG winetest_muted_todo_successes;

static LONG winetest_line_counters[16384];

static DWORD winetest_fls_index = FLS_OUT_OF_INDEXES;
static HANDLE winetest_print_mutex;

static int winetest_argc;
static char **winetest_argv;
static const struct test *winetest_current_test;

static void WINAPI winetest_free_thread_data( void *data )
{
    HeapFree( GetProcessHeap(), 0, data );
}

struct winetest_thread_data *winetest_get_thread_data(void)
{
    static struct winetest_thread_data fallback;
    struct winetest_thread_data *data;
    /* Called while a check's own arguments may already hold GetLastError()
     * results or be about to read it, so the error must survive. */
    DWORD saved_error = GetLastError();

    if (winetest_fls_index == FLS_OUT_OF_INDEXES)
        data = &fallback;
    else if (!(data = FlsGetValue( winetest_fls_index )))
    {
        data = HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*data) );
        if (!data)
            data = &fallback;
        else
            FlsSetValue( winetest_fls_index, data );
    }
    if (!data->str_pos) data->str_pos = data->strings;
    SetLastError( saved_error );
    return data;
}

/* One lock for all output, named so that child processes sharing our
 * stdout do not interleave their lines with ours. */
void winetest_print_lock(void)
{
    DWORD ret;

    if (!winetest_print_mutex) return;
    ret = WaitForSingleObject( winetest_print_mutex, 30000 );
    if (ret != WAIT_OBJECT_0 && ret != WAIT_ABANDONED)
    {
        /* Better interleaved output than a hung test. */
        winetest_print_mutex = NULL;
        winetest_print_location( "could not get the print lock: %u\n", (UINT)ret );
    }
}

void winetest_print_unlock(void)
{
    if (winetest_print_mutex) ReleaseMutex( winetest_print_mutex );
}

int winetest_vprintf( const char *msg, va_list args )
{
    return vprintf( msg, args );
}

int winetest_printf( const char *msg, ... )
{
    va_list args;
    int ret;

    va_start( args, msg );
    ret = winetest_vprintf( msg, args );
    va_end( args );
    return ret;
}

int winetest_get_time(void)
{
    return GetTickCount();
}

/* The seconds since start-up that WINETEST_TIME adds after "file:line:";
 * buffer must hold 64 characters. */
const char *winetest_elapsed( char *buffer )
{
    int now;

    if (!winetest_time) return "";
    winetest_last_time = now = winetest_get_time();
    snprintf( buffer, 64, "%.3f", (now - winetest_start_time) / 1000.0 );
    return buffer;
}

/* Prints "file:line: " and the message; the caller holds the output lock. */
void winetest_print_location( const char *msg, ... )
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    char elapsed[64];
    va_list args;

    winetest_printf( "%s:%d:%s ", data->current_file ? data->current_file : "(unknown)",
                     data->current_line, winetest_elapsed( elapsed ) );
    va_start( args, msg );
    winetest_vprintf( msg, args );
    va_end( args );
}

/* Prints "file:line: ", msgtype and the context prefixes; the caller holds
 * the output lock. */
void winetest_print_context( const char *msgtype )
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    unsigned int i, count = data->context_count;

    if (count > ARRAY_SIZE(data->context)) count = ARRAY_SIZE(data->context);
    winetest_print_location( "%s", msgtype );
    for (i = 0; i < count; i++) winetest_printf( "%s: ", data->context[i] );
}

/* Prints one report line in its colour, keeping the last error for the
 * checks that follow. */
static void winetest_report( const char *color, const char *msgtype, const char *msg, va_list args )
{
    DWORD saved_error = GetLastError();

    winetest_print_lock();
    if (winetest_color && color) winetest_printf( "%s", color );
    winetest_print_context( msgtype );
    if (msg) winetest_vprintf( msg, args );
    if (winetest_color && color) winetest_printf( "%s", winetest_color_reset );
    winetest_print_unlock();
    SetLastError( saved_error );
}

static void winetest_report_location( const char *color, const char *msg, ... ) __WINE_PRINTF_ATTR(2, 3);
static void winetest_report_location( const char *color, const char *msg, ... )
{
    DWORD saved_error = GetLastError();
    va_list args;

    winetest_print_lock();
    if (winetest_color && color) winetest_printf( "%s", color );
    winetest_print_location( "%s", "" );
    va_start( args, msg );
    winetest_vprintf( msg, args );
    va_end( args );
    if (winetest_color && color) winetest_printf( "%s", winetest_color_reset );
    winetest_print_unlock();
    SetLastError( saved_error );
}

void winetest_set_location( const char *file, int line )
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    const char *base = file;
    const char *p;

    /* Only the file name: __FILE__ may carry the build's directories. */
    for (p = file; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    data->current_file = base;
    data->current_line = line;
}

/* Counts the messages a source line has printed; past the mute threshold
 * its todos, skips and traces are only counted, so that a loop cannot flood
 * the log.  Returns the number of earlier messages from that line. */
LONG winetest_add_line(void)
{
    struct winetest_thread_data *data;
    LONG previous;

    if (winetest_debug > 1) return 0;
    data = winetest_get_thread_data();
    previous = InterlockedIncrement( &winetest_line_counters[(unsigned int)data->current_line %
                                                            ARRAY_SIZE(winetest_line_counters)] ) - 1;
    if (previous == winetest_mute_threshold)
        winetest_report_location( NULL, "Line has been silenced after %d occurrences\n",
                                  winetest_mute_threshold );
    return previous;
}

int winetest_vok( int condition, const char *msg, va_list args )
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    if (data->todo_level)
    {
        if (condition)
        {
            /* The todo is stale: the check passes now.  Inside a flaky block
             * it is only reported as flaky. */
            if (data->flaky_level)
            {
                winetest_report( winetest_color_dark_purple, "Test succeeded inside flaky todo block: ",
                                 msg, args );
                InterlockedIncrement( &winetest_flaky_failures );
            }
            else
            {
                winetest_report( winetest_color_dark_red, "Test succeeded inside todo block: ", msg, args );
                InterlockedIncrement( &winetest_todo_failures );
            }
            return 0;
        }
        if (!winetest_debug || winetest_add_line() < winetest_mute_threshold)
        {
            if (winetest_debug > 0)
                winetest_report( winetest_color_yellow, "Test marked todo: ", msg, args );
            InterlockedIncrement( &winetest_todo_successes );
        }
        else InterlockedIncrement( &winetest_muted_todo_successes );
        return 1;
    }

    if (!condition)
    {
        if (data->flaky_level)
        {
            winetest_report( winetest_color_bright_purple, "Test marked flaky: ", msg, args );
            InterlockedIncrement( &winetest_flaky_failures );
        }
        else
        {
            winetest_report( winetest_color_bright_red, "Test failed: ", msg, args );
            InterlockedIncrement( &winetest_failures );
        }
        return 0;
    }
    /* With WINETEST_TIME, a long run of passing checks still shows progress
     * once a second. */
    if (winetest_report_success ||
        (winetest_time && winetest_get_time() >= winetest_last_time + 1000))
        winetest_report_location( winetest_color_green, "Test succeeded\n" );
    InterlockedIncrement( &winetest_successes );
    return 1;
}

/* Records the condition for winetest_ok_() and says whether the message
 * will be printed, that is whether its arguments are worth evaluating. */
int winetest_should_log( int condition )
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->condition = condition;
    return data->todo_level || !condition;
}

void winetest_ok_( const char *msg, ... )
{
    va_list args;

    va_start( args, msg );
    winetest_vok( winetest_get_thread_data()->condition, msg, args );
    va_end( args );
}

void winetest_trace( const char *msg, ... )
{
    va_list args;

    if (!winetest_debug) return;
    if (winetest_add_line() >= winetest_mute_threshold)
    {
        InterlockedIncrement( &winetest_muted_traces );
        return;
    }
    va_start( args, msg );
    winetest_report( NULL, "", msg, args );
    va_end( args );
}

void winetest_vskip( const char *msg, va_list args )
{
    if (winetest_add_line() >= winetest_mute_threshold)
    {
        InterlockedIncrement( &winetest_muted_skipped );
        return;
    }
    winetest_report( winetest_color_blue, "Tests skipped: ", msg, args );
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
    winetest_report_location( NULL, "Subtest %s\n", name );
}

void winetest_ignore_exceptions( BOOL ignore )
{
    winetest_report_location( NULL, "IgnoreExceptions=%d\n", ignore ? 1 : 0 );
}

void winetest_push_context( const char *fmt, ... )
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    va_list args;

    if (data->context_count < ARRAY_SIZE(data->context))
    {
        char *slot = data->context[data->context_count];

        va_start( args, fmt );
        vsnprintf( slot, sizeof(data->context[0]), fmt, args );
        va_end( args );
        slot[sizeof(data->context[0]) - 1] = 0;
    }
    data->context_count++;
}

void winetest_pop_context(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    if (data->context_count) data->context_count--;
}

/* todo_if and flaky_if keep the same state, each in its own fields: one bit
 * per nesting level, innermost lowest, and a flag that the loop test
 * reports once.  A nested prefix arms and consumes its own flag before the
 * outer loop tests it again, so each loop runs its body exactly once. */
static void winetest_push_level( unsigned int *level, int *do_loop, int is_set )
{
    *level = (*level << 1) | (is_set ? 1 : 0);
    *do_loop = 1;
}

static int winetest_take_loop_flag( int *do_loop )
{
    int ret = *do_loop;

    *do_loop = 0;
    return ret;
}

void winetest_start_todo( int is_todo )
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    winetest_push_level( &data->todo_level, &data->todo_do_loop, is_todo );
}

int winetest_loop_todo(void)
{
    return winetest_take_loop_flag( &winetest_get_thread_data()->todo_do_loop );
}

void winetest_end_todo(void)
{
    winetest_get_thread_data()->todo_level >>= 1;
}

void winetest_start_flaky( int is_flaky )
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    winetest_push_level( &data->flaky_level, &data->flaky_do_loop, is_flaky );
}

int winetest_loop_flaky(void)
{
    return winetest_take_loop_flag( &winetest_get_thread_data()->flaky_do_loop );
}

void winetest_end_flaky(void)
{
    winetest_get_thread_data()->flaky_level >>= 1;
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
 * else non-zero is its number of failures.  Returns whether the child ended. */
static BOOL winetest_wait_child( HANDLE process, DWORD pid )
{
    DWORD ret, exit_code;

    /* Counted as a check of its own, like Wine does. */
    winetest_ok( process != NULL, "No child process handle (CreateProcess failed?)\n" );
    if (!process) return FALSE;
    ret = WaitForSingleObject( process, 30000 );
    if (ret == WAIT_TIMEOUT)
    {
        winetest_ok( 0, "Timed out waiting for the child process\n" );
        return FALSE;
    }
    if (ret != WAIT_OBJECT_0)
    {
        winetest_ok( 0, "Could not wait for the child process: %u le=%u\n",
                     (UINT)ret, (UINT)GetLastError() );
        return FALSE;
    }
    if (!GetExitCodeProcess( process, &exit_code ))
    {
        winetest_ok( 0, "Could not get the child's exit code: le=%u\n", (UINT)GetLastError() );
        return TRUE;
    }
    if (exit_code > 255)
    {
        winetest_report_location( winetest_color_bright_red, "unhandled exception %08x in child process %04x\n",
                                  (UINT)exit_code, (UINT)pid );
        InterlockedIncrement( &winetest_failures );
    }
    else if (exit_code)
    {
        winetest_report_location( NULL, "%u failures in child process\n", (UINT)exit_code );
        winetest_add_failures( exit_code );
    }
    return TRUE;
}

void winetest_wait_child_handle( HANDLE process )
{
    winetest_wait_child( process, process ? GetProcessId( process ) : 0 );
}

void winetest_wait_child_info( const PROCESS_INFORMATION *info )
{
    if (!winetest_wait_child( info->hProcess, info->dwProcessId )) return;
    if (!CloseHandle( info->hProcess ))
        winetest_ok( 0, "Could not close the child's process handle: le=%u\n", (UINT)GetLastError() );
    CloseHandle( info->hThread );
}

/* Debug string helpers */

static char *winetest_get_temp_buffer( size_t size )
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    char *ret;

    if (size > sizeof(data->strings)) size = sizeof(data->strings);
    if (data->str_pos + size > data->strings + sizeof(data->strings)) data->str_pos = data->strings;
    ret = data->str_pos;
    data->str_pos += size;
    return ret;
}

const char *wine_dbg_vsprintf( const char *format, va_list args )
{
    char *buffer = winetest_get_temp_buffer( 300 );

    vsnprintf( buffer, 300, format, args );
    buffer[299] = 0;
    return buffer;
}

const char *wine_dbg_sprintf( const char *format, ... )
{
    const char *ret;
    va_list args;

    va_start( args, format );
    ret = wine_dbg_vsprintf( format, args );
    va_end( args );
    return ret;
}

/* Wine's debug output goes to stderr, apart from the test report. */
int wine_dbg_vprintf( const char *format, va_list args )
{
    return vfprintf( stderr, format, args );
}

int wine_dbg_printf( const char *format, ... )
{
    va_list args;
    int ret;

    va_start( args, format );
    ret = wine_dbg_vprintf( format, args );
    va_end( args );
    return ret;
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
static const struct test *winetest_find_test( const char *name )
{
    const struct test *test;
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
    const struct test *test;

    printf( "Valid test names:\n" );
    for (test = winetest_testlist; test->name; test++) printf( "    %s\n", test->name );
}

/* Runs one test and returns its exit status. */
static int winetest_run_test( const struct test *test )
{
    LONG status;
    char elapsed[64];
    UINT pid = GetCurrentProcessId();

    winetest_reset_counters();
    winetest_current_test = test;
    test->func();

    if (winetest_debug)
    {
        winetest_print_lock();
        if (winetest_muted_todo_successes || winetest_muted_skipped || winetest_muted_traces)
            printf( "%04x:%s:%s Silenced %d todos, %d skips and %d traces.\n",
                    pid, test->name, winetest_elapsed( elapsed ),
                    (int)winetest_muted_todo_successes, (int)winetest_muted_skipped,
                    (int)winetest_muted_traces );
        printf( "%04x:%s:%s %d tests executed (%d marked as todo, %d as flaky, %d %s), %d skipped.\n",
                pid, test->name, winetest_elapsed( elapsed ),
                (int)(winetest_successes + winetest_failures + winetest_flaky_failures +
                      winetest_todo_successes + winetest_todo_failures),
                (int)winetest_todo_successes, (int)winetest_flaky_failures,
                (int)(winetest_failures + winetest_todo_failures),
                winetest_failures + winetest_todo_failures == 1 ? "failure" : "failures",
                (int)winetest_skipped );
        fflush( stdout );
        winetest_print_unlock();
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
    char elapsed[64];

    /* A second exception, in the report below or in another thread, must not
     * print again or outlive the first one. */
    if (InterlockedIncrement( &entered ) > 1)
    {
        Sleep( 5000 );
        TerminateProcess( GetCurrentProcess(), ptrs->ExceptionRecord->ExceptionCode );
    }
    data = winetest_get_thread_data();
    winetest_print_lock();
    if (data->current_file)
        printf( "%s:%d: this is the last test seen before the exception\n",
                data->current_file, data->current_line );
    if (winetest_color) printf( "%s", winetest_color_bright_red );
    printf( "%04x:%s:%s unhandled exception %08x at %p\n", (UINT)GetCurrentProcessId(),
            winetest_current_test ? winetest_current_test->name : "(none)",
            winetest_elapsed( elapsed ),
            (UINT)ptrs->ExceptionRecord->ExceptionCode, ptrs->ExceptionRecord->ExceptionAddress );
    if (winetest_color) printf( "%s", winetest_color_reset );
    fflush( stdout );
    winetest_print_unlock();
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

/* WINETEST_COLOR=1 colours the lines, "auto" only when stdout is a console
 * that understands the escape sequences. */
static void winetest_init_color(void)
{
    char buffer[16];
    DWORD len = GetEnvironmentVariableA( "WINETEST_COLOR", buffer, sizeof(buffer) );
    BOOL automatic;
    HANDLE output;
    DWORD mode;

    if (!len || len >= sizeof(buffer)) return;
    automatic = !strcmp( buffer, "auto" );
    winetest_color = automatic ? isatty( fileno( stdout ) ) : atoi( buffer );
    if (!winetest_color) return;
    output = (HANDLE)_get_osfhandle( fileno( stdout ) );
    if (GetConsoleMode( output, &mode ) &&
        !SetConsoleMode( output, mode | ENABLE_PROCESSED_OUTPUT | ENABLE_VIRTUAL_TERMINAL_PROCESSING ) &&
        automatic)
        winetest_color = 0;
}

#ifdef __GNUC__
/* mingw's start-up code calls _fpreset(), which puts the x87 unit into
 * extended precision; Windows programs, and Wine's tests, run with the
 * state Windows gives a new process. */
void _fpreset(void) {}
#endif

int main( int argc, char **argv )
{
    char platform[64];
    const struct test *test;
    DWORD len;
    int status = 0;

    /* Unbuffered, so that our lines and those of crashing children or of
     * printf calls in the tests come out in order. */
    setvbuf( stdout, NULL, _IONBF, 0 );
    winetest_argc = argc;
    winetest_argv = argv;
    winetest_fls_index = FlsAlloc( winetest_free_thread_data );
    winetest_print_mutex = CreateMutexA( NULL, FALSE, "winetest_print_mutex" );

    len = GetEnvironmentVariableA( "WINETEST_PLATFORM", platform, sizeof(platform) );
    if (len && len < sizeof(platform))
        winetest_platform = _strdup( platform );
    else if (winetest_running_under_wine())
        winetest_platform = "wine";
    winetest_platform_is_wine = !strcmp( winetest_platform, "wine" );
    winetest_init_color();
    winetest_debug = winetest_env_int( "WINETEST_DEBUG", winetest_debug );
    winetest_interactive = winetest_env_int( "WINETEST_INTERACTIVE", winetest_interactive );
    winetest_report_success = winetest_env_int( "WINETEST_REPORT_SUCCESS", winetest_report_success );
    winetest_report_flaky = winetest_env_int( "WINETEST_REPORT_FLAKY", winetest_report_flaky );
    winetest_mute_threshold = winetest_env_int( "WINETEST_MUTE_THRESHOLD", winetest_mute_threshold );
    winetest_time = winetest_env_int( "WINETEST_TIME", winetest_time );
    winetest_last_time = winetest_start_time = winetest_get_time();

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
