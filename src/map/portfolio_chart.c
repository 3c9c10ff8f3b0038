/*
 * portfolio_chart (issue 14): the partner portfolio for slides. One column (a panel) per
 * scope, partners in a grid inside it, those with more dimensions first (a new grid row
 * where the number of dimensions changes); each partner a node of its kind's shape, filled
 * by its combination of dimensions, sized by years active (or thematic fit), dashed when
 * undated. The description is the maps' (map_int.h): positions are computed here and drawn
 * by pn_map_draw, so canvas, fonts, title, labels and legend follow the map rules.
 */
#include "map/portfolio_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map/map_int.h"

#define COL_HEAD 44.0 /* room for a panel's label */
#define COL_GAP 14.0
#define NODE_MIN 12.0
#define NODE_MAX 46.0
#define YEARS_MAX 40.0

/* The combinations of dimensions in legend order (bits of 1 << enum pn_dimension) and the
 * palette slot of each. */
static const unsigned combos[] = {7, 3, 5, 6, 1, 2, 4, 0};
#define N_COMBOS (sizeof combos / sizeof combos[0])

static const char *combo_colour(const struct style *st, unsigned dims)
{
    for (size_t k = 0; k + 1 < N_COMBOS; k++)
        if (combos[k] == dims)
            return st->palette[k % st->n_palette];
    return st->other;
}

static char *combo_text(unsigned dims)
{
    if (dims == 0)
        return pn_xstrdup("no dimension");
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (int i = 0; i < PN_DIM_N; i++)
        if (dims & (1u << i))
            pn_strbuf_appendf(&sb, "%s%s", sb.len ? " + " : "", pn_dimension_names[i]);
    return pn_strbuf_detach(&sb);
}

static int n_dims(unsigned d)
{
    return (int)((d & 1u) + ((d >> 1) & 1u) + ((d >> 2) & 1u));
}

/* Node size of a row by years active (undated: the smallest) or by fit. */
static double row_size(const struct pn_portfolio_row *r, enum pn_chart_size by)
{
    double x = by == PN_CHART_BY_FIT ? r->fit : r->years < 0 ? 0 : fmin(r->years, YEARS_MAX) / YEARS_MAX;
    return NODE_MIN + (NODE_MAX - NODE_MIN) * sqrt(x);
}

/* Rows of the portfolio in one scope, in chart order (more dimensions, then longer first). */
struct column {
    size_t *rows;
    size_t n;
    size_t grid; /* grid columns */
    double x0, x1;
};

/* The sort key of a row in its panel. */
struct chart_key {
    int nd, years;
    const char *id;
    size_t row;
};

static int cmp_chart(const void *pa, const void *pb)
{
    const struct chart_key *a = pa, *b = pb;
    if (a->nd != b->nd)
        return b->nd - a->nd;
    if (a->years != b->years)
        return b->years - a->years;
    return strcmp(a->id, b->id);
}

/* The rows of panel col in chart order. */
static void sort_column(const struct pn_portfolio *p, struct column *col)
{
    struct chart_key *k = pn_xcalloc(col->n + 1, sizeof *k);
    for (size_t i = 0; i < col->n; i++) {
        const struct pn_portfolio_row *r = &p->rows[col->rows[i]];
        k[i] = (struct chart_key){n_dims(r->dims), r->years, r->id, col->rows[i]};
    }
    qsort(k, col->n, sizeof *k, cmp_chart);
    for (size_t i = 0; i < col->n; i++)
        col->rows[i] = k[i].row;
    free(k);
}

/* Grid rows a column needs with g grid columns (a new row where the dimensions change). */
static size_t rows_needed(const struct pn_portfolio *p, const struct column *col, size_t g)
{
    size_t rows = 0, in_row = g;
    int last = -1;
    for (size_t i = 0; i < col->n; i++) {
        int nd = n_dims(p->rows[col->rows[i]].dims);
        if (nd != last || in_row >= g) {
            rows++;
            in_row = 0;
            last = nd;
        }
        in_row++;
    }
    return rows;
}

/* An invisible point at the origin: Graphviz's "nop" moves the drawing so that its lowest
 * left node sits at the origin; with this one there, every position stays as placed. */
static void origin_point(struct rmap *r)
{
    struct rnode *n = pn_map_add_node(r);
    n->name = pn_xstrdup("canvas:origin");
    n->gid = pn_xstrdup("canvas-origin");
    n->cls = pn_xstrdup("canvas");
    n->shape = "point";
    n->style = "invis";
    n->size = 0.72;
    n->x = 0.36;
    n->y = 0.36;
    n->has_pos = true;
}

static const char *const panel_titles[PN_SCOPE_N] = {
    "Same region", "Same country", "Cross-border", "European", "Outside Europe", "No country"};

/* Width a panel needs for its title "Title (n)" (22 pt, drawn by Graphviz). */
static double title_width(enum pn_scope s, size_t n)
{
    char *t = pn_xasprintf("%s (%zu)", panel_titles[s], n);
    double w, h;
    pn_map_text_box(t, 22, &w, &h);
    free(t);
    return w + 28;
}

/* Grid columns per panel and the cell size that fit the area (cells shrink until they do);
 * panel extents across [x0, x1], each at least as wide as its title, the spare width shared
 * in proportion. */
static void plan_columns(const struct pn_portfolio *p, struct column *cols, size_t n_cols,
                         double x0, double x1, double height, double *cw, double *ch)
{
    double scale = 1, need = 0, *w = pn_xcalloc(n_cols + 1, sizeof *w);
    double room = x1 - x0 - COL_GAP * (double)(n_cols - 1);
    for (int tries = 0; tries < 12; tries++, scale *= 0.9) {
        *cw = 124 * scale;
        *ch = 66 * scale;
        size_t cap = (size_t)fmax(1, floor((height - COL_HEAD) / *ch));
        need = 0;
        for (size_t k = 0; k < n_cols; k++) {
            size_t g = 1;
            while (rows_needed(p, &cols[k], g) > cap && g < cols[k].n)
                g++;
            cols[k].grid = g;
            w[k] = fmax((double)g * *cw + 38,
                        title_width(p->rows[cols[k].rows[0]].scope, cols[k].n));
            need += w[k];
        }
        if (need <= room)
            break;
    }
    double x = x0, f = room / need;
    for (size_t k = 0; k < n_cols; k++) {
        cols[k].x0 = x;
        cols[k].x1 = x + w[k] * f;
        x = cols[k].x1 + COL_GAP;
    }
    free(w);
}


/* Every partner is named, above its node, centred on its cell and cut to the cell's
 * width, in the maps' smallest label size: the chart's grid leaves each label its own
 * place, so the maps' placer (labels.c) is not needed. */
static void chart_label(const struct ctx *c, struct rnode *n, double cx, double cell_w)
{
    double fs, fs_max, w, h;
    pn_map_label_sizes(c, &fs, &fs_max);
    pn_map_font_box(c->font, n->label, fs, &w, &h);
    for (size_t keep = pn_utf8_length(n->label); w + 4 > cell_w && keep > 4; keep--) {
        char *cut = pn_map_utf8_cut(n->label, keep - 2);
        free(n->label);
        n->label = cut;
        pn_map_font_box(c->font, n->label, fs, &w, &h);
    }
    n->want_label = false;
    n->shown = n->label;
    n->lw = w + 4;
    n->lh = h;
    n->lfs = fs;
    n->lx = cx;
    n->ly = n->y + n->size / 2 + h / 2 + 2;
    n->leader = false;
}

/* The partner nodes of one panel, in a grid from its top left. */
static void place_column(struct ctx *c, struct rmap *r, const struct pn_portfolio *p,
                         const struct column *col, long cluster, double top, double ch,
                         enum pn_chart_size by)
{
    /* Graphviz puts most labels left of their node: the nodes sit right in their cells */
    double gx0 = col->x0 + 30, cw = (col->x1 - col->x0 - 38) / (double)col->grid;
    size_t row = 0, in_row = col->grid;
    int last = -1;
    for (size_t i = 0; i < col->n; i++) {
        const struct pn_portfolio_row *pr = &p->rows[col->rows[i]];
        const struct pn_entity *e = &c->m->entities[pr->entity];
        int nd = n_dims(pr->dims);
        if (nd != last || in_row >= col->grid) {
            row += last >= 0;
            in_row = 0;
            last = nd;
        }
        struct rnode *n = pn_map_add_node(r);
        n->name = pn_xstrdup(e->id);
        n->gid = pn_map_node_gid(c, e->id, "");
        n->cls = pn_xasprintf("node %s partner scope-%s", pn_kind_name(e->kind),
                              pn_scope_names[pr->scope]);
        n->shape = pn_map_kind_shape(e->kind);
        pn_map_set_col(n->fill, combo_colour(c->st, pr->dims));
        pn_map_set_col(n->stroke, c->st->stroke);
        n->style = by == PN_CHART_BY_YEARS && pr->since == PN_YEAR_UNSET ? "filled,dashed" : "filled";
        n->size = row_size(pr, by);
        n->entity = pr->entity;
        n->cluster = cluster;
        n->x = gx0 + cw * ((double)in_row + 0.72);
        n->y = top - COL_HEAD - ch * ((double)row + 0.5);
        n->has_pos = true;
        const char *lab = pn_entity_label(e);
        n->label = pn_utf8_length(lab) > 17 ? pn_map_utf8_cut(lab, 16) : pn_xstrdup(lab);
        chart_label(c, n, gx0 + cw * ((double)in_row + 0.5), cw - 6);
        n->prio = (double)nd * 100 + (pr->years > 0 ? pr->years : 0);
        char *dims = combo_text(pr->dims);
        char since[32];
        if (pr->since != PN_YEAR_UNSET)
            snprintf(since, sizeof since, "since %d", pr->since);
        else
            snprintf(since, sizeof since, "undated");
        n->tooltip = pn_xasprintf("%s\n%s; %s\n%s%s\n%s", e->name, pn_scope_words[pr->scope],
                                  dims, pr->fit_themes[0] ? "priority themes: " : "no priority "
                                                                                  "theme",
                                  pr->fit_themes, since);
        free(dims);
        in_row++;
    }
}

/* Legend: the combinations present, the kinds present, the size scale, undated. */
static void chart_legend(struct ctx *c, struct rmap *r, const struct pn_portfolio *p,
                         enum pn_chart_size by)
{
    pn_map_add_leg(r, L_HEAD, "Dimensions");
    for (size_t k = 0; k < N_COMBOS; k++) {
        bool used = false;
        for (size_t i = 0; i < p->n_rows && !used; i++)
            used = p->rows[i].dims == combos[k];
        if (!used)
            continue;
        char *t = combo_text(combos[k]);
        struct lentry *l = pn_map_add_leg(r, L_SWATCH, t);
        free(t);
        pn_map_set_col(l->fill, combo_colour(c->st, combos[k]));
        pn_map_set_col(l->stroke, c->st->stroke);
    }
    pn_map_add_leg(r, L_HEAD, "Kind");
    for (int kind = PN_KIND_INSTITUTION; kind <= PN_KIND_NETWORK; kind++) {
        bool used = false;
        for (size_t i = 0; i < p->n_rows && !used; i++)
            used = (int)c->m->entities[p->rows[i].entity].kind == kind;
        if (!used)
            continue;
        struct lentry *l = pn_map_add_leg(r, L_SHAPE, pn_kind_name((enum pn_kind)kind));
        l->shape = pn_map_kind_shape((enum pn_kind)kind);
        pn_map_set_col(l->fill, c->st->other);
        pn_map_set_col(l->stroke, c->st->stroke);
    }
    pn_map_add_leg(r, L_HEAD, by == PN_CHART_BY_FIT ? "Size: thematic fit" : "Size: years active");
    static const int years[] = {5, 15, 40};
    for (size_t k = 0; k < 3; k++) {
        struct pn_portfolio_row fake;
        memset(&fake, 0, sizeof fake);
        fake.years = years[k];
        fake.fit = (double)(k + 1) / 3;
        char *t = by == PN_CHART_BY_FIT ? pn_xasprintf("%.0f%% of the priorities", fake.fit * 100)
                                        : pn_xasprintf("%d years%s", years[k], k == 2 ? " or more" : "");
        struct lentry *l = pn_map_add_leg(r, L_SIZE, t);
        free(t);
        l->size = row_size(&fake, by);
        pn_map_set_col(l->fill, c->st->other);
        pn_map_set_col(l->stroke, c->st->stroke);
    }
    if (by == PN_CHART_BY_YEARS) {
        struct lentry *l = pn_map_add_leg(r, L_SWATCH, "undated (dashed outline)");
        pn_map_set_col(l->fill, c->st->other);
        pn_map_set_col(l->stroke, c->st->stroke);
        l->style = "dashed";
    }
}

/* The panels (one per scope with partners) and their nodes. */
static void chart_panels(struct ctx *c, struct rmap *r, const struct pn_portfolio *p,
                         const struct frame *f, enum pn_chart_size by)
{
    struct column cols[PN_SCOPE_N];
    size_t n_cols = 0;
    size_t *idx = pn_xcalloc(p->n_rows + 1, sizeof *idx);
    size_t used = 0;
    for (int s = 0; s < PN_SCOPE_N; s++) {
        struct column *col = &cols[n_cols];
        memset(col, 0, sizeof *col);
        col->rows = idx + used;
        for (size_t i = 0; i < p->n_rows; i++)
            if ((int)p->rows[i].scope == s)
                col->rows[col->n++] = i;
        if (col->n == 0)
            continue;
        sort_column(p, col);
        used += col->n;
        n_cols++;
    }
    double cw, ch;
    plan_columns(p, cols, n_cols, f->ax0, f->ax1, f->ay1 - f->ay0, &cw, &ch);
    for (size_t k = 0; k < n_cols; k++) {
        enum pn_scope s = p->rows[cols[k].rows[0]].scope;
        struct rcluster *cl = pn_map_add_cluster(r);
        cl->name = pn_xasprintf("cluster_scope_%s", pn_scope_names[s]);
        cl->gid = pn_xasprintf("panel-%s", pn_scope_names[s]);
        cl->label = pn_xasprintf("%s (%zu)", panel_titles[s], cols[k].n);
        cl->cls = "panel scope";
        cl->hub = PN_NONE;
        cl->fixed = true;
        cl->bb[0] = cols[k].x0;
        cl->bb[1] = f->ay0;
        cl->bb[2] = cols[k].x1;
        cl->bb[3] = f->ay1;
        place_column(c, r, p, &cols[k], (long)(r->n_cl - 1), f->ay1, ch, by);
    }
    free(idx);
}

static double legend_height(const struct rmap *r)
{
    double h = 16;
    for (size_t i = 0; i < r->n_leg; i++)
        h += pn_map_legend_row(&r->leg[i], i);
    return h;
}

/* Checks the options like the maps do; fills c. */
static enum pn_status chart_prepare(struct ctx *c, const struct pn_model *m,
                                    const struct pn_portfolio *p,
                                    const struct pn_render_options *o, const char *path,
                                    struct pn_diag *d, const char **fmt)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->o = o;
    c->d = d;
    c->st = pn_map_style(o->style);
    c->W = o->width > 0 ? o->width : 1920;
    c->H = o->height > 0 ? o->height : 1080;
    c->size_metric = -1;
    c->font = o->font ? o->font : PN_MAP_FONT;
    *fmt = pn_map_format_of(o, path);
    if (*fmt == NULL || (strcmp(*fmt, "svg") != 0 && strcmp(*fmt, "png") != 0 &&
                         strcmp(*fmt, "pdf") != 0)) {
        pn_diag_error(d, NULL, "unknown chart format for '%s'; expected a .svg, .png or .pdf "
                               "file", path);
        return PN_EUSAGE;
    }
    if (!pn_map_font_ok(c->font)) {
        pn_diag_error(d, NULL, "invalid font '%s'; expected a font family name", c->font);
        return PN_EUSAGE;
    }
    if (p->n_rows == 0) {
        pn_diag_error(d, NULL, "nothing to chart: %s has no partner",
                      m->entities[p->focus].id);
        return PN_EINPUT;
    }
    return PN_OK;
}

enum pn_status pn_render_portfolio_chart(const struct pn_model *m, const struct pn_portfolio *p,
                                         const struct pn_render_options *o,
                                         enum pn_chart_size size_by, const char *path,
                                         struct pn_diag *d)
{
    struct ctx c;
    struct rmap r = {0};
    const char *fmt = NULL;
    /* the view: the focus is none of the chart's nodes */
    struct pn_view v;
    memset(&v, 0, sizeof v);
    v.focus = PN_NONE;
    enum pn_status st = chart_prepare(&c, m, p, o, path, d, &fmt);
    c.v = &v;
    if (st != PN_OK)
        goto out;
    chart_legend(&c, &r, p, size_by);
    const struct pn_entity *fe = &m->entities[p->focus];
    r.title = o->title ? pn_xstrdup(o->title)
                       : pn_xasprintf("Partner portfolio of %s", pn_entity_label(fe));
    r.subtitle = o->subtitle ? pn_xstrdup(o->subtitle)
                             : pn_xasprintf("%zu partners in %d by scope (panels) and dimensions "
                                            "(colours, more first); size: %s",
                                            p->n_rows, p->at,
                                            size_by == PN_CHART_BY_FIT ? "thematic fit"
                                                                       : "years active");
    struct frame f;
    struct tband band; /* the title band: a long subtitle takes lines, not width */
    pn_map_title_band(&c, &r, 0, &band);
    f.sub_lines = band.n_sub;
    f.lh = legend_height(&r);
    f.ax0 = MARGIN;
    f.ax1 = c.W - MARGIN - LEGEND_W - LEGEND_GAP;
    f.ay0 = MARGIN;
    f.ay1 = c.H - band.height;
    pn_map_title_band_free(&band);
    f.lx0 = f.ax1 + LEGEND_GAP;
    f.ly1 = f.ay1;
    chart_panels(&c, &r, p, &f, size_by);
    origin_point(&r);
    pn_map_draw_begin(&c);
    st = pn_map_draw(&c, &r, &f, 0, fmt, path);
    pn_map_draw_end();
out:
    pn_map_free(&r);
    pn_map_sset_free(&c.ids);
    return st;
}
