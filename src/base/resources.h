/*
 * resources: check, before a library that aborts when it runs short (Graphviz's sfdp,
 * Pango and GLib starting their font threads), that the memory it needs is there, so
 * that partnet can say "out of memory" and exit 3 instead of crashing (issue 13); and the
 * cores there are to run threads on. Leaf room.
 */
#ifndef PN_RESOURCES_H
#define PN_RESOURCES_H

#include <stddef.h>

#include "base/diag.h"

/* Map drawing: a fixed part (Pango/fontconfig threads with their stacks, caches) and a
 * part per node; documented in docs/format.md ("Limits"). */
#define PN_MAP_BASE_BYTES ((size_t)96 << 20)
#define PN_MAP_NODE_BYTES ((size_t)16 << 10)

/* Can `bytes` of address space still be reserved (RLIMIT_AS, ulimit -v)? The probe
 * reserves and releases it without touching it. PN_EIO with "out of memory: WHAT needs
 * about N MB..." when not. */
enum pn_status pn_resources_check(size_t bytes, const char *what, struct pn_diag *d);

/* Cores this process may run on (sched_getaffinity; sysconf as fallback), >= 1: the
 * default of the threads that load (model/loader.h) and analyse (--jobs). */
int pn_resources_cores(void);

#endif
