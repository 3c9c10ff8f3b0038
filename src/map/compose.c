/*
 * compose: the map pipeline and the public entry points of render.h. Checks the
 * options, builds the description (describe.c), places it (layout.c), arranges small
 * multiples (one panel per year), merges two versions for --compare, and draws (draw.c).
 * Must not include Graphviz headers. Owns the description of the map being drawn.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h> /* strcasecmp */

#include "base/resources.h"
#include "base/seed.h"
#include "map/map_int.h"

const char *const pn_color_by_names[PN_COLOR_N + 1] = {PN_COLOR_BYS(PN_VOCAB_NAME) NULL};
const char *const pn_map_view_names[PN_VIEW_N + 1] = {PN_MAP_VIEWS(PN_VOCAB_NAME) NULL};
const char *const pn_style_names[PN_STYLE_N + 1] = {PN_STYLES(PN_VOCAB_NAME) NULL};
const char *const pn_map_format_names[PN_MAPFMT_N + 1] = {PN_MAP_FORMATS(PN_VOCAB_NAME) NULL};

void pn_render_options_default(struct pn_render_options *o)
{
    memset(o, 0, sizeof *o);
    o->layout = NULL;
    o->color_by = PN_COLOR_COMMUNITY;
    o->size_by = PN_M_PAGERANK;
    o->labels_top = PN_LABELS_AUTO;
    o->labels_by = -1;
    o->font_size = 0;
    o->edge_labels = false;
    o->title = NULL;
    o->subtitle = NULL;
    o->format = NULL;
    o->seed = PN_SEED_DEFAULT;
    o->view = PN_VIEW_FULL;
    o->style = PN_STYLE_LIGHT;
    o->font = NULL;
    o->width = 0;
    o->height = 0;
    o->years = NULL;
    o->n_years = 0;
    o->change_from = 0;
    o->change_to = 0;
    o->links = false;
    o->radius = 0;
    o->positions = NULL;
    o->compare_old = NULL;
    o->html_path = NULL;
    o->backbone = PN_BACKBONE_AUTO;
}

/* The extension of the file name in path ("-" and names without one: NULL). */
static const char *extension(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot != NULL && dot != base && dot[1] != '\0' ? dot + 1 : NULL;
}

const char *pn_map_format_of(const struct pn_render_options *o, const char *path)
{
    if (o->format != NULL)
        return o->format;
    const char *ext = extension(path);
    if (ext == NULL)
        return "svg";
    for (size_t i = 0; i < PN_MAPFMT_N; i++)
        if (strcasecmp(ext, pn_map_format_names[i]) == 0)
            return pn_map_format_names[i];
    return NULL;
}

/* "unknown map format" for an -o extension that names none: a usage error listing them. */
static enum pn_status unknown_extension(const char *path, struct pn_diag *d)
{
    struct pn_strbuf exts, names;
    pn_strbuf_init(&exts);
    pn_strbuf_init(&names);
    for (size_t i = 0; i < PN_MAPFMT_N; i++) {
        const char *sep = i == 0 ? "" : i + 1 == PN_MAPFMT_N ? " or " : ", ";
        pn_strbuf_appendf(&exts, "%s.%s", sep, pn_map_format_names[i]);
        pn_strbuf_appendf(&names, "%s%s", i == 0 ? "" : "|", pn_map_format_names[i]);
    }
    pn_diag_error(d, NULL,
                  "cannot tell the map format of '%s' from '.%s'; expected the extension %s, "
                  "or --format %s",
                  path, extension(path), pn_strbuf_str(&exts), pn_strbuf_str(&names));
    pn_strbuf_destroy(&exts);
    pn_strbuf_destroy(&names);
    return PN_EUSAGE;
}

/* ------------------------------------------------------------------ */
/* Small multiples: one panel per year, positions from one layout.     */

/* The panel grid: columns and rows that keep the layout's aspect largest, the
 * layout's bounding box, and how much nodes shrink. */
struct panel_grid {
    size_t cols, rows;
    double pw, ph;         /* panel size */
    double minx, miny, bw, bh;
    double shrink;
};

static void panel_grid(const struct rmap *full, size_t k, double x0, double y0, double x1,
                       double y1, struct panel_grid *pg)
{
    double bb[4];
    pn_map_bbox(full, bb);
    double minx = bb[0], miny = bb[1];
    double bw = fmax(1, bb[2] - minx), bh = fmax(1, bb[3] - miny);
    size_t cols = 1;
    double best = -1;
    for (size_t cc = 1; cc <= k; cc++) {
        size_t rows = (k + cc - 1) / cc;
        double s = fmin((x1 - x0) / (double)cc / bw, (y1 - y0) / (double)rows / bh);
        if (s > best + 1e-9) {
            best = s;
            cols = cc;
        }
    }
    size_t rows = (k + cols - 1) / cols;
    pg->cols = cols;
    pg->rows = rows;
    pg->pw = (x1 - x0) / (double)cols;
    pg->ph = (y1 - y0) / (double)rows;
    pg->minx = minx;
    pg->miny = miny;
    pg->bw = bw;
    pg->bh = bh;
    pg->shrink = sqrt(1.0 / (double)(cols > rows ? cols : rows));
    if (pg->shrink < 0.45)
        pg->shrink = 0.45;
}

/* The panel is a cluster box with its year: clusters, unlike nodes, leave room for the
 * labels of the nodes inside. Returns its index. */
static long add_panel(struct ctx *c, struct rmap *out, int year, double px0, double py0,
                      double px1, double py1)
{
    struct rcluster *pc = pn_map_add_cluster(out);
    pc->name = pn_xasprintf("cluster_panel_%d", year);
    char *gid = pn_xasprintf("panel-%d", year);
    pc->gid = pn_map_unique_id(&c->ids, gid);
    free(gid);
    pc->label = pn_xasprintf("%d", year);
    pc->cls = "panel";
    pc->hub = PN_NONE;
    pc->fixed = true;
    pc->bb[0] = px0 + 6;
    pc->bb[1] = py0 + 6;
    pc->bb[2] = px1 - 6;
    pc->bb[3] = py1 - 6;
    return (long)out->n_cl - 1;
}

/* Is map node i in the panel of year: active, with an active edge to an active node? */
static bool in_year(const struct ctx *c, const struct rmap *full, size_t i, int year)
{
    if (!pn_map_entity_active(c, full->nodes[i].entity, year))
        return false;
    for (size_t e = 0; e < full->n_edges; e++) {
        const struct redge *re = &full->edges[e];
        if ((re->a == i || re->b == i) && re->vedge != PN_NONE &&
            pn_map_edge_active(c, &c->v->edges[re->vedge], year) &&
            pn_map_entity_active(c, full->nodes[re->a].entity, year) &&
            pn_map_entity_active(c, full->nodes[re->b].entity, year))
            return true;
    }
    return false;
}

/* The nodes of one panel (map[i]: the panel's copy of full node i, or PN_NONE). */
static void panel_nodes(struct ctx *c, const struct rmap *full, struct rmap *out, size_t *map,
                        int year, long panel, const struct panel_grid *pg, double px0,
                        double py0)
{
    for (size_t i = 0; i < full->n_nodes; i++) {
        const struct rnode *src = &full->nodes[i];
        map[i] = PN_NONE;
        if (!in_year(c, full, i, year))
            continue;
        struct rnode *dn = pn_map_add_node(out);
        *dn = *src;
        char suffix[16];
        snprintf(suffix, sizeof suffix, "-%d", year);
        dn->name = pn_xasprintf("%s@%d", src->name, year);
        dn->gid = pn_map_node_gid(c, src->name, suffix);
        dn->cls = pn_xasprintf("%s y%d", src->cls, year);
        dn->label = pn_xstrdup(src->label);
        dn->alt = pn_xstrdup(src->alt);
        dn->tooltip = pn_xasprintf("%s\n(in %d)", src->tooltip, year);
        dn->size = src->size * pg->shrink;
        dn->fontsize = fmax(12, LABEL_FS * pg->shrink * 1.1);
        dn->cluster = panel;
        /* the same transform in every panel: a partner keeps its place */
        dn->x = px0 + 20 + out->dmax / 2 + (src->x - pg->minx) / pg->bw * (pg->pw - 40 - out->dmax);
        dn->y = py0 + 16 + out->dmax / 2 + (src->y - pg->miny) / pg->bh * (pg->ph - 64 - out->dmax);
        map[i] = out->n_nodes - 1;
    }
}

/* The edges of one panel: those active in its year between nodes it shows. */
static void panel_edges(struct ctx *c, const struct rmap *full, struct rmap *out,
                        const size_t *map, int year, double shrink)
{
    for (size_t e = 0; e < full->n_edges; e++) {
        const struct redge *se = &full->edges[e];
        if (map[se->a] == PN_NONE || map[se->b] == PN_NONE)
            continue;
        if (se->vedge != PN_NONE && !pn_map_edge_active(c, &c->v->edges[se->vedge], year))
            continue;
        struct redge *de = pn_map_add_edge(out, map[se->a], map[se->b]);
        *de = *se;
        de->a = map[se->a];
        de->b = map[se->b];
        char suffix[16];
        snprintf(suffix, sizeof suffix, "-%d", year);
        de->gid = pn_xasprintf("%s%s", se->gid, suffix);
        de->cls = pn_xasprintf("%s y%d", se->cls, year);
        de->tooltip = se->tooltip != NULL ? pn_xstrdup(se->tooltip) : NULL;
        de->penwidth = fmax(0.6, se->penwidth * shrink);
    }
}

/* out: one panel per --years year in the rectangle, positions from the full map's
 * layout; the legend is shared. */
static void compose_panels(struct ctx *c, struct rmap *full, struct rmap *out, double x0,
                           double y0, double x1, double y1)
{
    size_t k = c->o->n_years;
    struct panel_grid pg;
    panel_grid(full, k, x0, y0, x1, y1, &pg);
    size_t *map = pn_xcalloc(full->n_nodes ? full->n_nodes : 1, sizeof *map);
    out->dmin = full->dmin * pg.shrink;
    out->dmax = full->dmax * pg.shrink;
    for (size_t p = 0; p < k; p++) {
        int year = c->o->years[p];
        size_t col = p % pg.cols, row = p / pg.cols;
        double px0 = x0 + (double)col * pg.pw, py1 = y1 - (double)row * pg.ph;
        double px1 = px0 + pg.pw, py0 = py1 - pg.ph;
        long panel = add_panel(c, out, year, px0, py0, px1, py1);
        panel_nodes(c, full, out, map, year, panel, &pg, px0, py0);
        pn_map_geo_panel(c, full, out, map, panel); /* geo: fitted, on its basemap */
        panel_edges(c, full, out, map, year, pg.shrink);
    }
    for (size_t i = 0; i < full->n_leg; i++) {
        struct lentry *l = pn_map_add_leg(out, full->leg[i].kind, full->leg[i].text);
        char *t = l->text;
        *l = full->leg[i];
        l->text = t;
        if (l->kind == L_SIZE)
            l->size *= pg.shrink;
    }
    free(map);
    out->title = pn_xstrdup(full->title);
    out->subtitle = full->subtitle ? pn_xstrdup(full->subtitle) : NULL;
}

/* ------------------------------------------------------------------ */
/* One map from its description to the file                            */

static double legend_height(const struct rmap *r)
{
    double h = 16;
    for (size_t i = 0; i < r->n_leg; i++)
        h += pn_map_legend_row(&r->leg[i], i);
    return h;
}

/* The map area: the canvas less margins, title and legend; a legend taller than the
 * map area grows the canvas (c->H, said in a warning) rather than covering the map. */
static void frame_init(struct ctx *c, const struct rmap *r, struct frame *f)
{
    struct tband b; /* the title band: a long subtitle takes lines, not width */
    pn_map_title_band(c, r, 0, &b);
    double title_h = b.height;
    f->sub_lines = b.n_sub;
    pn_map_title_band_free(&b);
    f->lh = legend_height(r);
    f->ax0 = MARGIN;
    f->ax1 = c->W - MARGIN - LEGEND_W - LEGEND_GAP;
    f->ay0 = MARGIN;
    f->ay1 = c->H - title_h;
    if (f->lh > f->ay1 - f->ay0) {
        double h = ceil(c->H + f->lh - (f->ay1 - f->ay0));
        pn_diag_warning(c->d, NULL, "the legend needs a taller canvas: %.0fx%.0f instead of "
                                    "%.0fx%.0f", c->W, h, c->W, c->H);
        c->H = h;
        f->ay1 = c->H - title_h;
    }
}

/* The legend sits right of the map, top-aligned with it. */
static void frame_legend(const struct rmap *dr, struct frame *f)
{
    double maxx = -INFINITY;
    for (size_t i = 0; i < dr->n_nodes; i++) {
        double half = dr->nodes[i].size > 0 ? dr->nodes[i].size / 2 : 0;
        maxx = fmax(maxx, dr->nodes[i].x + half);
    }
    for (size_t k = 0; k < dr->n_cl; k++) /* clusters are sized when drawn; leave room */
        maxx = fmax(maxx, f->ax1);
    f->lx0 = fmax(f->ax1, maxx) + LEGEND_GAP;
    f->ly1 = f->ay1;
}

/* Title and subtitle, positions, panels, labels, drawing. Graphviz messages of every
 * step go to c->d. */
static enum pn_status render_description(struct ctx *c, struct rmap *r,
                                         const struct layout *lay, const char *path)
{
    const struct pn_render_options *o = c->o;
    struct rmap panels = {0};
    r->title = pn_xstrdup(o->title ? o->title : c->m->title ? c->m->title : "Partnership network");
    r->subtitle = o->subtitle ? pn_xstrdup(o->subtitle) : pn_map_default_subtitle(c);
    const char *fmt = pn_map_format_of(o, path);
    pn_map_draw_begin(c);
    struct frame f;
    frame_init(c, r, &f);
    enum pn_status st = pn_map_layout_place(c, r, lay, &f);
    if (st != PN_OK)
        goto out;
    pn_map_positions_snap(c, r, &f);
    if (o->save_positions != NULL && (r->n_cl == 0 || o->n_years > 0))
        pn_map_positions_record(c, r, &f);
    struct rmap *dr = r;
    if (o->n_years > 0) {
        compose_panels(c, r, &panels, f.ax0, f.ay0, f.ax1, f.ay1);
        dr = &panels;
    }
    frame_legend(dr, &f);
    struct rect legend = {f.lx0 - 4, f.ly1 - f.lh - 4, f.lx0 + LEGEND_W + 4, f.ly1 + 4};
    struct rect area = {8, 8, c->W - 8, f.ay1 + 8};
    size_t dropped = pn_map_place_labels(c, dr, legend, area);
    pn_map_label_note(dr);
    if (strcmp(fmt, "html") == 0)
        st = pn_map_html_draw(c, dr, &f, dropped, path);
    else
        st = pn_map_draw(c, dr, &f, dropped, fmt, path);
    if (st == PN_OK && o->html_path != NULL && strcmp(fmt, "svg") == 0 && strcmp(path, "-") != 0)
        st = pn_map_html_write(c, dr, path, o->html_path);
out:
    pn_map_draw_end();
    pn_map_free(&panels);
    return st;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

/* Checks the options and picks the layout; fills the shared parts of c. */
static enum pn_status prepare(struct ctx *c, const struct pn_model *m, const struct pn_view *v,
                              const struct pn_metrics *mx, const struct pn_render_options *o,
                              const char *path, struct pn_diag *d, const struct layout **lay)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->v = v;
    c->mx = mx;
    c->o = o;
    c->d = d;
    c->st = pn_map_style(o->style);
    c->W = o->width > 0 ? o->width : 1920;
    c->H = o->height > 0 ? o->height : 1080;
    if (c->W < 480 || c->H < 270 || c->W > 20000 || c->H > 20000) {
        pn_diag_error(d, NULL, "canvas %gx%g is out of range; expected 480x270 to 20000x20000",
                      c->W, c->H);
        return PN_EUSAGE;
    }
    if (pn_map_layout_check(o->layout, d) != PN_OK)
        return PN_EUSAGE;
    const char *fmt = pn_map_format_of(o, path);
    if (fmt == NULL)
        return unknown_extension(path, d);
    if (strcmp(fmt, "svg") != 0 && strcmp(fmt, "png") != 0 && strcmp(fmt, "pdf") != 0 &&
        strcmp(fmt, "html") != 0) {
        pn_diag_error(d, NULL, "unknown map format '%s'; expected svg, png, pdf or html", fmt);
        return PN_EUSAGE;
    }
    c->font = o->font ? o->font : PN_MAP_FONT;
    if (!pn_map_font_ok(c->font)) {
        pn_diag_error(d, NULL, "invalid font '%s'; expected a font family name (letters, "
                               "digits, spaces, commas)", c->font);
        return PN_EUSAGE;
    }
    if (v == NULL || v->n_nodes == 0) {
        pn_diag_error(d, NULL, "nothing to draw: the view has no nodes");
        return PN_EINPUT;
    }
    c->size_metric = pn_map_size_metric(mx, o);
    c->backbone = pn_map_backbone_size(c);
    return pn_map_layout_choose(c, lay);
}

enum pn_status pn_render_map(const struct pn_model *m, const struct pn_view *v,
                             const struct pn_metrics *mx, const struct pn_render_options *o,
                             const char *path, struct pn_diag *d)
{
    struct ctx c;
    struct rmap r = {0};
    const struct layout *lay = NULL;
    /* Graphviz and Pango abort or crash when memory runs out: check first (issue 13) */
    if (pn_resources_check(PN_MAP_BASE_BYTES + v->n_nodes * PN_MAP_NODE_BYTES,
                           "drawing the map", d) != PN_OK)
        return PN_EIO;
    enum pn_status st = prepare(&c, m, v, mx, o, path, d, &lay);
    if (st != PN_OK)
        goto out;
    bool change = o->change_from > 0;
    if (o->view == PN_VIEW_COMMUNITY) {
        st = pn_map_build_community(&c, &r);
        if (st != PN_OK)
            goto out;
        for (size_t i = 0; i < r.n_nodes; i++)
            r.nodes[i].want_label = true;
        if (lay->kind == LAYOUT_GEO)
            lay = pn_map_layout_general();
    } else {
        pn_map_build_full(&c, &r, change);
        pn_map_decorate(&c, &r);
        if (change)
            pn_map_mark_changes(&c, &r);
        else if (o->whatif != NULL)
            pn_map_mark_whatif(&c, &r);
        if (o->view == PN_VIEW_ALLIANCE && lay->kind != LAYOUT_GEO && o->n_years == 0)
            pn_map_build_groups(&c, &r);
    }
    st = render_description(&c, &r, lay, path);
out:
    pn_map_free(&r);
    pn_map_sset_free(&c.ids);
    return st;
}

/* ------------------------------------------------------------------ */
/* --compare: the union of two versions                                */

/* The older version as seen from the newer map: old_node[i] is the map node of its view
 * node i; the edge keys of each version. */
struct versions {
    const struct pn_model *old_m;
    const struct pn_view *old_v;
    size_t *old_node;
    struct sset old_keys, new_keys;
};

/* Identity of a view edge across versions: kind, ends by id (sorted when
 * undirected), tie type. */
static char *edge_key(const struct pn_model *m, const struct pn_view *v, const struct pn_edge *e)
{
    const char *a = m->entities[v->node_entity[e->from]].id;
    const char *b = m->entities[v->node_entity[e->to]].id;
    const char *type = e->kind == PN_EDGE_TIE && e->ref < m->n_ties && m->ties[e->ref].type
                           ? m->ties[e->ref].type
                           : "";
    if (!e->directed && e->kind != PN_EDGE_MEMBER && e->kind != PN_EDGE_PART_OF &&
        strcmp(a, b) > 0) {
        const char *t = a;
        a = b;
        b = t;
    }
    return pn_xasprintf("%s\x1f%s\x1f%s\x1f%s", pn_map_edge_kind_class(e->kind), type, a, b);
}

/* Entities only in the old version join the map, in the "other" colour. */
static void add_old_nodes(struct ctx *c, struct rmap *r, struct versions *vs)
{
    const struct pn_view *old_v = vs->old_v;
    vs->old_node = pn_xcalloc(old_v->n_nodes ? old_v->n_nodes : 1, sizeof *vs->old_node);
    for (size_t i = 0; i < old_v->n_nodes; i++) {
        const struct pn_entity *e = &vs->old_m->entities[old_v->node_entity[i]];
        size_t idx = pn_model_find(c->m, e->id);
        size_t vn = idx != PN_NONE && idx < c->v->n_entities ? c->v->entity_node[idx] : PN_NONE;
        if (vn != PN_NONE) {
            vs->old_node[i] = vn;
            continue;
        }
        struct rnode *rn = pn_map_add_node(r);
        rn->name = pn_xstrdup(e->id);
        rn->gid = pn_map_node_gid(c, e->id, NULL);
        rn->cls = pn_xasprintf("%s", pn_kind_name(e->kind));
        rn->shape = pn_map_kind_shape(e->kind);
        if (e->kind == PN_KIND_NETWORK)
            rn->style = "filled,rounded";
        pn_map_entity_labels(e, &rn->label, &rn->alt);
        rn->tooltip = pn_xasprintf("%s\n%s · %s\nonly in the older version",
                                   e->name ? e->name : e->id, e->id, pn_kind_name(e->kind));
        rn->url = e->url;
        rn->size = r->dmin + 0.3 * (r->dmax - r->dmin);
        rn->want_label = true;
        pn_map_set_col(rn->fill, c->st->other);
        pn_map_set_col(rn->stroke, c->st->stroke);
        vs->old_node[i] = r->n_nodes - 1;
    }
}

/* Edges of the newer map not in the older version: class and colour "new". */
static void mark_new_edges(struct ctx *c, struct rmap *r, struct versions *vs, double *db)
{
    for (size_t j = 0; j < r->n_edges; j++) {
        const struct pn_edge *e = &c->v->edges[r->edges[j].vedge];
        db[e->from]++;
        db[e->to]++;
        char *k = edge_key(c->m, c->v, e);
        pn_map_sset_add(&vs->new_keys, k);
        if (pn_map_sset_add(&vs->old_keys, k)) { /* not in the old version */
            pn_map_str_append(&r->edges[j].cls, " new");
            pn_map_set_col(r->edges[j].color, c->st->new_col);
            r->edges[j].penwidth = fmax(r->edges[j].penwidth, 2.2);
        }
        free(k);
    }
}

/* Edges only in the older version join the map, dashed in the "ended" colour. */
static void add_ended_edges(struct ctx *c, struct rmap *r, struct versions *vs)
{
    const struct pn_model *old_m = vs->old_m;
    const struct pn_view *old_v = vs->old_v;
    for (size_t i = 0; i < old_v->n_edges; i++) {
        const struct pn_edge *e = &old_v->edges[i];
        char *k = edge_key(old_m, old_v, e);
        bool ended = pn_map_sset_add(&vs->new_keys, k);
        free(k);
        if (!ended)
            continue;
        struct redge *re = pn_map_add_edge(r, vs->old_node[e->from], vs->old_node[e->to]);
        pn_map_style_edge(c, re, e);
        pn_map_set_col(re->color, c->st->ended_col);
        re->style = "dashed";
        const char *type =
            e->kind == PN_EDGE_TIE && e->ref < old_m->n_ties ? old_m->ties[e->ref].type : NULL;
        struct pn_strbuf sb;
        pn_strbuf_init(&sb);
        pn_strbuf_append(&sb, pn_map_edge_kind_class(e->kind));
        if (type) {
            pn_strbuf_append(&sb, " type-");
            pn_map_append_token(&sb, type);
        }
        pn_strbuf_append(&sb, e->directed ? " directed ended" : " ended");
        re->cls = pn_strbuf_detach(&sb);
        re->gid = pn_map_edge_gid(c, old_m->entities[old_v->node_entity[e->from]].id,
                                  old_m->entities[old_v->node_entity[e->to]].id, NULL);
    }
}

/* Merge the older version into the newer map r (n_new nodes from the newer view) and
 * mark what changed. */
static void merge_versions(struct ctx *c, struct rmap *r, struct versions *vs)
{
    size_t n_new = r->n_nodes;
    add_old_nodes(c, r, vs);
    size_t n = r->n_nodes;
    bool *was = pn_xcalloc(n, sizeof *was), *is = pn_xcalloc(n, sizeof *is);
    double *da = pn_xcalloc(n, sizeof *da), *db = pn_xcalloc(n, sizeof *db);
    for (size_t i = 0; i < n_new; i++)
        is[i] = true;
    for (size_t i = 0; i < vs->old_v->n_nodes; i++)
        was[vs->old_node[i]] = true;
    for (size_t i = 0; i < vs->old_v->n_edges; i++) {
        const struct pn_edge *e = &vs->old_v->edges[i];
        da[vs->old_node[e->from]]++;
        da[vs->old_node[e->to]]++;
        char *k = edge_key(vs->old_m, vs->old_v, e);
        pn_map_sset_add(&vs->old_keys, k);
        free(k);
    }
    mark_new_edges(c, r, vs, db);
    add_ended_edges(c, r, vs);
    pn_map_change_marks(c, r, was, is, da, db, "Change between the versions");
    free(db);
    free(da);
    free(is);
    free(was);
}

enum pn_status pn_render_compare(const struct pn_model *old_m, const struct pn_view *old_v,
                                 const struct pn_model *m, const struct pn_view *v,
                                 const struct pn_metrics *mx, const struct pn_render_options *o,
                                 const char *path, struct pn_diag *d)
{
    struct ctx c;
    struct rmap r = {0};
    const struct layout *lay = NULL;
    struct versions vs = {old_m, old_v, NULL, {0}, {0}};
    enum pn_status st = prepare(&c, m, v, mx, o, path, d, &lay);
    if (st != PN_OK)
        goto out;
    if (o->view != PN_VIEW_FULL && o->view != PN_VIEW_GEO) {
        pn_diag_error(d, NULL, "--compare draws the full or the geographic map");
        st = PN_EUSAGE;
        goto out;
    }
    if (lay->kind == LAYOUT_IGRAPH) /* positions are of the new view only */
        lay = pn_map_layout_general();
    c.compare = true;
    c.backbone = 0;
    pn_map_build_full(&c, &r, false);
    pn_map_decorate(&c, &r);
    merge_versions(&c, &r, &vs);
    st = render_description(&c, &r, lay, path);
out:
    free(vs.old_node);
    pn_map_sset_free(&vs.new_keys);
    pn_map_sset_free(&vs.old_keys);
    pn_map_free(&r);
    pn_map_sset_free(&c.ids);
    return st;
}

bool pn_render_parse_years(const char *s, int *years, size_t *n)
{
    size_t k = 0;
    const char *p = s;
    *n = 0;
    if (*p == '\0')
        return false;
    for (;;) {
        char *end;
        errno = 0;
        if (!isdigit((unsigned char)*p))
            return false;
        long y = strtol(p, &end, 10);
        if (errno != 0 || y < 1000 || y > 9999 || (*end != ',' && *end != '\0') ||
            k == PN_RENDER_MAX_YEARS || (k > 0 && y <= years[k - 1]))
            return false;
        years[k++] = (int)y;
        if (*end == '\0')
            break;
        p = end + 1;
    }
    *n = k;
    return true;
}
