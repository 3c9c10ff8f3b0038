/*
 * labels: where the labels of a map go, after layout (issue 9). Candidates are ranked
 * by importance (the node's prio: the size metric or --labels-by); each label is tried
 * in turn, most important first, at places around its node (the sides and corners,
 * then rings further out, drawn with a leader line), never over a node, another label
 * or the legend, preferring places no edge crosses. A label placed earlier is never
 * moved, so lower-ranked labels make way for the higher ones.
 * Must not include Graphviz headers (draw.c draws what is decided here).
 * Owns nothing beyond scratch memory; sets shown, lx, ly, lw, lh, lfs, lrank and leader
 * of the nodes of the description.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "map/map_int.h"

/* Default smallest label size (px on a 1920x1080 canvas) and the growth of the most
 * important label over it: 16 to 26 px. */
#define LABEL_MIN_FS 16.0
#define LABEL_GROWTH 0.625
/* Search depth: rings of places around a node for labels that may be left out (auto)
 * and for labels asked for (top:N, all); fewer rings when all of many nodes are asked
 * for, to keep the time linear. */
#define RINGS_AUTO 3
#define RINGS_ASKED 60 /* (the search stops at the first ring no further can beat) */
#define RINGS_ASKED_MANY 5
#define RINGS_FILL 7 /* the label fill's search for places no line crosses */
/* auto: the AUTO_SURE most important labels are placed as if asked for (moved away if
 * need be, even where lines cross them: their halo keeps them readable); of the next,
 * up to AUTO_MAX in all, those that fit where no line crosses them */
#define AUTO_SURE 10
#define AUTO_MAX 100
/* Cost of a place: each edge crossing the label, each ring away from the node. */
#define COST_CROSSING 16.0
#define COST_RING 4.0
#define COST_LEADER 3.0 /* each edge a leader line crosses */

/* A uniform grid over the canvas holding rectangles (nodes, labels, the legend; each
 * with its owner node or SIZE_MAX) and segments (the edges). */
struct lgrid {
    double x0, y0, cell;
    long nx, ny;
    size_t **rc, *rn, *rcap; /* per cell: rect ids */
    size_t **sc, *sn, *scap; /* per cell: segment ids */
    struct rect *rects;
    size_t *owner;
    size_t n_rects, cap_rects, cap_owner;
    double *segs; /* x0 y0 x1 y1 per segment */
    size_t n_segs, cap_segs;
    unsigned *stamp; /* per segment: the query that counted it last */
    unsigned tick;
};

static void lgrid_init(struct lgrid *g, double w, double h, size_t n_segs)
{
    memset(g, 0, sizeof *g);
    g->cell = 48;
    g->x0 = -w;
    g->y0 = -h;
    g->nx = (long)ceil(3 * w / g->cell) + 1; /* room for places beyond the canvas */
    g->ny = (long)ceil(3 * h / g->cell) + 1;
    size_t nc = (size_t)(g->nx * g->ny);
    g->rc = pn_xcalloc(nc, sizeof *g->rc);
    g->rn = pn_xcalloc(nc, sizeof *g->rn);
    g->rcap = pn_xcalloc(nc, sizeof *g->rcap);
    g->sc = pn_xcalloc(nc, sizeof *g->sc);
    g->sn = pn_xcalloc(nc, sizeof *g->sn);
    g->scap = pn_xcalloc(nc, sizeof *g->scap);
    g->stamp = pn_xcalloc(n_segs ? n_segs : 1, sizeof *g->stamp);
}

static void lgrid_free(struct lgrid *g)
{
    size_t nc = (size_t)(g->nx * g->ny);
    for (size_t i = 0; i < nc; i++) {
        free(g->rc[i]);
        free(g->sc[i]);
    }
    free(g->rc);
    free(g->rn);
    free(g->rcap);
    free(g->sc);
    free(g->sn);
    free(g->scap);
    free(g->rects);
    free(g->owner);
    free(g->segs);
    free(g->stamp);
    memset(g, 0, sizeof *g);
}

static long cell_x(const struct lgrid *g, double x)
{
    long i = (long)floor((x - g->x0) / g->cell);
    return i < 0 ? 0 : i >= g->nx ? g->nx - 1 : i;
}

static long cell_y(const struct lgrid *g, double y)
{
    long i = (long)floor((y - g->y0) / g->cell);
    return i < 0 ? 0 : i >= g->ny ? g->ny - 1 : i;
}

static void cell_push(size_t **list, size_t *n, size_t *cap, size_t id)
{
    if (*n > 0 && (*list)[*n - 1] == id)
        return;
    pn_xgrow((void **)list, cap, *n + 1, sizeof **list);
    (*list)[(*n)++] = id;
}

static void lgrid_add_rect(struct lgrid *g, struct rect rc, size_t owner)
{
    pn_xgrow((void **)&g->rects, &g->cap_rects, g->n_rects + 1, sizeof *g->rects);
    pn_xgrow((void **)&g->owner, &g->cap_owner, g->n_rects + 1, sizeof *g->owner);
    size_t id = g->n_rects++;
    g->rects[id] = rc;
    g->owner[id] = owner;
    for (long ix = cell_x(g, rc.x0); ix <= cell_x(g, rc.x1); ix++)
        for (long iy = cell_y(g, rc.y0); iy <= cell_y(g, rc.y1); iy++) {
            size_t c = (size_t)(iy * g->nx + ix);
            cell_push(&g->rc[c], &g->rn[c], &g->rcap[c], id);
        }
}

/* A segment goes into every cell it passes (sampled at a third of a cell). */
static void lgrid_add_seg(struct lgrid *g, double x0, double y0, double x1, double y1)
{
    size_t id = g->n_segs++;
    pn_xgrow((void **)&g->segs, &g->cap_segs, 4 * g->n_segs, sizeof *g->segs);
    double *s = &g->segs[4 * id];
    s[0] = x0;
    s[1] = y0;
    s[2] = x1;
    s[3] = y1;
    double len = hypot(x1 - x0, y1 - y0);
    size_t steps = (size_t)ceil(len / (g->cell / 3)) + 1;
    for (size_t k = 0; k <= steps; k++) {
        double t = (double)k / (double)steps;
        long ix = cell_x(g, x0 + t * (x1 - x0)), iy = cell_y(g, y0 + t * (y1 - y0));
        for (long dx = -1; dx <= 1; dx++) /* neighbours: a thin line near a cell edge */
            for (long dy = -1; dy <= 1; dy++) {
                long cx = ix + dx, cy = iy + dy;
                if (cx < 0 || cy < 0 || cx >= g->nx || cy >= g->ny)
                    continue;
                size_t c = (size_t)(cy * g->nx + cx);
                cell_push(&g->sc[c], &g->sn[c], &g->scap[c], id);
            }
    }
}

static bool rects_hit(struct rect a, struct rect b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* Does rc overlap a stored rectangle that is not the own node's? */
static bool lgrid_blocked(const struct lgrid *g, struct rect rc, size_t self)
{
    for (long ix = cell_x(g, rc.x0); ix <= cell_x(g, rc.x1); ix++)
        for (long iy = cell_y(g, rc.y0); iy <= cell_y(g, rc.y1); iy++) {
            size_t c = (size_t)(iy * g->nx + ix);
            for (size_t k = 0; k < g->rn[c]; k++) {
                size_t id = g->rc[c][k];
                if (g->owner[id] != self && rects_hit(rc, g->rects[id]))
                    return true;
            }
        }
    return false;
}

/* Does the segment cross the rectangle (Liang-Barsky clipping)? */
static bool seg_crosses(const double *s, struct rect r)
{
    double t0 = 0, t1 = 1, dx = s[2] - s[0], dy = s[3] - s[1];
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {s[0] - r.x0, r.x1 - s[0], s[1] - r.y0, r.y1 - s[1]};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = fmax(t0, t);
        else
            t1 = fmin(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

/* How many edges cross rc. */
/* How many edges cross rc, but those that end at the centre of node own (NULL: none):
 * a label inside its node's disc, which those lines leave at its rim. */
static size_t lgrid_crossings_but(struct lgrid *g, struct rect rc, const struct rnode *own)
{
    size_t n = 0;
    g->tick++;
    for (long ix = cell_x(g, rc.x0); ix <= cell_x(g, rc.x1); ix++)
        for (long iy = cell_y(g, rc.y0); iy <= cell_y(g, rc.y1); iy++) {
            size_t c = (size_t)(iy * g->nx + ix);
            for (size_t k = 0; k < g->sn[c]; k++) {
                size_t id = g->sc[c][k];
                if (g->stamp[id] == g->tick)
                    continue;
                g->stamp[id] = g->tick;
                const double *sg = &g->segs[4 * id];
                if (own != NULL && ((sg[0] == own->x && sg[1] == own->y) ||
                                    (sg[2] == own->x && sg[3] == own->y)))
                    continue;
                if (seg_crosses(sg, rc))
                    n++;
            }
        }
    return n;
}

static size_t lgrid_crossings(struct lgrid *g, struct rect rc)
{
    return lgrid_crossings_but(g, rc, NULL);
}

static double cross2(double ax, double ay, double bx, double by)
{
    return ax * by - ay * bx;
}

/* Do segments s (x0 y0 x1 y1) and t cross (touching ends do not count)? */
static bool segs_cross(const double *s, const double *t)
{
    double dx = s[2] - s[0], dy = s[3] - s[1], ex = t[2] - t[0], ey = t[3] - t[1];
    double den = cross2(dx, dy, ex, ey);
    if (fabs(den) < 1e-12)
        return false;
    double u = cross2(t[0] - s[0], t[1] - s[1], ex, ey) / den;
    double v = cross2(t[0] - s[0], t[1] - s[1], dx, dy) / den;
    return u > 1e-6 && u < 1 - 1e-6 && v > 1e-6 && v < 1 - 1e-6;
}

/* How many edges the leader line s crosses. */
static size_t leader_crossings(struct lgrid *g, const double *s)
{
    size_t n = 0;
    g->tick++;
    double len = hypot(s[2] - s[0], s[3] - s[1]);
    size_t steps = (size_t)ceil(len / (g->cell / 2)) + 1;
    for (size_t k = 0; k <= steps; k++) {
        double t = (double)k / (double)steps;
        size_t c = (size_t)(cell_y(g, s[1] + t * (s[3] - s[1])) * g->nx +
                            cell_x(g, s[0] + t * (s[2] - s[0])));
        for (size_t q = 0; q < g->sn[c]; q++) {
            size_t id = g->sc[c][q];
            if (g->stamp[id] == g->tick)
                continue;
            g->stamp[id] = g->tick;
            if (segs_cross(s, &g->segs[4 * id]))
                n++;
        }
    }
    return n;
}

static bool inside(struct rect a, struct rect area)
{
    return a.x0 >= area.x0 && a.y0 >= area.y0 && a.x1 <= area.x1 && a.y1 <= area.y1;
}

/* Candidate place q of ring k for a w x h label of node rn (box centre in *cx, *cy);
 * false when ring k has no place q. Ring 0: the sides, then the corners; ring k > 0:
 * 16 directions (32 beyond the fourth ring), k steps out: of step points (0: the label's
 * height). */
static bool candidate(const struct rnode *rn, double w, double h, double step, int k, int q,
                      double *cx, double *cy)
{
    double s = rn->size / 2 + 3;
    if (k == 0) {
        static const double dir[8][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1},
                                         {0.7, 0.7}, {-0.7, 0.7}, {0.7, -0.7}, {-0.7, -0.7}};
        if (q >= 8)
            return false;
        *cx = rn->x + dir[q][0] * s + (dir[q][0] > 0 ? w / 2 : dir[q][0] < 0 ? -w / 2 : 0);
        *cy = rn->y + dir[q][1] * s + (dir[q][1] > 0 ? h / 2 : dir[q][1] < 0 ? -h / 2 : 0);
        return true;
    }
    int dirs = step > 0 ? 48 : k <= 4 ? 16 : 32; /* far rings: more directions, as their length grows; fine rings: 48 */
    if (q >= dirs)
        return false;
    double a = 2 * 3.14159265358979323846 * (double)q / (double)dirs;
    double ux = cos(a), uy = sin(a), d = s + (double)k * (step > 0 ? step : fmax(h, 14));
    *cx = rn->x + ux * d + ux * w / 2;
    *cy = rn->y + uy * d + uy * h / 2;
    return true;
}

/* The length of the leader line from node rn to a w x h label centred at (cx, cy), as
 * Graphviz draws it: from the node's rim to the box's border, along their centres. */
static double leader_length(const struct rnode *rn, double w, double h, double cx, double cy)
{
    double dx = cx - rn->x, dy = cy - rn->y, d = hypot(dx, dy);
    if (d < 1e-9)
        return 0;
    double tx = fabs(dx) > 1e-9 ? (w / 2) * d / fabs(dx) : INFINITY;
    double ty = fabs(dy) > 1e-9 ? (h / 2) * d / fabs(dy) : INFINITY;
    return fmax(0, d - rn->size / 2 - fmin(tx, ty));
}

/* How far labels may look for a place: rings of step points (0: the label's height), and
 * no leader line longer than max_lead points (INFINITY: any). */
struct reach {
    double step, max_lead;
};

/* The cheapest free place for a w x h label of node i within max_ring rings; false if
 * there is none. Rings are searched outwards until no further ring can be cheaper. With
 * on_halo, lines crossing the label cost nothing (its halo keeps it readable). */
static bool best_place(struct lgrid *g, const struct rmap *r, size_t i, double w, double h,
                       struct rect area, int max_ring, size_t max_cross, bool on_halo,
                       struct reach reach, struct rect *out, int *ring)
{
    double cross_cost = on_halo ? 0 : COST_CROSSING, leader_cost = on_halo ? 0 : COST_LEADER;
    const struct rnode *rn = &r->nodes[i];
    double best = INFINITY;
    /* a ring costs COST_RING per label height out, however fine the rings */
    double ring_cost = COST_RING * (reach.step > 0 ? reach.step / fmax(h, 14) : 1);
    for (int k = 0; k <= max_ring && best > ring_cost * k; k++) {
        double cx, cy;
        for (int q = 0; candidate(rn, w, h, reach.step, k, q, &cx, &cy); q++) {
            struct rect b = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
            if (!inside(b, area) || lgrid_blocked(g, b, i))
                continue;
            if (k > 0 && leader_length(rn, w, h, cx, cy) > reach.max_lead)
                continue;
            size_t crossings = lgrid_crossings(g, b);
            if (crossings > max_cross)
                continue;
            double cost = cross_cost * (double)crossings + ring_cost * k + 0.01 * q;
            if (k > 0 && cost < best) { /* a leader line across edges is a cost too */
                double lead[4] = {rn->x, rn->y, cx, cy};
                cost += leader_cost * (double)leader_crossings(g, lead);
            }
            if (cost < best) {
                best = cost;
                *out = b;
                *ring = k;
            }
        }
    }
    return isfinite(best);
}

void pn_map_label_sizes(const struct ctx *c, double *fs_min, double *fs_max)
{
    double base = c->o->font_size > 0 ? c->o->font_size : LABEL_MIN_FS;
    double k = fmin(c->W / 1920.0, c->H / 1080.0);
    k = fmin(8, fmax(0.75, k));
    *fs_min = base * k;
    *fs_max = *fs_min * (1 + LABEL_GROWTH);
}

struct cand {
    double p;
    size_t i;
};

static int cmp_cand(const void *pa, const void *pb)
{
    const struct cand *a = pa, *b = pb;
    if (a->p != b->p)
        return a->p > b->p ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The nodes that want a label, most important first (ties: map order); a new array. */
static struct cand *ranked(const struct rmap *r, size_t *k_out)
{
    struct cand *cv = pn_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof *cv);
    size_t k = 0;
    for (size_t i = 0; i < r->n_nodes; i++)
        if (r->nodes[i].label != NULL && r->nodes[i].want_label)
            cv[k++] = (struct cand){isnan(r->nodes[i].prio) ? -INFINITY : r->nodes[i].prio, i};
    qsort(cv, k, sizeof *cv, cmp_cand);
    *k_out = k;
    return cv;
}

/* Importance in [0, 1] of each candidate: the square root of its place in the range of
 * priorities (marked and focus nodes, whose priority is lifted, count as 1). */
static void prio_range(const struct cand *cv, size_t k, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t q = 0; q < k; q++)
        if (isfinite(cv[q].p) && cv[q].p < 1e5) {
            *lo = fmin(*lo, cv[q].p);
            *hi = fmax(*hi, cv[q].p);
        }
}

static double importance(double p, double lo, double hi)
{
    if (!isfinite(p))
        return p > 0 ? 1 : 0;
    if (p >= 1e5 || !(hi > lo))
        return p >= 1e5 ? 1 : 0.5;
    return sqrt(fmax(0, fmin(1, (p - lo) / (hi - lo))));
}

/* Nodes, the legend, the dots at true places and the edges into the grid. */
static void fill_grid(struct lgrid *g, const struct rmap *r, struct rect legend)
{
    for (size_t i = 0; i < r->n_nodes; i++) {
        const struct rnode *rn = &r->nodes[i];
        double h = rn->size / 2 + 2;
        lgrid_add_rect(g, (struct rect){rn->x - h, rn->y - h, rn->x + h, rn->y + h}, i);
    }
    lgrid_add_rect(g, legend, SIZE_MAX);
    for (size_t i = 0; i < r->n_nodes; i++) { /* a geographic node's true place (geo.c) */
        double x, y;
        if (r->geo != NULL && pn_map_geo_dot(r, i, &x, &y))
            lgrid_add_rect(g, (struct rect){x - 3, y - 3, x + 3, y + 3}, SIZE_MAX);
    }
    struct rect marks[2];
    for (size_t k = 0, n = r->geo != NULL ? pn_map_geo_marks(r, marks) : 0; k < n; k++)
        lgrid_add_rect(g, marks[k], SIZE_MAX); /* the insets' areas marked on the map */
    for (size_t q = 0; q < r->n_groups; q++) /* group labels on their outlines */
        lgrid_add_rect(g, r->groups[q].lbox, SIZE_MAX);
    for (size_t e = 0; e < r->n_edges; e++) {
        const struct redge *re = &r->edges[e];
        if (re->a == re->b || strcmp(re->style, "invis") == 0)
            continue;
        lgrid_add_seg(g, r->nodes[re->a].x, r->nodes[re->a].y, r->nodes[re->b].x,
                      r->nodes[re->b].y);
    }
}

/* Where the labels of node rn may go: the area, its part of a geographic map, or its
 * panel less the panel's title. */
static struct rect label_area(const struct rmap *r, const struct rnode *rn, struct rect area)
{
    if (r->geo != NULL) /* the geographic map: the inset's labels in the inset (geo.c) */
        return pn_map_geo_label_area(r, (size_t)(rn - r->nodes), area);
    if (rn->cluster < 0 || !r->cl[rn->cluster].fixed)
        return area;
    const double *bb = r->cl[rn->cluster].bb;
    return (struct rect){bb[0] + 4, bb[1] + 4, bb[2] - 4, bb[3] - 32};
}

/* The text a node's label shows: its short name, else its name. */
static const char *label_text(const struct rnode *rn)
{
    return rn->alt != NULL ? rn->alt : rn->label;
}

/* The community map's labels stay near their nodes (issue 9): on the 2,000 network the
 * cheapest place no line crosses was up to 805 px from a central community (4 leader
 * lines over 300 px), across the map. They are looked for in fine rings (LEAD_STEP) up to
 * LEAD_MAX px of leader line on a 1920x1080 canvas, crossed by lines if need be (on their
 * halo); only a label with no room at all there looks further. Other views: as before. */
#define LEAD_STEP 12.0
#define LEAD_MAX 280.0
#define RINGS_NEAR 40
static struct reach label_reach(const struct ctx *c)
{
    if (c->o->view != PN_VIEW_COMMUNITY || c->o->n_years > 0)
        return (struct reach){0, INFINITY};
    double k = fmin(c->W / 1920.0, c->H / 1080.0);
    return (struct reach){LEAD_STEP * k, LEAD_MAX * k};
}

/* The name of rn (its label less a last line "+N more") wrapped into about n lines of
 * words, then that last line; a new string. */
static char *wrap_name(const struct rnode *rn, int n)
{
    const char *full = rn->label;
    const char *more = strstr(full, "\n+");
    size_t len = more != NULL ? (size_t)(more - full) : strlen(full);
    double target = (double)len / (double)n;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    size_t line = 0;
    for (size_t a = 0; a < len;) {
        size_t b = a;
        while (b < len && full[b] != ' ' && full[b] != '\n')
            b++;
        if (line > 0 && (double)(line + (b - a)) > target + 2) {
            pn_strbuf_append(&sb, "\n");
            line = 0;
        } else if (line > 0) {
            pn_strbuf_append(&sb, " ");
            line++;
        }
        pn_strbuf_appendf(&sb, "%.*s", (int)(b - a), full + a);
        line += b - a;
        a = b < len ? b + 1 : b;
    }
    if (more != NULL)
        pn_strbuf_append(&sb, more);
    return pn_strbuf_detach(&sb);
}

/* The community map (issue 9): a community's name inside its own disc when it fits there,
 * wrapped into up to 4 lines, from size fs down to the smallest label size; the lines
 * between communities end at the discs' rims, so none crosses it and it needs no leader
 * line. Sets the text (rn->alt), its box and size; false if it does not fit. */
#define INSIDE_STEPS 4
static bool inside_disc(const struct ctx *c, struct lgrid *g, struct rmap *r, size_t i,
                        double fs, struct rect area, struct rect *out, double *out_fs)
{
    struct rnode *rn = &r->nodes[i];
    double fs_min, fs_max;
    pn_map_label_sizes(c, &fs_min, &fs_max);
    double room = rn->size / 2 - 3;
    if (rn->label == NULL || room < 2 * fs_min)
        return false;
    for (double f = fs; f >= fs_min - 1e-9; f -= 1) {
        for (int n = 1; n <= 4; n++) {
            char *text = wrap_name(rn, n);
            double w, h;
            pn_map_font_box(c->font, text, f, &w, &h);
            w += 4;
            /* centred, else moved off the lines that pass over the disc: 8 directions,
             * the box's corners within the disc */
            for (int q = 0; q < 1 + 8 * INSIDE_STEPS && hypot(w / 2, h / 2) <= room; q++) {
                double a = 2 * 3.14159265358979323846 * (double)((q - 1) % 8) / 8;
                double d = q == 0 ? 0 : room * (double)((q - 1) / 8 + 1) / (INSIDE_STEPS + 1);
                double cx = rn->x + d * cos(a), cy = rn->y + d * sin(a);
                struct rect b = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
                if (hypot(fabs(cx - rn->x) + w / 2, fabs(cy - rn->y) + h / 2) > room ||
                    !inside(b, area) || lgrid_blocked(g, b, i) ||
                    lgrid_crossings_but(g, b, rn) > 0)
                    continue;
                free(rn->alt);
                rn->alt = text;
                *out = b;
                *out_fs = f;
                return true;
            }
            free(text);
        }
    }
    return false;
}

/* Place one label (its text: the short name first); false if it found no room. */
static bool place_one(const struct ctx *c, struct lgrid *g, struct rmap *r, size_t i,
                      double fs, struct rect area, int max_ring, size_t max_cross)
{
    struct rnode *rn = &r->nodes[i];
    const char *text = label_text(rn);
    double w, h;
    pn_map_font_box(c->font, text, fs, &w, &h);
    w += 4; /* the halo's margin */
    struct rect b;
    int ring = 0; /* set by best_place when it returns true; GCC -O2 cannot see it */
    /* the ego map's focus (prio infinite) is named at its node in the centre, where the
     * lines to its partners meet: the cheapest place away from them was at the edge */
    bool focus = isinf(rn->prio) && rn->prio > 0;
    struct rect la = label_area(r, rn, area);
    struct reach any = {0, INFINITY}, near = label_reach(c);
    bool placed = focus && best_place(g, r, i, w, h, la, 1, SIZE_MAX, true, any, &b, &ring);
    if (!placed && isfinite(near.max_lead) && inside_disc(c, g, r, i, fs, la, &b, &fs)) {
        placed = true;
        text = label_text(rn);
        w = b.x1 - b.x0;
        h = b.y1 - b.y0;
    }
    if (!placed && isfinite(near.max_lead)) {
        placed = best_place(g, r, i, w, h, la, RINGS_NEAR, max_cross, false, near, &b, &ring);
        /* (a label that may be left out is, rather than drawn far from its node) */
        if (!placed && max_cross == 0)
            return false;
    }
    if (!placed && !best_place(g, r, i, w, h, la, max_ring, max_cross, false, any, &b, &ring))
        return false;
    lgrid_add_rect(g, b, SIZE_MAX);
    rn->shown = text;
    rn->lx = (b.x0 + b.x1) / 2;
    rn->ly = (b.y0 + b.y1) / 2;
    rn->lw = w;
    rn->lh = h;
    rn->lfs = fs;
    rn->leader = ring > 0;
    return true;
}

/* The label fill of each view (the PN_MAP_VIEWS row, map/render.h): share, node limit. */
struct view_fill {
    double share;
    size_t max_nodes;
};
#define VIEW_FILL(id, name, words, share, max_nodes) {share, max_nodes},
static const struct view_fill view_fills[PN_VIEW_N] = {PN_MAP_VIEWS(VIEW_FILL)};
#undef VIEW_FILL

/* --labels auto, second pass: after the labels no line crosses, the next ones by rank
 * where lines cross them (their halo keeps them readable) until the view's share of the
 * candidates is named. */
static void fill_pass(const struct ctx *c, struct lgrid *g, struct rmap *r,
                      const struct cand *cv, size_t k, struct rect area, double fs_min,
                      double fs_max, double lo, double hi)
{
    double share = view_fills[c->o->view].share;
    size_t named = 0;
    for (size_t j = 0; j < k; j++)
        named += r->nodes[cv[j].i].shown != NULL;
    for (size_t j = 0; j < k && j < AUTO_MAX && (double)named < share * (double)k; j++) {
        if (r->nodes[cv[j].i].shown != NULL)
            continue;
        double fs = fs_min + (fs_max - fs_min) * importance(cv[j].p, lo, hi);
        named += place_one(c, g, r, cv[j].i, fs, area, RINGS_AUTO, SIZE_MAX);
    }
}

struct text_ref {
    const char *text;
    long cluster;
    size_t i;
};

static int cmp_text_ref(const void *pa, const void *pb)
{
    const struct text_ref *a = pa, *b = pb;
    if (a->cluster != b->cluster)
        return a->cluster < b->cluster ? -1 : 1;
    int d = strcmp(a->text, b->text);
    return d ? d : a->i < b->i ? -1 : a->i > b->i;
}

/* Candidates of one panel whose labels read the same: sorted refs, runs of equal text
 * marked same[j] (a new array of k flags); how many. */
static size_t same_texts(const struct rmap *r, const struct cand *cv, size_t k, bool *same)
{
    struct text_ref *t = pn_xcalloc(k ? k : 1, sizeof *t);
    for (size_t j = 0; j < k; j++) {
        const struct rnode *rn = &r->nodes[cv[j].i];
        t[j] = (struct text_ref){label_text(rn), rn->cluster, j};
        same[j] = false;
    }
    qsort(t, k, sizeof *t, cmp_text_ref);
    size_t n = 0;
    for (size_t a = 0; a < k;) {
        size_t b = a + 1;
        while (b < k && t[b].cluster == t[a].cluster && strcmp(t[b].text, t[a].text) == 0)
            b++;
        for (size_t j = a; b - a > 1 && j < b; j++, n++)
            same[t[j].i] = true;
        a = b;
    }
    free(t);
    return n;
}

/* Labels that tell nodes apart (issue 9): of the k nodes cv, those of one panel whose
 * short names coincide (the synthetic 2,000 has ten "UDS") are named by their full names;
 * where the full names coincide too (two institutions named alike in one city), the id
 * follows. Whether any text changed. */
static bool distinct_texts(const struct ctx *c, struct rmap *r, const struct cand *cv, size_t k)
{
    bool *same = pn_xcalloc(k ? k : 1, sizeof *same);
    bool changed = same_texts(r, cv, k, same) > 0;
    if (changed)
        for (size_t j = 0; j < k; j++) {
            struct rnode *rn = &r->nodes[cv[j].i];
            if (same[j] && rn->alt != NULL) {
                free(rn->alt);
                rn->alt = NULL;
            }
        }
    if (same_texts(r, cv, k, same) > 0)
        for (size_t j = 0; j < k; j++) {
            struct rnode *rn = &r->nodes[cv[j].i];
            if (same[j] && rn->entity != PN_NONE && rn->alt == NULL) {
                char *t = pn_xasprintf("%s\n(%s)", rn->label, c->m->entities[rn->entity].id);
                free(rn->label);
                rn->label = t;
                changed = true; /* a longer text: placed again */
            }
        }
    free(same);
    return changed;
}

/* One placement of the labels of the k candidates cv; the labels asked for and left out. */
static size_t place_all(struct ctx *c, struct rmap *r, const struct cand *cv, size_t k,
                        struct rect legend, struct rect area)
{
    size_t missed = 0;
    long limit = c->o->labels_top;
    bool panels = c->o->n_years > 0;
    if (panels && limit < 0)
        limit = 8; /* per panel */
    bool asked = limit > 0 || limit == PN_LABELS_ALL;
    if (panels && c->o->labels_top < 0)
        asked = false;
    int rings_asked = limit == PN_LABELS_ALL && k > 300 ? RINGS_ASKED_MANY : RINGS_ASKED;
    double fs_min, fs_max;
    pn_map_label_sizes(c, &fs_min, &fs_max);
    double lo, hi;
    prio_range(cv, k, &lo, &hi);
    struct lgrid g;
    lgrid_init(&g, c->W, c->H, r->n_edges);
    fill_grid(&g, r, legend);
    /* a view with a label fill looks further for places no line crosses */
    bool fill = limit == PN_LABELS_AUTO && !panels && view_fills[c->o->view].share > 0 &&
                r->n_nodes <= view_fills[c->o->view].max_nodes;
    int rings_free = fill ? RINGS_FILL : RINGS_AUTO;
    size_t given = 0, *per = pn_xcalloc(r->n_cl + 1, sizeof *per);
    for (size_t j = 0; j < k; j++) {
        struct rnode *rn = &r->nodes[cv[j].i];
        size_t *count = panels && rn->cluster >= 0 ? &per[rn->cluster] : &given;
        rn->shown = NULL;
        rn->lrank = j;
        if ((limit >= 0 && (long)*count >= limit) || (limit == PN_LABELS_AUTO && j >= AUTO_MAX))
            continue;
        double fs = fs_min + (fs_max - fs_min) * importance(cv[j].p, lo, hi);
        (*count)++; /* counted when asked for, placed or not: top:N means the N first */
        bool sure = asked || j < AUTO_SURE;
        if (!place_one(c, &g, r, cv[j].i, fs, area, sure ? rings_asked : rings_free,
                       sure ? SIZE_MAX : 0)) {
            if (asked)
                missed++;
            else
                (*count)--;
        }
    }
    if (fill)
        fill_pass(c, &g, r, cv, k, area, fs_min, fs_max, lo, hi);
    free(per);
    lgrid_free(&g);
    return missed;
}

size_t pn_map_place_labels(struct ctx *c, struct rmap *r, struct rect legend, struct rect area)
{
    size_t k;
    struct cand *cv = ranked(r, &k);
    size_t missed = place_all(c, r, cv, k, legend, area);
    /* labels placed that read alike are given the texts that tell them apart, and all
     * placed again (only the nodes named on the map change their text); a placement
     * again can name other nodes, some alike: up to four rounds */
    struct cand *sv = pn_xcalloc(k ? k : 1, sizeof *sv);
    for (int round = 0; round < 4; round++) {
        size_t ns = 0;
        for (size_t j = 0; j < k; j++)
            if (r->nodes[cv[j].i].shown != NULL)
                sv[ns++] = cv[j];
        if (!distinct_texts(c, r, sv, ns))
            break;
        missed = place_all(c, r, cv, k, legend, area);
    }
    free(sv);
    free(cv);
    return missed;
}
