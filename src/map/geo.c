/*
 * geo: the geographic map (issue 9). An equal-area projection fitted to the data
 * (Lambert azimuthal equal-area centred on the data for a region, Equal Earth for the
 * world), the Natural Earth basemap compiled in from data/basemap/world.txt
 * (scripts/basemap.py), an inset that zooms the densest area, and leader lines from
 * nodes moved apart (partners in the same city) to their true place. Nothing is
 * clamped to the frame: far partners are where they are. Drawn as xdot operations
 * under the map (r->background); the true places are written into the SVG for a reader
 * to check (pn_map_geo_svg). Owns r->geo; never calls Graphviz.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map/map_int.h"

#define GEO_PI 3.14159265358979323846
#define GEO_DEG (GEO_PI / 180.0)
#define REGION_MAX_DEG 50.0 /* data within this of its centre: a regional map */

enum proj { PROJ_LAEA, PROJ_EQUAL_EARTH };

/* The projection and the two screen transforms (main map, inset). */
struct xform {
    double s, ox, oy; /* screen = projected * s + (ox, oy) */
};

struct rgeo {
    enum proj proj;
    double lon0, lat0;   /* centre (radians) */
    struct xform main, zoom, zoom2;
    bool inset;
    struct rect region;  /* the zoomed area in main-map screen coordinates (nested: in the
                          * second inset's) */
    struct rect box;     /* the inset on the canvas */
    struct rect rp;      /* the zoomed area, projected */
    bool inset2, nested; /* a second inset (a world map); the first's area inside it */
    struct rect region2; /* its area on the main map */
    struct rect box2;    /* and on the canvas */
    struct rect area;    /* the map area (the main map's part of it, with insets) */
    double *ax, *ay;     /* true place of each node on screen; NAN: none */
    unsigned char *part; /* where node i is drawn: 0 the main map, 1 the inset, 2 the second */
    char *where;         /* the inset's name: the cities of most of its nodes, or NULL */
    const char *where2;  /* the second inset's: the part of the world it shows, or NULL */
    /* small multiples (the panels' map only): where each node's label may go */
    struct rect *larea;
    size_t cap_larea;
};

/* ------------------------------------------------------------------ */
/* Projections (sphere, radius 1)                                      */

/* Projected (x, y) of a point lam degrees east of the centre meridian (not wrapped:
 * Equal Earth clamps it to the edge of the world) at lat; false where the projection
 * cannot show it. */
static bool project_rel(const struct rgeo *g, double lam, double lat, double *x, double *y)
{
    double phi = lat * GEO_DEG;
    lam = fmax(-180, fmin(180, lam)) * GEO_DEG;
    if (g->proj == PROJ_LAEA) {
        double cc = sin(g->lat0) * sin(phi) + cos(g->lat0) * cos(phi) * cos(lam);
        if (cc < -0.3)
            return false; /* the far side */
        double k = sqrt(2 / (1 + cc));
        *x = k * cos(phi) * sin(lam);
        *y = k * (cos(g->lat0) * sin(phi) - sin(g->lat0) * cos(phi) * cos(lam));
        return true;
    }
    const double a1 = 1.340264, a2 = -0.081106, a3 = 0.000893, a4 = 0.003796;
    double th = asin(sqrt(3) / 2 * sin(phi)), t2 = th * th, t6 = t2 * t2 * t2;
    *x = 2 * sqrt(3) * lam * cos(th) / (3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1));
    *y = th * (a4 * t6 * t2 + a3 * t6 + a2 * t2 + a1);
    return true;
}

/* (lon, lat) in degrees, wrapped around the centre meridian. */
static bool project(const struct rgeo *g, double lon, double lat, double *x, double *y)
{
    return project_rel(g, remainder(lon - g->lon0 / GEO_DEG, 360.0), lat, x, y);
}

static void to_screen(const struct xform *t, double *x, double *y)
{
    *x = *x * t->s + t->ox;
    *y = *y * t->s + t->oy;
}

/* Centre of the located entities and the projection: regional when every one lies
 * within REGION_MAX_DEG of it. Returns how many are located. */
static size_t choose_projection(const struct ctx *c, const struct rmap *r, struct rgeo *g)
{
    double sx = 0, sy = 0, sz = 0;
    size_t n = 0;
    for (size_t i = 0; i < r->n_nodes; i++) {
        size_t e = r->nodes[i].entity;
        if (e == PN_NONE || !c->m->entities[e].has_location)
            continue;
        double la = c->m->entities[e].lat * GEO_DEG, lo = c->m->entities[e].lon * GEO_DEG;
        sx += cos(la) * cos(lo);
        sy += cos(la) * sin(lo);
        sz += sin(la);
        n++;
    }
    g->lon0 = n ? atan2(sy, sx) : 0;
    g->lat0 = n ? atan2(sz, hypot(sx, sy)) : 0;
    double far = 0;
    for (size_t i = 0; i < r->n_nodes; i++) {
        size_t e = r->nodes[i].entity;
        if (e == PN_NONE || !c->m->entities[e].has_location)
            continue;
        double la = c->m->entities[e].lat * GEO_DEG, lo = c->m->entities[e].lon * GEO_DEG;
        double cd = sin(g->lat0) * sin(la) + cos(g->lat0) * cos(la) * cos(lo - g->lon0);
        far = fmax(far, acos(fmax(-1, fmin(1, cd))) / GEO_DEG);
    }
    g->proj = far <= REGION_MAX_DEG ? PROJ_LAEA : PROJ_EQUAL_EARTH;
    if (g->proj == PROJ_EQUAL_EARTH)
        g->lat0 = 0;
    return n;
}

/* The bounding box of the points (px, py; NAN skipped) in *b; false (b untouched) when
 * there are none. */
static bool points_bbox(const double *px, const double *py, size_t n, struct rect *b)
{
    struct rect r = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < n; i++)
        if (!isnan(px[i])) {
            r.x0 = fmin(r.x0, px[i]);
            r.x1 = fmax(r.x1, px[i]);
            r.y0 = fmin(r.y0, py[i]);
            r.y1 = fmax(r.y1, py[i]);
        }
    if (!isfinite(r.x0))
        return false;
    *b = r;
    return true;
}

/* The transform that fits the projected points (px, py; NAN skipped) into rc. */
static struct xform fit_into(const double *px, const double *py, size_t n, struct rect rc,
                             double pad)
{
    struct rect bb = {-1, -1, 1, 1};
    points_bbox(px, py, n, &bb);
    double x0 = bb.x0, y0 = bb.y0, x1 = bb.x1, y1 = bb.y1;
    /* at least about 200 km across (projected units are Earth radii): a map of one
     * city still shows where it is */
    if (x1 - x0 < 0.03) {
        x0 -= (0.03 - (x1 - x0)) / 2;
        x1 = x0 + 0.03;
    }
    if (y1 - y0 < 0.03) {
        y0 -= (0.03 - (y1 - y0)) / 2;
        y1 = y0 + 0.03;
    }
    double w = x1 - x0, h = y1 - y0;
    double s = fmin((rc.x1 - rc.x0 - 2 * pad) / w, (rc.y1 - rc.y0 - 2 * pad) / h);
    struct xform t = {s, (rc.x0 + rc.x1) / 2 - s * (x0 + x1) / 2,
                      (rc.y0 + rc.y1) / 2 - s * (y0 + y1) / 2};
    return t;
}

/* ------------------------------------------------------------------ */
/* The inset: the densest area, zoomed                                 */

static bool in_rect(struct rect rc, double x, double y)
{
    return x >= rc.x0 && x <= rc.x1 && y >= rc.y0 && y <= rc.y1;
}

/* The located nodes (x NAN: none, or not counted) binned for square counts: cells
 * of a quarter of d, each cell's nodes (CSR) and a summed-area table of the counts. */
struct dgrid {
    double x0, y0, h;
    long nx, ny;
    size_t *pre;   /* (nx + 1) * (ny + 1): nodes in the cells below and left of each */
    size_t *start; /* nx * ny + 1: each cell's nodes in idx */
    size_t *idx;
};

static long dgrid_ix(double v, double o, double h, long n)
{
    long i = (long)floor((v - o) / h);
    return i < 0 ? 0 : i >= n ? n - 1 : i;
}

static void dgrid_build(struct dgrid *s, const double *ax, const double *ay, size_t n, double d)
{
    struct rect bb = {0, 0, 0, 0};
    points_bbox(ax, ay, n, &bb);
    double x0 = bb.x0, y0 = bb.y0, x1 = bb.x1, y1 = bb.y1;
    /* a quarter of d, or coarser for a small d over a wide map: cells about 8 per node */
    s->h = d / 4;
    while ((x1 - x0) / s->h * ((y1 - y0) / s->h) > fmax(4096, 8 * (double)n))
        s->h *= 2;
    s->x0 = x0;
    s->y0 = y0;
    s->nx = (long)floor((x1 - x0) / s->h) + 1;
    s->ny = (long)floor((y1 - y0) / s->h) + 1;
    size_t nx = (size_t)s->nx, ny = (size_t)s->ny, cells = nx * ny;
    s->start = pn_xcalloc(cells + 1, sizeof *s->start);
    s->pre = pn_xcalloc((nx + 1) * (ny + 1), sizeof *s->pre);
    s->idx = pn_xcalloc(n ? n : 1, sizeof *s->idx);
    size_t *cell = pn_xcalloc(n ? n : 1, sizeof *cell);
    for (size_t i = 0; i < n; i++) {
        cell[i] = SIZE_MAX;
        if (isnan(ax[i]))
            continue;
        cell[i] = (size_t)dgrid_ix(ay[i], y0, s->h, s->ny) * nx +
                  (size_t)dgrid_ix(ax[i], x0, s->h, s->nx);
        s->start[cell[i] + 1]++;
    }
    for (size_t iy = 0; iy < ny; iy++)
        for (size_t ix = 0; ix < nx; ix++)
            s->pre[(iy + 1) * (nx + 1) + ix + 1] = s->start[iy * nx + ix + 1] +
                                                   s->pre[iy * (nx + 1) + ix + 1] +
                                                   s->pre[(iy + 1) * (nx + 1) + ix] -
                                                   s->pre[iy * (nx + 1) + ix];
    for (size_t k = 0; k < cells; k++)
        s->start[k + 1] += s->start[k];
    size_t *fill = pn_xcalloc(cells ? cells : 1, sizeof *fill);
    for (size_t i = 0; i < n; i++)
        if (cell[i] != SIZE_MAX)
            s->idx[s->start[cell[i]] + fill[cell[i]]++] = i;
    free(fill);
    free(cell);
}

static void dgrid_free(struct dgrid *s)
{
    free(s->pre);
    free(s->start);
    free(s->idx);
}

/* The first and last cell of [lo, hi] along an axis, and the run of cells wholly inside
 * it by a margin (f0 > f1: none): their nodes are counted without a test. */
static void dgrid_span(double lo, double hi, double o, double h, long n, long *c0, long *c1,
                       long *f0, long *f1)
{
    double eps = 1e-6 * (h + fabs(o) + 1);
    *c0 = dgrid_ix(lo, o, h, n);
    *c1 = dgrid_ix(hi, o, h, n);
    *f0 = *c0;
    while (*f0 <= *c1 && o + (double)*f0 * h < lo + eps)
        (*f0)++;
    *f1 = *c1;
    while (*f1 >= *f0 && o + (double)(*f1 + 1) * h > hi - eps)
        (*f1)--;
}

/* How many counted nodes lie within d of (x, y) on both axes: the cells wholly inside
 * from the table, those on the border node by node (the test of the pairwise count). */
static size_t dgrid_count(const struct dgrid *s, const double *ax, const double *ay, double x,
                          double y, double d)
{
    long cx0, cx1, fx0, fx1, cy0, cy1, fy0, fy1;
    dgrid_span(x - d, x + d, s->x0, s->h, s->nx, &cx0, &cx1, &fx0, &fx1);
    dgrid_span(y - d, y + d, s->y0, s->h, s->ny, &cy0, &cy1, &fy0, &fy1);
    size_t k = 0, w = (size_t)s->nx + 1;
    if (fx0 <= fx1 && fy0 <= fy1)
        k = s->pre[(size_t)(fy1 + 1) * w + (size_t)(fx1 + 1)] -
            s->pre[(size_t)fy0 * w + (size_t)(fx1 + 1)] -
            s->pre[(size_t)(fy1 + 1) * w + (size_t)fx0] + s->pre[(size_t)fy0 * w + (size_t)fx0];
    for (long iy = cy0; iy <= cy1; iy++) {
        bool inner_row = iy >= fy0 && iy <= fy1;
        for (long ix = cx0; ix <= cx1; ix++) {
            if (inner_row && ix >= fx0 && ix <= fx1)
                continue;
            size_t c = (size_t)iy * (size_t)s->nx + (size_t)ix;
            for (size_t q = s->start[c]; q < s->start[c + 1]; q++) {
                size_t j = s->idx[q];
                k += fabs(ax[j] - x) <= d && fabs(ay[j] - y) <= d;
            }
        }
    }
    return k;
}

/* The densest area among the nodes at (ax, ay) (NAN: not counted): the node with most
 * of them within d of it on both axes, and the square around those; false when no area
 * holds share10 tenths of `of` nodes (8 at least). The counts come from a grid (dgrid):
 * the same as comparing every pair, which was n^2 (22% of a 4,992-node map). */
static bool dense_region(const double *ax, const double *ay, size_t n, size_t of,
                         size_t share10, double d, struct rect *out)
{
    struct dgrid s;
    dgrid_build(&s, ax, ay, n, d);
    size_t best = PN_NONE, best_n = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(ax[i]))
            continue;
        size_t k = dgrid_count(&s, ax, ay, ax[i], ay[i], d);
        if (k > best_n) {
            best_n = k;
            best = i;
        }
    }
    dgrid_free(&s);
    if (best == PN_NONE || best_n < 8 || 10 * best_n < share10 * of)
        return false;
    double cx = ax[best], cy = ay[best], half = d * 0.5;
    for (size_t j = 0; j < n; j++)
        if (!isnan(ax[j]) && fabs(ax[j] - cx) <= d && fabs(ay[j] - cy) <= d)
            half = fmax(half, fmax(fabs(ax[j] - cx), fabs(ay[j] - cy)));
    half *= 1.25;
    *out = (struct rect){cx - half, cy - half, cx + half, cy + half};
    return true;
}

/* The inset and the main map side by side: the zoomed area (as projected) in a square
 * on the left of the map area, the rest of the data fitted into what is left. */
static void place_inset(struct rgeo *g, const double *px, const double *py, size_t n,
                        double pad)
{
    struct rect a = g->area, rp;
    rp.x0 = (g->region.x0 - g->main.ox) / g->main.s;
    rp.x1 = (g->region.x1 - g->main.ox) / g->main.s;
    rp.y0 = (g->region.y0 - g->main.oy) / g->main.s;
    rp.y1 = (g->region.y1 - g->main.oy) / g->main.s;
    double side = fmin(a.y1 - a.y0, 0.58 * (a.x1 - a.x0));
    g->box = (struct rect){a.x0, a.y1 - side, a.x0 + side, a.y1};
    double zx[2] = {rp.x0, rp.x1}, zy[2] = {rp.y0, rp.y1};
    g->zoom = fit_into(zx, zy, 2, g->box, 12);
    double *ox = pn_xcalloc(n ? n : 1, sizeof *ox), *oy = pn_xcalloc(n ? n : 1, sizeof *oy);
    for (size_t i = 0; i < n; i++) { /* the main map keeps what the inset does not show */
        bool in = !isnan(px[i]) && px[i] >= rp.x0 && px[i] <= rp.x1 && py[i] >= rp.y0 &&
                  py[i] <= rp.y1;
        ox[i] = in ? NAN : px[i];
        oy[i] = in ? NAN : py[i];
    }
    struct rect rest = {g->box.x1 + 24, a.y0, a.x1, a.y1};
    g->main = fit_into(ox, oy, n, rest, pad);
    g->area = rest;
    g->rp = rp;
    g->region = (struct rect){rp.x0 * g->main.s + g->main.ox, rp.y0 * g->main.s + g->main.oy,
                              rp.x1 * g->main.s + g->main.ox, rp.y1 * g->main.s + g->main.oy};
    free(oy);
    free(ox);
}

/* A city of the inset's nodes: its name, its first node and how many are there. */
struct city_run {
    const char *city;
    size_t first, n;
};

static int cmp_city_name(const void *pa, const void *pb)
{
    const struct city_run *a = pa, *b = pb;
    int k = strcmp(a->city, b->city);
    return k ? k : a->first < b->first ? -1 : a->first > b->first;
}

static int cmp_city_first(const void *pa, const void *pb)
{
    const struct city_run *a = pa, *b = pb;
    return a->first < b->first ? -1 : a->first > b->first;
}

/* The inset's name: the one or two cities most of its nodes are in ("Brussels and
 * Nancy"; a new string), or NULL. Each city counted once, by sorting (every node against
 * every other was 7% of a 5,200-node map); ties go to the city met first. */
static char *inset_name(const struct ctx *c, const struct rmap *r, const struct rgeo *g)
{
    struct city_run *v = pn_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof *v);
    size_t m = 0, k = 0;
    for (size_t i = 0; i < r->n_nodes; i++) {
        size_t e = r->nodes[i].entity;
        if (g->part[i] == 1 && e != PN_NONE && c->m->entities[e].city != NULL)
            v[m++] = (struct city_run){c->m->entities[e].city, i, 1};
    }
    qsort(v, m, sizeof *v, cmp_city_name);
    for (size_t i = 0, j; i < m; i = j) { /* one run per city, at its first node */
        for (j = i; j < m && strcmp(v[j].city, v[i].city) == 0; j++)
            ;
        v[k++] = (struct city_run){v[i].city, v[i].first, j - i};
    }
    qsort(v, k, sizeof *v, cmp_city_first);
    const char *top[2] = {NULL, NULL};
    size_t top_n[2] = {0, 0};
    for (size_t i = 0; i < k; i++) {
        if (v[i].n > top_n[0]) {
            top[1] = top[0];
            top_n[1] = top_n[0];
            top[0] = v[i].city;
            top_n[0] = v[i].n;
        } else if (v[i].n > top_n[1]) {
            top[1] = v[i].city;
            top_n[1] = v[i].n;
        }
    }
    free(v);
    if (top[0] == NULL)
        return NULL;
    if (top[1] == NULL || 2 * top_n[1] < top_n[0])
        return pn_xstrdup(top[0]);
    return pn_xasprintf("%s and %s", top[0], top[1]);
}

/* The part of the world around the mean place of the second inset's nodes, its name
 * ("Europe"), or NULL. */
static const char *world_part(const struct ctx *c, const struct rmap *r, const struct rgeo *g)
{
    static const struct {
        double lon0, lon1, lat0, lat1;
        const char *name;
    } parts[] = {{-25, 45, 35, 72, "Europe"},           {34, 63, 12, 42, "Middle East"},
                 {-18, 52, -35, 37, "Africa"},          {-170, -50, 15, 75, "North America"},
                 {-82, -34, -56, 15, "South America"},  {60, 93, 5, 36, "South Asia"},
                 {92, 141, -11, 18, "Southeast Asia"},  {93, 150, 18, 54, "East Asia"},
                 {110, 180, -50, -10, "Oceania"}};
    double sx = 0, sy = 0, sz = 0;
    for (size_t i = 0; i < r->n_nodes; i++) {
        size_t e = r->nodes[i].entity;
        if (g->part[i] != 2 || e == PN_NONE || !c->m->entities[e].has_location)
            continue;
        double la = c->m->entities[e].lat * GEO_DEG, lo = c->m->entities[e].lon * GEO_DEG;
        sx += cos(la) * cos(lo);
        sy += cos(la) * sin(lo);
        sz += sin(la);
    }
    double lon = atan2(sy, sx) / GEO_DEG, lat = atan2(sz, hypot(sx, sy)) / GEO_DEG;
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        if (lon >= parts[k].lon0 && lon <= parts[k].lon1 && lat >= parts[k].lat0 &&
            lat <= parts[k].lat1)
            return parts[k].name;
    return NULL;
}

static struct rect rect_to_screen(struct rect p, const struct xform *t)
{
    return (struct rect){p.x0 * t->s + t->ox, p.y0 * t->s + t->oy, p.x1 * t->s + t->ox,
                         p.y1 * t->s + t->oy};
}

/* The second inset's box across the top of the main part and the main map below it, the
 * two as tall as the first inset; the main map at the height the rest of the world needs
 * at the part's width (38% to 55% of it); rp (the area, projected) widened or heightened
 * to the box's shape. */
static void place_inset2(struct rgeo *g, const double *px, const double *py, size_t n,
                         double pad, struct rect rp)
{
    struct rect a = g->area; /* as tall as the first inset, with which it lines up */
    a.y0 = fmax(a.y0, g->box.y0);
    double x0 = rp.x0, x1 = rp.x1, y0 = rp.y0, y1 = rp.y1; /* what the main map shows */
    for (size_t i = 0; i < n; i++)
        if (!isnan(px[i]) && g->part[i] == 0 && !in_rect(rp, px[i], py[i])) {
            x0 = fmin(x0, px[i]);
            x1 = fmax(x1, px[i]);
            y0 = fmin(y0, py[i]);
            y1 = fmax(y1, py[i]);
        }
    double W = a.x1 - a.x0, H = a.y1 - a.y0;
    double need = (W - 2 * pad) / fmax(0.03, x1 - x0) * fmax(0.03, y1 - y0) + 2 * pad;
    double hm = fmax(0.38 * H, fmin(0.55 * H, need));
    struct rect main = {a.x0, a.y0, a.x1, a.y0 + hm};
    g->box2 = (struct rect){a.x0, a.y0 + hm + 24, a.x1, a.y1};
    double bw = g->box2.x1 - g->box2.x0 - 24, bh = g->box2.y1 - g->box2.y0 - 24;
    double cx = (rp.x0 + rp.x1) / 2, cy = (rp.y0 + rp.y1) / 2;
    double rw = rp.x1 - rp.x0, rh = rp.y1 - rp.y0;
    if (rw * bh < rh * bw)
        rw = rh * bw / bh;
    else
        rh = rw * bh / bw;
    rp = (struct rect){cx - rw / 2, cy - rh / 2, cx + rw / 2, cy + rh / 2};
    double zx[2] = {rp.x0, rp.x1}, zy[2] = {rp.y0, rp.y1};
    g->zoom2 = fit_into(zx, zy, 2, g->box2, 12);
    double *ox = pn_xcalloc(n + 2, sizeof *ox), *oy = pn_xcalloc(n + 2, sizeof *oy);
    for (size_t i = 0; i < n; i++) {
        if (!isnan(px[i]) && g->part[i] != 1)
            g->part[i] = in_rect(rp, px[i], py[i]) ? 2 : 0;
        bool main_node = !isnan(px[i]) && g->part[i] == 0;
        ox[i] = main_node ? px[i] : NAN;
        oy[i] = main_node ? py[i] : NAN;
    }
    ox[n] = rp.x0; /* the area marked on the main map, inside it */
    oy[n] = rp.y0;
    ox[n + 1] = rp.x1;
    oy[n + 1] = rp.y1;
    g->main = fit_into(ox, oy, n + 2, main, pad);
    g->area = main;
    g->region2 = rect_to_screen(rp, &g->main);
    g->region = rect_to_screen(g->rp, g->nested ? &g->zoom2 : &g->main);
    free(oy);
    free(ox);
}

/* A second inset on a world map: when half the located nodes the main map keeps after
 * the first inset (8 at least) lie in an area at most 12% of its side across (Europe,
 * beside a first inset of one region; the same search as the first inset's), and the
 * main map keeps 3 of its own. An area that meets the first inset's takes it in: that
 * one is then marked in the second inset (nested), not on the main map. */
static void second_inset(const struct ctx *c, const struct rmap *r, struct rgeo *g,
                         const double *px, const double *py, double pad)
{
    size_t n = r->n_nodes, m = 0, outside = 0;
    double *sx = pn_xcalloc(n ? n : 1, sizeof *sx), *sy = pn_xcalloc(n ? n : 1, sizeof *sy);
    for (size_t i = 0; i < n; i++) {
        bool main_node = !isnan(px[i]) && g->part[i] == 0;
        sx[i] = main_node ? g->ax[i] : NAN;
        sy[i] = main_node ? g->ay[i] : NAN;
        m += main_node;
    }
    struct rect a = g->area, reg = {0, 0, 0, 0};
    double side = fmin(a.x1 - a.x0, a.y1 - a.y0), d = 0.004 * side;
    while (d < 0.12 * side && !dense_region(sx, sy, n, m, 5, d, &reg))
        d *= 1.4;
    for (size_t i = 0; d < 0.12 * side && i < n; i++)
        outside += !isnan(sx[i]) && !in_rect(reg, sx[i], sy[i]);
    free(sy);
    free(sx);
    if (d >= 0.12 * side || outside < 3)
        return;
    const struct xform *t = &g->main;
    struct rect rp = {(reg.x0 - t->ox) / t->s, (reg.y0 - t->oy) / t->s,
                      (reg.x1 - t->ox) / t->s, (reg.y1 - t->oy) / t->s};
    struct rect q = g->rp;
    if (rp.x0 <= q.x1 && q.x0 <= rp.x1 && rp.y0 <= q.y1 && q.y0 <= rp.y1) {
        g->nested = true;
        rp = (struct rect){fmin(rp.x0, q.x0), fmin(rp.y0, q.y0), fmax(rp.x1, q.x1),
                           fmax(rp.y1, q.y1)};
    }
    g->inset2 = true;
    place_inset2(g, px, py, n, pad, rp);
    for (size_t i = 0; i < n; i++) {
        if (isnan(px[i]))
            continue;
        g->ax[i] = px[i];
        g->ay[i] = py[i];
        to_screen(g->part[i] == 1 ? &g->zoom : g->part[i] == 2 ? &g->zoom2 : &g->main,
                  &g->ax[i], &g->ay[i]);
    }
    g->where2 = world_part(c, r, g);
}

/* ------------------------------------------------------------------ */
/* Placing the nodes                                                   */

/* Nodes without a location sit near the mean of their placed partners, round by round;
 * the rest on a row along the bottom of the map area. */
static void place_unlocated(struct rmap *r, struct rgeo *g, bool *placed)
{
    size_t n = r->n_nodes;
    double *sx = pn_xcalloc(n ? n : 1, sizeof *sx), *sy = pn_xcalloc(n ? n : 1, sizeof *sy);
    size_t *cnt = pn_xcalloc(n ? n : 1, sizeof *cnt);
    for (bool progress = true; progress;) {
        progress = false;
        memset(cnt, 0, n * sizeof *cnt);
        memset(sx, 0, n * sizeof *sx);
        memset(sy, 0, n * sizeof *sy);
        /* partners in an inset count alone if there are any (the first inset's before
         * the second's): one place, not between */
        static const unsigned char pass_part[3] = {1, 2, 0};
        for (int pass = 0; pass < 3; pass++)
            for (size_t i = 0; i < r->n_edges; i++) {
                size_t a = r->edges[i].a, b = r->edges[i].b;
                if (placed[a] == placed[b])
                    continue;
                size_t from = placed[a] ? a : b, to = placed[a] ? b : a;
                unsigned char pp = pass_part[pass];
                if (g->part[from] != pp || (g->part[to] != 0 && g->part[to] != pp))
                    continue;
                sx[to] += r->nodes[from].x;
                sy[to] += r->nodes[from].y;
                cnt[to]++;
                g->part[to] = pp;
            }
        for (size_t i = 0; i < n; i++)
            if (!placed[i] && cnt[i] > 0) {
                double ang = 2.399963 * (double)i; /* deterministic: apart from partners */
                r->nodes[i].x = sx[i] / (double)cnt[i] + 18 * cos(ang);
                r->nodes[i].y = sy[i] / (double)cnt[i] + 18 * sin(ang);
                placed[i] = progress = true;
            }
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!placed[i]) {
            r->nodes[i].x = g->area.x0 + 30 + 40 * (double)k++;
            r->nodes[i].y = g->area.y0 + 20;
            placed[i] = true;
        }
    free(cnt);
    free(sy);
    free(sx);
}

void pn_map_geo_place(struct ctx *c, struct rmap *r, const struct frame *f)
{
    size_t n = r->n_nodes;
    struct rgeo *g = pn_xcalloc(1, sizeof *g);
    r->geo = g;
    g->area = (struct rect){f->ax0, f->ay0, f->ax1, f->ay1};
    g->ax = pn_xcalloc(n ? n : 1, sizeof *g->ax);
    g->ay = pn_xcalloc(n ? n : 1, sizeof *g->ay);
    g->part = pn_xcalloc(n ? n : 1, sizeof *g->part);
    bool *placed = pn_xcalloc(n ? n : 1, sizeof *placed);
    size_t located = choose_projection(c, r, g);
    if (located == 0)
        pn_diag_warning(c->d, NULL, "no entity has a location: the geographic map puts "
                                    "everything on one row");
    double rmax = 0;
    double *px = pn_xcalloc(n ? n : 1, sizeof *px), *py = pn_xcalloc(n ? n : 1, sizeof *py);
    for (size_t i = 0; i < n; i++) {
        size_t e = r->nodes[i].entity;
        rmax = fmax(rmax, r->nodes[i].size / 2);
        px[i] = py[i] = NAN;
        if (e != PN_NONE && c->m->entities[e].has_location &&
            !project(g, c->m->entities[e].lon, c->m->entities[e].lat, &px[i], &py[i]))
            px[i] = py[i] = NAN;
    }
    g->main = fit_into(px, py, n, g->area, rmax + 30);
    for (size_t i = 0; i < n; i++) {
        g->ax[i] = px[i];
        g->ay[i] = py[i];
        if (!isnan(px[i]))
            to_screen(&g->main, &g->ax[i], &g->ay[i]);
    }
    /* the smallest area that holds 60% of the located nodes, if there is one */
    double side = fmin(g->area.x1 - g->area.x0, g->area.y1 - g->area.y0), d = 0.004 * side;
    while (d < 0.12 * side && !dense_region(g->ax, g->ay, n, located, 6, d, &g->region))
        d *= 1.4;
    size_t outside = 0; /* an inset only if the main map keeps a few of its own */
    for (size_t i = 0; d < 0.12 * side && i < n; i++)
        outside += !isnan(g->ax[i]) && !in_rect(g->region, g->ax[i], g->ay[i]);
    if (d < 0.12 * side && outside >= 3) {
        g->inset = true;
        place_inset(g, px, py, n, rmax + 30);
        for (size_t i = 0; i < n; i++) {
            if (isnan(px[i]))
                continue;
            g->ax[i] = px[i];
            g->ay[i] = py[i];
            bool in = false;
            to_screen(&g->main, &g->ax[i], &g->ay[i]);
            in = in_rect(g->region, g->ax[i], g->ay[i]);
            g->part[i] = in;
            g->ax[i] = px[i];
            g->ay[i] = py[i];
            to_screen(in ? &g->zoom : &g->main, &g->ax[i], &g->ay[i]);
        }
        g->where = inset_name(c, r, g);
        if (g->proj == PROJ_EQUAL_EARTH)
            second_inset(c, r, g, px, py, rmax + 30);
    }
    for (size_t i = 0; i < n; i++) {
        r->nodes[i].has_pos = true;
        if (isnan(g->ax[i]))
            continue;
        r->nodes[i].x = g->ax[i];
        r->nodes[i].y = g->ay[i];
        placed[i] = true;
    }
    place_unlocated(r, g, placed);
    free(placed);
    free(py);
    free(px);
}

/* ------------------------------------------------------------------ */
/* The basemap and the marks                                           */

/* Sutherland-Hodgman: the ring (n points, xy pairs) clipped to rc, into out (room for
 * 2n + 8 points); returns its size. */
static size_t clip_ring(const double *in, size_t n, struct rect rc, double *out, double *tmp)
{
    const double *src = in;
    size_t m = n;
    for (int side = 0; side < 4; side++) {
        double *dst = side % 2 == 0 ? tmp : out;
        size_t k = 0;
        for (size_t i = 0; i < m; i++) {
            const double *p = &src[2 * i], *q = &src[2 * ((i + 1) % m)];
            double lim = side == 0 ? rc.x0 : side == 1 ? rc.x1 : side == 2 ? rc.y0 : rc.y1;
            int ax = side < 2 ? 0 : 1;
            double sgn = side % 2 == 0 ? 1 : -1;
            bool pin = sgn * (p[ax] - lim) >= 0, qin = sgn * (q[ax] - lim) >= 0;
            if (pin) {
                dst[2 * k] = p[0];
                dst[2 * k + 1] = p[1];
                k++;
            }
            if (pin != qin) {
                double t = (lim - p[ax]) / (q[ax] - p[ax]);
                dst[2 * k] = p[0] + t * (q[0] - p[0]);
                dst[2 * k + 1] = p[1] + t * (q[1] - p[1]);
                k++;
            }
        }
        src = dst;
        m = k;
    }
    return m;
}

/* The land and border colours of the basemap for the style. */
static void basemap_colours(const struct ctx *c, const char **land, const char **border)
{
    if (c->o->style == PN_STYLE_DARK) {
        *land = "#252A31ff";
        *border = "#414852ff";
    } else if (c->o->style == PN_STYLE_PRINT) {
        *land = "#F0F0F0ff";
        *border = "#B4B4B4ff";
    } else {
        *land = "#E7EAEEff";
        *border = "#B9C0C8ff";
    }
}

/* One ring (lam relative to the centre meridian, lat; degrees) drawn through t, clipped
 * to rc. */
static void draw_ring(struct pn_strbuf *sb, const struct ctx *c, const struct rgeo *g,
                      const double *ll, size_t n, double shift, const struct xform *t,
                      struct rect rc)
{
    double *xy = pn_xcalloc(2 * n + 2, sizeof *xy);
    double *out = pn_xcalloc(4 * n + 16, sizeof *out), *tmp = pn_xcalloc(4 * n + 16, sizeof *tmp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!project_rel(g, ll[2 * i] + shift, ll[2 * i + 1], &xy[2 * k], &xy[2 * k + 1]))
            goto done;
        to_screen(t, &xy[2 * k], &xy[2 * k + 1]);
        k++;
    }
    size_t m = clip_ring(xy, k, rc, out, tmp);
    const char *land, *border;
    basemap_colours(c, &land, &border);
    pn_map_xdot_polygon(sb, out, m, land, border, 0.8);
done:
    free(tmp);
    free(out);
    free(xy);
}

/* Every ring of the basemap through t, clipped to rc. Equal Earth: a ring that crosses
 * the edge of the world is drawn twice, once on each side. */
static void draw_basemap(struct pn_strbuf *sb, const struct ctx *c, const struct rgeo *g,
                         const struct xform *t, struct rect rc)
{
    const char *p = (const char *)pn_basemap_text, *end = p + pn_basemap_size;
    double *ll = NULL;
    size_t cap = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL)
            eol = end;
        if (*p != '#') {
            char *q;
            strtol(p, &q, 10); /* country id */
            size_t n = (size_t)strtoul(q, &q, 10);
            pn_xgrow((void **)&ll, &cap, 2 * n + 2, sizeof *ll);
            double lon = 0, lat = 0, prev = 0;
            bool seam = false;
            for (size_t i = 0; i < n; i++) {
                lon += (double)strtol(q, &q, 10) / 100;
                lat += (double)strtol(q, &q, 10) / 100;
                double lam = remainder(lon - g->lon0 / GEO_DEG, 360.0);
                if (i > 0 && fabs(lam - prev) > 180) { /* unwrapped: continuous */
                    lam += lam < prev ? 360 : -360;
                    seam = true;
                }
                ll[2 * i] = lam;
                ll[2 * i + 1] = lat;
                prev = lam;
            }
            draw_ring(sb, c, g, ll, n, 0, t, rc);
            if (seam && g->proj == PROJ_EQUAL_EARTH)
                draw_ring(sb, c, g, ll, n, ll[0] > 0 ? -360 : 360, t, rc);
        }
        p = eol + 1;
    }
    free(ll);
}

static void rect_ring(struct rect rc, double *xy)
{
    double v[8] = {rc.x0, rc.y0, rc.x1, rc.y0, rc.x1, rc.y1, rc.x0, rc.y1};
    memcpy(xy, v, sizeof v);
}

/* The inset: its box over the main map, its own basemap, the zoomed area marked on the
 * main map (or in the second inset) with lines to the box, and its name. level: the lines
 * straight across to the box's edge, not to its corners (an area marked in the second
 * inset: lines to the first's far corners would cross the main map). */
static void draw_inset(struct pn_strbuf *sb, const struct ctx *c, const struct rgeo *g,
                       struct rect region, struct rect box, const struct xform *zoom,
                       const char *caption, bool level)
{
    double xy[8];
    char bg[16], frame[16], muted[16];
    snprintf(bg, sizeof bg, "%.7sff", c->st->bg);
    snprintf(frame, sizeof frame, "%.7sff", c->st->muted);
    snprintf(muted, sizeof muted, "%.7sff", c->st->muted);
    rect_ring(region, xy);
    pn_map_xdot_polygon(sb, xy, 4, NULL, frame, 1.2);
    /* callout: the region's two corners nearest the box to the box's */
    double rcx = (region.x0 + region.x1) / 2, bcx = (box.x0 + box.x1) / 2;
    double rcy = (region.y0 + region.y1) / 2, bcy = (box.y0 + box.y1) / 2;
    bool horiz = fabs(bcx - rcx) > fabs(bcy - rcy);
    for (int q = 0; q < 2; q++) {
        double rx, ry, bx, by;
        if (horiz) {
            rx = bcx > rcx ? region.x1 : region.x0;
            bx = bcx > rcx ? box.x0 : box.x1;
            ry = q ? region.y1 : region.y0;
            by = level ? fmax(box.y0, fmin(box.y1, ry)) : q ? box.y1 : box.y0;
        } else {
            ry = bcy > rcy ? region.y1 : region.y0;
            by = bcy > rcy ? box.y0 : box.y1;
            rx = q ? region.x1 : region.x0;
            bx = level ? fmax(box.x0, fmin(box.x1, rx)) : q ? box.x1 : box.x0;
        }
        pn_strbuf_appendf(sb, "S 18 -setlinewidth(0.80) c 9 -%s L 2 %.2f %.2f %.2f %.2f ",
                          muted, rx, ry, bx, by);
    }
    rect_ring(box, xy);
    pn_map_xdot_polygon(sb, xy, 4, bg, frame, 1.2);
    draw_basemap(sb, c, g, zoom, box);
    pn_map_xdot_polygon(sb, xy, 4, NULL, frame, 1.2);
    if (caption != NULL)
        /* 16 px, as the smallest label (issue 9) */
        pn_strbuf_appendf(sb, "F 16.0 %zu -%s c 9 -%s T %.2f %.2f -1 %.2f %zu -%s ",
                          strlen(c->font), c->font, muted, box.x0 + 8, box.y1 - 20,
                          8.0 * (double)strlen(caption), strlen(caption), caption);
}

/* The insets: the second (its area on the main map) first, as the first inset's area
 * may be marked in it. */
static void draw_insets(struct pn_strbuf *sb, const struct ctx *c, const struct rgeo *g)
{
    if (g->inset2)
        draw_inset(sb, c, g, g->region2, g->box2, &g->zoom2, g->where2, false);
    if (g->inset) {
        char *cap = g->where ? pn_xasprintf("around %s", g->where) : NULL;
        draw_inset(sb, c, g, g->region, g->box, &g->zoom, cap, g->nested);
        free(cap);
    }
}

/* Is node i drawn away from its true place (with a leader line to a dot there)? */
static bool moved_off(const struct rmap *r, const struct rgeo *g, size_t i)
{
    return !isnan(g->ax[i]) && hypot(r->nodes[i].x - g->ax[i], r->nodes[i].y - g->ay[i]) >= 4;
}

bool pn_map_geo_dot(const struct rmap *r, size_t i, double *x, double *y)
{
    const struct rgeo *g = r->geo;
    if (g == NULL || g->ax == NULL || !moved_off(r, g, i))
        return false;
    *x = g->ax[i];
    *y = g->ay[i];
    return true;
}

size_t pn_map_geo_marks(const struct rmap *r, struct rect out[2])
{
    const struct rgeo *g = r->geo;
    size_t n = 0;
    if (g == NULL || g->larea != NULL)
        return 0;
    if (g->inset2)
        out[n++] = g->region2;
    if (g->inset)
        out[n++] = g->region;
    return n;
}

/* Leader lines from nodes moved off their true place, and a dot at that place. */
static void draw_leaders(struct pn_strbuf *sb, const struct ctx *c, const struct rmap *r,
                         const struct rgeo *g)
{
    char col[16];
    snprintf(col, sizeof col, "%.7sff", c->st->muted);
    for (size_t i = 0; i < r->n_nodes; i++) {
        if (!moved_off(r, g, i))
            continue;
        pn_strbuf_appendf(sb, "S 18 -setlinewidth(0.70) S 6 -dashed c 9 -%s C 9 -%s "
                              "L 2 %.2f %.2f %.2f %.2f S 5 -solid E %.2f %.2f 2 2 ",
                          col, col, g->ax[i], g->ay[i], r->nodes[i].x, r->nodes[i].y,
                          g->ax[i], g->ay[i]);
    }
}

/* ------------------------------------------------------------------ */
/* Nodes apart, each near its true place                               */

/* The farthest a node is moved from its place, as a share of its part's shorter side
 * (beyond that it is left where it is, over its neighbours). */
#define SPREAD_REACH 0.45

/* Placed nodes on a uniform grid over the map (cells of the largest node and the gap). */
struct sgrid {
    double x0, y0, cell;
    long nx, ny;
    size_t **c, *n, *cap;
};

static long sgrid_ix(const struct sgrid *s, double v, double o, long n)
{
    long i = (long)floor((v - o) / s->cell);
    return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/* The radius a node keeps clear: its circle, or a box's or hexagon's corners. */
static double node_radius(const struct rnode *rn)
{
    return rn->size / 2 * (strcmp(rn->shape, "circle") == 0 ? 1.0 : 1.2);
}

/* Is (x, y) clear of every placed node (radius rads[j]) for a node of radius rad, gap
 * between? */
static bool spot_free(const struct sgrid *s, const struct rmap *r, const double *rads, double x,
                      double y, double rad, double rmax, double gap)
{
    double reach = rad + rmax + gap;
    long x0 = sgrid_ix(s, x - reach, s->x0, s->nx), x1 = sgrid_ix(s, x + reach, s->x0, s->nx);
    long y0 = sgrid_ix(s, y - reach, s->y0, s->ny), y1 = sgrid_ix(s, y + reach, s->y0, s->ny);
    for (long iy = y0; iy <= y1; iy++)
        for (long ix = x0; ix <= x1; ix++) {
            size_t k = (size_t)(iy * s->nx + ix);
            for (size_t q = 0; q < s->n[k]; q++) {
                size_t j = s->c[k][q];
                const struct rnode *o = &r->nodes[j];
                double need = rad + rads[j] + gap;
                double dx = o->x - x, dy = o->y - y;
                if (dx * dx + dy * dy < need * need)
                    return false;
            }
        }
    return true;
}

struct sorder {
    double key;
    size_t i;
};

static int cmp_sorder(const void *pa, const void *pb)
{
    const struct sorder *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The nearest free spot to node i's place inside rc: rings around it a quarter of the
 * node across apart, each tried from a direction of its own; false if none within
 * reach. */
static bool nearest_free(const struct sgrid *s, const struct rmap *r, const double *rads,
                         size_t i, struct rect rc, double rmax, double gap, double *ox,
                         double *oy)
{
    const struct rnode *rn = &r->nodes[i];
    double rad = rads[i], step = fmax(1.0, rad / 2);
    double reach = SPREAD_REACH * fmin(rc.x1 - rc.x0, rc.y1 - rc.y0);
    double a0 = 2.399963 * (double)i;
    for (long k = 0; (double)k * step <= reach; k++) {
        double rho = (double)k * step;
        long nq = k == 0 ? 1 : (long)ceil(2 * GEO_PI * rho / step);
        /* the ring's points by rotation: (ux, uy) turned by (cd, sd) each time */
        double cd = cos(2 * GEO_PI / (double)nq), sd = sin(2 * GEO_PI / (double)nq);
        double ux = cos(a0), uy = sin(a0);
        for (long q = 0; q < nq; q++) {
            double x = rn->x + rho * ux, y = rn->y + rho * uy, t = ux * cd - uy * sd;
            uy = ux * sd + uy * cd;
            ux = t;
            if (x - rad < rc.x0 || x + rad > rc.x1 || y - rad < rc.y0 || y + rad > rc.y1)
                continue;
            if (spot_free(s, r, rads, x, y, rad, rmax, gap)) {
                *ox = x;
                *oy = y;
                return true;
            }
        }
    }
    return false;
}

void pn_map_geo_spread(struct rmap *r, double gap)
{
    struct rgeo *g = r->geo;
    size_t n = r->n_nodes;
    if (g == NULL || n < 2 || n > PN_MAP_BIG_ABOVE)
        return; /* a big map is a picture of density: every node on its place */
    struct rect all = g->area;
    if (g->inset)
        all = (struct rect){fmin(all.x0, g->box.x0), fmin(all.y0, g->box.y0),
                            fmax(all.x1, g->box.x1), fmax(all.y1, g->box.y1)};
    if (g->inset2)
        all = (struct rect){fmin(all.x0, g->box2.x0), fmin(all.y0, g->box2.y0),
                            fmax(all.x1, g->box2.x1), fmax(all.y1, g->box2.y1)};
    double rmax = 0, *rads = pn_xcalloc(n, sizeof *rads);
    struct sorder *ord = pn_xcalloc(n, sizeof *ord);
    for (size_t i = 0; i < n; i++) {
        rads[i] = node_radius(&r->nodes[i]);
        rmax = fmax(rmax, rads[i]);
        all.x0 = fmin(all.x0, r->nodes[i].x);
        all.x1 = fmax(all.x1, r->nodes[i].x);
        all.y0 = fmin(all.y0, r->nodes[i].y);
        all.y1 = fmax(all.y1, r->nodes[i].y);
        /* the located first, largest first: the largest stay on their place */
        ord[i] = (struct sorder){(isnan(g->ax[i]) ? 0 : 1e9) + r->nodes[i].size, i};
    }
    qsort(ord, n, sizeof *ord, cmp_sorder);
    struct sgrid s = {all.x0 - 1, all.y0 - 1, fmax(4, 2 * rmax + gap), 0, 0, NULL, NULL, NULL};
    s.nx = (long)ceil((all.x1 - all.x0 + 2) / s.cell) + 1;
    s.ny = (long)ceil((all.y1 - all.y0 + 2) / s.cell) + 1;
    size_t cells = (size_t)(s.nx * s.ny);
    s.c = pn_xcalloc(cells, sizeof *s.c);
    s.n = pn_xcalloc(cells, sizeof *s.n);
    s.cap = pn_xcalloc(cells, sizeof *s.cap);
    for (size_t k = 0; k < n; k++) {
        size_t i = ord[k].i;
        struct rnode *rn = &r->nodes[i];
        double x, y;
        struct rect part = g->part[i] == 1 ? g->box : g->part[i] == 2 ? g->box2 : g->area;
        if (nearest_free(&s, r, rads, i, part, rmax, gap, &x, &y)) {
            rn->x = x;
            rn->y = y;
        }
        size_t c = (size_t)(sgrid_ix(&s, rn->y, s.y0, s.ny) * s.nx +
                            sgrid_ix(&s, rn->x, s.x0, s.nx));
        pn_xgrow((void **)&s.c[c], &s.cap[c], s.n[c] + 1, sizeof **s.c);
        s.c[c][s.n[c]++] = i;
    }
    for (size_t c = 0; c < cells; c++)
        free(s.c[c]);
    free(s.c);
    free(s.n);
    free(s.cap);
    free(ord);
    free(rads);
}

void pn_map_geo_finish(struct ctx *c, struct rmap *r, const struct frame *f)
{
    struct rgeo *g = r->geo;
    if (g == NULL)
        return;
    (void)f;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    draw_basemap(&sb, c, g, &g->main, g->area);
    draw_insets(&sb, c, g);
    draw_leaders(&sb, c, r, g);
    free(r->background);
    r->background = pn_strbuf_detach(&sb);
}

struct rect pn_map_geo_label_area(const struct rmap *r, size_t i, struct rect area)
{
    const struct rgeo *g = r->geo;
    if (g->larea != NULL)
        return g->larea[i];
    if (!g->inset)
        return area;
    if (g->part[i] == 1) /* the box and the margins around it, not over the main map */
        return (struct rect){area.x0, area.y0, fmin(area.x1, g->box.x1 - 2), area.y1};
    area.x0 = fmax(area.x0, g->box.x1 + 2); /* the inset is on the left */
    if (g->inset2 && g->part[i] == 2) /* the second over the main map: above its edge */
        area.y0 = fmax(area.y0, g->box2.y0 + 2);
    else if (g->inset2)
        area.y1 = fmin(area.y1, g->box2.y0 - 2);
    return area;
}

/* ------------------------------------------------------------------ */
/* The true places in the SVG                                          */

struct gid_key {
    char *esc; /* the SVG id as Graphviz writes it ('-' as "&#45;") */
    size_t i;
};

static int cmp_gid_key(const void *pa, const void *pb)
{
    return strcmp(((const struct gid_key *)pa)->esc, ((const struct gid_key *)pb)->esc);
}

static char *gv_escaped_id(const char *gid)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (const char *p = gid; *p; p++) /* (node ids are [a-z0-9_.-], text.c) */
        if (*p == '-')
            pn_strbuf_append(&sb, "&#45;");
        else
            pn_strbuf_appendc(&sb, *p);
    return pn_strbuf_detach(&sb);
}

/* Does s (n bytes) hold the text t? */
static bool has_text(const char *s, size_t n, const char *t)
{
    size_t tl = strlen(t);
    for (size_t i = 0; i + tl <= n; i++)
        if (memcmp(s + i, t, tl) == 0)
            return true;
    return false;
}

char *pn_map_geo_svg(const struct ctx *c, const struct rmap *r, const char *svg, size_t len,
                     size_t *out_len)
{
    const struct rgeo *g = r->geo;
    if (g == NULL || g->ax == NULL)
        return NULL; /* not a geographic map, or its small multiples */
    struct gid_key *keys = pn_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof *keys);
    size_t nk = 0;
    for (size_t i = 0; i < r->n_nodes; i++)
        if (!isnan(g->ax[i]) && r->nodes[i].gid != NULL && r->nodes[i].entity != PN_NONE)
            keys[nk++] = (struct gid_key){gv_escaped_id(r->nodes[i].gid), i};
    qsort(keys, nk, sizeof *keys, cmp_gid_key);
    static const char gopen[] = "<g id=\"", graph[] = " class=\"graph\"",
                      node[] = "\" class=\"node ";
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    const char *p = svg, *end = svg + len;
    bool marked = false;
    while (p < end) {
        const char *q = p;
        while (q + sizeof gopen - 1 <= end && memcmp(q, gopen, sizeof gopen - 1) != 0)
            q++;
        if (q + sizeof gopen - 1 > end) {
            pn_strbuf_appendn(&sb, p, (size_t)(end - p));
            break;
        }
        const char *id = q + sizeof gopen - 1, *idend = id;
        while (idend < end && *idend != '"')
            idend++;
        const char *tag_end = memchr(idend, '>', (size_t)(end - idend));
        if (tag_end == NULL) {
            pn_strbuf_appendn(&sb, p, (size_t)(end - p));
            break;
        }
        pn_strbuf_appendn(&sb, p, (size_t)(tag_end - p));
        size_t tl = (size_t)(tag_end - idend);
        if (!marked && has_text(idend, tl, graph)) {
            marked = true; /* the projection, for a reader to check the places with */
            if (g->proj == PROJ_LAEA)
                pn_strbuf_appendf(&sb, " data-projection=\"laea %.6f %.6f\"", g->lon0 / GEO_DEG,
                                  g->lat0 / GEO_DEG);
            else
                pn_strbuf_appendf(&sb, " data-projection=\"equal-earth %.6f 0\"",
                                  g->lon0 / GEO_DEG);
            if (g->inset2) /* the second inset's box and the area it shows, on the main map */
                pn_strbuf_appendf(&sb, " data-inset2=\"%.2f,%.2f,%.2f,%.2f\" data-inset2-area="
                                       "\"%.2f,%.2f,%.2f,%.2f\"",
                                  g->box2.x0, -g->box2.y1, g->box2.x1, -g->box2.y0,
                                  g->region2.x0, -g->region2.y1, g->region2.x1, -g->region2.y0);
        } else if (tl >= sizeof node - 1 && memcmp(idend, node, sizeof node - 1) == 0) {
            char *want = pn_xstrndup(id, (size_t)(idend - id));
            struct gid_key k = {want, 0}, *hit = bsearch(&k, keys, nk, sizeof *keys, cmp_gid_key);
            free(want);
            if (hit != NULL) {
                const struct pn_entity *e = &c->m->entities[r->nodes[hit->i].entity];
                pn_strbuf_appendf(&sb, " data-lonlat=\"%.5f,%.5f\" data-place=\"%.2f,%.2f\"",
                                  e->lon, e->lat, g->ax[hit->i], -g->ay[hit->i]);
            }
        }
        p = tag_end;
    }
    for (size_t k = 0; k < nk; k++)
        free(keys[k].esc);
    free(keys);
    *out_len = sb.len;
    return pn_strbuf_detach(&sb);
}

/* ------------------------------------------------------------------ */
/* Small multiples (--years): each panel is the map, fitted               */

/* t after u: screen = (projected * u.s + u.o) * t.s + t.o. */
static struct xform xform_then(struct xform u, struct xform t)
{
    return (struct xform){u.s * t.s, u.ox * t.s + t.ox, u.oy * t.s + t.oy};
}

static struct rect rect_through(struct rect a, struct xform t)
{
    return (struct rect){a.x0 * t.s + t.ox, a.y0 * t.s + t.oy, a.x1 * t.s + t.ox,
                         a.y1 * t.s + t.oy};
}

/* The label areas of a panel's nodes: the panel less its title, on the node's side of
 * the panel's inset edge (p: the panel's geography). */
static void panel_label_areas(const struct rmap *full, struct rmap *out, const size_t *map,
                              const struct rgeo *p, const double *bb)
{
    if (out->geo == NULL)
        out->geo = pn_xcalloc(1, sizeof *out->geo);
    struct rgeo *og = out->geo;
    pn_xgrow((void **)&og->larea, &og->cap_larea, out->n_nodes ? out->n_nodes : 1,
             sizeof *og->larea);
    for (size_t i = 0; i < full->n_nodes; i++) {
        if (map[i] == PN_NONE)
            continue;
        struct rect a = {bb[0] + 4, bb[1] + 4, bb[2] - 4, bb[3] - 32};
        unsigned char part = full->geo->part[i];
        if (p->inset && part == 1)
            a.x1 = fmin(a.x1, p->box.x1 - 2);
        else if (p->inset)
            a.x0 = fmax(a.x0, p->box.x1 + 2);
        if (p->inset2 && part == 2)
            a.y0 = fmax(a.y0, p->box2.y0 + 2);
        else if (p->inset2 && part != 1)
            a.y1 = fmin(a.y1, p->box2.y0 - 2);
        og->larea[map[i]] = a;
    }
}

void pn_map_geo_panel(struct ctx *c, const struct rmap *full, struct rmap *out,
                      const size_t *map, long panel)
{
    const struct rgeo *g = full->geo;
    if (g == NULL || panel < 0 || (size_t)panel >= out->n_cl)
        return;
    /* the whole drawing of the single map (the inset and the rest) into the panel, less
     * its title, through one uniform scale: the geography keeps its shape */
    struct rect src = g->area;
    if (g->inset)
        src = (struct rect){fmin(src.x0, g->box.x0), fmin(src.y0, g->box.y0),
                            fmax(src.x1, g->box.x1), fmax(src.y1, g->box.y1)};
    if (g->inset2)
        src = (struct rect){fmin(src.x0, g->box2.x0), fmin(src.y0, g->box2.y0),
                            fmax(src.x1, g->box2.x1), fmax(src.y1, g->box2.y1)};
    const double *bb = out->cl[panel].bb;
    struct rect dst = {bb[0] + 8, bb[1] + 8, bb[2] - 8, bb[3] - 34};
    double xs[2] = {src.x0, src.x1}, ys[2] = {src.y0, src.y1};
    struct xform t = fit_into(xs, ys, 2, dst, 0);
    for (size_t i = 0; i < full->n_nodes; i++)
        if (map[i] != PN_NONE) {
            struct rnode *dn = &out->nodes[map[i]];
            dn->x = full->nodes[i].x;
            dn->y = full->nodes[i].y;
            to_screen(&t, &dn->x, &dn->y);
        }
    struct rgeo p = *g; /* the panel's geography: borrowed arrays, transforms composed */
    p.main = xform_then(g->main, t);
    p.zoom = xform_then(g->zoom, t);
    p.area = rect_through(g->area, t);
    p.box = rect_through(g->box, t);
    p.region = rect_through(g->region, t);
    p.zoom2 = xform_then(g->zoom2, t);
    p.box2 = rect_through(g->box2, t);
    p.region2 = rect_through(g->region2, t);
    panel_label_areas(full, out, map, &p, bb);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, out->background ? out->background : "");
    draw_basemap(&sb, c, &p, &p.main, p.area);
    draw_insets(&sb, c, &p);
    free(out->background);
    out->background = pn_strbuf_detach(&sb);
}

void pn_map_geo_free(struct rmap *r)
{
    if (r->geo == NULL)
        return;
    free(r->geo->ax);
    free(r->geo->ay);
    free(r->geo->part);
    free(r->geo->where);
    free(r->geo->larea);
    free(r->geo);
    r->geo = NULL;
}
