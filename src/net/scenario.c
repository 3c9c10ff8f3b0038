/*
 * scenario: what-if removals, single points of failure, evolution over the
 * years and theme leaders, computed by building derived networks (a model
 * without some entities, one filtered per year or theme) through graph and
 * analysis. Includes <igraph.h> (through graph_int.h) only for components and
 * global efficiency, which pn_metrics does not carry. Must not print.
 */
#include "net/scenario.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/resources.h"
#include "base/seed.h"
#include "net/graph_int.h"
#include "net/removals.h"

/* ---- ranks ------------------------------------------------------------------- */

struct ranked {
    double v;
    size_t i;
};

static int cmp_desc(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v > b->v ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static bool close_enough(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b)) + 1e-12;
}

void pn_scenario_ranks(const double *v, size_t n, bool higher_first, size_t *rank)
{
    struct ranked *r = pn_xmalloc((n + 1) * sizeof *r);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        rank[i] = 0;
        if (isfinite(v[i]))
            r[k++] = (struct ranked){higher_first ? v[i] : -v[i], i};
    }
    if (k > 1)
        qsort(r, k, sizeof *r, cmp_desc);
    for (size_t j = 0; j < k; j++) {
        if (j > 0 && close_enough(r[j].v, r[j - 1].v))
            rank[r[j].i] = rank[r[j - 1].i];
        else
            rank[r[j].i] = j + 1;
    }
    free(r);
}

/* ---- removal ------------------------------------------------------------------- */

void pn_scenario_model_without(const struct pn_model *m, const bool *drop, struct pn_model *out,
                               size_t **orig)
{
    *out = *m; /* borrowed: strings, sources, themes, meta, files */
    size_t *newpos = pn_xmalloc((m->n_entities + 1) * sizeof *newpos);
    size_t *back = pn_xmalloc((m->n_entities + 1) * sizeof *back);
    size_t n = 0;
    for (size_t i = 0; i < m->n_entities; i++) {
        newpos[i] = drop[i] ? PN_NONE : n;
        if (!drop[i])
            back[n++] = i;
    }
    out->entities = pn_xcalloc(n + 1, sizeof *out->entities);
    out->n_entities = out->cap_entities = n;
    for (size_t k = 0; k < n; k++) {
        struct pn_entity *e = &out->entities[k];
        *e = m->entities[back[k]];
        if (e->parent_index != PN_NONE && e->parent_index < m->n_entities)
            e->parent_index = newpos[e->parent_index];
        e->members = NULL;
        e->n_members = 0;
        const struct pn_entity *src = &m->entities[back[k]];
        if (src->n_members > 0) {
            e->members = pn_xcalloc(src->n_members, sizeof *e->members);
            for (size_t j = 0; j < src->n_members; j++) {
                struct pn_member mb = src->members[j];
                if (mb.entity == PN_NONE || mb.entity >= m->n_entities ||
                    newpos[mb.entity] == PN_NONE)
                    continue;
                mb.entity = newpos[mb.entity];
                e->members[e->n_members++] = mb;
            }
        }
    }
    out->ties = pn_xcalloc(m->n_ties + 1, sizeof *out->ties);
    out->n_ties = 0;
    for (size_t t = 0; t < m->n_ties; t++) {
        struct pn_tie tie = m->ties[t];
        if (tie.ia == PN_NONE || tie.ib == PN_NONE || tie.ia >= m->n_entities ||
            tie.ib >= m->n_entities || newpos[tie.ia] == PN_NONE || newpos[tie.ib] == PN_NONE)
            continue;
        tie.ia = newpos[tie.ia];
        tie.ib = newpos[tie.ib];
        out->ties[out->n_ties++] = tie;
    }
    out->cap_ties = out->n_ties;
    memset(&out->index, 0, sizeof out->index);
    memset(&out->source_index, 0, sizeof out->source_index);
    memset(&out->theme_index, 0, sizeof out->theme_index);
    pn_model_index_rebuild(out);
    free(newpos);
    if (orig != NULL)
        *orig = back;
    else
        free(back);
}

void pn_scenario_model_free(struct pn_model *shadow)
{
    if (shadow == NULL)
        return;
    for (size_t i = 0; i < shadow->n_entities; i++)
        free(shadow->entities[i].members);
    free(shadow->entities);
    free(shadow->ties);
    free(shadow->index.slots);
    free(shadow->source_index.slots);
    free(shadow->theme_index.slots);
    memset(shadow, 0, sizeof *shadow);
}

/* ---- efficiency and components --------------------------------------------------- */

enum pn_status pn_scenario_efficiency(const struct pn_graph *g, double *out, struct pn_diag *d)
{
    *out = 0;
    if (!g->ug_ok || !g->uw_ok) {
        pn_diag_error(d, NULL, "igraph: global efficiency: the graph was not built");
        return PN_EIO;
    }
    if (igraph_vcount(&g->ug) < 2)
        return PN_OK; /* as NetworkX: no pair, efficiency 0 */
    enum pn_status st = PN_EIO;
    igraph_vector_t dist;
    bool dist_ok = false;
    pn_graph_error_reset();
    igraph_integer_t ne = igraph_vector_size(&g->uw);
    if (ne != igraph_ecount(&g->ug)) {
        pn_diag_error(d, NULL, "igraph: global efficiency: weight count differs from edge count");
        return PN_EIO;
    }
    if (igraph_vector_init(&dist, ne) != IGRAPH_SUCCESS)
        goto fail;
    dist_ok = true;
    for (igraph_integer_t i = 0; i < ne; i++) {
        double w = VECTOR(g->uw)[i];
        if (!isfinite(w) || !(w > 0)) {
            pn_diag_error(d, NULL, "igraph: global efficiency: weight %g is not > 0", w);
            goto out;
        }
        VECTOR(dist)[i] = 1.0 / w; /* weights are strengths; paths need lengths */
    }
    /* all weights equal to c: every distance is hops / c, so E = c * E(hops),
     * and igraph can use breadth-first search instead of Dijkstra */
    double c = ne > 0 ? VECTOR(g->uw)[0] : 1;
    bool equal = true;
    for (igraph_integer_t i = 1; i < ne && equal; i++)
        equal = VECTOR(g->uw)[i] == c;
    igraph_real_t res = 0;
    if (igraph_global_efficiency(&g->ug, &res, equal ? NULL : &dist, false) != IGRAPH_SUCCESS)
        goto fail;
    *out = equal ? c * res : res;
    st = PN_OK;
    goto out;
fail:
    st = pn_graph_igraph_fail(d, "global efficiency");
out:
    if (dist_ok)
        igraph_vector_destroy(&dist);
    return st;
}

/* One built network with its components. g NULL: the network is empty. */
struct snap {
    struct pn_graph *g;
    size_t n;     /* view nodes */
    size_t *comp; /* component of each view node */
    size_t *csize;
    size_t n_comp;
    size_t largest; /* component index, PN_NONE when empty */
    size_t edges;
    double eff;
};

static void snap_free(struct snap *s)
{
    pn_graph_free(s->g);
    free(s->comp);
    free(s->csize);
    memset(s, 0, sizeof *s);
}

/* Copy the messages of a scratch diag into d (as errors). */
static void copy_diag(struct pn_diag *d, const struct pn_diag *from)
{
    for (size_t i = 0; i < from->n_msgs; i++) {
        const struct pn_diag_msg *x = &from->msgs[i];
        struct pn_loc loc = {x->file, x->line, x->col};
        if (x->sev == PN_SEV_ERROR)
            pn_diag_error(d, x->file ? &loc : NULL, "%s", x->text);
        else
            pn_diag_warning(d, x->file ? &loc : NULL, "%s", x->text);
    }
}

/* Build m under go into s. allow_empty: a build that fails for want of nodes
 * (PN_EINPUT) gives an empty network instead of an error. */
static enum pn_status snap_take(const struct pn_model *m, const struct pn_graph_options *go,
                                bool allow_empty, bool efficiency, struct snap *s,
                                struct pn_diag *d)
{
    memset(s, 0, sizeof *s);
    s->largest = PN_NONE;
    struct pn_diag scratch;
    pn_diag_init(&scratch);
    enum pn_status st = pn_graph_build(m, go, &s->g, &scratch);
    if (st == PN_EINPUT && allow_empty) {
        pn_diag_destroy(&scratch);
        s->g = NULL;
        return PN_OK;
    }
    copy_diag(d, &scratch);
    pn_diag_destroy(&scratch);
    if (st != PN_OK)
        return st;

    const struct pn_graph *g = s->g;
    s->n = g->view.n_nodes;
    s->comp = pn_xcalloc(s->n + 1, sizeof *s->comp);
    s->csize = pn_xcalloc(s->n + 1, sizeof *s->csize);
    s->edges = (size_t)igraph_ecount(&g->ug);
    igraph_vector_int_t memb, csize;
    bool memb_ok = false, csize_ok = false;
    igraph_integer_t no = 0;
    st = PN_EIO;
    pn_graph_error_reset();
    if (igraph_vector_int_init(&memb, 0) != IGRAPH_SUCCESS)
        goto fail;
    memb_ok = true;
    if (igraph_vector_int_init(&csize, 0) != IGRAPH_SUCCESS)
        goto fail;
    csize_ok = true;
    if (igraph_connected_components(&g->ug, &memb, &csize, &no, IGRAPH_WEAK) != IGRAPH_SUCCESS)
        goto fail;
    s->n_comp = (size_t)no;
    for (size_t i = 0; i < s->n; i++)
        s->comp[i] = (size_t)VECTOR(memb)[i];
    for (size_t c = 0; c < s->n_comp; c++) {
        s->csize[c] = (size_t)VECTOR(csize)[c];
        /* first of the largest (the one holding the smallest node), as analysis */
        if (s->largest == PN_NONE || s->csize[c] > s->csize[s->largest])
            s->largest = c;
    }
    st = efficiency ? pn_scenario_efficiency(g, &s->eff, d) : PN_OK;
    goto out;
fail:
    st = pn_graph_igraph_fail(d, "components");
out:
    if (csize_ok)
        igraph_vector_int_destroy(&csize);
    if (memb_ok)
        igraph_vector_int_destroy(&memb);
    return st;
}

/* View node of model entity e in s, or PN_NONE. */
static size_t snap_node(const struct snap *s, size_t e)
{
    if (s->g == NULL || e == PN_NONE || e >= s->g->view.n_entities)
        return PN_NONE;
    return s->g->view.entity_node[e];
}

/* The component whose members count as reached: the focus's, or the largest. */
static size_t reach_comp(const struct snap *s, size_t focus_node)
{
    if (focus_node != PN_NONE)
        return s->comp[focus_node];
    return s->largest;
}

/* Number of nodes reached (the focus itself excluded). */
static size_t reach_count(const struct snap *s, size_t focus_node)
{
    size_t c = reach_comp(s, focus_node);
    if (c == PN_NONE)
        return 0;
    return s->csize[c] - (focus_node != PN_NONE ? 1 : 0);
}

static void figures(const struct snap *s, size_t focus_node, struct pn_net_figures *f)
{
    memset(f, 0, sizeof *f);
    f->nodes = s->n;
    f->edges = s->edges;
    f->components = s->n_comp;
    f->largest = s->largest != PN_NONE ? s->csize[s->largest] : 0;
    f->reach = reach_count(s, focus_node);
    f->efficiency = s->eff;
}

/* Resolve ids into drop[]; every unknown id is an error with a suggestion. */
static enum pn_status resolve_ids(const struct pn_model *m, const char *const *ids, size_t n,
                                  const char *what, bool *drop, size_t *idx, struct pn_diag *d)
{
    enum pn_status st = PN_OK;
    for (size_t i = 0; i < n; i++) {
        size_t e = pn_model_find(m, ids[i]);
        if (e == PN_NONE) {
            const char *near = pn_model_closest_id(m, ids[i]);
            if (near != NULL)
                pn_diag_error(d, NULL, "unknown id '%s' in %s (did you mean '%s'?)", ids[i], what,
                              near);
            else
                pn_diag_error(d, NULL, "unknown id '%s' in %s", ids[i], what);
            st = PN_EINPUT;
            continue;
        }
        if (drop != NULL)
            drop[e] = true;
        if (idx != NULL)
            idx[i] = e;
    }
    return st;
}

/* qsort has no context argument: entity indices are sorted by id through a
 * static (set and cleared around each sort). */
static const struct pn_model *sort_model;

static int cmp_by_id(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return strcmp(sort_model->entities[a].id, sort_model->entities[b].id);
}

static void sort_by_id(const struct pn_model *m, size_t *idx, size_t n)
{
    sort_model = m;
    if (n > 1)
        qsort(idx, n, sizeof *idx, cmp_by_id);
    sort_model = NULL;
}

/* The focus entity for reach: unknown id or not in the network -> error. */
static enum pn_status find_focus(const struct pn_model *m, const char *focus, const struct snap *s,
                                 size_t *fe, size_t *fnode, struct pn_diag *d)
{
    *fe = PN_NONE;
    *fnode = PN_NONE;
    if (focus == NULL)
        return PN_OK;
    enum pn_status st = resolve_ids(m, &focus, 1, "--focus", NULL, fe, d);
    if (st != PN_OK)
        return st;
    *fnode = snap_node(s, *fe);
    if (*fnode == PN_NONE) {
        pn_diag_error(d, NULL,
                      "focus '%s' is not in the analysed network (removed by --at, --theme or "
                      "--projection)",
                      focus);
        return PN_EINPUT;
    }
    return PN_OK;
}

/* ---- whatif ---------------------------------------------------------------------- */

const enum pn_metric pn_whatif_metrics[PN_WHATIF_N_METRICS] = {PN_M_BETWEENNESS, PN_M_PAGERANK,
                                                               PN_M_HARMONIC};

void pn_whatif_result_destroy(struct pn_whatif_result *r)
{
    if (r == NULL)
        return;
    free(r->removed);
    free(r->nodes);
    memset(r, 0, sizeof *r);
}

/* ranks[k] = ranks of metric pn_whatif_metrics[k] over the view nodes. */
static void whatif_ranks(const struct pn_metrics *mx, size_t n, size_t **ranks)
{
    for (int k = 0; k < PN_WHATIF_N_METRICS; k++) {
        ranks[k] = pn_xcalloc(n + 1, sizeof **ranks);
        if (mx != NULL && n > 0) {
            enum pn_metric me = pn_whatif_metrics[k];
            pn_scenario_ranks(mx->v[me], n, pn_metric_info[me].higher_is_central, ranks[k]);
        }
    }
}

/* Resolve --remove into drop[] and out->removed, repeated ids kept once (the first
 * mention). */
static enum pn_status whatif_removed(const struct pn_model *m, const struct pn_whatif_options *wo,
                                     bool *drop, struct pn_whatif_result *out, struct pn_diag *d)
{
    out->removed = pn_xcalloc(wo->n_remove + 1, sizeof *out->removed);
    enum pn_status st = resolve_ids(m, wo->remove, wo->n_remove, "--remove", drop, out->removed, d);
    if (st != PN_OK)
        return st;
    for (size_t i = 0; i < wo->n_remove; i++) {
        bool seen = false;
        for (size_t j = 0; j < out->n_removed; j++)
            seen |= out->removed[j] == out->removed[i];
        if (!seen)
            out->removed[out->n_removed++] = out->removed[i];
    }
    return PN_OK;
}

/* Both sides of a what-if: the network and its metrics before and after the removal,
 * the focus on each side, and the map from model entity to shadow-model entity. */
struct whatif_sides {
    struct snap before, after;
    struct pn_metrics mb, ma;
    bool ma_ok;
    size_t fb, fa;     /* focus node before / after, PN_NONE */
    size_t *shadow_of; /* model entity -> shadow entity, PN_NONE when removed */
};

/* The network before: its snapshot, the focus (which must not be removed), a warning per
 * removed id it does not hold, its metrics. */
static enum pn_status whatif_before(const struct pn_model *m, const struct pn_graph_options *go,
                                    const struct pn_analysis_options *ao,
                                    const struct pn_whatif_options *wo, const bool *drop,
                                    struct pn_whatif_result *out, struct whatif_sides *w,
                                    struct pn_diag *d)
{
    enum pn_status st;
    if ((st = snap_take(m, go, false, true, &w->before, d)) != PN_OK)
        return st;
    size_t fe;
    if ((st = find_focus(m, wo->focus, &w->before, &fe, &w->fb, d)) != PN_OK)
        return st;
    out->focus = fe;
    if (fe != PN_NONE && drop[fe]) {
        pn_diag_error(d, NULL, "the focus '%s' cannot be removed: its reach is what is measured",
                      wo->focus);
        return PN_EINPUT;
    }
    for (size_t i = 0; i < out->n_removed; i++)
        if (snap_node(&w->before, out->removed[i]) == PN_NONE)
            pn_diag_warning(d, NULL,
                            "'%s' is not in the analysed network; removing it changes nothing",
                            m->entities[out->removed[i]].id);
    return pn_analysis_run(w->before.g, ao, &w->mb, d);
}

/* The network after: the model without the dropped entities (shadow), its snapshot and,
 * when it still has nodes, its metrics. */
static enum pn_status whatif_after(const struct pn_model *m, const struct pn_graph_options *go,
                                   const struct pn_analysis_options *ao, const bool *drop,
                                   size_t fe, struct pn_model *shadow, size_t **orig,
                                   struct whatif_sides *w, struct pn_diag *d)
{
    enum pn_status st;
    pn_scenario_model_without(m, drop, shadow, orig);
    w->shadow_of = pn_xmalloc((m->n_entities + 1) * sizeof *w->shadow_of);
    for (size_t i = 0; i < m->n_entities; i++)
        w->shadow_of[i] = PN_NONE;
    for (size_t i = 0; i < shadow->n_entities; i++)
        w->shadow_of[(*orig)[i]] = i;
    if ((st = snap_take(shadow, go, true, true, &w->after, d)) != PN_OK)
        return st;
    w->fa = fe != PN_NONE ? snap_node(&w->after, w->shadow_of[fe]) : PN_NONE;
    if (w->after.g != NULL && w->after.n > 0) {
        if ((st = pn_analysis_run(w->after.g, ao, &w->ma, d)) != PN_OK)
            return st;
        w->ma_ok = true;
    }
    return PN_OK;
}

/* One row per node before, sorted by id: removed, reach before/after, each what-if
 * metric's value and rank on both sides; counts the nodes cut off. */
static void whatif_nodes(const struct pn_model *m, const bool *drop, const struct whatif_sides *w,
                         struct pn_whatif_result *out)
{
    const struct snap *before = &w->before, *after = &w->after;
    size_t *rb[PN_WHATIF_N_METRICS] = {0}, *ra[PN_WHATIF_N_METRICS] = {0};
    size_t fe = out->focus;
    whatif_ranks(&w->mb, before->n, rb);
    whatif_ranks(w->ma_ok ? &w->ma : NULL, after->n, ra);
    out->n_nodes = before->n;
    out->nodes = pn_xcalloc(before->n + 1, sizeof *out->nodes);
    size_t rc_b = reach_comp(before, w->fb);
    size_t rc_a = after->g != NULL && (fe == PN_NONE || w->fa != PN_NONE)
                      ? reach_comp(after, w->fa)
                      : PN_NONE;
    size_t *order = pn_xmalloc((before->n + 1) * sizeof *order);
    for (size_t i = 0; i < before->n; i++)
        order[i] = before->g->view.node_entity[i];
    sort_by_id(m, order, before->n);
    for (size_t i = 0; i < before->n; i++) {
        struct pn_whatif_node *x = &out->nodes[i];
        size_t e = order[i];
        size_t b = snap_node(before, e);
        size_t a = snap_node(after, w->shadow_of[e]);
        x->entity = e;
        x->removed = drop[e];
        x->reach_before = before->comp[b] == rc_b && b != w->fb;
        x->reach_after = a != PN_NONE && rc_a != PN_NONE && after->comp[a] == rc_a && a != w->fa;
        for (int k = 0; k < PN_WHATIF_N_METRICS; k++) {
            enum pn_metric me = pn_whatif_metrics[k];
            x->value[k][0] = w->mb.v[me][b];
            x->rank[k][0] = rb[k][b];
            x->value[k][1] = a != PN_NONE && w->ma_ok ? w->ma.v[me][a] : NAN;
            x->rank[k][1] = a != PN_NONE ? ra[k][a] : 0;
        }
        if (x->reach_before && !x->reach_after && !x->removed)
            out->n_lost++;
    }
    free(order);
    for (int k = 0; k < PN_WHATIF_N_METRICS; k++) {
        free(rb[k]);
        free(ra[k]);
    }
}

enum pn_status pn_scenario_whatif(const struct pn_model *m, const struct pn_graph_options *go,
                                  const struct pn_analysis_options *ao,
                                  const struct pn_whatif_options *wo, struct pn_whatif_result *out,
                                  struct pn_diag *d)
{
    memset(out, 0, sizeof *out);
    out->focus = PN_NONE;
    out->top = wo->top > 0 ? wo->top : 10;
    struct whatif_sides w;
    memset(&w, 0, sizeof w);
    w.fb = w.fa = PN_NONE;
    struct pn_model shadow;
    memset(&shadow, 0, sizeof shadow);
    size_t *orig = NULL;
    bool *drop = pn_xcalloc(m->n_entities + 1, sizeof *drop);
    enum pn_status st;

    if (go->focus != NULL) {
        pn_diag_error(d, NULL, "whatif: the graph options must not carry a focus");
        st = PN_EUSAGE;
        goto out;
    }
    if ((st = whatif_removed(m, wo, drop, out, d)) != PN_OK ||
        (st = whatif_before(m, go, ao, wo, drop, out, &w, d)) != PN_OK ||
        (st = whatif_after(m, go, ao, drop, out->focus, &shadow, &orig, &w, d)) != PN_OK)
        goto out;
    figures(&w.before, w.fb, &out->before);
    figures(&w.after, w.fa, &out->after);
    if (out->focus != PN_NONE && w.fa == PN_NONE) /* the focus left the network with its ties */
        out->after.reach = 0;
    whatif_nodes(m, drop, &w, out);
    st = PN_OK;
out:
    pn_metrics_destroy(&w.ma);
    pn_metrics_destroy(&w.mb);
    snap_free(&w.after);
    snap_free(&w.before);
    pn_scenario_model_free(&shadow);
    free(w.shadow_of);
    free(orig);
    free(drop);
    if (st != PN_OK)
        pn_whatif_result_destroy(out);
    return st;
}

static void figures_json(struct pn_strbuf *sb, const struct pn_net_figures *f)
{
    pn_strbuf_appendf(sb,
                      "{\"nodes\": %zu, \"edges\": %zu, \"components\": %zu, "
                      "\"largest_component\": %zu, \"reach\": %zu, \"efficiency\": ",
                      f->nodes, f->edges, f->components, f->largest, f->reach);
    if (isfinite(f->efficiency))
        pn_strbuf_append_real(sb, f->efficiency);
    else
        pn_strbuf_append(sb, "null");
    pn_strbuf_append(sb, "}");
}

static void figure_row(struct pn_table *t, const char *name, double b, double a, bool real)
{
    size_t r = pn_table_row(t);
    pn_table_text(t, r, 0, name);
    if (real) {
        pn_table_real(t, r, 1, b);
        pn_table_real(t, r, 2, a);
        pn_table_real(t, r, 3, a - b);
    } else {
        pn_table_int(t, r, 1, (long long)b);
        pn_table_int(t, r, 2, (long long)a);
        pn_table_int(t, r, 3, (long long)a - (long long)b);
    }
}

static void entity_cells(struct pn_table *t, size_t r, size_t c0, const struct pn_entity *e)
{
    pn_table_text(t, r, c0, e->id);
    pn_table_text(t, r, c0 + 1, e->name);
    pn_table_text(t, r, c0 + 2, pn_kind_name(e->kind));
}

/* Rank rows: for each metric, the nodes in the top rows before or after. */
static void whatif_rank_table(struct pn_table *t, const struct pn_model *m,
                              const struct pn_whatif_result *r)
{
    static const char *const cols[] = {"metric", "id",     "name",  "rank_before", "rank_after",
                                       "change", "before", "after", NULL};
    pn_table_init(t, NULL, cols);
    size_t top = (size_t)r->top;
    size_t *sel = pn_xmalloc((r->n_nodes + 1) * sizeof *sel);
    for (int k = 0; k < PN_WHATIF_N_METRICS; k++) {
        size_t n = 0;
        for (size_t i = 0; i < r->n_nodes; i++) {
            const struct pn_whatif_node *x = &r->nodes[i];
            if ((x->rank[k][0] >= 1 && x->rank[k][0] <= top) ||
                (x->rank[k][1] >= 1 && x->rank[k][1] <= top))
                sel[n++] = i;
        }
        /* by rank before (newcomers last, by rank after); nodes are in id order */
        for (size_t a = 1; a < n; a++) {
            size_t v = sel[a], b = a;
            for (; b > 0; b--) {
                const struct pn_whatif_node *p = &r->nodes[sel[b - 1]], *q = &r->nodes[v];
                size_t pb = p->rank[k][0] ? p->rank[k][0] : SIZE_MAX;
                size_t qb = q->rank[k][0] ? q->rank[k][0] : SIZE_MAX;
                size_t pa = p->rank[k][1] ? p->rank[k][1] : SIZE_MAX;
                size_t qa = q->rank[k][1] ? q->rank[k][1] : SIZE_MAX;
                if (pb < qb || (pb == qb && pa <= qa))
                    break;
                sel[b] = sel[b - 1];
            }
            sel[b] = v;
        }
        for (size_t i = 0; i < n; i++) {
            const struct pn_whatif_node *x = &r->nodes[sel[i]];
            size_t row = pn_table_row(t);
            pn_table_text(t, row, 0, pn_metric_info[pn_whatif_metrics[k]].name);
            pn_table_text(t, row, 1, m->entities[x->entity].id);
            pn_table_text(t, row, 2, m->entities[x->entity].name);
            if (x->rank[k][0])
                pn_table_int(t, row, 3, (long long)x->rank[k][0]);
            if (x->rank[k][1])
                pn_table_int(t, row, 4, (long long)x->rank[k][1]);
            if (x->rank[k][0] && x->rank[k][1])
                pn_table_int(t, row, 5,
                                      (long long)x->rank[k][0] - (long long)x->rank[k][1]);
            pn_table_real(t, row, 6, x->value[k][0]);
            if (x->rank[k][1] || isfinite(x->value[k][1]))
                pn_table_real(t, row, 7, x->value[k][1]);
        }
    }
    free(sel);
}

static void whatif_node_table(struct pn_table *t, const struct pn_model *m,
                              const struct pn_whatif_result *r)
{
    const char *cols[8 + 4 * PN_WHATIF_N_METRICS + 1];
    char *names[4 * PN_WHATIF_N_METRICS];
    size_t nc = 0;
    static const char *const fixed[] = {"id",           "name",        "kind", "removed",
                                        "reach_before", "reach_after", "lost"};
    for (size_t i = 0; i < 7; i++)
        cols[nc++] = fixed[i];
    for (int k = 0; k < PN_WHATIF_N_METRICS; k++) {
        const char *mn = pn_metric_info[pn_whatif_metrics[k]].name;
        names[4 * k] = pn_xasprintf("%s_before", mn);
        names[4 * k + 1] = pn_xasprintf("%s_after", mn);
        names[4 * k + 2] = pn_xasprintf("%s_rank_before", mn);
        names[4 * k + 3] = pn_xasprintf("%s_rank_after", mn);
        for (int j = 0; j < 4; j++)
            cols[nc++] = names[4 * k + j];
    }
    cols[nc] = NULL;
    pn_table_init(t, NULL, cols);
    for (int i = 0; i < 4 * PN_WHATIF_N_METRICS; i++)
        free(names[i]);
    for (size_t i = 0; i < r->n_nodes; i++) {
        const struct pn_whatif_node *x = &r->nodes[i];
        size_t row = pn_table_row(t);
        entity_cells(t, row, 0, &m->entities[x->entity]);
        pn_table_int(t, row, 3, x->removed);
        pn_table_int(t, row, 4, x->reach_before);
        pn_table_int(t, row, 5, x->reach_after);
        pn_table_int(t, row, 6, x->reach_before && !x->reach_after && !x->removed);
        for (int k = 0; k < PN_WHATIF_N_METRICS; k++) {
            size_t c = 7 + 4 * (size_t)k;
            pn_table_real(t, row, c, x->value[k][0]);
            if (x->rank[k][1] || isfinite(x->value[k][1]))
                pn_table_real(t, row, c + 1, x->value[k][1]);
            if (x->rank[k][0])
                pn_table_int(t, row, c + 2, (long long)x->rank[k][0]);
            if (x->rank[k][1])
                pn_table_int(t, row, c + 3, (long long)x->rank[k][1]);
        }
    }
}

/* The nodes cut off by the removal: id, name, kind, country. */
static void whatif_lost_table(struct pn_table *lost, const struct pn_model *m,
                              const struct pn_whatif_result *r)
{
    static const char *const lost_cols[] = {"id", "name", "kind", "country", NULL};
    pn_table_init(lost, NULL, lost_cols);
    for (size_t i = 0; i < r->n_nodes; i++) {
        const struct pn_whatif_node *x = &r->nodes[i];
        if (!(x->reach_before && !x->reach_after && !x->removed))
            continue;
        const struct pn_entity *e = &m->entities[x->entity];
        size_t row = pn_table_row(lost);
        entity_cells(lost, row, 0, e);
        pn_table_text(lost, row, 3, e->country);
    }
}

/* JSON: removed ids, focus, figures before and after, lost nodes, rank changes, nodes. */
static void whatif_json(struct pn_strbuf *sb, const struct pn_model *m,
                        const struct pn_whatif_result *r, const char *focus,
                        const struct pn_table *lost, const struct pn_table *ranks)
{
    struct pn_table t;
    pn_strbuf_append(sb, "{\n  \"removed\": [");
    for (size_t i = 0; i < r->n_removed; i++) {
        pn_strbuf_append(sb, i ? ", " : "");
        pn_strbuf_append_json(sb, m->entities[r->removed[i]].id);
    }
    pn_strbuf_append(sb, "],\n  \"focus\": ");
    if (focus != NULL)
        pn_strbuf_append_json(sb, focus);
    else
        pn_strbuf_append(sb, "null");
    pn_strbuf_append(sb, ",\n  \"before\": ");
    figures_json(sb, &r->before);
    pn_strbuf_append(sb, ",\n  \"after\": ");
    figures_json(sb, &r->after);
    pn_strbuf_appendf(sb, ",\n  \"n_lost\": %zu,\n  \"lost\": ", r->n_lost);
    pn_table_json(sb, lost, 2);
    pn_strbuf_append(sb, ",\n  \"rank_changes\": ");
    pn_table_json(sb, ranks, 2);
    whatif_node_table(&t, m, r);
    pn_strbuf_append(sb, ",\n  \"nodes\": ");
    pn_table_json(sb, &t, 2);
    pn_strbuf_append(sb, "\n}\n");
    pn_table_destroy(&t);
}

/* Text: the question, the figures before and after, the lost nodes, the rank changes. */
static void whatif_text(struct pn_strbuf *sb, const struct pn_model *m,
                        const struct pn_whatif_result *r, const char *focus,
                        const struct pn_table *lost, const struct pn_table *ranks,
                        enum pn_format f)
{
    struct pn_table t;
    pn_strbuf_append(sb, "What if ");
    for (size_t i = 0; i < r->n_removed; i++)
        pn_strbuf_appendf(sb, "%s'%s'",
                          i == 0                 ? ""
                          : i + 1 < r->n_removed ? ", "
                                                 : " and ",
                          m->entities[r->removed[i]].id);
    pn_strbuf_append(sb, " were removed?\n\n");
    static const char *const fig_cols[] = {"figure", "before", "after", "change", NULL};
    pn_table_init(&t, NULL, fig_cols);
    figure_row(&t, "nodes", (double)r->before.nodes, (double)r->after.nodes, false);
    figure_row(&t, "edges", (double)r->before.edges, (double)r->after.edges, false);
    figure_row(&t, "components", (double)r->before.components, (double)r->after.components,
               false);
    figure_row(&t, "largest component", (double)r->before.largest, (double)r->after.largest,
               false);
    char *reach = focus != NULL ? pn_xasprintf("reachable from '%s'", focus)
                                : pn_xstrdup("in the largest component");
    figure_row(&t, reach, (double)r->before.reach, (double)r->after.reach, false);
    free(reach);
    figure_row(&t, "global efficiency", r->before.efficiency, r->after.efficiency, true);
    pn_table_write(sb, &t, f);
    pn_table_destroy(&t);
    if (focus != NULL)
        pn_strbuf_appendf(sb, "\nLost reach: %zu node%s no longer reachable from '%s'\n",
                          r->n_lost, r->n_lost == 1 ? "" : "s", focus);
    else
        pn_strbuf_appendf(sb, "\nLost reach: %zu node%s no longer in the largest component\n",
                          r->n_lost, r->n_lost == 1 ? "" : "s");
    if (lost->n_rows > 0)
        pn_table_write(sb, lost, f);
    pn_strbuf_appendf(sb,
                      "\nRank changes: the top %ld by each metric, before or after "
                      "(change > 0: up)\n",
                      r->top);
    pn_table_write(sb, ranks, f);
}

void pn_scenario_whatif_write(struct pn_strbuf *sb, const struct pn_model *m,
                              const struct pn_whatif_result *r, enum pn_format f)
{
    if (f == PN_FMT_CSV) {
        struct pn_table t;
        whatif_node_table(&t, m, r);
        pn_table_write(sb, &t, f);
        pn_table_destroy(&t);
        return;
    }
    const char *focus = r->focus != PN_NONE ? m->entities[r->focus].id : NULL;
    struct pn_table lost, ranks;
    whatif_lost_table(&lost, m, r);
    whatif_rank_table(&ranks, m, r);
    if (f == PN_FMT_JSON)
        whatif_json(sb, m, r, focus, &lost, &ranks);
    else
        whatif_text(sb, m, r, focus, &lost, &ranks, f);
    pn_table_destroy(&ranks);
    pn_table_destroy(&lost);
}

/* ---- rank-removals ------------------------------------------------------------------ */

static double connected_pairs(const struct snap *s)
{
    double p = 0;
    for (size_t c = 0; c < s->n_comp; c++)
        p += (double)s->csize[c] * (double)(s->csize[c] - 1) / 2.0;
    return p;
}

/* Betweenness (unnormalised) and the sum of 1/d to every other node, with
 * the distances of pn_scenario_efficiency, for each node of g. */
static enum pn_status path_sums(const struct pn_graph *g, double *between, double *harm,
                                size_t *degree, struct pn_diag *d)
{
    enum pn_status st = PN_EIO;
    igraph_vector_t dist, res;
    igraph_vector_int_t deg;
    bool dist_ok = false, res_ok = false, deg_ok = false;
    igraph_integer_t ne = igraph_vector_size(&g->uw), n = igraph_vcount(&g->ug);
    pn_graph_error_reset();
    if (igraph_vector_init(&dist, ne) != IGRAPH_SUCCESS)
        goto fail;
    dist_ok = true;
    for (igraph_integer_t i = 0; i < ne; i++)
        VECTOR(dist)[i] = 1.0 / VECTOR(g->uw)[i];
    if (igraph_vector_init(&res, n) != IGRAPH_SUCCESS)
        goto fail;
    res_ok = true;
    if (igraph_vector_int_init(&deg, n) != IGRAPH_SUCCESS)
        goto fail;
    deg_ok = true;
    if (igraph_betweenness(&g->ug, &res, igraph_vss_all(), false, &dist) != IGRAPH_SUCCESS)
        goto fail;
    for (igraph_integer_t i = 0; i < n; i++)
        between[i] = VECTOR(res)[i];
    if (igraph_harmonic_centrality(&g->ug, &res, igraph_vss_all(), IGRAPH_ALL, &dist, false) !=
        IGRAPH_SUCCESS)
        goto fail;
    for (igraph_integer_t i = 0; i < n; i++)
        harm[i] = VECTOR(res)[i];
    if (igraph_degree(&g->ug, &deg, igraph_vss_all(), IGRAPH_ALL, false) != IGRAPH_SUCCESS)
        goto fail;
    for (igraph_integer_t i = 0; i < n; i++)
        degree[i] = (size_t)VECTOR(deg)[i];
    st = PN_OK;
    goto out;
fail:
    st = pn_graph_igraph_fail(d, "removal damage");
out:
    if (deg_ok)
        igraph_vector_int_destroy(&deg);
    if (res_ok)
        igraph_vector_destroy(&res);
    if (dist_ok)
        igraph_vector_destroy(&dist);
    return st;
}

/* Is `after` exactly `before` without node v (entity ev): same other nodes,
 * and every remaining merged edge with the same weight? Not always so: a
 * --theme filter may drop v's partners with it, the Newman projection
 * reweighs co-members. */
static bool only_v_removed(const struct snap *before, const struct snap *after, size_t v, size_t ev,
                           size_t deg_v)
{
    if (after->g == NULL || after->n + 1 != before->n || after->edges + deg_v != before->edges)
        return false;
    const struct pn_view *va = &after->g->view, *vb = &before->g->view;
    for (igraph_integer_t eid = 0; eid < igraph_ecount(&after->g->ug); eid++) {
        igraph_integer_t x, y, beid = -1;
        if (igraph_edge(&after->g->ug, eid, &x, &y) != IGRAPH_SUCCESS)
            return false;
        size_t sx = va->node_entity[x], sy = va->node_entity[y];
        size_t bx = vb->entity_node[sx + (sx >= ev)], by = vb->entity_node[sy + (sy >= ev)];
        if (bx == PN_NONE || by == PN_NONE || bx == v || by == v)
            return false;
        if (igraph_get_eid(&before->g->ug, &beid, (igraph_integer_t)bx, (igraph_integer_t)by, false,
                           false) != IGRAPH_SUCCESS ||
            beid < 0 || VECTOR(before->g->uw)[beid] != VECTOR(after->g->uw)[eid])
            return false;
    }
    return true;
}

/* Which sources a removal affects. Removing v changes the distances from
 * source s only if v lies inside some shortest path from s: then some
 * neighbour t of v has d(s,v) + len(v,t) = d(s,t). For every other source the
 * sum of 1/d just loses the term of v. Bit v * n + s records it; marking a
 * pair too many (the tolerance errs that way) only costs time. */
#define AFFECTED_MAX_NODES 30000 /* n * n bits: 112 MB at the limit */
#define DIJKSTRA_BATCH 64

struct affected {
    size_t n;
    uint64_t *bits;
    size_t *off, *nbr; /* adjacency of the undirected merged graph (CSR) */
    double *len;       /* edge lengths 1/w, parallel to nbr */
};

static void affected_free(struct affected *a)
{
    free(a->bits);
    free(a->off);
    free(a->nbr);
    free(a->len);
    memset(a, 0, sizeof *a);
}

static bool affected_get(const struct affected *a, size_t v, size_t s)
{
    size_t i = v * a->n + s;
    return (a->bits[i / 64] >> (i % 64)) & 1u;
}

/* Lengths 1/w of g's merged edges into *dist (initialised here). */
static enum pn_status lengths(const struct pn_graph *g, igraph_vector_t *dist, bool *ok,
                              struct pn_diag *d)
{
    igraph_integer_t ne = igraph_vector_size(&g->uw);
    if (igraph_vector_init(dist, ne) != IGRAPH_SUCCESS)
        return pn_graph_igraph_fail(d, "removal damage");
    *ok = true;
    for (igraph_integer_t i = 0; i < ne; i++)
        VECTOR(*dist)[i] = 1.0 / VECTOR(g->uw)[i];
    return PN_OK;
}

/* Distances from sources src[0..k-1] to every node into *M (k rows). */
static enum pn_status dijkstra_rows(const igraph_t *G, const igraph_vector_t *dist,
                                    const size_t *src, size_t k, igraph_matrix_t *M,
                                    struct pn_diag *d)
{
    igraph_vector_int_t from;
    if (igraph_vector_int_init(&from, (igraph_integer_t)k) != IGRAPH_SUCCESS)
        return pn_graph_igraph_fail(d, "removal damage");
    for (size_t i = 0; i < k; i++)
        VECTOR(from)[i] = (igraph_integer_t)src[i];
    igraph_error_t e = igraph_distances_dijkstra(G, M, igraph_vss_vector(&from), igraph_vss_all(),
                                                 dist, IGRAPH_ALL);
    igraph_vector_int_destroy(&from);
    return e == IGRAPH_SUCCESS ? PN_OK : pn_graph_igraph_fail(d, "removal damage");
}

static enum pn_status affected_build(const struct pn_graph *g, const igraph_vector_t *dist,
                                     struct affected *a, struct pn_diag *d)
{
    const igraph_t *G = &g->ug;
    size_t n = (size_t)igraph_vcount(G), m = (size_t)igraph_ecount(G);
    a->n = n;
    a->bits = pn_xcalloc((n * n + 63) / 64 + 1, sizeof *a->bits);
    a->off = pn_xcalloc(n + 2, sizeof *a->off);
    a->nbr = pn_xcalloc(2 * m + 1, sizeof *a->nbr);
    a->len = pn_xcalloc(2 * m + 1, sizeof *a->len);
    for (size_t e = 0; e < m; e++) {
        a->off[IGRAPH_FROM(G, e) + 2]++;
        a->off[IGRAPH_TO(G, e) + 2]++;
    }
    for (size_t i = 2; i < n + 2; i++)
        a->off[i] += a->off[i - 1];
    for (size_t e = 0; e < m; e++) { /* off[x + 1] is x's fill position */
        size_t x = (size_t)IGRAPH_FROM(G, e), y = (size_t)IGRAPH_TO(G, e);
        a->nbr[a->off[x + 1]] = y;
        a->len[a->off[x + 1]++] = VECTOR(*dist)[e];
        a->nbr[a->off[y + 1]] = x;
        a->len[a->off[y + 1]++] = VECTOR(*dist)[e];
    }
    igraph_matrix_t M;
    if (igraph_matrix_init(&M, 0, 0) != IGRAPH_SUCCESS)
        return pn_graph_igraph_fail(d, "removal damage");
    size_t src[DIJKSTRA_BATCH];
    enum pn_status st = PN_OK;
    for (size_t b = 0; b < n && st == PN_OK; b += DIJKSTRA_BATCH) {
        size_t k = n - b < DIJKSTRA_BATCH ? n - b : DIJKSTRA_BATCH;
        for (size_t i = 0; i < k; i++)
            src[i] = b + i;
        if ((st = dijkstra_rows(G, dist, src, k, &M, d)) != PN_OK)
            break;
        for (size_t i = 0; i < k; i++) {
            size_t s = b + i;
            for (size_t v = 0; v < n; v++) {
                double dv = MATRIX(M, i, v);
                if (v == s || !isfinite(dv))
                    continue;
                for (size_t j = a->off[v]; j < a->off[v + 1]; j++) {
                    size_t t = a->nbr[j];
                    double dt = MATRIX(M, i, t);
                    if (t != s && dv + a->len[j] <= dt + 1e-9 * dt + 1e-12) {
                        size_t bit = v * n + s;
                        a->bits[bit / 64] |= (uint64_t)1 << (bit % 64);
                        break;
                    }
                }
            }
        }
    }
    igraph_matrix_destroy(&M);
    return st;
}

/* Efficiency of `after` (= before without node v, same distances otherwise):
 * rows of the sources v affects are recomputed, the others lose v's term. */
static enum pn_status efficiency_without(const struct snap *before, const struct snap *after,
                                         const igraph_vector_t *dist_b, const struct affected *a,
                                         const double *harm, size_t v, size_t ev, double *out,
                                         struct pn_diag *d)
{
    size_t n = before->n, k = after->n;
    *out = 0;
    if (k < 2)
        return PN_OK;
    enum pn_status st;
    igraph_matrix_t M;
    igraph_vector_t dist_a;
    bool dist_a_ok = false;
    if (igraph_matrix_init(&M, 0, 0) != IGRAPH_SUCCESS)
        return pn_graph_igraph_fail(d, "removal damage");
    double *inv_v = pn_xcalloc(n + 1, sizeof *inv_v);
    size_t *src = pn_xmalloc((n + 1) * sizeof *src);
    if ((st = dijkstra_rows(&before->g->ug, dist_b, &v, 1, &M, d)) != PN_OK)
        goto out;
    for (size_t s = 0; s < n; s++) {
        double x = MATRIX(M, 0, s);
        inv_v[s] = s != v && isfinite(x) && x > 0 ? 1.0 / x : 0;
    }
    double sum = 0;
    size_t n_src = 0;
    const struct pn_view *vb = &before->g->view, *va = &after->g->view;
    for (size_t s = 0; s < n; s++) {
        if (s == v)
            continue;
        if (a != NULL && affected_get(a, v, s)) {
            size_t se = vb->node_entity[s];
            src[n_src++] = va->entity_node[se - (se > ev)];
        } else {
            sum += harm[s] - inv_v[s];
        }
    }
    if (n_src > 0 && (st = lengths(after->g, &dist_a, &dist_a_ok, d)) != PN_OK)
        goto out;
    for (size_t b = 0; b < n_src; b += DIJKSTRA_BATCH) {
        size_t kk = n_src - b < DIJKSTRA_BATCH ? n_src - b : DIJKSTRA_BATCH;
        if ((st = dijkstra_rows(&after->g->ug, &dist_a, src + b, kk, &M, d)) != PN_OK)
            goto out;
        for (size_t i = 0; i < kk; i++)
            for (size_t t = 0; t < k; t++) {
                double x = MATRIX(M, i, t);
                if (t != src[b + i] && isfinite(x) && x > 0)
                    sum += 1.0 / x;
            }
    }
    *out = sum / ((double)k * (double)(k - 1));
    st = PN_OK;
out:
    if (dist_a_ok)
        igraph_vector_destroy(&dist_a);
    igraph_matrix_destroy(&M);
    free(src);
    free(inv_v);
    return st;
}

static int cmp_damage(const void *pa, const void *pb)
{
    const struct pn_damage *a = pa, *b = pb;
    if (a->disconnected != b->disconnected)
        return a->disconnected > b->disconnected ? -1 : 1;
    if (a->pairs_lost != b->pairs_lost)
        return a->pairs_lost > b->pairs_lost ? -1 : 1;
    if (!close_enough(a->efficiency_drop, b->efficiency_drop))
        return a->efficiency_drop > b->efficiency_drop ? -1 : 1;
    return strcmp(sort_model->entities[a->entity].id, sort_model->entities[b->entity].id);
}

/* The network before every removal, and what each removal reuses from it: path
 * sums, edge lengths and (small networks) which sources' paths run through which node. */
struct removal_base {
    struct snap before;
    size_t fe, fb;  /* the focus entity and its node, PN_NONE */
    size_t rc_b;    /* component reachable before */
    double pairs_b; /* connected pairs before */
    double *between, *harm;
    size_t *degree;
    struct affected aff;
    igraph_vector_t dist_b;
    bool dist_b_ok;
};

/* Take the network before, its figures and the sums each removal reuses. */
static enum pn_status removal_base_take(const struct pn_model *m,
                                        const struct pn_graph_options *go, const char *focus,
                                        struct removal_base *rb, struct pn_net_figures *before_fig,
                                        struct pn_diag *d)
{
    struct snap *before = &rb->before;
    enum pn_status st;
    if ((st = snap_take(m, go, false, true, before, d)) != PN_OK)
        return st;
    if ((st = find_focus(m, focus, before, &rb->fe, &rb->fb, d)) != PN_OK)
        return st;
    figures(before, rb->fb, before_fig);
    rb->rc_b = reach_comp(before, rb->fb);
    rb->pairs_b = connected_pairs(before);
    rb->between = pn_xcalloc(before->n + 1, sizeof *rb->between);
    rb->harm = pn_xcalloc(before->n + 1, sizeof *rb->harm);
    rb->degree = pn_xcalloc(before->n + 1, sizeof *rb->degree);
    if (before->n > 0 &&
        (st = path_sums(before->g, rb->between, rb->harm, rb->degree, d)) != PN_OK)
        return st;
    if (before->n > 0 && (st = lengths(before->g, &rb->dist_b, &rb->dist_b_ok, d)) != PN_OK)
        return st;
    if (before->n >= 2 && before->n <= AFFECTED_MAX_NODES &&
        (st = affected_build(before->g, &rb->dist_b, &rb->aff, d)) != PN_OK)
        return st;
    return PN_OK;
}

static void removal_base_free(struct removal_base *rb)
{
    affected_free(&rb->aff);
    if (rb->dist_b_ok)
        igraph_vector_destroy(&rb->dist_b);
    free(rb->degree);
    free(rb->harm);
    free(rb->between);
    snap_free(&rb->before);
}

/* The damage of removing view node v (entity ev) alone: nodes cut off from the focus
 * (or the largest component), pairs lost, components and efficiency after. drop is
 * all false on entry and on return. */
static enum pn_status removal_damage(const struct pn_model *m, const struct pn_graph_options *go,
                                     const struct removal_base *rb, bool *drop, size_t v,
                                     struct pn_damage *x, struct pn_diag *d)
{
    const struct snap *before = &rb->before;
    const struct pn_view *vb = &before->g->view;
    size_t ev = vb->node_entity[v], fe = rb->fe;
    struct pn_model shadow;
    struct snap after;
    drop[ev] = true;
    pn_scenario_model_without(m, drop, &shadow, NULL);
    drop[ev] = false;
    enum pn_status st = snap_take(&shadow, go, true, false, &after, d);
    if (st != PN_OK)
        goto out;
    /* only ev left the model: shadow index of entity e is e, or e - 1 past ev */
    size_t fa = fe != PN_NONE ? snap_node(&after, fe - (fe > ev)) : PN_NONE;
    size_t rc_a =
        after.g != NULL && (fe == PN_NONE || fa != PN_NONE) ? reach_comp(&after, fa) : PN_NONE;
    x->entity = ev;
    for (size_t u = 0; u < before->n; u++) {
        if (u == v || u == rb->fb || before->comp[u] != rb->rc_b)
            continue;
        size_t eu = vb->node_entity[u];
        size_t a = snap_node(&after, eu - (eu > ev));
        if (a == PN_NONE || rc_a == PN_NONE || after.comp[a] != rc_a)
            x->disconnected++;
    }
    x->pairs_lost =
        rb->pairs_b - (double)(before->csize[before->comp[v]] - 1) - connected_pairs(&after);
    x->components_after = after.n_comp;
    /* When only v left (no other node or weight changed), only the
     * sources whose shortest paths run through v are recomputed; a node on
     * no shortest path (betweenness 0) affects none. Otherwise (filters,
     * Newman weights) the whole efficiency is recomputed. */
    if (only_v_removed(before, &after, v, ev, rb->degree[v]) &&
        (rb->aff.bits != NULL || rb->between[v] == 0))
        st = efficiency_without(before, &after, &rb->dist_b, rb->aff.bits ? &rb->aff : NULL,
                                rb->harm, v, ev, &after.eff, d);
    else if (after.g != NULL)
        st = pn_scenario_efficiency(after.g, &after.eff, d);
    if (st != PN_OK)
        goto out;
    x->efficiency_after = after.eff;
    x->efficiency_drop = before->eff - after.eff;
out:
    snap_free(&after);
    pn_scenario_model_free(&shadow);
    return st;
}

/* Sort by damage (then id) and rank; equal damage shares a rank. */
static void rank_damage(const struct pn_model *m, struct pn_damage *dm, size_t n)
{
    sort_model = m;
    if (n > 1)
        qsort(dm, n, sizeof *dm, cmp_damage);
    for (size_t i = 0; i < n; i++) {
        const struct pn_damage *p = i ? &dm[i - 1] : NULL;
        if (p != NULL && p->disconnected == dm[i].disconnected &&
            p->pairs_lost == dm[i].pairs_lost &&
            close_enough(p->efficiency_drop, dm[i].efficiency_drop))
            dm[i].rank = p->rank;
        else
            dm[i].rank = i + 1;
    }
    sort_model = NULL;
}

/* ---- rank-removals from the network before alone (net/removals.c) ---- */

/* Does removing an entity from the model delete exactly its node and its edges, every
 * other node, edge and merged weight staying the same bits? Under projection none,
 * without --theme and without the --at year rule, an entity is a node when it is
 * active (a test of itself alone), an edge is kept when it and its two ends are, and
 * parallel edges merge by summing in model order, which a removal keeps. --theme keeps
 * entities for their tagged partners; projections derive edges (and Newman weights)
 * from co-members; the year rule drops entities that nothing active reaches. */
static bool removal_is_deletion(const struct pn_graph_options *go)
{
    return go->projection == PN_PROJ_NONE && go->n_themes == 0 &&
           !(go->at_year != PN_YEAR_UNSET && go->year_rule);
}

/* The merged undirected graph of g with lengths 1/w, as an adjacency array. */
static void removal_csr(const struct pn_graph *g, struct pn_ap_csr *c)
{
    size_t n = (size_t)igraph_vcount(&g->ug), m = (size_t)igraph_ecount(&g->ug);
    size_t *from = pn_xmalloc((m + 1) * sizeof *from), *to = pn_xmalloc((m + 1) * sizeof *to);
    double *len = pn_xmalloc((m + 1) * sizeof *len);
    for (size_t e = 0; e < m; e++) {
        from[e] = (size_t)IGRAPH_FROM(&g->ug, e);
        to[e] = (size_t)IGRAPH_TO(&g->ug, e);
        len[e] = 1.0 / VECTOR(g->uw)[e]; /* as lengths() */
    }
    pn_ap_csr_build(c, n, m, from, to, len, false);
    free(len);
    free(to);
    free(from);
}

/* igraph_harmonic_centrality on the lengths 1/w (the reference's harm of path_sums). */
static enum pn_status harmonic_sums(const struct pn_graph *g, double *harm, struct pn_diag *d)
{
    igraph_vector_t dist, res;
    bool dist_ok = false, res_ok = false;
    enum pn_status st = PN_EIO;
    pn_graph_error_reset();
    if ((st = lengths(g, &dist, &dist_ok, d)) != PN_OK)
        return st;
    st = PN_EIO;
    if (igraph_vector_init(&res, 0) == IGRAPH_SUCCESS && (res_ok = true) &&
        igraph_harmonic_centrality(&g->ug, &res, igraph_vss_all(), IGRAPH_ALL, &dist, false) ==
            IGRAPH_SUCCESS) {
        for (igraph_integer_t i = 0; i < igraph_vector_size(&res); i++)
            harm[i] = VECTOR(res)[i];
        st = PN_OK;
    } else {
        st = pn_graph_igraph_fail(d, "removal damage");
    }
    if (res_ok)
        igraph_vector_destroy(&res);
    if (dist_ok)
        igraph_vector_destroy(&dist);
    return st;
}

/* The largest component after removing v, when there is no focus, is the best of
 * v's largest piece and the best other component (size, then smallest node); nodes
 * of the component measured before (rc) outside it are cut off. */
static size_t cut_off(const struct pn_rm_cuts *x, size_t v, size_t fb, size_t rc, size_t other)
{
    if (x->comp[v] != rc)
        return 0; /* v elsewhere: rc stays whole, and stays the largest (it was the first) */
    size_t size = x->csize[rc];
    if (fb != PN_NONE)
        return size - 1 - x->focus_piece[v];
    bool piece = x->pieces[v] > 0 &&
                 (other == PN_NONE || x->big[v] > x->csize[other] ||
                  (x->big[v] == x->csize[other] && x->big_min[v] < x->cmin[other]));
    return size - 1 - (piece ? x->big[v] : 0);
}

/* The two best components by size, then smallest node: the largest and the runner-up. */
static void best_two(const struct pn_rm_cuts *x, size_t *first, size_t *second)
{
    *first = *second = PN_NONE;
    for (size_t c = 0; c < x->n_comp; c++) {
        if (*first == PN_NONE || x->csize[c] > x->csize[*first]) {
            *second = *first;
            *first = c;
        } else if (*second == PN_NONE || x->csize[c] > x->csize[*second]) {
            *second = c;
        }
    }
}

/* Efficiency after each removal: exact (eff) or sampled (drop, se); sets before->eff. */
static enum pn_status removal_efficiency(struct snap *before, const struct pn_ap_csr *c,
                                         const struct pn_removal_options *ro, size_t sample,
                                         double *eff, double *drop, double *se,
                                         struct pn_diag *d)
{
    int jobs = ro->jobs > 0 ? ro->jobs : pn_resources_cores();
    if (sample > 0) {
        pn_rm_efficiency_sampled(c, sample, ro->seed, jobs, drop, se, &before->eff);
        return PN_OK;
    }
    /* the distance matrix and the affected flags: 9 n^2 bytes */
    size_t n = before->n;
    enum pn_status st = pn_resources_check(9 * n * n, "ranking removals exactly (use "
                                           "--removal-sample K to estimate)", d);
    if (st == PN_OK)
        st = pn_scenario_efficiency(before->g, &before->eff, d);
    double *harm = pn_xcalloc(before->n + 1, sizeof *harm);
    if (st == PN_OK)
        st = harmonic_sums(before->g, harm, d);
    if (st == PN_OK)
        pn_rm_efficiency_exact(c, harm, jobs, eff);
    free(harm);
    return st;
}

/* Sources to draw for the efficiency (0: exact), by ro->sample and the size. */
static size_t removal_sample(const struct pn_removal_options *ro, size_t n)
{
    if (ro->sample < 0 || (ro->sample == 0 && n <= PN_REMOVAL_EXACT_MAX))
        return 0;
    size_t k = ro->sample > 0 ? (size_t)ro->sample : PN_REMOVAL_SAMPLE_DEFAULT;
    return k < n ? k : n;
}

/* One damage row per node but the focus, from the cuts and the efficiencies. */
static struct pn_damage *removal_rows(const struct snap *before, const struct pn_rm_cuts *x,
                                      size_t fb, size_t sample, const double *eff,
                                      const double *drop, const double *se, size_t *n_out)
{
    size_t first, second, n = 0;
    best_two(x, &first, &second);
    size_t rc = fb != PN_NONE ? x->comp[fb] : first;
    struct pn_damage *dm = pn_xcalloc(before->n + 1, sizeof *dm);
    for (size_t v = 0; v < before->n; v++) {
        if (v == fb)
            continue;
        struct pn_damage *y = &dm[n++];
        unsigned long long cs = x->csize[x->comp[v]];
        y->entity = before->g->view.node_entity[v];
        y->disconnected = cut_off(x, v, fb, rc, x->comp[v] == first ? second : first);
        y->pairs_lost = (double)((cs - 1) * (cs - 2) / 2 - x->piece_pairs[v]);
        y->components_after = x->n_comp - 1 + x->pieces[v];
        y->efficiency_drop = sample > 0 ? drop[v] : before->eff - eff[v];
        y->efficiency_after = sample > 0 ? before->eff - drop[v] : eff[v];
        y->efficiency_drop_se = sample > 0 ? se[v] : 0;
    }
    *n_out = n;
    return dm;
}

/* rank-removals where a removal is a deletion (removal_is_deletion): cuts from one
 * depth-first search, efficiencies from net/removals.c. *done false: not applicable
 * here (tiny or non-simple network), nothing written. */
static enum pn_status rank_removals_fast(const struct pn_model *m,
                                         const struct pn_graph_options *go,
                                         const struct pn_removal_options *ro, const char *focus,
                                         struct pn_damage **out, size_t *n_out,
                                         struct pn_net_figures *before_fig,
                                         struct pn_removal_info *info, bool *done,
                                         struct pn_diag *d)
{
    struct snap before;
    size_t fe, fb;
    *done = false;
    enum pn_status st = snap_take(m, go, false, false, &before, d);
    if (st == PN_OK)
        st = find_focus(m, focus, &before, &fe, &fb, d);
    igraph_bool_t simple = false;
    if (st != PN_OK || before.n < 3 || igraph_is_simple(&before.g->ug, &simple) != IGRAPH_SUCCESS ||
        !simple) {
        snap_free(&before);
        return st;
    }
    *done = true;
    struct pn_ap_csr c;
    struct pn_rm_cuts x;
    removal_csr(before.g, &c);
    pn_rm_cuts_find(&c, fb != PN_NONE ? fb : (size_t)-1, &x);
    size_t n = before.n, sample = removal_sample(ro, n);
    double *eff = pn_xcalloc(n + 1, sizeof *eff), *drop = pn_xcalloc(n + 1, sizeof *drop);
    double *se = pn_xcalloc(n + 1, sizeof *se);
    st = removal_efficiency(&before, &c, ro, sample, eff, drop, se, d);
    if (st == PN_OK) {
        figures(&before, fb, before_fig);
        *out = removal_rows(&before, &x, fb, sample, eff, drop, se, n_out);
        rank_damage(m, *out, *n_out);
        *info = (struct pn_removal_info){sample, n, ro->seed, true};
    }
    free(se);
    free(drop);
    free(eff);
    pn_rm_cuts_free(&x);
    pn_ap_csr_free(&c);
    snap_free(&before);
    return st;
}

/* rank-removals on the whole network of go (which carries no focus). */
static enum pn_status rank_removals_in(const struct pn_model *m,
                                       const struct pn_graph_options *go,
                                       const struct pn_removal_options *ro, const char *focus,
                                       struct pn_damage **out, size_t *n_out,
                                       struct pn_net_figures *before_fig,
                                       struct pn_removal_info *info, struct pn_diag *d)
{
    if (!ro->reference && removal_is_deletion(go)) {
        bool done = false;
        enum pn_status fst =
            rank_removals_fast(m, go, ro, focus, out, n_out, before_fig, info, &done, d);
        if (fst != PN_OK || done)
            return fst;
    }
    *info = (struct pn_removal_info){0, 0, ro->seed, false};
    struct removal_base rb;
    memset(&rb, 0, sizeof rb);
    struct pn_damage *dm = NULL;
    bool *drop = pn_xcalloc(m->n_entities + 1, sizeof *drop);
    size_t n = 0;
    enum pn_status st;
    if ((st = removal_base_take(m, go, focus, &rb, before_fig, d)) != PN_OK)
        goto out;
    dm = pn_xcalloc(rb.before.n + 1, sizeof *dm);
    for (size_t v = 0; v < rb.before.n; v++) {
        if (v == rb.fb)
            continue; /* the focus is who we measure from */
        if ((st = removal_damage(m, go, &rb, drop, v, &dm[n++], d)) != PN_OK)
            goto out;
    }
    rank_damage(m, dm, n);
    *out = dm;
    *n_out = n;
    info->sources = rb.before.n;
    dm = NULL;
    st = PN_OK;
out:
    removal_base_free(&rb);
    free(dm);
    free(drop);
    return st;
}

/* go's ego network held fixed, as a model: m without the entities that are nodes of the
 * whole network (go without its focus) but not of the ego network. Entities that are no
 * node either way (filtered out, or groups under --projection institutions) stay, so the
 * ego network's edges stay. *orig maps shadow entities to m's (the caller frees it). */
static enum pn_status ego_model(const struct pn_model *m, const struct pn_graph_options *go,
                                struct pn_model *shadow, size_t **orig, struct pn_diag *d)
{
    struct pn_graph_options whole = *go;
    whole.focus = NULL;
    whole.radius = 0;
    struct pn_graph *ge = NULL, *gw = NULL;
    enum pn_status st = pn_graph_build(m, go, &ge, d);
    if (st == PN_OK)
        st = pn_graph_build(m, &whole, &gw, d);
    if (st == PN_OK) {
        const struct pn_view *ve = pn_graph_view(ge), *vw = pn_graph_view(gw);
        bool *drop = pn_xcalloc(m->n_entities + 1, sizeof *drop);
        for (size_t e = 0; e < m->n_entities && e < vw->n_entities; e++)
            drop[e] = vw->entity_node[e] != PN_NONE && ve->entity_node[e] == PN_NONE;
        pn_scenario_model_without(m, drop, shadow, orig);
        free(drop);
    }
    pn_graph_free(gw);
    pn_graph_free(ge);
    return st;
}

enum pn_status pn_scenario_rank_removals(const struct pn_model *m,
                                         const struct pn_graph_options *go, const char *focus,
                                         const struct pn_removal_options *ro,
                                         struct pn_damage **out, size_t *n_out,
                                         struct pn_net_figures *before_fig,
                                         struct pn_removal_info *info, struct pn_diag *d)
{
    static const struct pn_removal_options defaults = {0, 0, PN_SEED_DEFAULT, false};
    struct pn_removal_info scratch;
    ro = ro != NULL ? ro : &defaults;
    info = info != NULL ? info : &scratch;
    memset(info, 0, sizeof *info);
    *out = NULL;
    *n_out = 0;
    memset(before_fig, 0, sizeof *before_fig);
    if (go->focus == NULL)
        return rank_removals_in(m, go, ro, focus, out, n_out, before_fig, info, d);
    /* an ego network: each removal takes one node out of it, held fixed (not re-cut
     * around the focus, which would drop the nodes merely pushed past the radius) */
    struct pn_model shadow;
    size_t *orig = NULL;
    enum pn_status st = ego_model(m, go, &shadow, &orig, d);
    if (st != PN_OK)
        return st;
    struct pn_graph_options whole = *go;
    whole.focus = NULL;
    whole.radius = 0;
    st = rank_removals_in(&shadow, &whole, ro, focus, out, n_out, before_fig, info, d);
    for (size_t i = 0; i < *n_out; i++)
        (*out)[i].entity = orig[(*out)[i].entity];
    free(orig);
    pn_scenario_model_free(&shadow);
    return st;
}

void pn_scenario_damage_write(struct pn_strbuf *sb, const struct pn_model *m,
                              const struct pn_damage *dm, size_t n,
                              const struct pn_net_figures *before, const char *focus, long top,
                              const struct pn_removal_info *info, enum pn_format f)
{
    static const char *const cols[] = {"rank",
                                       "id",
                                       "name",
                                       "kind",
                                       "disconnected",
                                       "pairs_lost",
                                       "components_after",
                                       "efficiency_after",
                                       "efficiency_drop",
                                       "efficiency_drop_se",
                                       NULL};
    bool sampled = info != NULL && info->sample > 0;
    const char *const *use = cols;
    const char *exact_cols[10];
    if (!sampled) { /* the exact table has no error column */
        memcpy(exact_cols, cols, 9 * sizeof *cols);
        exact_cols[9] = NULL;
        use = exact_cols;
    }
    struct pn_table t;
    pn_table_init(&t, NULL, use);
    size_t rows = top > 0 && (size_t)top < n ? (size_t)top : n;
    for (size_t i = 0; i < rows; i++) {
        size_t r = pn_table_row(&t);
        pn_table_int(&t, r, 0, (long long)dm[i].rank);
        entity_cells(&t, r, 1, &m->entities[dm[i].entity]);
        pn_table_int(&t, r, 4, (long long)dm[i].disconnected);
        pn_table_int(&t, r, 5, (long long)dm[i].pairs_lost);
        pn_table_int(&t, r, 6, (long long)dm[i].components_after);
        pn_table_real(&t, r, 7, dm[i].efficiency_after);
        pn_table_real(&t, r, 8, dm[i].efficiency_drop);
        if (sampled)
            pn_table_real(&t, r, 9, dm[i].efficiency_drop_se);
    }
    if (f == PN_FMT_JSON) {
        pn_strbuf_append(sb, "{\n  \"focus\": ");
        if (focus != NULL)
            pn_strbuf_append_json(sb, focus);
        else
            pn_strbuf_append(sb, "null");
        pn_strbuf_append(sb, ",\n  \"before\": ");
        figures_json(sb, before);
        if (sampled)
            pn_strbuf_appendf(sb, ",\n  \"efficiency_sample\": {\"sources\": %zu, \"of\": %zu, "
                                  "\"seed\": %lu}",
                              info->sample, info->sources, info->seed);
        pn_strbuf_append(sb, ",\n  \"removals\": ");
        pn_table_json(sb, &t, 2);
        pn_strbuf_append(sb, "\n}\n");
    } else {
        if (f == PN_FMT_TABLE) {
            pn_strbuf_appendf(sb,
                              "Damage of removing each node (%zu nodes, %zu edges, %zu "
                              "components, largest %zu, global efficiency %.4f)\n",
                              before->nodes, before->edges, before->components, before->largest,
                              before->efficiency);
            if (focus != NULL)
                pn_strbuf_appendf(sb,
                                  "Reach measured from '%s' (%zu nodes reachable); "
                                  "'disconnected' counts the nodes it would no longer reach\n",
                                  focus, before->reach);
            if (sampled)
                pn_strbuf_appendf(sb,
                                  "Efficiency estimated from %zu of %zu sources (seed %lu); "
                                  "efficiency_drop_se is the standard error of each drop\n",
                                  info->sample, info->sources, info->seed);
        }
        pn_table_write(sb, &t, f);
    }
    pn_table_destroy(&t);
}

/* ---- evolution ------------------------------------------------------------------------ */

void pn_evolution_destroy(struct pn_evolution *ev)
{
    if (ev == NULL)
        return;
    free(ev->years);
    free(ev->ranks);
    memset(ev, 0, sizeof *ev);
}

enum pn_status pn_scenario_evolution(const struct pn_model *m, const struct pn_graph_options *go,
                                     const struct pn_analysis_options *ao,
                                     const struct pn_evolution_options *eo,
                                     struct pn_evolution *out, struct pn_diag *d)
{
    memset(out, 0, sizeof *out);
    out->metric = eo->metric;
    if (eo->step < 1 || eo->from > eo->to || eo->metric < 0 || eo->metric >= PN_M_COUNT) {
        pn_diag_error(d, NULL, "evolution: invalid year range or metric");
        return PN_EUSAGE;
    }
    if (go->focus != NULL && resolve_ids(m, &go->focus, 1, "--focus", NULL, NULL, d) != PN_OK)
        return PN_EINPUT;
    size_t cap_years = (size_t)((eo->to - eo->from) / eo->step) + 1;
    out->years = pn_xcalloc(cap_years + 1, sizeof *out->years);
    size_t cap_ranks = 0;
    enum pn_status st = PN_OK;
    for (size_t yi = 0; yi < cap_years; yi++) {
        int y = eo->from + (int)yi * eo->step;
        struct pn_graph_options g = *go;
        g.at_year = y;
        struct snap s;
        struct pn_metrics mx;
        memset(&mx, 0, sizeof mx);
        struct pn_year_figures *f = &out->years[out->n_years++];
        memset(f, 0, sizeof *f);
        f->year = y;
        f->density = f->modularity = f->transitivity = NAN;
        f->avg_path_length = f->diameter = NAN;
        /* a year before anything existed (or without the focus) is an empty network */
        if ((st = snap_take(m, &g, true, true, &s, d)) != PN_OK) {
            snap_free(&s);
            break;
        }
        if (s.g == NULL || s.n == 0) {
            f->efficiency = 0;
            snap_free(&s);
            continue;
        }
        if ((st = pn_analysis_run(s.g, ao, &mx, d)) != PN_OK) {
            snap_free(&s);
            break;
        }
        f->nodes = mx.n_nodes;
        f->edges = mx.n_edges;
        f->components = mx.n_components;
        f->largest = mx.largest_component;
        f->communities = mx.n_communities;
        f->density = mx.density;
        f->modularity = mx.modularity;
        f->transitivity = mx.transitivity;
        f->avg_path_length = mx.avg_path_length;
        f->diameter = mx.diameter;
        f->efficiency = s.eff;
        size_t *rank = pn_xcalloc(s.n + 1, sizeof *rank);
        pn_scenario_ranks(mx.v[eo->metric], s.n, pn_metric_info[eo->metric].higher_is_central,
                          rank);
        size_t *order = pn_xmalloc((s.n + 1) * sizeof *order);
        for (size_t i = 0; i < s.n; i++)
            order[i] = s.g->view.node_entity[i];
        sort_by_id(m, order, s.n);
        pn_xgrow((void **)&out->ranks, &cap_ranks, out->n_ranks + s.n, sizeof *out->ranks);
        for (size_t i = 0; i < s.n; i++) {
            size_t node = s.g->view.entity_node[order[i]];
            out->ranks[out->n_ranks++] =
                (struct pn_year_rank){y, order[i], mx.v[eo->metric][node], rank[node]};
        }
        free(order);
        free(rank);
        pn_metrics_destroy(&mx);
        snap_free(&s);
    }
    if (st != PN_OK)
        pn_evolution_destroy(out);
    return st;
}

void pn_scenario_evolution_write(struct pn_strbuf *sb, const struct pn_evolution *ev,
                                 enum pn_format f)
{
    static const char *const cols[] = {
        "year",     "nodes",       "edges",      "density",      "components",
        "largest",  "communities", "modularity", "transitivity", "avg_path_length",
        "diameter", "efficiency",  NULL};
    struct pn_table t;
    pn_table_init(&t, NULL, cols);
    for (size_t i = 0; i < ev->n_years; i++) {
        const struct pn_year_figures *y = &ev->years[i];
        size_t r = pn_table_row(&t);
        pn_table_int(&t, r, 0, y->year);
        pn_table_int(&t, r, 1, (long long)y->nodes);
        pn_table_int(&t, r, 2, (long long)y->edges);
        pn_table_real(&t, r, 3, y->density);
        pn_table_int(&t, r, 4, (long long)y->components);
        pn_table_int(&t, r, 5, (long long)y->largest);
        pn_table_int(&t, r, 6, (long long)y->communities);
        pn_table_real(&t, r, 7, y->modularity);
        pn_table_real(&t, r, 8, y->transitivity);
        pn_table_real(&t, r, 9, y->avg_path_length);
        pn_table_real(&t, r, 10, y->diameter);
        pn_table_real(&t, r, 11, y->efficiency);
    }
    pn_table_write(sb, &t, f);
    pn_table_destroy(&t);
}

void pn_scenario_evolution_ranks(struct pn_strbuf *sb, const struct pn_model *m,
                                 const struct pn_evolution *ev, enum pn_format f)
{
    const char *mn = pn_metric_info[ev->metric].name;
    const char *cols[] = {"year", "id", "name", mn, "rank", NULL};
    struct pn_table t;
    pn_table_init(&t, NULL, cols);
    for (size_t i = 0; i < ev->n_ranks; i++) {
        const struct pn_year_rank *x = &ev->ranks[i];
        size_t r = pn_table_row(&t);
        pn_table_int(&t, r, 0, x->year);
        pn_table_text(&t, r, 1, m->entities[x->entity].id);
        pn_table_text(&t, r, 2, m->entities[x->entity].name);
        pn_table_real(&t, r, 3, x->value);
        if (x->rank)
            pn_table_int(&t, r, 4, (long long)x->rank);
    }
    pn_table_write(sb, &t, f);
    pn_table_destroy(&t);
}

size_t *pn_scenario_evolution_top(const struct pn_model *m, const struct pn_evolution *ev, long top,
                                  size_t *n)
{
    size_t want = top > 0 ? (size_t)top : 5;
    *n = 0;
    size_t *sel = pn_xmalloc((want + 1) * sizeof *sel);
    if (ev->n_ranks == 0)
        return sel;
    int last = ev->ranks[ev->n_ranks - 1].year;
    size_t first = ev->n_ranks;
    while (first > 0 && ev->ranks[first - 1].year == last)
        first--;
    /* best rank first, ties by id (rows of a year are in id order) */
    for (size_t r = 1; *n < want; r++) {
        bool any_left = false;
        for (size_t i = first; i < ev->n_ranks && *n < want; i++) {
            if (ev->ranks[i].rank > r)
                any_left = true;
            if (ev->ranks[i].rank == r)
                sel[(*n)++] = ev->ranks[i].entity;
        }
        if (!any_left)
            break;
    }
    (void)m;
    return sel;
}

/* Okabe-Ito: colour-blind-safe (black last, for the 8th line). */
static const char *const chart_colors[] = {"#e69f00", "#56b4e9", "#009e73", "#0072b2",
                                           "#d55e00", "#cc79a7", "#f0e442", "#000000"};
static const char *const chart_dashes[] = {"", "6 3", "2 3"};

/* Geometry of the chart: plot area, years across, ranks down. */
struct chart {
    double left, plot_w, top_m, plot_h, legend_w;
    int y0, y1;      /* first and last year */
    size_t max_rank; /* >= 2 */
};

static double chart_x(const struct chart *c, int year)
{
    return c->y1 > c->y0
               ? c->left + c->plot_w * (double)(year - c->y0) / (double)(c->y1 - c->y0)
               : c->left + c->plot_w / 2;
}

static double chart_y(const struct chart *c, size_t rank)
{
    return c->top_m + c->plot_h * (double)(rank - 1) / (double)(c->max_rank - 1);
}

/* The SVG root, its title, background, and the chart's title and subtitle. */
static void chart_head(struct pn_strbuf *sb, const struct pn_model *m,
                       const struct pn_evolution *ev, const struct chart *c)
{
    const double width = c->left + c->plot_w + 30 + c->legend_w,
                 height = c->top_m + c->plot_h + 60;
    pn_strbuf_append(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    pn_strbuf_appendf(sb,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                      "viewBox=\"0 0 %.0f %.0f\" font-family=\"Helvetica, Arial, sans-serif\" "
                      "font-size=\"12\">\n",
                      width, height, width, height);
    pn_strbuf_append(sb, "<title>");
    pn_strbuf_append_xml(sb, m->title != NULL ? m->title : "partnet");
    pn_strbuf_appendf(sb, ": rank by %s, %d to %d</title>\n", pn_metric_info[ev->metric].name,
                      c->y0, c->y1);
    pn_strbuf_appendf(sb, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", width,
                      height);
    pn_strbuf_append(sb, "<text class=\"title\" x=\"20\" y=\"30\" font-size=\"18\">");
    pn_strbuf_append_xml(sb, m->title != NULL ? m->title : "partnet");
    pn_strbuf_append(sb, "</text>\n");
    pn_strbuf_appendf(sb,
                      "<text class=\"subtitle\" x=\"20\" y=\"50\" fill=\"#555555\">Rank by %s "
                      "(1 = first), %d to %d</text>\n",
                      pn_metric_info[ev->metric].label, c->y0, c->y1);
}

/* Axes: a grid line per rank (at most about 10), a tick per year (at most about 12). */
static void chart_axes(struct pn_strbuf *sb, const struct pn_evolution *ev, const struct chart *c)
{
    pn_strbuf_append(sb, "<g class=\"axes\" stroke=\"#dddddd\" stroke-width=\"1\">\n");
    size_t rstep = c->max_rank > 10 ? (c->max_rank + 9) / 10 : 1;
    for (size_t r = 1; r <= c->max_rank; r += rstep)
        pn_strbuf_appendf(sb, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n",
                          c->left, chart_y(c, r), c->left + c->plot_w, chart_y(c, r));
    pn_strbuf_append(sb, "</g>\n<g class=\"labels\" fill=\"#333333\">\n");
    for (size_t r = 1; r <= c->max_rank; r += rstep)
        pn_strbuf_appendf(sb, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%zu</text>\n",
                          c->left - 8, chart_y(c, r) + 4, r);
    size_t ystep = ev->n_years > 12 ? (ev->n_years + 11) / 12 : 1;
    for (size_t i = 0; i < ev->n_years; i += ystep)
        pn_strbuf_appendf(sb, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%d</text>\n",
                          chart_x(c, ev->years[i].year), c->top_m + c->plot_h + 25,
                          ev->years[i].year);
    pn_strbuf_append(sb, "</g>\n");
}

/* The rank of entity ent in year (0: none). */
static size_t chart_rank(const struct pn_evolution *ev, int year, size_t ent)
{
    for (size_t i = 0; i < ev->n_ranks; i++)
        if (ev->ranks[i].year == year && ev->ranks[i].entity == ent)
            return ev->ranks[i].rank;
    return 0;
}

/* Issue 10: partners that share a rank in a year would hide each other's line; each of
 * the j-th of cnt such partners is drawn (j - (cnt - 1) / 2) * 5 px off its rank. */
static double chart_tie_offset(const struct pn_evolution *ev, const size_t *sel, size_t n_top,
                               size_t k, int year, size_t rank)
{
    size_t j = 0, cnt = 0;
    for (size_t q = 0; q < n_top; q++)
        if (chart_rank(ev, year, sel[q]) == rank) {
            j += q < k;
            cnt++;
        }
    return cnt > 1 ? ((double)j - (double)(cnt - 1) / 2.0) * 5.0 : 0.0;
}

/* The k-th partner (entity sel[k]): one path over its years, a year without it breaking
 * the line, a dot per year (partners of one rank side by side), and its legend entry. */
static void chart_partner(struct pn_strbuf *sb, const struct pn_model *m,
                          const struct pn_evolution *ev, const struct chart *c, size_t k,
                          const size_t *sel_all, size_t n_top)
{
    size_t sel = sel_all[k];
    const struct pn_entity *e = &m->entities[sel];
    const char *color = chart_colors[k % 8];
    const char *dash = chart_dashes[(k / 8) % 3];
    pn_strbuf_append(sb, "<g class=\"partner\" id=\"partner-");
    pn_strbuf_append_xml(sb, e->id);
    pn_strbuf_append(sb, "\">\n<title>");
    pn_strbuf_append_xml(sb, e->name);
    pn_strbuf_append(sb, "</title>\n");
    struct pn_strbuf path, dots;
    pn_strbuf_init(&path);
    pn_strbuf_init(&dots);
    bool have_prev = false;
    for (size_t yi = 0; yi < ev->n_years; yi++) {
        int year = ev->years[yi].year;
        size_t rank = chart_rank(ev, year, sel);
        if (rank == 0) {
            have_prev = false;
            continue;
        }
        double x = chart_x(c, year);
        double y = chart_y(c, rank) + chart_tie_offset(ev, sel_all, n_top, k, year, rank);
        pn_strbuf_appendf(&path, "%s%.2f %.2f", have_prev ? " L" : (path.len ? " M" : "M"), x, y);
        pn_strbuf_appendf(&dots,
                          "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" fill=\"%s\"><title>%d: "
                          "rank %zu</title></circle>\n",
                          x, y, color, year, rank);
        have_prev = true;
    }
    if (path.len > 0)
        pn_strbuf_appendf(
            sb, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s%s%s/>\n",
            pn_strbuf_str(&path), color, dash[0] ? " stroke-dasharray=\"" : "", dash,
            dash[0] ? "\"" : "");
    pn_strbuf_append(sb, pn_strbuf_str(&dots));
    pn_strbuf_destroy(&path);
    pn_strbuf_destroy(&dots);
    double ly = c->top_m + 10 + 24.0 * (double)k;
    double lx = c->left + c->plot_w + 30;
    pn_strbuf_appendf(sb,
                      "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" "
                      "stroke-width=\"2.5\"%s%s%s/>\n",
                      lx, ly, lx + 24, ly, color, dash[0] ? " stroke-dasharray=\"" : "", dash,
                      dash[0] ? "\"" : "");
    pn_strbuf_appendf(sb, "<text x=\"%.2f\" y=\"%.2f\">", lx + 32, ly + 4);
    pn_strbuf_append_xml(sb, pn_entity_label(e));
    pn_strbuf_append(sb, "</text>\n</g>\n");
}

void pn_scenario_evolution_chart(struct pn_strbuf *sb, const struct pn_model *m,
                                 const struct pn_evolution *ev, long top)
{
    size_t n_top = 0;
    size_t *sel = pn_scenario_evolution_top(m, ev, top, &n_top);
    struct chart c = {.left = 70, .plot_w = 560, .top_m = 70, .plot_h = 320, .legend_w = 260,
                      .y0 = ev->n_years ? ev->years[0].year : 0,
                      .y1 = ev->n_years ? ev->years[ev->n_years - 1].year : 0,
                      .max_rank = 2};
    for (size_t i = 0; i < ev->n_ranks; i++)
        for (size_t k = 0; k < n_top; k++)
            if (ev->ranks[i].entity == sel[k] && ev->ranks[i].rank > c.max_rank)
                c.max_rank = ev->ranks[i].rank;
    chart_head(sb, m, ev, &c);
    chart_axes(sb, ev, &c);
    for (size_t k = 0; k < n_top; k++)
        chart_partner(sb, m, ev, &c, k, sel, n_top);
    if (n_top == 0)
        pn_strbuf_appendf(sb,
                          "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" fill=\"#555555\">no "
                          "node in any year</text>\n",
                          c.left + c.plot_w / 2, c.top_m + c.plot_h / 2);
    pn_strbuf_append(sb, "</svg>\n");
    free(sel);
}

/* ---- themes --------------------------------------------------------------------------- */

void pn_scenario_themes_free(struct pn_theme_leaders *tl, size_t n)
{
    if (tl == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        free(tl[i].entity);
        free(tl[i].pagerank);
        free(tl[i].rank);
    }
    free(tl);
}

/* Append s with control characters (newlines of block scalars) as spaces. */
static void append_plain(struct pn_strbuf *sb, const char *s)
{
    for (; *s; s++)
        pn_strbuf_appendc(sb, (unsigned char)*s < 0x20 ? ' ' : *s);
}

struct leader {
    const char *id;
    size_t entity;
    double value;
    size_t rank;
};

static int cmp_leader(const void *pa, const void *pb)
{
    const struct leader *a = pa, *b = pb;
    if (a->rank != b->rank) /* unranked (0) last */
        return a->rank == 0 ? 1 : b->rank == 0 ? -1 : a->rank < b->rank ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* tl[i].theme = the model index of the i-th theme asked for (all declared themes when
 * go names none); every unknown id is reported (with "did you mean") before failing. */
static enum pn_status theme_indices(const struct pn_model *m, const struct pn_graph_options *go,
                                    struct pn_theme_leaders *tl, size_t n, struct pn_diag *d)
{
    enum pn_status st = PN_OK;
    for (size_t i = 0; i < n; i++) {
        size_t ti = i;
        if (go->n_themes > 0) {
            ti = PN_NONE;
            for (size_t j = 0; j < m->n_themes; j++)
                if (strcmp(m->themes[j].id, go->themes[i]) == 0)
                    ti = j;
            if (ti == PN_NONE) {
                const char **ids = pn_xcalloc(m->n_themes + 1, sizeof *ids);
                for (size_t j = 0; j < m->n_themes; j++)
                    ids[j] = m->themes[j].id;
                const char *near = pn_closest(go->themes[i], ids, m->n_themes);
                if (near != NULL)
                    pn_diag_error(d, NULL, "unknown theme '%s' in --theme (did you mean '%s'?)",
                                  go->themes[i], near);
                else
                    pn_diag_error(d, NULL,
                                  "unknown theme '%s' in --theme (the network declares %zu "
                                  "theme%s)",
                                  go->themes[i], m->n_themes, m->n_themes == 1 ? "" : "s");
                free(ids);
                st = PN_EINPUT;
                continue;
            }
        }
        tl[i].theme = ti;
    }
    return st;
}

/* The leading institutions of one theme's network s by PageRank (mx): ranks among the
 * institutions, equal values (to rounding) sharing a rank, the best want kept. */
static void theme_leaders(const struct pn_model *m, const struct snap *s,
                          const struct pn_metrics *mx, size_t want, struct pn_theme_leaders *t)
{
    t->nodes = s->n;
    t->edges = s->edges;
    size_t *inst = pn_xmalloc((s->n + 1) * sizeof *inst);
    size_t k = 0;
    for (size_t v = 0; v < s->n; v++)
        if (m->entities[s->g->view.node_entity[v]].kind == PN_KIND_INSTITUTION)
            inst[k++] = v;
    double *val = pn_xmalloc((k + 1) * sizeof *val);
    size_t *rank = pn_xmalloc((k + 1) * sizeof *rank);
    for (size_t j = 0; j < k; j++)
        val[j] = mx->v[PN_M_PAGERANK][inst[j]];
    pn_scenario_ranks(val, k, true, rank);
    struct leader *lead = pn_xmalloc((k + 1) * sizeof *lead);
    for (size_t j = 0; j < k; j++)
        lead[j] = (struct leader){m->entities[s->g->view.node_entity[inst[j]]].id,
                                  s->g->view.node_entity[inst[j]], val[j], rank[j]};
    if (k > 1)
        qsort(lead, k, sizeof *lead, cmp_leader);
    size_t take = k < want ? k : want;
    t->entity = pn_xcalloc(take + 1, sizeof *t->entity);
    t->pagerank = pn_xcalloc(take + 1, sizeof *t->pagerank);
    t->rank = pn_xcalloc(take + 1, sizeof *t->rank);
    for (size_t j = 0; j < take; j++) {
        t->entity[j] = lead[j].entity;
        t->pagerank[j] = lead[j].value;
        t->rank[j] = lead[j].rank;
    }
    free(lead);
    free(rank);
    free(val);
    t->n = take;
    free(inst);
}

/* Build and analyse the network filtered to theme t->theme and fill t's leaders. */
static enum pn_status theme_one(const struct pn_model *m, const struct pn_graph_options *go,
                                const struct pn_analysis_options *ao, size_t want,
                                struct pn_theme_leaders *t, struct pn_diag *d)
{
    struct pn_graph_options g = *go;
    const char *theme = m->themes[t->theme].id;
    g.themes = &theme;
    g.n_themes = 1;
    struct snap s;
    struct pn_metrics mx;
    memset(&mx, 0, sizeof mx);
    /* nothing tagged with the theme: an empty network, not an error */
    enum pn_status st = snap_take(m, &g, true, false, &s, d);
    if (st == PN_OK && s.g != NULL && s.n > 0 &&
        (st = pn_analysis_run(s.g, ao, &mx, d)) == PN_OK)
        theme_leaders(m, &s, &mx, want, t);
    pn_metrics_destroy(&mx);
    snap_free(&s);
    return st;
}

enum pn_status pn_scenario_themes(const struct pn_model *m, const struct pn_graph_options *go,
                                  const struct pn_analysis_options *ao, long top,
                                  struct pn_theme_leaders **out, size_t *n_out, struct pn_diag *d)
{
    *out = NULL;
    *n_out = 0;
    size_t want = top > 0 ? (size_t)top : 5;
    size_t n = go->n_themes > 0 ? go->n_themes : m->n_themes;
    struct pn_theme_leaders *tl = pn_xcalloc(n + 1, sizeof *tl);
    enum pn_status st;
    if ((st = theme_indices(m, go, tl, n, d)) != PN_OK)
        goto out;
    if (go->focus != NULL && resolve_ids(m, &go->focus, 1, "--focus", NULL, NULL, d) != PN_OK) {
        st = PN_EINPUT;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if ((st = theme_one(m, go, ao, want, &tl[i], d)) != PN_OK)
            goto out;
    st = PN_OK;
out:
    if (st != PN_OK) {
        pn_scenario_themes_free(tl, n);
        return st;
    }
    *out = tl;
    *n_out = n;
    return PN_OK;
}

void pn_scenario_themes_write(struct pn_strbuf *sb, const struct pn_model *m,
                              const struct pn_theme_leaders *tl, size_t n, enum pn_format f)
{
    static const char *const flat_cols[] = {"theme", "label", "nodes",   "edges",    "rank",
                                            "id",    "name",  "country", "pagerank", NULL};
    static const char *const lead_cols[] = {"rank", "id", "name", "country", "pagerank", NULL};
    if (f == PN_FMT_CSV) {
        struct pn_table t;
        pn_table_init(&t, NULL, flat_cols);
        for (size_t i = 0; i < n; i++) {
            const struct pn_theme *th = &m->themes[tl[i].theme];
            for (size_t j = 0; j < tl[i].n || (j == 0 && tl[i].n == 0); j++) {
                size_t r = pn_table_row(&t);
                pn_table_text(&t, r, 0, th->id);
                pn_table_text(&t, r, 1, th->label ? th->label : th->id);
                pn_table_int(&t, r, 2, (long long)tl[i].nodes);
                pn_table_int(&t, r, 3, (long long)tl[i].edges);
                if (tl[i].n == 0)
                    break;
                const struct pn_entity *e = &m->entities[tl[i].entity[j]];
                pn_table_int(&t, r, 4, (long long)tl[i].rank[j]);
                pn_table_text(&t, r, 5, e->id);
                pn_table_text(&t, r, 6, e->name);
                pn_table_text(&t, r, 7, e->country);
                pn_table_real(&t, r, 8, tl[i].pagerank[j]);
            }
        }
        pn_table_write(sb, &t, f);
        pn_table_destroy(&t);
        return;
    }
    if (f == PN_FMT_JSON)
        pn_strbuf_append(sb, n ? "[\n" : "[]\n");
    for (size_t i = 0; i < n; i++) {
        const struct pn_theme *th = &m->themes[tl[i].theme];
        struct pn_table t;
        pn_table_init(&t, NULL, lead_cols);
        for (size_t j = 0; j < tl[i].n; j++) {
            const struct pn_entity *e = &m->entities[tl[i].entity[j]];
            size_t r = pn_table_row(&t);
            pn_table_int(&t, r, 0, (long long)tl[i].rank[j]);
            pn_table_text(&t, r, 1, e->id);
            pn_table_text(&t, r, 2, e->name);
            pn_table_text(&t, r, 3, e->country);
            pn_table_real(&t, r, 4, tl[i].pagerank[j]);
        }
        if (f == PN_FMT_JSON) {
            pn_strbuf_append(sb, "  {\"theme\": ");
            pn_strbuf_append_json(sb, th->id);
            pn_strbuf_append(sb, ", \"label\": ");
            pn_strbuf_append_json(sb, th->label ? th->label : th->id);
            pn_strbuf_appendf(sb, ", \"nodes\": %zu, \"edges\": %zu, \"leaders\": ", tl[i].nodes,
                              tl[i].edges);
            pn_table_json(sb, &t, 2);
            pn_strbuf_appendf(sb, "}%s\n", i + 1 < n ? "," : "");
        } else {
            pn_strbuf_appendf(sb, "%sTheme '%s': ", i ? "\n" : "", th->id);
            append_plain(sb, th->label ? th->label : th->id);
            pn_strbuf_appendf(sb, " (%zu nodes, %zu edges)\n", tl[i].nodes, tl[i].edges);
            if (tl[i].n == 0)
                pn_strbuf_append(sb, "no institution has a tie or group tagged with it\n");
            else
                pn_table_write(sb, &t, f);
        }
        pn_table_destroy(&t);
    }
    if (f == PN_FMT_JSON && n)
        pn_strbuf_append(sb, "]\n");
}
