/*
 * graph: model -> the analysed network. Applies --at, --theme, the projections
 * and --focus/--radius, producing the view (plain arrays for render/report) and
 * the igraph graphs analysis works on. Owns the igraph error/warning bridge.
 * Must not print; names and attributes stay in the model (igraph holds
 * topology and weights only).
 */
#include "net/graph_int.h"

#include <errno.h>
#include <math.h>
#include <omp.h> /* declarations only: libgomp is igraph's, linked as -lgomp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/guard.h"
#include "base/strbuf.h"

const char *const pn_projection_names[PN_PROJ_N + 1] = {PN_PROJECTIONS(PN_VOCAB_NAME) NULL};
const char *const pn_proj_weight_names[PN_PROJW_N + 1] = {PN_PROJ_WEIGHTS(PN_VOCAB_NAME) NULL};

/* ---- igraph error bridge ------------------------------------------------ */

static char err_msg[512];
static igraph_error_t err_code = IGRAPH_SUCCESS;
static struct pn_diag *warn_diag;

/* igraph calls this at each level the error climbs; the first call carries
 * the reason, later ones may carry an empty one. Copy before
 * IGRAPH_FINALLY_FREE, which may free the reason's storage. */
static void on_igraph_error(const char *reason, const char *file, int line, igraph_error_t code)
{
    (void)file;
    (void)line;
    if (err_msg[0] == '\0' && reason != NULL && reason[0] != '\0')
        snprintf(err_msg, sizeof err_msg, "%s (%s)", reason, igraph_strerror(code));
    if (err_code == IGRAPH_SUCCESS)
        err_code = code;
    /* igraph 0.10.4 can crash in its own clean-up after a failed allocation: the guard
     * (base/guard.c) then says "out of memory" */
    if (code == IGRAPH_ENOMEM)
        pn_guard_note_oom();
    IGRAPH_FINALLY_FREE();
}

static void on_igraph_warning(const char *reason, const char *file, int line)
{
    (void)file;
    (void)line;
    /* directed weighted eigenvector centrality is what partnet asks for with --directed
     * and says in docs/analysis.md ("central nodes point to it"): igraph's notice about
     * it is not news to the user (issue 11: a raw igraph warning on every --directed run) */
    if (reason != NULL && strstr(reason, "Weighted directed graph in eigenvector") != NULL)
        return;
    if (warn_diag != NULL && reason != NULL)
        pn_diag_warning(warn_diag, NULL, "igraph: %s", reason);
}

/* igraph's fatal errors (a failed assertion: igraph 0.10.4 asserts on a vector whose
 * allocation failed) abort; the guard says "out of memory" when one had just failed. */
static _Noreturn void on_igraph_fatal(const char *reason, const char *file, int line)
{
    if (errno == ENOMEM)
        pn_guard_note_oom();
    fprintf(stderr, "partnet: error: igraph: fatal: %s (%s:%d)\n", reason ? reason : "?",
            file ? file : "?", line);
    abort();
}

void pn_graph_lib_init(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    igraph_set_error_handler(on_igraph_error);
    igraph_set_fatal_handler(on_igraph_fatal);
    igraph_set_warning_handler(on_igraph_warning);
    /* igraph's PRPACK PageRank runs an OpenMP team, one thread per core, that spins on a busy
     * machine for no gain at our sizes (docs/analysis.md, "Threads"); libgomp read
     * OMP_NUM_THREADS when it loaded, so a user who set it keeps that choice. */
    if (getenv("OMP_NUM_THREADS") == NULL)
        omp_set_num_threads(1);
}

const char *pn_graph_last_error(void)
{
    if (err_msg[0] == '\0' && err_code != IGRAPH_SUCCESS)
        return igraph_strerror(err_code);
    return err_msg;
}

void pn_graph_error_reset(void)
{
    err_msg[0] = '\0';
    err_code = IGRAPH_SUCCESS;
}

enum pn_status pn_graph_igraph_fail(struct pn_diag *d, const char *what)
{
    const char *msg = pn_graph_last_error();
    pn_diag_error(d, NULL, "igraph: %s: %s", what, msg[0] ? msg : "unknown error");
    pn_graph_error_reset();
    return PN_EIO;
}

void pn_graph_set_warning_diag(struct pn_diag *d)
{
    warn_diag = d;
}

/* ---- accessors ---------------------------------------------------------- */

bool pn_graph_seed(unsigned long seed)
{
    return igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed) == IGRAPH_SUCCESS;
}

const struct pn_view *pn_graph_view(const struct pn_graph *g)
{
    return &g->view;
}

const struct pn_model *pn_graph_model(const struct pn_graph *g)
{
    return g->model;
}

static void destroy_igraphs(struct pn_graph *g)
{
    if (g->dw_ok)
        igraph_vector_destroy(&g->dw);
    if (g->dg_ok)
        igraph_destroy(&g->dg);
    if (g->uw_ok)
        igraph_vector_destroy(&g->uw);
    if (g->ug_ok)
        igraph_destroy(&g->ug);
    if (g->weights_ok)
        igraph_vector_destroy(&g->weights);
    if (g->g_ok)
        igraph_destroy(&g->g);
    g->dw_ok = g->dg_ok = g->uw_ok = g->ug_ok = g->weights_ok = g->g_ok = false;
}

void pn_graph_free(struct pn_graph *g)
{
    if (g == NULL)
        return;
    destroy_igraphs(g);
    free(g->view.node_entity);
    free(g->view.entity_node);
    free(g->view.edges);
    free(g);
}

/* ---- pairs: merging parallel edges deterministically -------------------- */

struct arc {
    size_t u, v; /* ends (node positions) */
    size_t ref;  /* carried through merges; PN_NONE once two refs differ */
    double w;
};

static int cmp_arc_v(const void *pa, const void *pb)
{
    const struct arc *a = pa, *b = pb;
    return a->v < b->v ? -1 : a->v > b->v;
}

/* Merge arcs with equal (u, v) (ends < n), summing weights in input order;
 * the result is sorted by (u, v) and written back to a. Returns the new
 * count. Linear plus a sort of each node's distinct partners: a counting sort
 * by u, then a scratch slot per v (no global comparison sort). */
static size_t merge_arcs(struct arc *a, size_t m, size_t n)
{
    if (m == 0)
        return 0;
    size_t *start = pn_xcalloc(n + 2, sizeof *start);
    size_t *slot = pn_xmalloc((n + 1) * sizeof *slot);
    struct arc *by_u = pn_xmalloc(m * sizeof *by_u);
    for (size_t i = 0; i < m; i++)
        start[a[i].u + 1]++;
    for (size_t u = 0; u < n; u++)
        start[u + 1] += start[u];
    {
        size_t *fill = pn_xmalloc((n + 1) * sizeof *fill);
        memcpy(fill, start, (n + 1) * sizeof *fill);
        for (size_t i = 0; i < m; i++) /* stable: keeps input order within u */
            by_u[fill[a[i].u]++] = a[i];
        free(fill);
    }
    for (size_t v = 0; v < n; v++)
        slot[v] = PN_NONE;
    size_t k = 0;
    for (size_t u = 0; u < n; u++) {
        size_t first = k;
        for (size_t i = start[u]; i < start[u + 1]; i++) {
            const struct arc *x = &by_u[i];
            if (slot[x->v] == PN_NONE) {
                slot[x->v] = k;
                a[k++] = *x;
            } else {
                struct arc *y = &a[slot[x->v]];
                y->w += x->w;
                if (y->ref != x->ref)
                    y->ref = PN_NONE;
            }
        }
        for (size_t i = first; i < k; i++)
            slot[a[i].v] = PN_NONE;
        if (k - first > 1)
            qsort(a + first, k - first, sizeof *a, cmp_arc_v);
    }
    free(by_u);
    free(slot);
    free(start);
    return k;
}

/* ---- building igraph graphs from the view ------------------------------- */

static enum pn_status make_igraph(igraph_t *ig, bool *ig_ok, igraph_vector_t *w, bool *w_ok,
                                  const struct arc *a, size_t n_arcs, size_t n_nodes, bool directed,
                                  struct pn_diag *d)
{
    enum pn_status st = PN_EIO;
    igraph_vector_int_t ev;
    bool ev_ok = false;
    if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * n_arcs)) != IGRAPH_SUCCESS)
        goto fail;
    ev_ok = true;
    if (igraph_vector_init(w, (igraph_integer_t)n_arcs) != IGRAPH_SUCCESS)
        goto fail;
    *w_ok = true;
    for (size_t i = 0; i < n_arcs; i++) {
        VECTOR(ev)[2 * i] = (igraph_integer_t)a[i].u;
        VECTOR(ev)[2 * i + 1] = (igraph_integer_t)a[i].v;
        VECTOR(*w)[i] = a[i].w;
    }
    if (igraph_create(ig, &ev, (igraph_integer_t)n_nodes, directed) != IGRAPH_SUCCESS)
        goto fail;
    *ig_ok = true;
    st = PN_OK;
    goto out;
fail:
    pn_graph_igraph_fail(d, "building the graph");
out:
    if (ev_ok)
        igraph_vector_int_destroy(&ev);
    return st;
}

/* ug: merged undirected; dg: merged arcs, only when some tie is directed.
 * (g and weights, one edge per view edge, are not built: nobody needs them
 * and they cost a copy of the graph; g_ok and weights_ok stay false.) */
static enum pn_status build_igraphs(struct pn_graph *pg, struct pn_diag *d)
{
    const struct pn_view *v = &pg->view;
    enum pn_status st = PN_EIO;
    size_t m = v->n_edges;
    struct arc *a = pn_xmalloc((2 * m + 1) * sizeof *a);

    /* undirected, merged: ends ordered so a-b and b-a meet */
    pg->has_directed = false;
    for (size_t i = 0; i < m; i++) {
        const struct pn_edge *e = &v->edges[i];
        size_t lo = e->from < e->to ? e->from : e->to;
        size_t hi = e->from < e->to ? e->to : e->from;
        a[i] = (struct arc){lo, hi, PN_NONE, e->weight};
        if (e->directed)
            pg->has_directed = true;
    }
    size_t k = merge_arcs(a, m, v->n_nodes);
    st = make_igraph(&pg->ug, &pg->ug_ok, &pg->uw, &pg->uw_ok, a, k, v->n_nodes, false, d);
    if (st != PN_OK)
        goto out;

    /* arcs: directed ties one way, everything else both ways; without any
     * directed tie this is ug both ways, so analysis reads ug instead */
    if (!pg->has_directed) {
        st = PN_OK;
        goto out;
    }
    size_t n = 0;
    for (size_t i = 0; i < m; i++) {
        const struct pn_edge *e = &v->edges[i];
        a[n++] = (struct arc){e->from, e->to, PN_NONE, e->weight};
        if (!e->directed)
            a[n++] = (struct arc){e->to, e->from, PN_NONE, e->weight};
    }
    k = merge_arcs(a, n, v->n_nodes);
    st = make_igraph(&pg->dg, &pg->dg_ok, &pg->dw, &pg->dw_ok, a, k, v->n_nodes, true, d);
out:
    free(a);
    return st;
}

/* ---- filters ------------------------------------------------------------ */

static bool tagged(char *const *themes, size_t n, const struct pn_graph_options *o)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < o->n_themes; j++)
            if (themes[i] != NULL && o->themes[j] != NULL && strcmp(themes[i], o->themes[j]) == 0)
                return true;
    return false;
}

static bool active(int since, int until, const struct pn_graph_options *o)
{
    return o->at_year == PN_YEAR_UNSET || pn_model_active(since, until, o->at_year);
}

static bool is_group(const struct pn_entity *e)
{
    return e->kind != PN_KIND_INSTITUTION;
}

/* Is membership k of group g kept (given the kept entity set)? */
static bool member_kept(const struct pn_model *m, const bool *keep, size_t g, size_t k,
                        const struct pn_graph_options *o)
{
    const struct pn_entity *ge = &m->entities[g];
    const struct pn_member *mb = &ge->members[k];
    if (!keep[g] || mb->entity == PN_NONE || mb->entity >= m->n_entities || !keep[mb->entity])
        return false;
    if (mb->entity == g || !active(mb->since, mb->until, o))
        return false;
    /* --theme: memberships come with tagged groups only */
    return o->n_themes == 0 || tagged(ge->themes, ge->n_themes, o);
}

static bool tie_kept(const struct pn_model *m, const bool *keep, size_t t,
                     const struct pn_graph_options *o)
{
    const struct pn_tie *tie = &m->ties[t];
    if (tie->ia == PN_NONE || tie->ib == PN_NONE || tie->ia >= m->n_entities ||
        tie->ib >= m->n_entities || tie->ia == tie->ib)
        return false;
    if (!keep[tie->ia] || !keep[tie->ib] || !active(tie->since, tie->until, o))
        return false;
    return o->n_themes == 0 || tagged(tie->themes, tie->n_themes, o);
}

/* Kept entities before projection: active at --at, and with --theme: tagged
 * institutions and groups, ends of tagged ties, members of tagged groups. */
/* Issue 10, the year rule: with --at, an entity without since/until that no tie,
 * membership or part-of link active that year reaches is left out (it would be an
 * isolated node of every year). Returns how many were left out of keep. */
static size_t drop_undated_unreached(const struct pn_model *m, const struct pn_graph_options *o,
                                     const bool *act, bool *keep)
{
    size_t n = m->n_entities, dropped = 0;
    bool *reached = pn_xcalloc(n + 1, sizeof *reached);
    for (size_t t = 0; t < m->n_ties; t++) {
        const struct pn_tie *tie = &m->ties[t];
        if (tie->ia < n && tie->ib < n && act[tie->ia] && act[tie->ib] &&
            active(tie->since, tie->until, o))
            reached[tie->ia] = reached[tie->ib] = true;
    }
    for (size_t g = 0; g < n; g++) {
        const struct pn_entity *ge = &m->entities[g];
        size_t p = ge->parent_index;
        if (p < n && act[g] && act[p])
            reached[g] = reached[p] = true;
        for (size_t k = 0; is_group(ge) && act[g] && k < ge->n_members; k++) {
            const struct pn_member *mb = &ge->members[k];
            if (mb->entity < n && act[mb->entity] && active(mb->since, mb->until, o))
                reached[g] = reached[mb->entity] = true;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const struct pn_entity *e = &m->entities[i];
        if (keep[i] && !reached[i] && e->since == PN_YEAR_UNSET && e->until == PN_YEAR_UNSET) {
            keep[i] = false;
            dropped++;
        }
    }
    free(reached);
    return dropped;
}

static bool *keep_entities(const struct pn_model *m, const struct pn_graph_options *o,
                           size_t *undated_out)
{
    bool *keep = pn_xcalloc(m->n_entities + 1, sizeof *keep);
    bool *act = pn_xcalloc(m->n_entities + 1, sizeof *act);
    for (size_t i = 0; i < m->n_entities; i++) {
        const struct pn_entity *e = &m->entities[i];
        act[i] = active(e->since, e->until, o);
        keep[i] = act[i] && (o->n_themes == 0 || tagged(e->themes, e->n_themes, o));
    }
    if (o->n_themes > 0) {
        for (size_t t = 0; t < m->n_ties; t++) {
            const struct pn_tie *tie = &m->ties[t];
            if (tie->ia == PN_NONE || tie->ib == PN_NONE || tie->ia >= m->n_entities ||
                tie->ib >= m->n_entities)
                continue;
            if (act[tie->ia] && act[tie->ib] && active(tie->since, tie->until, o) &&
                tagged(tie->themes, tie->n_themes, o))
                keep[tie->ia] = keep[tie->ib] = true;
        }
        for (size_t g = 0; g < m->n_entities; g++) {
            const struct pn_entity *ge = &m->entities[g];
            if (!is_group(ge) || !act[g] || !tagged(ge->themes, ge->n_themes, o))
                continue;
            for (size_t k = 0; k < ge->n_members; k++) {
                const struct pn_member *mb = &ge->members[k];
                if (mb->entity != PN_NONE && mb->entity < m->n_entities && act[mb->entity] &&
                    active(mb->since, mb->until, o))
                    keep[mb->entity] = true;
            }
        }
    }
    *undated_out = o->at_year != PN_YEAR_UNSET && o->year_rule
                       ? drop_undated_unreached(m, o, act, keep)
                       : 0;
    free(act);
    return keep;
}

/* ---- view construction -------------------------------------------------- */

struct edge_list {
    struct pn_edge *e;
    size_t n, cap;
};

static void push_edge(struct edge_list *l, size_t from, size_t to, enum pn_edge_kind kind,
                      size_t ref, size_t sub, double w, bool directed)
{
    pn_xgrow((void **)&l->e, &l->cap, l->n + 1, sizeof *l->e);
    l->e[l->n++] = (struct pn_edge){from, to, kind, ref, sub, w, directed};
}

struct arc_list {
    struct arc *a;
    size_t n, cap;
};

static void push_arc(struct arc_list *l, size_t u, size_t v, size_t ref, double w)
{
    pn_xgrow((void **)&l->a, &l->cap, l->n + 1, sizeof *l->a);
    l->a[l->n] = (struct arc){u, v, ref, w};
    l->n++;
}

static int cmp_size(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return a < b ? -1 : a > b;
}

/* Each kept group with two or more distinct institution members, as CSR: the members
 * of group gi (node positions, sorted) are mem[gstart[gi] .. gstart[gi + 1]), its entity
 * gent[gi]. */
struct group_csr {
    size_t n_groups, n_mem;
    size_t *gstart, *gent, *mem;
};

static void group_csr(const struct pn_model *m, const bool *keep, const size_t *entity_node,
                      const struct pn_graph_options *o, struct group_csr *c)
{
    size_t n_groups = 0, n_mem = 0, cap_mem = 0, cap_groups = 0;
    size_t *gstart = NULL, *gent = NULL, *mem = NULL;
    for (size_t g = 0; g < m->n_entities; g++) {
        const struct pn_entity *ge = &m->entities[g];
        if (!is_group(ge) || !keep[g])
            continue;
        size_t first = n_mem;
        for (size_t k = 0; k < ge->n_members; k++) {
            if (!member_kept(m, keep, g, k, o))
                continue;
            size_t node = entity_node[ge->members[k].entity];
            if (node == PN_NONE) /* a group member: not a node of this projection */
                continue;
            pn_xgrow((void **)&mem, &cap_mem, n_mem + 1, sizeof *mem);
            mem[n_mem++] = node;
        }
        if (n_mem - first > 1)
            qsort(mem + first, n_mem - first, sizeof *mem, cmp_size);
        size_t u = first; /* drop members listed twice */
        for (size_t i = first; i < n_mem; i++)
            if (u == first || mem[u - 1] != mem[i])
                mem[u++] = mem[i];
        n_mem = u;
        if (n_mem - first < 2) {
            n_mem = first;
            continue;
        }
        pn_xgrow((void **)&gstart, &cap_groups, n_groups + 2, sizeof *gstart);
        gent = pn_xrealloc(gent, (n_groups + 1) * sizeof *gent);
        gstart[n_groups] = first;
        gent[n_groups] = g;
        n_groups++;
        gstart[n_groups] = n_mem;
    }
    *c = (struct group_csr){n_groups, n_mem, gstart, gent, mem};
}

/* Co-membership edges among institution nodes (projection `institutions`).
 * Accumulated per institution u over its groups (in group order) into a
 * scratch slot per partner v > u: the cost is the number of co-member pairs,
 * with no list of raw pairs to sort. */
static void comember_edges(const struct pn_model *m, const bool *keep, const size_t *entity_node,
                           size_t n_nodes, const struct pn_graph_options *o, struct edge_list *out)
{
    struct group_csr c;
    group_csr(m, keep, entity_node, o, &c);
    size_t n_groups = c.n_groups, n_mem = c.n_mem;
    const size_t *gstart = c.gstart, *gent = c.gent, *mem = c.mem;
    if (n_groups == 0)
        goto out;
    /* groups of each institution, in group order (counting sort) */
    size_t *istart = pn_xcalloc(n_nodes + 2, sizeof *istart);
    size_t *igrp = pn_xmalloc((n_mem + 1) * sizeof *igrp);
    size_t *pos = pn_xmalloc((n_mem + 1) * sizeof *pos); /* index of u within the group */
    for (size_t i = 0; i < n_mem; i++)
        istart[mem[i] + 1]++;
    for (size_t u = 0; u < n_nodes; u++)
        istart[u + 1] += istart[u];
    {
        size_t *fill = pn_xmalloc((n_nodes + 1) * sizeof *fill);
        memcpy(fill, istart, (n_nodes + 1) * sizeof *fill);
        for (size_t gi = 0; gi < n_groups; gi++)
            for (size_t i = gstart[gi]; i < gstart[gi + 1]; i++) {
                pos[fill[mem[i]]] = i;
                igrp[fill[mem[i]]++] = gi;
            }
        free(fill);
    }
    size_t *slot = pn_xmalloc((n_nodes + 1) * sizeof *slot);
    struct arc *row = NULL;
    size_t cap_row = 0;
    for (size_t v = 0; v < n_nodes; v++)
        slot[v] = PN_NONE;
    for (size_t u = 0; u < n_nodes; u++) {
        size_t k = 0;
        for (size_t x = istart[u]; x < istart[u + 1]; x++) {
            size_t gi = igrp[x];
            size_t n = gstart[gi + 1] - gstart[gi];
            double w = o->proj_weight == PN_PROJW_NEWMAN ? 1.0 / (double)(n - 1) : 1.0;
            /* members are sorted: those after u's own position are > u */
            for (size_t i = pos[x] + 1; i < gstart[gi + 1]; i++) {
                size_t v = mem[i];
                if (slot[v] == PN_NONE) {
                    pn_xgrow((void **)&row, &cap_row, k + 1, sizeof *row);
                    slot[v] = k;
                    row[k++] = (struct arc){u, v, gent[gi], w};
                } else {
                    struct arc *y = &row[slot[v]];
                    y->w += w;
                    if (y->ref != gent[gi])
                        y->ref = PN_NONE;
                }
            }
        }
        for (size_t i = 0; i < k; i++)
            slot[row[i].v] = PN_NONE;
        if (k > 1)
            qsort(row, k, sizeof *row, cmp_arc_v);
        for (size_t i = 0; i < k; i++)
            push_edge(out, u, row[i].v, PN_EDGE_COMEMBER, row[i].ref, PN_NONE, row[i].w, false);
    }
    free(row);
    free(slot);
    free(pos);
    free(igrp);
    free(istart);
out:
    free(c.gent);
    free(c.gstart);
    free(c.mem);
}

struct membership {
    size_t member; /* entity */
    size_t group;  /* node */
};

static int cmp_membership(const void *pa, const void *pb)
{
    const struct membership *a = pa, *b = pb;
    if (a->member != b->member)
        return a->member < b->member ? -1 : 1;
    return a->group < b->group ? -1 : a->group > b->group;
}

/* Overlap edges among group nodes (projection `groups`). */
static void overlap_edges(const struct pn_model *m, const bool *keep, const size_t *entity_node,
                          size_t n_nodes, const struct pn_graph_options *o, struct edge_list *out)
{
    struct membership *ms = NULL;
    size_t n = 0, cap = 0;
    for (size_t g = 0; g < m->n_entities; g++) {
        const struct pn_entity *ge = &m->entities[g];
        if (!is_group(ge) || entity_node[g] == PN_NONE)
            continue;
        for (size_t k = 0; k < ge->n_members; k++) {
            if (!member_kept(m, keep, g, k, o))
                continue;
            pn_xgrow((void **)&ms, &cap, n + 1, sizeof *ms);
            ms[n++] = (struct membership){ge->members[k].entity, entity_node[g]};
        }
    }
    if (n > 1)
        qsort(ms, n, sizeof *ms, cmp_membership);
    {
        size_t u = 0; /* a member listed twice in one group counts once */
        for (size_t i = 0; i < n; i++)
            if (u == 0 || ms[u - 1].member != ms[i].member || ms[u - 1].group != ms[i].group)
                ms[u++] = ms[i];
        n = u;
    }
    struct arc_list pairs = {0};
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && ms[j].member == ms[i].member)
            j++;
        for (size_t x = i; x < j; x++)
            for (size_t y = x + 1; y < j; y++)
                if (ms[x].group != ms[y].group)
                    push_arc(&pairs, ms[x].group, ms[y].group, PN_NONE, 1.0);
        i = j;
    }
    size_t k = merge_arcs(pairs.a, pairs.n, n_nodes);
    for (size_t i = 0; i < k; i++)
        push_edge(out, pairs.a[i].u, pairs.a[i].v, PN_EDGE_OVERLAP, PN_NONE, PN_NONE, pairs.a[i].w,
                  false);
    free(ms);
    free(pairs.a);
}

static void build_view(struct pn_graph *pg, const bool *keep)
{
    const struct pn_model *m = pg->model;
    const struct pn_graph_options *o = &pg->opts;
    struct pn_view *v = &pg->view;
    v->n_entities = m->n_entities;
    v->entity_node = pn_xmalloc((m->n_entities + 1) * sizeof *v->entity_node);
    v->node_entity = pn_xmalloc((m->n_entities + 1) * sizeof *v->node_entity);
    v->n_nodes = 0;
    v->focus = PN_NONE;
    for (size_t i = 0; i < m->n_entities; i++) {
        const struct pn_entity *e = &m->entities[i];
        bool node = keep[i];
        if (o->projection == PN_PROJ_INSTITUTIONS)
            node = node && !is_group(e);
        else if (o->projection == PN_PROJ_GROUPS)
            node = node && is_group(e);
        v->entity_node[i] = node ? v->n_nodes : PN_NONE;
        if (node)
            v->node_entity[v->n_nodes++] = i;
    }

    struct edge_list el = {0};
    const size_t *en = v->entity_node;
    if (o->projection != PN_PROJ_GROUPS) {
        for (size_t t = 0; t < m->n_ties; t++) {
            const struct pn_tie *tie = &m->ties[t];
            if (!tie_kept(m, keep, t, o) || en[tie->ia] == PN_NONE || en[tie->ib] == PN_NONE)
                continue;
            push_edge(&el, en[tie->ia], en[tie->ib], PN_EDGE_TIE, t, PN_NONE, tie->weight,
                      tie->directed);
        }
    }
    if (o->projection == PN_PROJ_NONE) {
        /* a member listed twice (left and rejoined: disjoint periods) is one
         * membership edge, its first kept listing: rejoining is not a
         * stronger tie */
        size_t *seen = pn_xmalloc((m->n_entities + 1) * sizeof *seen);
        for (size_t i = 0; i < m->n_entities; i++)
            seen[i] = PN_NONE;
        for (size_t g = 0; g < m->n_entities; g++) {
            const struct pn_entity *ge = &m->entities[g];
            if (!is_group(ge) || en[g] == PN_NONE)
                continue;
            for (size_t k = 0; k < ge->n_members; k++) {
                size_t e = ge->members[k].entity;
                if (!member_kept(m, keep, g, k, o) || seen[e] == g)
                    continue;
                seen[e] = g;
                push_edge(&el, en[e], en[g], PN_EDGE_MEMBER, g, k, 1.0, false);
            }
        }
        free(seen);
    } else if (o->projection == PN_PROJ_INSTITUTIONS) {
        comember_edges(m, keep, en, v->n_nodes, o, &el);
    } else {
        overlap_edges(m, keep, en, v->n_nodes, o, &el);
    }
    if (o->projection != PN_PROJ_GROUPS) {
        for (size_t i = 0; i < m->n_entities; i++) {
            size_t p = m->entities[i].parent_index;
            if (p == PN_NONE || p >= m->n_entities || p == i || en[i] == PN_NONE ||
                en[p] == PN_NONE)
                continue;
            push_edge(&el, en[i], en[p], PN_EDGE_PART_OF, i, PN_NONE, 1.0, false);
        }
    }
    v->edges = el.e;
    v->n_edges = el.n;
}

/* Restrict the view to nodes with in[node] set, keeping node order. */
static void restrict_view(struct pn_view *v, const bool *in)
{
    size_t *newpos = pn_xmalloc((v->n_nodes + 1) * sizeof *newpos);
    size_t n = 0;
    for (size_t i = 0; i < v->n_nodes; i++) {
        newpos[i] = in[i] ? n : PN_NONE;
        if (in[i])
            v->node_entity[n++] = v->node_entity[i];
    }
    for (size_t e = 0; e < v->n_entities; e++)
        if (v->entity_node[e] != PN_NONE)
            v->entity_node[e] = newpos[v->entity_node[e]];
    size_t k = 0;
    for (size_t i = 0; i < v->n_edges; i++) {
        struct pn_edge ed = v->edges[i];
        if (newpos[ed.from] == PN_NONE || newpos[ed.to] == PN_NONE)
            continue;
        ed.from = newpos[ed.from];
        ed.to = newpos[ed.to];
        v->edges[k++] = ed;
    }
    if (v->focus != PN_NONE)
        v->focus = newpos[v->focus];
    v->n_nodes = n;
    v->n_edges = k;
    free(newpos);
}

/* --focus/--radius: keep the nodes within radius steps of the focus (edges
 * taken both ways), then rebuild the igraph graphs on the induced view. */
static enum pn_status apply_focus(struct pn_graph *pg, struct pn_diag *d)
{
    const struct pn_model *m = pg->model;
    const struct pn_graph_options *o = &pg->opts;
    const struct pn_loc *loc = NULL;
    if (m->focus != NULL && strcmp(m->focus, o->focus) == 0)
        loc = &m->loc_focus;
    size_t fe = pn_model_find(m, o->focus);
    if (fe == PN_NONE) {
        const char *near = pn_model_closest_id(m, o->focus);
        if (near != NULL)
            pn_diag_error(d, loc, "unknown focus id '%s' (did you mean '%s'?)", o->focus, near);
        else
            pn_diag_error(d, loc, "unknown focus id '%s'", o->focus);
        return PN_EINPUT;
    }
    size_t fnode = pg->view.entity_node[fe];
    if (fnode == PN_NONE) {
        pn_diag_error(d, loc,
                      "focus '%s' is not in the analysed network (removed by --at, --theme or "
                      "--projection)",
                      o->focus);
        return PN_EINPUT;
    }
    pg->view.focus = fnode;
    int radius = o->radius >= 1 ? o->radius : 1;

    enum pn_status st = PN_EIO;
    igraph_vector_int_list_t res;
    bool res_ok = false;
    bool *in = pn_xcalloc(pg->view.n_nodes + 1, sizeof *in);
    pn_graph_error_reset();
    if (igraph_vector_int_list_init(&res, 0) != IGRAPH_SUCCESS) {
        st = pn_graph_igraph_fail(d, "ego network");
        goto out;
    }
    res_ok = true;
    if (igraph_neighborhood(&pg->ug, &res, igraph_vss_1((igraph_integer_t)fnode),
                            (igraph_integer_t)radius, IGRAPH_ALL, 0) != IGRAPH_SUCCESS) {
        st = pn_graph_igraph_fail(d, "ego network");
        goto out;
    }
    const igraph_vector_int_t *nb = igraph_vector_int_list_get_ptr(&res, 0);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(nb); i++)
        in[VECTOR(*nb)[i]] = true;
    restrict_view(&pg->view, in);
    destroy_igraphs(pg);
    st = build_igraphs(pg, d);
out:
    if (res_ok)
        igraph_vector_int_list_destroy(&res);
    free(in);
    return st;
}

enum pn_status pn_graph_build(const struct pn_model *m, const struct pn_graph_options *o,
                              struct pn_graph **out, struct pn_diag *d)
{
    *out = NULL;
    pn_graph_lib_init(); /* idempotent: never run igraph with its aborting handler */
    struct pn_graph *pg = pn_xcalloc(1, sizeof *pg);
    pg->model = m;
    pg->opts = *o;
    enum pn_status st = PN_OK;
    size_t undated = 0;
    bool *keep = keep_entities(m, o, &undated);
    build_view(pg, keep);
    pg->view.n_undated_left_out = undated;
    free(keep);
    if (pg->view.n_nodes == 0 && m->n_entities > 0 &&
        (o->at_year != PN_YEAR_UNSET || o->n_themes > 0 || o->projection != PN_PROJ_NONE)) {
        pn_diag_error(d, NULL, "no node is left after the --at, --theme and --projection filters");
        st = PN_EINPUT;
        goto out;
    }
    pn_graph_set_warning_diag(d);
    pn_graph_error_reset();
    st = build_igraphs(pg, d);
    if (st == PN_OK && o->focus != NULL)
        st = apply_focus(pg, d);
    pn_graph_set_warning_diag(NULL);
out:
    if (st != PN_OK) {
        pn_graph_free(pg);
        return st;
    }
    *out = pg;
    return PN_OK;
}

bool pn_graph_dominators(const struct pn_graph *g, size_t f, igraph_vector_int_t *dom)
{
    igraph_t h;
    if (igraph_copy(&h, &g->ug) != IGRAPH_SUCCESS)
        return false;
    bool ok = igraph_to_directed(&h, IGRAPH_TO_DIRECTED_MUTUAL) == IGRAPH_SUCCESS &&
              igraph_dominator_tree(&h, (igraph_integer_t)f, dom, NULL, NULL, IGRAPH_OUT) ==
                  IGRAPH_SUCCESS;
    igraph_destroy(&h);
    return ok;
}
