/*
 * bubble: the region of a group on the alliance map as a bubble set (Collins, Penn and
 * Carpendale 2009, simplified): discs around the members joined by thin capsules along
 * a minimum spanning tree of them, so the outline hugs the members instead of covering
 * everything between them as a convex hull does. The field is positive inside (how far
 * in); its zero contour is traced by marching squares. Non-members are obstacles, as in
 * Collins et al.: the capsules are routed around them (a detour beside each one in the
 * way) and the field is cut by a disc around each (their negative energy), so the
 * outline bends around a non-member instead of covering it. Pure geometry: owns only
 * what it allocates (pn_map_bubble_free).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "map/map_int.h"

/* sqrt(x² + y²): glibc's hypot guards against overflow, which these map coordinates never
 * reach, at several times the cost (it was most of the alliance map's time) */
static double len2d(double x, double y)
{
    return sqrt(x * x + y * y);
}

void pn_map_bubble_build(struct bubble *b, const double *xyr, size_t n, double capsule)
{
    memset(b, 0, sizeof *b);
    b->d = pn_xcalloc(3 * (n ? n : 1), sizeof *b->d);
    memcpy(b->d, xyr, 3 * n * sizeof *b->d);
    b->nd = n;
    b->sr = capsule;
    b->s = pn_xcalloc(4 * (n ? n : 1), sizeof *b->s);
    /* Prim: the tree of shortest gaps between discs, from disc 0 */
    bool *in = pn_xcalloc(n ? n : 1, sizeof *in);
    double *best = pn_xcalloc(n ? n : 1, sizeof *best);
    size_t *from = pn_xcalloc(n ? n : 1, sizeof *from);
    for (size_t i = 0; i < n; i++)
        best[i] = INFINITY;
    size_t cur = 0;
    for (size_t step = 0; n > 0 && step < n; step++) {
        in[cur] = true;
        if (step > 0) {
            double *s = &b->s[4 * b->ns++];
            s[0] = xyr[3 * from[cur]];
            s[1] = xyr[3 * from[cur] + 1];
            s[2] = xyr[3 * cur];
            s[3] = xyr[3 * cur + 1];
        }
        size_t next = PN_NONE;
        for (size_t j = 0; j < n; j++) {
            if (in[j])
                continue;
            double d = len2d(xyr[3 * j] - xyr[3 * cur], xyr[3 * j + 1] - xyr[3 * cur + 1]);
            if (d < best[j]) {
                best[j] = d;
                from[j] = cur;
            }
            if (next == PN_NONE || best[j] < best[next])
                next = j;
        }
        if (next == PN_NONE)
            break;
        cur = next;
    }
    free(from);
    free(best);
    free(in);
}

void pn_map_bubble_free(struct bubble *b)
{
    free(b->d);
    free(b->s);
    free(b->o);
    memset(b, 0, sizeof *b);
}

/* ------------------------------------------------------------------ */
/* Obstacles: capsules routed around them                              */

#define ROUTE_DEPTH 4   /* detours per capsule: at most 2^depth pieces */

/* Distance from (px, py) to the segment (x0, y0)-(x1, y1), and the nearest point. */
static double seg_dist(double x0, double y0, double x1, double y1, double px, double py,
                       double *fx, double *fy)
{
    double ex = x1 - x0, ey = y1 - y0, len2 = ex * ex + ey * ey;
    double t = len2 > 0 ? ((px - x0) * ex + (py - y0) * ey) / len2 : 0;
    t = fmax(0, fmin(1, t));
    *fx = x0 + t * ex;
    *fy = y0 + t * ey;
    return len2d(px - *fx, py - *fy);
}

/* The obstacles in buckets of a uniform grid (each bucket's indices in order), so that
 * routing looks only at the ones near a capsule. */
struct obgrid {
    double x0, y0, cs, emax;
    size_t nx, ny;
    size_t *start, *idx; /* bucket k: idx[start[k] .. start[k + 1]) */
};

#define OBGRID_CELL 16.0

static size_t ob_bucket(const struct obgrid *gr, double x, double y, size_t *bx, size_t *by)
{
    double fx = floor((x - gr->x0) / gr->cs), fy = floor((y - gr->y0) / gr->cs);
    *bx = (size_t)fmin(fmax(fx, 0), (double)gr->nx - 1);
    *by = (size_t)fmin(fmax(fy, 0), (double)gr->ny - 1);
    return *by * gr->nx + *bx;
}

static void obgrid_build(struct obgrid *gr, const double *o, size_t no)
{
    double x1 = -INFINITY, y1 = -INFINITY;
    gr->x0 = gr->y0 = INFINITY;
    gr->emax = 0;
    for (size_t j = 0; j < no; j++) {
        gr->x0 = fmin(gr->x0, o[3 * j]);
        gr->y0 = fmin(gr->y0, o[3 * j + 1]);
        x1 = fmax(x1, o[3 * j]);
        y1 = fmax(y1, o[3 * j + 1]);
        gr->emax = fmax(gr->emax, o[3 * j + 2]);
    }
    gr->cs = OBGRID_CELL;
    gr->nx = no ? (size_t)((x1 - gr->x0) / gr->cs) + 1 : 1;
    gr->ny = no ? (size_t)((y1 - gr->y0) / gr->cs) + 1 : 1;
    if (!isfinite(gr->x0))
        gr->x0 = gr->y0 = 0;
    gr->start = pn_xcalloc(gr->nx * gr->ny + 1, sizeof *gr->start);
    gr->idx = pn_xcalloc(no ? no : 1, sizeof *gr->idx);
    size_t bx, by;
    for (size_t j = 0; j < no; j++)
        gr->start[ob_bucket(gr, o[3 * j], o[3 * j + 1], &bx, &by) + 1]++;
    for (size_t k = 0; k < gr->nx * gr->ny; k++)
        gr->start[k + 1] += gr->start[k];
    size_t *fill = pn_xcalloc(gr->nx * gr->ny + 1, sizeof *fill);
    for (size_t j = 0; j < no; j++) {
        size_t k = ob_bucket(gr, o[3 * j], o[3 * j + 1], &bx, &by);
        gr->idx[gr->start[k] + fill[k]++] = j;
    }
    free(fill);
}

static void obgrid_free(struct obgrid *gr)
{
    free(gr->start);
    free(gr->idx);
}

/* The bucket ranges of the box (x0, y0)-(x1, y1) grown by the largest obstacle radius. */
static void ob_range(const struct obgrid *gr, double x0, double y0, double x1, double y1,
                     size_t r[4])
{
    ob_bucket(gr, x0 - gr->emax, y0 - gr->emax, &r[0], &r[1]);
    ob_bucket(gr, x1 + gr->emax, y1 + gr->emax, &r[2], &r[3]);
}

/* The obstacle whose disc (its radius, at most rcap) comes closest to the segment's
 * axis, if one comes within gap of it (PN_NONE: the way is clear); its nearest point on
 * the segment. */
static size_t in_the_way(const struct obgrid *gr, const double *o, const double *seg,
                         double gap, double rcap, double *fx, double *fy)
{
    size_t best = PN_NONE, r[4];
    double worst = gap, qx, qy;
    double x0 = fmin(seg[0], seg[2]) - gap, x1 = fmax(seg[0], seg[2]) + gap;
    double y0 = fmin(seg[1], seg[3]) - gap, y1 = fmax(seg[1], seg[3]) + gap;
    ob_range(gr, x0, y0, x1, y1, r);
    for (size_t by = r[1]; by <= r[3]; by++)
        for (size_t bx = r[0]; bx <= r[2]; bx++) {
            size_t k = by * gr->nx + bx;
            for (size_t t = gr->start[k]; t < gr->start[k + 1]; t++) {
                size_t j = gr->idx[t];
                double m = fmin(o[3 * j + 2], rcap); /* out of reach: no sqrt */
                if (o[3 * j] < x0 - m || o[3 * j] > x1 + m || o[3 * j + 1] < y0 - m ||
                    o[3 * j + 1] > y1 + m)
                    continue;
                double h = seg_dist(seg[0], seg[1], seg[2], seg[3], o[3 * j], o[3 * j + 1],
                                    &qx, &qy);
                if (h - m < worst || (h - m == worst && best != PN_NONE && j < best)) {
                    worst = h - m;
                    best = j;
                    *fx = qx;
                    *fy = qy;
                }
            }
        }
    return best;
}

/* How far (x, y) is from every obstacle's disc (radius at most rcap; the smallest gap,
 * counted up to far). */
static double clearance(const struct obgrid *gr, const double *o, double x, double y,
                        double rcap, double far)
{
    double c = far;
    size_t r[4];
    ob_range(gr, x - far, y - far, x + far, y + far, r);
    for (size_t by = r[1]; by <= r[3]; by++)
        for (size_t bx = r[0]; bx <= r[2]; bx++) {
            size_t k = by * gr->nx + bx;
            for (size_t t = gr->start[k]; t < gr->start[k + 1]; t++) {
                size_t j = gr->idx[t];
                c = fmin(c, len2d(x - o[3 * j], y - o[3 * j + 1]) - fmin(o[3 * j + 2], rcap));
            }
        }
    return c;
}

static void add_capsule(double **s, size_t *n, size_t *cap, const double *seg)
{
    pn_xgrow((void **)s, cap, 4 * (*n + 1), sizeof **s);
    memcpy(&(*s)[4 * (*n)++], seg, 4 * sizeof *seg);
}

/* Capsule seg into (s, n), with a detour beside the obstacle in its way (the most open
 * of a few places beside it), each piece routed again, depth times at most. Obstacles
 * are taken at their full radius, at most rcap: when the detours run out, the rest of
 * the way is routed again with rcap = emin (in a crowd there is room between the
 * nodes, not between their padded discs). */
static void route(const struct bubble *b, const struct obgrid *gr, const double *seg,
                  double gap, double emin, double rcap, int depth, double **s, size_t *n,
                  size_t *cap)
{
    double fx = 0, fy = 0;
    size_t j = in_the_way(gr, b->o, seg, gap, rcap, &fx, &fy);
    if (j != PN_NONE && depth == 0 && rcap > emin) {
        route(b, gr, seg, gap, emin, emin, ROUTE_DEPTH - 1, s, n, cap);
        return;
    }
    if (j == PN_NONE || depth == 0) {
        add_capsule(s, n, cap, seg);
        return;
    }
    const double *ob = &b->o[3 * j];
    double nx = fx - ob[0], ny = fy - ob[1], len = len2d(nx, ny);
    if (len < 1e-6) { /* right across: perpendicular to the capsule */
        nx = seg[1] - seg[3];
        ny = seg[2] - seg[0];
        len = len2d(nx, ny);
    }
    if (len < 1e-6) {
        add_capsule(s, n, cap, seg);
        return;
    }
    /* beside it, on either side, near or farther out: the most open of these */
    double wx = fx, wy = fy, room = -INFINITY, rad = fmin(ob[2], rcap);
    const double offs[3] = {rad + gap, rad + b->sr + gap, emin + gap};
    for (int q = 0; q < 6; q++) {
        double sg = q % 2 == 0 ? 1 : -1, off = offs[q / 2];
        double x = ob[0] + sg * nx / len * off, y = ob[1] + sg * ny / len * off;
        double c = clearance(gr, b->o, x, y, rcap, 2 * (b->sr + gap));
        if (c > room + 1e-9) {
            room = c;
            wx = x;
            wy = y;
        }
    }
    double a[4] = {seg[0], seg[1], wx, wy}, c[4] = {wx, wy, seg[2], seg[3]};
    route(b, gr, a, gap, emin, rcap, depth - 1, s, n, cap);
    route(b, gr, c, gap, emin, rcap, depth - 1, s, n, cap);
}

void pn_map_bubble_avoid(struct bubble *b, const double *xye, size_t n, double gap,
                         double emin)
{
    free(b->o);
    b->o = pn_xcalloc(3 * (n ? n : 1), sizeof *b->o);
    memcpy(b->o, xye, 3 * n * sizeof *b->o);
    b->no = n;
    double *s = NULL;
    size_t ns = 0, cap = 0;
    struct obgrid gr;
    obgrid_build(&gr, b->o, b->no);
    for (size_t i = 0; i < b->ns; i++)
        route(b, &gr, &b->s[4 * i], gap, emin, INFINITY, ROUTE_DEPTH, &s, &ns, &cap);
    obgrid_free(&gr);
    free(b->s);
    b->s = s;
    b->ns = ns;
    /* an obstacle still within gap of a capsule's axis or a disc's centre would cut the
     * region apart: its disc shrinks to leave the gap, and when that leaves less than
     * emin it is not kept out (it stays inside, and is counted) */
    size_t k = 0;
    for (size_t j = 0; j < b->no; j++) {
        double *ob = &b->o[3 * j], fx, fy;
        for (size_t i = 0; i < b->ns; i++) {
            const double *sg = &b->s[4 * i];
            double m = ob[2] + gap; /* out of reach: no hypot */
            if (ob[0] < fmin(sg[0], sg[2]) - m || ob[0] > fmax(sg[0], sg[2]) + m ||
                ob[1] < fmin(sg[1], sg[3]) - m || ob[1] > fmax(sg[1], sg[3]) + m)
                continue;
            ob[2] = fmin(ob[2], seg_dist(sg[0], sg[1], sg[2], sg[3], ob[0], ob[1], &fx, &fy) - gap);
        }
        for (size_t i = 0; i < b->nd; i++)
            ob[2] = fmin(ob[2], len2d(b->d[3 * i] - ob[0], b->d[3 * i + 1] - ob[1]) - gap);
        if (ob[2] >= emin)
            memmove(&b->o[3 * k++], ob, 3 * sizeof *ob);
    }
    b->no = k;
}

double pn_map_bubble_at(const struct bubble *b, double x, double y, double *nx, double *ny)
{
    double v = -INFINITY, px = x, py = y + 1;
    for (size_t i = 0; i < b->nd; i++) {
        double dx = x - b->d[3 * i], dy = y - b->d[3 * i + 1];
        double f = b->d[3 * i + 2] - len2d(dx, dy);
        if (f > v) {
            v = f;
            px = b->d[3 * i];
            py = b->d[3 * i + 1];
        }
    }
    for (size_t i = 0; i < b->ns; i++) {
        const double *s = &b->s[4 * i];
        double ex = s[2] - s[0], ey = s[3] - s[1], len2 = ex * ex + ey * ey;
        double t = len2 > 0 ? ((x - s[0]) * ex + (y - s[1]) * ey) / len2 : 0;
        t = fmax(0, fmin(1, t));
        double qx = s[0] + t * ex, qy = s[1] + t * ey;
        double f = b->sr - len2d(x - qx, y - qy);
        if (f > v) {
            v = f;
            px = qx;
            py = qy;
        }
    }
    double len = len2d(x - px, y - py);
    *nx = len > 1e-9 ? (x - px) / len : 0;
    *ny = len > 1e-9 ? (y - py) / len : 1;
    return v;
}

/* ------------------------------------------------------------------ */
/* Marching squares                                                    */

struct grid_field {
    double x0, y0, cell;
    size_t nx, ny; /* corners */
    double *v;
};

/* Edge ids: horizontal (i,j)-(i+1,j) first, then vertical (i,j)-(i,j+1). */
static size_t edge_h(const struct grid_field *g, size_t i, size_t j)
{
    return j * (g->nx - 1) + i;
}

static size_t edge_v(const struct grid_field *g, size_t i, size_t j)
{
    return (g->nx - 1) * g->ny + j * g->nx + i;
}

/* Where the field crosses zero on edge e. */
static void edge_point(const struct grid_field *g, size_t e, double *x, double *y)
{
    size_t nh = (g->nx - 1) * g->ny, i, j, i2, j2;
    if (e < nh) {
        j = e / (g->nx - 1);
        i = e % (g->nx - 1);
        i2 = i + 1;
        j2 = j;
    } else {
        j = (e - nh) / g->nx;
        i = (e - nh) % g->nx;
        i2 = i;
        j2 = j + 1;
    }
    double a = g->v[j * g->nx + i], b = g->v[j2 * g->nx + i2];
    double t = fabs(a - b) > 1e-12 ? a / (a - b) : 0.5;
    *x = g->x0 + ((double)i + t * (double)(i2 - i)) * g->cell;
    *y = g->y0 + ((double)j + t * (double)(j2 - j)) * g->cell;
}

/* The segments of cell (i, j) as pairs of edge ids into seg; returns how many pairs. */
static int cell_segments(const struct grid_field *g, size_t i, size_t j, size_t seg[4])
{
    const double *v = g->v;
    size_t nx = g->nx;
    double a = v[j * nx + i], b = v[j * nx + i + 1], c = v[(j + 1) * nx + i + 1],
           d = v[(j + 1) * nx + i];
    int k = (a > 0) | (b > 0) << 1 | (c > 0) << 2 | (d > 0) << 3;
    size_t B = edge_h(g, i, j), T = edge_h(g, i, j + 1), L = edge_v(g, i, j),
           R = edge_v(g, i + 1, j);
    bool mid = (a + b + c + d) / 4 > 0;
    /* the edges each case's boundary crosses; saddles decided by the centre */
    switch (k) {
    case 1: case 14: seg[0] = L; seg[1] = B; return 1;
    case 2: case 13: seg[0] = B; seg[1] = R; return 1;
    case 3: case 12: seg[0] = L; seg[1] = R; return 1;
    case 4: case 11: seg[0] = R; seg[1] = T; return 1;
    case 6: case 9: seg[0] = B; seg[1] = T; return 1;
    case 7: case 8: seg[0] = L; seg[1] = T; return 1;
    case 5:
    case 10:
        if (mid == (k == 5)) { /* b and d cut off */
            seg[0] = B; seg[1] = R; seg[2] = T; seg[3] = L;
        } else {               /* a and c cut off */
            seg[0] = L; seg[1] = B; seg[2] = R; seg[3] = T;
        }
        return 2;
    default:
        return 0;
    }
}

/* A closed loop of the contour: x, y pairs and its signed area. */
struct loop {
    double *p;
    size_t n;
    double area;
};

static double loop_area(const double *p, size_t n)
{
    double a = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = (i + 1) % n;
        a += p[2 * i] * p[2 * j + 1] - p[2 * j] * p[2 * i + 1];
    }
    return a / 2;
}

/* Every loop of the segments (pairs of edge ids), into a new array (*n_out loops). */
static struct loop *all_loops(const struct grid_field *g, const size_t *seg, size_t ns,
                              size_t *n_out)
{
    size_t ne = (g->nx - 1) * g->ny + g->nx * (g->ny - 1), nl = 0, cap = 0;
    size_t *at = pn_xcalloc(2 * ne, sizeof *at); /* segments at each edge, +1 (0: none) */
    for (size_t s = 0; s < ns; s++)
        for (int q = 0; q < 2; q++) {
            size_t e = seg[2 * s + q];
            at[2 * e + (at[2 * e] != 0)] = s + 1;
        }
    bool *used = pn_xcalloc(ns ? ns : 1, sizeof *used);
    double *pts = pn_xcalloc(2 * (ns + 1), sizeof *pts);
    struct loop *loops = NULL;
    for (size_t s0 = 0; s0 < ns; s0++) {
        if (used[s0])
            continue;
        size_t n = 0, s = s0, e = seg[2 * s0];
        while (!used[s]) {
            used[s] = true;
            edge_point(g, e, &pts[2 * n], &pts[2 * n + 1]);
            n++;
            e = seg[2 * s] == e ? seg[2 * s + 1] : seg[2 * s];
            size_t o = at[2 * e] - 1 == s ? at[2 * e + 1] : at[2 * e];
            if (o == 0)
                break;
            s = o - 1;
        }
        if (n < 3)
            continue;
        pn_xgrow((void **)&loops, &cap, nl + 1, sizeof *loops);
        loops[nl].p = pn_xcalloc(2 * n, sizeof *pts);
        memcpy(loops[nl].p, pts, 2 * n * sizeof *pts);
        loops[nl].n = n;
        loops[nl++].area = loop_area(pts, n);
    }
    free(pts);
    free(used);
    free(at);
    *n_out = nl;
    return loops;
}

static bool loop_has(const double *p, size_t n, double x, double y)
{
    bool c = false;
    for (size_t i = 0, j = n - 1; i < n; j = i++)
        if ((p[2 * i + 1] > y) != (p[2 * j + 1] > y) &&
            x < p[2 * i] + (y - p[2 * i + 1]) * (p[2 * j] - p[2 * i]) /
                               (p[2 * j + 1] - p[2 * i + 1]))
            c = !c;
    return c;
}

/* Hole h joined into the loop *o by a bridge of no width between their nearest vertices
 * (the hole walked the other way round), so that the one polygon leaves it out under
 * both fill rules and for a point-in-polygon test. */
static void join_hole(struct loop *o, const struct loop *h)
{
    size_t bi = 0, bj = 0;
    double best = INFINITY;
    for (size_t i = 0; i < h->n; i++)
        for (size_t j = 0; j < o->n; j++) {
            double d = len2d(h->p[2 * i] - o->p[2 * j], h->p[2 * i + 1] - o->p[2 * j + 1]);
            if (d < best) {
                best = d;
                bi = i;
                bj = j;
            }
        }
    bool same = (h->area > 0) == (o->area > 0);
    size_t n = o->n + h->n + 2, k = 0;
    double *p = pn_xcalloc(2 * n, sizeof *p);
    for (size_t j = 0; j <= bj; j++, k++)
        memcpy(&p[2 * k], &o->p[2 * j], 2 * sizeof *p);
    for (size_t t = 0; t <= h->n; t++, k++) {
        size_t i = same ? (bi + h->n - t % h->n) % h->n : (bi + t) % h->n;
        memcpy(&p[2 * k], &h->p[2 * i], 2 * sizeof *p);
    }
    for (size_t j = bj; j < o->n; j++, k++)
        memcpy(&p[2 * k], &o->p[2 * j], 2 * sizeof *p);
    free(o->p);
    o->p = p;
    o->n = k;
}

/* Does every vertex of p after a and before c lie within tol of the line from a to c? */
static bool chord_fits(const double *p, size_t a, size_t c, size_t n, double tol)
{
    const double *pa = &p[2 * a], *pc = &p[2 * (c % n)];
    double ex = pc[0] - pa[0], ey = pc[1] - pa[1], len = len2d(ex, ey);
    for (size_t i = a + 1; i < c; i++) {
        double h = len > 1e-9 ? fabs((p[2 * i] - pa[0]) * ey - (p[2 * i + 1] - pa[1]) * ex) / len
                              : len2d(p[2 * i] - pa[0], p[2 * i + 1] - pa[1]);
        if (h > tol)
            return false;
    }
    return true;
}

/* Drop the vertices of p that the polygon can do without, staying within tol of every
 * vertex dropped (marching squares puts one on every grid edge crossed); returns the
 * new count. */
static size_t simplify(double *p, size_t n, double tol)
{
    if (n < 4)
        return n;
    double *q = pn_xcalloc(2 * n, sizeof *q);
    size_t k = 0, a = 0;
    memcpy(q, p, 2 * sizeof *q);
    k = 1;
    for (size_t i = 1; i < n; i++)
        if (i + 1 == n || !chord_fits(p, a, i + 1, n, tol)) {
            memcpy(&q[2 * k++], &p[2 * i], 2 * sizeof *q);
            a = i;
        }
    memcpy(p, q, 2 * k * sizeof *q);
    free(q);
    return k;
}

/* The outline: the loop of largest area, with the loops inside it (holes, where the
 * region goes round a non-member it encloses) joined in; *out a new array. */
static size_t outline_loop(const struct grid_field *g, const size_t *seg, size_t ns,
                           double **out)
{
    size_t nl = 0, best = 0;
    struct loop *l = all_loops(g, seg, ns, &nl);
    *out = NULL;
    if (nl == 0) {
        free(l);
        return 0;
    }
    for (size_t i = 1; i < nl; i++)
        if (fabs(l[i].area) > fabs(l[best].area))
            best = i;
    struct loop o = l[best];
    o.p = pn_xcalloc(2 * o.n, sizeof *o.p);
    memcpy(o.p, l[best].p, 2 * o.n * sizeof *o.p);
    o.n = simplify(o.p, o.n, 0.35 * g->cell);
    for (size_t i = 0; i < nl; i++) {
        if (i != best && loop_has(l[best].p, l[best].n, l[i].p[0], l[i].p[1])) {
            l[i].n = simplify(l[i].p, l[i].n, 0.35 * g->cell);
            join_hole(&o, &l[i]);
        }
    }
    for (size_t i = 0; i < nl; i++)
        free(l[i].p);
    free(l);
    *out = o.p;
    return o.n;
}

/* The corners of g within reach (radius plus two cells) of the segment (xa, ya)-(xb, yb)
 * (a disc: both ends at its centre): their index ranges, clipped to the grid; false when
 * none. */
static bool reach(const struct grid_field *g, const double *seg, double rad, size_t *i0,
                  size_t *i1, size_t *j0, size_t *j1)
{
    double m = rad + 2 * g->cell;
    double a0 = ceil((fmin(seg[0], seg[2]) - m - g->x0) / g->cell);
    double a1 = floor((fmax(seg[0], seg[2]) + m - g->x0) / g->cell);
    double b0 = ceil((fmin(seg[1], seg[3]) - m - g->y0) / g->cell);
    double b1 = floor((fmax(seg[1], seg[3]) + m - g->y0) / g->cell);
    a0 = fmax(a0, 0);
    b0 = fmax(b0, 0);
    a1 = fmin(a1, (double)g->nx - 1);
    b1 = fmin(b1, (double)g->ny - 1);
    if (a0 > a1 || b0 > b1)
        return false;
    *i0 = (size_t)a0;
    *i1 = (size_t)a1;
    *j0 = (size_t)b0;
    *j1 = (size_t)b1;
    return true;
}

/* The field at every corner of g: each disc and capsule raises the corners within its
 * reach to how far in they are (elsewhere the field stays below -2 cells: outside, and
 * the contour, which is within a cell of a disc or capsule, is exact); each obstacle
 * lowers the corners within its reach to how far out of its disc they are. */
static void field_fill(struct grid_field *g, const struct bubble *b)
{
    for (size_t k = 0; k < g->nx * g->ny; k++)
        g->v[k] = -4 * g->cell;
    size_t i0, i1, j0, j1;
    for (size_t q = 0; q < b->nd + b->ns; q++) {
        const double *d = q < b->nd ? &b->d[3 * q] : NULL;
        const double *s = q < b->nd ? NULL : &b->s[4 * (q - b->nd)];
        double box[4] = {d ? d[0] : s[0], d ? d[1] : s[1], d ? d[0] : s[2], d ? d[1] : s[3]};
        double fx, fy;
        if (!reach(g, box, d ? d[2] : b->sr, &i0, &i1, &j0, &j1))
            continue;
        for (size_t j = j0; j <= j1; j++)
            for (size_t i = i0; i <= i1; i++) {
                double x = g->x0 + (double)i * g->cell, y = g->y0 + (double)j * g->cell;
                double f = d ? d[2] - len2d(x - d[0], y - d[1])
                             : b->sr - seg_dist(s[0], s[1], s[2], s[3], x, y, &fx, &fy);
                g->v[j * g->nx + i] = fmax(g->v[j * g->nx + i], f);
            }
    }
    for (size_t q = 0; q < b->no; q++) {
        const double *o = &b->o[3 * q];
        double box[4] = {o[0], o[1], o[0], o[1]};
        if (!reach(g, box, o[2], &i0, &i1, &j0, &j1))
            continue;
        for (size_t j = j0; j <= j1; j++)
            for (size_t i = i0; i <= i1; i++) {
                double x = g->x0 + (double)i * g->cell, y = g->y0 + (double)j * g->cell;
                g->v[j * g->nx + i] = fmin(g->v[j * g->nx + i], len2d(x - o[0], y - o[1]) - o[2]);
            }
    }
}

double *pn_map_bubble_trace(const struct bubble *b, double cell, size_t *n_out)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < b->nd; i++) {
        x0 = fmin(x0, b->d[3 * i] - b->d[3 * i + 2]);
        x1 = fmax(x1, b->d[3 * i] + b->d[3 * i + 2]);
        y0 = fmin(y0, b->d[3 * i + 1] - b->d[3 * i + 2]);
        y1 = fmax(y1, b->d[3 * i + 1] + b->d[3 * i + 2]);
    }
    for (size_t i = 0; i < 2 * b->ns; i++) { /* capsule ends: detours may lie out */
        x0 = fmin(x0, b->s[2 * i] - b->sr);
        x1 = fmax(x1, b->s[2 * i] + b->sr);
        y0 = fmin(y0, b->s[2 * i + 1] - b->sr);
        y1 = fmax(y1, b->s[2 * i + 1] + b->sr);
    }
    *n_out = 0;
    if (!isfinite(x0))
        return NULL;
    struct grid_field g = {x0 - 2 * cell, y0 - 2 * cell, cell, 0, 0, NULL};
    g.nx = (size_t)ceil((x1 - x0) / cell) + 5;
    g.ny = (size_t)ceil((y1 - y0) / cell) + 5;
    g.v = pn_xcalloc(g.nx * g.ny, sizeof *g.v);
    field_fill(&g, b);
    size_t cap = 0, ns = 0, *seg = NULL;
    for (size_t j = 0; j + 1 < g.ny; j++)
        for (size_t i = 0; i + 1 < g.nx; i++) {
            size_t s[4];
            int k = cell_segments(&g, i, j, s);
            pn_xgrow((void **)&seg, &cap, 2 * (ns + (size_t)k) + 2, sizeof *seg);
            memcpy(&seg[2 * ns], s, 2 * (size_t)k * sizeof *s);
            ns += (size_t)k;
        }
    double *poly = NULL;
    *n_out = outline_loop(&g, seg, ns, &poly);
    free(seg);
    free(g.v);
    return poly;
}
