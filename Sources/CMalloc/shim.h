#ifndef DESKWATCH_CMALLOC_SHIM_H
#define DESKWATCH_CMALLOC_SHIM_H

#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Limits glibc's malloc to `arenas` arenas (`M_ARENA_MAX`). Returns 1 when set, 0 where the C
/// library has no such setting.
static inline int cmalloc_limit_arenas(int arenas) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, arenas);
#else
    (void)arenas;
    return 0;
#endif
}

/// Hands the free pages malloc holds in all its arenas back to the system (`malloc_trim(0)`).
/// Returns 1 when memory was given back, 0 when none was or the C library has no such call.
static inline int cmalloc_trim(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

#endif
