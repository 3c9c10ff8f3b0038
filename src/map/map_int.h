/*
 * map_int: private to map/ (no other room includes it). The map description
 * (nodes, edges, clusters, legend rows) that describe.c builds, layout.c places,
 * compose.c arranges and draw.c hands to Graphviz, and the functions the files share.
 * Ownership: an rmap owns every string it holds (pn_map_free releases them); the
 * context borrows the model, view, metrics and options.
 */
#ifndef PN_MAP_INT_H
#define PN_MAP_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "map/render.h"

/* Geometry (points; 1 pt = 1 px on a 1920x1080 canvas). */
#define MARGIN 28.0
#define TITLE_H 92.0 /* the title band with one title line and one subtitle line */
#define TITLE_FS 30.0
#define SUBTITLE_FS 17.0
#define TITLE_LINES 2    /* at most; a longer title is cut with "…" */
#define SUBTITLE_LINES 3 /* at most; the same */
#define LEGEND_W 300.0
/* a size legend's circle wider than this has its text below it, not beside (issue 9: the
 * community map's largest disc, 162 px, left its text no room in the frame) */
#define LEGEND_SIZE_BESIDE 90.0
#define LEGEND_TEXT_W 240.0 /* a swatch row's text: the frame less the swatch */
#define LEGEND_GAP 24.0
#define LABEL_FS 14.0
#define LEGEND_FS 14.0
#define LEGEND_ROW 24.0
#define MAX_CATEGORIES 8 /* coloured classes before "other" */
#define WRAP_CHARS 22
/* The default font stack: Liberation Sans (installed by scripts/setup.sh; Arial's and
 * Helvetica's metrics) first, so the SVG, the PNG and the PDF draw the same font. */
#define PN_MAP_FONT "Liberation Sans,Arial,Helvetica,sans-serif"

/* The colours of a --style. */
struct style {
    const char *bg, *text, *muted, *tie, *member, *partof, *stroke, *frame;
    const char *const *palette;
    size_t n_palette;
    const char *other;
    const char *new_col, *ended_col, *rose_col, *fell_col, *focus_col;
};

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
    /* where labels.c put the label: box centre, size, font size, rank among the
     * candidates (0: the most important), and whether it sits away from its node
     * (drawn with a leader line) */
    double lx, ly, lw, lh, lfs;
    size_t lrank;
    bool leader;
};

struct redge {
    size_t a, b; /* map node indices */
    char *gid, *cls;
    char color[10];
    double penwidth;
    const char *style;
    bool arrow;
    size_t vedge; /* view edge or PN_NONE */
    char *tooltip; /* what the line stands for (ends, tie type and label, years); or NULL */
};

struct rcluster {
    char *name, *gid, *label;
    const char *cls;
    size_t hub;   /* map node of the group itself, PN_NONE for panels */
    bool fixed;   /* bb given (small-multiple panel), else from the members */
    double bb[4];
};

enum lkind { L_HEAD, L_SWATCH, L_SHAPE, L_SIZE, L_LINE, L_NOTE /* text only */ };

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

struct rgroup; /* outline.c */
struct rgeo;   /* geo.c */

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
    struct rgroup *groups; /* alliance view: outlined groups (outline.c) */
    size_t n_groups, cap_groups;
    struct rgeo *geo;   /* geo view: true places, inset (geo.c) or NULL */
    char *background;   /* xdot drawing operations under the map (outlines, basemap) or NULL */
};

/* A small string set (unique SVG ids, edge keys of --compare). */
struct sset {
    char **slots;
    size_t cap, n;
};

/* What every step of one map reads: the inputs, the style, the canvas, the ids given. */
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
    size_t backbone; /* issue 9: the full map draws this many nodes of the view (0: all) */
    size_t backbone_edges; /* and this many of its lines (set by pn_map_build_full) */
    size_t backbone_groups; /* alliance view: and these groups of its members (the same) */
    /* community view (issue 12): the map draws the communities_drawn largest of
     * communities_all (PN_MAP_COMMUNITIES_MAX), holding community_members of the nodes */
    size_t communities_drawn, communities_all, community_members;
    size_t community_links_drawn, community_links_all; /* lines between them */
};

/* An axis-aligned rectangle (label placement, overlap queries). */
struct rect {
    double x0, y0, x1, y1;
};

/* Where the map, the legend and the title go on the canvas (compose.c computes it). */
struct frame {
    double ax0, ay0, ax1, ay1; /* map area */
    double lx0, ly1, lh;       /* legend: left edge, top, height */
    size_t sub_lines;          /* subtitle lines the title band has room for (0: the most) */
};

/* The title band (describe.c): the title (bold) and the subtitle wrapped at spaces into
 * lines no wider than the canvas less its margins, measured with Pango in the drawn font,
 * so a long subtitle takes lines, never canvas width (issue 9). */
struct tline {
    char *text; /* plain text of one line, user text as written (draw.c escapes it) */
    double h;   /* its height as Graphviz sizes the span */
};
struct tband {
    struct tline *title, *sub;
    size_t n_title, n_sub;
    double top;    /* from the canvas top to the first line's box */
    double height; /* from the canvas top to the map area: TITLE_H, more per extra line */
};

/* One row of the layout table (layout.c). */
enum layout_kind {
    LAYOUT_GRAPHVIZ, /* a Graphviz engine of that name */
    LAYOUT_IGRAPH,   /* positions from net's pn_layout_igraph (options.positions) */
    LAYOUT_GEO       /* the geographic projection */
};
struct layout {
    const char *name;
    enum layout_kind kind;
    size_t max_nodes;          /* 0: no limit */
    const char *fallback;      /* igraph: the Graphviz engine used without positions */
    bool prism;                /* overlap=prism when there are no clusters */
    const char *const *attrs;  /* extra graph attributes, name/value pairs, NULL-ended */
};

/* ------------------------------------------------------------------ */
/* text.c: UTF-8, text size estimates, escaping                        */

/* The first max code points of s followed by "…" (callers cut only what is longer);
 * a new string. */
char *pn_map_utf8_cut(const char *s, size_t max);
/* Estimated width and height in points of a possibly multi-line ('\n') text. */
void pn_map_text_box(const char *s, double fs, double *w, double *h);
/* font.c: the width and height in points of s ('\n' lines) in the font stack `font`
 * at fs points, measured by Pango as Graphviz's renderer measures it (Helvetica's
 * widths of pn_map_text_box if Pango cannot start). */
void pn_map_font_box(const char *font, const char *s, double fs, double *w, double *h);
/* The same for one line s (no '\n'), bold or not: the width and height Graphviz gives
 * its text span, without a label's margins (the title band and the legend, draw.c). */
void pn_map_font_line(const char *font, bool bold, const char *s, double fs, double *w,
                      double *h);
/* Release Pango's font map (font.c; pn_render_cleanup calls it). */
void pn_map_font_cleanup(void);
/* Word-wrap s at spaces into lines of about max code points; NULL if it needs more
 * than max_lines lines. Returns a new string with '\n'. */
char *pn_map_wrap_text(const char *s, size_t max, int max_lines);
/* s as Graphviz escString text (label, xlabel, tooltip); a new string. */
char *pn_map_gv_text(const char *s);
/* The same for a tooltip (Graphviz processes its backslashes twice). */
char *pn_map_gv_tooltip(const char *s);
/* Append s as a class or id token: [A-Za-z0-9_.-] kept (lower case), others '-'. */
void pn_map_append_token(struct pn_strbuf *sb, const char *s);
/* u made safe for Graphviz's href (http(s) only, percent-encoded); a new string or NULL. */
char *pn_map_safe_url(const char *u);
/* Is f a plausible font family name (letters, digits, spaces, commas, ._-)? */
bool pn_map_font_ok(const char *f);

/* ------------------------------------------------------------------ */
/* describe.c: model + view + metrics -> the map description            */

/* The colours of a style (out-of-range values: light). */
const struct style *pn_map_style(enum pn_style s);
/* Release everything r owns and zero it (a zeroed r is fine). */
void pn_map_free(struct rmap *r);
/* Append a node/edge/legend row/cluster with the defaults; the pointer lives until the
 * next append of the same kind. */
struct rnode *pn_map_add_node(struct rmap *r);
struct redge *pn_map_add_edge(struct rmap *r, size_t a, size_t b);
struct lentry *pn_map_add_leg(struct rmap *r, enum lkind k, const char *text);
struct rcluster *pn_map_add_cluster(struct rmap *r);
/* The height of legend row i (headings after the first get a gap above). */
double pn_map_legend_row(const struct lentry *l, size_t i);
/* *s followed by suffix (a new string replacing *s); nothing if *s is NULL. */
void pn_map_str_append(char **s, const char *suffix);
/* Copy a colour (#rrggbb or #rrggbbaa) into a node/edge/legend field. */
void pn_map_set_col(char dst[10], const char *src);
/* Add a copy of key; false if it was there already. */
bool pn_map_sset_add(struct sset *s, const char *key);
/* Release the keys and zero s. */
void pn_map_sset_free(struct sset *s);
/* A unique id from a base: base, base-2, base-3, ... (a new string, kept in ids). */
char *pn_map_unique_id(struct sset *ids, const char *base);
/* The SVG id of a node ("node-<id><suffix>") and of an edge, unique in the map. */
char *pn_map_node_gid(struct ctx *c, const char *id, const char *suffix);
char *pn_map_edge_gid(struct ctx *c, const char *a, const char *b, const char *suffix);
/* The shape of an entity kind and the class token of an edge kind. */
const char *pn_map_kind_shape(enum pn_kind k);
const char *pn_map_edge_kind_class(enum pn_edge_kind k);
/* Full (wrapped) label of an entity and a shorter alternative or NULL (new strings). */
void pn_map_entity_labels(const struct pn_entity *e, char **label, char **alt);
/* Colour, width, style and arrow of a map edge from its view edge's kind. */
void pn_map_style_edge(struct ctx *c, struct redge *re, const struct pn_edge *e);
/* Is a view edge / an entity active in year (0: open-ended "now")? */
bool pn_map_edge_active(const struct ctx *c, const struct pn_edge *e, int year);
bool pn_map_entity_active(const struct ctx *c, size_t ent, int year);
/* qsort comparison of doubles, ascending. */
int pn_map_cmp_double(const void *pa, const void *pb);
/* The map views: every view node (change: new/ended edges marked), the community map
 * (PN_EUSAGE without communities); the alliance groups: pn_map_build_groups. */
void pn_map_build_full(struct ctx *c, struct rmap *r, bool change);

/* The backbone of a large full map (backbone.c, issue 9). pn_map_backbone_size: how many
 * nodes of the view the map draws when it draws a backbone, else 0 (options and view
 * decide: render.h). pn_map_drawn_nodes: the nodes the map draws (the backbone or the
 * view; the community map: its communities). pn_map_backbone_keep: with c->backbone > 0,
 * a new array of the view nodes kept (true for the c->backbone first by the size metric,
 * degree without one; view order breaks ties; the alliance view adds up to
 * PN_BACKBONE_GROUPS of their groups, *n_groups of them); else NULL. */
size_t pn_map_backbone_size(const struct ctx *c);
size_t pn_map_drawn_nodes(const struct ctx *c);
/* The metric that sizes the nodes (o->size_by when mx has it), or -1. */
int pn_map_size_metric(const struct pn_metrics *mx, const struct pn_render_options *o);
bool *pn_map_backbone_keep(const struct ctx *c, size_t *n_groups);
enum pn_status pn_map_build_community(struct ctx *c, struct rmap *r);
/* The names of the communities (issue 9), one per community number of the analysis (as
 * report.md, metrics.csv and the tooltips number them): the most central member
 * (PageRank), and where two communities would share a name, their next most central
 * members until the names differ ("LUOT · Zaka"), then full names, then the number.
 * name[k] is NULL for a number no view node has; named[k]: members in the name. */
#define COMM_NAME_MAX 3
#define COMM_NAME_SEP " · "
struct comm_names {
    size_t n;
    char **name;
    size_t *named, *size;
};
void pn_map_community_names(const struct ctx *c, struct comm_names *cn);
void pn_map_community_names_free(struct comm_names *cn);
/* A community's legend row (describe.c): "Community N: NAME (SIZE)", or "(SHOWN of SIZE)"
 * where the map draws only SHOWN members, cut to the legend. */
char *pn_map_community_entry(const struct ctx *c, size_t id, const char *name, size_t shown,
                             size_t size);
/* Colours, shapes, sizes and the line legend of an entity map. */
void pn_map_decorate(struct ctx *c, struct rmap *r);
/* The ego map says how many of its nodes are named (issue 9): pn_map_decorate reserves a
 * legend row, pn_map_label_note fills it once the labels are placed: "all 40 named", or
 * "60 of 212 named (rest: tooltips)". */
void pn_map_label_note(struct rmap *r);
/* Change marks between two states: per map node presence (was, is) and link counts
 * (da, db); head is the legend heading. */
void pn_map_change_marks(struct ctx *c, struct rmap *r, const bool *was, const bool *is,
                         const double *da, const double *db, const char *head);
/* The change map between --since-year and --at. */
void pn_map_mark_changes(struct ctx *c, struct rmap *r);
/* r's title and subtitle in lines for canvas c (at most max_sub subtitle lines, 0: the
 * most); pn_map_title_band_free releases b. */
void pn_map_title_band(const struct ctx *c, const struct rmap *r, size_t max_sub,
                       struct tband *b);
void pn_map_title_band_free(struct tband *b);
/* The generated subtitle (view, years, counts, metric, data date, source); a new string. */
char *pn_map_default_subtitle(const struct ctx *c);

/* ------------------------------------------------------------------ */
/* layout.c: the layout table and positions                            */

/* The layout table row of name, or NULL. */
const struct layout *pn_map_layout_find(const char *name);
/* The general-purpose engine (neato), for maps that cannot use the chosen layout (the
 * community map has no geography; --compare: igraph positions are of one version). */
const struct layout *pn_map_layout_general(void);
/* The layout of the map (after pn_map_layout_check): o->layout or the view's default; igraph layouts without positions fall back to their Graphviz engine
 * (with a warning); layouts with a node limit refuse larger maps (PN_EUSAGE). */
enum pn_status pn_map_layout_choose(struct ctx *c, const struct layout **out);
/* PN_OK if name is NULL or a layout of the table, else PN_EUSAGE with "did you mean". */
enum pn_status pn_map_layout_check(const char *name, struct pn_diag *d);
/* Positions of every node of r, fitted into the frame's map area and kept apart
 * (clusters: box by box); small multiples (--years) are left to the panels to fit.
 * PN_EIO: Graphviz failed. */
enum pn_status pn_map_layout_place(struct ctx *c, struct rmap *r, const struct layout *lay,
                                   const struct frame *f);

/* ------------------------------------------------------------------ */
/* labels.c: label placement after layout                              */

/* The bounding box of r's node positions: minx, miny, maxx, maxy (layout.c). */
void pn_map_bbox(const struct rmap *r, double b[4]);

/* The smallest and largest label font size of a map (points), from --font-size and the
 * canvas. */
void pn_map_label_sizes(const struct ctx *c, double *fs_min, double *fs_max);
/* Place the labels of r by importance (prio, highest first): the text (short name
 * first), its font size, its box and whether it needs a leader line, clear of every
 * node, every other label and the legend, inside area, preferring places no edge
 * crosses. --labels top:N and all place every label asked for (moving it away from its
 * node if need be), auto as many as fit. Returns how many labels asked for found no
 * room. */
size_t pn_map_place_labels(struct ctx *c, struct rmap *r, struct rect legend,
                           struct rect area);

/* ------------------------------------------------------------------ */
/* positions.c: maps placed from a positions file (issue 10)           */

/* Place r from o->saved into the frame's map area: known nodes where the file puts them,
 * the others near their placed partners, refined with the known ones held. False (and r
 * untouched) when no node of r is in the file, or fewer than half of a big map's
 * (PN_MAP_BIG_ABOVE): lay out afresh. */
bool pn_map_positions_place(const struct ctx *c, struct rmap *r, const struct frame *f);
/* Every map but small multiples is drawn on the grid of the positions file (0..1 of the
 * map area, 6 decimals): a run placed from a saved file draws the same bytes as the run
 * that saved it, and render the same as report. */
void pn_map_positions_snap(const struct ctx *c, struct rmap *r, const struct frame *f);
/* The placed positions of r into o->save_positions (0..1 of the map area, 6 decimals;
 * small multiples: of the layout's box), sorted by id. */
void pn_map_positions_record(const struct ctx *c, const struct rmap *r, const struct frame *f);

/* whatif_map.c: the removed nodes, the partners cut off and the lost lines of
 * o->whatif marked on the full map, with their legend (issue 10). */
void pn_map_mark_whatif(struct ctx *c, struct rmap *r);

/* ------------------------------------------------------------------ */
/* draw.c: the Graphviz door                                           */

/* Graphviz messages go to c->d from here to pn_map_draw_end (error handler installed). */
void pn_map_draw_begin(struct ctx *c);
/* Flush the last message and put back the previous handler and level. */
void pn_map_draw_end(void);
/* Lay out r with the Graphviz engine of lay (nodes as boxes with room for labels) and
 * read the positions back. The seed of the options resets Graphviz's generators and
 * is the `start` attribute. PN_EIO: the engine failed. */
enum pn_status pn_map_draw_layout(struct ctx *c, struct rmap *r, const struct layout *lay);
/* Draw the placed map r (nodes pinned, labels chosen) into path ("-": stdout) in the
 * format of fmt; dropped: labels already left out. PN_EIO on Graphviz or file errors. */
enum pn_status pn_map_draw(struct ctx *c, const struct rmap *r, const struct frame *f,
                           size_t dropped, const char *fmt, const char *path);

/* ------------------------------------------------------------------ */
/* html.c: the interactive map                                         */

/* Draw r as SVG (pn_map_draw, to a temp file) and write path ("-": stdout) as one
 * self-contained HTML page around it, with r's data as JSON. PN_EIO on Graphviz or file
 * errors; nothing is left at path on failure. */
enum pn_status pn_map_html_draw(struct ctx *c, const struct rmap *r, const struct frame *f,
                                size_t dropped, const char *path);
/* Write path as the HTML page around the SVG already drawn from r at svg_path (report:
 * map.html beside map.svg, one drawing). PN_EIO when svg_path cannot be read or path
 * written. */
enum pn_status pn_map_html_write(struct ctx *c, const struct rmap *r, const char *svg_path,
                                 const char *path);

/* ------------------------------------------------------------------ */
/* outline.c: groups drawn as outlines that may overlap (alliance view) */

/* One outlined group: its hub (the group's own node) and its members (map nodes); the
 * outline (x, y pairs) and its label box once placed. */
#define PN_MAP_GROUP_FS 16.0 /* a group's name on its outline, px (the smallest label's) */
struct rgroup {
    char *gid, *label, *tip; /* tip: the SVG group's <title> (name, members) */
    size_t hub;
    size_t *members;
    size_t n_members;
    char color[10];
    double *poly;
    size_t n_poly;
    struct rect pbox; /* the outline's bounding box */
    struct rect lbox; /* its name, on the border (a label node over the lines: draw.c) */
};

/* Alliance map: every group with at least two institution members in the map becomes an
 * outline around them and its own node; their membership lines become invisible (the
 * outline says it) and pull in the engine layout. */
void pn_map_build_groups(struct ctx *c, struct rmap *r);
/* Move members toward the centre of their groups (one step; the hub to its members). */
void pn_map_groups_pull(struct rmap *r);
/* Push nodes out of the outlines of groups they are not in, inside the map area of f
 * (move false: only count); returns how many were inside one (node and outline pairs). */
size_t pn_map_groups_push(struct rmap *r, const struct frame *f, bool move);
/* The final outlines, their labels and xdot operations (r->background); the count of
 * non-members left inside goes to the subtitle and a warning. */
void pn_map_groups_finish(struct ctx *c, struct rmap *r);
/* Graphviz's SVG of r with each outline and its label wrapped in a group of its own,
 * <g id="group-ID" class="outline"> with the group's name as its <title> (Graphviz
 * draws _background without groups): a new text, *out_len bytes; NULL when r has no
 * outlines or the SVG is not the drawing expected (then it is written as it is). */
char *pn_map_groups_svg(const struct rmap *r, const char *svg, size_t len, size_t *out_len);
/* Release the groups (pn_map_free calls it). */
void pn_map_groups_free(struct rmap *r);
/* Append a closed xdot polygon (fill and pen colours #rrggbbaa; fill NULL: outline only). */
void pn_map_xdot_polygon(struct pn_strbuf *sb, const double *xy, size_t n, const char *fill,
                         const char *pen, double width);

/* ------------------------------------------------------------------ */
/* bubble.c: a group's region, discs joined along a spanning tree          */

struct bubble {
    double *d;   /* discs: x, y, radius */
    size_t nd;
    double *s;   /* capsules along the minimum spanning tree: x0, y0, x1, y1 */
    size_t ns;
    double sr;   /* capsule radius */
    double *o;   /* obstacles (non-members): x, y, radius of the disc kept out */
    size_t no;
};

/* The bubble of n discs (xyr: x, y, radius each) joined by capsules of that radius. */
void pn_map_bubble_build(struct bubble *b, const double *xyr, size_t n, double capsule);
void pn_map_bubble_free(struct bubble *b);
/* Keep the n obstacles (xye: x, y, radius each) out: the capsules are routed around them
 * (gap points clear of their discs) and the field cut by their discs, each shrunk to stay
 * gap away from every capsule's axis and disc centre (so the region stays in one piece);
 * one left with a radius under emin is not kept out. */
void pn_map_bubble_avoid(struct bubble *b, const double *xye, size_t n, double gap,
                         double emin);
/* How far (x, y) is inside (negative: outside) and the direction away from the nearest
 * disc or capsule (obstacles not counted). */
double pn_map_bubble_at(const struct bubble *b, double x, double y, double *nx, double *ny);
/* The outline (largest loop of the zero contour on a grid of that cell size): a new
 * array of x, y pairs, *n_out points; NULL when empty. */
double *pn_map_bubble_trace(const struct bubble *b, double cell, size_t *n_out);

/* ------------------------------------------------------------------ */
/* geo.c: the geographic map (projection, basemap, inset, leader lines) */

/* Project every located node (an equal-area projection fitted to the data: Lambert
 * azimuthal for a region, Equal Earth for the world), fit it into f's map area, zoom
 * the densest area into an inset, place unlocated nodes; keeps each true place in
 * r->geo. */
void pn_map_geo_place(struct ctx *c, struct rmap *r, const struct frame *f);
/* Nodes kept apart (gap between), each as near its true place as the ones placed
 * before leave room: the located first, largest first (those stay on their place), each
 * next at the nearest free spot inside its part (the inset, the main map), at most
 * SPREAD_REACH of the part's side away; partners in one city gather round it. No-op
 * above PN_MAP_BIG_ABOVE nodes (every node on its place). */
void pn_map_geo_spread(struct rmap *r, double gap);
/* After the spread: leader lines from nodes moved off their true place, the basemap
 * under it all (r->background). */
void pn_map_geo_finish(struct ctx *c, struct rmap *r, const struct frame *f);
/* The dot at node i's true place, if it is drawn away from it (a leader line to the
 * dot): true and its place in *x, *y (labels.c keeps labels off it). */
bool pn_map_geo_dot(const struct rmap *r, size_t i, double *x, double *y);
/* The areas the insets zoom, as marked on the map (the second's on the world map, the
 * first's there or in the second inset): labels.c keeps labels off them, so that no label
 * reads as one of the inset's (issue 9: Rabat's was placed in Europe's mark). Their number
 * (0 to 2) and the rectangles in out; none on small multiples. */
size_t pn_map_geo_marks(const struct rmap *r, struct rect out[2]);
/* Where the label of node i may go on the geographic map: in the inset for a node drawn
 * there, else in area but clear of the inset's box (labels.c); on its small multiples,
 * in the node's panel and on its side of the panel's inset. */
struct rect pn_map_geo_label_area(const struct rmap *r, size_t i, struct rect area);
/* Small multiples of the geographic map (--years; compose.c, after the panel's nodes):
 * panel's copies of full's nodes (map[i]: the copy of full node i, or PN_NONE) placed by
 * one uniform scale of the single map's drawing (main map and inset) into the panel's
 * box, and its basemap and inset appended to out->background; out->geo then holds only
 * the label area of each panel node. No-op without full->geo. */
void pn_map_geo_panel(struct ctx *c, const struct rmap *full, struct rmap *out,
                      const size_t *map, long panel);
/* SVG (draw.c, after rendering): the geographic map's true places written for a reader
 * to check, seen nowhere: data-projection="laea LON0 LAT0" or "equal-earth LON0 0" on the
 * graph's group, and on each located entity's node group data-lonlat="LON,LAT" (degrees,
 * as in the data) and data-place="X,Y" (where that projects, in the SVG's coordinates,
 * as the node's cx, cy). A new string (*out_len bytes), or NULL when r is not a single
 * geographic map. */
char *pn_map_geo_svg(const struct ctx *c, const struct rmap *r, const char *svg, size_t len,
                     size_t *out_len);
/* Release r->geo (pn_map_free calls it). */
void pn_map_geo_free(struct rmap *r);
/* The basemap text compiled in from data/basemap/world.txt (CMakeLists.txt). */
extern const unsigned char pn_basemap_text[];
extern const size_t pn_basemap_size;

#endif
