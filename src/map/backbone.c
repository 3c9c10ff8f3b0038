/*
 * The backbone of a large full map (issue 9): above PN_BACKBONE_ABOVE nodes (render.h) the
 * full view draws the PN_BACKBONE_K nodes first by the size metric and the lines among them
 * (ties and memberships), and its subtitle says how many were left out (describe.c). A
 * hairball of 2,000 nodes with ten labels says nothing; its 150 most central partners and
 * their ties do. --backbone all draws every node. The alliance view draws the same backbone
 * (its outlines around the members drawn), so that report lays the two out once (issue 12).
 * With positions files the backbone stays: the file holds the nodes drawn (docs/maps.md).
 * Also how many nodes a map draws, for the layouts' limits and the big-map path.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "map/map_int.h"

size_t pn_map_backbone_size(const struct ctx *c)
{
    const struct pn_render_options *o = c->o;
    size_t n = c->v->n_nodes;
    bool view = o->view == PN_VIEW_FULL || o->view == PN_VIEW_ALLIANCE;
    if (o->backbone == 0 || !view || o->n_years > 0 || o->change_from > 0 ||
        o->compare_old != NULL || c->compare || o->whatif != NULL)
        return 0;
    if (o->backbone == PN_BACKBONE_AUTO)
        return n > PN_BACKBONE_ABOVE ? PN_BACKBONE_K : 0;
    return o->backbone > 0 && (size_t)o->backbone < n ? (size_t)o->backbone : 0;
}

/* The number of communities the community map draws (its nodes): the view's, at most
 * PN_MAP_COMMUNITIES_MAX. */
static size_t n_communities(const struct ctx *c)
{
    size_t n = c->v->n_nodes, k = 0;
    if (c->mx == NULL || c->mx->v[PN_M_COMMUNITY] == NULL || c->mx->n < n || n == 0)
        return n;
    double *x = pn_xcalloc(n, sizeof *x);
    memcpy(x, c->mx->v[PN_M_COMMUNITY], n * sizeof *x);
    qsort(x, n, sizeof *x, pn_map_cmp_double);
    for (size_t i = 0; i < n; i++)
        k += i == 0 || x[i] != x[i - 1];
    free(x);
    return k < PN_MAP_COMMUNITIES_MAX ? k : PN_MAP_COMMUNITIES_MAX;
}

/* The alliance view's backbone counts the groups add_groups draws besides it. */
size_t pn_map_drawn_nodes(const struct ctx *c)
{
    if (c->o->view == PN_VIEW_COMMUNITY)
        return n_communities(c);
    if (c->backbone == 0)
        return c->v->n_nodes;
    size_t n_groups = 0;
    if (c->o->view == PN_VIEW_ALLIANCE && c->m != NULL)
        free(pn_map_backbone_keep(c, &n_groups));
    return c->backbone + n_groups;
}

int pn_map_size_metric(const struct pn_metrics *mx, const struct pn_render_options *o)
{
    return mx != NULL && o->size_by >= 0 && o->size_by < PN_M_COUNT && mx->v[o->size_by] != NULL
               ? o->size_by
               : -1;
}

/* The parts of a map context these questions read. */
static void ctx_of(struct ctx *c, const struct pn_model *m, const struct pn_view *v,
                   const struct pn_metrics *mx, const struct pn_render_options *o)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->v = v;
    c->mx = mx;
    c->o = o;
    c->size_metric = pn_map_size_metric(mx, o);
    c->backbone = pn_map_backbone_size(c);
}

size_t pn_render_drawn_nodes(const struct pn_model *m, const struct pn_view *v,
                             const struct pn_metrics *mx, const struct pn_render_options *o)
{
    struct ctx c;
    ctx_of(&c, m, v, mx, o);
    return pn_map_drawn_nodes(&c);
}

const char *pn_render_big_layout(const struct pn_model *m, const struct pn_view *v,
                                 const struct pn_metrics *mx,
                                 const struct pn_render_options *o)
{
    /* (--compare draws two versions: positions are of one) */
    if (o->layout != NULL || (o->view != PN_VIEW_FULL && o->view != PN_VIEW_ALLIANCE) ||
        o->compare_old != NULL || v == NULL)
        return NULL;
    return pn_render_drawn_nodes(m, v, mx, o) > PN_MAP_BIG_ABOVE ? PN_MAP_BIG_LAYOUT : NULL;
}

/* One view node's rank key: the size metric (its sign so that higher is more central;
 * missing values last), then links, then view order. */
struct bb_key {
    double score;
    size_t deg, vn;
};

static int cmp_key(const void *pa, const void *pb)
{
    const struct bb_key *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->deg != b->deg)
        return a->deg > b->deg ? -1 : 1;
    return a->vn < b->vn ? -1 : a->vn > b->vn;
}

/* The alliance view's backbone also draws the PN_BACKBONE_GROUPS groups (alliances,
 * networks) with the most institution members in it (at least 2: an outline), so that
 * its outlines say which groups the most central partners share; returns how many. */
static size_t add_groups(const struct ctx *c, bool *keep)
{
    const struct pn_view *v = c->v;
    size_t n = v->n_nodes, added = 0;
    size_t *cnt = pn_xcalloc(n, sizeof *cnt);
    for (size_t i = 0; i < v->n_edges; i++) {
        const struct pn_edge *e = &v->edges[i];
        if (e->kind == PN_EDGE_MEMBER && keep[e->from] && !keep[e->to] &&
            c->m->entities[v->node_entity[e->from]].kind == PN_KIND_INSTITUTION)
            cnt[e->to]++;
    }
    for (; added < PN_BACKBONE_GROUPS; added++) {
        size_t best = PN_NONE;
        for (size_t i = 0; i < n; i++) /* the most members first, then view order */
            if (!keep[i] && cnt[i] >= 2 && (best == PN_NONE || cnt[i] > cnt[best]))
                best = i;
        if (best == PN_NONE)
            break;
        keep[best] = true;
    }
    free(cnt);
    return added;
}

bool *pn_map_backbone_keep(const struct ctx *c, size_t *n_groups)
{
    *n_groups = 0;
    const struct pn_view *v = c->v;
    size_t n = v->n_nodes;
    if (c->backbone == 0 || c->backbone >= n)
        return NULL;
    struct bb_key *keys = pn_xcalloc(n, sizeof *keys);
    for (size_t i = 0; i < v->n_edges; i++) {
        keys[v->edges[i].from].deg++;
        keys[v->edges[i].to].deg++;
    }
    int k = c->size_metric;
    const double *x = k >= 0 && c->mx != NULL && c->mx->n >= n ? c->mx->v[k] : NULL;
    for (size_t i = 0; i < n; i++) {
        keys[i].vn = i;
        double s = x != NULL ? x[i] : (double)keys[i].deg;
        if (x != NULL && !pn_metric_info[k].higher_is_central)
            s = -s;
        keys[i].score = isnan(s) ? -INFINITY : s;
    }
    qsort(keys, n, sizeof *keys, cmp_key);
    bool *keep = pn_xcalloc(n, sizeof *keep);
    for (size_t i = 0; i < c->backbone; i++)
        keep[keys[i].vn] = true;
    free(keys);
    *n_groups = c->o->view == PN_VIEW_ALLIANCE ? add_groups(c, keep) : 0;
    return keep;
}
