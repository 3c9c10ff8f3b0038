/*
 * analysis: pn_graph -> per-node influence metrics, communities and network
 * figures, as plain arrays indexed by view node. Every algorithm is igraph's.
 * Ownership: a pn_metrics owns its arrays; pn_metrics_destroy frees them.
 */
#ifndef PN_ANALYSIS_H
#define PN_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/vocab.h"
#include "net/graph.h"

enum pn_metric {
    PN_M_DEGREE = 0,
    PN_M_STRENGTH,
    PN_M_BETWEENNESS, /* normalised, weighted as distances 1/w */
    PN_M_HARMONIC,
    PN_M_CLOSENESS,
    PN_M_EIGENVECTOR,
    PN_M_PAGERANK,
    PN_M_CONSTRAINT, /* Burt */
    PN_M_EFFSIZE,    /* Burt's effective size */
    PN_M_CORENESS,
    PN_M_CLUSTERING,
    PN_M_COMMUNITY,
    PN_M_HUB,       /* HITS (Kleinberg) hub score, weighted, maximum 1 */
    PN_M_AUTHORITY, /* HITS authority score */
    PN_M_COUNT
};

struct pn_metric_info {
    const char *name;  /* as on the command line and in CSV headers: "betweenness" */
    const char *label; /* for people: "Betweenness" */
    bool higher_is_central; /* false for constraint */
    bool integer;           /* printed without decimals */
    bool table_column;      /* a column of `analyse --format table` */
    bool report_top;        /* a top-N section of the Markdown report */
    const char *meaning;    /* for an audience, in a map legend: "influence"; NULL: none */
    bool percent;           /* a share of a whole (0..1): shown to people as a percentage */
};
extern const struct pn_metric_info pn_metric_info[PN_M_COUNT];

/* enum pn_metric for a name, or -1. */
int pn_metric_by_name(const char *name);

/* Community algorithms of --algorithm: enum constant, name. leiden optimises modularity
 * (with --resolution), leiden-cpm the constant Potts model. */
#define PN_COMMUNITY_ALGOS(X)                                                                  \
    X(LOUVAIN, "louvain")                                                                      \
    X(LEIDEN, "leiden")                                                                        \
    X(LEIDEN_CPM, "leiden-cpm")                                                                \
    X(INFOMAP, "infomap")                                                                      \
    X(LABEL_PROP, "label-propagation")                                                         \
    X(WALKTRAP, "walktrap")
#define PN_COMM_ENUM(id, ...) PN_COMM_##id,
enum pn_community_algo { PN_COMMUNITY_ALGOS(PN_COMM_ENUM) };
#undef PN_COMM_ENUM
enum { PN_COMM_N = 0 PN_COMMUNITY_ALGOS(PN_VOCAB_COUNT) };
/* The names, indexed by enum pn_community_algo, NULL-terminated. */
extern const char *const pn_community_algo_names[PN_COMM_N + 1];

/* Betweenness, harmonic centrality and closeness: exact, or estimated with a stated error
 * (docs/analysis.md section 8). */
enum pn_approx_mode {
    PN_APPROX_AUTO = 0, /* estimates above approx_above nodes, exact up to it */
    PN_APPROX_EXACT,    /* --exact */
    PN_APPROX_ON        /* --approx */
};
#define PN_APPROX_ABOVE 20000 /* nodes: exact up to this size by default (docs/bench.md) */
#define PN_APPROX_EPSILON 0.1
#define PN_APPROX_DELTA 0.1

struct pn_analysis_options {
    enum pn_community_algo algo;
    double resolution;        /* default 1 */
    unsigned long seed;       /* default PN_SEED_DEFAULT (base/seed.h) */
    bool directed;
    int runs;                 /* >= 1; > 1: stability over runs seeds */
    double betweenness_cutoff;/* <= 0: exact */
    size_t betweenness_sample;/* > 0 and < nodes: estimate betweenness from this many
                                 random sources (seeded), scaled by nodes/sources;
                                 0: exact */
    int jobs;                 /* threads of the all-pairs sweep; <= 0: the cores available */
    bool igraph_allpairs;     /* the all-pairs family from igraph's separate calls (one
                                 core), not the fused sweep: the oracle of the tests */
    enum pn_approx_mode approx; /* default PN_APPROX_AUTO */
    size_t approx_above;      /* default PN_APPROX_ABOVE */
    double epsilon;           /* the error asked for, a share of each metric's range
                                 (default PN_APPROX_EPSILON) */
    double delta;             /* the chance the stated error is exceeded (default
                                 PN_APPROX_DELTA) */
    unsigned long only;       /* bit k (1UL << PN_M_k): compute metric k; 0: every metric.
                                 Metrics left out have v[k] == NULL; without betweenness,
                                 harmonic and closeness the all-pairs sweep is skipped and
                                 diameter and average path length are nan */
};

void pn_analysis_options_default(struct pn_analysis_options *o);

/* How the all-pairs metrics were estimated (on: they are estimates). Each bound holds for
 * every node at once with probability at least 1 - delta (docs/analysis.md section 8). */
struct pn_approx {
    bool on;
    double epsilon, delta;
    size_t sources;           /* sources of harmonic, closeness, diameter, average path */
    size_t pairs;             /* pairs of the betweenness estimate (Riondato-Kornaropoulos);
                                 0: betweenness is exact or from --betweenness-sample/-cutoff */
    size_t vd_upper;          /* the vertex-diameter bound behind pairs */
    double betweenness_bound; /* |estimate - exact| of normalised betweenness; nan: none */
    double harmonic_bound;    /* of harmonic centrality (over n - 1) */
    double closeness_bound;   /* of the distance sum to the reached nodes over n - 1 (in a
                                 connected network 1/closeness) */
    double reach_bound;       /* of the reached share (directed); 0: exact (components) */
    double dist_upper;        /* the range of a distance: >= every finite distance */
    double recip_upper;       /* the range of 1/distance: 1 / the shortest arc */
    double diameter_upper;    /* the diameter (largest eccentricity of the sources, a lower
                                 bound) is at most this: 2 x the smallest one */
    const char *betweenness_method; /* "riondato-kornaropoulos", "sample" (--betweenness-
                                       sample, no stated bound), "cutoff", "none" */
};

struct pn_metrics {
    size_t n;                  /* view nodes */
    double *v[PN_M_COUNT];     /* v[metric][node] */
    bool *articulation;        /* node is a cut vertex */
    double *stability;         /* co-assignment frequency with its community (runs > 1), or NULL */
    /* network figures */
    size_t n_nodes, n_edges;   /* edges after merging parallel ones */
    double density;
    size_t n_components;
    size_t largest_component;
    double diameter;           /* unweighted hops, largest component */
    double avg_path_length;    /* unweighted, over connected pairs */
    double transitivity;       /* global clustering */
    double modularity;         /* of the returned partition, weighted */
    double assort_country;     /* nominal assortativity; nan when undefined */
    double assort_type;
    size_t n_communities;
    size_t n_bridges;
    bool betweenness_approx;   /* cutoff, --betweenness-sample or an estimate (approx.on) */
    const char *algo_name;     /* static string */
    /* --- added for issue 4 (brokerage, stability) --- */
    double *community_stability; /* per community id (n_communities): mean co-assignment
                                    frequency of its members over runs; NULL when runs == 1 */
    double *brokerage[5];        /* [enum pn_broker_role][node]: Gould-Fernandez role counts by
                                    country; nan for nodes without a country */
    bool directed;               /* metrics used directed ties as directed */
    int runs;                    /* community runs behind stability (1: none) */
    double *focus_dependents;    /* with --focus: per node, how many nodes the focus
                                    reaches only through it (its brokers have > 0);
                                    nan for the focus itself; NULL without a focus */
    int allpairs_threads;        /* threads of the fused all-pairs sweep (0: igraph's calls) */
    struct pn_approx approx;     /* issue 12: estimates with a stated error */
};

/* Gould-Fernandez brokerage roles of the middle node v of a two-path a -> v -> c
 * (a not tied to c), by the countries of a, v, c. */
enum pn_broker_role {
    PN_BROKER_COORDINATOR = 0, /* a, v, c same country */
    PN_BROKER_GATEKEEPER,      /* v, c same; a from elsewhere */
    PN_BROKER_REPRESENTATIVE,  /* a, v same; c elsewhere */
    PN_BROKER_ITINERANT,       /* a, c same; v elsewhere (consultant) */
    PN_BROKER_LIAISON,         /* all three different */
    PN_BROKER_COUNT
};
/* "coordinator", "gatekeeper", "representative", "itinerant", "liaison" */
extern const char *const pn_broker_role_name[PN_BROKER_COUNT];

/* Name of a community algorithm ("louvain", "leiden", "leiden-cpm", "infomap",
 * "label-propagation", "walktrap"). */
const char *pn_community_algo_name(enum pn_community_algo a);

struct pn_strbuf;
/* What mx->approx says, in words for people (nothing when !mx->approx.on): brief, one line
 * for a map subtitle; else sentences for report.md and the table's note. */
void pn_approx_describe(const struct pn_metrics *mx, bool brief, struct pn_strbuf *sb);

/* Compute everything. Errors: igraph failure (PN_EIO with the igraph message). */
enum pn_status pn_analysis_run(const struct pn_graph *g, const struct pn_analysis_options *o,
                               struct pn_metrics *out, struct pn_diag *d);
void pn_metrics_destroy(struct pn_metrics *mx); /* accepts a zeroed struct */

#endif
