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

#include "net/graph_int.h"
#include "base/strbuf.h"

_Static_assert(PN_BROKER_COUNT == 5, "pn_metrics.brokerage has one array per role");

const struct pn_metric_info pn_metric_info[PN_M_COUNT] = {
    [PN_M_DEGREE] = {"degree", "Degree", true, true},
    [PN_M_STRENGTH] = {"strength", "Strength", true, false},
    [PN_M_BETWEENNESS] = {"betweenness", "Betweenness", true, false},
    [PN_M_HARMONIC] = {"harmonic", "Harmonic centrality", true, false},
    [PN_M_CLOSENESS] = {"closeness", "Closeness", true, false},
    [PN_M_EIGENVECTOR] = {"eigenvector", "Eigenvector centrality", true, false},
    [PN_M_PAGERANK] = {"pagerank", "PageRank", true, false},
    [PN_M_CONSTRAINT] = {"constraint", "Burt's constraint", false, false},
    [PN_M_EFFSIZE] = {"effective-size", "Effective size", true, false},
    [PN_M_CORENESS] = {"coreness", "Coreness (k-core)", true, true},
    [PN_M_CLUSTERING] = {"clustering", "Local clustering", true, false},
    [PN_M_COMMUNITY] = {"community", "Community", true, true},
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
    o->seed = 42;
    o->directed = false;
    o->runs = 1;
    o->betweenness_cutoff = 0.0;
    o->betweenness_sample = 0;
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

/* One community detection on the undirected metric graph, membership in memb
 * (igraph's numbering). */
static enum pn_status detect(const struct pn_graph *g, const struct pn_analysis_options *o,
                             unsigned long seed, const igraph_vector_t *strength,
                             igraph_vector_int_t *memb, struct pn_diag *d)
{
    const igraph_t *ug = &g->ug;
    igraph_integer_t n = igraph_vcount(ug);
    enum pn_status st = PN_EIO;
    igraph_matrix_int_t merges;
    bool merges_ok = false;
    igraph_vector_t modv;
    bool modv_ok = false;

    if (igraph_vector_int_resize(memb, n) != IGRAPH_SUCCESS)
        goto fail;
    if (igraph_ecount(ug) == 0) { /* no edges: every node alone, whatever the algorithm */
        for (igraph_integer_t i = 0; i < n; i++)
            VECTOR(*memb)[i] = i;
        return PN_OK;
    }
    if (igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed) != IGRAPH_SUCCESS)
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
        if (igraph_matrix_int_init(&merges, 0, 0) != IGRAPH_SUCCESS)
            goto fail;
        merges_ok = true;
        if (igraph_vector_init(&modv, 0) != IGRAPH_SUCCESS)
            goto fail;
        modv_ok = true;
        if (igraph_community_walktrap(ug, &g->uw, 4, &merges, &modv, memb) != IGRAPH_SUCCESS)
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
    if (modv_ok)
        igraph_vector_destroy(&modv);
    if (merges_ok)
        igraph_matrix_int_destroy(&merges);
    return st;
}

/* Renumber labels 0.. in order of each community's smallest node. Returns
 * the number of communities. */
static size_t renumber(igraph_vector_int_t *memb, size_t n)
{
    long *map = pn_xmalloc((n + 1) * sizeof *map);
    for (size_t i = 0; i < n; i++)
        map[i] = -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        igraph_integer_t c = VECTOR(*memb)[i];
        if (c < 0 || (size_t)c >= n) /* igraph labels are 0..n-1; be safe */
            c = 0;
        if (map[c] < 0)
            map[c] = (long)k++;
        VECTOR(*memb)[i] = map[c];
    }
    free(map);
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
    igraph_t h;
    igraph_vector_int_t dom, order;
    bool h_ok = false, dom_ok = false, order_ok = false;
    if (f == PN_NONE || f >= n)
        return PN_OK;
    mx->focus_dependents = pn_xcalloc(n + 1, sizeof *mx->focus_dependents);
    if (igraph_copy(&h, &g->ug) != IGRAPH_SUCCESS)
        goto fail;
    h_ok = true;
    if (igraph_to_directed(&h, IGRAPH_TO_DIRECTED_MUTUAL) != IGRAPH_SUCCESS)
        goto fail;
    if (igraph_vector_int_init(&dom, 0) != IGRAPH_SUCCESS)
        goto fail;
    dom_ok = true;
    if (igraph_vector_int_init(&order, 0) != IGRAPH_SUCCESS)
        goto fail;
    order_ok = true;
    if (igraph_dominator_tree(&h, (igraph_integer_t)f, &dom, NULL, NULL, IGRAPH_OUT) !=
        IGRAPH_SUCCESS)
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
    if (h_ok)
        igraph_destroy(&h);
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

/* Components, diameter of the largest component, average path length. */
static enum pn_status paths(const struct pn_graph *g, struct pn_metrics *mx, struct pn_diag *d)
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
    if (igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed) == IGRAPH_SUCCESS &&
        igraph_random_sample(&src, 0, n - 1, (igraph_integer_t)k) == IGRAPH_SUCCESS &&
        igraph_betweenness_subset(G, res, igraph_vss_all(), dir, igraph_vss_vector(&src),
                                  igraph_vss_all(), dist) == IGRAPH_SUCCESS) {
        igraph_vector_scale(res, (double)n / (double)k);
        ok = true;
    }
    igraph_vector_int_destroy(&src);
    return ok;
}

enum pn_status pn_analysis_run(const struct pn_graph *g, const struct pn_analysis_options *o,
                               struct pn_metrics *mx, struct pn_diag *d)
{
    const struct pn_view *view = &g->view;
    size_t n = view->n_nodes;
    const bool dir = o->directed && g->opts.directed && g->has_directed;
    const igraph_t *G = dir ? &g->dg : &g->ug; /* graph of the direction-aware metrics */
    const igraph_vector_t *W = dir ? &g->dw : &g->uw;
    const igraph_neimode_t mode = dir ? IGRAPH_OUT : IGRAPH_ALL;
    enum pn_status st = PN_EIO;
    const char *what = "analysis";
    igraph_vector_t vec, dist, strength;
    igraph_vector_int_t ivec, memb;
    bool vec_ok = false, dist_ok = false, strength_ok = false, ivec_ok = false, memb_ok = false;
    long *cat = NULL;

    pn_graph_lib_init(); /* idempotent: never run igraph with its aborting handler */
    memset(mx, 0, sizeof *mx);
    mx->n = n;
    mx->directed = dir;
    mx->runs = o->runs > 1 ? o->runs : 1;
    mx->algo_name = pn_community_algo_name(o->algo);
    for (int i = 0; i < PN_M_COUNT; i++)
        mx->v[i] = pn_xcalloc(n + 1, sizeof *mx->v[i]);
    mx->articulation = pn_xcalloc(n + 1, sizeof *mx->articulation);
    pn_graph_set_warning_diag(d);
    pn_graph_error_reset();

    if (!g->ug_ok || !g->uw_ok || (g->has_directed && (!g->dg_ok || !g->dw_ok))) {
        pn_diag_error(d, NULL, "igraph: analysis: the graph was not built");
        goto out;
    }
    if ((st = check_weights(&g->ug, &g->uw, "analysis", d)) != PN_OK ||
        (g->dg_ok && (st = check_weights(&g->dg, &g->dw, "analysis", d)) != PN_OK))
        goto out;
    if (o->algo == PN_COMM_LEIDEN_CPM || o->algo == PN_COMM_LEIDEN || o->algo == PN_COMM_LOUVAIN) {
        if (!isfinite(o->resolution) || !(o->resolution > 0)) {
            pn_diag_error(d, NULL, "invalid resolution %g; expected a number > 0", o->resolution);
            st = PN_EUSAGE;
            goto out;
        }
    }
    st = PN_EIO;
    if (igraph_vector_init(&vec, 0) != IGRAPH_SUCCESS)
        goto fail;
    vec_ok = true;
    if (igraph_vector_int_init(&ivec, 0) != IGRAPH_SUCCESS)
        goto fail;
    ivec_ok = true;
    if (igraph_vector_init(&strength, 0) != IGRAPH_SUCCESS)
        goto fail;
    strength_ok = true;
    if (igraph_vector_int_init(&memb, (igraph_integer_t)n) != IGRAPH_SUCCESS)
        goto fail;
    memb_ok = true;
    /* distances for path-based metrics: distance = 1 / strength */
    if (igraph_vector_init(&dist, igraph_vector_size(W)) != IGRAPH_SUCCESS)
        goto fail;
    dist_ok = true;
    for (igraph_integer_t i = 0; i < igraph_vector_size(W); i++)
        VECTOR(dist)[i] = 1.0 / VECTOR(*W)[i];

    what = "degree";
    if (igraph_degree(&g->ug, &ivec, igraph_vss_all(), IGRAPH_ALL, false) != IGRAPH_SUCCESS)
        goto fail;
    for (size_t i = 0; i < n; i++)
        mx->v[PN_M_DEGREE][i] = (double)VECTOR(ivec)[i];

    what = "strength";
    if (igraph_strength(&g->ug, &strength, igraph_vss_all(), IGRAPH_ALL, false, &g->uw) !=
        IGRAPH_SUCCESS)
        goto fail;
    copy_vec(mx->v[PN_M_STRENGTH], &strength, n);

    what = "betweenness";
    if (o->betweenness_sample > 0 && o->betweenness_sample < n) {
        mx->betweenness_approx = true;
        if (!sampled_betweenness(G, &vec, dir, &dist, o->betweenness_sample, o->seed))
            goto fail;
    } else if (o->betweenness_cutoff > 0) {
        mx->betweenness_approx = true;
        if (igraph_betweenness_cutoff(G, &vec, igraph_vss_all(), dir, &dist,
                                      o->betweenness_cutoff) != IGRAPH_SUCCESS)
            goto fail;
    } else if (igraph_betweenness(G, &vec, igraph_vss_all(), dir, &dist) != IGRAPH_SUCCESS) {
        goto fail;
    }
    {
        /* NetworkX normalized=True: pairs counted once each way over (n-1)(n-2)
         * ordered pairs; igraph counts an undirected pair once. */
        double scale = n > 2 ? (dir ? 1.0 : 2.0) / ((double)(n - 1) * (double)(n - 2)) : 0.0;
        for (size_t i = 0; i < n; i++)
            mx->v[PN_M_BETWEENNESS][i] = VECTOR(vec)[i] * scale;
    }

    what = "harmonic centrality";
    if (n > 1) {
        if (igraph_harmonic_centrality(G, &vec, igraph_vss_all(), mode, &dist, true) !=
            IGRAPH_SUCCESS)
            goto fail;
        copy_vec(mx->v[PN_M_HARMONIC], &vec, n);
    }

    what = "closeness";
    if (n > 1) {
        if (igraph_closeness(G, &vec, &ivec, NULL, igraph_vss_all(), mode, &dist, true) !=
            IGRAPH_SUCCESS)
            goto fail;
        /* Wasserman-Faust (NetworkX wf_improved): scale by the reachable share */
        for (size_t i = 0; i < n; i++) {
            double r = (double)VECTOR(ivec)[i];
            mx->v[PN_M_CLOSENESS][i] = r > 0 ? VECTOR(vec)[i] * r / (double)(n - 1) : 0.0;
        }
    }

    what = "eigenvector centrality";
    if (igraph_ecount(G) > 0) {
        igraph_arpack_options_t ao;
        igraph_real_t value = 0;
        igraph_arpack_options_init(&ao);
        /* ARPACK starts from a random vector: seed it too, or the last
         * digits change from run to run */
        if (igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)o->seed) != IGRAPH_SUCCESS)
            goto fail;
        if (igraph_eigenvector_centrality(G, &vec, &value, dir, true, W, &ao) != IGRAPH_SUCCESS)
            goto fail;
        copy_vec(mx->v[PN_M_EIGENVECTOR], &vec, n);
    }

    what = "pagerank";
    if (n > 0) {
        igraph_real_t value = 0;
        if (igraph_pagerank(G, IGRAPH_PAGERANK_ALGO_PRPACK, &vec, &value, igraph_vss_all(), dir,
                            0.85, W, NULL) != IGRAPH_SUCCESS)
            goto fail;
        copy_vec(mx->v[PN_M_PAGERANK], &vec, n);
    }

    what = "constraint";
    if (igraph_constraint(&g->ug, &vec, igraph_vss_all(), &g->uw) != IGRAPH_SUCCESS)
        goto fail;
    copy_vec(mx->v[PN_M_CONSTRAINT], &vec, n);

    what = "coreness";
    if (igraph_coreness(&g->ug, &ivec, IGRAPH_ALL) != IGRAPH_SUCCESS)
        goto fail;
    for (size_t i = 0; i < n; i++)
        mx->v[PN_M_CORENESS][i] = (double)VECTOR(ivec)[i];

    what = "local clustering";
    if (igraph_transitivity_local_undirected(&g->ug, &vec, igraph_vss_all(),
                                             IGRAPH_TRANSITIVITY_ZERO) != IGRAPH_SUCCESS)
        goto fail;
    copy_vec(mx->v[PN_M_CLUSTERING], &vec, n);

    /* effective size (Borgatti's unweighted form of Burt's): degree minus
     * 2 * (ties among neighbours) / degree = k - C * (k - 1) */
    for (size_t i = 0; i < n; i++) {
        double k = mx->v[PN_M_DEGREE][i];
        mx->v[PN_M_EFFSIZE][i] = k > 0 ? k - mx->v[PN_M_CLUSTERING][i] * (k - 1) : NAN;
        if (k == 0)
            mx->v[PN_M_CONSTRAINT][i] = NAN; /* undefined without contacts (as NetworkX) */
    }

    what = "articulation points";
    if (igraph_articulation_points(&g->ug, &ivec) != IGRAPH_SUCCESS)
        goto fail;
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(&ivec); i++)
        mx->articulation[VECTOR(ivec)[i]] = true;
    what = "bridges";
    if (igraph_bridges(&g->ug, &ivec) != IGRAPH_SUCCESS)
        goto fail;
    mx->n_bridges = (size_t)igraph_vector_int_size(&ivec);

    /* network figures */
    mx->n_nodes = n;
    mx->n_edges = (size_t)igraph_ecount(&g->ug);
    mx->density = 0;
    what = "density";
    if (n > 1) {
        igraph_real_t dens = 0;
        if (igraph_density(&g->ug, &dens, false) != IGRAPH_SUCCESS)
            goto fail;
        mx->density = dens;
    }
    if ((st = paths(g, mx, d)) != PN_OK)
        goto out;
    st = PN_EIO;
    what = "transitivity";
    {
        igraph_real_t t = NAN;
        if (igraph_transitivity_undirected(&g->ug, &t, IGRAPH_TRANSITIVITY_ZERO) != IGRAPH_SUCCESS)
            goto fail;
        mx->transitivity = t;
    }

    /* communities */
    if ((st = detect(g, o, o->seed, &strength, &memb, d)) != PN_OK)
        goto out;
    st = PN_EIO;
    mx->n_communities = renumber(&memb, n);
    for (size_t i = 0; i < n; i++)
        mx->v[PN_M_COMMUNITY][i] = (double)VECTOR(memb)[i];
    what = "modularity";
    mx->modularity = NAN;
    if (igraph_ecount(&g->ug) > 0) {
        igraph_real_t q = NAN;
        if (igraph_modularity(&g->ug, &memb, &g->uw, 1.0, false, &q) != IGRAPH_SUCCESS)
            goto fail;
        mx->modularity = q;
    }
    if (o->runs > 1 && (st = stability(g, o, &strength, &memb, mx, d)) != PN_OK)
        goto out;

    cat = pn_xmalloc((n + 1) * sizeof *cat);
    categories(g, 1, cat);
    if ((st = assortativity(g, cat, &mx->assort_type, d)) != PN_OK)
        goto out;
    categories(g, 0, cat);
    if ((st = assortativity(g, cat, &mx->assort_country, d)) != PN_OK)
        goto out;
    if ((st = brokerage(g, cat, mx, d)) != PN_OK)
        goto out;
    if ((st = focus_dependents(g, mx, d)) != PN_OK)
        goto out;
    st = PN_OK;
    goto out;
fail:
    st = pn_graph_igraph_fail(d, what);
out:
    free(cat);
    if (dist_ok)
        igraph_vector_destroy(&dist);
    if (memb_ok)
        igraph_vector_int_destroy(&memb);
    if (strength_ok)
        igraph_vector_destroy(&strength);
    if (ivec_ok)
        igraph_vector_int_destroy(&ivec);
    if (vec_ok)
        igraph_vector_destroy(&vec);
    pn_graph_set_warning_diag(NULL);
    if (st != PN_OK)
        pn_metrics_destroy(mx);
    return st;
}
