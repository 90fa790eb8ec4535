/* Written by hand in the exact shape of the testlist.c that Wine's makedep
 * generates; tools/make_testlist must write the same lines after this
 * comment (tests/harness/run-selftests compares them). */

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#define STANDALONE
#include "wine/test.h"

extern void func_names(void);
extern void func_oldnames(void);

const struct test winetest_testlist[] =
{
    { "names", func_names },
    { "oldnames", func_oldnames },
    { 0, 0 }
};
