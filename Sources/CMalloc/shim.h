#ifndef ZKSCOPE_CMALLOC_SHIM_H
#define ZKSCOPE_CMALLOC_SHIM_H
// Swift's Glibc module leaves out <malloc.h>: mallopt and its parameters come from here.
#include <malloc.h>

// Caps glibc's malloc arenas at `count` (0 on failure). Every thread that allocates while the others hold their
// arenas gets a new one, up to eight per core, and memory freed in one arena is not reused by another: a
// long-running process polling from a thread pool grows by tens of MiB of arena slack for nothing.
static inline int zk_limit_malloc_arenas(int count) {
#ifdef M_ARENA_MAX
    return mallopt(M_ARENA_MAX, count);
#else
    (void)count;
    return 0;
#endif
}
#endif
