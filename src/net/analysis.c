/*
 * analysis: pn_graph -> per-node metrics, communities, brokerage roles and
 * network figures, as plain arrays indexed by view node. Every graph algorithm
 * is igraph's; this file only checks preconditions, converts (weights into
 * distances, normalisations) and renumbers. Must not print.
 * Owns: the arrays of struct pn_metrics.
 */
#include "net/analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/resources.h"
#include "base/seed.h"
#include "base/strbuf.h"
#include "net/allpairs.h"
#include "net/graph_int.h"

_Static_assert(PN_BROKER_COUNT == 5, "pn_metrics.brokerage has one array per role");

/* name, label, higher_is_central, integer, table_column, report_top */
const struct pn_metric_info pn_metric_info[PN_M_COUNT] = {
    [PN_M_DEGREE] = {"degree", "Degree", true, true, true, true, "partners", false},
    [PN_M_STRENGTH] = {"strength", "Strength", true, false, true, true, "weighted ties", false},
    [PN_M_BETWEENNESS] = {"betweenness", "Betweenness", true, false, true, true, "brokerage", true},
    [PN_M_HARMONIC] = {"harmonic", "Harmonic centrality", true, false, true, true, "reach", false},
    [PN_M_CLOSENESS] = {"closeness", "Closeness", true, false, false, false, "reach", false},
    [PN_M_EIGENVECTOR] = {"eigenvector", "Eigenvector centrality", true, false, true, true, "well-connected partners", false},
    [PN_M_PAGERANK] = {"pagerank", "PageRank", true, false, true, true, "influence", true},
    [PN_M_CONSTRAINT] = {"constraint", "Burt's constraint", false, false, true, false, "dependence on few partners", false},
    [PN_M_EFFSIZE] = {"effective-size", "Effective size", true, false, false, false, "non-redundant partners", false},
    [PN_M_CORENESS] = {"coreness", "Coreness (k-core)", true, true, true, true, "depth in the core", false},
    [PN_M_CLUSTERING] = {"clustering", "Local clustering", true, false, false, false, "partners tied together", false},
    [PN_M_COMMUNITY] = {"community", "Community", true, true, true, false, NULL, false},
    [PN_M_HUB] = {"hub", "Hub score (HITS)", true, false, false, false, "ties to well-tied partners", false},
    [PN_M_AUTHORITY] = {"authority", "Authority score (HITS)", true, false, false, false, "tied to by well-tying partners", false},
};

const char *const pn_broker_role_name[PN_BROKER_COUNT] = {"coordinator", "gatekeeper",
                                                          "representative", "itinerant", "liaison"};

int pn_metric_by_name(const char *name)
{
    if (name == NULL)
        return -1;
    for (int i = 0; i < PN_M_COUNT; i++)
        if (strcmp(name, pn_metric_info[i].name) == 0)
            return i;
    return -1;
}

const char *const pn_community_algo_names[PN_COMM_N + 1] = {
    PN_COMMUNITY_ALGOS(PN_VOCAB_NAME) NULL};

const char *pn_community_algo_name(enum pn_community_algo a)
{
    return (unsigned)a < PN_COMM_N ? pn_community_algo_names[a] : "unknown";
}

void pn_analysis_options_default(struct pn_analysis_options *o)
{
    memset(o, 0, sizeof *o);
    o->algo = PN_COMM_LOUVAIN;
    o->resolution = 1.0;
    o->seed = PN_SEED_DEFAULT;
    o->directed = false;
    o->runs = 1;
    o->betweenness_cutoff = 0.0;
    o->betweenness_sample = 0;
    o->jobs = 0;
    o->igraph_allpairs = false;
    o->approx = PN_APPROX_AUTO;
    o->approx_above = PN_APPROX_ABOVE;
    o->epsilon = PN_APPROX_EPSILON;
    o->delta = PN_APPROX_DELTA;
    o->only = 0;
}

void pn_metrics_destroy(struct pn_metrics *mx)
{
    if (mx == NULL)
        return;
    for (int i = 0; i < PN_M_COUNT; i++)
        free(mx->v[i]);
    for (int i = 0; i < PN_BROKER_COUNT; i++)
        free(mx->brokerage[i]);
    free(mx->articulation);
    free(mx->stability);
    free(mx->community_stability);
    free(mx->focus_dependents);
    memset(mx, 0, sizeof *mx);
}

/* ---- small helpers -------------------------------------------------------- */

/* schema: weights are finite and > 0; igraph does not check all of this
 * itself (STYLE.md 5), so check before every weighted call. */
static enum pn_status check_weights(const igraph_t *g, const igraph_vector_t *w, const char *what,
                                    struct pn_diag *d)
{
    igraph_integer_t m = igraph_ecount(g);
    if (igraph_vector_size(w) != m) {
        pn_diag_error(d, NULL, "igraph: %s: %ld weights for %ld edges", what,
                      (long)igraph_vector_size(w), (long)m);
        return PN_EIO;
    }
    for (igraph_integer_t i = 0; i < m; i++) {
        double x = VECTOR(*w)[i];
        if (!isfinite(x) || !(x > 0)) {
            pn_diag_error(d, NULL, "%s: edge weight %g is not a finite number > 0", what, x);
            return PN_EINPUT;
        }
    }
    return PN_OK;
}

static void copy_vec(double *dst, const igraph_vector_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = VECTOR(*src)[i];
}

struct category {
    const char *key;
    size_t node;
};

static int cmp_category(const void *pa, const void *pb)
{
    const struct category *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    if (c != 0)
        return c;
    return a->node < b->node ? -1 : a->node > b->node;
}

/* cat[node] = dense id of the node's country (which = 0) or type (which = 1),
 * -1 when absent. Ids follow the sorted order of the strings. */
static void categories(const struct pn_graph *g, int which, long *cat)
{
    const struct pn_view *v = &g->view;
    const struct pn_model *m = g->model;
    struct category *c = pn_xmalloc((v->n_nodes + 1) * sizeof *c);
    size_t k = 0;
    for (size_t i = 0; i < v->n_nodes; i++) {
        const struct pn_entity *e = &m->entities[v->node_entity[i]];
        const char *key = which == 0 ? e->country : e->type;
        cat[i] = -1;
        if (key != NULL && key[0] != '\0')
            c[k++] = (struct category){key, i};
    }
    qsort(c, k, sizeof *c, cmp_category);
    long id = -1;
    for (size_t i = 0; i < k; i++) {
        if (i == 0 || strcmp(c[i].key, c[i - 1].key) != 0)
            id++;
        cat[c[i].node] = id;
    }
    free(c);
}

/* ---- communities ----------------------------------------------------------- */

/* Walktrap (4 steps) into memb; its dendrogram and modularity scores are dropped.
 * Returns false on an igraph failure. */
static bool walktrap(const igraph_t *ug, const igraph_vector_t *w, igraph_vector_int_t *memb)
{
    igraph_matrix_int_t merges;
    igraph_vector_t modv;
    bool ok = false;
    if (igraph_matrix_int_init(&merges, 0, 0) != IGRAPH_SUCCESS)
        return false;
    if (igraph_vector_init(&modv, 0) == IGRAPH_SUCCESS) {
        ok = igraph_community_walktrap(ug, w, 4, &merges, &modv, memb) == IGRAPH_SUCCESS;
        igraph_vector_destroy(&modv);
    }
    igraph_matrix_int_destroy(&merges);
    return ok;
}

/* One community detection on the undirected metric graph, membership in memb
 * (igraph's numbering). */
static enum pn_status detect(const struct pn_graph *g, const struct pn_analysis_options *o,
                             unsigned long seed, const igraph_vector_t *strength,
                             igraph_vector_int_t *memb, struct pn_diag *d)
{
    const igraph_t *ug = &g->ug;
    igraph_integer_t n = igraph_vcount(ug);
    enum pn_status st = PN_EIO;

    if (igraph_vector_int_resize(memb, n) != IGRAPH_SUCCESS)
        goto fail;
    if (igraph_ecount(ug) == 0) { /* no edges: every node alone, whatever the algorithm */
        for (igraph_integer_t i = 0; i < n; i++)
            VECTOR(*memb)[i] = i;
        return PN_OK;
    }
    if (!pn_graph_seed(seed))
        goto fail;
    switch (o->algo) {
    case PN_COMM_LOUVAIN:
        if (igraph_community_multilevel(ug, &g->uw, o->resolution, memb, NULL, NULL) !=
            IGRAPH_SUCCESS)
            goto fail;
        break;
    case PN_COMM_LEIDEN:
    case PN_COMM_LEIDEN_CPM: {
        /* igraph 0.10 checks neither weight length and reads past the end */
        if (igraph_vector_size(&g->uw) != igraph_ecount(ug) || igraph_vector_size(strength) != n) {
            pn_diag_error(d, NULL, "igraph: leiden: weight vectors do not match the graph");
            goto out;
        }
        igraph_integer_t nb = 0;
        igraph_real_t quality = 0;
        const igraph_vector_t *nw = NULL;
        double res = o->resolution;
        if (o->algo == PN_COMM_LEIDEN) {
            /* modularity objective: node weights = strengths, resolution / 2W */
            nw = strength;
            res = o->resolution / igraph_vector_sum(strength);
        }
        for (igraph_integer_t i = 0; i < n; i++)
            VECTOR(*memb)[i] = i;
        if (igraph_community_leiden(ug, &g->uw, nw, res, 0.01, false, -1, memb, &nb, &quality) !=
            IGRAPH_SUCCESS)
            goto fail;
        break;
    }
    case PN_COMM_INFOMAP: {
        igraph_real_t codelength = 0;
        if (igraph_community_infomap(ug, &g->uw, NULL, 10, memb, &codelength) != IGRAPH_SUCCESS)
            goto fail;
        break;
    }
    case PN_COMM_LABEL_PROP:
        if (igraph_community_label_propagation(ug, memb, IGRAPH_ALL, &g->uw, NULL, NULL) !=
            IGRAPH_SUCCESS)
            goto fail;
        break;
    case PN_COMM_WALKTRAP:
        if (!walktrap(ug, &g->uw, memb))
            goto fail;
        break;
    }
    if (igraph_vector_int_size(memb) != n) {
        pn_diag_error(d, NULL, "igraph: %s returned %ld labels for %ld nodes",
                      pn_community_algo_name(o->algo), (long)igraph_vector_int_size(memb), (long)n);
        goto out;
    }
    st = PN_OK;
    goto out;
fail:
    st = pn_graph_igraph_fail(d, pn_community_algo_name(o->algo));
out:
    return st;
}

/* Renumber labels 0.. by size, largest first, ties in order of each community's smallest
 * node (issue 10: the colour of a community follows its number, so the largest is the
 * palette's first as before, and a community matched across versions keeps both).
 * Returns the number of communities. */
static size_t renumber(igraph_vector_int_t *memb, size_t n)
{
    long *first = pn_xmalloc((n + 1) * sizeof *first);
    size_t *size = pn_xcalloc(n + 1, sizeof *size), *order = pn_xmalloc((n + 1) * sizeof *order);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        first[i] = -1;
    for (size_t i = 0; i < n; i++) {
        igraph_integer_t c = VECTOR(*memb)[i];
        if (c < 0 || (size_t)c >= n) /* igraph labels are 0..n-1; be safe */
            c = VECTOR(*memb)[i] = 0;
        if (first[c] < 0) {
            first[c] = (long)i;
            order[k++] = (size_t)c;
        }
        size[c]++;
    }
    for (size_t a = 1; a < k; a++) { /* insertion sort: stable, k is small */
        size_t x = order[a], b = a;
        for (; b > 0 && size[order[b - 1]] < size[x]; b--)
            order[b] = order[b - 1];
        order[b] = x;
    }
    for (size_t j = 0; j < k; j++)
        first[order[j]] = (long)j;
    for (size_t i = 0; i < n; i++)
        VECTOR(*memb)[i] = first[VECTOR(*memb)[i]];
    free(order);
    free(size);
    free(first);
    return k;
}

/* Stability over runs: for each node, the mean over the other runs of the
 * share of its community's other members that land with it; per community,
 * the mean over its members. O(n) per run: nodes are visited community by
 * community and counted by their label in the run. */
static enum pn_status stability(const struct pn_graph *g, const struct pn_analysis_options *o,
                                const igraph_vector_t *strength, const igraph_vector_int_t *ref,
                                struct pn_metrics *mx, struct pn_diag *d)
{
    size_t n = mx->n, k = mx->n_communities;
    enum pn_status st = PN_OK;
    igraph_vector_int_t memb;
    if (igraph_vector_int_init(&memb, (igraph_integer_t)n) != IGRAPH_SUCCESS)
        return pn_graph_igraph_fail(d, "stability");
    size_t *start = pn_xcalloc(k + 2, sizeof *start); /* bucket offsets */
    size_t *order = pn_xmalloc((n + 1) * sizeof *order);
    size_t *count = pn_xcalloc(n + 1, sizeof *count);
    mx->stability = pn_xcalloc(n + 1, sizeof *mx->stability);
    mx->community_stability = pn_xcalloc(k + 1, sizeof *mx->community_stability);
    for (size_t i = 0; i < n; i++)
        start[VECTOR(*ref)[i] + 1]++;
    for (size_t c = 0; c < k; c++)
        start[c + 1] += start[c];
    {
        size_t *fill = pn_xmalloc((k + 1) * sizeof *fill);
        memcpy(fill, start, (k + 1) * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            order[fill[VECTOR(*ref)[i]]++] = i;
        free(fill);
    }
    for (int r = 1; r < o->runs; r++) {
        st = detect(g, o, o->seed + (unsigned long)r, strength, &memb, d);
        if (st != PN_OK)
            goto out;
        for (size_t c = 0; c < k; c++) {
            size_t size = start[c + 1] - start[c];
            for (size_t j = start[c]; j < start[c + 1]; j++)
                count[VECTOR(memb)[order[j]]]++;
            for (size_t j = start[c]; j < start[c + 1]; j++) {
                size_t i = order[j];
                mx->stability[i] +=
                    size > 1 ? (double)(count[VECTOR(memb)[i]] - 1) / (double)(size - 1) : 1.0;
            }
            for (size_t j = start[c]; j < start[c + 1]; j++)
                count[VECTOR(memb)[order[j]]] = 0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        mx->stability[i] /= (double)(o->runs - 1);
        mx->community_stability[VECTOR(*ref)[i]] += mx->stability[i];
    }
    for (size_t c = 0; c < k; c++)
        mx->community_stability[c] /= (double)(start[c + 1] - start[c]);
out:
    free(count);
    free(order);
    free(start);
    igraph_vector_int_destroy(&memb);
    return st;
}

/* ---- brokerage -------------------------------------------------------------- */

/* Gould-Fernandez roles by country on the arc graph (directed ties one
 * way, everything else both ways): for each broker v, each in-neighbour a and
 * out-neighbour c != a with no arc a -> c. Triads where a or c has no country
 * are not counted; a broker without a country gets nan. */
static enum pn_status brokerage(const struct pn_graph *g, const long *cat, struct pn_metrics *mx,
                                struct pn_diag *d)
{
    size_t n = mx->n;
    enum pn_status st = PN_EIO;
    igraph_adjlist_t in, out;
    bool in_ok = false, out_ok = false;
    size_t *stamp = NULL;
    for (int r = 0; r < PN_BROKER_COUNT; r++)
        mx->brokerage[r] = pn_xcalloc(n + 1, sizeof *mx->brokerage[r]);
    /* without directed ties the arc graph is ug both ways */
    const igraph_t *A = g->dg_ok ? &g->dg : &g->ug;
    if (igraph_adjlist_init(A, &in, g->dg_ok ? IGRAPH_IN : IGRAPH_ALL, IGRAPH_NO_LOOPS,
                            IGRAPH_NO_MULTIPLE) != IGRAPH_SUCCESS)
        goto fail;
    in_ok = true;
    if (igraph_adjlist_init(A, &out, g->dg_ok ? IGRAPH_OUT : IGRAPH_ALL, IGRAPH_NO_LOOPS,
                            IGRAPH_NO_MULTIPLE) != IGRAPH_SUCCESS)
        goto fail;
    out_ok = true;
    stamp = pn_xmalloc((n + 1) * sizeof *stamp);
    for (size_t i = 0; i < n; i++)
        stamp[i] = PN_NONE;
    for (size_t v = 0; v < n; v++) {
        double cnt[PN_BROKER_COUNT] = {0};
        if (cat[v] < 0) {
            for (int r = 0; r < PN_BROKER_COUNT; r++)
                mx->brokerage[r][v] = NAN;
            continue;
        }
        igraph_vector_int_t *ins = igraph_adjlist_get(&in, v);
        igraph_vector_int_t *outs = igraph_adjlist_get(&out, v);
        for (igraph_integer_t x = 0; x < igraph_vector_int_size(ins); x++) {
            size_t a = (size_t)VECTOR(*ins)[x];
            if (cat[a] < 0)
                continue;
            igraph_vector_int_t *aout = igraph_adjlist_get(&out, a);
            for (igraph_integer_t y = 0; y < igraph_vector_int_size(aout); y++)
                stamp[VECTOR(*aout)[y]] = a;
            for (igraph_integer_t y = 0; y < igraph_vector_int_size(outs); y++) {
                size_t c = (size_t)VECTOR(*outs)[y];
                if (c == a || stamp[c] == a || cat[c] < 0)
                    continue;
                long ca = cat[a], cv = cat[v], cc = cat[c];
                if (ca == cv && cv == cc)
                    cnt[PN_BROKER_COORDINATOR]++;
                else if (ca == cc)
                    cnt[PN_BROKER_ITINERANT]++;
                else if (ca == cv)
                    cnt[PN_BROKER_REPRESENTATIVE]++;
                else if (cv == cc)
                    cnt[PN_BROKER_GATEKEEPER]++;
                else
                    cnt[PN_BROKER_LIAISON]++;
            }
        }
        for (int r = 0; r < PN_BROKER_COUNT; r++)
            mx->brokerage[r][v] = cnt[r];
    }
    st = PN_OK;
    goto out;
fail:
    st = pn_graph_igraph_fail(d, "brokerage");
out:
    free(stamp);
    if (out_ok)
        igraph_adjlist_destroy(&out);
    if (in_ok)
        igraph_adjlist_destroy(&in);
    return st;
}

/* ---- ego brokers -------------------------------------------------------------- */

/* For the focus f: dependents[v] = number of nodes every path from f to which
 * passes through v, i.e. v's subtree size - 1 in the dominator tree of the
 * undirected network (as mutual arcs) rooted at f. Subtree sizes are summed
 * in reverse BFS order: an immediate dominator lies on every shortest path,
 * so it is met before the nodes it dominates. */
static enum pn_status focus_dependents(const struct pn_graph *g, struct pn_metrics *mx,
                                       struct pn_diag *d)
{
    size_t n = mx->n, f = g->view.focus;
    enum pn_status st = PN_EIO;
    igraph_vector_int_t dom, order;
    bool dom_ok = false, order_ok = false;
    if (f == PN_NONE || f >= n)
        return PN_OK;
    mx->focus_dependents = pn_xcalloc(n + 1, sizeof *mx->focus_dependents);
    if (igraph_vector_int_init(&dom, 0) != IGRAPH_SUCCESS)
        goto fail;
    dom_ok = true;
    if (igraph_vector_int_init(&order, 0) != IGRAPH_SUCCESS)
        goto fail;
    order_ok = true;
    if (!pn_graph_dominators(g, f, &dom))
        goto fail;
    if (igraph_bfs_simple(&g->ug, (igraph_integer_t)f, IGRAPH_ALL, &order, NULL, NULL) !=
        IGRAPH_SUCCESS)
        goto fail;
    {
        double *size = mx->focus_dependents;
        igraph_integer_t k = igraph_vector_int_size(&order);
        for (igraph_integer_t i = 0; i < k; i++)
            size[VECTOR(order)[i]] = 1;
        for (igraph_integer_t i = k - 1; i > 0; i--) { /* order[0] is the focus */
            igraph_integer_t v = VECTOR(order)[i], p = VECTOR(dom)[v];
            if (p >= 0 && (size_t)p < n)
                size[p] += size[v];
        }
        for (size_t v = 0; v < n; v++)
            size[v] = size[v] > 0 ? size[v] - 1 : 0;
        size[f] = NAN;
    }
    st = PN_OK;
    goto out;
fail:
    st = pn_graph_igraph_fail(d, "ego brokers");
out:
    if (order_ok)
        igraph_vector_int_destroy(&order);
    if (dom_ok)
        igraph_vector_int_destroy(&dom);
    return st;
}

/* ---- network figures ------------------------------------------------------- */

/* Nominal assortativity of cat over the undirected metric graph, among the
 * nodes that have a category (the others are left out with their edges). */
static enum pn_status assortativity(const struct pn_graph *g, const long *cat, double *res,
                                    struct pn_diag *d)
{
    size_t n = g->view.n_nodes;
    enum pn_status st = PN_EIO;
    igraph_vector_int_t keep, types;
    bool keep_ok = false, types_ok = false, sub_ok = false;
    igraph_t sub;
    *res = NAN;
    if (igraph_vector_int_init(&keep, 0) != IGRAPH_SUCCESS)
        goto fail;
    keep_ok = true;
    if (igraph_vector_int_init(&types, 0) != IGRAPH_SUCCESS)
        goto fail;
    types_ok = true;
    for (size_t i = 0; i < n; i++) {
        if (cat[i] < 0)
            continue;
        if (igraph_vector_int_push_back(&keep, (igraph_integer_t)i) != IGRAPH_SUCCESS ||
            igraph_vector_int_push_back(&types, (igraph_integer_t)cat[i]) != IGRAPH_SUCCESS)
            goto fail;
    }
    const igraph_t *G = &g->ug;
    if ((size_t)igraph_vector_int_size(&keep) != n) {
        /* copy-and-delete keeps the kept vertices in their order, matching types */
        if (igraph_induced_subgraph(&g->ug, &sub, igraph_vss_vector(&keep),
                                    IGRAPH_SUBGRAPH_COPY_AND_DELETE) != IGRAPH_SUCCESS)
            goto fail;
        sub_ok = true;
        G = &sub;
    }
    st = PN_OK;
    if (igraph_ecount(G) == 0)
        goto out; /* undefined: nan */
    if (igraph_assortativity_nominal(G, &types, res, false, true) != IGRAPH_SUCCESS)
        goto fail;
    goto out;
fail:
    st = pn_graph_igraph_fail(d, "assortativity");
out:
    if (sub_ok)
        igraph_destroy(&sub);
    if (types_ok)
        igraph_vector_int_destroy(&types);
    if (keep_ok)
        igraph_vector_int_destroy(&keep);
    return st;
}

/* Diameter of component best (hop eccentricities ecc, memb from igraph) and average
 * path length over connected ordered pairs, as igraph_diameter and
 * igraph_average_path_length (unconn = true) define them. */
static void paths_from_sweep(const struct pn_ap_result *ap, const igraph_vector_int_t *memb,
                             igraph_integer_t best, struct pn_metrics *mx)
{
    size_t diam = 0, low = 0; /* low: smallest eccentricity > 0 (of a sampled source) */
    for (size_t i = 0; i < ap->n; i++)
        if (VECTOR(*memb)[i] == best) {
            diam = ap->ecc[i] > diam ? ap->ecc[i] : diam;
            low = ap->ecc[i] > 0 && (low == 0 || ap->ecc[i] < low) ? ap->ecc[i] : low;
        }
    mx->diameter = mx->approx.on && mx->approx.sources == 0 ? NAN : (double)diam;
    if (mx->approx.on) /* ecc(x, y) <= ecc(s) + ecc(s) for any s of the component */
        mx->approx.diameter_upper = low > 0 ? 2.0 * (double)low : NAN;
    mx->avg_path_length =
        ap->n > 1 && ap->hop_pairs > 0 ? (double)ap->hop_sum / (double)ap->hop_pairs : NAN;
}

/* Components, diameter of the largest component, average path length (from ap, the
 * fused sweep, when given; else igraph's calls; with skip, components only). */
static enum pn_status paths(const struct pn_graph *g, const struct pn_ap_result *ap, bool skip,
                            struct pn_metrics *mx, struct pn_diag *d)
{
    enum pn_status st = PN_EIO;
    igraph_vector_int_t memb, csize, vids;
    bool memb_ok = false, csize_ok = false, vids_ok = false, sub_ok = false;
    igraph_t sub;
    igraph_integer_t no = 0;
    mx->diameter = NAN;
    mx->avg_path_length = NAN;
    if (igraph_vector_int_init(&memb, 0) != IGRAPH_SUCCESS)
        goto fail;
    memb_ok = true;
    if (igraph_vector_int_init(&csize, 0) != IGRAPH_SUCCESS)
        goto fail;
    csize_ok = true;
    if (igraph_connected_components(&g->ug, &memb, &csize, &no, IGRAPH_WEAK) != IGRAPH_SUCCESS)
        goto fail;
    mx->n_components = (size_t)no;
    mx->largest_component = 0;
    st = PN_OK;
    if (no == 0)
        goto out;
    igraph_integer_t best = 0;
    for (igraph_integer_t c = 1; c < no; c++)
        if (VECTOR(csize)[c] > VECTOR(csize)[best])
            best = c; /* first of the largest: the one holding the smallest node */
    mx->largest_component = (size_t)VECTOR(csize)[best];
    if (skip) /* diameter and average path length left nan */
        goto out;
    if (ap != NULL && ap->ecc != NULL) {
        paths_from_sweep(ap, &memb, best, mx);
        goto out;
    }
    const igraph_t *G = &g->ug;
    if (no > 1) {
        if (igraph_vector_int_init(&vids, 0) != IGRAPH_SUCCESS)
            goto fail;
        vids_ok = true;
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(&memb); i++)
            if (VECTOR(memb)[i] == best && igraph_vector_int_push_back(&vids, i) != IGRAPH_SUCCESS)
                goto fail;
        if (igraph_induced_subgraph(&g->ug, &sub, igraph_vss_vector(&vids), IGRAPH_SUBGRAPH_AUTO) !=
            IGRAPH_SUCCESS)
            goto fail;
        sub_ok = true;
        G = &sub;
    }
    igraph_real_t diam = 0;
    if (igraph_diameter(G, &diam, NULL, NULL, NULL, NULL, false, true) != IGRAPH_SUCCESS)
        goto fail;
    mx->diameter = diam;
    igraph_real_t apl = NAN;
    if (igraph_average_path_length(&g->ug, &apl, NULL, false, true) != IGRAPH_SUCCESS)
        goto fail;
    mx->avg_path_length = apl;
    goto out;
fail:
    st = pn_graph_igraph_fail(d, "paths");
out:
    if (sub_ok)
        igraph_destroy(&sub);
    if (vids_ok)
        igraph_vector_int_destroy(&vids);
    if (csize_ok)
        igraph_vector_int_destroy(&csize);
    if (memb_ok)
        igraph_vector_int_destroy(&memb);
    return st;
}

/* ---- the whole run ---------------------------------------------------------- */

/* Betweenness estimated from k sources drawn uniformly without replacement
 * (seeded): the pair dependencies of every target from those sources, scaled by
 * n/k. Summing igraph_betweenness_subset over single sources gives the exact
 * value, so the estimate is unbiased; its cost is k/n of the exact run. */
static bool sampled_betweenness(const igraph_t *G, igraph_vector_t *res, bool dir,
                                const igraph_vector_t *dist, size_t k, unsigned long seed)
{
    igraph_integer_t n = igraph_vcount(G);
    igraph_vector_int_t src;
    bool ok = false;
    if (igraph_vector_int_init(&src, 0) != IGRAPH_SUCCESS)
        return false;
    if (pn_graph_seed(seed) &&
        igraph_random_sample(&src, 0, n - 1, (igraph_integer_t)k) == IGRAPH_SUCCESS &&
        igraph_betweenness_subset(G, res, igraph_vss_all(), dir, igraph_vss_vector(&src),
                                  igraph_vss_all(), dist) == IGRAPH_SUCCESS) {
        igraph_vector_scale(res, (double)n / (double)k);
        ok = true;
    }
    igraph_vector_int_destroy(&src);
    return ok;
}

/* Metric k was asked for (o->only). */
static bool wanted(const struct pn_analysis_options *o, int k)
{
    return o->only == 0 || (o->only >> k & 1UL) != 0;
}

/* One run of pn_analysis_run: the graph, options and result, the work vectors its
 * steps share, and the step an igraph failure is reported under. */
struct run {
    const struct pn_graph *g;
    const struct pn_analysis_options *o;
    struct pn_metrics *mx;
    size_t n;
    bool dir;                 /* direction-aware metrics use directed ties */
    const igraph_t *G;        /* graph of the direction-aware metrics */
    const igraph_vector_t *W; /* its weights (strengths) */
    igraph_neimode_t mode;
    const char *what;
    igraph_vector_t vec, dist, strength;
    igraph_vector_int_t ivec, memb;
    bool vec_ok, dist_ok, strength_ok, ivec_ok, memb_ok;
    struct pn_ap_result ap; /* the fused all-pairs sweep (ap_ok), or igraph's calls */
    bool ap_ok;
    struct pn_ap_sampled sm; /* or its estimates from a sample (sm_ok, mx->approx) */
    bool sm_ok;
    bool skip_allpairs; /* o->only asks for none of betweenness, harmonic, closeness */
};

/* Zero mx and allocate its per-node arrays (calloc: untouched metrics read 0). */
static void start_metrics(struct run *r)
{
    struct pn_metrics *mx = r->mx;
    memset(mx, 0, sizeof *mx);
    mx->n = r->n;
    mx->directed = r->dir;
    mx->runs = r->o->runs > 1 ? r->o->runs : 1;
    mx->algo_name = pn_community_algo_name(r->o->algo);
    for (int i = 0; i < PN_M_COUNT; i++)
        mx->v[i] = pn_xcalloc(r->n + 1, sizeof *mx->v[i]);
    mx->articulation = pn_xcalloc(r->n + 1, sizeof *mx->articulation);
}

/* Preconditions (STYLE.md 5): the metric graphs exist, their weights are finite
 * and > 0, the resolution of the algorithms that read it is > 0. */
static enum pn_status check_inputs(const struct pn_graph *g, const struct pn_analysis_options *o,
                                   struct pn_diag *d)
{
    enum pn_status st;
    if (!g->ug_ok || !g->uw_ok || (g->has_directed && (!g->dg_ok || !g->dw_ok))) {
        pn_diag_error(d, NULL, "igraph: analysis: the graph was not built");
        return PN_EIO;
    }
    if ((st = check_weights(&g->ug, &g->uw, "analysis", d)) != PN_OK ||
        (g->dg_ok && (st = check_weights(&g->dg, &g->dw, "analysis", d)) != PN_OK))
        return st;
    if (o->algo == PN_COMM_LEIDEN_CPM || o->algo == PN_COMM_LEIDEN || o->algo == PN_COMM_LOUVAIN) {
        if (!isfinite(o->resolution) || !(o->resolution > 0)) {
            pn_diag_error(d, NULL, "invalid resolution %g; expected a number > 0", o->resolution);
            return PN_EUSAGE;
        }
    }
    return PN_OK;
}

/* The work vectors, and distances for path-based metrics: distance = 1 / strength. */
static bool init_work(struct run *r)
{
    if (igraph_vector_init(&r->vec, 0) != IGRAPH_SUCCESS)
        return false;
    r->vec_ok = true;
    if (igraph_vector_int_init(&r->ivec, 0) != IGRAPH_SUCCESS)
        return false;
    r->ivec_ok = true;
    if (igraph_vector_init(&r->strength, 0) != IGRAPH_SUCCESS)
        return false;
    r->strength_ok = true;
    if (igraph_vector_int_init(&r->memb, (igraph_integer_t)r->n) != IGRAPH_SUCCESS)
        return false;
    r->memb_ok = true;
    if (igraph_vector_init(&r->dist, igraph_vector_size(r->W)) != IGRAPH_SUCCESS)
        return false;
    r->dist_ok = true;
    for (igraph_integer_t i = 0; i < igraph_vector_size(r->W); i++)
        VECTOR(r->dist)[i] = 1.0 / VECTOR(*r->W)[i];
    return true;
}

/* Arcs of an igraph graph (lengths len, NULL: hops) as the kernel's adjacency array;
 * reverse: every arc turned round. */
static void to_csr(const igraph_t *G, const igraph_vector_t *len, bool directed, bool reverse,
                   struct pn_ap_csr *c)
{
    size_t n = (size_t)igraph_vcount(G), m = (size_t)igraph_ecount(G);
    size_t *from = pn_xmalloc((m + 1) * sizeof *from), *to = pn_xmalloc((m + 1) * sizeof *to);
    for (size_t e = 0; e < m; e++) {
        from[e] = (size_t)IGRAPH_FROM(G, (igraph_integer_t)e);
        to[e] = (size_t)IGRAPH_TO(G, (igraph_integer_t)e);
        if (reverse) {
            size_t t = from[e];
            from[e] = to[e], to[e] = t;
        }
    }
    pn_ap_csr_build(c, n, m, from, to, len != NULL ? VECTOR(*len) : NULL, directed);
    free(to);
    free(from);
}

/* ---- estimates with a stated error (issue 12; docs/analysis.md section 8) ------ */

/* Betweenness by partnet's own sweep or sample: not --betweenness-sample or -cutoff. */
static bool own_betweenness(const struct pn_analysis_options *o, size_t n)
{
    return !(o->betweenness_sample > 0 && o->betweenness_sample < n) &&
           !(o->betweenness_cutoff > 0);
}

/* The error term of Riondato-Kornaropoulos for r pairs: with probability >= 1 - delta the
 * share of the r drawn paths through each node is within it of the share of all ordered
 * pairs' shortest paths through it (c = 0.5, vertex diameter at most vd). */
static double rk_error(size_t r, double delta, size_t vd)
{
    double lg = vd > 3 ? floor(log2((double)(vd - 2))) : 0;
    return sqrt(0.5 * (lg + 1 + log(1 / delta)) / (double)r);
}

static size_t rk_pairs(double eps, double delta, size_t vd)
{
    double lg = vd > 3 ? floor(log2((double)(vd - 2))) : 0;
    return (size_t)ceil(0.5 / (eps * eps) * (lg + 1 + log(1 / delta)));
}

/* Hoeffding (which holds for sampling without replacement too), union over the n nodes:
 * with probability >= 1 - delta, the mean of k of the n values of every node (each in
 * [0, 1]) is within this of their mean, scaled by n / (n - 1) for the metrics' n - 1. */
static double hoeffding(size_t n, size_t k, double delta)
{
    return (double)n / (double)(n - 1) * sqrt(log(2.0 * (double)n / delta) / (2.0 * (double)k));
}

static size_t hoeffding_sources(size_t n, double eps, double delta)
{
    double e = eps * (double)(n - 1) / (double)n;
    return (size_t)ceil(log(2.0 * (double)n / delta) / (2 * e * e));
}

/* The estimates are asked for (--approx, or the network is above the threshold). */
static bool approx_wanted(const struct run *r)
{
    const struct pn_analysis_options *o = r->o;
    return r->n > 2 && isfinite(o->epsilon) && o->epsilon > 0 && o->delta > 0 && o->delta < 1 &&
           (o->approx == PN_APPROX_ON ||
            (o->approx == PN_APPROX_AUTO && r->n > o->approx_above));
}

/* The bounds of the sample drawn (mx->approx). */
static void approx_bounds(struct run *r, const struct pn_ap_bounds *b, size_t k, size_t pairs)
{
    struct pn_approx *a = &r->mx->approx;
    size_t n = r->n;
    double dc = r->dir ? r->o->delta / 2 : r->o->delta; /* closeness: distances and reach */
    a->on = true;
    a->epsilon = r->o->epsilon;
    a->delta = r->o->delta;
    a->sources = k;
    a->pairs = pairs;
    a->vd_upper = b->vd_upper;
    a->betweenness_bound = NAN;
    if (pairs > 0) /* normalised over (n-1)(n-2), not n(n-1) ordered pairs */
        a->betweenness_bound = rk_error(pairs, a->delta, b->vd_upper) * (double)n / (double)(n - 2);
    else if (r->sm.sums.betweenness != NULL && own_betweenness(r->o, n) &&
             wanted(r->o, PN_M_BETWEENNESS)) /* a dependency is at most n - 2 */
        a->betweenness_bound = hoeffding(n, k, a->delta);
    const struct pn_analysis_options *o = r->o;
    a->betweenness_method = pairs > 0                            ? "riondato-kornaropoulos"
                            : !wanted(o, PN_M_BETWEENNESS)       ? "none"
                            : own_betweenness(o, n)              ? "sources"
                            : o->betweenness_cutoff > 0          ? "cutoff"
                                                                 : "sample";
    a->dist_upper = b->dist_upper;
    a->recip_upper = b->min_len > 0 ? 1 / b->min_len : 0;
    a->harmonic_bound = k > 0 ? a->recip_upper * hoeffding(n, k, a->delta) : NAN;
    a->closeness_bound = k > 0 ? a->dist_upper * hoeffding(n, k, dc) : NAN;
    a->reach_bound = r->dir && k > 0 ? hoeffding(n, k, dc) : 0;
}

/* Estimates from a sample sized for epsilon and delta by the bounds of pn_ap_bounds;
 * false (nothing done) when the sample would cost as many sweeps as the exact run.
 * Betweenness: with harmonic or closeness, from the dependencies of their k sources
 * (Hoeffding, as they: no extra sweep); alone, from Riondato-Kornaropoulos pairs (fewer,
 * and each search stops at its target). */
static bool sampled_allpairs(struct run *r, const struct pn_ap_csr *w, const struct pn_ap_csr *h,
                             int jobs)
{
    const struct pn_analysis_options *o = r->o;
    size_t n = r->n;
    struct pn_ap_bounds b;
    pn_ap_bounds(w, h, !r->dir, &b);
    bool bet = own_betweenness(o, n) && wanted(o, PN_M_BETWEENNESS);
    bool dist = wanted(o, PN_M_HARMONIC) || wanted(o, PN_M_CLOSENESS);
    size_t k = dist ? hoeffding_sources(n, o->epsilon, r->dir ? o->delta / 2 : o->delta) : 0;
    size_t pairs = 0;
    if (bet && !dist)
        pairs = rk_pairs(o->epsilon * (double)(n - 2) / (double)n, o->delta, b.vd_upper);
    if (k >= n || pairs >= n)
        return false;
    struct pn_ap_csr wt;
    if (r->dir) /* distances d(v, s) along the arcs: sweeps from s on the reverse graph */
        to_csr(r->G, &r->dist, true, true, &wt);
    struct pn_ap_sample_opts so = {
        .sources = k, .pairs = pairs, .source_betweenness = bet && dist, .seed = o->seed};
    pn_ap_sample(w, r->dir ? &wt : NULL, h, &so, jobs, &r->sm);
    if (r->dir)
        pn_ap_csr_free(&wt);
    r->sm_ok = true;
    r->mx->allpairs_threads = r->sm.sums.threads;
    approx_bounds(r, &b, k, pairs);
    return true;
}

/* The all-pairs family in one sweep per source, in threads (net/allpairs.c): on the
 * graph of the direction-aware metrics with distances 1/w, and hops on the
 * undirected graph. Betweenness only when it is exact. Estimates instead when asked
 * and cheaper. */
static void fused_allpairs(struct run *r)
{
    const struct pn_analysis_options *o = r->o;
    int jobs = o->jobs > 0 ? o->jobs : pn_resources_cores();
    struct pn_ap_csr w, h;
    to_csr(r->G, &r->dist, r->dir, false, &w);
    to_csr(&r->g->ug, NULL, false, false, &h);
    if (!approx_wanted(r) || !sampled_allpairs(r, &w, &h, jobs)) {
        pn_ap_run(&w, &h, own_betweenness(o, r->n), jobs, &r->ap);
        r->ap_ok = true;
        r->mx->allpairs_threads = r->ap.threads;
    }
    pn_ap_csr_free(&h);
    pn_ap_csr_free(&w);
}

static void free_work(struct run *r)
{
    pn_ap_result_free(&r->ap);
    pn_ap_sampled_free(&r->sm);
    if (r->dist_ok)
        igraph_vector_destroy(&r->dist);
    if (r->memb_ok)
        igraph_vector_int_destroy(&r->memb);
    if (r->strength_ok)
        igraph_vector_destroy(&r->strength);
    if (r->ivec_ok)
        igraph_vector_int_destroy(&r->ivec);
    if (r->vec_ok)
        igraph_vector_destroy(&r->vec);
}

/* Betweenness: sampled, cut off or exact, normalised as NetworkX. */
static bool betweenness(struct run *r)
{
    const struct pn_analysis_options *o = r->o;
    size_t n = r->n;
    r->what = "betweenness";
    if (o->betweenness_sample > 0 && o->betweenness_sample < n) {
        r->mx->betweenness_approx = true;
        if (!sampled_betweenness(r->G, &r->vec, r->dir, &r->dist, o->betweenness_sample,
                                 o->seed))
            return false;
    } else if (o->betweenness_cutoff > 0) {
        r->mx->betweenness_approx = true;
        if (igraph_betweenness_cutoff(r->G, &r->vec, igraph_vss_all(), r->dir, &r->dist,
                                      o->betweenness_cutoff) != IGRAPH_SUCCESS)
            return false;
    } else if (r->sm_ok) { /* the share of the drawn paths through each node, or the
                              sources' dependencies scaled by n / k */
        r->mx->betweenness_approx = true;
        size_t k = r->sm.n_sources;
        double f = r->sm.n_pairs > 0 ? (double)n / (double)(n - 2) / (double)r->sm.n_pairs
                   : k > 0 ? (double)n / (double)k / ((double)(n - 1) * (double)(n - 2))
                           : 0;
        for (size_t i = 0; i < n; i++)
            r->mx->v[PN_M_BETWEENNESS][i] = r->sm.sums.betweenness[i] * f;
        return true;
    } else if (r->ap_ok) { /* igraph halves undirected pairs, counted from both ends */
        if (igraph_vector_resize(&r->vec, (igraph_integer_t)n) != IGRAPH_SUCCESS)
            return false;
        for (size_t i = 0; i < n; i++)
            VECTOR(r->vec)[i] = r->ap.betweenness[i] * (r->dir ? 1.0 : 0.5);
    } else if (igraph_betweenness(r->G, &r->vec, igraph_vss_all(), r->dir, &r->dist) !=
               IGRAPH_SUCCESS) {
        return false;
    }
    /* NetworkX normalized=True: pairs counted once each way over (n-1)(n-2)
     * ordered pairs; igraph counts an undirected pair once. */
    double scale = n > 2 ? (r->dir ? 1.0 : 2.0) / ((double)(n - 1) * (double)(n - 2)) : 0.0;
    for (size_t i = 0; i < n; i++)
        r->mx->v[PN_M_BETWEENNESS][i] = VECTOR(r->vec)[i] * scale;
    return true;
}

/* Harmonic centrality and closeness from the fused sweep, with igraph's formulas
 * (igraph_harmonic_centrality and igraph_closeness, normalized), then as below. */
static void closeness_from_sweep(struct run *r)
{
    size_t n = r->n;
    const struct pn_ap_result *ap = &r->ap;
    for (size_t i = 0; i < n; i++) {
        r->mx->v[PN_M_HARMONIC][i] = ap->harmonic[i] * (1.0 / (double)(n - 1));
        double reach = (double)ap->reached[i];
        double c = ap->dist_sum[i] == 0 ? NAN : reach / ap->dist_sum[i];
        r->mx->v[PN_M_CLOSENESS][i] = reach > 0 ? c * reach / (double)(n - 1) : 0.0;
    }
}

/* v's estimate x moved into [lo, hi], where the exact value lies: never a larger error. */
static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Harmonic centrality and closeness estimated from the sampled sources: the sums scaled
 * by n / k; the nodes reached exactly from the components when undirected. */
static bool closeness_from_sample(struct run *r)
{
    size_t n = r->n;
    const struct pn_ap_result *s = &r->sm.sums;
    const struct pn_approx *a = &r->mx->approx;
    if (r->sm.n_sources == 0)
        return true; /* neither is asked for (pn_analysis_options.only) */
    double f = (double)n / (double)r->sm.n_sources, n1 = (double)(n - 1);
    double lo_len = a->recip_upper > 0 ? 1 / a->recip_upper : 0, top = a->dist_upper;
    igraph_vector_int_t csize;
    if (igraph_vector_int_init(&csize, 0) != IGRAPH_SUCCESS)
        return false;
    if (!r->dir && igraph_connected_components(&r->g->ug, &r->memb, &csize, NULL, IGRAPH_WEAK) !=
                       IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&csize);
        return false;
    }
    for (size_t v = 0; v < n; v++) {
        double R = r->dir ? clamp(f * (double)s->reached[v], 0, n1)
                          : (double)(VECTOR(csize)[VECTOR(r->memb)[v]] - 1);
        double D = f * s->dist_sum[v], H = f * s->harmonic[v];
        if (r->dir) { /* only what holds whatever the reach */
            D = clamp(D, 0, n1 * top);
            H = clamp(H, 0, n1 * a->recip_upper);
        } else { /* every distance in [shortest arc, dist_upper] */
            D = clamp(D, R * lo_len, R * top);
            H = clamp(H, top > 0 ? R / top : 0, R * a->recip_upper);
        }
        r->mx->v[PN_M_HARMONIC][v] = H / n1;
        r->mx->v[PN_M_CLOSENESS][v] = R > 0 && D > 0 ? R * R / (n1 * D) : 0.0;
    }
    igraph_vector_int_destroy(&csize);
    return true;
}

/* Harmonic centrality and closeness (Wasserman-Faust), on distances. */
static bool closeness(struct run *r)
{
    size_t n = r->n;
    r->what = "harmonic centrality";
    if (n <= 1)
        return true;
    if (r->ap_ok) {
        closeness_from_sweep(r);
        return true;
    }
    if (r->sm_ok)
        return closeness_from_sample(r);
    if (igraph_harmonic_centrality(r->G, &r->vec, igraph_vss_all(), r->mode, &r->dist, true) !=
        IGRAPH_SUCCESS)
        return false;
    copy_vec(r->mx->v[PN_M_HARMONIC], &r->vec, n);
    r->what = "closeness";
    if (igraph_closeness(r->G, &r->vec, &r->ivec, NULL, igraph_vss_all(), r->mode, &r->dist,
                         true) != IGRAPH_SUCCESS)
        return false;
    /* Wasserman-Faust (NetworkX wf_improved): scale by the reachable share */
    for (size_t i = 0; i < n; i++) {
        double reach = (double)VECTOR(r->ivec)[i];
        r->mx->v[PN_M_CLOSENESS][i] = reach > 0 ? VECTOR(r->vec)[i] * reach / (double)(n - 1) : 0.0;
    }
    return true;
}

/* HITS hub and authority scores with --directed: igraph_hub_and_authority_scores on the
 * directed graph, weighted, scaled to a maximum of 1. Undirected, A^T A = A A^T = A^2:
 * both scores are its principal eigenvector, which is eigenvector centrality's (a
 * bipartite network, e.g. members and their alliances, gives A^2 a two-dimensional top
 * eigenspace where ARPACK returns any vector; eigenvector centrality is the one chosen).
 * Call after eigenvector centrality. */
static bool hits(struct run *r)
{
    r->what = "hub and authority scores";
    if (!r->dir) {
        memcpy(r->mx->v[PN_M_HUB], r->mx->v[PN_M_EIGENVECTOR], r->n * sizeof(double));
        memcpy(r->mx->v[PN_M_AUTHORITY], r->mx->v[PN_M_EIGENVECTOR], r->n * sizeof(double));
        return true;
    }
    if (igraph_ecount(r->G) == 0)
        return true;
    igraph_arpack_options_t ao;
    igraph_real_t value = 0;
    igraph_vector_t auth;
    igraph_arpack_options_init(&ao);
    if (!pn_graph_seed(r->o->seed) || igraph_vector_init(&auth, 0) != IGRAPH_SUCCESS)
        return false;
    bool ok = igraph_hub_and_authority_scores(r->G, &r->vec, &auth, &value, true, r->W, &ao) ==
              IGRAPH_SUCCESS;
    if (ok) {
        copy_vec(r->mx->v[PN_M_HUB], &r->vec, r->n);
        copy_vec(r->mx->v[PN_M_AUTHORITY], &auth, r->n);
    }
    igraph_vector_destroy(&auth);
    return ok;
}

/* Degree, strength, betweenness, harmonic, closeness, eigenvector, PageRank, HITS. */
static bool centralities(struct run *r)
{
    const struct pn_graph *g = r->g;
    struct pn_metrics *mx = r->mx;
    size_t n = r->n;
    r->what = "degree";
    if (igraph_degree(&g->ug, &r->ivec, igraph_vss_all(), IGRAPH_ALL, false) != IGRAPH_SUCCESS)
        return false;
    for (size_t i = 0; i < n; i++)
        mx->v[PN_M_DEGREE][i] = (double)VECTOR(r->ivec)[i];
    r->what = "strength";
    if (igraph_strength(&g->ug, &r->strength, igraph_vss_all(), IGRAPH_ALL, false, &g->uw) !=
        IGRAPH_SUCCESS)
        return false;
    copy_vec(mx->v[PN_M_STRENGTH], &r->strength, n);
    if (!r->skip_allpairs && (!betweenness(r) || !closeness(r)))
        return false;
    r->what = "eigenvector centrality";
    if (igraph_ecount(r->G) > 0) {
        igraph_arpack_options_t ao;
        igraph_real_t value = 0;
        igraph_arpack_options_init(&ao);
        /* ARPACK starts from a random vector: seed it too, or the last
         * digits change from run to run */
        if (!pn_graph_seed(r->o->seed))
            return false;
        if (igraph_eigenvector_centrality(r->G, &r->vec, &value, r->dir, true, r->W, &ao) !=
            IGRAPH_SUCCESS)
            return false;
        copy_vec(mx->v[PN_M_EIGENVECTOR], &r->vec, n);
    }
    r->what = "pagerank";
    if (n > 0) {
        igraph_real_t value = 0;
        if (igraph_pagerank(r->G, IGRAPH_PAGERANK_ALGO_PRPACK, &r->vec, &value, igraph_vss_all(),
                            r->dir, 0.85, r->W, NULL) != IGRAPH_SUCCESS)
            return false;
        copy_vec(mx->v[PN_M_PAGERANK], &r->vec, n);
    }
    return hits(r);
}

/* Constraint, coreness, local clustering, effective size, cut vertices, bridges. */
static bool structure(struct run *r)
{
    const struct pn_graph *g = r->g;
    struct pn_metrics *mx = r->mx;
    size_t n = r->n;
    r->what = "constraint";
    if (igraph_constraint(&g->ug, &r->vec, igraph_vss_all(), &g->uw) != IGRAPH_SUCCESS)
        return false;
    copy_vec(mx->v[PN_M_CONSTRAINT], &r->vec, n);
    r->what = "coreness";
    if (igraph_coreness(&g->ug, &r->ivec, IGRAPH_ALL) != IGRAPH_SUCCESS)
        return false;
    for (size_t i = 0; i < n; i++)
        mx->v[PN_M_CORENESS][i] = (double)VECTOR(r->ivec)[i];
    r->what = "local clustering";
    if (igraph_transitivity_local_undirected(&g->ug, &r->vec, igraph_vss_all(),
                                             IGRAPH_TRANSITIVITY_ZERO) != IGRAPH_SUCCESS)
        return false;
    copy_vec(mx->v[PN_M_CLUSTERING], &r->vec, n);
    /* effective size (Borgatti's unweighted form of Burt's): degree minus
     * 2 * (ties among neighbours) / degree = k - C * (k - 1) */
    for (size_t i = 0; i < n; i++) {
        double k = mx->v[PN_M_DEGREE][i];
        mx->v[PN_M_EFFSIZE][i] = k > 0 ? k - mx->v[PN_M_CLUSTERING][i] * (k - 1) : NAN;
        if (k == 0)
            mx->v[PN_M_CONSTRAINT][i] = NAN; /* undefined without contacts (as NetworkX) */
    }
    r->what = "articulation points";
    if (igraph_articulation_points(&g->ug, &r->ivec) != IGRAPH_SUCCESS)
        return false;
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(&r->ivec); i++)
        mx->articulation[VECTOR(r->ivec)[i]] = true;
    r->what = "bridges";
    if (igraph_bridges(&g->ug, &r->ivec) != IGRAPH_SUCCESS)
        return false;
    mx->n_bridges = (size_t)igraph_vector_int_size(&r->ivec);
    return true;
}

/* Network figures: size, density, components and paths, transitivity. */
static enum pn_status figures(struct run *r, struct pn_diag *d)
{
    const struct pn_graph *g = r->g;
    struct pn_metrics *mx = r->mx;
    enum pn_status st;
    mx->n_nodes = r->n;
    mx->n_edges = (size_t)igraph_ecount(&g->ug);
    mx->density = 0;
    r->what = "density";
    if (r->n > 1) {
        igraph_real_t dens = 0;
        if (igraph_density(&g->ug, &dens, false) != IGRAPH_SUCCESS)
            return pn_graph_igraph_fail(d, r->what);
        mx->density = dens;
    }
    const struct pn_ap_result *ap = r->ap_ok ? &r->ap : r->sm_ok ? &r->sm.sums : NULL;
    if ((st = paths(g, ap, r->skip_allpairs, mx, d)) != PN_OK)
        return st;
    r->what = "transitivity";
    igraph_real_t t = NAN;
    if (igraph_transitivity_undirected(&g->ug, &t, IGRAPH_TRANSITIVITY_ZERO) != IGRAPH_SUCCESS)
        return pn_graph_igraph_fail(d, r->what);
    mx->transitivity = t;
    return PN_OK;
}

/* Communities (renumbered), their modularity and, with runs > 1, their stability. */
static enum pn_status communities(struct run *r, struct pn_diag *d)
{
    const struct pn_graph *g = r->g;
    struct pn_metrics *mx = r->mx;
    enum pn_status st;
    if ((st = detect(g, r->o, r->o->seed, &r->strength, &r->memb, d)) != PN_OK)
        return st;
    mx->n_communities = renumber(&r->memb, r->n);
    for (size_t i = 0; i < r->n; i++)
        mx->v[PN_M_COMMUNITY][i] = (double)VECTOR(r->memb)[i];
    r->what = "modularity";
    mx->modularity = NAN;
    if (igraph_ecount(&g->ug) > 0) {
        igraph_real_t q = NAN;
        if (igraph_modularity(&g->ug, &r->memb, &g->uw, 1.0, false, &q) != IGRAPH_SUCCESS)
            return pn_graph_igraph_fail(d, r->what);
        mx->modularity = q;
    }
    if (r->o->runs > 1)
        return stability(g, r->o, &r->strength, &r->memb, mx, d);
    return PN_OK;
}

/* What needs the nodes' countries and types: assortativity, brokerage; then ego brokers. */
static enum pn_status by_category(struct run *r, struct pn_diag *d)
{
    const struct pn_graph *g = r->g;
    struct pn_metrics *mx = r->mx;
    enum pn_status st;
    long *cat = pn_xmalloc((r->n + 1) * sizeof *cat);
    categories(g, 1, cat);
    if ((st = assortativity(g, cat, &mx->assort_type, d)) != PN_OK)
        goto out;
    categories(g, 0, cat);
    if ((st = assortativity(g, cat, &mx->assort_country, d)) != PN_OK)
        goto out;
    if ((st = brokerage(g, cat, mx, d)) != PN_OK)
        goto out;
    st = focus_dependents(g, mx, d);
out:
    free(cat);
    return st;
}

enum pn_status pn_analysis_run(const struct pn_graph *g, const struct pn_analysis_options *o,
                               struct pn_metrics *mx, struct pn_diag *d)
{
    const bool dir = o->directed && g->opts.directed && g->has_directed;
    struct run r = {.g = g, .o = o, .mx = mx, .n = g->view.n_nodes, .dir = dir,
                    .G = dir ? &g->dg : &g->ug, .W = dir ? &g->dw : &g->uw,
                    .mode = dir ? IGRAPH_OUT : IGRAPH_ALL, .what = "analysis"};
    enum pn_status st;

    pn_graph_lib_init(); /* idempotent: never run igraph with its aborting handler */
    start_metrics(&r);
    pn_graph_set_warning_diag(d);
    pn_graph_error_reset();
    if ((st = check_inputs(g, o, d)) != PN_OK)
        goto out;
    if (!init_work(&r)) {
        st = pn_graph_igraph_fail(d, r.what);
        goto out;
    }
    r.skip_allpairs = !wanted(o, PN_M_BETWEENNESS) && !wanted(o, PN_M_HARMONIC) &&
                      !wanted(o, PN_M_CLOSENESS);
    if (!o->igraph_allpairs && !r.skip_allpairs)
        fused_allpairs(&r);
    if (!centralities(&r) || !structure(&r)) {
        st = pn_graph_igraph_fail(d, r.what);
        goto out;
    }
    if ((st = figures(&r, d)) != PN_OK || (st = communities(&r, d)) != PN_OK)
        goto out;
    st = by_category(&r, d);
    for (int k = 0; k < PN_M_COUNT && st == PN_OK; k++)
        if (!wanted(o, k)) { /* not asked for: absent, as readers of pn_metrics allow */
            free(mx->v[k]);
            mx->v[k] = NULL;
        }
out:
    free_work(&r);
    pn_graph_set_warning_diag(NULL);
    if (st != PN_OK)
        pn_metrics_destroy(mx);
    return st;
}

/* ---- the estimates in words ------------------------------------------------- */

/* Brief: one subtitle line. */
static void approx_brief(const struct pn_approx *a, struct pn_strbuf *sb)
{
    bool bet = isfinite(a->betweenness_bound);
    pn_strbuf_append(sb, "estimates:");
    if (bet)
        pn_strbuf_appendf(sb, " betweenness ±%.2g", a->betweenness_bound);
    if (a->sources > 0)
        pn_strbuf_appendf(sb, "%s harmonic ±%.2g, mean distance ±%.2g (%zu sources",
                          bet ? "," : "", a->harmonic_bound, a->closeness_bound, a->sources);
    else
        pn_strbuf_appendf(sb, " (%zu pairs", a->pairs);
    pn_strbuf_appendf(sb, "; all nodes within with probability %g; --exact)", 1 - a->delta);
}

void pn_approx_describe(const struct pn_metrics *mx, bool brief, struct pn_strbuf *sb)
{
    const struct pn_approx *a = &mx->approx;
    if (!a->on)
        return;
    if (brief) {
        approx_brief(a, sb);
        return;
    }
    pn_strbuf_appendf(sb, "Betweenness, harmonic centrality and closeness are estimates "
                          "(--exact computes them exactly). ");
    if (a->pairs > 0)
        pn_strbuf_appendf(sb, "Betweenness is within ±%.3g of its exact value "
                              "(Riondato-Kornaropoulos: %zu pairs of nodes, one shortest path "
                              "each; vertex diameter at most %zu). ",
                          a->betweenness_bound, a->pairs, a->vd_upper);
    else if (strcmp(a->betweenness_method, "sources") == 0)
        pn_strbuf_appendf(sb, "Betweenness is within ±%.3g of its exact value (the shortest "
                              "paths from %zu sources, Hoeffding). ",
                          a->betweenness_bound, a->sources);
    else if (strcmp(a->betweenness_method, "none") != 0)
        pn_strbuf_appendf(sb, "Betweenness comes from --betweenness-%s, without a stated "
                              "bound. ", a->betweenness_method);
    if (a->sources == 0) {
        pn_strbuf_appendf(sb, "It holds for every node at once with probability at least %g "
                              "(epsilon %g, delta %g).",
                          1 - a->delta, a->epsilon, a->delta);
        return;
    }
    pn_strbuf_appendf(sb, "Harmonic centrality is within ±%.3g (Hoeffding, %zu sources; "
                          "1/distance at most %.4g). The mean distance to the nodes reached "
                          "(the distance sum over n - 1, that is 1/closeness in a connected "
                          "network) is within ±%.3g (distances at most %.4g)",
                      a->harmonic_bound, a->sources, a->recip_upper, a->closeness_bound,
                      a->dist_upper);
    if (a->reach_bound > 0)
        pn_strbuf_appendf(sb, ", and the share of nodes reached within ±%.3g", a->reach_bound);
    pn_strbuf_appendf(sb, ". Each bound holds for every node at once with probability at "
                          "least %g (epsilon %g, delta %g). The diameter is the largest "
                          "eccentricity of the %zu sources (at most %.0f), the average path "
                          "length their mean.",
                      1 - a->delta, a->epsilon, a->delta, a->sources, a->diameter_upper);
}
