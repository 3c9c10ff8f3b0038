/* resources: see resources.h. */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE; sched_getaffinity, CPU_COUNT */
#include "base/resources.h"

#include <malloc.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/resource.h>

int pn_resources_cores(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long k = sysconf(_SC_NPROCESSORS_ONLN);
    return k > 0 && k < 4096 ? (int)k : 1;
}

enum pn_status pn_resources_check(size_t bytes, const char *what, struct pn_diag *d)
{
    /* Pango's font threads would each get a malloc arena of 64 MB of address space:
     * one arena for all keeps a report's address space about flat (issue 13) */
    static bool arenas_capped;
    if (!arenas_capped) {
        arenas_capped = true;
        mallopt(M_ARENA_MAX, 1);
    }
    void *p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED) {
        munmap(p, bytes);
        return PN_OK;
    }
    struct rlimit rl;
    size_t need = (bytes + (1 << 20) - 1) >> 20;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        /* what is in use: the first field of /proc/self/statm, in pages */
        unsigned long long pages = 0, used = 0, limit = (unsigned long long)rl.rlim_cur >> 20;
        FILE *f = fopen("/proc/self/statm", "r");
        if (f != NULL) {
            if (fscanf(f, "%llu", &pages) == 1)
                used = pages * (unsigned long long)sysconf(_SC_PAGESIZE) >> 20;
            fclose(f);
        }
        if (used > 0 && used < limit)
            pn_diag_error(d, NULL,
                          "out of memory: %s needs about %zu MB of address space, and the "
                          "limit of %llu MB (ulimit -v) leaves %llu MB",
                          what, need, limit, limit - used);
        else
            pn_diag_error(d, NULL,
                          "out of memory: %s needs about %zu MB of address space, more than "
                          "the limit of %llu MB (ulimit -v) leaves",
                          what, need, limit);
    } else
        pn_diag_error(d, NULL, "out of memory: %s needs about %zu MB", what, need);
    return PN_EIO;
}
