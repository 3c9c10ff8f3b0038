/*
 * outline: groups drawn as outlines that may overlap (issue 9). Graphviz clusters are
 * boxes that cannot overlap, so an institution in two alliances sat outside both; here
 * each group is a rounded, semi-transparent bubble (bubble.c) around its own node and its members,
 * drawn under the map after layout (xdot operations in the graph's `_background`, which
 * Graphviz 2.43 draws in SVG and through cairo), labelled on its border. Layout pulls
 * members toward their groups and pushes non-members out; the ones left inside are
 * counted. Owns the groups it builds (pn_map_groups_free); never calls Graphviz.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map/map_int.h"

#define OUTLINE_PAD 14.0   /* points between a member's shape and the outline */
#define OUTLINE_CAPSULE 9.0 /* half width of the bridges between members */
#define GROUP_FS PN_MAP_GROUP_FS
#define OBSTACLE_PAD 4.0   /* points kept between a non-member's shape and an outline */

/* ------------------------------------------------------------------ */
/* Building the groups                                                 */

/* Is map edge i a membership of an institution in a group node? Sets the two ends. */
static bool membership(const struct ctx *c, const struct rmap *r, size_t i, size_t *inst,
                       size_t *grp)
{
    if (r->edges[i].vedge == PN_NONE)
        return false;
    /* the line's own ends: map nodes are view nodes only without a backbone (issue 12) */
    const struct pn_edge *e = &c->v->edges[r->edges[i].vedge];
    size_t from = r->edges[i].a, to = r->edges[i].b;
    if (e->kind != PN_EDGE_MEMBER || from >= r->n_nodes || to >= r->n_nodes)
        return false;
    size_t a = r->nodes[from].entity, b = r->nodes[to].entity;
    if (a == PN_NONE || b == PN_NONE || c->m->entities[a].kind != PN_KIND_INSTITUTION ||
        c->m->entities[b].kind == PN_KIND_INSTITUTION)
        return false;
    *inst = from;
    *grp = to;
    return true;
}

/* A new group for hub node h with the members marked in is[] (count n). */
static struct rgroup *add_group(struct ctx *c, struct rmap *r, size_t h, const bool *is,
                                size_t n)
{
    pn_xgrow((void **)&r->groups, &r->cap_groups, r->n_groups + 1, sizeof *r->groups);
    struct rgroup *g = &r->groups[r->n_groups++];
    memset(g, 0, sizeof *g);
    const struct pn_entity *e = &c->m->entities[r->nodes[h].entity];
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, "group-");
    pn_map_append_token(&sb, e->id);
    char *base = pn_strbuf_detach(&sb);
    g->gid = pn_map_unique_id(&c->ids, base);
    free(base);
    g->label = pn_xstrdup(pn_entity_label(e));
    const char *full = e->name != NULL ? e->name : g->label;
    g->tip = strcmp(full, g->label) == 0
                 ? pn_xasprintf("%s · %zu members on the map", full, n)
                 : pn_xasprintf("%s (%s) · %zu members on the map", g->label, full, n);
    g->hub = h;
    g->members = pn_xcalloc(n ? n : 1, sizeof *g->members);
    for (size_t i = 0; i < r->n_nodes; i++)
        if (is[i])
            g->members[g->n_members++] = i;
    const struct style *st = c->st;
    pn_map_set_col(g->color, st->palette[(r->n_groups - 1) % st->n_palette]);
    /* the outline is labelled: the hub keeps no label of its own */
    r->nodes[h].want_label = false;
    return g;
}

void pn_map_build_groups(struct ctx *c, struct rmap *r)
{
    size_t n = r->n_nodes;
    bool *is = pn_xcalloc(n ? n : 1, sizeof *is);
    size_t inst, grp;
    for (size_t h = 0; h < n; h++) {
        size_t ent = r->nodes[h].entity;
        if (ent == PN_NONE || c->m->entities[ent].kind == PN_KIND_INSTITUTION)
            continue;
        memset(is, 0, n * sizeof *is);
        size_t k = 0;
        for (size_t i = 0; i < r->n_edges; i++)
            if (membership(c, r, i, &inst, &grp) && grp == h && !is[inst]) {
                is[inst] = true;
                k++;
            }
        if (k < 2)
            continue; /* one member: its line says it */
        add_group(c, r, h, is, k);
        for (size_t i = 0; i < r->n_edges; i++)
            if (membership(c, r, i, &inst, &grp) && grp == h) {
                r->edges[i].style = "invis"; /* the outline says it; pulls in the layout */
                pn_map_str_append(&r->edges[i].cls, " inside");
            }
    }
    free(is);
}

void pn_map_groups_free(struct rmap *r)
{
    for (size_t k = 0; k < r->n_groups; k++) {
        free(r->groups[k].gid);
        free(r->groups[k].label);
        free(r->groups[k].tip);
        free(r->groups[k].members);
        free(r->groups[k].poly);
    }
    free(r->groups);
    r->groups = NULL;
    r->n_groups = r->cap_groups = 0;
}

/* ------------------------------------------------------------------ */
/* Geometry: bubbles (bubble.c)                                         */

/* The discs of group g at the current positions: its node and each member (x, y and
 * shape plus padding), a new array of 3 * (members + 1). */
static double *group_discs(const struct rmap *r, const struct rgroup *g)
{
    double *xyr = pn_xcalloc(3 * (g->n_members + 1), sizeof *xyr);
    for (size_t m = 0; m <= g->n_members; m++) {
        const struct rnode *rn = &r->nodes[m == 0 ? g->hub : g->members[m - 1]];
        xyr[3 * m] = rn->x;
        xyr[3 * m + 1] = rn->y;
        xyr[3 * m + 2] = rn->size / 2 + OUTLINE_PAD;
    }
    return xyr;
}

/* The bubble of group g at the current positions: a disc around its node and each
 * member (shape plus padding), joined along a spanning tree. */
static void group_bubble(const struct rmap *r, const struct rgroup *g, struct bubble *b)
{
    double *xyr = group_discs(r, g);
    pn_map_bubble_build(b, xyr, g->n_members + 1, OUTLINE_CAPSULE);
    free(xyr);
}

static bool in_group(const struct rgroup *g, size_t i);

/* The non-members of g within reach of its discs xyr (those the bubble could cover),
 * as obstacles: their shape plus OBSTACLE_PAD, a new array of x, y, radius, *n_out of
 * them. The discs are shrunk so that none reaches an obstacle (down to their node's
 * shape, and at least 1.5 cells of the grid the outline is traced on), and an
 * obstacle's disc so that it stays off every disc. */
static double *group_obstacles(const struct rmap *r, const struct rgroup *g, double *xyr,
                               double cell, size_t *n_out)
{
    size_t nd = g->n_members + 1, no = 0;
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t m = 0; m < nd; m++) {
        x0 = fmin(x0, xyr[3 * m] - xyr[3 * m + 2]);
        x1 = fmax(x1, xyr[3 * m] + xyr[3 * m + 2]);
        y0 = fmin(y0, xyr[3 * m + 1] - xyr[3 * m + 2]);
        y1 = fmax(y1, xyr[3 * m + 1] + xyr[3 * m + 2]);
    }
    double *o = pn_xcalloc(3 * (r->n_nodes ? r->n_nodes : 1), sizeof *o);
    for (size_t i = 0; i < r->n_nodes; i++) {
        const struct rnode *rn = &r->nodes[i];
        double e = rn->size / 2 + OBSTACLE_PAD, m = e + 2 * OUTLINE_CAPSULE;
        if (in_group(g, i) || rn->x < x0 - m || rn->x > x1 + m || rn->y < y0 - m ||
            rn->y > y1 + m)
            continue;
        o[3 * no] = rn->x;
        o[3 * no + 1] = rn->y;
        o[3 * no++ + 2] = e;
    }
    for (size_t m = 0; m < nd; m++) {
        const struct rnode *rn = &r->nodes[m == 0 ? g->hub : g->members[m - 1]];
        for (size_t j = 0; j < no; j++)
            xyr[3 * m + 2] = fmin(xyr[3 * m + 2], hypot(xyr[3 * m] - o[3 * j],
                                                        xyr[3 * m + 1] - o[3 * j + 1]) -
                                                      o[3 * j + 2] - 1);
        xyr[3 * m + 2] = fmax(xyr[3 * m + 2], fmax(rn->size / 2 + 1, 1.5 * cell));
    }
    size_t k = 0;
    for (size_t j = 0; j < no; j++) {
        for (size_t m = 0; m < nd; m++)
            o[3 * j + 2] = fmin(o[3 * j + 2], hypot(xyr[3 * m] - o[3 * j],
                                                    xyr[3 * m + 1] - o[3 * j + 1]) -
                                                  xyr[3 * m + 2] - 1);
        if (o[3 * j + 2] >= cell)
            memmove(&o[3 * k++], &o[3 * j], 3 * sizeof *o);
    }
    *n_out = k;
    return o;
}

/* The grid cell the outline of discs xyr is traced on: fine enough to look smooth (at most
 * about 300 cells across, or 600 around non-members). */
static double outline_cell(const double *xyr, size_t nd, bool avoid)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < nd; i++) {
        x0 = fmin(x0, xyr[3 * i]);
        x1 = fmax(x1, xyr[3 * i]);
        y0 = fmin(y0, xyr[3 * i + 1]);
        y1 = fmax(y1, xyr[3 * i + 1]);
    }
    double span = fmax(x1 - x0, y1 - y0);
    return avoid ? fmax(1.25, span / 600) : fmax(2.5, span / 300);
}

static bool in_outline(const struct rgroup *g, double x, double y);

/* The outline of group g: its bubble around the non-members near it (group_obstacles),
 * or, when that leaves a node of g outside, the bubble without obstacles. */
/* The bounding box of g's outline (in_outline's first test). */
static void outline_box(struct rgroup *g)
{
    g->pbox = (struct rect){INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < g->n_poly; i++) {
        g->pbox.x0 = fmin(g->pbox.x0, g->poly[2 * i]);
        g->pbox.y0 = fmin(g->pbox.y0, g->poly[2 * i + 1]);
        g->pbox.x1 = fmax(g->pbox.x1, g->poly[2 * i]);
        g->pbox.y1 = fmax(g->pbox.y1, g->poly[2 * i + 1]);
    }
}

static void group_outline(const struct rmap *r, struct rgroup *g)
{
    struct bubble b;
    size_t nd = g->n_members + 1, no = 0;
    double *xyr = group_discs(r, g), cell = outline_cell(xyr, nd, true);
    double *o = group_obstacles(r, g, xyr, cell, &no);
    pn_map_bubble_build(&b, xyr, nd, OUTLINE_CAPSULE);
    pn_map_bubble_avoid(&b, o, no, 1.5 * cell, cell);
    free(o);
    free(g->poly);
    g->poly = pn_map_bubble_trace(&b, cell, &g->n_poly);
    pn_map_bubble_free(&b);
    outline_box(g);
    bool all = g->n_poly >= 3;
    for (size_t m = 0; all && m <= g->n_members; m++) {
        const struct rnode *rn = &r->nodes[m == 0 ? g->hub : g->members[m - 1]];
        all = in_outline(g, rn->x, rn->y);
    }
    if (!all) {
        free(xyr);
        xyr = group_discs(r, g);
        pn_map_bubble_build(&b, xyr, nd, OUTLINE_CAPSULE);
        free(g->poly);
        g->poly = pn_map_bubble_trace(&b, outline_cell(xyr, nd, false), &g->n_poly);
        pn_map_bubble_free(&b);
        outline_box(g);
    }
    free(xyr);
}

/* Is (x, y) inside the outline of g (even-odd rule)? */
static bool in_outline(const struct rgroup *g, double x, double y)
{
    bool c = false;
    if (x < g->pbox.x0 || x > g->pbox.x1 || y < g->pbox.y0 || y > g->pbox.y1)
        return false;
    for (size_t i = 0, j = g->n_poly - 1; i < g->n_poly; j = i++) {
        double xi = g->poly[2 * i], yi = g->poly[2 * i + 1];
        double xj = g->poly[2 * j], yj = g->poly[2 * j + 1];
        if ((yi > y) != (yj > y) && x < xi + (y - yi) * (xj - xi) / (yj - yi))
            c = !c;
    }
    return c;
}

static bool in_group(const struct rgroup *g, size_t i)
{
    if (g->hub == i)
        return true;
    for (size_t m = 0; m < g->n_members; m++)
        if (g->members[m] == i)
            return true;
    return false;
}

/* ------------------------------------------------------------------ */
/* Layout steps                                                        */

void pn_map_groups_pull(struct rmap *r)
{
    size_t n = r->n_nodes;
    double *cx = pn_xcalloc(r->n_groups ? r->n_groups : 1, sizeof *cx);
    double *cy = pn_xcalloc(r->n_groups ? r->n_groups : 1, sizeof *cy);
    double *tx = pn_xcalloc(n ? n : 1, sizeof *tx), *ty = pn_xcalloc(n ? n : 1, sizeof *ty);
    size_t *cnt = pn_xcalloc(n ? n : 1, sizeof *cnt);
    for (size_t k = 0; k < r->n_groups; k++) {
        const struct rgroup *g = &r->groups[k];
        for (size_t m = 0; m < g->n_members; m++) {
            cx[k] += r->nodes[g->members[m]].x / (double)g->n_members;
            cy[k] += r->nodes[g->members[m]].y / (double)g->n_members;
        }
        for (size_t m = 0; m < g->n_members; m++) {
            tx[g->members[m]] += cx[k];
            ty[g->members[m]] += cy[k];
            cnt[g->members[m]]++;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (cnt[i] > 0) {
            r->nodes[i].x += 0.45 * (tx[i] / (double)cnt[i] - r->nodes[i].x);
            r->nodes[i].y += 0.45 * (ty[i] / (double)cnt[i] - r->nodes[i].y);
        }
    for (size_t k = 0; k < r->n_groups; k++) { /* the hub in the middle of its members */
        r->nodes[r->groups[k].hub].x = cx[k];
        r->nodes[r->groups[k].hub].y = cy[k];
    }
    free(cnt);
    free(ty);
    free(tx);
    free(cy);
    free(cx);
}

size_t pn_map_groups_push(struct rmap *r, const struct frame *f, bool move)
{
    size_t inside = 0;
    for (size_t k = 0; k < r->n_groups; k++) {
        const struct rgroup *g = &r->groups[k];
        struct bubble b;
        group_bubble(r, g, &b);
        for (size_t i = 0; i < r->n_nodes; i++) {
            struct rnode *rn = &r->nodes[i];
            double nx, ny, rad = rn->size / 2 + 3;
            double d = pn_map_bubble_at(&b, rn->x, rn->y, &nx, &ny); /* > 0: inside */
            if (d <= -rad || in_group(g, i))
                continue;
            inside++;
            if (!move)
                continue;
            rn->x = fmin(f->ax1 - rad, fmax(f->ax0 + rad, rn->x + nx * (rad + 2 + d)));
            rn->y = fmin(f->ay1 - rad, fmax(f->ay0 + rad, rn->y + ny * (rad + 2 + d)));
        }
        pn_map_bubble_free(&b);
    }
    return inside;
}

/* ------------------------------------------------------------------ */
/* Drawing: xdot operations                                            */

static void xdot_text_op(struct pn_strbuf *sb, char op, const char *s)
{
    pn_strbuf_appendf(sb, "%c %zu -%s ", op, strlen(s), s);
}

void pn_map_xdot_polygon(struct pn_strbuf *sb, const double *xy, size_t n, const char *fill,
                         const char *pen, double width)
{
    if (n < 3)
        return;
    char style[48];
    snprintf(style, sizeof style, "setlinewidth(%.2f)", width);
    xdot_text_op(sb, 'S', style);
    xdot_text_op(sb, 'c', pen);
    if (fill != NULL)
        xdot_text_op(sb, 'C', fill);
    pn_strbuf_appendf(sb, "%c %zu", fill != NULL ? 'P' : 'p', n);
    for (size_t i = 0; i < n; i++)
        pn_strbuf_appendf(sb, " %.2f %.2f", xy[2 * i], xy[2 * i + 1]);
    pn_strbuf_append(sb, " ");
}

static double poly_area(const struct rgroup *g)
{
    double a = 0;
    for (size_t i = 0; i < g->n_poly; i++) {
        size_t j = (i + 1) % g->n_poly;
        a += g->poly[2 * i] * g->poly[2 * j + 1] - g->poly[2 * j] * g->poly[2 * i + 1];
    }
    return fabs(a) / 2;
}

static double rects_overlap(struct rect a, struct rect b)
{
    return fmax(0, fmin(a.x1, b.x1) - fmax(a.x0, b.x0)) *
           fmax(0, fmin(a.y1, b.y1) - fmax(a.y0, b.y0));
}

/* How much a label box at rc covers the nodes and the labels of the groups before k
 * (0: it clears them all). */
static double label_cover(const struct rmap *r, size_t k, struct rect rc)
{
    double a = 0;
    for (size_t j = 0; j < k; j++)
        a += rects_overlap(rc, r->groups[j].lbox);
    for (size_t i = 0; i < r->n_nodes; i++) {
        const struct rnode *rn = &r->nodes[i];
        double h = rn->size / 2 + 1;
        a += rects_overlap(rc, (struct rect){rn->x - h, rn->y - h, rn->x + h, rn->y + h});
    }
    return a;
}

/* The label of group k on its border near its core: above the top, else below the bottom,
 * else shifted along the top, wherever it clears the labels of the groups before. */
static void place_group_label(struct rmap *r, size_t k, double W, double H)
{
    struct rgroup *g = &r->groups[k];
    double w, h, top = -INFINITY, tx = 0, bot = INFINITY, bx = 0;
    pn_map_text_box(g->label, GROUP_FS, &w, &h);
    /* the border near the group's own node and its nearer half of members, so that a
     * member far away (a bridge to it) does not carry the name off */
    const struct rnode *hub = &r->nodes[g->hub];
    double *dist = pn_xcalloc(g->n_members ? g->n_members : 1, sizeof *dist);
    for (size_t m = 0; m < g->n_members; m++)
        dist[m] = hypot(r->nodes[g->members[m]].x - hub->x, r->nodes[g->members[m]].y - hub->y);
    qsort(dist, g->n_members, sizeof *dist, pn_map_cmp_double);
    double core = (g->n_members ? dist[g->n_members / 2] : 0) + hub->size / 2 +
                  2 * OUTLINE_PAD + 24;
    free(dist);
    bool any = false;
    for (size_t i = 0; i < g->n_poly; i++)
        any = any || hypot(g->poly[2 * i] - hub->x, g->poly[2 * i + 1] - hub->y) <= core;
    for (size_t i = 0; i < g->n_poly; i++) {
        if (any && hypot(g->poly[2 * i] - hub->x, g->poly[2 * i + 1] - hub->y) > core)
            continue;
        if (g->poly[2 * i + 1] > top) {
            top = g->poly[2 * i + 1];
            tx = g->poly[2 * i];
        }
        if (g->poly[2 * i + 1] < bot) {
            bot = g->poly[2 * i + 1];
            bx = g->poly[2 * i];
        }
    }
    /* on the border (top, then bottom), then a row and two rows off it, each centred
     * and then shifted along; the first that clears, else the one covering least */
    static const double shift[5] = {0, 0.6, -0.6, 1.2, -1.2};
    double least = INFINITY;
    for (int q = 0; q < 30 && least > 0; q++) {
        int row = q / 10, side = q / 5 % 2;
        double cx = (side ? bx : tx) + shift[q % 5] * w;
        double y0 = side ? bot - h * (0.7 + row) : top - h * 0.3 + h * row;
        cx = fmin(fmax(cx, w / 2 + 4), W - w / 2 - 4); /* on the canvas */
        y0 = fmin(fmax(y0, 4), H - h - 4);
        struct rect rc = {cx - w / 2, y0, cx + w / 2, y0 + h};
        double a = label_cover(r, k, rc);
        if (a < least) {
            least = a;
            g->lbox = rc;
        }
    }
}

/* The order the outlines are drawn in: largest first, so smaller ones stay visible (a
 * new array of group indices; stable insertion sort by area). */
static size_t *draw_order(const struct rmap *r)
{
    size_t *order = pn_xcalloc(r->n_groups ? r->n_groups : 1, sizeof *order);
    for (size_t k = 0; k < r->n_groups; k++)
        order[k] = k;
    for (size_t a = 1; a < r->n_groups; a++)
        for (size_t b = a; b > 0 && poly_area(&r->groups[order[b]]) >
                                        poly_area(&r->groups[order[b - 1]]);
             b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    return order;
}

/* The outlines in drawing order: one <polygon> each in the SVG, which pn_map_groups_svg
 * then wraps in the group's <g>. Their names are label nodes over the lines (draw.c). */
static char *groups_xdot(const struct rmap *r)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    size_t *order = draw_order(r);
    for (size_t q = 0; q < r->n_groups; q++) {
        const struct rgroup *g = &r->groups[order[q]];
        char fill[16], pen[16];
        snprintf(fill, sizeof fill, "%.7s1c", g->color);
        snprintf(pen, sizeof pen, "%.7sb0", g->color);
        pn_map_xdot_polygon(&sb, g->poly, g->n_poly, fill, pen, 2);
    }
    free(order);
    return pn_strbuf_detach(&sb);
}

/* ------------------------------------------------------------------ */
/* The SVG: each outline in a group of its own                         */

/* Where s (NUL-terminated) first occurs in the n bytes at h, or NULL. */
static const char *find_in(const char *h, size_t n, const char *s)
{
    size_t ls = strlen(s);
    for (size_t i = 0; i + ls <= n; i++)
        if (memcmp(h + i, s, ls) == 0)
            return h + i;
    return NULL;
}

/* The element of SVG text at *p if it starts with open (one of Graphviz's lines, up to
 * and with close and its newline): appended to sb, *p moved past it. */
static bool take_element(struct pn_strbuf *sb, const char **p, const char *end,
                         const char *open, const char *close)
{
    size_t lo = strlen(open), lc = strlen(close);
    if ((size_t)(end - *p) < lo || memcmp(*p, open, lo) != 0)
        return false;
    for (const char *q = *p; q + lc <= end; q++)
        if (memcmp(q, close, lc) == 0) {
            q += lc;
            if (q < end && *q == '\n')
                q++;
            pn_strbuf_appendn(sb, *p, (size_t)(q - *p));
            *p = q;
            return true;
        }
    return false;
}

char *pn_map_groups_svg(const struct rmap *r, const char *svg, size_t len, size_t *out_len)
{
    const char *end = svg + len, *graph = NULL, *p = NULL;
    static const char mark[] = "class=\"graph\"", tend[] = "</title>\n";
    for (const char *q = svg; r->n_groups > 0 && graph == NULL && q + sizeof mark <= end; q++)
        if (memcmp(q, mark, sizeof mark - 1) == 0)
            graph = q;
    for (const char *q = graph; q != NULL && p == NULL && q + sizeof tend <= end; q++)
        if (memcmp(q, tend, sizeof tend - 1) == 0)
            p = q + sizeof tend - 1;
    if (p == NULL)
        return NULL;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_appendn(&sb, svg, (size_t)(p - svg));
    /* the canvas first: Graphviz's bgcolor (no stroke), then ours (from the origin) */
    static const char canvas[] = "<polygon fill=";
    static const char *const marks[2] = {"stroke=\"transparent\"", "points=\"0,0 "};
    bool ok = true;
    for (int k = 0; k < 2; k++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL || (size_t)(end - p) < sizeof canvas ||
            memcmp(p, canvas, sizeof canvas - 1) != 0 ||
            (find_in(p, (size_t)(nl - p), marks[0]) == NULL &&
             find_in(p, (size_t)(nl - p), marks[1]) == NULL))
            break;
        pn_strbuf_appendn(&sb, p, (size_t)(nl + 1 - p));
        p = nl + 1;
    }
    size_t *order = draw_order(r);
    for (size_t q = 0; ok && q < r->n_groups; q++) {
        const struct rgroup *g = &r->groups[order[q]];
        pn_strbuf_appendf(&sb, "<g id=\"%s\" class=\"outline\">\n<title>", g->gid);
        pn_strbuf_append_xml(&sb, g->tip);
        pn_strbuf_append(&sb, "</title>\n");
        ok = g->n_poly < 3 || take_element(&sb, &p, end, "<polygon", "/>");
        pn_strbuf_append(&sb, "</g>\n");
    }
    free(order);
    if (!ok) { /* not the drawing expected: left as Graphviz wrote it */
        pn_strbuf_destroy(&sb);
        return NULL;
    }
    pn_strbuf_appendn(&sb, p, (size_t)(end - p));
    *out_len = sb.len;
    return pn_strbuf_detach(&sb);
}

void pn_map_groups_finish(struct ctx *c, struct rmap *r)
{
    if (r->n_groups == 0)
        return;
    for (size_t k = 0; k < r->n_groups; k++)
        group_outline(r, &r->groups[k]);
    size_t inside = 0;
    for (size_t i = 0; i < r->n_nodes; i++)
        for (size_t k = 0; k < r->n_groups; k++) {
            if (!in_group(&r->groups[k], i) &&
                in_outline(&r->groups[k], r->nodes[i].x, r->nodes[i].y)) {
                inside++;
                break;
            }
        }
    for (size_t k = 0; k < r->n_groups; k++)
        place_group_label(r, k, c->W, c->H);
    char *ops = groups_xdot(r);
    pn_map_str_append(&ops, r->background ? r->background : "");
    free(r->background);
    r->background = ops;
    if (inside > 0) {
        pn_diag_warning(c->d, NULL, "%zu node%s inside the outline of a group %s not in",
                        inside, inside == 1 ? "" : "s", inside == 1 ? "it is" : "they are");
        if (c->o->subtitle == NULL) {
            char *s = pn_xasprintf(" · %zu non-member%s inside outlines", inside,
                                   inside == 1 ? "" : "s");
            pn_map_str_append(&r->subtitle, s);
            free(s);
        }
    }
}
