/*
 * render: model + view + metrics -> a map description (nodes, edges, clusters,
 * legend) -> positions (Graphviz engine, geographic projection) -> a cgraph
 * graph with every node pinned, rendered by gvc ("nop" layout) to SVG/PNG/PDF.
 * Must not print, build DOT text, or pass user text to Graphviz unescaped.
 * Owns the map description; borrows the model, view and metrics.
 */
#define _XOPEN_SOURCE 700 /* srand48: Graphviz's generator, reset before each layout */
#include "map/render.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cgraph.h>
#include <gvc.h>

#include "base/outfile.h"
#include "base/strbuf.h"

const char *const pn_color_by_names[PN_COLOR_N + 1] = {PN_COLOR_BYS(PN_VOCAB_NAME) NULL};
const char *const pn_map_view_names[PN_VIEW_N + 1] = {PN_MAP_VIEWS(PN_VOCAB_NAME) NULL};
const char *const pn_style_names[PN_STYLE_N + 1] = {PN_STYLES(PN_VOCAB_NAME) NULL};
const char *const pn_map_format_names[PN_MAPFMT_N + 1] = {PN_MAP_FORMATS(PN_VOCAB_NAME) NULL};

const char *const pn_render_layouts[] = {"neato", "fdp", "sfdp", "circo", "twopi", "dot", "geo",
                                         "fr",    "kk",  "drl",  NULL};

void pn_render_options_default(struct pn_render_options *o)
{
    memset(o, 0, sizeof *o);
    o->layout = NULL;
    o->color_by = PN_COLOR_COMMUNITY;
    o->size_by = PN_M_PAGERANK;
    o->labels_top = -1;
    o->title = NULL;
    o->subtitle = NULL;
    o->format = NULL;
    o->seed = 42;
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
}

/* ------------------------------------------------------------------ */
/* Geometry constants (points; 1 pt = 1 px on a 1920x1080 canvas)      */

#define MARGIN 28.0
#define TITLE_H 92.0
#define LEGEND_W 300.0
#define LEGEND_GAP 24.0
#define LABEL_FS 14.0
#define LEGEND_FS 14.0
#define LEGEND_ROW 24.0
#define MAX_CATEGORIES 8 /* coloured classes before "other" */
#define WRAP_CHARS 22

/* ------------------------------------------------------------------ */
/* Styles and palettes                                                 */

struct style {
    const char *bg, *text, *muted, *tie, *member, *partof, *stroke, *frame;
    const char *const *palette;
    size_t n_palette;
    const char *other;
    const char *new_col, *ended_col, *rose_col, *fell_col, *focus_col;
};

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

/* ------------------------------------------------------------------ */
/* Text helpers                                                        */

/* Helvetica/Arial advance widths (1/1000 em) for ASCII 32..126; Graphviz
 * measures with pango, these only estimate for label thinning. */
static const unsigned short helv_w[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015,
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
    667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333,
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
    500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};

/* Decode one UTF-8 sequence; returns its length (1 for a bad byte). */
static size_t utf8_next(const char *s, unsigned long *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
    unsigned long c = n == 4 ? (u[0] & 0x07u) : n == 3 ? (u[0] & 0x0Fu) : (u[0] & 0x1Fu);
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3Fu);
    }
    *cp = n == 1 ? 0xFFFD : c;
    return n;
}

/* Estimated width in points of one line of text. */
static double line_width(const char *s, size_t len, double fs)
{
    double w = 0;
    size_t i = 0;
    while (i < len && s[i] != '\0') {
        unsigned long cp;
        i += utf8_next(s + i, &cp);
        if (cp >= 32 && cp <= 126)
            w += helv_w[cp - 32];
        else if (cp < 0x2000)
            w += 600;
        else
            w += 1000;
    }
    return w * fs / 1000.0;
}

/* Width and height of a possibly multi-line ('\n') text. */
static void text_box(const char *s, double fs, double *w, double *h)
{
    double mw = 0;
    int lines = 0;
    const char *p = s;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        double lw = line_width(p, len, fs);
        if (lw > mw)
            mw = lw;
        lines++;
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    *w = mw + 4;
    *h = lines * fs * 1.2 + 2;
}

/* Word-wrap s at spaces into lines of about max code points; NULL if it
 * needs more than max_lines lines. Returns a new string with '\n'. */
static char *wrap_text(const char *s, size_t max, int max_lines)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    size_t col = 0;
    int lines = 1;
    const char *p = s;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        char *word = pn_xstrndup(p, wl);
        size_t wcols = pn_utf8_length(word);
        if (col > 0 && col + 1 + wcols > max) {
            pn_strbuf_appendc(&sb, '\n');
            lines++;
            col = 0;
        } else if (col > 0) {
            pn_strbuf_appendc(&sb, ' ');
            col++;
        }
        pn_strbuf_append(&sb, word);
        col += wcols;
        free(word);
        p += wl;
        while (*p == ' ')
            p++;
    }
    if (lines > max_lines) {
        pn_strbuf_destroy(&sb);
        return NULL;
    }
    return pn_strbuf_detach(&sb);
}

/* Text for a Graphviz escString label/xlabel/tooltip. Graphviz expands
 * backslash escapes and decodes HTML entities before escaping for SVG, so
 * both '\' and '&' are escaped; '\n' becomes a centred line break. */
static void append_gv_text(struct pn_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            pn_strbuf_append(sb, "\\\\");
        else if (*s == '&')
            pn_strbuf_append(sb, "&amp;");
        else if (*s == '\n')
            pn_strbuf_append(sb, "\\n");
        else
            pn_strbuf_appendc(sb, *s);
    }
}

static char *gv_text(const char *s)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    append_gv_text(&sb, s);
    return pn_strbuf_detach(&sb);
}

/* A class or id token: [A-Za-z0-9_.-] kept, anything else becomes '-'. */
static void append_token(struct pn_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        pn_strbuf_appendc(sb, (char)(isalnum(c) || c == '_' || c == '.' || c == '-'
                                         ? tolower(c) : '-'));
    }
}

/* URL for Graphviz's href: 2.42 writes it to SVG without escaping, so only
 * http(s) URLs are kept, every byte outside a safe set is percent-encoded and
 * '&' is written as the entity Graphviz passes through. NULL: no link. */
static char *safe_url(const char *u)
{
    if (u == NULL || (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0))
        return NULL;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
        if (*p == '&')
            pn_strbuf_append(&sb, "&amp;");
        else if (isalnum(*p) || strchr("-._~:/?#[]@!$()*+,;=%", *p) != NULL)
            pn_strbuf_appendc(&sb, (char)*p);
        else
            pn_strbuf_appendf(&sb, "%%%02X", *p);
    }
    return pn_strbuf_detach(&sb);
}

static bool font_ok(const char *f)
{
    if (f == NULL || *f == '\0' || strlen(f) > 100)
        return false;
    for (const unsigned char *p = (const unsigned char *)f; *p; p++)
        if (!isalnum(*p) && strchr(" ,._-", *p) == NULL)
            return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* Graphviz wrappers: 2.42 declares these with char *; cgraph copies.  */

/* Graph ids. cgraph's default discipline uses the address of a graph or
 * subgraph name as its id and emits clusters in id order, so their order in
 * the SVG would change from run to run. Here graphs get ids in creation order;
 * nodes and edges keep the default (they are emitted in creation order). */
#define GV_ID_BASE ((IDTYPE)1 << 62)
static char **gv_id_names;
static size_t gv_id_n, gv_id_cap;

static void *gv_id_open(Agraph_t *g, Agdisc_t *disc)
{
    return AgIdDisc.open(g, disc);
}

static long gv_id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    if (objtype != AGRAPH || str == NULL)
        return AgIdDisc.map(state, objtype, str, id, createflag);
    for (size_t i = 0; i < gv_id_n; i++)
        if (strcmp(gv_id_names[i], str) == 0) {
            *id = GV_ID_BASE + 2 * (IDTYPE)i;
            return 1;
        }
    if (!createflag)
        return 0;
    pn_xgrow((void **)&gv_id_names, &gv_id_cap, gv_id_n + 1, sizeof *gv_id_names);
    gv_id_names[gv_id_n] = pn_xstrdup(str);
    *id = GV_ID_BASE + 2 * (IDTYPE)gv_id_n++;
    return 1;
}

static long gv_id_alloc(void *state, int objtype, IDTYPE id)
{
    if (id >= GV_ID_BASE)
        return 1;
    return AgIdDisc.alloc(state, objtype, id);
}

static void gv_id_free(void *state, int objtype, IDTYPE id)
{
    if (id < GV_ID_BASE)
        AgIdDisc.free(state, objtype, id);
}

static char *gv_id_print(void *state, int objtype, IDTYPE id)
{
    if (id >= GV_ID_BASE && (id - GV_ID_BASE) / 2 < gv_id_n)
        return gv_id_names[(id - GV_ID_BASE) / 2];
    return AgIdDisc.print(state, objtype, id);
}

static void gv_id_close(void *state)
{
    for (size_t i = 0; i < gv_id_n; i++)
        free(gv_id_names[i]);
    free(gv_id_names);
    gv_id_names = NULL;
    gv_id_n = gv_id_cap = 0;
    AgIdDisc.close(state);
}

static void gv_id_register(void *state, int objtype, void *obj)
{
    AgIdDisc.idregister(state, objtype, obj);
}

static Agiddisc_t gv_id_disc = {gv_id_open, gv_id_map, gv_id_alloc, gv_id_free,
                                gv_id_print, gv_id_close, gv_id_register};

static Agraph_t *gv_open(const char *name)
{
    static Agdisc_t disc;
    disc.mem = AgDefaultDisc.mem;
    disc.id = &gv_id_disc;
    disc.io = AgDefaultDisc.io;
    return agopen((char *)name, Agundirected, &disc);
}

static Agnode_t *gv_node(Agraph_t *g, const char *name)
{
    return agnode(g, (char *)name, 1);
}

static Agedge_t *gv_edge(Agraph_t *g, Agnode_t *a, Agnode_t *b, const char *name)
{
    return agedge(g, a, b, (char *)name, 1);
}

static Agraph_t *gv_subg(Agraph_t *g, const char *name)
{
    return agsubg(g, (char *)name, 1);
}

static void gv_default(Agraph_t *g, int kind, const char *name, const char *def)
{
    agattr(g, kind, (char *)name, (char *)def);
}

static void gv_set(void *obj, const char *name, const char *value)
{
    agsafeset(obj, (char *)name, (char *)value, (char *)"");
}

static void gv_setf(void *obj, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void gv_setf(void *obj, const char *name, const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    gv_set(obj, name, buf);
}

/* Set an HTML-like label (text inside already XML-escaped by the caller). */
static void gv_set_html(Agraph_t *root, void *obj, const char *name, const char *html)
{
    Agsym_t *sym = agattr(root, AGTYPE(obj), (char *)name, NULL);
    if (sym == NULL)
        sym = agattr(root, AGTYPE(obj), (char *)name, (char *)"");
    char *h = agstrdup_html(root, (char *)html);
    agxset(obj, sym, h);
    agstrfree(root, h);
}

/* Graphviz messages go to diag: cgraph hands a message over in pieces, so
 * collect up to each newline. */
static struct pn_diag *gv_err_diag;
static struct pn_strbuf gv_err_line;
static bool gv_err_warning; /* continuation lines keep the severity of the first */

static void gv_err_flush(void)
{
    const char *s = pn_strbuf_str(&gv_err_line);
    /* "N out of M exterior labels positioned": counted into our own message */
    if (strstr(s, "exterior labels positioned") != NULL)
        s = "";
    if (*s != '\0' && gv_err_diag != NULL) {
        if (strncmp(s, "Warning", 7) == 0)
            gv_err_warning = true;
        else if (strncmp(s, "Error", 5) == 0)
            gv_err_warning = false;
        if (gv_err_warning)
            pn_diag_warning(gv_err_diag, NULL, "graphviz: %s", s);
        else
            pn_diag_error(gv_err_diag, NULL, "graphviz: %s", s);
    }
    pn_strbuf_reset(&gv_err_line);
}

static int gv_errf(char *msg)
{
    for (const char *p = msg; *p; p++) {
        if (*p == '\n')
            gv_err_flush();
        else
            pn_strbuf_appendc(&gv_err_line, *p);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* The map description                                                 */

struct rnode {
    char *name;  /* Graphviz node name (entity id; unique) */
    char *gid;   /* SVG id */
    char *cls;   /* class tokens (kind first) */
    const char *shape;
    char fill[10], stroke[10]; /* #rrggbb or #rrggbbaa */
    double size; /* width in points */
    double penwidth;
    const char *style;
    char *label; /* full label, '\n' line breaks; NULL: never labelled */
    char *alt;   /* shorter alternative (short name) or NULL */
    double prio; /* label priority: higher first */
    bool want_label;
    char *tooltip;
    const char *url;
    double x, y;
    bool has_pos;
    size_t entity; /* model entity or PN_NONE */
    long cluster;  /* index into clusters or -1 */
    double fontsize;
    const char *shown; /* label or alt, chosen by placement; NULL: none */
    bool active;       /* scratch: small multiples / change map */
};

struct redge {
    size_t a, b; /* map node indices */
    char *gid, *cls;
    char color[10];
    double penwidth;
    const char *style;
    bool arrow;
    size_t vedge; /* view edge or PN_NONE */
};

struct rcluster {
    char *name, *gid, *label;
    const char *cls;
    size_t hub;   /* map node of the group itself, PN_NONE for panels */
    bool fixed;   /* bb given (small-multiple panel), else from the members */
    double bb[4];
};

enum lkind { L_HEAD, L_SWATCH, L_SHAPE, L_SIZE, L_LINE };

struct lentry {
    enum lkind kind;
    char *text;
    char fill[10], stroke[10]; /* #rrggbb or #rrggbbaa */
    const char *shape;
    double size;
    const char *style;
    double penwidth;
    bool arrow;
};

struct rmap {
    struct rnode *nodes;
    size_t n_nodes, cap_nodes;
    struct redge *edges;
    size_t n_edges, cap_edges;
    struct rcluster *cl;
    size_t n_cl, cap_cl;
    struct lentry *leg;
    size_t n_leg, cap_leg;
    char *title, *subtitle;
    double dmin, dmax; /* node size range */
};

static void rmap_free(struct rmap *r)
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
    memset(r, 0, sizeof *r);
}

static struct rnode *add_node(struct rmap *r)
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

static struct redge *add_edge(struct rmap *r, size_t a, size_t b)
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

static struct lentry *add_leg(struct rmap *r, enum lkind k, const char *text)
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

static void set_col(char dst[10], const char *src)
{
    snprintf(dst, 10, "%s", src);
}

/* A small string set for unique SVG ids. */
struct sset {
    char **slots;
    size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static bool sset_add(struct sset *s, const char *key)
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

static void sset_free(struct sset *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->slots[i]);
    free(s->slots);
    memset(s, 0, sizeof *s);
}

/* A unique id from a base: base, base-2, base-3, ... */
static char *unique_id(struct sset *ids, const char *base)
{
    char *id = pn_xstrdup(base);
    for (int k = 2; !sset_add(ids, id); k++) {
        free(id);
        id = pn_xasprintf("%s-%d", base, k);
    }
    return id;
}

/* ------------------------------------------------------------------ */
/* Building the map from model, view and metrics                        */

struct ctx {
    const struct pn_model *m;
    const struct pn_view *v;
    const struct pn_metrics *mx;
    const struct pn_render_options *o;
    const struct style *st;
    struct pn_diag *d;
    const char *font;
    double W, H;
    struct sset ids;
    int size_metric; /* -1: uniform */
    bool compare;    /* --compare: two versions of the data */
};

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

static const char *kind_shape(enum pn_kind k)
{
    return k == PN_KIND_ALLIANCE ? "hexagon" : k == PN_KIND_NETWORK ? "box" : "circle";
}

/* Label texts of an entity: full (wrapped) and short alternative. */
static void entity_labels(const struct pn_entity *e, char **label, char **alt)
{
    const char *name = e->name ? e->name : e->id;
    const char *sh = e->short_name;
    *alt = NULL;
    if (pn_utf8_length(name) <= WRAP_CHARS) {
        *label = pn_xstrdup(name);
    } else {
        char *w = wrap_text(name, WRAP_CHARS, 3);
        if (w != NULL) {
            *label = w;
        } else if (sh != NULL) {
            *label = pn_xstrdup(sh);
            sh = NULL;
        } else {
            /* too long for 3 lines: cut at a code point boundary, then wrap */
            size_t bytes = 0, cps = 0;
            while (name[bytes] && cps < 2 * WRAP_CHARS) {
                unsigned long cp;
                bytes += utf8_next(name + bytes, &cp);
                cps++;
            }
            char *cut = pn_xstrndup(name, bytes);
            char *cut2 = pn_xasprintf("%s…", cut);
            free(cut);
            w = wrap_text(cut2, WRAP_CHARS, 3);
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
    const char *text;
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

static int cmp_double_ptr(const void *pa, const void *pb)
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

static int cmp_double_key(double a, double b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

/* Colour every entity node of r by the chosen property; adds legend rows. */
static void colour_nodes(struct ctx *c, struct rmap *r)
{
    enum pn_color_by by = c->o->color_by;
    if (by == PN_COLOR_COMMUNITY && (c->mx == NULL || c->mx->v[PN_M_COMMUNITY] == NULL))
        by = PN_COLOR_KIND;
    const char *what = by == PN_COLOR_COMMUNITY ? "community" : by == PN_COLOR_KIND ? "kind"
                       : by == PN_COLOR_TYPE    ? "type"
                       : by == PN_COLOR_COUNTRY ? "country"
                                                : "theme";
    size_t n = r->n_nodes;
    char **keys = pn_xcalloc(n ? n : 1, sizeof *keys);
    for (size_t i = 0; i < n; i++) {
        const struct rnode *rn = &r->nodes[i];
        if (rn->entity == PN_NONE) {
            keys[i] = pn_xstrdup("");
            continue;
        }
        const struct pn_entity *e = &c->m->entities[rn->entity];
        size_t vn = c->v->entity_node[rn->entity];
        switch (by) {
        case PN_COLOR_COMMUNITY: {
            double x = metric(c, PN_M_COMMUNITY, vn);
            keys[i] = isnan(x) ? pn_xstrdup("") : pn_xasprintf("%012.0f", x);
            break;
        }
        case PN_COLOR_KIND:
            keys[i] = pn_xstrdup(pn_kind_name(e->kind));
            break;
        case PN_COLOR_TYPE:
            keys[i] = pn_xstrdup(e->kind != PN_KIND_INSTITUTION ? pn_kind_name(e->kind)
                                 : e->type                      ? e->type
                                                                : "");
            break;
        case PN_COLOR_COUNTRY:
            keys[i] = pn_xstrdup(e->country ? e->country : "");
            break;
        case PN_COLOR_THEME:
            keys[i] = pn_xstrdup(e->n_themes ? e->themes[0] : "");
            break;
        }
    }
    /* distinct categories */
    struct category *cats = pn_xcalloc(n ? n : 1, sizeof *cats);
    size_t nc = 0;
    struct sset seen = {0};
    for (size_t i = 0; i < n; i++) {
        if (sset_add(&seen, keys[i])) {
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
    sset_free(&seen);
    qsort(cats, nc, sizeof *cats, cmp_cat);
    /* colours: user theme colours first, then the palette in order */
    size_t next = 0, limit = c->st->n_palette;
    if (limit > MAX_CATEGORIES)
        limit = MAX_CATEGORIES;
    if (by == PN_COLOR_KIND)
        for (size_t k = 0; k < nc; k++) {
            /* fixed colours per kind so maps of one network agree */
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
        if (next < limit)
            cats[k].color = c->st->palette[next++];
    }
    /* legend rows */
    char *head = pn_xasprintf("Colour: %s", what);
    add_leg(r, L_HEAD, head);
    free(head);
    size_t others = 0, shown = 0;
    long comm_no = 0;
    for (size_t k = 0; k < nc; k++) {
        if (by == PN_COLOR_COMMUNITY && *cats[k].key)
            comm_no++;
        if (cats[k].color == NULL) {
            others += cats[k].count;
            continue;
        }
        char *text;
        if (by == PN_COLOR_COMMUNITY) {
            /* name a community after its most central member */
            const char *best = NULL;
            double bv = -INFINITY;
            for (size_t i = 0; i < n; i++)
                if (strcmp(keys[i], cats[k].key) == 0 && r->nodes[i].prio > bv) {
                    bv = r->nodes[i].prio;
                    best = pn_entity_label(&c->m->entities[r->nodes[i].entity]);
                }
            text = pn_xasprintf("Community %ld: %s (%zu)", comm_no, best ? best : "",
                                cats[k].count);
        } else if (by == PN_COLOR_THEME) {
            const struct pn_theme *t = pn_model_find_theme(c->m, cats[k].key);
            text = pn_xasprintf("%s (%zu)", t && t->label ? t->label : cats[k].key,
                                cats[k].count);
        } else {
            text = pn_xasprintf("%s (%zu)", cats[k].key, cats[k].count);
        }
        if (pn_utf8_length(text) > 30) {
            size_t bytes = 0, cps = 0;
            while (text[bytes] && cps < 28) {
                unsigned long cp;
                bytes += utf8_next(text + bytes, &cp);
                cps++;
            }
            char *cut = pn_xstrndup(text, bytes);
            free(text);
            text = pn_xasprintf("%s…", cut);
            free(cut);
        }
        struct lentry *l = add_leg(r, L_SWATCH, text);
        set_col(l->fill, cats[k].color);
        set_col(l->stroke, c->st->stroke);
        shown++;
        free(text);
    }
    if (others > 0) {
        bool only_unset = true;
        for (size_t k = 0; k < nc; k++)
            if (cats[k].color == NULL && *cats[k].key)
                only_unset = false;
        char *text = pn_xasprintf("%s (%zu)", only_unset ? "not given" : "other", others);
        struct lentry *l = add_leg(r, L_SWATCH, text);
        set_col(l->fill, c->st->other);
        set_col(l->stroke, c->st->stroke);
        free(text);
    }
    (void)shown;
    for (size_t i = 0; i < n; i++) {
        const char *col = c->st->other;
        for (size_t k = 0; k < nc; k++)
            if (strcmp(cats[k].key, keys[i]) == 0) {
                if (cats[k].color)
                    col = cats[k].color;
                break;
            }
        set_col(r->nodes[i].fill, col);
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
        char *head = pn_xasprintf("Size: %s", pn_metric_info[k].label);
        add_leg(r, L_HEAD, head);
        free(head);
        double refs[2] = {lo, hi};
        for (int j = 0; j < 2; j++) {
            struct pn_strbuf sb;
            pn_strbuf_init(&sb);
            append_metric_value(&sb, k, refs[j]);
            struct lentry *l = add_leg(r, L_SIZE, pn_strbuf_str(&sb));
            l->size = j == 0 ? dmin : dmax;
            set_col(l->fill, c->st->bg);
            set_col(l->stroke, c->st->text);
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
    add_leg(r, L_HEAD, "Shape");
    static const char *const text[3] = {"institution", "alliance", "network"};
    for (int k = 0; k < 3; k++)
        if (have[k]) {
            struct lentry *l = add_leg(r, L_SHAPE, text[k]);
            l->shape = kind_shape((enum pn_kind)k);
            set_col(l->fill, c->st->bg);
            set_col(l->stroke, c->st->text);
        }
}

static const char *edge_kind_class(enum pn_edge_kind k)
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
static bool edge_active(const struct ctx *c, const struct pn_edge *e, int year)
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

static bool entity_active(const struct ctx *c, size_t ent, int year)
{
    if (ent == PN_NONE)
        return true;
    if (year == 0)
        year = 9999;
    return pn_model_active(c->m->entities[ent].since, c->m->entities[ent].until, year);
}

static void style_edge(struct ctx *c, struct redge *re, const struct pn_edge *e)
{
    const struct style *st = c->st;
    switch (e->kind) {
    case PN_EDGE_TIE:
    case PN_EDGE_COMEMBER:
    case PN_EDGE_OVERLAP: {
        set_col(re->color, st->tie);
        double w = 1.1 + 1.2 * log2(e->weight > 0 ? e->weight : 1);
        re->penwidth = w < 1.1 ? 1.1 : w > 5 ? 5 : w;
        break;
    }
    case PN_EDGE_MEMBER:
        set_col(re->color, st->member);
        re->penwidth = 0.8;
        break;
    case PN_EDGE_PART_OF:
        set_col(re->color, st->partof);
        re->penwidth = 1;
        re->style = "dotted";
        break;
    }
    re->arrow = e->directed;
}

static char *node_gid(struct ctx *c, const char *id, const char *suffix)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, "node-");
    append_token(&sb, id);
    if (suffix)
        pn_strbuf_append(&sb, suffix);
    char *base = pn_strbuf_detach(&sb);
    char *id2 = unique_id(&c->ids, base);
    free(base);
    return id2;
}

static char *edge_gid(struct ctx *c, const char *a, const char *b, const char *suffix)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, "edge-");
    append_token(&sb, a);
    pn_strbuf_append(&sb, "--");
    append_token(&sb, b);
    if (suffix)
        pn_strbuf_append(&sb, suffix);
    char *base = pn_strbuf_detach(&sb);
    char *id = unique_id(&c->ids, base);
    free(base);
    return id;
}

/* Label priority of a view node: the size metric (or degree), higher first. */
static double node_prio(const struct ctx *c, size_t vn, const size_t *deg)
{
    int k = c->size_metric >= 0 ? c->size_metric : PN_M_DEGREE;
    double x = metric(c, k, vn);
    if (isnan(x))
        x = (double)deg[vn];
    else if (!pn_metric_info[k].higher_is_central)
        x = -x;
    return x;
}

/* Full map (also ego, geographic and alliance before clustering). */
static void build_full(struct ctx *c, struct rmap *r, bool change)
{
    const struct pn_view *v = c->v;
    const struct pn_model *m = c->m;
    size_t *deg = pn_xcalloc(v->n_nodes ? v->n_nodes : 1, sizeof *deg);
    for (size_t i = 0; i < v->n_edges; i++) {
        deg[v->edges[i].from]++;
        deg[v->edges[i].to]++;
    }
    for (size_t i = 0; i < v->n_nodes; i++) {
        size_t ent = v->node_entity[i];
        const struct pn_entity *e = &m->entities[ent];
        struct rnode *rn = add_node(r);
        rn->entity = ent;
        rn->name = pn_xstrdup(e->id);
        rn->gid = node_gid(c, e->id, NULL);
        struct pn_strbuf sb;
        pn_strbuf_init(&sb);
        pn_strbuf_append(&sb, pn_kind_name(e->kind));
        if (e->type) {
            pn_strbuf_append(&sb, " type-");
            append_token(&sb, e->type);
        }
        if (e->country) {
            pn_strbuf_append(&sb, " country-");
            append_token(&sb, e->country);
        }
        if (v->focus == i)
            pn_strbuf_append(&sb, " focus");
        rn->cls = pn_strbuf_detach(&sb);
        rn->shape = kind_shape(e->kind);
        if (e->kind == PN_KIND_NETWORK)
            rn->style = "filled,rounded";
        set_col(rn->stroke, c->st->stroke);
        entity_labels(e, &rn->label, &rn->alt);
        rn->tooltip = entity_tooltip(c, e, i);
        rn->url = e->url;
        rn->prio = node_prio(c, i, deg);
        if (v->focus == i) {
            rn->prio = INFINITY;
            rn->penwidth = 3.5;
            set_col(rn->stroke, c->st->focus_col);
        }
    }
    /* dense maps: thinner, translucent lines so nodes stay visible */
    double alpha = v->n_edges > 300 ? fmax(0.25, fmin(0.8, 300.0 / (double)v->n_edges * 2)) : 1;
    for (size_t i = 0; i < v->n_edges; i++) {
        const struct pn_edge *e = &v->edges[i];
        struct redge *re = add_edge(r, e->from, e->to);
        re->vedge = i;
        style_edge(c, re, e);
        if (alpha < 1) {
            char col[10];
            snprintf(col, sizeof col, "%.7s%02X", re->color, (unsigned)(alpha * 255));
            set_col(re->color, col);
            re->penwidth = fmax(0.5, re->penwidth * 0.6);
        }
        struct pn_strbuf sb;
        pn_strbuf_init(&sb);
        pn_strbuf_append(&sb, edge_kind_class(e->kind));
        if (e->kind == PN_EDGE_TIE && e->ref < m->n_ties && m->ties[e->ref].type) {
            pn_strbuf_append(&sb, " type-");
            append_token(&sb, m->ties[e->ref].type);
        }
        if (e->directed)
            pn_strbuf_append(&sb, " directed");
        if (change) {
            bool a = edge_active(c, e, c->o->change_from);
            bool b = edge_active(c, e, c->o->change_to);
            if (!a && b) {
                pn_strbuf_append(&sb, " new");
                set_col(re->color, c->st->new_col);
                re->penwidth = fmax(re->penwidth, 2.2);
            } else if (a && !b) {
                pn_strbuf_append(&sb, " ended");
                set_col(re->color, c->st->ended_col);
                re->style = "dashed";
            } else if (!a && !b) {
                pn_strbuf_append(&sb, " inactive");
                re->style = "invis";
            }
        }
        re->cls = pn_strbuf_detach(&sb);
        re->gid = edge_gid(c, m->entities[v->node_entity[e->from]].id,
                           m->entities[v->node_entity[e->to]].id, NULL);
    }
    free(deg);
}

/* Change map marks: new nodes, ranks (by active degree) that rose or fell. */
/* Change marks, shared by the change map (years) and --compare (versions):
 * per map node, presence before/after (was, is) and link counts (da, db).
 * New partners, partners no longer active, and ranks by links that rose or
 * fell by at least max(2, n/10) places get an outline, a class and an arrow. */
static void change_marks(struct ctx *c, struct rmap *r, const bool *was, const bool *is,
                         const double *da, const double *db, const char *head)
{
    size_t n = r->n_nodes;
    size_t thr = n / 10 > 2 ? n / 10 : 2;
    bool any_new = false, any_rose = false, any_fell = false, any_ended = false;
    /* rank = number of nodes with more links (ties share a rank) */
    double *sa = pn_xcalloc(n ? n : 1, sizeof *sa), *sb = pn_xcalloc(n ? n : 1, sizeof *sb);
    memcpy(sa, da, n * sizeof *sa);
    memcpy(sb, db, n * sizeof *sb);
    qsort(sa, n, sizeof *sa, cmp_double_ptr);
    qsort(sb, n, sizeof *sb, cmp_double_ptr);
    for (size_t i = 0; i < n; i++) {
        struct rnode *rn = &r->nodes[i];
        bool a = was[i], b = is[i];
        size_t ra = n - count_le(sa, n, da[i]), rb = n - count_le(sb, n, db[i]);
        const char *mark = NULL;
        if (!a && b) {
            mark = " new";
            set_col(rn->stroke, c->st->new_col);
            rn->penwidth = 3;
            any_new = true;
        } else if (a && !b) {
            mark = " ended";
            rn->style = strcmp(rn->shape, "box") == 0 ? "filled,rounded,dashed" : "filled,dashed";
            set_col(rn->stroke, c->st->ended_col);
            rn->penwidth = 2;
            any_ended = true;
        } else if (a && b && ra >= rb + thr) {
            mark = " rank-rose";
            set_col(rn->stroke, c->st->rose_col);
            rn->penwidth = 3;
            any_rose = true;
        } else if (a && b && rb >= ra + thr) {
            mark = " rank-fell";
            set_col(rn->stroke, c->st->fell_col);
            rn->penwidth = 3;
            rn->style = strcmp(rn->shape, "box") == 0 ? "filled,rounded,dashed" : "filled,dashed";
            any_fell = true;
        }
        if (mark) {
            char *cls = pn_xasprintf("%s%s", rn->cls, mark);
            free(rn->cls);
            rn->cls = cls;
            const char *arrow = strcmp(mark, " rank-rose") == 0   ? " ▲"
                                : strcmp(mark, " rank-fell") == 0 ? " ▼"
                                                                  : NULL;
            if (arrow && rn->label) {
                char *l = pn_xasprintf("%s%s", rn->label, arrow);
                free(rn->label);
                rn->label = l;
            }
            if (arrow && rn->alt) {
                char *l = pn_xasprintf("%s%s", rn->alt, arrow);
                free(rn->alt);
                rn->alt = l;
            }
            rn->prio += 1e6; /* changed nodes are labelled first */
        }
    }
    free(sa);
    free(sb);
    add_leg(r, L_HEAD, head);
    struct lentry *l = add_leg(r, L_LINE, "new tie or membership");
    set_col(l->stroke, c->st->new_col);
    l->penwidth = 2.2;
    l = add_leg(r, L_LINE, "ended");
    set_col(l->stroke, c->st->ended_col);
    l->style = "dashed";
    if (any_new) {
        l = add_leg(r, L_SHAPE, "new partner");
        set_col(l->fill, c->st->bg);
        set_col(l->stroke, c->st->new_col);
        l->penwidth = 3;
    }
    if (any_ended) {
        l = add_leg(r, L_SHAPE, "no longer active");
        set_col(l->fill, c->st->bg);
        set_col(l->stroke, c->st->ended_col);
        l->style = "dashed";
        l->penwidth = 2;
    }
    if (any_rose) {
        l = add_leg(r, L_SHAPE, "▲ rank rose (ties)");
        set_col(l->fill, c->st->bg);
        set_col(l->stroke, c->st->rose_col);
        l->penwidth = 3;
    }
    if (any_fell) {
        l = add_leg(r, L_SHAPE, "▼ rank fell (ties)");
        set_col(l->fill, c->st->bg);
        set_col(l->stroke, c->st->fell_col);
        l->style = "dashed";
        l->penwidth = 3;
    }
}

static void mark_changes(struct ctx *c, struct rmap *r)
{
    size_t n = r->n_nodes;
    double *da = pn_xcalloc(n ? n : 1, sizeof *da);
    double *db = pn_xcalloc(n ? n : 1, sizeof *db);
    bool *was = pn_xcalloc(n ? n : 1, sizeof *was);
    bool *is = pn_xcalloc(n ? n : 1, sizeof *is);
    for (size_t i = 0; i < c->v->n_edges; i++) {
        const struct pn_edge *e = &c->v->edges[i];
        if (edge_active(c, e, c->o->change_from)) {
            da[e->from]++;
            da[e->to]++;
        }
        if (edge_active(c, e, c->o->change_to)) {
            db[e->from]++;
            db[e->to]++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        was[i] = entity_active(c, r->nodes[i].entity, c->o->change_from) && da[i] > 0;
        is[i] = entity_active(c, r->nodes[i].entity, c->o->change_to) && db[i] > 0;
    }
    char *head = c->o->change_to
                     ? pn_xasprintf("Change %d to %d", c->o->change_from, c->o->change_to)
                     : pn_xasprintf("Change %d to now", c->o->change_from);
    change_marks(c, r, was, is, da, db, head);
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
    add_leg(r, L_HEAD, "Lines");
    if (have[PN_EDGE_TIE] || have[PN_EDGE_COMEMBER] || have[PN_EDGE_OVERLAP]) {
        struct lentry *l = add_leg(r, L_LINE, have[PN_EDGE_TIE] ? "bilateral tie (width: weight)"
                                                                : "shared groups (width: weight)");
        set_col(l->stroke, c->st->tie);
        l->penwidth = 2;
    }
    if (directed) {
        struct lentry *l = add_leg(r, L_LINE, "directed tie (e.g. funding)");
        set_col(l->stroke, c->st->tie);
        l->penwidth = 1.5;
        l->arrow = true;
    }
    if (have[PN_EDGE_MEMBER]) {
        struct lentry *l = add_leg(r, L_LINE, "membership");
        set_col(l->stroke, c->st->member);
        l->penwidth = 1;
    }
    if (have[PN_EDGE_PART_OF]) {
        struct lentry *l = add_leg(r, L_LINE, "part of");
        set_col(l->stroke, c->st->partof);
        l->style = "dotted";
    }
}

/* Community map: one node per community, edges weighted by ties between. */
static enum pn_status build_community(struct ctx *c, struct rmap *r)
{
    const struct pn_view *v = c->v;
    if (c->mx == NULL || c->mx->v[PN_M_COMMUNITY] == NULL) {
        pn_diag_error(c->d, NULL, "the community map needs the analysis (communities)");
        return PN_EUSAGE;
    }
    size_t n = v->n_nodes;
    /* renumber communities by size (largest first), ties by first node */
    double *cid = c->mx->v[PN_M_COMMUNITY];
    size_t nc = 0;
    double *ids = pn_xcalloc(n ? n : 1, sizeof *ids);
    size_t *size = pn_xcalloc(n ? n : 1, sizeof *size);
    size_t *first = pn_xcalloc(n ? n : 1, sizeof *first);
    size_t *comm = pn_xcalloc(n ? n : 1, sizeof *comm);
    for (size_t i = 0; i < n; i++) {
        size_t k;
        for (k = 0; k < nc; k++)
            if (ids[k] == cid[i])
                break;
        if (k == nc) {
            ids[nc] = cid[i];
            first[nc] = i;
            nc++;
        }
        size[k]++;
        comm[i] = k;
    }
    size_t *order = pn_xcalloc(nc ? nc : 1, sizeof *order);
    for (size_t k = 0; k < nc; k++)
        order[k] = k;
    for (size_t a = 1; a < nc; a++) /* insertion sort: nc is small */
        for (size_t b = a; b > 0; b--) {
            size_t x = order[b - 1], y = order[b];
            if (size[y] > size[x] || (size[y] == size[x] && first[y] < first[x])) {
                order[b - 1] = y;
                order[b] = x;
            } else
                break;
        }
    size_t *rank = pn_xcalloc(nc ? nc : 1, sizeof *rank);
    for (size_t k = 0; k < nc; k++)
        rank[order[k]] = k;
    size_t *deg = pn_xcalloc(n ? n : 1, sizeof *deg);
    for (size_t i = 0; i < v->n_edges; i++) {
        deg[v->edges[i].from]++;
        deg[v->edges[i].to]++;
    }
    double dmin, dmax;
    size_range(nc, &dmin, &dmax);
    dmax *= 1.4;
    size_t maxsize = nc ? size[order[0]] : 1;
    for (size_t q = 0; q < nc; q++) {
        size_t k = order[q];
        struct rnode *rn = add_node(r);
        rn->name = pn_xasprintf("community:%zu", q + 1);
        char *g = pn_xasprintf("community-%zu", q + 1);
        rn->gid = unique_id(&c->ids, g);
        free(g);
        rn->cls = pn_xstrdup("community");
        /* the most central members name the community */
        size_t best[3] = {PN_NONE, PN_NONE, PN_NONE};
        for (size_t i = 0; i < n; i++) {
            if (comm[i] != k)
                continue;
            double p = node_prio(c, i, deg);
            for (int j = 0; j < 3; j++)
                if (best[j] == PN_NONE || p > node_prio(c, best[j], deg)) {
                    for (int t = 2; t > j; t--)
                        best[t] = best[t - 1];
                    best[j] = i;
                    break;
                }
        }
        const struct pn_entity *top = &c->m->entities[v->node_entity[best[0]]];
        rn->label = pn_xasprintf("%s\n+%zu more", pn_entity_label(top), size[k] - 1);
        if (size[k] == 1) {
            free(rn->label);
            rn->label = pn_xstrdup(pn_entity_label(top));
        }
        struct pn_strbuf sb;
        pn_strbuf_init(&sb);
        pn_strbuf_appendf(&sb, "Community %zu: %zu members", q + 1, size[k]);
        size_t listed = 0;
        for (size_t i = 0; i < n && listed < 40; i++)
            if (comm[i] == k) {
                pn_strbuf_appendf(&sb, "\n%s", c->m->entities[v->node_entity[i]].name
                                                   ? c->m->entities[v->node_entity[i]].name
                                                   : c->m->entities[v->node_entity[i]].id);
                listed++;
            }
        if (listed < size[k])
            pn_strbuf_appendf(&sb, "\n… %zu more", size[k] - listed);
        rn->tooltip = pn_strbuf_detach(&sb);
        double t = sqrt((double)size[k] / (double)maxsize);
        rn->size = dmin + t * (dmax - dmin);
        rn->prio = (double)size[k];
        set_col(rn->fill, q < c->st->n_palette ? c->st->palette[q] : c->st->other);
        set_col(rn->stroke, c->st->stroke);
    }
    /* inter-community edges, summed weights */
    double *w = pn_xcalloc(nc > 0 ? nc * nc : 1, sizeof *w);
    for (size_t i = 0; i < v->n_edges; i++) {
        size_t a = rank[comm[v->edges[i].from]], b = rank[comm[v->edges[i].to]];
        if (a == b)
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
    for (size_t a = 0; a < nc; a++)
        for (size_t b = a + 1; b < nc; b++) {
            if (w[a * nc + b] <= 0)
                continue;
            struct redge *re = add_edge(r, a, b);
            set_col(re->color, c->st->tie);
            re->penwidth = 1 + 7 * sqrt(w[a * nc + b] / wmax);
            re->cls = pn_xstrdup("between-communities");
            char *g = pn_xasprintf("edge-community-%zu--community-%zu", a + 1, b + 1);
            re->gid = unique_id(&c->ids, g);
            free(g);
        }
    add_leg(r, L_HEAD, "Communities");
    struct lentry *l = add_leg(r, L_SIZE, "size: members");
    l->size = dmax * 0.6;
    set_col(l->fill, c->st->bg);
    set_col(l->stroke, c->st->text);
    l = add_leg(r, L_LINE, "ties between (width: total weight)");
    set_col(l->stroke, c->st->tie);
    l->penwidth = 3;
    r->dmin = dmin;
    r->dmax = dmax;
    free(w);
    free(deg);
    free(rank);
    free(order);
    free(comm);
    free(first);
    free(size);
    free(ids);
    return PN_OK;
}

/* Alliance map: each group with members of its own is a cluster box around
 * them and its hub node. An institution in several groups cannot sit in
 * several boxes: it stays outside, linked to each hub. */
static void build_clusters(struct ctx *c, struct rmap *r)
{
    const struct pn_view *v = c->v;
    size_t n = r->n_nodes;
    size_t *ngroups = pn_xcalloc(n ? n : 1, sizeof *ngroups);
    size_t *group_of = pn_xcalloc(n ? n : 1, sizeof *group_of);
    size_t *own = pn_xcalloc(n ? n : 1, sizeof *own);
    for (size_t i = 0; i < r->n_edges; i++) {
        if (r->edges[i].vedge == PN_NONE)
            continue;
        const struct pn_edge *e = &v->edges[r->edges[i].vedge];
        if (e->kind != PN_EDGE_MEMBER ||
            c->m->entities[r->nodes[e->from].entity].kind != PN_KIND_INSTITUTION)
            continue;
        ngroups[e->from]++;
        group_of[e->from] = e->to;
    }
    for (size_t i = 0; i < n; i++)
        if (ngroups[i] == 1)
            own[group_of[i]]++;
    long *cl_of = pn_xcalloc(n ? n : 1, sizeof *cl_of);
    for (size_t i = 0; i < n; i++) {
        cl_of[i] = -1;
        size_t ent = r->nodes[i].entity;
        if (ent == PN_NONE || c->m->entities[ent].kind == PN_KIND_INSTITUTION || own[i] == 0)
            continue;
        const struct pn_entity *e = &c->m->entities[ent];
        pn_xgrow((void **)&r->cl, &r->cap_cl, r->n_cl + 1, sizeof *r->cl);
        struct rcluster *cl = &r->cl[r->n_cl];
        memset(cl, 0, sizeof *cl);
        struct pn_strbuf sb;
        pn_strbuf_init(&sb);
        pn_strbuf_append(&sb, "cluster_");
        append_token(&sb, e->id);
        cl->name = pn_strbuf_detach(&sb);
        pn_strbuf_init(&sb);
        pn_strbuf_append(&sb, "group-");
        append_token(&sb, e->id);
        char *base = pn_strbuf_detach(&sb);
        cl->gid = unique_id(&c->ids, base);
        free(base);
        cl->label = pn_xstrdup(pn_entity_label(e));
        cl->hub = i;
        cl->cls = "group";
        cl_of[i] = (long)r->n_cl;
        r->nodes[i].cluster = (long)r->n_cl;
        /* the box is labelled: the hub keeps no label of its own */
        r->nodes[i].want_label = false;
        r->n_cl++;
    }
    for (size_t i = 0; i < r->n_edges; i++) {
        if (r->edges[i].vedge == PN_NONE)
            continue;
        const struct pn_edge *e = &v->edges[r->edges[i].vedge];
        if (e->kind != PN_EDGE_MEMBER || ngroups[e->from] != 1 || cl_of[e->to] < 0 ||
            c->m->entities[r->nodes[e->from].entity].kind != PN_KIND_INSTITUTION)
            continue;
        r->nodes[e->from].cluster = cl_of[e->to];
        r->edges[i].style = "invis"; /* the box says it */
        char *cls = pn_xasprintf("%s inside", r->edges[i].cls);
        free(r->edges[i].cls);
        r->edges[i].cls = cls;
    }
    free(cl_of);
    free(own);
    free(group_of);
    free(ngroups);
}

/* ------------------------------------------------------------------ */
/* Positions                                                           */

/* Engine layout of r (phase 1): an unlabelled copy with node sizes; reads
 * back the coordinates. Uses the caller's context. */
static enum pn_status layout_engine(GVC_t *gvc, struct ctx *c, struct rmap *r,
                                    const char *engine)
{
    enum pn_status st = PN_EIO;
    Agraph_t *g = gv_open("layout");
    Agnode_t **nodes = pn_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof *nodes);
    Agraph_t **subs = pn_xcalloc(r->n_cl ? r->n_cl : 1, sizeof *subs);
    bool laid = false;
    char seed[32];
    snprintf(seed, sizeof seed, "%lu", c->o->seed);
    gv_default(g, AGRAPH, "splines", "false");
    gv_default(g, AGRAPH, "overlap", r->n_cl == 0 && (strcmp(engine, "neato") == 0 ||
                                                      strcmp(engine, "fdp") == 0 ||
                                                      strcmp(engine, "sfdp") == 0)
                                         ? "prism"
                                         : "true");
    gv_default(g, AGRAPH, "sep", "+8");
    gv_default(g, AGRAPH, "start", seed);
    gv_default(g, AGRAPH, "outputorder", "edgesfirst");
    if (strcmp(engine, "dot") == 0) {
        gv_default(g, AGRAPH, "rankdir", "LR");
        gv_default(g, AGRAPH, "nodesep", "0.3");
        gv_default(g, AGRAPH, "ranksep", "1.2");
    }
    if (strcmp(engine, "twopi") == 0)
        gv_default(g, AGRAPH, "ranksep", "1.6");
    if (strcmp(engine, "circo") == 0)
        gv_default(g, AGRAPH, "mindist", "0.6");
    if (strcmp(engine, "fdp") == 0)
        gv_default(g, AGRAPH, "K", "0.9");
    gv_default(g, AGNODE, "shape", "circle");
    gv_default(g, AGNODE, "fixedsize", "true");
    gv_default(g, AGNODE, "label", "");
    gv_default(g, AGNODE, "width", "0.3");
    gv_default(g, AGNODE, "height", "0.3");
    gv_default(g, AGEDGE, "len", "1.3");
    gv_default(g, AGEDGE, "weight", "1");
    for (size_t k = 0; k < r->n_cl; k++) {
        subs[k] = gv_subg(g, r->cl[k].name);
        gv_set(subs[k], "label", "");
        gv_set(subs[k], "margin", "16");
    }
    for (size_t i = 0; i < r->n_nodes; i++) {
        struct rnode *rn = &r->nodes[i];
        nodes[i] = gv_node(g, rn->name);
        /* labels need room: a bigger footprint than the shape itself */
        double w = fmax(rn->size, 18) / 72.0 + (r->n_nodes <= 150 ? 0.9 : 0.1);
        double h = fmax(rn->size, 18) / 72.0 + (r->n_nodes <= 150 ? 0.25 : 0.05);
        gv_setf(nodes[i], "width", "%.3f", w);
        gv_setf(nodes[i], "height", "%.3f", h);
        gv_set(nodes[i], "shape", "box");
        /* the focus is twopi's centre; a graph attribute, not a node one:
         * 2.42's twopi writes to a declared node `root` attribute through a
         * NULL node on disconnected graphs (crash) */
        if (c->v->focus != PN_NONE && rn->entity != PN_NONE &&
            c->v->entity_node[rn->entity] == c->v->focus)
            gv_set(g, "root", rn->name);
        if (rn->cluster >= 0)
            agsubnode(subs[rn->cluster], nodes[i], 1);
    }
    for (size_t i = 0; i < r->n_edges; i++) {
        if (r->edges[i].a == r->edges[i].b)
            continue;
        char name[32];
        snprintf(name, sizeof name, "e%zu", i);
        Agedge_t *e = gv_edge(g, nodes[r->edges[i].a], nodes[r->edges[i].b], name);
        if (strcmp(r->edges[i].style, "invis") == 0 && r->n_cl > 0)
            gv_set(e, "weight", "2");
    }
    /* Graphviz draws from the C library generators in places `start` does not
     * reach (sfdp, prism overlap removal): reset them so a map does not depend
     * on what was laid out before in the same process */
    srand((unsigned)c->o->seed);
    srand48((long)c->o->seed);
    if (gvLayout(gvc, g, engine) != 0) {
        pn_diag_error(c->d, NULL, "graphviz: layout '%s' failed", engine);
        goto out;
    }
    laid = true;
    for (size_t i = 0; i < r->n_nodes; i++) {
        r->nodes[i].x = ND_coord(nodes[i]).x;
        r->nodes[i].y = ND_coord(nodes[i]).y;
        r->nodes[i].has_pos = true;
    }
    st = PN_OK;
out:
    if (laid)
        gvFreeLayout(gvc, g);
    agclose(g);
    free(subs);
    free(nodes);
    return st;
}

/* Geographic layout: Mercator projection of `location`; nodes without one sit
 * at the mean of their placed partners (groups: at their members' centre). */
static void layout_geo(struct ctx *c, struct rmap *r)
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
    if (placed == 0)
        pn_diag_warning(c->d, NULL, "no entity has a location: the geographic map puts "
                                    "everything on one row");
    /* a few far partners would shrink the region that matters to a dot: the
     * map shows the locations inside Tukey's fences (quartiles -/+ 3 IQR),
     * and partners beyond sit on its edge, in their direction, marked "far" */
    if (placed >= 8) {
        double *xs = pn_xcalloc(placed, sizeof *xs), *ys = pn_xcalloc(placed, sizeof *ys);
        size_t k = 0;
        for (size_t i = 0; i < r->n_nodes; i++)
            if (r->nodes[i].has_pos) {
                xs[k] = r->nodes[i].x;
                ys[k] = r->nodes[i].y;
                k++;
            }
        qsort(xs, k, sizeof *xs, cmp_double_ptr);
        qsort(ys, k, sizeof *ys, cmp_double_ptr);
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
            char *cls = pn_xasprintf("%s far", rn->cls);
            free(rn->cls);
            rn->cls = cls;
            if (rn->label) {
                char *l = pn_xasprintf("%s ↗", rn->label);
                free(rn->label);
                rn->label = l;
            }
            if (rn->alt) {
                char *l = pn_xasprintf("%s ↗", rn->alt);
                free(rn->alt);
                rn->alt = l;
            }
        }
        free(xs);
        free(ys);
    }
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
    /* unconnected and unlocated: a row under the map */
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
    free(sx);
    free(sy);
    free(cnt);
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
struct rect {
    double x0, y0, x1, y1;
};

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
    qsort(sz, n, sizeof *sz, cmp_double_ptr);
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

/* Alliance map layout: each cluster is first arranged on its own (hub in
 * the middle, members on rings by priority), then clusters and free nodes are
 * laid out as single items by the engine, fitted and kept apart; members
 * follow their cluster. Graphviz's own cluster layout (fdp) lets boxes overlap. */
static enum pn_status layout_clusters(GVC_t *gvc, struct ctx *c, struct rmap *r,
                                      const char *engine, double ax0, double ay0, double ax1,
                                      double ay1)
{
    size_t n = r->n_nodes, nk = r->n_cl;
    size_t *top = pn_xcalloc(n ? n : 1, sizeof *top);
    double *ox = pn_xcalloc(n ? n : 1, sizeof *ox);
    double *oy = pn_xcalloc(n ? n : 1, sizeof *oy);
    size_t *mem = pn_xcalloc(n ? n : 1, sizeof *mem);
    struct rmap t = {0};
    for (size_t k = 0; k < nk; k++) {
        struct rnode *tn = add_node(&t);
        tn->name = pn_xasprintf("cluster:%zu", k);
    }
    for (size_t i = 0; i < n; i++)
        if (r->nodes[i].cluster < 0) {
            top[i] = t.n_nodes;
            struct rnode *tn = add_node(&t);
            tn->name = pn_xstrdup(r->nodes[i].name);
            tn->size = r->nodes[i].size;
            tn->entity = r->nodes[i].entity;
        }
    for (size_t k = 0; k < nk; k++) {
        size_t hub = r->cl[k].hub, nm = 0;
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
        t.nodes[k].size = 2 * outer + 60; /* box padding and its label */
    }
    for (size_t i = 0; i < r->n_edges; i++) {
        size_t a = top[r->edges[i].a], b = top[r->edges[i].b];
        if (a != b)
            add_edge(&t, a, b);
    }
    enum pn_status st = layout_engine(gvc, c, &t, engine);
    if (st == PN_OK) {
        fit(&t, 0, t.n_nodes, ax0, ay0, ax1, ay1 - 24, true, NULL);
        remove_overlaps(&t, 12);
        for (size_t i = 0; i < n; i++) {
            r->nodes[i].x = t.nodes[top[i]].x + ox[i];
            r->nodes[i].y = t.nodes[top[i]].y + oy[i];
            r->nodes[i].has_pos = true;
        }
    }
    rmap_free(&t);
    free(mem);
    free(oy);
    free(ox);
    free(top);
    return st;
}

/* Which labels to give Graphviz: greedy by priority, a label that fits
 * nowhere near its node (full text, then the short name) is left out, so
 * Graphviz's own label placement (forcelabels=false) has room. */
static size_t thin_labels(struct ctx *c, struct rmap *r, struct rect legend)
{
    size_t n = r->n_nodes, dropped = 0;
    size_t *order = pn_xcalloc(n ? n : 1, sizeof *order);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (r->nodes[i].label != NULL && r->nodes[i].want_label)
            order[k++] = i;
    struct pi {
        double p;
        size_t i;
    } *pv = pn_xcalloc(k ? k : 1, sizeof *pv);
    for (size_t j = 0; j < k; j++)
        pv[j] = (struct pi){r->nodes[order[j]].prio, order[j]};
    /* bottom-up merge sort: stable, so equal priorities keep node order */
    struct pi *tmp = pn_xcalloc(k ? k : 1, sizeof *tmp);
    for (size_t width = 1; width < k; width *= 2) {
        for (size_t lo = 0; lo < k; lo += 2 * width) {
            size_t mid = lo + width < k ? lo + width : k, hi = lo + 2 * width < k ? lo + 2 * width : k;
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
        struct rnode *rn = &r->nodes[pv[j].i];
        size_t *count = panels && rn->cluster >= 0 ? &per[rn->cluster] : &given;
        rn->shown = NULL;
        if (limit >= 0 && (long)*count >= limit)
            continue;
        const char *cands[2] = {rn->label, rn->alt};
        for (int t = 0; t < 2 && rn->shown == NULL; t++) {
            if (cands[t] == NULL)
                continue;
            double w, h;
            text_box(cands[t], rn->fontsize, &w, &h);
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
                if (!grid_hits(&g, opts[q], pv[j].i)) {
                    grid_add(&g, opts[q]);
                    rn->shown = cands[t];
                    break;
                }
        }
        if (rn->shown != NULL)
            (*count)++;
        else
            dropped++;
    }
    free(per);
    grid_free(&g);
    free(pv);
    free(order);
    return dropped;
}

/* ------------------------------------------------------------------ */
/* Small multiples: one panel per year, positions from one layout.     */

static void compose_panels(struct ctx *c, struct rmap *full, struct rmap *out, double x0,
                           double y0, double x1, double y1)
{
    size_t k = c->o->n_years;
    /* grid of panels that keeps the layout's aspect largest */
    double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
    for (size_t i = 0; i < full->n_nodes; i++) {
        minx = fmin(minx, full->nodes[i].x);
        maxx = fmax(maxx, full->nodes[i].x);
        miny = fmin(miny, full->nodes[i].y);
        maxy = fmax(maxy, full->nodes[i].y);
    }
    double bw = fmax(1, maxx - minx), bh = fmax(1, maxy - miny);
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
    double pw = (x1 - x0) / (double)cols, ph = (y1 - y0) / (double)rows;
    double shrink = sqrt(1.0 / (double)(cols > rows ? cols : rows));
    if (shrink < 0.45)
        shrink = 0.45;
    size_t *map = pn_xcalloc(full->n_nodes ? full->n_nodes : 1, sizeof *map);
    out->dmin = full->dmin * shrink;
    out->dmax = full->dmax * shrink;
    for (size_t p = 0; p < k; p++) {
        int year = c->o->years[p];
        size_t col = p % cols, row = p / cols;
        double px0 = x0 + (double)col * pw, py1 = y1 - (double)row * ph;
        double px1 = px0 + pw, py0 = py1 - ph;
        /* the panel is a cluster box with its year: clusters, unlike nodes,
         * leave room for the labels of the nodes inside */
        pn_xgrow((void **)&out->cl, &out->cap_cl, out->n_cl + 1, sizeof *out->cl);
        struct rcluster *pc = &out->cl[out->n_cl];
        memset(pc, 0, sizeof *pc);
        pc->name = pn_xasprintf("cluster_panel_%d", year);
        char *gid = pn_xasprintf("panel-%d", year);
        pc->gid = unique_id(&c->ids, gid);
        free(gid);
        pc->label = pn_xasprintf("%d", year);
        pc->cls = "panel";
        pc->hub = PN_NONE;
        pc->fixed = true;
        pc->bb[0] = px0 + 6;
        pc->bb[1] = py0 + 6;
        pc->bb[2] = px1 - 6;
        pc->bb[3] = py1 - 6;
        long panel = (long)out->n_cl++;
        for (size_t i = 0; i < full->n_nodes; i++) {
            const struct rnode *src = &full->nodes[i];
            map[i] = PN_NONE;
            if (!entity_active(c, src->entity, year))
                continue;
            bool any = false; /* drop nodes with no active edge in this year */
            for (size_t e = 0; e < full->n_edges && !any; e++) {
                const struct redge *re = &full->edges[e];
                if ((re->a == i || re->b == i) && re->vedge != PN_NONE &&
                    edge_active(c, &c->v->edges[re->vedge], year) &&
                    entity_active(c, full->nodes[re->a].entity, year) &&
                    entity_active(c, full->nodes[re->b].entity, year))
                    any = true;
            }
            if (!any)
                continue;
            struct rnode *dn = add_node(out);
            *dn = *src;
            char suffix[16];
            snprintf(suffix, sizeof suffix, "-%d", year);
            dn->name = pn_xasprintf("%s@%d", src->name, year);
            dn->gid = node_gid(c, src->name, suffix);
            dn->cls = pn_xasprintf("%s y%d", src->cls, year);
            dn->label = pn_xstrdup(src->label);
            dn->alt = pn_xstrdup(src->alt);
            dn->tooltip = pn_xasprintf("%s\n(in %d)", src->tooltip, year);
            dn->size = src->size * shrink;
            dn->fontsize = fmax(12, LABEL_FS * shrink * 1.1);
            dn->cluster = panel;
            /* the same transform in every panel: a partner keeps its place */
            dn->x = px0 + 20 + out->dmax / 2 + (src->x - minx) / bw * (pw - 40 - out->dmax);
            dn->y = py0 + 16 + out->dmax / 2 + (src->y - miny) / bh * (ph - 64 - out->dmax);
            map[i] = out->n_nodes - 1;
        }
        for (size_t e = 0; e < full->n_edges; e++) {
            const struct redge *se = &full->edges[e];
            if (map[se->a] == PN_NONE || map[se->b] == PN_NONE)
                continue;
            if (se->vedge != PN_NONE && !edge_active(c, &c->v->edges[se->vedge], year))
                continue;
            struct redge *de = add_edge(out, map[se->a], map[se->b]);
            *de = *se;
            de->a = map[se->a];
            de->b = map[se->b];
            char suffix[16];
            snprintf(suffix, sizeof suffix, "-%d", year);
            de->gid = pn_xasprintf("%s%s", se->gid, suffix);
            de->cls = pn_xasprintf("%s y%d", se->cls, year);
            de->penwidth = fmax(0.6, se->penwidth * shrink);
        }
    }
    /* legend is shared */
    for (size_t i = 0; i < full->n_leg; i++) {
        struct lentry *l = add_leg(out, full->leg[i].kind, full->leg[i].text);
        char *t = l->text;
        *l = full->leg[i];
        l->text = t;
        if (l->kind == L_SIZE)
            l->size *= shrink;
    }
    free(map);
}

/* ------------------------------------------------------------------ */
/* Drawing: the Graphviz lifecycle                                     */

static const char *fmt_of(const struct pn_render_options *o, const char *path)
{
    if (o->format != NULL)
        return o->format;
    const char *dot = strrchr(path, '.');
    if (dot != NULL && (strcmp(dot, ".png") == 0 || strcmp(dot, ".PNG") == 0))
        return "png";
    if (dot != NULL && (strcmp(dot, ".pdf") == 0 || strcmp(dot, ".PDF") == 0))
        return "pdf";
    return "svg";
}

static double legend_height(const struct rmap *r)
{
    double h = 16;
    for (size_t i = 0; i < r->n_leg; i++)
        h += r->leg[i].kind == L_HEAD ? LEGEND_ROW + (i ? 10 : 0)
             : r->leg[i].kind == L_SIZE ? fmax(LEGEND_ROW, r->leg[i].size + 6)
                                        : LEGEND_ROW;
    return h;
}

static void append_html_text(struct pn_strbuf *sb, const char *s)
{
    pn_strbuf_append_xml(sb, s);
}

/* A left-aligned legend text: an HTML table cell of fixed width. */
static char *legend_html(const char *text, bool bold, double w, double fs, const char *color)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_appendf(&sb,
                      "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLPADDING=\"0\" CELLSPACING=\"0\">"
                      "<TR><TD ALIGN=\"LEFT\" WIDTH=\"%.0f\" HEIGHT=\"%.0f\">"
                      "<FONT POINT-SIZE=\"%.1f\" COLOR=\"%s\">%s",
                      w, fs * 1.3, fs, color, bold ? "<B>" : "");
    append_html_text(&sb, text);
    pn_strbuf_appendf(&sb, "%s</FONT></TD></TR></TABLE>", bold ? "</B>" : "");
    return pn_strbuf_detach(&sb);
}

static char *title_html(const struct ctx *c, const struct rmap *r)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_appendf(&sb, "<FONT POINT-SIZE=\"30\" COLOR=\"%s\"><B>", c->st->text);
    append_html_text(&sb, r->title);
    pn_strbuf_append(&sb, "</B></FONT><BR ALIGN=\"LEFT\"/>");
    if (r->subtitle && *r->subtitle) {
        pn_strbuf_appendf(&sb, "<FONT POINT-SIZE=\"17\" COLOR=\"%s\">", c->st->muted);
        append_html_text(&sb, r->subtitle);
        pn_strbuf_append(&sb, "</FONT><BR ALIGN=\"LEFT\"/>");
    }
    return pn_strbuf_detach(&sb);
}

static void pin(void *n, double x, double y)
{
    gv_setf(n, "pos", "%.2f,%.2f!", x, y);
}

/* One Graphviz context per process. Graphviz 2.42/2.43 keeps a pointer into
 * the font dictionary of the context that laid out the first HTML-like label;
 * freeing that context and laying out with a new one reads freed memory
 * (AddressSanitizer: heap-use-after-free in textspan_size via make_html_label).
 * The context stays reachable from here until pn_render_cleanup. */
static GVC_t *gv_context;

void pn_render_cleanup(void)
{
    if (gv_context != NULL)
        gvFreeContext(gv_context);
    gv_context = NULL;
}

/* Phase 2: every node pinned, Graphviz routes straight edges, places the
 * xlabels and renders. This function owns the Graphviz lifecycle of a map:
 * (context) -> agopen -> defaults -> nodes/edges -> gvLayout -> gvRender ->
 * gvFreeLayout -> agclose. */
static enum pn_status draw(struct ctx *c, struct rmap *r, const char *engine, const char *path)
{
    enum pn_status st = PN_EIO;
    if (gv_context == NULL)
        gv_context = gvContext();
    GVC_t *gvc = gv_context;
    Agraph_t *g = NULL;
    bool laid = false;
    struct pn_outfile of;
    bool of_open = false;
    struct rmap panels = {0};
    Agnode_t **nodes = NULL;
    const char *fmt = fmt_of(c->o, path);
    const char *gvfmt = strcmp(fmt, "png") == 0   ? "png:cairo"
                        : strcmp(fmt, "pdf") == 0 ? "pdf:cairo"
                                                  : "svg";
    agusererrf old_errf = agseterrf(gv_errf);
    agerrlevel_t old_level = agseterr(AGWARN);
    gv_err_diag = c->d;
    pn_strbuf_init(&gv_err_line);

    double lh = legend_height(r);
    double W = c->W, H = c->H;
    double ax0 = MARGIN, ax1 = W - MARGIN - LEGEND_W - LEGEND_GAP;
    double ay0 = MARGIN, ay1 = H - TITLE_H;
    if (lh > ay1 - ay0) {
        /* a tall legend grows the canvas rather than covering the map */
        H += lh - (ay1 - ay0);
        ay1 = H - TITLE_H;
    }
    /* 1. positions */
    bool clustered = r->n_cl > 0 && strcmp(engine, "geo") != 0 && c->o->n_years == 0;
    if (clustered) {
        if (layout_clusters(gvc, c, r, engine, ax0, ay0, ax1, ay1) != PN_OK)
            goto out;
    } else if (strcmp(engine, "geo") == 0) {
        layout_geo(c, r);
    } else if (strcmp(engine, "fixed") == 0) {
        /* igraph positions (layout.c), one pair per view node */
        for (size_t i = 0; i < r->n_nodes; i++) {
            size_t vn = c->v->entity_node[r->nodes[i].entity];
            r->nodes[i].x = c->o->positions[2 * vn];
            r->nodes[i].y = c->o->positions[2 * vn + 1];
            r->nodes[i].has_pos = true;
        }
    } else if (layout_engine(gvc, c, r, engine) != PN_OK) {
        goto out;
    }
    struct rmap *dr = r;
    if (clustered) {
        /* fitted cluster by cluster */
    } else if (c->o->n_years > 0) {
        compose_panels(c, r, &panels, ax0, ay0, ax1, ay1);
        dr = &panels;
    } else {
        fit(r, 0, r->n_nodes, ax0, ay0, ax1, ay1, strcmp(engine, "geo") != 0, NULL);
        /* igraph's positions are points, not boxes: more room around each node */
        remove_overlaps(r, r->n_nodes > 300 ? 1.5 : strcmp(engine, "fixed") == 0 ? 16 : 4);
    }
    /* the legend sits right of the map, top-aligned with it */
    double maxx = -INFINITY;
    for (size_t i = 0; i < dr->n_nodes; i++) {
        double half = dr->nodes[i].size > 0 ? dr->nodes[i].size / 2 : 0;
        maxx = fmax(maxx, dr->nodes[i].x + half);
    }
    for (size_t k = 0; k < dr->n_cl; k++) /* clusters are sized below; leave room */
        maxx = fmax(maxx, ax1);
    double lx0 = fmax(ax1, maxx) + LEGEND_GAP, ly1 = ay1;
    struct rect legend = {lx0 - 4, ly1 - lh - 4, lx0 + LEGEND_W + 4, ly1 + 4};
    size_t dropped = thin_labels(c, dr, legend);

    /* 2. the drawn graph: defaults declared before any node */
    {
        struct pn_strbuf gname;
        pn_strbuf_init(&gname);
        for (const char *p = r->title; *p; p++) /* Graphviz keeps entities in names */
            if (*p == '&')
                pn_strbuf_append(&gname, "&amp;");
            else
                pn_strbuf_appendc(&gname, *p);
        g = gv_open(pn_strbuf_str(&gname));
        pn_strbuf_destroy(&gname);
    }
    gv_default(g, AGRAPH, "bgcolor", c->st->bg);
    gv_default(g, AGRAPH, "pad", "0.2");
    gv_default(g, AGRAPH, "outputorder", "edgesfirst");
    gv_default(g, AGRAPH, "forcelabels", "false");
    gv_default(g, AGRAPH, "fontname", c->font);
    gv_default(g, AGRAPH, "labelloc", "t");
    gv_default(g, AGRAPH, "labeljust", "l");
    gv_default(g, AGRAPH, "id", "partnet-map");
    if (strcmp(fmt, "svg") != 0)
        gv_default(g, AGRAPH, "dpi", "72"); /* 1 pt = 1 px: --size is the PNG size */
    gv_default(g, AGNODE, "shape", "circle");
    gv_default(g, AGNODE, "fixedsize", "true");
    gv_default(g, AGNODE, "label", "");
    gv_default(g, AGNODE, "xlabel", "");
    gv_default(g, AGNODE, "style", "filled");
    gv_default(g, AGNODE, "fillcolor", c->st->other);
    gv_default(g, AGNODE, "color", c->st->stroke);
    gv_default(g, AGNODE, "penwidth", "1");
    gv_default(g, AGNODE, "fontname", c->font);
    gv_default(g, AGNODE, "fontsize", "14");
    gv_default(g, AGNODE, "fontcolor", c->st->text);
    gv_default(g, AGNODE, "width", "0.25");
    gv_default(g, AGNODE, "height", "0.25");
    gv_default(g, AGNODE, "id", "");
    gv_default(g, AGNODE, "class", "");
    gv_default(g, AGNODE, "tooltip", "");
    gv_default(g, AGNODE, "pos", "");
    if (c->o->links) {
        gv_default(g, AGNODE, "URL", "");
        gv_default(g, AGNODE, "target", "");
    }
    gv_default(g, AGEDGE, "color", c->st->tie);
    gv_default(g, AGEDGE, "penwidth", "1");
    gv_default(g, AGEDGE, "style", "solid");
    gv_default(g, AGEDGE, "dir", "none");
    gv_default(g, AGEDGE, "arrowsize", "0.8");
    gv_default(g, AGEDGE, "id", "");
    gv_default(g, AGEDGE, "class", "");
    gv_default(g, AGRAPH, "label", "");
    gv_default(g, AGRAPH, "bb", "");
    {
        char *t = title_html(c, r);
        gv_set_html(g, g, "label", t);
        free(t);
    }
    /* clusters with their boxes computed from the members' positions */
    Agraph_t **subs = pn_xcalloc(dr->n_cl ? dr->n_cl : 1, sizeof *subs);
    for (size_t k = 0; k < dr->n_cl; k++) {
        if (dr->cl[k].fixed) {
            subs[k] = gv_subg(g, dr->cl[k].name);
            gv_setf(subs[k], "bb", "%.2f,%.2f,%.2f,%.2f", dr->cl[k].bb[0], dr->cl[k].bb[1],
                    dr->cl[k].bb[2], dr->cl[k].bb[3]);
            char *lab = gv_text(dr->cl[k].label);
            gv_set(subs[k], "label", lab);
            free(lab);
            gv_set(subs[k], "id", dr->cl[k].gid);
            gv_set(subs[k], "class", dr->cl[k].cls);
            gv_set(subs[k], "style", "rounded");
            gv_set(subs[k], "color", c->st->frame);
            gv_set(subs[k], "fontcolor", c->st->muted);
            gv_set(subs[k], "fontsize", "22");
            gv_set(subs[k], "labeljust", "l");
            gv_set(subs[k], "labelloc", "t");
            continue;
        }
        double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;
        for (size_t i = 0; i < dr->n_nodes; i++)
            if (dr->nodes[i].cluster == (long)k) {
                double h = dr->nodes[i].size / 2;
                bx0 = fmin(bx0, dr->nodes[i].x - h);
                bx1 = fmax(bx1, dr->nodes[i].x + h);
                by0 = fmin(by0, dr->nodes[i].y - h);
                by1 = fmax(by1, dr->nodes[i].y + h);
            }
        subs[k] = gv_subg(g, dr->cl[k].name);
        double lw, lhh;
        text_box(dr->cl[k].label, 15, &lw, &lhh);
        gv_setf(subs[k], "bb", "%.2f,%.2f,%.2f,%.2f", bx0 - 14, by0 - 14,
                fmax(bx1 + 14, bx0 - 14 + lw + 16), by1 + 14 + lhh);
        char *lab = gv_text(dr->cl[k].label);
        gv_set(subs[k], "label", lab);
        free(lab);
        gv_set(subs[k], "id", dr->cl[k].gid);
        gv_set(subs[k], "class", dr->cl[k].cls);
        gv_set(subs[k], "style", "rounded");
        gv_set(subs[k], "color", c->st->frame);
        gv_set(subs[k], "fontcolor", c->st->muted);
        gv_set(subs[k], "fontsize", "15");
        gv_set(subs[k], "labeljust", "l");
        gv_set(subs[k], "labelloc", "t");
    }
    nodes = pn_xcalloc(dr->n_nodes ? dr->n_nodes : 1, sizeof *nodes);
    for (size_t i = 0; i < dr->n_nodes; i++) {
        struct rnode *rn = &dr->nodes[i];
        Agnode_t *n = gv_node(g, rn->name);
        nodes[i] = n;
        if (rn->cluster >= 0)
            agsubnode(subs[rn->cluster], n, 1);
        pin(n, rn->x, rn->y);
        gv_set(n, "id", rn->gid);
        gv_set(n, "class", rn->cls);
        gv_set(n, "shape", rn->shape);
        gv_set(n, "style", rn->style);
        gv_set(n, "fillcolor", rn->fill);
        gv_set(n, "color", rn->stroke);
        gv_setf(n, "penwidth", "%.2f", rn->penwidth);
        gv_setf(n, "width", "%.3f", rn->size / 72);
        gv_setf(n, "height", "%.3f", rn->size / 72);
        if (rn->fontsize != 14)
            gv_setf(n, "fontsize", "%.1f", rn->fontsize);
        if (rn->tooltip) {
            char *t = gv_text(rn->tooltip);
            gv_set(n, "tooltip", t);
            free(t);
        }
        if (rn->shown) {
            char *t = gv_text(rn->shown);
            gv_set(n, "xlabel", t);
            free(t);
        }
        if (c->o->links && rn->url) {
            char *u = safe_url(rn->url);
            if (u) {
                gv_set(n, "URL", u);
                gv_set(n, "target", "_blank");
            }
            free(u);
        }
    }
    for (size_t i = 0; i < dr->n_edges; i++) {
        struct redge *re = &dr->edges[i];
        if (re->a == re->b)
            continue;
        char name[32];
        snprintf(name, sizeof name, "e%zu", i);
        Agedge_t *e = gv_edge(g, nodes[re->a], nodes[re->b], name);
        gv_set(e, "id", re->gid);
        gv_set(e, "class", re->cls ? re->cls : "");
        gv_set(e, "color", re->color);
        gv_setf(e, "penwidth", "%.2f", re->penwidth);
        gv_set(e, "style", re->style);
        if (re->arrow)
            gv_set(e, "dir", "forward");
    }
    /* the legend: a frame, then one marker and one text node per row */
    {
        Agnode_t *frame = gv_node(g, "legend:frame");
        pin(frame, lx0 + LEGEND_W / 2, ly1 - lh / 2);
        gv_set(frame, "id", "legend");
        gv_set(frame, "class", "legend");
        gv_set(frame, "shape", "box");
        gv_set(frame, "style", "rounded");
        gv_set(frame, "color", c->st->frame);
        gv_setf(frame, "width", "%.3f", LEGEND_W / 72);
        gv_setf(frame, "height", "%.3f", lh / 72);
        double y = ly1 - 12;
        for (size_t i = 0; i < dr->n_leg; i++) {
            struct lentry *l = &dr->leg[i];
            double row = l->kind == L_HEAD ? LEGEND_ROW + (i ? 10 : 0)
                         : l->kind == L_SIZE ? fmax(LEGEND_ROW, l->size + 6)
                                             : LEGEND_ROW;
            double cy = l->kind == L_HEAD ? y - row + LEGEND_ROW / 2 : y - row / 2;
            y -= row;
            char name[48];
            double tx = lx0 + 12;
            if (l->kind != L_HEAD) {
                /* a reference size circle stays inside the frame */
                double mx = lx0 + 12 + (l->kind == L_SIZE ? fmax(14, l->size / 2 + 2) : 14);
                tx = lx0 + 12 + 36;
                if (l->kind == L_LINE) {
                    snprintf(name, sizeof name, "legend:%zu:a", i);
                    Agnode_t *a = gv_node(g, name);
                    snprintf(name, sizeof name, "legend:%zu:b", i);
                    Agnode_t *b = gv_node(g, name);
                    pin(a, lx0 + 10, cy);
                    pin(b, lx0 + 42, cy);
                    Agnode_t *ends[2] = {a, b};
                    for (int q = 0; q < 2; q++) {
                        gv_set(ends[q], "shape", "point");
                        gv_set(ends[q], "width", "0.01");
                        gv_set(ends[q], "height", "0.01");
                        gv_set(ends[q], "style", "invis");
                        gv_set(ends[q], "class", "legend");
                        snprintf(name, sizeof name, "legend-%zu-%c", i, q ? 'b' : 'a');
                        gv_set(ends[q], "id", name);
                    }
                    snprintf(name, sizeof name, "legend:%zu:e", i);
                    Agedge_t *e = gv_edge(g, a, b, name);
                    snprintf(name, sizeof name, "legend-line-%zu", i);
                    gv_set(e, "id", name);
                    gv_set(e, "class", "legend");
                    gv_set(e, "color", l->stroke);
                    gv_setf(e, "penwidth", "%.2f", l->penwidth);
                    gv_set(e, "style", l->style);
                    if (l->arrow)
                        gv_set(e, "dir", "forward");
                } else {
                    snprintf(name, sizeof name, "legend:%zu:m", i);
                    Agnode_t *mk = gv_node(g, name);
                    pin(mk, mx, cy);
                    snprintf(name, sizeof name, "legend-marker-%zu", i);
                    gv_set(mk, "id", name);
                    gv_set(mk, "class", "legend");
                    gv_set(mk, "shape", l->shape);
                    double sz = l->kind == L_SIZE ? l->size : 14;
                    gv_setf(mk, "width", "%.3f", sz / 72);
                    gv_setf(mk, "height", "%.3f", sz / 72);
                    gv_set(mk, "fillcolor", l->fill);
                    gv_set(mk, "color", l->stroke);
                    gv_setf(mk, "penwidth", "%.2f", l->penwidth);
                    gv_set(mk, "style", strcmp(l->style, "dashed") == 0 ? "filled,dashed"
                                                                          : "filled");
                    if (l->kind == L_SIZE)
                        tx = fmax(tx, mx + sz / 2 + 10);
                }
            }
            snprintf(name, sizeof name, "legend:%zu:t", i);
            Agnode_t *t = gv_node(g, name);
            double tw = lx0 + LEGEND_W - 8 - tx;
            pin(t, tx + tw / 2, cy);
            snprintf(name, sizeof name, "legend-text-%zu", i);
            gv_set(t, "id", name);
            gv_set(t, "class", "legend");
            gv_set(t, "shape", "plain");
            gv_set(t, "style", "solid");
            gv_set(t, "fixedsize", "false");
            char *html = legend_html(l->text, l->kind == L_HEAD, tw,
                                     l->kind == L_HEAD ? LEGEND_FS + 1 : LEGEND_FS,
                                     l->kind == L_HEAD ? c->st->text : c->st->muted);
            gv_set_html(g, t, "label", html);
            free(html);
        }
    }
    free(subs);

    if (gvLayout(gvc, g, "nop") != 0) {
        pn_diag_error(c->d, NULL, "graphviz: could not place the map");
        goto out;
    }
    laid = true;
    /* one message for the labels left out, ours and Graphviz's placer's */
    for (size_t i = 0; i < dr->n_nodes; i++)
        if (dr->nodes[i].shown != NULL &&
            (ND_xlabel(nodes[i]) == NULL || !ND_xlabel(nodes[i])->set))
            dropped++;
    if (dropped > 0 && c->o->labels_top != 0)
        pn_diag_warning(c->d, NULL, "%zu label%s left out for lack of room (see the tooltips)",
                        dropped, dropped == 1 ? "" : "s");
    if (pn_outfile_open(&of, path, c->d) != PN_OK)
        goto out;
    of_open = true;
    int rc;
    if (of.tmp_path == NULL) {
        rc = gvRender(gvc, g, gvfmt, stdout);
    } else {
        pn_outfile_close_stream(&of);
        rc = gvRenderFilename(gvc, g, gvfmt, of.tmp_path);
    }
    gv_err_flush();
    if (rc != 0) {
        pn_diag_error(c->d, NULL, "graphviz: cannot render format '%s'", fmt);
        goto out;
    }
    of_open = false;
    if (pn_outfile_commit(&of, c->d) != PN_OK)
        goto out;
    st = PN_OK;
out:
    if (of_open)
        pn_outfile_abort(&of);
    if (laid)
        gvFreeLayout(gvc, g);
    if (g)
        agclose(g);
    gv_err_flush();
    pn_strbuf_destroy(&gv_err_line);
    gv_err_diag = NULL;
    agseterrf(old_errf);
    agseterr(old_level);
    free(nodes);
    rmap_free(&panels);
    return st;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

static char *default_subtitle(const struct ctx *c)
{
    const struct pn_model *m = c->m;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    const char *view = c->o->view == PN_VIEW_EGO         ? "ego map"
                       : c->o->view == PN_VIEW_COMMUNITY ? "community map"
                       : c->o->view == PN_VIEW_ALLIANCE  ? "alliance map"
                       : c->o->view == PN_VIEW_GEO       ? "geographic map"
                                                         : NULL;
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
    pn_strbuf_appendf(&sb, "%s%zu nodes, %zu links", sb.len ? " · " : "", c->v->n_nodes,
                      c->v->n_edges);
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
    return pn_strbuf_detach(&sb);
}

static bool known_layout(const char *name)
{
    for (size_t i = 0; pn_render_layouts[i]; i++)
        if (strcmp(pn_render_layouts[i], name) == 0)
            return true;
    return false;
}

/* Checks the options and picks the engine; fills the shared parts of c. */
static enum pn_status prepare(struct ctx *c, const struct pn_model *m, const struct pn_view *v,
                              const struct pn_metrics *mx, const struct pn_render_options *o,
                              const char *path, struct pn_diag *d, const char **engine_out)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->v = v;
    c->mx = mx;
    c->o = o;
    c->d = d;
    c->st = &styles[o->style <= PN_STYLE_PRINT ? o->style : 0];
    c->W = o->width > 0 ? o->width : 1920;
    c->H = o->height > 0 ? o->height : 1080;
    if (c->W < 480 || c->H < 270 || c->W > 20000 || c->H > 20000) {
        pn_diag_error(d, NULL, "canvas %gx%g is out of range; expected 480x270 to 20000x20000",
                      c->W, c->H);
        return PN_EUSAGE;
    }
    const char *engine = o->layout;
    if (engine != NULL && !known_layout(engine)) {
        const char *near = pn_closest(engine, pn_render_layouts,
                                      sizeof pn_render_layouts / sizeof *pn_render_layouts - 1);
        if (near)
            pn_diag_error(d, NULL, "unknown layout '%s' (did you mean '%s'?)", engine, near);
        else
            pn_diag_error(d, NULL, "unknown layout '%s'; expected neato, fdp, sfdp, circo, "
                                   "twopi, dot, geo, fr, kk or drl", engine);
        return PN_EUSAGE;
    }
    const char *fmt = fmt_of(o, path);
    if (strcmp(fmt, "svg") != 0 && strcmp(fmt, "png") != 0 && strcmp(fmt, "pdf") != 0) {
        pn_diag_error(d, NULL, "unknown map format '%s'; expected svg, png or pdf", fmt);
        return PN_EUSAGE;
    }
    c->font = o->font ? o->font : "Helvetica";
    if (!font_ok(c->font)) {
        pn_diag_error(d, NULL, "invalid font '%s'; expected a font family name (letters, "
                               "digits, spaces, commas)", c->font);
        return PN_EUSAGE;
    }
    if (v == NULL || v->n_nodes == 0) {
        pn_diag_error(d, NULL, "nothing to draw: the view has no nodes");
        return PN_EINPUT;
    }
    c->size_metric = (mx != NULL && o->size_by >= 0 && o->size_by < PN_M_COUNT &&
                      mx->v[o->size_by] != NULL)
                         ? o->size_by
                         : -1;
    if (engine == NULL)
        engine = o->view == PN_VIEW_GEO ? "geo"
                 : o->view == PN_VIEW_EGO && v->focus != PN_NONE ? "twopi"
                 : v->n_nodes > 600 ? "sfdp"
                                    : "neato";
    /* igraph layouts arrive as positions; without them, the nearest engine:
     * fdp is Fruchterman-Reingold-like, neato's stress model generalises
     * Kamada-Kawai, sfdp is the multilevel engine for large networks as DrL */
    if (strcmp(engine, "fr") == 0 || strcmp(engine, "kk") == 0 || strcmp(engine, "drl") == 0) {
        bool usable = o->positions != NULL && o->view != PN_VIEW_COMMUNITY &&
                      o->view != PN_VIEW_ALLIANCE;
        if (usable) {
            engine = "fixed";
        } else {
            const char *near = strcmp(engine, "fr") == 0 ? "fdp"
                               : strcmp(engine, "kk") == 0 ? "neato"
                                                           : "sfdp";
            if (o->positions == NULL)
                pn_diag_warning(d, NULL, "layout '%s': no igraph positions given, used "
                                         "Graphviz '%s'", engine, near);
            engine = near;
        }
    }
    /* dot (hierarchies) and circo (circles of biconnected parts) do not scale:
     * dot ran past 10 minutes on 2,000 nodes even with bounded iterations, and
     * circo crashed (Graphviz 2.42); say so instead of hanging */
    size_t n_draw = o->view == PN_VIEW_COMMUNITY ? 0 : v->n_nodes;
    if ((strcmp(engine, "dot") == 0 || strcmp(engine, "circo") == 0) &&
        n_draw > PN_RENDER_MAX_SMALL_LAYOUT) {
        pn_diag_error(d, NULL, "layout '%s' draws up to %d nodes; this map has %zu (use sfdp, "
                               "fdp, twopi, fr or drl)", engine, PN_RENDER_MAX_SMALL_LAYOUT,
                      n_draw);
        return PN_EUSAGE;
    }
    *engine_out = engine;
    return PN_OK;
}

/* The decorations of an entity map: colours, shapes, sizes, line legend. */
static void decorate(struct ctx *c, struct rmap *r)
{
    for (size_t i = 0; i < r->n_nodes; i++)
        r->nodes[i].want_label = true;
    colour_nodes(c, r);
    shape_legend(c, r);
    size_nodes(c, r);
    line_legend(c, r);
}

enum pn_status pn_render_map(const struct pn_model *m, const struct pn_view *v,
                             const struct pn_metrics *mx, const struct pn_render_options *o,
                             const char *path, struct pn_diag *d)
{
    struct ctx c;
    struct rmap r = {0};
    const char *engine = NULL;
    enum pn_status st = prepare(&c, m, v, mx, o, path, d, &engine);
    if (st != PN_OK)
        goto out;
    bool change = o->change_from > 0;
    if (o->view == PN_VIEW_COMMUNITY) {
        st = build_community(&c, &r);
        if (st != PN_OK)
            goto out;
        for (size_t i = 0; i < r.n_nodes; i++)
            r.nodes[i].want_label = true;
        if (strcmp(engine, "geo") == 0)
            engine = "neato";
    } else {
        build_full(&c, &r, change);
        decorate(&c, &r);
        if (change)
            mark_changes(&c, &r);
        if (o->view == PN_VIEW_ALLIANCE && strcmp(engine, "geo") != 0 && o->n_years == 0)
            build_clusters(&c, &r);
    }
    r.title = pn_xstrdup(o->title ? o->title : m->title ? m->title : "Partnership network");
    r.subtitle = o->subtitle ? pn_xstrdup(o->subtitle) : default_subtitle(&c);
    st = draw(&c, &r, engine, path);
out:
    rmap_free(&r);
    sset_free(&c.ids);
    return st;
}

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
    return pn_xasprintf("%s\x1f%s\x1f%s\x1f%s", edge_kind_class(e->kind), type, a, b);
}

enum pn_status pn_render_compare(const struct pn_model *old_m, const struct pn_view *old_v,
                                 const struct pn_model *m, const struct pn_view *v,
                                 const struct pn_metrics *mx, const struct pn_render_options *o,
                                 const char *path, struct pn_diag *d)
{
    struct ctx c;
    struct rmap r = {0};
    const char *engine = NULL;
    struct sset old_keys = {0}, new_keys = {0};
    size_t *old_node = NULL;
    bool *was = NULL, *is = NULL;
    double *da = NULL, *db = NULL;
    enum pn_status st = prepare(&c, m, v, mx, o, path, d, &engine);
    if (st != PN_OK)
        goto out;
    if (o->view != PN_VIEW_FULL && o->view != PN_VIEW_GEO) {
        pn_diag_error(d, NULL, "--compare draws the full or the geographic map");
        st = PN_EUSAGE;
        goto out;
    }
    if (strcmp(engine, "fixed") == 0) /* positions are of the new view only */
        engine = "neato";
    c.compare = true;
    build_full(&c, &r, false);
    decorate(&c, &r);
    size_t n_new = r.n_nodes;
    /* entities only in the old version join the map */
    old_node = pn_xcalloc(old_v->n_nodes ? old_v->n_nodes : 1, sizeof *old_node);
    for (size_t i = 0; i < old_v->n_nodes; i++) {
        const struct pn_entity *e = &old_m->entities[old_v->node_entity[i]];
        size_t idx = pn_model_find(m, e->id);
        size_t vn = idx != PN_NONE && idx < v->n_entities ? v->entity_node[idx] : PN_NONE;
        if (vn != PN_NONE) {
            old_node[i] = vn;
            continue;
        }
        struct rnode *rn = add_node(&r);
        rn->name = pn_xstrdup(e->id);
        rn->gid = node_gid(&c, e->id, NULL);
        rn->cls = pn_xasprintf("%s", pn_kind_name(e->kind));
        rn->shape = kind_shape(e->kind);
        if (e->kind == PN_KIND_NETWORK)
            rn->style = "filled,rounded";
        entity_labels(e, &rn->label, &rn->alt);
        rn->tooltip = pn_xasprintf("%s\n%s · %s\nonly in the older version",
                                   e->name ? e->name : e->id, e->id, pn_kind_name(e->kind));
        rn->url = e->url;
        rn->size = r.dmin + 0.3 * (r.dmax - r.dmin);
        rn->want_label = true;
        set_col(rn->fill, c.st->other);
        set_col(rn->stroke, c.st->stroke);
        old_node[i] = r.n_nodes - 1;
    }
    size_t n = r.n_nodes;
    was = pn_xcalloc(n, sizeof *was);
    is = pn_xcalloc(n, sizeof *is);
    da = pn_xcalloc(n, sizeof *da);
    db = pn_xcalloc(n, sizeof *db);
    for (size_t i = 0; i < n_new; i++)
        is[i] = true;
    for (size_t i = 0; i < old_v->n_nodes; i++)
        was[old_node[i]] = true;
    for (size_t i = 0; i < old_v->n_edges; i++) {
        const struct pn_edge *e = &old_v->edges[i];
        da[old_node[e->from]]++;
        da[old_node[e->to]]++;
        char *k = edge_key(old_m, old_v, e);
        sset_add(&old_keys, k);
        free(k);
    }
    for (size_t j = 0; j < r.n_edges; j++) {
        const struct pn_edge *e = &v->edges[r.edges[j].vedge];
        db[e->from]++;
        db[e->to]++;
        char *k = edge_key(m, v, e);
        sset_add(&new_keys, k);
        if (sset_add(&old_keys, k)) { /* not in the old version */
            char *cls = pn_xasprintf("%s new", r.edges[j].cls);
            free(r.edges[j].cls);
            r.edges[j].cls = cls;
            set_col(r.edges[j].color, c.st->new_col);
            r.edges[j].penwidth = fmax(r.edges[j].penwidth, 2.2);
        }
        free(k);
    }
    for (size_t i = 0; i < old_v->n_edges; i++) {
        const struct pn_edge *e = &old_v->edges[i];
        char *k = edge_key(old_m, old_v, e);
        if (sset_add(&new_keys, k)) { /* only in the old version */
            struct redge *re = add_edge(&r, old_node[e->from], old_node[e->to]);
            style_edge(&c, re, e);
            set_col(re->color, c.st->ended_col);
            re->style = "dashed";
            const char *type = e->kind == PN_EDGE_TIE && e->ref < old_m->n_ties
                                   ? old_m->ties[e->ref].type
                                   : NULL;
            struct pn_strbuf sb;
            pn_strbuf_init(&sb);
            pn_strbuf_append(&sb, edge_kind_class(e->kind));
            if (type) {
                pn_strbuf_append(&sb, " type-");
                append_token(&sb, type);
            }
            pn_strbuf_append(&sb, e->directed ? " directed ended" : " ended");
            re->cls = pn_strbuf_detach(&sb);
            re->gid = edge_gid(&c, old_m->entities[old_v->node_entity[e->from]].id,
                               old_m->entities[old_v->node_entity[e->to]].id, NULL);
        }
        free(k);
    }
    change_marks(&c, &r, was, is, da, db, "Change between the versions");
    r.title = pn_xstrdup(o->title ? o->title : m->title ? m->title : "Partnership network");
    r.subtitle = o->subtitle ? pn_xstrdup(o->subtitle) : default_subtitle(&c);
    st = draw(&c, &r, engine, path);
out:
    free(db);
    free(da);
    free(is);
    free(was);
    free(old_node);
    sset_free(&new_keys);
    sset_free(&old_keys);
    rmap_free(&r);
    sset_free(&c.ids);
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

/* DOT export: the same graph structure through cgraph's agwrite. */
enum pn_status pn_render_export_dot(const struct pn_model *m, const struct pn_view *v,
                                    const struct pn_metrics *mx, const char *path,
                                    struct pn_diag *d)
{
    struct pn_outfile of;
    enum pn_status st;
    if ((st = pn_outfile_open(&of, path, d)) != PN_OK)
        return st;
    /* cgraph's own id discipline: the export has no clusters, and its nodes and
     * edges come out in creation order anyway */
    Agraph_t *g = agopen((char *)"partnet", Agundirected, NULL);
    gv_default(g, AGNODE, "label", "");
    gv_default(g, AGNODE, "kind", "");
    gv_default(g, AGNODE, "type", "");
    gv_default(g, AGNODE, "country", "");
    gv_default(g, AGEDGE, "kind", "");
    gv_default(g, AGEDGE, "type", "");
    gv_default(g, AGEDGE, "weight", "1");
    gv_default(g, AGEDGE, "dir", "none");
    for (int k = 0; mx != NULL && k < PN_M_COUNT; k++)
        if (mx->v[k] != NULL)
            gv_default(g, AGNODE, pn_metric_info[k].name, "");
    Agnode_t **nodes = pn_xcalloc(v->n_nodes ? v->n_nodes : 1, sizeof *nodes);
    for (size_t i = 0; i < v->n_nodes; i++) {
        const struct pn_entity *e = &m->entities[v->node_entity[i]];
        nodes[i] = gv_node(g, e->id);
        char *lab = gv_text(e->name ? e->name : e->id);
        gv_set(nodes[i], "label", lab);
        free(lab);
        gv_set(nodes[i], "kind", pn_kind_name(e->kind));
        if (e->type)
            gv_set(nodes[i], "type", e->type);
        if (e->country)
            gv_set(nodes[i], "country", e->country);
        for (int k = 0; mx != NULL && k < PN_M_COUNT; k++)
            if (mx->v[k] != NULL && i < mx->n) {
                struct pn_strbuf sb;
                pn_strbuf_init(&sb);
                pn_strbuf_append_real(&sb, mx->v[k][i]);
                gv_set(nodes[i], pn_metric_info[k].name, pn_strbuf_str(&sb));
                pn_strbuf_destroy(&sb);
            }
    }
    for (size_t i = 0; i < v->n_edges; i++) {
        const struct pn_edge *e = &v->edges[i];
        char name[32];
        snprintf(name, sizeof name, "e%zu", i);
        Agedge_t *ge = gv_edge(g, nodes[e->from], nodes[e->to], name);
        gv_set(ge, "kind", edge_kind_class(e->kind));
        if (e->kind == PN_EDGE_TIE && e->ref < m->n_ties && m->ties[e->ref].type)
            gv_set(ge, "type", m->ties[e->ref].type);
        gv_setf(ge, "weight", "%.10g", e->weight);
        if (e->directed)
            gv_set(ge, "dir", "forward");
    }
    int rc = agwrite(g, of.fp);
    agclose(g);
    free(nodes);
    if (rc != 0) {
        pn_diag_error(d, NULL, "cannot write '%s'", path);
        pn_outfile_abort(&of);
        return PN_EIO;
    }
    return pn_outfile_commit(&of, d);
}
