/*
 * draw: the Graphviz door, the only file of partnet that includes <gvc.h>/<cgraph.h>.
 * cgraph wrappers, the id discipline, the message buffer and the one context; the
 * engine layout of a map description; the drawn graph (every node pinned, "nop"
 * layout) rendered to SVG/PNG/PDF; the DOT export. Never builds DOT text; all user
 * text reaches Graphviz escaped (text.c). Owns the Graphviz objects it creates.
 */
#define _XOPEN_SOURCE 700 /* srand48: Graphviz's generator, reset before each layout */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cgraph.h>
#include <glib.h>
#include <gvc.h>

#include "base/outfile.h"
#include "map/map_int.h"

/* Graphviz state of the whole process, in one place. The context is one per process:
 * Graphviz 2.42/2.43 keeps a pointer into the font dictionary of the context that laid
 * out the first HTML-like label; freeing that context and laying out with a new one
 * reads freed memory (AddressSanitizer: heap-use-after-free in textspan_size via
 * make_html_label), so it stays here until pn_render_cleanup. cgraph's error
 * callback takes no pointer of ours, so the diag that messages go to (set for one map at
 * a time) lives here too. */
static struct {
    GVC_t *gvc;
    struct {
        const char *engine; /* a layout's name (static) */
        Agraph_t *g;
    } retired[16]; /* the last graph each engine laid out (gv_retire) */
    struct pn_diag *err_diag; /* NULL outside pn_map_draw_begin/end */
    struct pn_strbuf err_line;
    bool err_warning; /* continuation lines keep the severity of the first */
    agusererrf old_errf;
    agerrlevel_t old_level;
} gv;

/* ------------------------------------------------------------------ */
/* Graphviz wrappers: 2.42 declares these with char *; cgraph copies.  */

/* Object ids. cgraph's default discipline gives a named object the address of its
 * name in the string pool as its id, and iterates subgraphs in id order; layouts that
 * walk subgraphs (circo's blocks, the clusters) then depend on where malloc put the
 * names, so a map could change between two renders in one process (test_render saw
 * circo differ in about 1 run of 15). This discipline numbers names in the order they
 * are first seen, one table per root graph: even ids for names, odd for anonymous
 * objects. It replaces the process's default (AgIdDisc) before the first graph is
 * opened, so that it also reaches the graphs the engines open themselves (circo's
 * derived graph). A name stays in the pool until the root graph is closed. */
struct gv_ids {
    Agraph_t *root;
    GHashTable *by_name; /* name -> index + 1; the keys are names[] */
    char **names; /* in the root graph's string pool: Graphviz reads a flag stored
                   * before a pooled string (aghtmlstr) */
    size_t n, cap;
    IDTYPE next_anon;
};

static void *gv_id_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)disc;
    struct gv_ids *t = pn_xcalloc(1, sizeof *t);
    t->root = g;
    t->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    t->next_anon = 1;
    return t;
}

static long gv_id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    (void)objtype;
    struct gv_ids *t = state;
    if (str == NULL) {
        *id = t->next_anon;
        t->next_anon += 2;
        return 1;
    }
    size_t k = GPOINTER_TO_SIZE(g_hash_table_lookup(t->by_name, str));
    if (k == 0) {
        if (!createflag)
            return 0;
        pn_xgrow((void **)&t->names, &t->cap, t->n + 1, sizeof *t->names);
        t->names[t->n] = agstrdup(t->root, str);
        k = ++t->n;
        g_hash_table_insert(t->by_name, t->names[k - 1], GSIZE_TO_POINTER(k));
    }
    *id = 2 * (IDTYPE)k;
    return 1;
}

static long gv_id_alloc(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
    return 0; /* no ids chosen by the caller, as in cgraph's default */
}

static void gv_id_free(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
}

static char *gv_id_print(void *state, int objtype, IDTYPE id)
{
    (void)objtype;
    const struct gv_ids *t = state;
    if (id % 2 == 0 && id / 2 >= 1 && id / 2 <= t->n)
        return t->names[id / 2 - 1];
    return NULL;
}

static void gv_id_close(void *state)
{
    struct gv_ids *t = state;
    g_hash_table_destroy(t->by_name);
    free(t->names); /* the strings go with the pool, closed after this */
    free(t);
}

static void gv_id_register(void *state, int objtype, void *obj)
{
    (void)state;
    (void)objtype;
    (void)obj;
}

/* Before any graph is opened: a graph opened under the old discipline would be closed
 * by this one. */
static void gv_ids_install(void)
{
    static const Agiddisc_t ids = {gv_id_open,  gv_id_map,   gv_id_alloc,   gv_id_free,
                                   gv_id_print, gv_id_close, gv_id_register};
    AgIdDisc = ids;
}

static Agraph_t *gv_open(const char *name)
{
    gv_ids_install();
    return agopen((char *)name, Agundirected, NULL);
}

/* A graph an engine has laid out stays open until that engine has laid out the next
 * one. circo remembers the root graph it last laid out by its address (2.42/2.43
 * initGraphAttrs: a static pointer, its attribute symbols and block count kept while
 * the address is the same); a new graph that malloc places where the last one was
 * freed got the old graph's freed "mindist" symbol: a map scaled by whatever was in
 * that memory (test_render: circo differed between two renders in 1 run of 15) or a
 * crash. A live graph's address cannot be handed out again. */
static void gv_retire(const char *engine, Agraph_t *g)
{
    for (size_t i = 0; i < sizeof gv.retired / sizeof *gv.retired; i++) {
        if (gv.retired[i].engine == NULL || strcmp(gv.retired[i].engine, engine) == 0) {
            if (gv.retired[i].g != NULL)
                agclose(gv.retired[i].g);
            gv.retired[i].engine = engine;
            gv.retired[i].g = g;
            return;
        }
    }
    agclose(g); /* more engines than slots: cannot happen, the table below is longer */
}

static void gv_retired_close(void)
{
    for (size_t i = 0; i < sizeof gv.retired / sizeof *gv.retired; i++) {
        if (gv.retired[i].g != NULL)
            agclose(gv.retired[i].g);
        gv.retired[i].engine = NULL;
        gv.retired[i].g = NULL;
    }
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

/* Graphviz messages go to diag: cgraph hands a message over in pieces, so
 * collect up to each newline. */

static void gv_err_flush(void)
{
    const char *s = pn_strbuf_str(&gv.err_line);
    /* "N out of M exterior labels positioned": counted into our own message */
    if (strstr(s, "exterior labels positioned") != NULL)
        s = "";
    if (*s != '\0' && gv.err_diag != NULL) {
        if (strncmp(s, "Warning", 7) == 0)
            gv.err_warning = true;
        else if (strncmp(s, "Error", 5) == 0)
            gv.err_warning = false;
        if (gv.err_warning)
            pn_diag_warning(gv.err_diag, NULL, "graphviz: %s", s);
        else
            pn_diag_error(gv.err_diag, NULL, "graphviz: %s", s);
    }
    pn_strbuf_reset(&gv.err_line);
}

static int gv_errf(char *msg)
{
    for (const char *p = msg; *p; p++) {
        if (*p == '\n')
            gv_err_flush();
        else
            pn_strbuf_appendc(&gv.err_line, *p);
    }
    return 0;
}

void pn_map_draw_begin(struct ctx *c)
{
    if (gv.gvc == NULL)
        gv.gvc = gvContext();
    gv.old_errf = agseterrf(gv_errf);
    gv.old_level = agseterr(AGWARN);
    gv.err_diag = c->d;
    pn_strbuf_init(&gv.err_line);
}

void pn_map_draw_end(void)
{
    gv_err_flush();
    pn_strbuf_destroy(&gv.err_line);
    gv.err_diag = NULL;
    agseterrf(gv.old_errf);
    agseterr(gv.old_level);
}

void pn_render_cleanup(void)
{
    gv_retired_close();
    if (gv.gvc != NULL)
        gvFreeContext(gv.gvc);
    gv.gvc = NULL;
    pn_map_font_cleanup();
}

/* ------------------------------------------------------------------ */
/* Engine layout (phase 1): an unlabelled copy of the map with node sizes */

/* The one place the layout seed goes into Graphviz: the `start` attribute, and the C
 * library generators, which Graphviz draws from where `start` does not reach (sfdp,
 * prism overlap removal): reset so a map does not depend on what was laid out before
 * in the same process. Nothing between here and gvLayout draws random numbers. */
static void seed_layout(Agraph_t *g, unsigned long seed)
{
    char start[32];
    snprintf(start, sizeof start, "%lu", seed);
    gv_default(g, AGRAPH, "start", start);
    srand((unsigned)seed);
    srand48((long)seed);
}

/* Graph, node and edge defaults of the layout graph; the table row's own attributes. */
static void engine_defaults(Agraph_t *g, const struct ctx *c, const struct rmap *r,
                            const struct layout *lay)
{
    gv_default(g, AGRAPH, "splines", "false");
    gv_default(g, AGRAPH, "overlap", r->n_cl == 0 && lay->prism ? "prism" : "true");
    gv_default(g, AGRAPH, "sep", "+8");
    seed_layout(g, c->o->seed);
    gv_default(g, AGRAPH, "outputorder", "edgesfirst");
    for (const char *const *a = lay->attrs; a != NULL && a[0] != NULL; a += 2)
        gv_default(g, AGRAPH, a[0], a[1]);
    gv_default(g, AGNODE, "shape", "circle");
    gv_default(g, AGNODE, "fixedsize", "true");
    gv_default(g, AGNODE, "label", "");
    gv_default(g, AGNODE, "width", "0.3");
    gv_default(g, AGNODE, "height", "0.3");
    gv_default(g, AGEDGE, "len", "1.3");
    gv_default(g, AGEDGE, "weight", "1");
}

/* The nodes of the layout graph, in their clusters; nodes[i] is map node i. */
static void engine_nodes(Agraph_t *g, const struct ctx *c, const struct rmap *r,
                         Agnode_t **nodes)
{
    Agraph_t **subs = pn_xcalloc(r->n_cl ? r->n_cl : 1, sizeof *subs);
    for (size_t k = 0; k < r->n_cl; k++) {
        subs[k] = gv_subg(g, r->cl[k].name);
        gv_set(subs[k], "label", "");
        gv_set(subs[k], "margin", "16");
    }
    for (size_t i = 0; i < r->n_nodes; i++) {
        const struct rnode *rn = &r->nodes[i];
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
    free(subs);
}

enum pn_status pn_map_draw_layout(struct ctx *c, struct rmap *r, const struct layout *lay)
{
    enum pn_status st = PN_EIO;
    Agraph_t *g = gv_open("layout");
    Agnode_t **nodes = pn_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof *nodes);
    engine_defaults(g, c, r, lay);
    engine_nodes(g, c, r, nodes);
    for (size_t i = 0; i < r->n_edges; i++) {
        if (r->edges[i].a == r->edges[i].b)
            continue;
        char name[32];
        snprintf(name, sizeof name, "e%zu", i);
        Agedge_t *e = gv_edge(g, nodes[r->edges[i].a], nodes[r->edges[i].b], name);
        if (strcmp(r->edges[i].style, "invis") == 0 && (r->n_cl > 0 || r->n_groups > 0))
            gv_set(e, "weight", "2");
        if (strcmp(r->edges[i].style, "invis") == 0 && r->n_groups > 0)
            gv_set(e, "len", "0.7"); /* members pulled toward their group */
    }
    if (gvLayout(gv.gvc, g, lay->name) != 0) {
        pn_diag_error(c->d, NULL, "graphviz: layout '%s' failed", lay->name);
        goto out;
    }
    for (size_t i = 0; i < r->n_nodes; i++) {
        r->nodes[i].x = ND_coord(nodes[i]).x;
        r->nodes[i].y = ND_coord(nodes[i]).y;
        r->nodes[i].has_pos = true;
    }
    gvFreeLayout(gv.gvc, g);
    st = PN_OK;
out:
    gv_retire(lay->name, g);
    free(nodes);
    return st;
}

/* ------------------------------------------------------------------ */
/* The drawn graph (phase 2): every node pinned, Graphviz routes straight edges,
 * draws the labels placed by labels.c and renders. pn_map_draw owns its lifecycle: agopen ->
 * defaults -> clusters/nodes/edges/legend -> gvLayout "nop" -> gvRender ->
 * gvFreeLayout -> agclose (the context: see gv above). */

static void pin(void *n, double x, double y)
{
    gv_setf(n, "pos", "%.2f,%.2f!", x, y);
}

/* User text as left-justified label lines: each line escaped for Graphviz (text.c) and
 * ended by "\l"; a line break inside a line (a name's) reads as a space. The title,
 * subtitle and legend are plain labels, not HTML-like ones: Graphviz 2.43 leaks 72 bytes
 * per text line of every HTML-like label (issue 13). */
static void append_left_line(struct pn_strbuf *sb, const char *s)
{
    char *one = pn_xstrdup(s);
    for (char *p = one; *p; p++)
        if (*p == '\n')
            *p = ' ';
    char *t = pn_map_gv_text(one);
    pn_strbuf_append(sb, t);
    pn_strbuf_append(sb, "\\l");
    free(t);
    free(one);
}

/* A bold face: the family list and " Bold", as Pango reads a font name (PNG, PDF);
 * render_drawn turns it back into the list and font-weight="bold" in SVG. */
static char *bold_font(const struct ctx *c)
{
    return pn_xasprintf("%s Bold", c->font);
}

/* A text block: a node without a shape, w wide and h high, centred at (x, y), whose
 * left-justified lines start at its left edge. */
static Agnode_t *text_node(Agraph_t *g, const struct ctx *c, const char *name, double x,
                           double y, double w, double h, bool bold)
{
    Agnode_t *n = gv_node(g, name);
    pin(n, x, y);
    gv_set(n, "shape", "none");
    gv_set(n, "style", "solid");
    gv_set(n, "margin", "0");
    gv_set(n, "fixedsize", "shape"); /* the box is ours; a wider text would not warn */
    gv_setf(n, "width", "%.3f", w / 72);
    gv_setf(n, "height", "%.3f", h / 72);
    if (bold) {
        char *b = bold_font(c);
        gv_set(n, "fontname", b);
        free(b);
    }
    return n;
}

/* The drawn graph, named after the title ('&' as an entity: Graphviz keeps entities in
 * names). */
static Agraph_t *open_drawn(const struct rmap *r)
{
    struct pn_strbuf gname;
    pn_strbuf_init(&gname);
    for (const char *p = r->title; *p; p++)
        if (*p == '&')
            pn_strbuf_append(&gname, "&amp;");
        else
            pn_strbuf_appendc(&gname, *p);
    Agraph_t *g = gv_open(pn_strbuf_str(&gname));
    pn_strbuf_destroy(&gname);
    return g;
}

/* Graph, node and edge defaults, declared before any node (cgraph); the canvas. */
static void drawn_defaults(Agraph_t *g, const struct ctx *c, const char *fmt)
{
    gv_default(g, AGRAPH, "bgcolor", c->st->bg);
    gv_default(g, AGRAPH, "pad", "0"); /* the canvas is the bb below, exactly W x H */
    gv_default(g, AGRAPH, "margin", "0"); /* (PDF would add half an inch) */
    gv_default(g, AGRAPH, "outputorder", "edgesfirst");
    gv_default(g, AGRAPH, "fontname", c->font);
    gv_default(g, AGRAPH, "labelloc", "t");
    gv_default(g, AGRAPH, "labeljust", "l");
    gv_default(g, AGRAPH, "id", "partnet-map");
    if (strcmp(fmt, "svg") != 0)
        gv_default(g, AGRAPH, "dpi", "72"); /* 1 pt = 1 px: --size is the PNG size */
    gv_default(g, AGNODE, "shape", "circle");
    gv_default(g, AGNODE, "fixedsize", "true");
    gv_default(g, AGNODE, "label", "");
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
    gv_setf(g, "bb", "0,0,%.0f,%.0f", c->W, c->H);
    /* Graphviz keeps the bb given (the canvas) only for a graph with a _background:
     * the canvas itself, in the background colour */
    char bgx[160];
    snprintf(bgx, sizeof bgx, "C 7 -%.7s c 7 -%.7s P 4 0 0 %.0f 0 %.0f %.0f 0 %.0f ",
             c->st->bg, c->st->bg, c->W, c->W, c->H, c->H);
    gv_default(g, AGRAPH, "_background", bgx);
}

/* Lines of the title band from the top y (points below the canvas top): one node;
 * returns the height taken. */
static double band_block(Agraph_t *g, const struct ctx *c, const char *name, const char *id,
                         const char *cls, const struct tline *lines, size_t n, bool bold,
                         double fs, const char *color, double y)
{
    if (n == 0)
        return 0;
    double h = 0;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; i < n; i++) {
        append_left_line(&sb, lines[i].text);
        h += lines[i].h;
    }
    double tw = c->W - 2 * MARGIN;
    Agnode_t *t = text_node(g, c, name, MARGIN + tw / 2, c->H - y - h / 2, tw, h, bold);
    gv_set(t, "id", id);
    gv_set(t, "class", cls);
    gv_setf(t, "fontsize", "%.1f", fs);
    gv_set(t, "fontcolor", color);
    gv_set(t, "label", pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
    return h;
}

/* The title and subtitle: text nodes at the top left, not the graph's label, which
 * Graphviz would add to the canvas; lines wrapped by describe.c within the canvas. */
static void drawn_title(Agraph_t *g, const struct ctx *c, const struct rmap *r,
                        const struct frame *f)
{
    struct tband b;
    pn_map_title_band(c, r, f->sub_lines, &b);
    double y = b.top;
    y += band_block(g, c, "title:", "map-title", "title", b.title, b.n_title, true, TITLE_FS,
                    c->st->text, y);
    band_block(g, c, "subtitle:", "map-subtitle", "title subtitle", b.sub, b.n_sub, false,
               SUBTITLE_FS, c->st->muted, y);
    pn_map_title_band_free(&b);
}

/* The box and label of a cluster (its bb already set). */
static void cluster_attrs(Agraph_t *sub, const struct ctx *c, const struct rcluster *cl,
                          const char *fontsize)
{
    char *lab = pn_map_gv_text(cl->label);
    gv_set(sub, "label", lab);
    free(lab);
    gv_set(sub, "id", cl->gid);
    gv_set(sub, "class", cl->cls);
    gv_set(sub, "style", "rounded");
    gv_set(sub, "color", c->st->frame);
    gv_set(sub, "fontcolor", c->st->muted);
    gv_set(sub, "fontsize", fontsize);
    gv_set(sub, "labeljust", "l");
    gv_set(sub, "labelloc", "t");
}

/* Clusters: panels have their box; groups get one around their members and label. */
static Agraph_t **drawn_clusters(Agraph_t *g, const struct ctx *c, const struct rmap *r)
{
    Agraph_t **subs = pn_xcalloc(r->n_cl ? r->n_cl : 1, sizeof *subs);
    for (size_t k = 0; k < r->n_cl; k++) {
        const struct rcluster *cl = &r->cl[k];
        if (cl->fixed) {
            subs[k] = gv_subg(g, cl->name);
            gv_setf(subs[k], "bb", "%.2f,%.2f,%.2f,%.2f", cl->bb[0], cl->bb[1], cl->bb[2],
                    cl->bb[3]);
            cluster_attrs(subs[k], c, cl, "22");
            if (r->background != NULL) /* a geographic panel's basemap shows through */
                gv_set(subs[k], "bgcolor", "transparent");
            continue;
        }
        double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;
        for (size_t i = 0; i < r->n_nodes; i++)
            if (r->nodes[i].cluster == (long)k) {
                double h = r->nodes[i].size / 2;
                bx0 = fmin(bx0, r->nodes[i].x - h);
                bx1 = fmax(bx1, r->nodes[i].x + h);
                by0 = fmin(by0, r->nodes[i].y - h);
                by1 = fmax(by1, r->nodes[i].y + h);
            }
        subs[k] = gv_subg(g, cl->name);
        double lw, lhh;
        pn_map_text_box(cl->label, 15, &lw, &lhh);
        gv_setf(subs[k], "bb", "%.2f,%.2f,%.2f,%.2f", bx0 - 14, by0 - 14,
                fmax(bx1 + 14, bx0 - 14 + lw + 16), by1 + 14 + lhh);
        cluster_attrs(subs[k], c, cl, "15");
    }
    return subs;
}

/* The attributes of one drawn node. */
static void node_attrs(Agnode_t *n, const struct ctx *c, const struct rnode *rn)
{
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
        char *t = pn_map_gv_tooltip(rn->tooltip);
        gv_set(n, "tooltip", t);
        free(t);
    }
    if (c->o->links && rn->url) {
        char *u = pn_map_safe_url(rn->url);
        if (u) {
            gv_set(n, "URL", u);
            gv_set(n, "target", "_blank");
        }
        free(u);
    }
}

/* --edge-labels: the tie's label (else its type) along the line, in the muted colour
 * on a halo-free small font; membership lines have none. */
static void edge_label(Agedge_t *e, const struct ctx *c, const struct redge *re)
{
    if (re->vedge == PN_NONE)
        return;
    const struct pn_edge *ve = &c->v->edges[re->vedge];
    if (ve->kind != PN_EDGE_TIE || ve->ref >= c->m->n_ties)
        return;
    const struct pn_tie *t = &c->m->ties[ve->ref];
    const char *text = t->label != NULL ? t->label : t->type;
    if (text == NULL || *text == '\0')
        return;
    char *cut = pn_utf8_length(text) > 32 ? pn_map_utf8_cut(text, 30) : pn_xstrdup(text);
    char *l = pn_map_gv_text(cut);
    gv_set(e, "label", l);
    free(l);
    free(cut);
    gv_set(e, "fontsize", "12");
    gv_set(e, "fontcolor", c->st->muted);
    gv_set(e, "fontname", c->font);
}

/* Nodes (nodes[i] is map node i) in their clusters, then the edges. */
static void drawn_nodes_edges(Agraph_t *g, Agraph_t **subs, const struct ctx *c,
                              const struct rmap *r, Agnode_t **nodes)
{
    for (size_t i = 0; i < r->n_nodes; i++) {
        const struct rnode *rn = &r->nodes[i];
        Agnode_t *n = gv_node(g, rn->name);
        nodes[i] = n;
        if (rn->cluster >= 0)
            agsubnode(subs[rn->cluster], n, 1);
        node_attrs(n, c, rn);
    }
    for (size_t i = 0; i < r->n_edges; i++) {
        const struct redge *re = &r->edges[i];
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
        if (re->tooltip != NULL) {
            char *t = pn_map_gv_tooltip(re->tooltip);
            gv_set(e, "tooltip", t);
            free(t);
        }
        if (re->arrow)
            gv_set(e, "dir", "forward");
        if (c->o->edge_labels)
            edge_label(e, c, re);
    }
}

/* A line sample of legend row i: an edge between two invisible points at height cy. */
static void legend_line(Agraph_t *g, const struct lentry *l, size_t i, double lx0, double cy)
{
    char name[48];
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
}

/* A marker (swatch, shape, reference size) of legend row i at (mx, cy); returns where
 * its text may start, at least tx. */
static double legend_marker(Agraph_t *g, const struct lentry *l, size_t i, double mx,
                            double cy, double tx)
{
    char name[48];
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
    gv_set(mk, "style", strcmp(l->style, "dashed") == 0 ? "filled,dashed" : "filled");
    return l->kind == L_SIZE ? fmax(tx, mx + sz / 2 + 10) : tx;
}

/* The text of legend row i, left-justified from tx to the frame's right edge. */
static void legend_text(Agraph_t *g, const struct ctx *c, const struct lentry *l, size_t i,
                        double lx0, double tx, double cy)
{
    char name[48];
    snprintf(name, sizeof name, "legend:%zu:t", i);
    double tw = lx0 + LEGEND_W - 8 - tx;
    double fs = l->kind == L_HEAD ? LEGEND_FS + 1 : LEGEND_FS;
    Agnode_t *t = text_node(g, c, name, tx + tw / 2, cy, tw, fs * 1.3, l->kind == L_HEAD);
    snprintf(name, sizeof name, "legend-text-%zu", i);
    gv_set(t, "id", name);
    gv_set(t, "class", "legend");
    gv_setf(t, "fontsize", "%.1f", fs);
    gv_set(t, "fontcolor", l->kind == L_HEAD ? c->st->text : c->st->muted);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    append_left_line(&sb, l->text);
    gv_set(t, "label", pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
}

/* The legend: a frame, then one marker and one text node per row. */
static void drawn_legend(Agraph_t *g, const struct ctx *c, const struct rmap *r,
                         const struct frame *f)
{
    double lx0 = f->lx0;
    Agnode_t *frame = gv_node(g, "legend:frame");
    pin(frame, lx0 + LEGEND_W / 2, f->ly1 - f->lh / 2);
    gv_set(frame, "id", "legend");
    gv_set(frame, "class", "legend");
    gv_set(frame, "shape", "box");
    gv_set(frame, "style", "rounded");
    gv_set(frame, "color", c->st->frame);
    gv_setf(frame, "width", "%.3f", LEGEND_W / 72);
    gv_setf(frame, "height", "%.3f", f->lh / 72);
    double y = f->ly1 - 12;
    for (size_t i = 0; i < r->n_leg; i++) {
        const struct lentry *l = &r->leg[i];
        double row = pn_map_legend_row(l, i);
        double cy = l->kind == L_HEAD ? y - row + LEGEND_ROW / 2 : y - row / 2;
        y -= row;
        double tx = lx0 + 12;
        if (l->kind == L_SIZE && l->size > LEGEND_SIZE_BESIDE) { /* the text below */
            double top = cy + row / 2, mcy = top - 3 - l->size / 2;
            legend_marker(g, l, i, lx0 + 12 + l->size / 2 + 2, mcy, tx);
            legend_text(g, c, l, i, lx0, tx, top - l->size - 6 - LEGEND_ROW / 2);
            continue;
        }
        if (l->kind == L_LINE) {
            tx = lx0 + 12 + 36;
            legend_line(g, l, i, lx0, cy);
        } else if (l->kind != L_HEAD && l->kind != L_NOTE) {
            /* a reference size circle stays inside the frame */
            double mx = lx0 + 12 + (l->kind == L_SIZE ? fmax(14, l->size / 2 + 2) : 14);
            tx = legend_marker(g, l, i, mx, cy, lx0 + 12 + 36);
        }
        legend_text(g, c, l, i, lx0, tx, cy);
    }
}

/* The label of node rn, placed by labels.c: plain text on a box of the background
 * colour (its halo), and a leader line to its node when it sits away from it. */
static void drawn_label(Agraph_t *g, const struct ctx *c, const struct rnode *rn,
                        Agnode_t *node)
{
    char *name = pn_xasprintf("label:%s", rn->name);
    Agnode_t *t = gv_node(g, name);
    free(name);
    pin(t, rn->lx, rn->ly);
    char *gid = pn_xasprintf("label-%s", rn->gid + (strncmp(rn->gid, "node-", 5) ? 0 : 5));
    gv_set(t, "id", gid);
    gv_setf(t, "class", "label rank-%zu%s", rn->lrank + 1, rn->leader ? " displaced" : "");
    gv_set(t, "shape", "box");
    gv_set(t, "style", "filled");
    char halo[10];
    snprintf(halo, sizeof halo, "%.7se6", c->st->bg);
    gv_set(t, "fillcolor", halo);
    gv_set(t, "color", "transparent");
    gv_set(t, "penwidth", "0");
    gv_set(t, "margin", "0");
    gv_set(t, "fixedsize", "shape"); /* the box is ours (labels.c); no warning */
    gv_setf(t, "width", "%.3f", rn->lw / 72);
    gv_setf(t, "height", "%.3f", rn->lh / 72);
    gv_setf(t, "fontsize", "%.1f", rn->lfs);
    char *text = pn_map_gv_text(rn->shown);
    gv_set(t, "label", text);
    free(text);
    if (rn->leader) {
        char *en = pn_xasprintf("leader:%s", rn->name);
        Agedge_t *e = gv_edge(g, node, t, en);
        free(en);
        char *lid = pn_xasprintf("leader-%s", gid + 6);
        gv_set(e, "id", lid);
        free(lid);
        gv_set(e, "class", "leader");
        /* never mistaken for a tie (issue 9): dashed, thin, a small dot on the node; in
         * the text colour, seen over a dense map's lines */
        gv_set(e, "color", c->st->text);
        gv_set(e, "style", "dashed");
        gv_set(e, "penwidth", "0.8");
        gv_set(e, "dir", "back");
        gv_set(e, "arrowtail", "dot");
        gv_set(e, "arrowsize", "0.3");
    }
    free(gid);
}

/* The name of each group of the alliance view, placed on its outline's border by
 * outline.c: a label over the lines, on a halo like the nodes' labels (issue 9: drawn in
 * the outlines' background the lines ran through it). */
static void drawn_group_names(Agraph_t *g, const struct ctx *c, const struct rmap *r)
{
    char halo[10];
    snprintf(halo, sizeof halo, "%.7se6", c->st->bg);
    for (size_t k = 0; k < r->n_groups; k++) {
        const struct rgroup *gr = &r->groups[k];
        if (gr->label == NULL || gr->lbox.x1 <= gr->lbox.x0)
            continue;
        char *name = pn_xasprintf("group name:%s", gr->gid);
        Agnode_t *t = gv_node(g, name);
        free(name);
        pin(t, (gr->lbox.x0 + gr->lbox.x1) / 2, (gr->lbox.y0 + gr->lbox.y1) / 2);
        char *id = pn_xasprintf("name-%s", gr->gid);
        gv_set(t, "id", id);
        free(id);
        gv_set(t, "class", "label group-name");
        gv_set(t, "shape", "box");
        gv_set(t, "style", "filled");
        gv_set(t, "fillcolor", halo);
        gv_set(t, "color", "transparent");
        gv_set(t, "penwidth", "0");
        gv_set(t, "margin", "0");
        gv_set(t, "fixedsize", "shape");
        gv_setf(t, "width", "%.3f", (gr->lbox.x1 - gr->lbox.x0) / 72);
        gv_setf(t, "height", "%.3f", (gr->lbox.y1 - gr->lbox.y0) / 72);
        gv_setf(t, "fontsize", "%.1f", PN_MAP_GROUP_FS);
        char *text = pn_map_gv_text(gr->label);
        gv_set(t, "label", text);
        free(text);
        char *tip = pn_map_gv_tooltip(gr->tip ? gr->tip : gr->label);
        gv_set(t, "tooltip", tip);
        free(tip);
    }
}

static void drawn_labels(Agraph_t *g, const struct ctx *c, const struct rmap *r,
                         Agnode_t **nodes)
{
    drawn_group_names(g, c, r);
    for (size_t i = 0; i < r->n_nodes; i++)
        if (r->nodes[i].shown != NULL)
            drawn_label(g, c, &r->nodes[i], nodes[i]);
}

/* SVG: the bold face's name (bold_font) back to the family list and font-weight="bold",
 * so browsers and slide programs find the family (Graphviz writes the name given). The
 * pattern is a whole attribute: user text never holds a raw '"' in Graphviz's SVG. */
static void svg_bold(const struct ctx *c, const char *data, size_t len, struct pn_strbuf *out)
{
    char *b = bold_font(c);
    char *pat = pn_xasprintf(" font-family=\"%s\"", b);
    size_t pl = strlen(pat);
    size_t i = 0, from = 0;
    while (i + pl <= len) {
        if (data[i] == ' ' && memcmp(data + i, pat, pl) == 0) {
            pn_strbuf_appendn(out, data + from, i - from);
            pn_strbuf_appendf(out, " font-family=\"%s\" font-weight=\"bold\"", c->font);
            i += pl;
            from = i;
        } else {
            i++;
        }
    }
    pn_strbuf_appendn(out, data + from, len - from);
    free(pat);
    free(b);
}

/* Lay out with "nop" (positions pinned), warn once about labels asked for and left
 * out (labels.c), render into memory and write it through outfile. */
static enum pn_status render_drawn(Agraph_t *g, struct ctx *c, const struct rmap *r,
                                   size_t dropped, const char *fmt, const char *path)
{
    /* png and pdf: the finished SVG through the rasterizer when there is one */
    bool raster = strcmp(fmt, "svg") != 0 && c->o->rasterize != NULL;
    const char *gvfmt = raster                    ? "svg"
                        : strcmp(fmt, "png") == 0 ? "png:cairo"
                        : strcmp(fmt, "pdf") == 0 ? "pdf:cairo"
                                                  : "svg";
    if (gvLayout(gv.gvc, g, "nop") != 0) {
        pn_diag_error(c->d, NULL, "graphviz: could not place the map");
        return PN_EIO;
    }
    enum pn_status st = PN_EIO;
    struct pn_outfile of;
    bool of_open = false;
    struct pn_strbuf svg; /* SVG with its bold faces written out (svg_bold) */
    pn_strbuf_init(&svg);
    if (dropped > 0 && c->o->labels_top != 0)
        pn_diag_warning(c->d, NULL, "%zu label%s left out for lack of room (see the tooltips)",
                        dropped, dropped == 1 ? "" : "s");
    /* into memory, then through outfile with every write checked: Graphviz's own file
     * output leaves its close unchecked and exit(1)s on a failed write (issue 13) */
    char *data = NULL, *grouped = NULL;
    unsigned int len = 0;
    size_t glen = 0;
    int rc = gvRenderData(gv.gvc, g, gvfmt, &data, &len);
    gv_err_flush();
    if (rc != 0 || data == NULL) {
        pn_diag_error(c->d, NULL, "graphviz: cannot render format '%s'", fmt);
        goto out;
    }
    /* bold faces back to the family list, then the outlines in groups of their own
     * (outline.c) and the geographic map's true places (geo.c) */
    const char *body = data;
    size_t blen = len;
    if (strcmp(gvfmt, "svg") == 0) {
        svg_bold(c, data, len, &svg);
        body = pn_strbuf_str(&svg);
        blen = svg.len;
        grouped = pn_map_groups_svg(r, body, blen, &glen);
        char *placed = pn_map_geo_svg(c, r, grouped ? grouped : body, grouped ? glen : blen,
                                      &glen); /* the true places (geo.c) */
        if (placed != NULL) {
            free(grouped);
            grouped = placed;
        }
    }
    if (pn_outfile_open(&of, path, c->d) != PN_OK)
        goto out;
    of_open = true;
    if (raster) {
        if (c->o->rasterize(grouped ? grouped : body, grouped ? glen : blen, fmt, of.fp,
                            c->d) != PN_OK)
            goto out;
    } else if (pn_outfile_write(&of, grouped ? grouped : body, grouped ? glen : blen, c->d) !=
               PN_OK)
        goto out;
    of_open = false;
    if (pn_outfile_commit(&of, c->d) != PN_OK)
        goto out;
    st = PN_OK;
out:
    if (of_open)
        pn_outfile_abort(&of);
    free(grouped);
    if (data != NULL)
        gvFreeRenderData(data);
    pn_strbuf_destroy(&svg);
    gvFreeLayout(gv.gvc, g);
    return st;
}

enum pn_status pn_map_draw(struct ctx *c, const struct rmap *r, const struct frame *f,
                           size_t dropped, const char *fmt, const char *path)
{
    Agraph_t *g = open_drawn(r);
    drawn_defaults(g, c, c->o->rasterize != NULL ? "svg" : fmt);
    if (r->background != NULL) { /* outlines, basemap: xdot over the canvas (svg, cairo) */
        char *bg = pn_xasprintf("%s%s", agget(g, (char *)"_background"), r->background);
        gv_set(g, "_background", bg);
        free(bg);
    }
    Agraph_t **subs = drawn_clusters(g, c, r);
    Agnode_t **nodes = pn_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof *nodes);
    drawn_nodes_edges(g, subs, c, r, nodes);
    drawn_legend(g, c, r, f);
    drawn_title(g, c, r, f);
    drawn_labels(g, c, r, nodes);
    free(subs);
    enum pn_status st = render_drawn(g, c, r, dropped, fmt, path);
    agclose(g);
    free(nodes);
    return st;
}

/* ------------------------------------------------------------------ */
/* DOT export: the fields besides label/kind/type/country, as GraphML names them
 * (issue 13: the export's help says "every attribute"). Text values are escaped as
 * labels are, since a DOT reader takes every string through the same escapes. */
static void dot_text(void *obj, const char *name, const char *value)
{
    if (value == NULL)
        return;
    char *t = pn_map_gv_text(value);
    gv_set(obj, name, t);
    free(t);
}

static void dot_years_themes(void *obj, int since, int until, char *const *themes, size_t n)
{
    if (since != PN_YEAR_UNSET)
        gv_setf(obj, "since", "%d", since);
    if (until != PN_YEAR_UNSET)
        gv_setf(obj, "until", "%d", until);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; i < n; i++)
        pn_strbuf_appendf(&sb, "%s%s", i ? ";" : "", themes[i]);
    if (n > 0)
        dot_text(obj, "themes", pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
}

static void dot_entity(Agnode_t *n, const struct pn_entity *e)
{
    dot_text(n, "full_name", e->name);
    dot_text(n, "short", e->short_name);
    dot_text(n, "region", e->region);
    dot_text(n, "city", e->city);
    dot_text(n, "url", e->url);
    dot_text(n, "provenance", e->source);
    if (e->has_location) {
        gv_setf(n, "lat", "%.10g", e->lat);
        gv_setf(n, "lon", "%.10g", e->lon);
    }
    dot_years_themes(n, e->since, e->until, e->themes, e->n_themes);
}

static void dot_tie(Agedge_t *ge, const struct pn_tie *t)
{
    dot_text(ge, "label", t->label);
    dot_text(ge, "provenance", t->source);
    dot_years_themes(ge, t->since, t->until, t->themes, t->n_themes);
}

/* ------------------------------------------------------------------ */
/* DOT export: the same graph structure through cgraph's agwrite. */
enum pn_status pn_render_export_dot(const struct pn_model *m, const struct pn_view *v,
                                    const struct pn_metrics *mx, const char *path,
                                    struct pn_diag *d)
{
    struct pn_outfile of;
    enum pn_status st;
    if ((st = pn_outfile_open(&of, path, d)) != PN_OK)
        return st;
    Agraph_t *g = gv_open("partnet");
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
        char *lab = pn_map_gv_text(e->name ? e->name : e->id);
        gv_set(nodes[i], "label", lab);
        free(lab);
        gv_set(nodes[i], "kind", pn_kind_name(e->kind));
        if (e->type)
            gv_set(nodes[i], "type", e->type);
        if (e->country)
            gv_set(nodes[i], "country", e->country);
        dot_entity(nodes[i], e);
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
        gv_set(ge, "kind", pn_map_edge_kind_class(e->kind));
        if (e->kind == PN_EDGE_TIE && e->ref < m->n_ties && m->ties[e->ref].type)
            gv_set(ge, "type", m->ties[e->ref].type);
        if (e->kind == PN_EDGE_TIE && e->ref < m->n_ties)
            dot_tie(ge, &m->ties[e->ref]);
        gv_setf(ge, "weight", "%.10g", e->weight);
        if (e->directed)
            gv_set(ge, "dir", "forward");
    }
    errno = 0;
    int rc = agwrite(g, of.fp);
    int err = errno ? errno : EIO;
    agclose(g);
    free(nodes);
    if (rc != 0) {
        pn_diag_error(d, NULL, "cannot write '%s': %s", path, strerror(err));
        pn_outfile_abort(&of);
        return PN_EIO;
    }
    return pn_outfile_commit(&of, d);
}
