/*
 * layout: where the nodes of a map go. One table of layouts (Graphviz engines, igraph
 * positions, the geographic projection) from which --layout's names, the checks and the
 * messages come; projection, fitting, overlap removal, cluster layout, label thinning.
 * Must not include Graphviz headers: engines run through draw.c (pn_map_draw_layout).
 * Owns nothing beyond scratch arrays; changes positions and labels of the description.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map/map_int.h"

/* The layouts, one row each: ID, name, kind, node limit (0: none), fallback engine
 * (igraph layouts without positions: the closest Graphviz engine), prism overlap removal,
 * extra graph attributes. dot (hierarchies) and circo (circles of biconnected parts) do
 * not scale: dot ran past 10 minutes on 2,000 nodes even with bounded iterations, and
 * circo crashed (Graphviz 2.42). Fallbacks: fdp is Fruchterman-Reingold-like, neato's
 * stress model generalises Kamada-Kawai, sfdp is the multilevel engine for large
 * networks as DrL. */
#define PN_LAYOUTS(X)                                                                          \
    X(NEATO, "neato", LAYOUT_GRAPHVIZ, 0, NULL, true, NULL)                                    \
    X(FDP, "fdp", LAYOUT_GRAPHVIZ, 0, NULL, true, fdp_attrs)                                   \
    X(SFDP, "sfdp", LAYOUT_GRAPHVIZ, 0, NULL, true, NULL)                                      \
    X(CIRCO, "circo", LAYOUT_GRAPHVIZ, PN_RENDER_MAX_SMALL_LAYOUT, NULL, false, circo_attrs)   \
    X(TWOPI, "twopi", LAYOUT_GRAPHVIZ, 0, NULL, false, twopi_attrs)                            \
    X(DOT, "dot", LAYOUT_GRAPHVIZ, PN_RENDER_MAX_SMALL_LAYOUT, NULL, false, dot_attrs)         \
    X(GEO, "geo", LAYOUT_GEO, 0, NULL, false, NULL)                                            \
    X(FR, "fr", LAYOUT_IGRAPH, 0, "fdp", false, NULL)                                          \
    X(KK, "kk", LAYOUT_IGRAPH, 0, "neato", false, NULL)                                        \
    X(DRL, "drl", LAYOUT_IGRAPH, 0, "sfdp", false, NULL)

static const char *const fdp_attrs[] = {"K", "0.9", NULL};
static const char *const circo_attrs[] = {"mindist", "0.6", NULL};
static const char *const twopi_attrs[] = {"ranksep", "1.6", NULL};
static const char *const dot_attrs[] = {"rankdir", "LR", "nodesep", "0.3", "ranksep", "1.2",
                                        NULL};

#define PN_LAYOUT_ROW(id, name, kind, max, fallback, prism, attrs)                             \
    {name, kind, max, fallback, prism, attrs},
static const struct layout layouts[] = {PN_LAYOUTS(PN_LAYOUT_ROW)};
#undef PN_LAYOUT_ROW
enum { N_LAYOUTS = 0 PN_LAYOUTS(PN_VOCAB_COUNT) };

const char *const pn_render_layouts[N_LAYOUTS + 1] = {PN_LAYOUTS(PN_VOCAB_NAME) NULL};

const struct layout *pn_map_layout_find(const char *name)
{
    for (size_t i = 0; i < N_LAYOUTS; i++)
        if (strcmp(layouts[i].name, name) == 0)
            return &layouts[i];
    return NULL;
}

const struct layout *pn_map_layout_general(void)
{
    return pn_map_layout_find("neato");
}

/* "unknown layout" with the nearest name, or the list of all. */
static void unknown_layout(struct pn_diag *d, const char *name)
{
    const char *near = pn_closest(name, pn_render_layouts, N_LAYOUTS);
    if (near) {
        pn_diag_error(d, NULL, "unknown layout '%s' (did you mean '%s'?)", name, near);
        return;
    }
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; i < N_LAYOUTS; i++)
        pn_strbuf_appendf(&sb, "%s%s", i == 0 ? "" : i + 1 < N_LAYOUTS ? ", " : " or ",
                          layouts[i].name);
    pn_diag_error(d, NULL, "unknown layout '%s'; expected %s", name, pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
}

enum pn_status pn_map_layout_check(const char *name, struct pn_diag *d)
{
    if (name == NULL || pn_map_layout_find(name) != NULL)
        return PN_OK;
    unknown_layout(d, name);
    return PN_EUSAGE;
}

enum pn_status pn_map_layout_choose(struct ctx *c, const struct layout **out)
{
    const struct pn_render_options *o = c->o;
    const struct pn_view *v = c->v;
    const struct layout *lay;
    if (o->layout != NULL) {
        lay = pn_map_layout_find(o->layout);
        if (lay == NULL)
            return pn_map_layout_check(o->layout, c->d);
    } else {
        lay = pn_map_layout_find(o->view == PN_VIEW_GEO                         ? "geo"
                                 : o->view == PN_VIEW_EGO && v->focus != PN_NONE ? "twopi"
                                 : v->n_nodes > 600                              ? "sfdp"
                                                                                 : "neato");
    }
    /* igraph layouts arrive as positions; without them, the nearest engine */
    if (lay->kind == LAYOUT_IGRAPH &&
        (o->positions == NULL || o->view == PN_VIEW_COMMUNITY || o->view == PN_VIEW_ALLIANCE)) {
        if (o->positions == NULL)
            pn_diag_warning(c->d, NULL, "layout '%s': no igraph positions given, used "
                                        "Graphviz '%s'", lay->name, lay->fallback);
        lay = pn_map_layout_find(lay->fallback);
    }
    /* say so instead of hanging */
    size_t n_draw = o->view == PN_VIEW_COMMUNITY ? 0 : v->n_nodes;
    if (lay->max_nodes > 0 && n_draw > lay->max_nodes) {
        pn_diag_error(c->d, NULL, "layout '%s' draws up to %zu nodes; this map has %zu (use "
                                  "sfdp, fdp, twopi, fr or drl)", lay->name, lay->max_nodes,
                      n_draw);
        return PN_EUSAGE;
    }
    *out = lay;
    return PN_OK;
}

static int cmp_double_key(double a, double b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

/* Mercator projection of `location`; returns how many nodes have one. */
static size_t geo_project(struct rmap *r, const struct ctx *c)
{
    const double pi = 3.14159265358979323846, deg = pi / 180.0;
    size_t placed = 0;
    for (size_t i = 0; i < r->n_nodes; i++) {
        struct rnode *rn = &r->nodes[i];
        rn->has_pos = false;
        if (rn->entity == PN_NONE)
            continue;
        const struct pn_entity *e = &c->m->entities[rn->entity];
        if (e->has_location) {
            double lat = fmax(-85, fmin(85, e->lat));
            rn->x = e->lon;
            rn->y = log(tan(pi / 4 + lat * deg / 2)) / deg;
            rn->has_pos = true;
            placed++;
        }
    }
    return placed;
}

/* A few far partners would shrink the region that matters to a dot: the
 * map shows the locations inside Tukey's fences (quartiles -/+ 3 IQR),
 * and partners beyond sit on its edge, in their direction, marked "far". */
static void geo_clamp_far(struct rmap *r, size_t placed)
{
    double *xs = pn_xcalloc(placed, sizeof *xs), *ys = pn_xcalloc(placed, sizeof *ys);
    size_t k = 0;
    for (size_t i = 0; i < r->n_nodes; i++)
        if (r->nodes[i].has_pos) {
            xs[k] = r->nodes[i].x;
            ys[k] = r->nodes[i].y;
            k++;
        }
    qsort(xs, k, sizeof *xs, pn_map_cmp_double);
    qsort(ys, k, sizeof *ys, pn_map_cmp_double);
    size_t lo = k / 4, hi = k - 1 - k / 4;
    double qx = fmax(2.0, xs[hi] - xs[lo]), qy = fmax(2.0, ys[hi] - ys[lo]);
    double x0 = fmax(xs[0], xs[lo] - 3 * qx), x1 = fmin(xs[k - 1], xs[hi] + 3 * qx);
    double y0 = fmax(ys[0], ys[lo] - 3 * qy), y1 = fmin(ys[k - 1], ys[hi] + 3 * qy);
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    for (size_t i = 0; i < r->n_nodes; i++) {
        struct rnode *rn = &r->nodes[i];
        if (!rn->has_pos || (rn->x >= x0 && rn->x <= x1 && rn->y >= y0 && rn->y <= y1))
            continue;
        /* along the ray from the centre to the edge of the box */
        double dx = rn->x - cx, dy = rn->y - cy;
        double t = fmin(dx != 0 ? ((dx > 0 ? x1 : x0) - cx) / dx : INFINITY,
                        dy != 0 ? ((dy > 0 ? y1 : y0) - cy) / dy : INFINITY);
        rn->x = cx + dx * t;
        rn->y = cy + dy * t;
        pn_map_str_append(&rn->cls, " far");
        pn_map_str_append(&rn->label, " ↗");
        pn_map_str_append(&rn->alt, " ↗");
    }
    free(xs);
    free(ys);
}

/* Nodes without a location sit at the mean of their placed partners, round by round
 * (groups: at their members' centre). */
static void geo_from_partners(struct rmap *r)
{
    double *sx = pn_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof *sx);
    double *sy = pn_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof *sy);
    size_t *cnt = pn_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof *cnt);
    bool progress = true;
    while (progress) {
        progress = false;
        memset(cnt, 0, r->n_nodes * sizeof *cnt);
        memset(sx, 0, r->n_nodes * sizeof *sx);
        memset(sy, 0, r->n_nodes * sizeof *sy);
        for (size_t i = 0; i < r->n_edges; i++) {
            struct rnode *a = &r->nodes[r->edges[i].a], *b = &r->nodes[r->edges[i].b];
            if (a->has_pos && !b->has_pos) {
                sx[r->edges[i].b] += a->x;
                sy[r->edges[i].b] += a->y;
                cnt[r->edges[i].b]++;
            } else if (b->has_pos && !a->has_pos) {
                sx[r->edges[i].a] += b->x;
                sy[r->edges[i].a] += b->y;
                cnt[r->edges[i].a]++;
            }
        }
        for (size_t i = 0; i < r->n_nodes; i++)
            if (!r->nodes[i].has_pos && cnt[i] > 0) {
                /* a small deterministic offset so it does not hide a partner */
                double ang = 2.399963 * (double)i;
                r->nodes[i].x = sx[i] / (double)cnt[i] + 0.3 * cos(ang);
                r->nodes[i].y = sy[i] / (double)cnt[i] + 0.3 * sin(ang);
                r->nodes[i].has_pos = true;
                progress = true;
            }
    }
    free(sx);
    free(sy);
    free(cnt);
}

/* Unconnected and unlocated: a row under the map. */
static void geo_row(struct rmap *r)
{
    double minx = INFINITY, miny = INFINITY, maxx = -INFINITY;
    for (size_t i = 0; i < r->n_nodes; i++)
        if (r->nodes[i].has_pos) {
            minx = fmin(minx, r->nodes[i].x);
            maxx = fmax(maxx, r->nodes[i].x);
            miny = fmin(miny, r->nodes[i].y);
        }
    if (!isfinite(minx)) {
        minx = 0;
        maxx = 10;
        miny = 0;
    }
    size_t k = 0;
    for (size_t i = 0; i < r->n_nodes; i++)
        if (!r->nodes[i].has_pos) {
            r->nodes[i].x = minx + (double)k++ * fmax(1.0, (maxx - minx) / 20);
            r->nodes[i].y = miny - 1.5;
            r->nodes[i].has_pos = true;
        }
}

/* Geographic layout: Mercator projection of `location`; nodes without one sit
 * at the mean of their placed partners (groups: at their members' centre). */
static void layout_geo(struct ctx *c, struct rmap *r)
{
    size_t placed = geo_project(r, c);
    if (placed == 0)
        pn_diag_warning(c->d, NULL, "no entity has a location: the geographic map puts "
                                    "everything on one row");
    if (placed >= 8)
        geo_clamp_far(r, placed);
    geo_from_partners(r);
    geo_row(r);
}

/* Scale and move positions into the rectangle; stretch lets the two axes
 * scale differently (not for geography). */
static void fit(struct rmap *r, size_t from, size_t to, double x0, double y0, double x1,
                double y1, bool stretch, double *scale_out)
{
    double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY, rmax = 0;
    for (size_t i = from; i < to; i++) {
        minx = fmin(minx, r->nodes[i].x);
        maxx = fmax(maxx, r->nodes[i].x);
        miny = fmin(miny, r->nodes[i].y);
        maxy = fmax(maxy, r->nodes[i].y);
        rmax = fmax(rmax, r->nodes[i].size / 2);
    }
    if (from >= to)
        return;
    double aw = fmax(1, x1 - x0 - 2 * rmax), ah = fmax(1, y1 - y0 - 2 * rmax);
    double bw = maxx - minx, bh = maxy - miny;
    double sx = bw > 1e-9 ? aw / bw : INFINITY, sy = bh > 1e-9 ? ah / bh : INFINITY;
    double s = fmin(sx, sy);
    if (!isfinite(s))
        s = 1;
    if (stretch) {
        sx = isfinite(sx) ? fmin(sx, 1.6 * s) : s;
        sy = isfinite(sy) ? fmin(sy, 1.6 * s) : s;
    } else {
        sx = sy = s;
    }
    double cx = (minx + maxx) / 2, cy = (miny + maxy) / 2;
    double mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
    for (size_t i = from; i < to; i++) {
        r->nodes[i].x = mx + (r->nodes[i].x - cx) * sx;
        r->nodes[i].y = my + (r->nodes[i].y - cy) * sy;
    }
    if (scale_out)
        *scale_out = fmin(sx, sy);
}

/* Uniform grid of rectangles for overlap queries. */
struct grid {
    double cell;
    size_t nb;     /* buckets (power of two) */
    size_t **b;    /* bucket -> rect indices */
    size_t *bn, *bc;
    struct rect *rects;
    size_t n, cap;
};

static void grid_init(struct grid *g, double cell, size_t expect)
{
    memset(g, 0, sizeof *g);
    g->cell = cell;
    g->nb = 1024;
    while (g->nb < 4 * expect)
        g->nb *= 2;
    g->b = pn_xcalloc(g->nb, sizeof *g->b);
    g->bn = pn_xcalloc(g->nb, sizeof *g->bn);
    g->bc = pn_xcalloc(g->nb, sizeof *g->bc);
}

static void grid_free(struct grid *g)
{
    for (size_t i = 0; i < g->nb; i++)
        free(g->b[i]);
    free(g->b);
    free(g->bn);
    free(g->bc);
    free(g->rects);
    memset(g, 0, sizeof *g);
}

static size_t grid_bucket(const struct grid *g, long ix, long iy)
{
    uint64_t h = (uint64_t)ix * 73856093ULL ^ (uint64_t)iy * 19349663ULL;
    return (size_t)(h & (g->nb - 1));
}

static void grid_add(struct grid *g, struct rect rc)
{
    pn_xgrow((void **)&g->rects, &g->cap, g->n + 1, sizeof *g->rects);
    size_t id = g->n++;
    g->rects[id] = rc;
    long ix0 = (long)floor(rc.x0 / g->cell), ix1 = (long)floor(rc.x1 / g->cell);
    long iy0 = (long)floor(rc.y0 / g->cell), iy1 = (long)floor(rc.y1 / g->cell);
    for (long ix = ix0; ix <= ix1; ix++)
        for (long iy = iy0; iy <= iy1; iy++) {
            size_t b = grid_bucket(g, ix, iy);
            if (g->bn[b] > 0 && g->b[b][g->bn[b] - 1] == id)
                continue;
            pn_xgrow((void **)&g->b[b], &g->bc[b], g->bn[b] + 1, sizeof **g->b);
            g->b[b][g->bn[b]++] = id;
        }
}

static bool rect_hit(struct rect a, struct rect b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* Does rc overlap any stored rect other than `skip`? */
static bool grid_hits(const struct grid *g, struct rect rc, size_t skip)
{
    long ix0 = (long)floor(rc.x0 / g->cell), ix1 = (long)floor(rc.x1 / g->cell);
    long iy0 = (long)floor(rc.y0 / g->cell), iy1 = (long)floor(rc.y1 / g->cell);
    if ((ix1 - ix0 + 1) * (iy1 - iy0 + 1) > 4096)
        return true; /* absurdly large: treat as blocked */
    for (long ix = ix0; ix <= ix1; ix++)
        for (long iy = iy0; iy <= iy1; iy++) {
            size_t b = grid_bucket(g, ix, iy);
            for (size_t k = 0; k < g->bn[b]; k++) {
                size_t id = g->b[b][k];
                if (id != skip && rect_hit(rc, g->rects[id]))
                    return true;
            }
        }
    return false;
}

/* Push overlapping nodes apart (pairs found through a grid); deterministic. */
static void remove_overlaps(struct rmap *r, double gap)
{
    size_t n = r->n_nodes;
    if (n < 2)
        return;
    /* cells of about a typical node: a few large items (cluster boxes) are
     * entered in every cell they cover instead of making every cell large */
    double *sz = pn_xcalloc(n, sizeof *sz);
    for (size_t i = 0; i < n; i++)
        sz[i] = r->nodes[i].size;
    qsort(sz, n, sizeof *sz, pn_map_cmp_double);
    double cell = fmax(8.0, 2 * sz[n / 2] + gap);
    free(sz);
    for (int iter = 0; iter < 60; iter++) {
        struct grid g;
        grid_init(&g, cell, n);
        for (size_t i = 0; i < n; i++) {
            double h = r->nodes[i].size / 2;
            grid_add(&g, (struct rect){r->nodes[i].x - h, r->nodes[i].y - h,
                                       r->nodes[i].x + h, r->nodes[i].y + h});
        }
        bool moved = false;
        for (size_t i = 0; i < n; i++) {
            struct rnode *a = &r->nodes[i];
            double h = a->size / 2 + gap;
            long ix0 = (long)floor((a->x - h) / cell), ix1 = (long)floor((a->x + h) / cell);
            long iy0 = (long)floor((a->y - h) / cell), iy1 = (long)floor((a->y + h) / cell);
            for (long ix = ix0; ix <= ix1; ix++)
                for (long iy = iy0; iy <= iy1; iy++) {
                    size_t b = grid_bucket(&g, ix, iy);
                    for (size_t k = 0; k < g.bn[b]; k++) {
                        size_t j = g.b[b][k];
                        if (j <= i)
                            continue;
                        struct rnode *bnode = &r->nodes[j];
                        /* squares, not circles: boxes and cluster frames are square */
                        double need = (a->size + bnode->size) / 2 + gap;
                        double dx = bnode->x - a->x, dy = bnode->y - a->y;
                        double px = need - fabs(dx), py = need - fabs(dy);
                        if (px <= 1e-6 || py <= 1e-6)
                            continue;
                        if (fabs(dx) < 1e-6 && fabs(dy) < 1e-6) {
                            double ang = 2.399963 * (double)(i + j);
                            dx = cos(ang);
                            dy = sin(ang);
                        }
                        if (px < py) { /* the cheaper axis */
                            double push = px / 2 + 0.1;
                            a->x -= (dx >= 0 ? 1 : -1) * push;
                            bnode->x += (dx >= 0 ? 1 : -1) * push;
                        } else {
                            double push = py / 2 + 0.1;
                            a->y -= (dy >= 0 ? 1 : -1) * push;
                            bnode->y += (dy >= 0 ? 1 : -1) * push;
                        }
                        moved = true;
                    }
                }
        }
        grid_free(&g);
        if (!moved)
            break;
    }
}

/* Cluster k on its own: the hub in the middle, members on rings around it by priority
 * (then map order); top[i] = k and the offsets (ox, oy) from the hub for each; mem is
 * scratch. Returns the size of the cluster as one item of the engine layout. */
static double cluster_rings(const struct rmap *r, size_t k, size_t *top, double *ox,
                            double *oy, size_t *mem)
{
    size_t n = r->n_nodes, hub = r->cl[k].hub, nm = 0;
    double smax = 0;
    for (size_t i = 0; i < n; i++)
        if (r->nodes[i].cluster == (long)k && i != hub) {
            mem[nm++] = i;
            smax = fmax(smax, r->nodes[i].size);
        }
    for (size_t a = 1; a < nm; a++) /* by priority, then map order */
        for (size_t b = a; b > 0 && r->nodes[mem[b]].prio > r->nodes[mem[b - 1]].prio; b--) {
            size_t x = mem[b];
            mem[b] = mem[b - 1];
            mem[b - 1] = x;
        }
    top[hub] = k;
    ox[hub] = oy[hub] = 0;
    /* room for a label between ring neighbours, less on large maps */
    double room = n > 300 ? 18 : 64;
    double spacing = smax + room, radius = r->nodes[hub].size / 2 + smax / 2 + room * 0.6;
    size_t placed = 0;
    int ring = 0;
    while (placed < nm) {
        size_t cap = (size_t)floor(2 * 3.14159265358979 * radius / spacing);
        if (cap < 3)
            cap = 3;
        size_t here = nm - placed < cap ? nm - placed : cap;
        for (size_t q = 0; q < here; q++) {
            double ang = 2 * 3.14159265358979 * (double)q / (double)here + 0.5 * ring;
            size_t i = mem[placed + q];
            top[i] = k;
            ox[i] = radius * cos(ang);
            oy[i] = radius * sin(ang);
        }
        placed += here;
        if (placed < nm)
            radius += spacing * 0.75;
        ring++;
    }
    double outer = nm ? radius + smax / 2 : r->nodes[hub].size / 2;
    return 2 * outer + 60; /* box padding and its label */
}

/* Alliance map layout: each cluster is first arranged on its own (hub in
 * the middle, members on rings by priority), then clusters and free nodes are
 * laid out as single items by the engine, fitted and kept apart; members
 * follow their cluster. Graphviz's own cluster layout (fdp) lets boxes overlap. */
static enum pn_status layout_clusters(struct ctx *c, struct rmap *r, const struct layout *lay,
                                      double ax0, double ay0, double ax1, double ay1)
{
    size_t n = r->n_nodes, nk = r->n_cl;
    size_t *top = pn_xcalloc(n ? n : 1, sizeof *top);
    double *ox = pn_xcalloc(n ? n : 1, sizeof *ox);
    double *oy = pn_xcalloc(n ? n : 1, sizeof *oy);
    size_t *mem = pn_xcalloc(n ? n : 1, sizeof *mem);
    struct rmap t = {0};
    for (size_t k = 0; k < nk; k++) {
        struct rnode *tn = pn_map_add_node(&t);
        tn->name = pn_xasprintf("cluster:%zu", k);
    }
    for (size_t i = 0; i < n; i++)
        if (r->nodes[i].cluster < 0) {
            top[i] = t.n_nodes;
            struct rnode *tn = pn_map_add_node(&t);
            tn->name = pn_xstrdup(r->nodes[i].name);
            tn->size = r->nodes[i].size;
            tn->entity = r->nodes[i].entity;
        }
    for (size_t k = 0; k < nk; k++)
        t.nodes[k].size = cluster_rings(r, k, top, ox, oy, mem);
    for (size_t i = 0; i < r->n_edges; i++) {
        size_t a = top[r->edges[i].a], b = top[r->edges[i].b];
        if (a != b)
            pn_map_add_edge(&t, a, b);
    }
    enum pn_status st = pn_map_draw_layout(c, &t, lay);
    if (st == PN_OK) {
        fit(&t, 0, t.n_nodes, ax0, ay0, ax1, ay1 - 24, true, NULL);
        remove_overlaps(&t, 12);
        for (size_t i = 0; i < n; i++) {
            r->nodes[i].x = t.nodes[top[i]].x + ox[i];
            r->nodes[i].y = t.nodes[top[i]].y + oy[i];
            r->nodes[i].has_pos = true;
        }
    }
    pn_map_free(&t);
    free(mem);
    free(oy);
    free(ox);
    free(top);
    return st;
}

/* The nodes that want a label, by priority, highest first (a new array of k). */
static size_t *by_priority(const struct rmap *r, size_t *k_out)
{
    size_t n = r->n_nodes, k = 0;
    struct pi {
        double p;
        size_t i;
    } *pv = pn_xcalloc(n ? n : 1, sizeof *pv);
    for (size_t i = 0; i < n; i++)
        if (r->nodes[i].label != NULL && r->nodes[i].want_label)
            pv[k++] = (struct pi){r->nodes[i].prio, i};
    /* bottom-up merge sort: stable, so equal priorities keep node order */
    struct pi *tmp = pn_xcalloc(k ? k : 1, sizeof *tmp);
    for (size_t width = 1; width < k; width *= 2) {
        for (size_t lo = 0; lo < k; lo += 2 * width) {
            size_t mid = lo + width < k ? lo + width : k;
            size_t hi = lo + 2 * width < k ? lo + 2 * width : k;
            size_t x = lo, y = mid, t = lo;
            while (x < mid && y < hi) {
                bool takey = cmp_double_key(pv[y].p, pv[x].p) > 0;
                tmp[t++] = takey ? pv[y++] : pv[x++];
            }
            while (x < mid)
                tmp[t++] = pv[x++];
            while (y < hi)
                tmp[t++] = pv[y++];
        }
        memcpy(pv, tmp, k * sizeof *pv);
    }
    free(tmp);
    size_t *order = pn_xcalloc(k ? k : 1, sizeof *order);
    for (size_t j = 0; j < k; j++)
        order[j] = pv[j].i;
    free(pv);
    *k_out = k;
    return order;
}

/* The first of 8 places around node i (sides, then corners) where its full label, else
 * its short one, overlaps nothing placed; sets rn->shown. False: no room. */
static bool place_label(struct grid *g, struct rnode *rn, size_t i)
{
    const char *cands[2] = {rn->label, rn->alt};
    for (int t = 0; t < 2 && rn->shown == NULL; t++) {
        if (cands[t] == NULL)
            continue;
        double w, h;
        pn_map_text_box(cands[t], rn->fontsize, &w, &h);
        double s = rn->size / 2 + 2;
        struct rect opts[8] = {
            {rn->x + s, rn->y - h / 2, rn->x + s + w, rn->y + h / 2},
            {rn->x - s - w, rn->y - h / 2, rn->x - s, rn->y + h / 2},
            {rn->x - w / 2, rn->y + s, rn->x + w / 2, rn->y + s + h},
            {rn->x - w / 2, rn->y - s - h, rn->x + w / 2, rn->y - s},
            {rn->x + s * 0.7, rn->y + s * 0.7, rn->x + s * 0.7 + w, rn->y + s * 0.7 + h},
            {rn->x - s * 0.7 - w, rn->y + s * 0.7, rn->x - s * 0.7, rn->y + s * 0.7 + h},
            {rn->x + s * 0.7, rn->y - s * 0.7 - h, rn->x + s * 0.7 + w, rn->y - s * 0.7},
            {rn->x - s * 0.7 - w, rn->y - s * 0.7 - h, rn->x - s * 0.7, rn->y - s * 0.7},
        };
        for (int q = 0; q < 8; q++)
            if (!grid_hits(g, opts[q], i)) {
                grid_add(g, opts[q]);
                rn->shown = cands[t];
                break;
            }
    }
    return rn->shown != NULL;
}

/* Which labels to give Graphviz: greedy by priority, a label that fits
 * nowhere near its node (full text, then the short name) is left out, so
 * Graphviz's own label placement (forcelabels=false) has room. */
size_t pn_map_thin_labels(struct ctx *c, struct rmap *r, struct rect legend)
{
    size_t n = r->n_nodes, dropped = 0, k;
    size_t *order = by_priority(r, &k);
    long limit = c->o->labels_top;
    if (c->o->n_years > 0 && limit < 0)
        limit = 8;
    struct grid g;
    grid_init(&g, 96, n + k);
    for (size_t i = 0; i < n; i++) {
        double h = r->nodes[i].size / 2 + 1;
        grid_add(&g, (struct rect){r->nodes[i].x - h, r->nodes[i].y - h, r->nodes[i].x + h,
                                   r->nodes[i].y + h});
    }
    grid_add(&g, legend);
    size_t given = 0;
    /* small multiples: the limit holds per panel */
    size_t *per = pn_xcalloc(r->n_cl + 1, sizeof *per);
    bool panels = c->o->n_years > 0;
    for (size_t j = 0; j < k; j++) {
        struct rnode *rn = &r->nodes[order[j]];
        size_t *count = panels && rn->cluster >= 0 ? &per[rn->cluster] : &given;
        rn->shown = NULL;
        if (limit >= 0 && (long)*count >= limit)
            continue;
        if (place_label(&g, rn, order[j]))
            (*count)++;
        else
            dropped++;
    }
    free(per);
    grid_free(&g);
    free(order);
    return dropped;
}

enum pn_status pn_map_layout_place(struct ctx *c, struct rmap *r, const struct layout *lay,
                                   const struct frame *f)
{
    if (r->n_cl > 0 && lay->kind != LAYOUT_GEO && c->o->n_years == 0)
        return layout_clusters(c, r, lay, f->ax0, f->ay0, f->ax1, f->ay1); /* fitted */
    if (c->o->saved != NULL && lay->kind != LAYOUT_GEO && pn_map_positions_place(c, r, f))
        return PN_OK; /* issue 10: held nodes stay put, new ones kept clear (positions.c) */
    if (lay->kind == LAYOUT_GEO) {
        layout_geo(c, r);
    } else if (lay->kind == LAYOUT_IGRAPH) {
        /* igraph positions (net/layout_igraph.c), one pair per view node */
        for (size_t i = 0; i < r->n_nodes; i++) {
            size_t vn = c->v->entity_node[r->nodes[i].entity];
            r->nodes[i].x = c->o->positions[2 * vn];
            r->nodes[i].y = c->o->positions[2 * vn + 1];
            r->nodes[i].has_pos = true;
        }
    } else if (pn_map_draw_layout(c, r, lay) != PN_OK) {
        return PN_EIO;
    }
    if (c->o->n_years > 0)
        return PN_OK; /* the panels fit themselves */
    fit(r, 0, r->n_nodes, f->ax0, f->ay0, f->ax1, f->ay1, lay->kind != LAYOUT_GEO, NULL);
    /* igraph's positions are points, not boxes: more room around each node */
    remove_overlaps(r, r->n_nodes > 300 ? 1.5 : lay->kind == LAYOUT_IGRAPH ? 16 : 4);
    return PN_OK;
}
