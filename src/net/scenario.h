/*
 * scenario: strategy questions asked of one network: what if some partners
 * leave (whatif, rank-removals), how did the network grow (evolution), who
 * leads each theme (themes). Also the small table writer and the ranking rule
 * shared with diff. Runs graph + analysis on derived models; must not print.
 * Ownership: results own their arrays (free with the matching _destroy);
 * entity indices refer to the model passed in, which must outlive them.
 */
#ifndef PN_SCENARIO_H
#define PN_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "net/analysis.h"
#include "base/diag.h"
#include "net/graph.h"
#include "model/model.h"
#include "base/table.h"
#include "base/strbuf.h"

/* ---- ranks ---------------------------------------------------------------- */

/* Competition ranks ("1224") of v[0..n-1]: rank 1 is the highest value when
 * higher_first, the lowest otherwise. Values within 1e-9 relative (1e-12
 * absolute) of the previous one in sorted order share its rank; non-finite
 * values are unranked (rank 0). rank has n entries. */
void pn_scenario_ranks(const double *v, size_t n, bool higher_first, size_t *rank);

/* ---- removal -------------------------------------------------------------- */

/* A derived model: m without the entities flagged in drop[] (m->n_entities
 * entries), and without every tie, membership and parent link touching them.
 * Strings and sources/themes are borrowed from m (which must outlive *out);
 * free only with pn_scenario_model_free, never with pn_model_destroy.
 * orig (may be NULL) receives a new array mapping out's entity index -> m's. */
void pn_scenario_model_without(const struct pn_model *m, const bool *drop, struct pn_model *out,
                               size_t **orig);
void pn_scenario_model_free(struct pn_model *shadow);

/* Global efficiency (Latora-Marchiori) of the undirected merged graph, the
 * mean of 1/d(i,j) over ordered pairs, with distance d = 1/weight along each
 * edge; 0 with fewer than 2 nodes. Errors: igraph failure (PN_EIO). */
enum pn_status pn_scenario_efficiency(const struct pn_graph *g, double *out, struct pn_diag *d);

/* ---- whatif --------------------------------------------------------------- */

#define PN_WHATIF_N_METRICS 3
/* betweenness, pagerank, harmonic: the metrics whose ranks whatif compares */
extern const enum pn_metric pn_whatif_metrics[PN_WHATIF_N_METRICS];

struct pn_whatif_options {
    const char *const *remove; /* entity ids (institutions or groups) */
    size_t n_remove;
    const char *focus; /* reach is measured from it; NULL: the largest component */
    long top;          /* rank rows per metric (<= 0: 10) */
};

/* Figures of one network (before or after). */
struct pn_net_figures {
    size_t nodes, edges, components, largest;
    size_t reach; /* nodes reachable from the focus (itself excluded), or the largest component */
    double efficiency;
};

struct pn_whatif_node {
    size_t entity;                        /* model index */
    bool removed;                         /* named by --remove */
    bool reach_before, reach_after;       /* reachable from the focus / in the largest component */
    double value[PN_WHATIF_N_METRICS][2]; /* [metric][0 before, 1 after]; nan when absent */
    size_t rank[PN_WHATIF_N_METRICS][2];  /* 0 when absent */
};

struct pn_whatif_result {
    struct pn_net_figures before, after;
    size_t *removed; /* model indices of the removed entities, in --remove order */
    size_t n_removed;
    struct pn_whatif_node *nodes; /* every node of the network before, sorted by id */
    size_t n_nodes;
    size_t n_lost; /* nodes with reach_before && !reach_after && !removed */
    size_t focus;  /* model index of the focus, PN_NONE */
    long top;
};

/* Compare the network (m under go) with the same network without the
 * entities of wo->remove. go->focus must be NULL (whatif's focus is wo->focus).
 * Errors: unknown id in remove or focus (PN_EINPUT, "did you mean"), focus
 * removed or not in the network (PN_EINPUT), build/analysis failure. */
enum pn_status pn_scenario_whatif(const struct pn_model *m, const struct pn_graph_options *go,
                                  const struct pn_analysis_options *ao,
                                  const struct pn_whatif_options *wo, struct pn_whatif_result *out,
                                  struct pn_diag *d);
void pn_whatif_result_destroy(struct pn_whatif_result *r); /* accepts a zeroed result */
/* Append r for people (table: figures, lost nodes, rank changes), as CSV (one
 * row per node) or as JSON (everything). Names are escaped for CSV/JSON. */
void pn_scenario_whatif_write(struct pn_strbuf *sb, const struct pn_model *m,
                              const struct pn_whatif_result *r, enum pn_format f);

/* The damage done by removing one node. */
struct pn_damage {
    size_t entity;       /* model index */
    size_t rank;         /* 1 = most damaging */
    size_t disconnected; /* other nodes no longer reachable (from the focus / in the largest
                            component) */
    double pairs_lost;   /* connected pairs of other nodes that become disconnected */
    size_t components_after;
    double efficiency_after;
    double efficiency_drop; /* efficiency before - after (negative: removal helps) */
    double efficiency_drop_se; /* standard error of a sampled estimate; 0 when exact */
};

/* Above this many nodes --rank-removals estimates the efficiency from sampled
 * sources unless told otherwise (docs/analysis.md, "Ranking removals"). */
#define PN_REMOVAL_EXACT_MAX 1500
#define PN_REMOVAL_SAMPLE_DEFAULT 256

struct pn_removal_options {
    int jobs;           /* threads; <= 0: the cores available */
    long sample;        /* sources for the efficiency: 0: exact up to PN_REMOVAL_EXACT_MAX
                           nodes, PN_REMOVAL_SAMPLE_DEFAULT sampled above; > 0: that many
                           sampled (seeded); < 0: exact at any size */
    unsigned long seed; /* of the sample */
    bool reference;     /* one network built per removal (the slow path): the tests' oracle */
};

/* How the efficiency was computed. */
struct pn_removal_info {
    size_t sample;      /* sources drawn; 0: exact */
    size_t sources;     /* sources there are (nodes) */
    unsigned long seed;
    bool from_before;   /* computed from the network before alone (net/removals.c) */
};

/* Remove each node of the network in turn (focus: measure reach from it; the
 * focus itself is not removed). When go carries a focus, the network is go's ego
 * network, held fixed: each removal takes one node out of it (the rest is not re-cut
 * around the centre); under --projection-weight newman the weights are those of the
 * groups' members inside the ego network. *out (sorted by damage: disconnected, then
 * pairs_lost, then efficiency_drop, all descending; then id; entity indices of m) is
 * a new array the caller frees. Errors as pn_scenario_whatif.
 * ro (NULL: the defaults) sets threads and sampling; info (may be NULL) says how the
 * efficiency was computed. Where removing an entity provably deletes just its node and
 * edges (no --theme, --projection or --at year rule) everything comes from the network
 * before (net/removals.c), the same bytes as the reference path; elsewhere one network
 * is built per removal. */
enum pn_status pn_scenario_rank_removals(const struct pn_model *m,
                                         const struct pn_graph_options *go, const char *focus,
                                         const struct pn_removal_options *ro,
                                         struct pn_damage **out, size_t *n_out,
                                         struct pn_net_figures *before,
                                         struct pn_removal_info *info, struct pn_diag *d);
/* Append the first top rows (<= 0: all) of dm; the table and JSON forms also
 * give the figures before and the focus (NULL: the largest component). With a
 * sampled efficiency (info->sample > 0) a column efficiency_drop_se follows
 * and the table and JSON say how many sources were drawn. */
void pn_scenario_damage_write(struct pn_strbuf *sb, const struct pn_model *m,
                              const struct pn_damage *dm, size_t n,
                              const struct pn_net_figures *before, const char *focus, long top,
                              const struct pn_removal_info *info, enum pn_format f);

/* ---- evolution ------------------------------------------------------------ */

struct pn_evolution_options {
    int from, to, step; /* years from..to (inclusive) by step (>= 1) */
    int metric;         /* enum pn_metric ranked per year (default pagerank) */
    long top;           /* lines in the chart (<= 0: 5) */
};

struct pn_year_figures {
    int year;
    size_t nodes, edges, components, largest, communities;
    double density, modularity, transitivity, avg_path_length, diameter, efficiency;
};

struct pn_year_rank {
    int year;
    size_t entity; /* model index */
    double value;
    size_t rank; /* 0: unranked (value not finite) */
};

struct pn_evolution {
    struct pn_year_figures *years;
    size_t n_years;
    struct pn_year_rank *ranks; /* by year, then id */
    size_t n_ranks;
    int metric;
};

/* One network per year (go with at_year = year); a year with no node left
 * is a row of zeros (nan for the undefined figures). go->at_year is ignored.
 * Errors: unknown focus id (PN_EINPUT), analysis failure. */
enum pn_status pn_scenario_evolution(const struct pn_model *m, const struct pn_graph_options *go,
                                     const struct pn_analysis_options *ao,
                                     const struct pn_evolution_options *eo,
                                     struct pn_evolution *out, struct pn_diag *d);
void pn_evolution_destroy(struct pn_evolution *ev); /* accepts a zeroed struct */
/* Per-year figures. */
void pn_scenario_evolution_write(struct pn_strbuf *sb, const struct pn_evolution *ev,
                                 enum pn_format f);
/* Per-node ranks: year, id, name, value, rank. */
void pn_scenario_evolution_ranks(struct pn_strbuf *sb, const struct pn_model *m,
                                 const struct pn_evolution *ev, enum pn_format f);
/* The top partners: the top entities by rank in the last year that has
 * nodes (ties by id), at most top (<= 0: 5). Returns a new array of model
 * indices (caller frees) and sets *n. */
size_t *pn_scenario_evolution_top(const struct pn_model *m, const struct pn_evolution *ev, long top,
                                  size_t *n);
/* SVG line chart of the ranks of the top partners over the years (plain SVG,
 * every user string XML-escaped; deterministic). */
void pn_scenario_evolution_chart(struct pn_strbuf *sb, const struct pn_model *m,
                                 const struct pn_evolution *ev, long top);

/* ---- themes ---------------------------------------------------------------- */

struct pn_theme_leaders {
    size_t theme;        /* index in m->themes */
    size_t nodes, edges; /* of the theme-filtered network (0: nothing tagged) */
    size_t *entity;      /* leading institutions (model indices), best first */
    double *pagerank;
    size_t *rank; /* competition rank among the theme's institutions */
    size_t n;
};

/* Per declared theme (only those in go->themes when n_themes > 0): the top
 * (<= 0: 5) institutions by PageRank in the network filtered to that theme
 * (equal values share a rank and are listed by id).
 * *out is a new array of m->n_themes (or go->n_themes) entries; free with
 * pn_scenario_themes_free. Errors: unknown theme in go->themes (PN_EINPUT),
 * analysis failure. */
enum pn_status pn_scenario_themes(const struct pn_model *m, const struct pn_graph_options *go,
                                  const struct pn_analysis_options *ao, long top,
                                  struct pn_theme_leaders **out, size_t *n_out, struct pn_diag *d);
void pn_scenario_themes_free(struct pn_theme_leaders *tl, size_t n); /* accepts NULL */
/* Table: a section per theme; CSV: one row per leader (one empty row for a
 * theme without any); JSON: an array of themes with their leaders. */
void pn_scenario_themes_write(struct pn_strbuf *sb, const struct pn_model *m,
                              const struct pn_theme_leaders *tl, size_t n, enum pn_format f);

#endif
