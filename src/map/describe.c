/*
 * describe: model + view + metrics -> the map description (map_int.h): styles and
 * palettes, colours, sizes, labels, tooltips, legend rows, the view builders (full,
 * community, change marks; the alliance groups are outline.c's) and the default subtitle.
 * Must not place nodes or call Graphviz. Owns the description it builds; borrows the
 * model, view and metrics through the context.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map/map_int.h"

/* ------------------------------------------------------------------ */
/* Styles and palettes                                                 */

/* Okabe & Ito (2008) colour-blind-safe palette, yellow last (weak on white). */
static const char *const okabe_ito[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                        "#56B4E9", "#D55E00", "#F0E442"};
/* Paul Tol's high-contrast scheme plus black: four distinct grey levels. */
static const char *const print_palette[] = {"#004488", "#DDAA33", "#BB5566", "#000000"};

static const struct style styles[] = {
    {"#FFFFFF", "#1F1F1F", "#5F6368", "#5A5A5A", "#C8C8C8", "#9A9A9A", "#FFFFFF", "#D0D0D0",
     okabe_ito, 7, "#A0A0A0", "#009E73", "#9A9A9A", "#009E73", "#D55E00", "#1F1F1F"},
    {"#15181D", "#ECECEC", "#A8ADB4", "#AAB2BC", "#4A525C", "#6C747E", "#15181D", "#4A525C",
     okabe_ito, 7, "#7C838C", "#33C59B", "#6C747E", "#33C59B", "#FF8A3D", "#FFFFFF"},
    {"#FFFFFF", "#000000", "#333333", "#333333", "#B0B0B0", "#777777", "#000000", "#777777",
     print_palette, 4, "#E8E8E8", "#000000", "#999999", "#000000", "#000000", "#000000"},
};

const struct style *pn_map_style(enum pn_style s)
{
    return &styles[s <= PN_STYLE_PRINT ? s : 0];
}

/* ------------------------------------------------------------------ */
/* The description's containers                                       */

void pn_map_free(struct rmap *r)
{
    for (size_t i = 0; i < r->n_nodes; i++) {
        struct rnode *n = &r->nodes[i];
        free(n->name);
        free(n->gid);
        free(n->cls);
        free(n->label);
        free(n->alt);
        free(n->tooltip);
    }
    for (size_t i = 0; i < r->n_edges; i++) {
        free(r->edges[i].gid);
        free(r->edges[i].cls);
        free(r->edges[i].tooltip);
    }
    for (size_t i = 0; i < r->n_cl; i++) {
        free(r->cl[i].name);
        free(r->cl[i].gid);
        free(r->cl[i].label);
    }
    for (size_t i = 0; i < r->n_leg; i++)
        free(r->leg[i].text);
    free(r->nodes);
    free(r->edges);
    free(r->cl);
    free(r->leg);
    free(r->title);
    free(r->subtitle);
    pn_map_groups_free(r);
    pn_map_geo_free(r);
    free(r->background);
    memset(r, 0, sizeof *r);
}

struct rnode *pn_map_add_node(struct rmap *r)
{
    pn_xgrow((void **)&r->nodes, &r->cap_nodes, r->n_nodes + 1, sizeof *r->nodes);
    struct rnode *n = &r->nodes[r->n_nodes++];
    memset(n, 0, sizeof *n);
    n->entity = PN_NONE;
    n->cluster = -1;
    n->shape = "circle";
    n->style = "filled";
    n->penwidth = 1;
    n->fontsize = LABEL_FS;
    return n;
}

struct redge *pn_map_add_edge(struct rmap *r, size_t a, size_t b)
{
    pn_xgrow((void **)&r->edges, &r->cap_edges, r->n_edges + 1, sizeof *r->edges);
    struct redge *e = &r->edges[r->n_edges++];
    memset(e, 0, sizeof *e);
    e->a = a;
    e->b = b;
    e->style = "solid";
    e->penwidth = 1;
    e->vedge = PN_NONE;
    return e;
}

struct lentry *pn_map_add_leg(struct rmap *r, enum lkind k, const char *text)
{
    pn_xgrow((void **)&r->leg, &r->cap_leg, r->n_leg + 1, sizeof *r->leg);
    struct lentry *l = &r->leg[r->n_leg++];
    memset(l, 0, sizeof *l);
    l->kind = k;
    l->text = pn_xstrdup(text);
    l->shape = "circle";
    l->style = "solid";
    l->penwidth = 1;
    return l;
}

struct rcluster *pn_map_add_cluster(struct rmap *r)
{
    pn_xgrow((void **)&r->cl, &r->cap_cl, r->n_cl + 1, sizeof *r->cl);
    struct rcluster *cl = &r->cl[r->n_cl++];
    memset(cl, 0, sizeof *cl);
    return cl;
}

double pn_map_legend_row(const struct lentry *l, size_t i)
{
    return l->kind == L_HEAD   ? LEGEND_ROW + (i ? 10 : 0)
           : l->kind == L_SIZE ? fmax(LEGEND_ROW, l->size + 6) +
                                     (l->size > LEGEND_SIZE_BESIDE ? LEGEND_ROW : 0)
                               : LEGEND_ROW;
}

void pn_map_str_append(char **s, const char *suffix)
{
    if (*s == NULL)
        return;
    char *t = pn_xasprintf("%s%s", *s, suffix);
    free(*s);
    *s = t;
}

void pn_map_set_col(char dst[10], const char *src)
{
    snprintf(dst, 10, "%s", src);
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

bool pn_map_sset_add(struct sset *s, const char *key)
{
    if (2 * (s->n + 1) > s->cap) {
        size_t ncap = s->cap ? 2 * s->cap : 64;
        char **ns = pn_xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i] != NULL) {
                size_t j = (size_t)hash_str(s->slots[i]) & (ncap - 1);
                while (ns[j] != NULL)
                    j = (j + 1) & (ncap - 1);
                ns[j] = s->slots[i];
            }
        free(s->slots);
        s->slots = ns;
        s->cap = ncap;
    }
    size_t j = (size_t)hash_str(key) & (s->cap - 1);
    while (s->slots[j] != NULL) {
        if (strcmp(s->slots[j], key) == 0)
            return false;
        j = (j + 1) & (s->cap - 1);
    }
    s->slots[j] = pn_xstrdup(key);
    s->n++;
    return true;
}

void pn_map_sset_free(struct sset *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->slots[i]);
    free(s->slots);
    memset(s, 0, sizeof *s);
}

/* A unique id from a base: base, base-2, base-3, ... */
char *pn_map_unique_id(struct sset *ids, const char *base)
{
    char *id = pn_xstrdup(base);
    for (int k = 2; !pn_map_sset_add(ids, id); k++) {
        free(id);
        id = pn_xasprintf("%s-%d", base, k);
    }
    return id;
}

/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* Building the map from model, view and metrics                        */

static double metric(const struct ctx *c, int k, size_t node)
{
    if (c->mx == NULL || k < 0 || k >= PN_M_COUNT || c->mx->v[k] == NULL || node >= c->mx->n)
        return NAN;
    return c->mx->v[k][node];
}

static void append_metric_value(struct pn_strbuf *sb, int k, double x)
{
    if (isnan(x))
        pn_strbuf_append(sb, "n/a");
    else if (pn_metric_info[k].integer)
        pn_strbuf_appendf(sb, "%.0f", x);
    else
        pn_strbuf_appendf(sb, "%.4g", x);
}

/* A size-legend value for an audience: two significant digits, shares as percentages,
 * never an exponent ("0.36%", "12%", "0.52", "< 0.0001"), then "(lowest)"/"(highest)". */
static void append_legend_value(struct pn_strbuf *sb, int k, double x, bool highest)
{
    const struct pn_metric_info *mi = &pn_metric_info[k];
    double shown = mi->percent ? 100 * x : x;
    const char *unit = mi->percent ? "%" : "";
    if (isnan(x))
        pn_strbuf_append(sb, "n/a");
    else if (mi->integer)
        pn_strbuf_appendf(sb, "%.0f", x);
    else if (shown != 0 && fabs(shown) < 1e-4)
        pn_strbuf_appendf(sb, "< 0.0001%s", unit);
    else if (fabs(shown) >= 100)
        pn_strbuf_appendf(sb, "%.0f%s", shown, unit);
    else {
        /* %.2g, but in positional notation: as many decimals as two digits need */
        int digits = shown == 0 ? 0 : 1 - (int)floor(log10(fabs(shown)));
        pn_strbuf_appendf(sb, "%.*f%s", digits > 0 ? digits : 0, shown, unit);
    }
    pn_strbuf_append(sb, highest ? " (highest)" : " (lowest)");
}

static char *entity_tooltip(const struct ctx *c, const struct pn_entity *e, size_t node)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, e->name ? e->name : e->id);
    pn_strbuf_appendf(&sb, "\n%s · %s", e->id, pn_kind_name(e->kind));
    if (e->type)
        pn_strbuf_appendf(&sb, " · %s", e->type);
    if (e->country)
        pn_strbuf_appendf(&sb, " · %s", e->country);
    if (e->city)
        pn_strbuf_appendf(&sb, " · %s", e->city);
    if (c->mx != NULL && node != PN_NONE)
        for (int k = 0; k < PN_M_COUNT; k++) {
            double x = metric(c, k, node);
            if (c->mx->v[k] == NULL)
                continue;
            pn_strbuf_appendf(&sb, "\n%s: ", pn_metric_info[k].label);
            append_metric_value(&sb, k, x);
        }
    return pn_strbuf_detach(&sb);
}

const char *pn_map_kind_shape(enum pn_kind k)
{
    return k == PN_KIND_ALLIANCE ? "hexagon" : k == PN_KIND_NETWORK ? "box" : "circle";
}

/* Label texts of an entity: full (wrapped) and short alternative. */
void pn_map_entity_labels(const struct pn_entity *e, char **label, char **alt)
{
    const char *name = e->name ? e->name : e->id;
    const char *sh = e->short_name;
    *alt = NULL;
    if (pn_utf8_length(name) <= WRAP_CHARS) {
        *label = pn_xstrdup(name);
    } else {
        char *w = pn_map_wrap_text(name, WRAP_CHARS, 3);
        if (w != NULL) {
            *label = w;
        } else if (sh != NULL) {
            *label = pn_xstrdup(sh);
            sh = NULL;
        } else {
            /* too long for 3 lines: cut at a code point boundary, then wrap */
            char *cut2 = pn_map_utf8_cut(name, 2 * WRAP_CHARS);
            w = pn_map_wrap_text(cut2, WRAP_CHARS, 3);
            *label = w ? w : cut2;
            if (w)
                free(cut2);
        }
    }
    if (sh != NULL && strcmp(sh, *label) != 0)
        *alt = pn_xstrdup(sh);
}

/* Node sizes: area proportional to the metric. */
static void size_range(size_t n, double *dmin, double *dmax)
{
    double f = n <= 60 ? 1.0 : sqrt(60.0 / (double)n);
    if (f < 0.25)
        f = 0.25;
    *dmin = fmax(6.0, 14.0 * f);
    *dmax = fmax(16.0, 56.0 * f);
}

struct category {
    const char *key; /* "" = not given */
    size_t count;
    long first; /* first node (tie-break) */
    const char *color;
};

static int cmp_cat(const void *pa, const void *pb)
{
    const struct category *a = pa, *b = pb;
    bool ea = *a->key == '\0', eb = *b->key == '\0';
    if (ea != eb)
        return ea ? 1 : -1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->key, b->key);
}

/* Communities in the order of their numbers (keys "%012.0f"), unset last (issue 9: the
 * legend follows the numbering of the report, metrics.csv and the tooltips). */
static int cmp_cat_number(const void *pa, const void *pb)
{
    const struct category *a = pa, *b = pb;
    bool ea = *a->key == '\0', eb = *b->key == '\0';
    if (ea != eb)
        return ea ? 1 : -1;
    return strcmp(a->key, b->key);
}

int pn_map_cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b ? 1 : 0;
}

/* Number of elements <= x in an ascending array. */
static size_t count_le(const double *a, size_t n, double x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The colour category of a map node under `by` ("": not given); a new string. */
static char *colour_key(const struct ctx *c, const struct rnode *rn, enum pn_color_by by)
{
    if (rn->entity == PN_NONE)
        return pn_xstrdup("");
    const struct pn_entity *e = &c->m->entities[rn->entity];
    size_t vn = c->v->entity_node[rn->entity];
    switch (by) {
    case PN_COLOR_COMMUNITY: {
        double x = metric(c, PN_M_COMMUNITY, vn);
        return isnan(x) ? pn_xstrdup("") : pn_xasprintf("%012.0f", x);
    }
    case PN_COLOR_KIND:
        return pn_xstrdup(pn_kind_name(e->kind));
    case PN_COLOR_TYPE:
        return pn_xstrdup(e->kind != PN_KIND_INSTITUTION ? pn_kind_name(e->kind)
                          : e->type                      ? e->type
                                                         : "");
    case PN_COLOR_COUNTRY:
        return pn_xstrdup(e->country ? e->country : "");
    case PN_COLOR_THEME:
        return pn_xstrdup(e->n_themes ? e->themes[0] : "");
    }
    return pn_xstrdup("");
}

/* The distinct keys with their counts, most frequent first ("" last); *nc of them. */
static struct category *categories(char **keys, size_t n, size_t *nc_out)
{
    struct category *cats = pn_xcalloc(n ? n : 1, sizeof *cats);
    size_t nc = 0;
    struct sset seen = {0};
    for (size_t i = 0; i < n; i++) {
        if (pn_map_sset_add(&seen, keys[i])) {
            cats[nc].key = keys[i];
            cats[nc].first = (long)i;
            nc++;
        }
        for (size_t k = 0; k < nc; k++)
            if (strcmp(cats[k].key, keys[i]) == 0) {
                cats[k].count++;
                break;
            }
    }
    pn_map_sset_free(&seen);
    qsort(cats, nc, sizeof *cats, cmp_cat);
    *nc_out = nc;
    return cats;
}

/* Colours: fixed per kind (maps of one network agree), else the user's theme colours,
 * then the palette in order; categories beyond it stay NULL ("other"). */
static void category_colours(const struct ctx *c, enum pn_color_by by, struct category *cats,
                             size_t nc)
{
    size_t next = 0, limit = c->st->n_palette;
    if (limit > MAX_CATEGORIES)
        limit = MAX_CATEGORIES;
    if (by == PN_COLOR_KIND)
        for (size_t k = 0; k < nc; k++) {
            size_t idx = strcmp(cats[k].key, "institution") == 0 ? 0
                         : strcmp(cats[k].key, "alliance") == 0  ? 1
                                                                 : 2;
            cats[k].color = c->st->palette[idx % c->st->n_palette];
        }
    for (size_t k = 0; k < nc && by != PN_COLOR_KIND; k++) {
        if (*cats[k].key == '\0')
            continue;
        if (by == PN_COLOR_THEME && c->o->style != PN_STYLE_PRINT) {
            const struct pn_theme *t = pn_model_find_theme(c->m, cats[k].key);
            if (t != NULL && t->color != NULL) {
                cats[k].color = t->color;
                continue;
            }
        }
        if (by == PN_COLOR_COMMUNITY) { /* issue 10: the colour follows the number */
            long id = strtol(cats[k].key, NULL, 10);
            cats[k].color = id >= 0 && (size_t)id < limit ? c->st->palette[id] : NULL;
            continue;
        }
        if (next < limit)
            cats[k].color = c->st->palette[next++];
    }
}

/* The first max code points of s, less trailing spaces, and "…". */
static char *cut_text(const char *s, size_t max)
{
    char *cut = pn_map_utf8_cut(s, max);
    size_t len = strlen(cut) - strlen("…");
    while (len > 0 && cut[len - 1] == ' ')
        len--;
    strcpy(cut + len, "…");
    return cut;
}

/* Does one legend row's text fit beside its swatch (measured in the drawn font)? */
static bool legend_fits(const struct ctx *c, const char *text)
{
    double w, h;
    pn_map_font_line(c->font, false, text, LEGEND_FS, &w, &h);
    return w <= LEGEND_TEXT_W;
}

/* "Community N: NAME (SIZE)", numbered as the report, metrics.csv and the tooltips
 * number them, named as the community map names it (issue 9); "(SHOWN of SIZE)" where
 * the map draws only some members (a backbone, an ego map). A name too wide for the
 * legend is cut, its first member first, so that the members that tell two communities
 * apart stay ("Universität C… · Zaka"), and the size always stays. */
char *pn_map_community_entry(const struct ctx *c, size_t id, const char *name, size_t shown,
                             size_t size)
{
    char count[48];
    if (shown < size)
        snprintf(count, sizeof count, "%zu of %zu", shown, size);
    else
        snprintf(count, sizeof count, "%zu", size);
    char *text = pn_xasprintf("Community %zu: %s (%s)", id, name, count);
    const char *sep = strstr(name, COMM_NAME_SEP);
    size_t first = sep ? (size_t)(sep - name) : strlen(name);
    char *head = pn_xstrndup(name, first);
    size_t cps = pn_utf8_length(head);
    /* the first member down to 3 code points, then the whole name from its end */
    for (size_t keep = cps; sep != NULL && keep > 3 && !legend_fits(c, text); keep--) {
        char *h = cut_text(head, keep - 1);
        free(text);
        text = pn_xasprintf("Community %zu: %s%s (%s)", id, h, sep, count);
        free(h);
    }
    for (size_t keep = pn_utf8_length(name); keep > 1 && !legend_fits(c, text); keep--) {
        char *cut = cut_text(name, keep - 1);
        free(text);
        text = pn_xasprintf("Community %zu: %s (%s)", id, cut, count);
        free(cut);
    }
    free(head);
    return text;
}

/* The legend text of a category (communities: pn_map_community_entry), at most 30 code
 * points. */
static char *category_text(const struct ctx *c, const struct comm_names *cn,
                           enum pn_color_by by, const struct category *cat)
{
    char *text;
    if (by == PN_COLOR_COMMUNITY) {
        long id = strtol(cat->key, NULL, 10); /* the key is the community id, "%012.0f" */
        bool known = id >= 0 && (size_t)id < cn->n && cn->name[id] != NULL;
        return pn_map_community_entry(c, (size_t)id, known ? cn->name[id] : "", cat->count,
                                      known ? cn->size[id] : cat->count);
    } else if (by == PN_COLOR_THEME) {
        const struct pn_theme *t = pn_model_find_theme(c->m, cat->key);
        text = pn_xasprintf("%s (%zu)", t && t->label ? t->label : cat->key, cat->count);
    } else {
        text = pn_xasprintf("%s (%zu)", cat->key, cat->count);
    }
    if (pn_utf8_length(text) > 30) {
        char *cut = pn_map_utf8_cut(text, 28);
        free(text);
        text = cut;
    }
    return text;
}

/* A swatch row of the legend. */
static void add_swatch(const struct ctx *c, struct rmap *r, const char *text, const char *fill)
{
    struct lentry *l = pn_map_add_leg(r, L_SWATCH, text);
    pn_map_set_col(l->fill, fill);
    pn_map_set_col(l->stroke, c->st->stroke);
}

/* The colour legend: heading, one swatch per coloured category, then "other" (or
 * "not given" when only unset keys are left). */
static void colour_legend(const struct ctx *c, struct rmap *r, enum pn_color_by by,
                          const struct category *cats, size_t nc)
{
    struct comm_names cn;
    pn_map_community_names(c, &cn);
    char *head = pn_xasprintf("Colour: %s", pn_color_by_names[by]);
    pn_map_add_leg(r, L_HEAD, head);
    free(head);
    size_t others = 0;
    bool only_unset = true;
    for (size_t k = 0; k < nc; k++) {
        if (cats[k].color == NULL) {
            others += cats[k].count;
            only_unset = only_unset && *cats[k].key == '\0';
            continue;
        }
        char *text = category_text(c, &cn, by, &cats[k]);
        add_swatch(c, r, text, cats[k].color);
        free(text);
    }
    if (others > 0) {
        char *text = pn_xasprintf("%s (%zu)", only_unset ? "not given" : "other", others);
        add_swatch(c, r, text, c->st->other);
        free(text);
    }
    pn_map_community_names_free(&cn);
}

/* Colour every entity node of r by the chosen property; adds legend rows. */
static void colour_nodes(struct ctx *c, struct rmap *r)
{
    enum pn_color_by by = c->o->color_by;
    if (by == PN_COLOR_COMMUNITY && (c->mx == NULL || c->mx->v[PN_M_COMMUNITY] == NULL))
        by = PN_COLOR_KIND;
    size_t n = r->n_nodes, nc;
    char **keys = pn_xcalloc(n ? n : 1, sizeof *keys);
    for (size_t i = 0; i < n; i++)
        keys[i] = colour_key(c, &r->nodes[i], by);
    struct category *cats = categories(keys, n, &nc);
    if (by == PN_COLOR_COMMUNITY) /* (a backbone's counts are not the communities' sizes) */
        qsort(cats, nc, sizeof *cats, cmp_cat_number);
    category_colours(c, by, cats, nc);
    colour_legend(c, r, by, cats, nc);
    for (size_t i = 0; i < n; i++) {
        const char *col = c->st->other;
        for (size_t k = 0; k < nc; k++)
            if (strcmp(cats[k].key, keys[i]) == 0) {
                if (cats[k].color)
                    col = cats[k].color;
                break;
            }
        pn_map_set_col(r->nodes[i].fill, col);
    }
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    free(cats);
}

/* Sizes from the metric, with two reference sizes in the legend. */
static void size_nodes(struct ctx *c, struct rmap *r)
{
    double dmin, dmax;
    size_range(r->n_nodes, &dmin, &dmax);
    r->dmin = dmin;
    r->dmax = dmax;
    int k = c->size_metric;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < r->n_nodes && k >= 0; i++) {
        if (r->nodes[i].entity == PN_NONE)
            continue;
        double x = metric(c, k, c->v->entity_node[r->nodes[i].entity]);
        if (isfinite(x)) {
            lo = fmin(lo, x);
            hi = fmax(hi, x);
        }
    }
    bool uniform = k < 0 || !(hi > lo);
    for (size_t i = 0; i < r->n_nodes; i++) {
        struct rnode *rn = &r->nodes[i];
        if (rn->entity == PN_NONE)
            continue;
        size_t vn = c->v->entity_node[rn->entity];
        double x = uniform ? NAN : metric(c, k, vn);
        double t = isfinite(x) ? sqrt((x - lo) / (hi - lo)) : 0.25;
        rn->size = uniform ? dmin + 0.3 * (dmax - dmin) : dmin + t * (dmax - dmin);
        if (c->m->entities[rn->entity].kind != PN_KIND_INSTITUTION)
            rn->size *= 1.1; /* hexagons and boxes read smaller than circles */
    }
    if (!uniform) {
        /* the metric's meaning for the audience, where the head still fits the legend
         * column (bold text measures about 10% wider than the estimate) */
        const char *meaning = pn_metric_info[k].meaning;
        char *head = pn_xasprintf("Size: %s", pn_metric_info[k].label);
        if (meaning != NULL) {
            char *longer = pn_xasprintf("%s (%s)", head, meaning);
            double w, h;
            pn_map_text_box(longer, LEGEND_FS, &w, &h);
            if (1.1 * w <= LEGEND_W - 40) {
                free(head);
                head = longer;
            } else {
                free(longer);
            }
        }
        pn_map_add_leg(r, L_HEAD, head);
        free(head);
        double refs[2] = {lo, hi};
        for (int j = 0; j < 2; j++) {
            struct pn_strbuf sb;
            pn_strbuf_init(&sb);
            append_legend_value(&sb, k, refs[j], j == 1);
            struct lentry *l = pn_map_add_leg(r, L_SIZE, pn_strbuf_str(&sb));
            l->size = j == 0 ? dmin : dmax;
            pn_map_set_col(l->fill, c->st->bg);
            pn_map_set_col(l->stroke, c->st->text);
            pn_strbuf_destroy(&sb);
        }
    }
}

static void shape_legend(struct ctx *c, struct rmap *r)
{
    bool have[3] = {false, false, false};
    for (size_t i = 0; i < r->n_nodes; i++)
        if (r->nodes[i].entity != PN_NONE)
            have[c->m->entities[r->nodes[i].entity].kind] = true;
    if (!have[1] && !have[2])
        return;
    pn_map_add_leg(r, L_HEAD, "Shape");
    static const char *const text[3] = {"institution", "alliance", "network"};
    for (int k = 0; k < 3; k++)
        if (have[k]) {
            struct lentry *l = pn_map_add_leg(r, L_SHAPE, text[k]);
            l->shape = pn_map_kind_shape((enum pn_kind)k);
            pn_map_set_col(l->fill, c->st->bg);
            pn_map_set_col(l->stroke, c->st->text);
        }
}

const char *pn_map_edge_kind_class(enum pn_edge_kind k)
{
    switch (k) {
    case PN_EDGE_TIE: return "tie";
    case PN_EDGE_MEMBER: return "member";
    case PN_EDGE_PART_OF: return "part-of";
    case PN_EDGE_COMEMBER: return "comember";
    case PN_EDGE_OVERLAP: return "overlap";
    }
    return "tie";
}

/* Edge activity in a year (change map, small multiples). */
bool pn_map_edge_active(const struct ctx *c, const struct pn_edge *e, int year)
{
    const struct pn_model *m = c->m;
    if (year == 0)
        year = 9999;
    switch (e->kind) {
    case PN_EDGE_TIE:
        if (e->ref < m->n_ties)
            return pn_model_active(m->ties[e->ref].since, m->ties[e->ref].until, year);
        return true;
    case PN_EDGE_MEMBER:
        if (e->ref < m->n_entities && e->sub < m->entities[e->ref].n_members) {
            const struct pn_member *mb = &m->entities[e->ref].members[e->sub];
            return pn_model_active(mb->since, mb->until, year) &&
                   pn_model_active(m->entities[e->ref].since, m->entities[e->ref].until, year);
        }
        return true;
    default:
        return true;
    }
}

bool pn_map_entity_active(const struct ctx *c, size_t ent, int year)
{
    if (ent == PN_NONE)
        return true;
    if (year == 0)
        year = 9999;
    return pn_model_active(c->m->entities[ent].since, c->m->entities[ent].until, year);
}

void pn_map_style_edge(struct ctx *c, struct redge *re, const struct pn_edge *e)
{
    const struct style *st = c->st;
    switch (e->kind) {
    case PN_EDGE_TIE:
    case PN_EDGE_COMEMBER:
    case PN_EDGE_OVERLAP: {
        pn_map_set_col(re->color, st->tie);
        double w = 1.1 + 1.2 * log2(e->weight > 0 ? e->weight : 1);
        re->penwidth = w < 1.1 ? 1.1 : w > 5 ? 5 : w;
        break;
    }
    case PN_EDGE_MEMBER:
        pn_map_set_col(re->color, st->member);
        re->penwidth = 0.8;
        break;
    case PN_EDGE_PART_OF:
        pn_map_set_col(re->color, st->partof);
        re->penwidth = 1;
        re->style = "dotted";
        break;
    }
    re->arrow = e->directed;
}

char *pn_map_node_gid(struct ctx *c, const char *id, const char *suffix)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, "node-");
    pn_map_append_token(&sb, id);
    if (suffix)
        pn_strbuf_append(&sb, suffix);
    char *base = pn_strbuf_detach(&sb);
    char *id2 = pn_map_unique_id(&c->ids, base);
    free(base);
    return id2;
}

char *pn_map_edge_gid(struct ctx *c, const char *a, const char *b, const char *suffix)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, "edge-");
    pn_map_append_token(&sb, a);
    pn_strbuf_append(&sb, "--");
    pn_map_append_token(&sb, b);
    if (suffix)
        pn_strbuf_append(&sb, suffix);
    char *base = pn_strbuf_detach(&sb);
    char *id = pn_map_unique_id(&c->ids, base);
    free(base);
    return id;
}

/* Links per view node (a new array). */
static size_t *view_degrees(const struct pn_view *v)
{
    size_t *deg = pn_xcalloc(v->n_nodes ? v->n_nodes : 1, sizeof *deg);
    for (size_t i = 0; i < v->n_edges; i++) {
        deg[v->edges[i].from]++;
        deg[v->edges[i].to]++;
    }
    return deg;
}

/* Label priority of a view node: the size metric (or degree), higher first. */
static double node_prio(const struct ctx *c, size_t vn, const size_t *deg)
{
    int k = c->size_metric >= 0 ? c->size_metric : PN_M_DEGREE;
    if (c->o->labels_by >= 0 && c->mx != NULL && c->o->labels_by < PN_M_COUNT &&
        c->mx->v[c->o->labels_by] != NULL)
        k = c->o->labels_by; /* --labels-by */
    double x = metric(c, k, vn);
    if (isnan(x))
        x = (double)deg[vn];
    else if (!pn_metric_info[k].higher_is_central)
        x = -x;
    return x;
}

/* ------------------------------------------------------------------ */
/* Community names (issue 9)                                           */

/* How central node i of view v (metrics mx) is, for naming its community: PageRank, as
 * the report's "led by" (render computes it for the default size), else the size metric,
 * else links. */
static double name_centrality(const struct ctx *c, const struct pn_metrics *mx, size_t i,
                              const size_t *deg)
{
    int k = mx->v[PN_M_PAGERANK] != NULL ? PN_M_PAGERANK : c->size_metric;
    double x = k >= 0 && k < PN_M_COUNT && mx->v[k] != NULL && i < mx->n ? mx->v[k][i] : NAN;
    if (isnan(x))
        return (double)deg[i];
    return pn_metric_info[k].higher_is_central ? x : -x;
}

static const char *member_text(const struct ctx *c, const struct pn_view *v, size_t vn,
                               bool full)
{
    const struct pn_entity *e = &c->m->entities[v->node_entity[vn]];
    return full && e->name != NULL ? e->name : pn_entity_label(e);
}

/* name[k] from the first depth[k] members of top[k] (short names, or full names). */
static char *join_members(const struct ctx *c, const struct pn_view *v, const size_t *top,
                          size_t depth, bool full)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t j = 0; j < depth; j++)
        pn_strbuf_appendf(&sb, "%s%s", j ? COMM_NAME_SEP : "", member_text(c, v, top[j], full));
    return pn_strbuf_detach(&sb);
}

static int cmp_name_ref(const void *pa, const void *pb)
{
    char **a = *(char **const *)pa, **b = *(char **const *)pb;
    int d = strcmp(*a, *b);
    return d ? d : a < b ? -1 : a > b;
}

/* Marks dup[k] for every named community whose name another one has too; how many. */
static size_t mark_duplicates(const struct comm_names *cn, bool *dup)
{
    char ***by = pn_xcalloc(cn->n ? cn->n : 1, sizeof *by);
    size_t m = 0;
    for (size_t k = 0; k < cn->n; k++) {
        dup[k] = false;
        if (cn->name[k] != NULL)
            by[m++] = &cn->name[k];
    }
    qsort(by, m, sizeof *by, cmp_name_ref);
    size_t n_dup = 0;
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && strcmp(*by[a], *by[b]) == 0)
            b++;
        for (size_t j = a; b - a > 1 && j < b; j++) {
            dup[by[j] - cn->name] = true;
            n_dup++;
        }
        a = b;
    }
    free(by);
    return n_dup;
}

void pn_map_community_names(const struct ctx *c, struct comm_names *cn)
{
    /* a map of part of a network analysed whole: the whole network's communities */
    bool whole = c->o->whole_view != NULL && c->o->whole_metrics != NULL;
    const struct pn_view *v = whole ? c->o->whole_view : c->v;
    const struct pn_metrics *mx = whole ? c->o->whole_metrics : c->mx;
    memset(cn, 0, sizeof *cn);
    const double *cid = mx != NULL ? mx->v[PN_M_COMMUNITY] : NULL;
    if (cid == NULL)
        return;
    for (size_t i = 0; i < v->n_nodes; i++)
        if (cid[i] >= 0 && cid[i] + 1 > (double)cn->n)
            cn->n = (size_t)cid[i] + 1;
    size_t n = cn->n;
    cn->name = pn_xcalloc(n ? n : 1, sizeof *cn->name);
    cn->named = pn_xcalloc(n ? n : 1, sizeof *cn->named);
    cn->size = pn_xcalloc(n ? n : 1, sizeof *cn->size);
    size_t *top = pn_xcalloc(n ? n * COMM_NAME_MAX : 1, sizeof *top);
    double *topv = pn_xcalloc(n ? n * COMM_NAME_MAX : 1, sizeof *topv);
    size_t *deg = view_degrees(v);
    for (size_t i = 0; i < v->n_nodes; i++) { /* the most central members, first first */
        if (!(cid[i] >= 0))
            continue;
        size_t k = (size_t)cid[i], have = cn->size[k] < COMM_NAME_MAX ? cn->size[k] : COMM_NAME_MAX;
        size_t *t = top + k * COMM_NAME_MAX;
        double *tv = topv + k * COMM_NAME_MAX, x = name_centrality(c, mx, i, deg);
        cn->size[k]++;
        size_t j = have;
        while (j > 0 && x > tv[j - 1]) { /* ties: the first node first */
            if (j < COMM_NAME_MAX) {
                t[j] = t[j - 1];
                tv[j] = tv[j - 1];
            }
            j--;
        }
        if (j < COMM_NAME_MAX) {
            t[j] = i;
            tv[j] = x;
        }
    }
    for (size_t k = 0; k < n; k++)
        if (cn->size[k] > 0) {
            cn->named[k] = 1;
            cn->name[k] = join_members(c, v, top + k * COMM_NAME_MAX, 1, false);
        }
    /* a name two communities share takes their next most central members until it
     * tells them apart (at most COMM_NAME_MAX), then full names, then the number ("Zaka #78") */
    bool *dup = pn_xcalloc(n ? n : 1, sizeof *dup);
    for (bool deeper = true; deeper && mark_duplicates(cn, dup) > 0;) {
        deeper = false;
        for (size_t k = 0; k < n; k++)
            if (dup[k] && cn->named[k] < cn->size[k] && cn->named[k] < COMM_NAME_MAX) {
                free(cn->name[k]);
                cn->name[k] = join_members(c, v, top + k * COMM_NAME_MAX, ++cn->named[k], false);
                deeper = true;
            }
    }
    for (int full = 1; full >= 0 && mark_duplicates(cn, dup) > 0; full--)
        for (size_t k = 0; k < n; k++) {
            if (!dup[k])
                continue;
            char *s = full ? join_members(c, v, top + k * COMM_NAME_MAX, cn->named[k], true)
                           : pn_xasprintf("%s #%zu", cn->name[k], k);
            free(cn->name[k]);
            cn->name[k] = s;
        }
    free(dup);
    free(deg);
    free(topv);
    free(top);
}

char **pn_render_community_names(const struct pn_model *m, const struct pn_view *v,
                                 const struct pn_metrics *mx, size_t *n)
{
    struct pn_render_options o;
    pn_render_options_default(&o);
    struct ctx c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.v = v;
    c.mx = mx;
    c.o = &o;
    c.size_metric = PN_M_PAGERANK;
    struct comm_names cn;
    pn_map_community_names(&c, &cn);
    free(cn.named);
    free(cn.size);
    *n = cn.n;
    return cn.name;
}

void pn_render_community_names_free(char **names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(names[k]);
    free(names);
}

void pn_map_community_names_free(struct comm_names *cn)
{
    for (size_t k = 0; k < cn->n; k++)
        free(cn->name[k]);
    free(cn->name);
    free(cn->named);
    free(cn->size);
    memset(cn, 0, sizeof *cn);
}

/* The map node of view node i: its entity's id, classes, shape, labels, tooltip. */
static void full_node(struct ctx *c, struct rmap *r, size_t i, const size_t *deg)
{
    const struct pn_view *v = c->v;
    size_t ent = v->node_entity[i];
    const struct pn_entity *e = &c->m->entities[ent];
    struct rnode *rn = pn_map_add_node(r);
    rn->entity = ent;
    rn->name = pn_xstrdup(e->id);
    rn->gid = pn_map_node_gid(c, e->id, NULL);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, pn_kind_name(e->kind));
    if (e->type) {
        pn_strbuf_append(&sb, " type-");
        pn_map_append_token(&sb, e->type);
    }
    if (e->country) {
        pn_strbuf_append(&sb, " country-");
        pn_map_append_token(&sb, e->country);
    }
    if (v->focus == i)
        pn_strbuf_append(&sb, " focus");
    rn->cls = pn_strbuf_detach(&sb);
    rn->shape = pn_map_kind_shape(e->kind);
    if (e->kind == PN_KIND_NETWORK)
        rn->style = "filled,rounded";
    pn_map_set_col(rn->stroke, c->st->stroke);
    pn_map_entity_labels(e, &rn->label, &rn->alt);
    rn->tooltip = entity_tooltip(c, e, i);
    rn->url = e->url;
    rn->prio = node_prio(c, i, deg);
    if (v->focus == i) {
        rn->prio = INFINITY;
        rn->penwidth = 3.5;
        pn_map_set_col(rn->stroke, c->st->focus_col);
    }
}

/* Change map: an edge new between --since-year and --at, ended, or active in neither
 * (invisible); appends its class token. */
static void change_edge(struct ctx *c, struct redge *re, const struct pn_edge *e,
                        struct pn_strbuf *sb)
{
    bool a = pn_map_edge_active(c, e, c->o->change_from);
    bool b = pn_map_edge_active(c, e, c->o->change_to);
    if (!a && b) {
        pn_strbuf_append(sb, " new");
        pn_map_set_col(re->color, c->st->new_col);
        re->penwidth = fmax(re->penwidth, 2.2);
    } else if (a && !b) {
        pn_strbuf_append(sb, " ended");
        pn_map_set_col(re->color, c->st->ended_col);
        re->style = "dashed";
    } else if (!a && !b) {
        pn_strbuf_append(sb, " inactive");
        re->style = "invis";
    }
}

/* " (2009-2015)", " (since 2009)", " (until 2015)" or nothing. */
static void append_years(struct pn_strbuf *sb, int since, int until)
{
    if (since != PN_YEAR_UNSET && until != PN_YEAR_UNSET)
        pn_strbuf_appendf(sb, " (%d\u2013%d)", since, until);
    else if (since != PN_YEAR_UNSET)
        pn_strbuf_appendf(sb, " (since %d)", since);
    else if (until != PN_YEAR_UNSET)
        pn_strbuf_appendf(sb, " (until %d)", until);
}

/* The tooltip of a tie or membership line: its ends, then the tie's type, label, years and
 * weight, or the member's role and years (issue 9: tie labels were shown nowhere). */
static char *edge_tooltip(const struct ctx *c, const struct pn_edge *e)
{
    const struct pn_model *m = c->m;
    const struct pn_view *v = c->v;
    const char *a = pn_entity_label(&m->entities[v->node_entity[e->from]]);
    const char *b = pn_entity_label(&m->entities[v->node_entity[e->to]]);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    if (e->kind == PN_EDGE_TIE && e->ref < m->n_ties) {
        const struct pn_tie *t = &m->ties[e->ref];
        pn_strbuf_appendf(&sb, "%s %s %s\n%s", a, e->directed ? "\u2192" : "\u2013", b, t->type);
        if (t->label != NULL)
            pn_strbuf_appendf(&sb, ": %s", t->label);
        append_years(&sb, t->since, t->until);
        if (t->weight != 1)
            pn_strbuf_appendf(&sb, "\nweight %g", t->weight);
    } else if (e->kind == PN_EDGE_MEMBER && e->ref < m->n_entities &&
               e->sub < m->entities[e->ref].n_members) {
        const struct pn_member *mb = &m->entities[e->ref].members[e->sub];
        pn_strbuf_appendf(&sb, "%s, member of %s", a, b);
        if (mb->role != NULL)
            pn_strbuf_appendf(&sb, "\nrole: %s", mb->role);
        append_years(&sb, mb->since, mb->until);
    } else {
        pn_strbuf_destroy(&sb);
        return NULL;
    }
    return pn_strbuf_detach(&sb);
}

/* The map edge of view edge i; alpha < 1 (dense maps): thinner, translucent; node: the map
 * node of each view node (a backbone), or NULL (the same index). */
static void full_edge(struct ctx *c, struct rmap *r, size_t i, double alpha, bool change,
                      const size_t *node)
{
    const struct pn_model *m = c->m;
    const struct pn_view *v = c->v;
    const struct pn_edge *e = &v->edges[i];
    struct redge *re = pn_map_add_edge(r, node ? node[e->from] : e->from,
                                       node ? node[e->to] : e->to);
    re->vedge = i;
    pn_map_style_edge(c, re, e);
    if (alpha < 1) {
        char col[10];
        snprintf(col, sizeof col, "%.7s%02X", re->color, (unsigned)(alpha * 255));
        pn_map_set_col(re->color, col);
        re->penwidth = fmax(0.5, re->penwidth * 0.6);
    }
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, pn_map_edge_kind_class(e->kind));
    if (e->kind == PN_EDGE_TIE && e->ref < m->n_ties && m->ties[e->ref].type) {
        pn_strbuf_append(&sb, " type-");
        pn_map_append_token(&sb, m->ties[e->ref].type);
    }
    if (e->directed)
        pn_strbuf_append(&sb, " directed");
    if (change)
        change_edge(c, re, e, &sb);
    re->cls = pn_strbuf_detach(&sb);
    re->gid = pn_map_edge_gid(c, m->entities[v->node_entity[e->from]].id,
                              m->entities[v->node_entity[e->to]].id, NULL);
    re->tooltip = edge_tooltip(c, e);
}

/* Full map (also ego, geographic and alliance before clustering). */
void pn_map_build_full(struct ctx *c, struct rmap *r, bool change)
{
    const struct pn_view *v = c->v;
    size_t *deg = view_degrees(v);
    bool *keep = pn_map_backbone_keep(c, &c->backbone_groups); /* issue 9: NULL, or the
                                                                 backbone's nodes */
    size_t *node = keep ? pn_xcalloc(v->n_nodes, sizeof *node) : NULL;
    for (size_t i = 0; i < v->n_nodes; i++)
        if (keep == NULL || keep[i]) {
            if (node)
                node[i] = r->n_nodes;
            full_node(c, r, i, deg);
        }
    size_t n_edges = 0;
    for (size_t i = 0; i < v->n_edges; i++)
        n_edges += keep == NULL || (keep[v->edges[i].from] && keep[v->edges[i].to]);
    c->backbone_edges = keep ? n_edges : 0;
    /* dense maps: thinner, translucent lines so nodes stay visible */
    double alpha = n_edges > 300 ? fmax(0.25, fmin(0.8, 300.0 / (double)n_edges * 2)) : 1;
    for (size_t i = 0; i < v->n_edges; i++)
        if (keep == NULL || (keep[v->edges[i].from] && keep[v->edges[i].to]))
            full_edge(c, r, i, alpha, change, node);
    free(node);
    free(keep);
    free(deg);
}

/* The marks of a change map node, in legend order. */
enum mark { MARK_NEW, MARK_ENDED, MARK_ROSE, MARK_FELL, N_MARKS };
static const struct {
    const char *cls;    /* class token appended */
    const char *arrow;  /* appended to the labels, or NULL */
    const char *legend; /* legend row */
    double penwidth;
    bool dashed;
} marks[N_MARKS] = {
    {" new", NULL, "new partner", 3, false},
    {" ended", NULL, "no longer active", 2, true},
    {" rank-rose", " ▲", "▲ rank rose (ties)", 3, false},
    {" rank-fell", " ▼", "▼ rank fell (ties)", 3, true},
};

static const char *mark_colour(const struct style *st, enum mark k)
{
    return k == MARK_NEW ? st->new_col : k == MARK_ENDED ? st->ended_col
           : k == MARK_ROSE ? st->rose_col : st->fell_col;
}

/* Outline, class and label arrow of a changed node; changed nodes are labelled first. */
static void mark_node(const struct ctx *c, struct rnode *rn, enum mark k)
{
    pn_map_set_col(rn->stroke, mark_colour(c->st, k));
    rn->penwidth = marks[k].penwidth;
    if (marks[k].dashed)
        rn->style = strcmp(rn->shape, "box") == 0 ? "filled,rounded,dashed" : "filled,dashed";
    pn_map_str_append(&rn->cls, marks[k].cls);
    if (marks[k].arrow) {
        pn_map_str_append(&rn->label, marks[k].arrow);
        pn_map_str_append(&rn->alt, marks[k].arrow);
    }
    rn->prio += 1e6;
}

/* Change map marks: new nodes, ranks (by active degree) that rose or fell. */
/* Change marks, shared by the change map (years) and --compare (versions):
 * per map node, presence before/after (was, is) and link counts (da, db).
 * New partners, partners no longer active, and ranks by links that rose or
 * fell by at least max(2, n/10) places get an outline, a class and an arrow. */
void pn_map_change_marks(struct ctx *c, struct rmap *r, const bool *was, const bool *is,
                         const double *da, const double *db, const char *head)
{
    size_t n = r->n_nodes;
    size_t thr = n / 10 > 2 ? n / 10 : 2;
    bool any[N_MARKS] = {false};
    /* rank = number of nodes with more links (ties share a rank) */
    double *sa = pn_xcalloc(n ? n : 1, sizeof *sa), *sb = pn_xcalloc(n ? n : 1, sizeof *sb);
    memcpy(sa, da, n * sizeof *sa);
    memcpy(sb, db, n * sizeof *sb);
    qsort(sa, n, sizeof *sa, pn_map_cmp_double);
    qsort(sb, n, sizeof *sb, pn_map_cmp_double);
    for (size_t i = 0; i < n; i++) {
        bool a = was[i], b = is[i];
        size_t ra = n - count_le(sa, n, da[i]), rb = n - count_le(sb, n, db[i]);
        enum mark k = !a && b                     ? MARK_NEW
                      : a && !b                   ? MARK_ENDED
                      : a && b && ra >= rb + thr ? MARK_ROSE
                      : a && b && rb >= ra + thr ? MARK_FELL
                                                  : N_MARKS;
        if (k != N_MARKS) {
            mark_node(c, &r->nodes[i], k);
            any[k] = true;
        }
    }
    free(sa);
    free(sb);
    pn_map_add_leg(r, L_HEAD, head);
    struct lentry *l = pn_map_add_leg(r, L_LINE, "new tie or membership");
    pn_map_set_col(l->stroke, c->st->new_col);
    l->penwidth = 2.2;
    l = pn_map_add_leg(r, L_LINE, "ended");
    pn_map_set_col(l->stroke, c->st->ended_col);
    l->style = "dashed";
    for (int k = 0; k < N_MARKS; k++)
        if (any[k]) {
            l = pn_map_add_leg(r, L_SHAPE, marks[k].legend);
            pn_map_set_col(l->fill, c->st->bg);
            pn_map_set_col(l->stroke, mark_colour(c->st, (enum mark)k));
            if (marks[k].dashed)
                l->style = "dashed";
            l->penwidth = marks[k].penwidth;
        }
}

void pn_map_mark_changes(struct ctx *c, struct rmap *r)
{
    size_t n = r->n_nodes;
    double *da = pn_xcalloc(n ? n : 1, sizeof *da);
    double *db = pn_xcalloc(n ? n : 1, sizeof *db);
    bool *was = pn_xcalloc(n ? n : 1, sizeof *was);
    bool *is = pn_xcalloc(n ? n : 1, sizeof *is);
    for (size_t i = 0; i < c->v->n_edges; i++) {
        const struct pn_edge *e = &c->v->edges[i];
        if (pn_map_edge_active(c, e, c->o->change_from)) {
            da[e->from]++;
            da[e->to]++;
        }
        if (pn_map_edge_active(c, e, c->o->change_to)) {
            db[e->from]++;
            db[e->to]++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        was[i] = pn_map_entity_active(c, r->nodes[i].entity, c->o->change_from) && da[i] > 0;
        is[i] = pn_map_entity_active(c, r->nodes[i].entity, c->o->change_to) && db[i] > 0;
    }
    char *head = c->o->change_to
                     ? pn_xasprintf("Change %d to %d", c->o->change_from, c->o->change_to)
                     : pn_xasprintf("Change %d to now", c->o->change_from);
    pn_map_change_marks(c, r, was, is, da, db, head);
    free(head);
    free(is);
    free(was);
    free(da);
    free(db);
}

static void line_legend(struct ctx *c, struct rmap *r)
{
    bool have[5] = {false, false, false, false, false}, directed = false;
    for (size_t i = 0; i < r->n_edges; i++) {
        if (r->edges[i].vedge == PN_NONE)
            continue;
        const struct pn_edge *e = &c->v->edges[r->edges[i].vedge];
        have[e->kind] = true;
        directed |= e->directed;
    }
    if (!have[0] && !have[1] && !have[2] && !have[3] && !have[4])
        return;
    pn_map_add_leg(r, L_HEAD, "Lines");
    if (have[PN_EDGE_TIE] || have[PN_EDGE_COMEMBER] || have[PN_EDGE_OVERLAP]) {
        const char *text = have[PN_EDGE_TIE] ? "bilateral tie (width: weight)"
                                             : "shared groups (width: weight)";
        struct lentry *l = pn_map_add_leg(r, L_LINE, text);
        pn_map_set_col(l->stroke, c->st->tie);
        l->penwidth = 2;
    }
    if (directed) {
        struct lentry *l = pn_map_add_leg(r, L_LINE, "directed tie (e.g. funding)");
        pn_map_set_col(l->stroke, c->st->tie);
        l->penwidth = 1.5;
        l->arrow = true;
    }
    if (have[PN_EDGE_MEMBER]) {
        struct lentry *l = pn_map_add_leg(r, L_LINE, "membership");
        pn_map_set_col(l->stroke, c->st->member);
        l->penwidth = 1;
    }
    if (have[PN_EDGE_PART_OF]) {
        struct lentry *l = pn_map_add_leg(r, L_LINE, "part of");
        pn_map_set_col(l->stroke, c->st->partof);
        l->style = "dotted";
    }
}

/* The communities of a view: comm[i] of view node i, numbered in order of first
 * node; their sizes and first nodes; order: largest first (ties by first node);
 * rank[k]: place of community k in that order. */
struct communities {
    size_t nc;
    size_t *size, *first, *comm, *order, *rank;
    size_t *id; /* the community number (analysis, metrics.csv) of local community k */
};

/* A community to sort: its size and local number (numbers follow the first members). */
struct comm_key {
    size_t size, k;
};

/* Larger first, then the one whose first member comes first. */
static int cmp_community(const void *pa, const void *pb)
{
    const struct comm_key *x = pa, *y = pb;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

static void communities_find(const struct ctx *c, struct communities *cs)
{
    size_t n = c->v->n_nodes;
    const double *cid = c->mx->v[PN_M_COMMUNITY];
    cs->nc = 0;
    cs->size = pn_xcalloc(n ? n : 1, sizeof *cs->size);
    cs->first = pn_xcalloc(n ? n : 1, sizeof *cs->first);
    cs->comm = pn_xcalloc(n ? n : 1, sizeof *cs->comm);
    cs->id = pn_xcalloc(n ? n : 1, sizeof *cs->id);
    /* the analysis numbers communities 0..n-1 (else: one slot for any other value); local
     * numbers in order of first member, through a table by community number: n, not n
     * times the number of communities (issue 12) */
    size_t *slot = pn_xcalloc(n + 1, sizeof *slot); /* local number + 1, 0: not seen */
    for (size_t i = 0; i < n; i++) {
        double x = cid[i];
        size_t key = x >= 0 && x < (double)n && x == floor(x) ? (size_t)x : n;
        size_t k = slot[key];
        if (k == 0) {
            k = slot[key] = ++cs->nc;
            cs->id[k - 1] = x >= 0 && x < (double)SIZE_MAX ? (size_t)x : 0;
            cs->first[k - 1] = i;
        }
        cs->size[k - 1]++;
        cs->comm[i] = k - 1;
    }
    free(slot);
    size_t nc = cs->nc;
    struct comm_key *keys = pn_xcalloc(nc ? nc : 1, sizeof *keys);
    for (size_t k = 0; k < nc; k++)
        keys[k] = (struct comm_key){cs->size[k], k};
    qsort(keys, nc, sizeof *keys, cmp_community);
    cs->order = pn_xcalloc(nc ? nc : 1, sizeof *cs->order);
    for (size_t k = 0; k < nc; k++)
        cs->order[k] = keys[k].k;
    free(keys);
    cs->rank = pn_xcalloc(nc ? nc : 1, sizeof *cs->rank);
    for (size_t k = 0; k < nc; k++)
        cs->rank[cs->order[k]] = k;
}

static void communities_free(struct communities *cs)
{
    free(cs->id);
    free(cs->rank);
    free(cs->order);
    free(cs->comm);
    free(cs->first);
    free(cs->size);
}

/* The label of community k: its name (pn_map_community_names) and "+N more"; the
 * tooltip: up to 40 member names. */
static void community_texts(const struct ctx *c, const struct communities *cs, size_t k,
                            const struct comm_names *cn, struct rnode *rn)
{
    const struct pn_view *v = c->v;
    size_t n = v->n_nodes, id = cs->id[k];
    const char *name = id < cn->n && cn->name[id] ? cn->name[id] : "";
    size_t named = id < cn->n ? cn->named[id] : 1;
    if (cs->size[k] <= named)
        rn->label = pn_xstrdup(name);
    else
        rn->label = pn_xasprintf("%s\n+%zu more", name, cs->size[k] - named);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_appendf(&sb, "Community %zu: %zu members", cs->id[k], cs->size[k]);
    size_t listed = 0;
    for (size_t i = 0; i < n && listed < 40; i++)
        if (cs->comm[i] == k) {
            const struct pn_entity *e = &c->m->entities[v->node_entity[i]];
            pn_strbuf_appendf(&sb, "\n%s", e->name ? e->name : e->id);
            listed++;
        }
    if (listed < cs->size[k])
        pn_strbuf_appendf(&sb, "\n… %zu more", cs->size[k] - listed);
    rn->tooltip = pn_strbuf_detach(&sb);
}

/* Inter-community edges, weights summed, width by the square root of the weight. */
/* The lines between the nc drawn communities (ranks below nc). */
static void community_edges(struct ctx *c, struct rmap *r, const struct communities *cs,
                            size_t nc)
{
    const struct pn_view *v = c->v;
    double *w = pn_xcalloc(nc > 0 ? nc * nc : 1, sizeof *w);
    for (size_t i = 0; i < v->n_edges; i++) {
        size_t a = cs->rank[cs->comm[v->edges[i].from]];
        size_t b = cs->rank[cs->comm[v->edges[i].to]];
        if (a == b || a >= nc || b >= nc)
            continue;
        if (a > b) {
            size_t t = a;
            a = b;
            b = t;
        }
        w[a * nc + b] += v->edges[i].weight;
    }
    double wmax = 0;
    for (size_t i = 0; i < nc * nc; i++)
        wmax = fmax(wmax, w[i]);
    /* many communities (a big network): each one's PN_MAP_COMMUNITY_LINKS strongest links,
     * or the map is a grey mat of every pair (issue 12); else every link */
    bool *keep = NULL;
    if (nc > PN_MAP_COMMUNITY_LINKS_ABOVE) {
        keep = pn_xcalloc(nc * nc, sizeof *keep);
        size_t *best = pn_xcalloc(PN_MAP_COMMUNITY_LINKS, sizeof *best);
        for (size_t a = 0; a < nc; a++) {
            size_t nb = 0;
            for (size_t b = 0; b < nc; b++) {
                double x = w[a < b ? a * nc + b : b * nc + a];
                if (b == a || x <= 0)
                    continue;
                size_t at = nb < PN_MAP_COMMUNITY_LINKS ? nb++ : PN_MAP_COMMUNITY_LINKS;
                /* insert b among the best, strongest first (ties: the lower rank) */
                while (at > 0) {
                    size_t y = best[at - 1];
                    if (w[a < y ? a * nc + y : y * nc + a] >= x)
                        break;
                    if (at < PN_MAP_COMMUNITY_LINKS)
                        best[at] = y;
                    at--;
                }
                if (at < PN_MAP_COMMUNITY_LINKS)
                    best[at] = b;
            }
            for (size_t q = 0; q < nb; q++)
                keep[a < best[q] ? a * nc + best[q] : best[q] * nc + a] = true;
        }
        free(best);
    }
    c->community_links_all = c->community_links_drawn = 0;
    for (size_t a = 0; a < nc; a++)
        for (size_t b = a + 1; b < nc; b++) {
            if (w[a * nc + b] <= 0)
                continue;
            c->community_links_all++;
            if (keep != NULL && !keep[a * nc + b])
                continue;
            c->community_links_drawn++;
            struct redge *re = pn_map_add_edge(r, a, b);
            pn_map_set_col(re->color, c->st->tie);
            re->penwidth = 1 + 7 * sqrt(w[a * nc + b] / wmax);
            re->cls = pn_xstrdup("between-communities");
            char *g = pn_xasprintf("edge-community-%zu--community-%zu", a + 1, b + 1);
            re->gid = pn_map_unique_id(&c->ids, g);
            free(g);
        }
    free(keep);
    free(w);
}

/* The community map's legend: the colour key, the size in words (the smallest and the
 * largest of the nd drawn), the lines. */
static void community_legend(struct ctx *c, struct rmap *r, const struct communities *cs,
                             const struct comm_names *cn, size_t nd, double dmin, double dmax)
{
    pn_map_add_leg(r, L_HEAD, "Communities");
    /* the colour key (issue 9): each colour with its community, numbered and named as on
     * the other maps, in the order of the numbers; the smaller ones share "other" */
    size_t others = 0;
    for (size_t k = 0; k < cn->n; k++) {
        if (cn->name[k] == NULL)
            continue;
        if (k >= c->st->n_palette || k >= MAX_CATEGORIES) {
            others++;
            continue;
        }
        char *text = pn_map_community_entry(c, k, cn->name[k], cn->size[k], cn->size[k]);
        add_swatch(c, r, text, c->st->palette[k]);
        free(text);
    }
    if (others > 0) {
        char *text = pn_xasprintf("other (%zu communit%s)", others, others == 1 ? "y" : "ies");
        add_swatch(c, r, text, c->st->other);
        free(text);
    }
    /* the size in words (issue 9): the smallest and the largest community, drawn at
     * their sizes on the map */
    pn_map_add_leg(r, L_HEAD, "Size: members");
    size_t maxsize = nd ? cs->size[cs->order[0]] : 1;
    size_t ref[2] = {nd ? cs->size[cs->order[nd - 1]] : 0, maxsize};
    for (int j = 0; j < 2 && nd > 0; j++) {
        char *text = pn_xasprintf("%zu member%s (%s)", ref[j], ref[j] == 1 ? "" : "s",
                                  j ? "largest" : "smallest");
        struct lentry *sl = pn_map_add_leg(r, L_SIZE, text);
        free(text);
        sl->size = dmin + sqrt((double)ref[j] / (double)maxsize) * (dmax - dmin);
        pn_map_set_col(sl->fill, c->st->bg);
        pn_map_set_col(sl->stroke, c->st->text);
    }
    pn_map_add_leg(r, L_HEAD, "Lines");
    struct lentry *l = pn_map_add_leg(r, L_LINE, "ties between (width: total weight)");
    pn_map_set_col(l->stroke, c->st->tie);
    l->penwidth = 3;
}

/* Above this many communities drawn, the largest disc takes COMMUNITY_DISC_SHARE of the
 * canvas's smaller side (it was 57 px of 1080 with 113 communities). */
#define COMMUNITY_DISCS_ABOVE 30
#define COMMUNITY_DISC_SHARE 0.15

/* Community map: one node per community, edges weighted by ties between. */
enum pn_status pn_map_build_community(struct ctx *c, struct rmap *r)
{
    if (c->mx == NULL || c->mx->v[PN_M_COMMUNITY] == NULL) {
        pn_diag_error(c->d, NULL, "the community map needs the analysis (communities)");
        return PN_EUSAGE;
    }
    struct communities cs;
    communities_find(c, &cs);
    struct comm_names cn;
    pn_map_community_names(c, &cn);
    double dmin, dmax;
    /* the largest communities, at most PN_MAP_COMMUNITIES_MAX (the subtitle says so) */
    size_t nd = cs.nc < PN_MAP_COMMUNITIES_MAX ? cs.nc : PN_MAP_COMMUNITIES_MAX;
    c->communities_drawn = nd;
    c->communities_all = cs.nc;
    c->community_members = 0;
    for (size_t q = 0; q < nd; q++)
        c->community_members += cs.size[cs.order[q]];
    size_range(nd, &dmin, &dmax);
    dmax *= 1.4;
    /* many communities (issue 9): the largest discs are large enough to hold their names
     * (labels.c), which were placed up to 805 px away, across the lines of the centre */
    if (nd > COMMUNITY_DISCS_ABOVE)
        dmax = fmax(dmax, COMMUNITY_DISC_SHARE * fmin(c->W, c->H));
    size_t maxsize = cs.nc ? cs.size[cs.order[0]] : 1;
    for (size_t q = 0; q < nd; q++) {
        size_t k = cs.order[q];
        struct rnode *rn = pn_map_add_node(r);
        rn->name = pn_xasprintf("community:%zu", cs.id[k]);
        char *g = pn_xasprintf("community-%zu", cs.id[k]);
        rn->gid = pn_map_unique_id(&c->ids, g);
        free(g);
        rn->cls = pn_xstrdup("community");
        community_texts(c, &cs, k, &cn, rn);
        double t = sqrt((double)cs.size[k] / (double)maxsize);
        rn->size = dmin + t * (dmax - dmin);
        rn->prio = (double)cs.size[k];
        /* issue 10: the colour follows the number, as on the other maps */
        size_t col = cs.id[k];
        pn_map_set_col(rn->fill, col < c->st->n_palette && col < MAX_CATEGORIES
                                     ? c->st->palette[col]
                                     : c->st->other);
        pn_map_set_col(rn->stroke, c->st->stroke);
    }
    community_edges(c, r, &cs, nd);
    community_legend(c, r, &cs, &cn, nd, dmin, dmax);
    r->dmin = dmin;
    r->dmax = dmax;
    pn_map_community_names_free(&cn);
    communities_free(&cs);
    return PN_OK;
}

/* ------------------------------------------------------------------ */

/* The decorations of an entity map: colours, shapes, sizes, line legend. */
void pn_map_decorate(struct ctx *c, struct rmap *r)
{
    for (size_t i = 0; i < r->n_nodes; i++)
        r->nodes[i].want_label = true;
    colour_nodes(c, r);
    shape_legend(c, r);
    size_nodes(c, r);
    line_legend(c, r);
    if (c->o->view == PN_VIEW_EGO && c->o->n_years == 0) {
        pn_map_add_leg(r, L_HEAD, "Labels");
        pn_map_add_leg(r, L_NOTE, "");
    }
}

void pn_map_label_note(struct rmap *r)
{
    size_t named = 0;
    for (size_t i = 0; i < r->n_nodes; i++)
        named += r->nodes[i].shown != NULL;
    for (size_t i = 0; i < r->n_leg; i++)
        if (r->leg[i].kind == L_NOTE) {
            free(r->leg[i].text);
            r->leg[i].text = named == r->n_nodes
                                 ? pn_xasprintf("all %zu named", named)
                                 : pn_xasprintf("%zu of %zu named (rest: tooltips)", named,
                                                r->n_nodes);
        }
}

char *pn_map_default_subtitle(const struct ctx *c)
{
    const struct pn_model *m = c->m;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
#define VIEW_TITLE(id, name, title, ...) title,
    static const char *const view_titles[PN_VIEW_N] = {PN_MAP_VIEWS(VIEW_TITLE)};
#undef VIEW_TITLE
    const char *view = view_titles[c->o->view];
    if (view)
        pn_strbuf_append(&sb, view);
    if (c->o->view == PN_VIEW_EGO && c->v->focus != PN_NONE) {
        pn_strbuf_appendf(&sb, " of %s",
                          pn_entity_label(&m->entities[c->v->node_entity[c->v->focus]]));
        if (c->o->radius > 0)
            pn_strbuf_appendf(&sb, " (radius %d)", c->o->radius);
    }
    if (c->o->n_years > 0) {
        pn_strbuf_appendf(&sb, "%s", sb.len ? " · " : "");
        pn_strbuf_append(&sb, "years ");
        for (size_t i = 0; i < c->o->n_years; i++)
            pn_strbuf_appendf(&sb, "%s%d", i ? ", " : "", c->o->years[i]);
    }
    if (c->compare)
        pn_strbuf_appendf(&sb, "%schanges from the older version", sb.len ? " · " : "");
    if (c->o->change_from > 0 && !c->compare) {
        pn_strbuf_appendf(&sb, "%schanges %d to ", sb.len ? " · " : "", c->o->change_from);
        if (c->o->change_to)
            pn_strbuf_appendf(&sb, "%d", c->o->change_to);
        else
            pn_strbuf_append(&sb, "now");
    }
    if (c->backbone > 0) /* issue 9: backbone.c (full and alliance views) */
        pn_strbuf_appendf(&sb, "%sbackbone: the %zu most central of %zu nodes%s, %zu links; "
                               "%zu left out (--backbone all draws every node)",
                          sb.len ? " · " : "", c->backbone, c->v->n_nodes,
                          c->backbone_groups > 0 ? " and their groups" : "", c->backbone_edges,
                          c->v->n_nodes - c->backbone - c->backbone_groups);
    else
        pn_strbuf_appendf(&sb, "%s%zu nodes, %zu links", sb.len ? " · " : "", c->v->n_nodes,
                          c->v->n_edges);
    if (c->o->view == PN_VIEW_COMMUNITY && c->communities_all > c->communities_drawn)
        pn_strbuf_appendf(&sb, " · the %zu largest of %zu communities (%zu of the %zu nodes; "
                               "every node's community is in metrics.csv)",
                          c->communities_drawn, c->communities_all, c->community_members,
                          c->v->n_nodes);
    if (c->o->view == PN_VIEW_COMMUNITY && c->community_links_all > c->community_links_drawn)
        pn_strbuf_appendf(&sb, " · the %d strongest links of each: %zu of %zu links between "
                               "them",
                          PN_MAP_COMMUNITY_LINKS, c->community_links_drawn,
                          c->community_links_all);
    if (c->v->n_undated_left_out > 0) /* issue 10: the year rule (docs/analysis.md) */
        pn_strbuf_appendf(&sb, " (%zu undated without an active link left out)",
                          c->v->n_undated_left_out);
    if (c->size_metric >= 0 && c->o->view != PN_VIEW_COMMUNITY)
        pn_strbuf_appendf(&sb, " · size: %s", pn_metric_info[c->size_metric].label);
    /* data date: the latest source date (never today's: reruns stay identical) */
    const char *latest = NULL;
    for (size_t i = 0; i < m->n_sources; i++)
        if (m->sources[i].date && (latest == NULL || strcmp(m->sources[i].date, latest) > 0))
            latest = m->sources[i].date;
    if (latest)
        pn_strbuf_appendf(&sb, " · data as of %s", latest);
    if (m->n_sources == 1 && m->sources[0].title)
        pn_strbuf_appendf(&sb, " · source: %s", m->sources[0].title);
    else if (m->n_sources > 1)
        pn_strbuf_appendf(&sb, " · %zu sources", m->n_sources);
    if (c->mx != NULL && c->mx->approx.on) { /* issue 12: the stated error */
        pn_strbuf_append(&sb, " · ");
        pn_approx_describe(c->mx, true, &sb);
    }
    return pn_strbuf_detach(&sb);
}


/* ------------------------------------------------------------------ */
/* The title band: words measured in the drawn font, lines filled greedily. */

static double band_width(const struct ctx *c, const char *s, bool bold, double fs)
{
    double w, h;
    pn_map_font_line(c->font, bold, s, fs, &w, &h);
    return w;
}

/* The longest start of s (whole code points, trailing spaces dropped) that fits w with
 * "…" after it; a new string. */
static char *band_cut(const struct ctx *c, const char *s, bool bold, double fs, double w)
{
    size_t lo = 0, hi = pn_utf8_length(s);
    while (lo < hi) { /* the most code points whose cut fits */
        size_t mid = (lo + hi + 1) / 2;
        char *t = pn_map_utf8_cut(s, mid);
        bool fits = band_width(c, t, bold, fs) <= w;
        free(t);
        if (fits)
            lo = mid;
        else
            hi = mid - 1;
    }
    char *t = pn_map_utf8_cut(s, lo);
    size_t n = strlen(t) - strlen("…");
    while (n > 0 && t[n - 1] == ' ')
        n--;
    t[n] = '\0';
    char *out = pn_xasprintf("%s…", t);
    free(t);
    return out;
}

/* Append the line text (cut with "…" if wider than w) with its height. */
static void band_push(struct tline **lines, size_t *n, const char *text, const struct ctx *c,
                      bool bold, double fs, double w)
{
    *lines = pn_xrealloc(*lines, (*n + 1) * sizeof **lines);
    char *t = band_width(c, text, bold, fs) <= w ? pn_xstrdup(text)
                                                 : band_cut(c, text, bold, fs, w);
    double tw;
    pn_map_font_line(c->font, bold, t, fs, &tw, &(*lines)[*n].h);
    (*lines)[(*n)++].text = t;
}

/* s (line breaks and tabs read as spaces) in lines no wider than w, at most max; what
 * does not fit is cut with "…". Returns the number of lines (0 for an empty s). */
static size_t band_wrap(const struct ctx *c, const char *s, bool bold, double fs, double w,
                        size_t max, struct tline **out)
{
    char *text = pn_xstrdup(s);
    for (char *p = text; *p; p++)
        if (*p == '\n' || *p == '\t' || *p == '\r')
            *p = ' ';
    size_t n = 0;
    *out = NULL;
    struct pn_strbuf cur;
    pn_strbuf_init(&cur);
    const char *p = text;
    while (*p == ' ')
        p++;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        const char *next = p + wl; /* a " · " separator ends a line, never starts one */
        while (*next == ' ')
            next++;
        size_t dl = strlen("·");
        if (strncmp(next, "·", dl) == 0 && (next[dl] == ' ' || next[dl] == '\0'))
            wl = (size_t)(next + dl - p);
        size_t keep = cur.len;
        pn_strbuf_appendf(&cur, "%s%.*s", keep ? " " : "", (int)wl, p);
        if (keep > 0 && band_width(c, pn_strbuf_str(&cur), bold, fs) > w && n + 1 < max) {
            char *line = pn_xstrndup(pn_strbuf_str(&cur), keep); /* the word starts a line */
            band_push(out, &n, line, c, bold, fs, w);
            free(line);
            pn_strbuf_reset(&cur);
            pn_strbuf_appendf(&cur, "%.*s", (int)wl, p);
        }
        p += wl;
        while (*p == ' ')
            p++;
    }
    if (cur.len > 0) /* the last line takes the rest */
        band_push(out, &n, pn_strbuf_str(&cur), c, bold, fs, w);
    pn_strbuf_destroy(&cur);
    free(text);
    return n;
}

void pn_map_title_band(const struct ctx *c, const struct rmap *r, size_t max_sub,
                       struct tband *b)
{
    double w = c->W - 2 * MARGIN;
    b->n_title = band_wrap(c, r->title ? r->title : "", true, TITLE_FS, w, TITLE_LINES,
                           &b->title);
    b->n_sub = band_wrap(c, r->subtitle ? r->subtitle : "", false, SUBTITLE_FS, w,
                         max_sub > 0 ? max_sub : SUBTITLE_LINES, &b->sub);
    /* one title line and one subtitle line sit as they always did: centred 44 pt below
     * the top; further lines go down and push the map area down */
    double first = (b->n_title ? b->title[0].h : 0) + (b->n_sub ? b->sub[0].h : 0);
    b->top = 44 - first / 2;
    b->height = TITLE_H;
    for (size_t i = 1; i < b->n_title; i++)
        b->height += b->title[i].h;
    for (size_t i = 1; i < b->n_sub; i++)
        b->height += b->sub[i].h;
}

void pn_map_title_band_free(struct tband *b)
{
    for (size_t i = 0; i < b->n_title; i++)
        free(b->title[i].text);
    for (size_t i = 0; i < b->n_sub; i++)
        free(b->sub[i].text);
    free(b->title);
    free(b->sub);
    memset(b, 0, sizeof *b);
}
