/*
 * The backbone of a large full map (issue 9): above PN_BACKBONE_ABOVE nodes (render.h) the
 * full view draws the PN_BACKBONE_K nodes first by the size metric and the lines among them
 * (ties and memberships), and its subtitle says how many were left out (describe.c). A
 * hairball of 2,000 nodes with ten labels says nothing; its 150 most central partners and
 * their ties do. --backbone all draws every node.
 */
#include <math.h>
#include <stdlib.h>

#include "map/map_int.h"

size_t pn_map_backbone_size(const struct ctx *c)
{
    const struct pn_render_options *o = c->o;
    size_t n = c->v->n_nodes;
    if (o->backbone == 0 || o->view != PN_VIEW_FULL || o->n_years > 0 || o->change_from > 0 ||
        o->compare_old != NULL || c->compare || o->whatif != NULL || o->saved != NULL ||
        o->save_positions != NULL)
        return 0;
    if (o->backbone == PN_BACKBONE_AUTO)
        return n > PN_BACKBONE_ABOVE ? PN_BACKBONE_K : 0;
    return o->backbone > 0 && (size_t)o->backbone < n ? (size_t)o->backbone : 0;
}

size_t pn_map_drawn_nodes(const struct ctx *c)
{
    return c->backbone > 0 ? c->backbone : c->v->n_nodes;
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

bool *pn_map_backbone_keep(const struct ctx *c)
{
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
    return keep;
}
