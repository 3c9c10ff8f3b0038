/*
 * graph: model -> the analysed network. Applies the --at, --theme, --focus and
 * projection filters, producing a pn_view (the kept nodes and edges as plain
 * arrays, for render/report) and an opaque pn_graph (igraph topology and
 * weights, for analysis). Also installs the igraph error bridge.
 * Ownership: a pn_graph owns its view; the view borrows the model, which must
 * outlive it. No public header includes <igraph.h>.
 */
#ifndef PN_GRAPH_H
#define PN_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/vocab.h"
#include "model/model.h"

enum pn_edge_kind {
    PN_EDGE_TIE = 0,      /* bilateral tie (model.ties[ref]) */
    PN_EDGE_MEMBER = 1,   /* member -> group (ref = group entity, sub = member index) */
    PN_EDGE_PART_OF = 2,  /* child -> parent (ref = child entity) */
    PN_EDGE_COMEMBER = 3, /* projection: co-membership between two institutions */
    PN_EDGE_OVERLAP = 4   /* projection: shared members between two groups */
};

struct pn_edge {
    size_t from, to; /* node positions in the view (0..n_nodes-1) */
    enum pn_edge_kind kind;
    size_t ref;    /* see pn_edge_kind; PN_NONE for merged projection edges */
    size_t sub;    /* member index for PN_EDGE_MEMBER, else PN_NONE */
    double weight; /* strength, > 0 */
    bool directed; /* drawn with an arrow; analysed as directed only with --directed */
};

struct pn_view {
    size_t n_nodes;
    size_t *node_entity; /* view node -> model entity index */
    size_t *entity_node; /* model entity index -> view node, PN_NONE if not kept */
    size_t n_entities;   /* length of entity_node */
    size_t n_edges;
    struct pn_edge *edges; /* in model order: ties, then memberships, then part-of;
                              under a projection the co-membership or overlap edges
                              (one per pair, sorted by from, to) replace memberships */
    size_t focus;          /* view node of the focus (--focus), PN_NONE if none */
    size_t n_undated_left_out; /* --at: entities without dates that nothing active that
                                  year reaches, left out (issue 10, docs/analysis.md) */
};

/* --projection: enum constant, name. */
#define PN_PROJECTIONS(X) X(NONE, "none") X(INSTITUTIONS, "institutions") X(GROUPS, "groups")
#define PN_PROJ_ENUM(id, ...) PN_PROJ_##id,
enum pn_projection { PN_PROJECTIONS(PN_PROJ_ENUM) };
#undef PN_PROJ_ENUM
enum { PN_PROJ_N = 0 PN_PROJECTIONS(PN_VOCAB_COUNT) };
extern const char *const pn_projection_names[PN_PROJ_N + 1]; /* NULL-terminated */

/* --projection-weight: shared groups counted, or Newman's 1/(n-1) per shared group. */
#define PN_PROJ_WEIGHTS(X) X(COUNT, "count") X(NEWMAN, "newman")
#define PN_PROJW_ENUM(id, ...) PN_PROJW_##id,
enum pn_proj_weight { PN_PROJ_WEIGHTS(PN_PROJW_ENUM) };
#undef PN_PROJW_ENUM
enum { PN_PROJW_N = 0 PN_PROJ_WEIGHTS(PN_VOCAB_COUNT) };
extern const char *const pn_proj_weight_names[PN_PROJW_N + 1]; /* NULL-terminated */

struct pn_graph_options {
    int at_year;                /* PN_YEAR_UNSET: no time filter */
    bool year_rule;             /* with at_year: leave out undated entities that nothing
                                   active that year reaches (issue 10; the CLI's year
                                   views set it; what-if keeps them to count them cut off) */
    const char *const *themes;  /* keep only ties/groups tagged with one of these */
    size_t n_themes;
    const char *focus;          /* ego network centre id, NULL for none */
    int radius;                 /* ego radius (>= 1), used with focus */
    enum pn_projection projection;
    enum pn_proj_weight proj_weight;
    bool directed;              /* analyse directed ties as directed */
};

/* Install igraph's error/warning handlers (call once, before any igraph use). */
void pn_graph_lib_init(void);

struct pn_graph;

/* Build the view and igraph graph of m under o (filters in this order: --at and
 * --theme, projection, focus; see docs/analysis.md section 1). m must be
 * resolved (pn_model_resolve) and outlive *out. An empty model gives an empty
 * graph. Errors: unknown focus id, with "did you mean" (PN_EINPUT); focus or
 * every node removed by the filters (PN_EINPUT); igraph failure (PN_EIO).
 * *out is NULL on failure. igraph warnings go to d. */
enum pn_status pn_graph_build(const struct pn_model *m, const struct pn_graph_options *o,
                              struct pn_graph **out, struct pn_diag *d);
void pn_graph_free(struct pn_graph *g); /* accepts NULL */

const struct pn_view *pn_graph_view(const struct pn_graph *g);
const struct pn_model *pn_graph_model(const struct pn_graph *g);

/* Messages of the last igraph error (for diag); empty string if none. */
const char *pn_graph_last_error(void);

#endif
