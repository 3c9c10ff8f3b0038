/* resources: see resources.h. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include "base/resources.h"

#include <malloc.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/resource.h>

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
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        pn_diag_error(d, NULL,
                      "out of memory: %s needs about %zu MB of address space beyond what "
                      "partnet uses already, more than the limit of %llu MB leaves "
                      "(ulimit -v)",
                      what, (bytes + (1 << 20) - 1) >> 20,
                      (unsigned long long)(rl.rlim_cur >> 20));
    else
        pn_diag_error(d, NULL, "out of memory: %s needs about %zu MB", what,
                      (bytes + (1 << 20) - 1) >> 20);
    return PN_EIO;
}
