/*
 * match: community ids matched between years, versions and runs (issue 10). A partition
 * is relabelled to the numbers of a reference partition by maximum member overlap
 * (greedy on the overlap matrix: the largest overlap first), so that a community keeps
 * its number, its name and its colour (maps colour a community by its number).
 * Must not print. Ownership: a pn_partition owns its ids.
 */
#ifndef PN_MATCH_H
#define PN_MATCH_H

#include <stddef.h>

#include "base/diag.h"
#include "model/model.h"
#include "net/analysis.h"
#include "net/graph.h"

/* A reference partition: entity id -> community number, sorted by id. */
struct pn_partition {
    char **ids;
    long *comm;
    size_t n;
};

void pn_partition_free(struct pn_partition *p);
/* The partition of an analysed view (mx->v[PN_M_COMMUNITY] by entity id). */
void pn_partition_of(const struct pn_model *m, const struct pn_view *v,
                     const struct pn_metrics *mx, struct pn_partition *out);
/* The columns `id` and `community` of a metrics CSV (metrics.csv of a report). PN_EIO
 * when it cannot be read, PN_EINPUT (file:row:column) when the columns are missing or
 * a community is not a whole number. */
enum pn_status pn_partition_load_csv(const char *path, struct pn_partition *out,
                                     struct pn_diag *d);

/* Relabel the communities of mx (view v of m) to the numbers of ref: pairs (community,
 * reference community) taken by decreasing shared members (ties: smaller numbers first),
 * each side at most once; a matched community takes its reference number when that is
 * below the count of communities; the others take the free numbers in order of their
 * current ones (largest first), so numbers stay 0..n_communities-1. Community stability
 * follows. Returns how many communities kept a reference number. */
size_t pn_match_communities(const struct pn_model *m, const struct pn_view *v,
                            struct pn_metrics *mx, const struct pn_partition *ref);

#endif
