/*
 * diff: what changed between two versions of a network. Entities keyed by id,
 * ties by their ends and type, memberships by group and member, compared field
 * by field; and the rank of every node by each metric in both versions.
 * Must not print. Ownership: a pn_diff owns copies of every string in it.
 */
#ifndef PN_DIFF_H
#define PN_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "net/analysis.h"
#include "base/diag.h"
#include "net/graph.h"
#include "model/model.h"
#include "base/table.h"
#include "base/strbuf.h"

enum pn_diff_change { PN_DIFF_ADDED = 0, PN_DIFF_REMOVED, PN_DIFF_CHANGED };
enum pn_diff_item { PN_DIFF_ENTITY = 0, PN_DIFF_TIE, PN_DIFF_MEMBERSHIP };

extern const char *const pn_diff_change_name[3]; /* "added", "removed", "changed" */
extern const char *const pn_diff_item_name[3];   /* "entity", "tie", "membership" */

/* One difference. Added/removed items have field NULL; a changed item has one
 * entry per changed field (old/new NULL when the field is absent there). */
struct pn_diff_entry {
    enum pn_diff_change change;
    enum pn_diff_item item;
    char *key;   /* entity id; "a -- b (type)" or "a -> b (type)", "#n" for the n-th
                    tie with the same key; "group/member" */
    char *field; /* "name", "since", "attrs.key", ... */
    char *old_value;
    char *new_value;
};

/* Rank of one node by one metric in both versions (0: absent or unranked). */
struct pn_diff_rank {
    char *id;
    char *name;
    int metric;                  /* enum pn_metric */
    double old_value, new_value; /* nan when absent */
    size_t old_rank, new_rank;
};

struct pn_diff {
    struct pn_diff_entry *entries; /* by item, then key; a key's fields in schema order */
    size_t n_entries, cap_entries;
    size_t count[3][3];         /* [item][change]: items (not fields) */
    struct pn_diff_rank *ranks; /* by metric, then id */
    size_t n_ranks, cap_ranks;
    bool have_ranks;
};

void pn_diff_init(struct pn_diff *df);
void pn_diff_destroy(struct pn_diff *df); /* accepts a zeroed diff */

/* Compare the models (both resolved). Fills df->entries and df->count. */
void pn_diff_models(const struct pn_model *old_m, const struct pn_model *new_m, struct pn_diff *df);

/* Build and analyse both networks with the same options and rank every node
 * by each metric (all but community). Errors: those of pn_graph_build and
 * pn_analysis_run, prefixed by which version failed. */
enum pn_status pn_diff_ranks(const struct pn_model *old_m, const struct pn_model *new_m,
                             const struct pn_graph_options *go,
                             const struct pn_analysis_options *ao, struct pn_diff *df,
                             struct pn_diag *d);

/* The table's rank moves by default: PN_DIFF_MOVE_MIN places or more, or into or out of
 * the top PN_DIFF_TOP_RANKS (a node ranked on one side only is outside it on the other). */
#define PN_DIFF_MOVE_MIN 5
#define PN_DIFF_TOP_RANKS 10
bool pn_diff_move_matters(const struct pn_diff_rank *x);

/* Table: the counts (entities, ties, memberships added, removed, changed; the nodes whose
 * rank moved and the moves), every change, then the rank moves that matter
 * (pn_diff_move_matters), or with top > 0 the top largest moves by each metric of the
 * nodes ranked in both versions; by metric, largest move first, then id.
 * CSV: one long table (change,item,key,field,old,new,old_value,new_value)
 * with every node and metric as change "rank". JSON: an object with
 * "summary" (the counts, "rank_moves": {"nodes", "moves"}), "changes" and "ranks"
 * (every node and metric). top applies to the table only. */
void pn_diff_write(struct pn_strbuf *sb, const struct pn_diff *df, enum pn_format f, long top);

#endif
