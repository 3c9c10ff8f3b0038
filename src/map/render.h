/*
 * render: the public door of the map room. model + view + metrics -> a map
 * description (describe.c) -> positions (layout.c, which holds pn_render_layouts) ->
 * a cgraph graph rendered by gvc to SVG (or PNG/PDF through cairo) and the DOT export
 * (draw.c, the only file that includes <gvc.h>/<cgraph.h>); entry points in compose.c.
 * Never assembles DOT text.
 * Ownership: borrows everything it is given; writes only the output file
 * (through a temp file renamed into place).
 */
#ifndef PN_RENDER_H
#define PN_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "net/analysis.h"
#include "base/diag.h"
#include "base/vocab.h"
#include "net/graph.h"
#include "model/model.h"

struct pn_positions;

/* What a removal does, for the what-if map (map/whatif_map.c): model entity indices. */
struct pn_whatif_marks {
    const size_t *removed;
    size_t n_removed;
    const size_t *cut_off; /* partners that lose their reach (whatif's "lost") */
    size_t n_cut_off;
};

/* The map vocabularies (base/vocab.h): enum constant, name as the options spell it. */
#define PN_COLOR_BYS(X)                                                                        \
    X(COMMUNITY, "community") X(KIND, "kind") X(TYPE, "type") X(COUNTRY, "country")            \
    X(THEME, "theme")
/* Views: enum constant, --view name, the words the subtitle names it by (NULL: none), and
 * the label fill of --labels auto (map/labels.c): after the labels no line crosses, the
 * next by rank are placed where lines cross them (on their halo) until this share of the
 * candidates is named (0: none), on maps of at most that many nodes (on larger ones lines
 * cover the map). A geographic map is a map of places: issue 9 wants 80% of the default
 * network's nodes named on it. */
#define PN_MAP_VIEWS(X)                                                                        \
    X(FULL, "full", NULL, 0.0, 0)                                                              \
    X(EGO, "ego", "ego map", 1.0, 100)                                                         \
    X(COMMUNITY, "community", "community map", 0.0, 0)                                         \
    X(ALLIANCE, "alliance", "alliance map", 0.0, 0)                                            \
    X(GEO, "geo", "geographic map", 0.85, 300)
#define PN_STYLES(X) X(LIGHT, "light") X(DARK, "dark") X(PRINT, "print")
/* Output formats of maps: enum constant, name (--format, and the -o extension). html: the
 * interactive map (map/html.c), the SVG in one self-contained page. */
#define PN_MAP_FORMATS(X) X(SVG, "svg") X(PNG, "png") X(PDF, "pdf") X(HTML, "html")

#define PN_COLOR_ENUM(id, ...) PN_COLOR_##id,
#define PN_VIEW_ENUM(id, ...) PN_VIEW_##id,
#define PN_STYLE_ENUM(id, ...) PN_STYLE_##id,
#define PN_MAPFMT_ENUM(id, ...) PN_MAPFMT_##id,
enum pn_color_by { PN_COLOR_BYS(PN_COLOR_ENUM) };
enum pn_map_view { PN_MAP_VIEWS(PN_VIEW_ENUM) };
enum pn_style { PN_STYLES(PN_STYLE_ENUM) };
enum pn_map_format { PN_MAP_FORMATS(PN_MAPFMT_ENUM) };
#undef PN_COLOR_ENUM
#undef PN_VIEW_ENUM
#undef PN_STYLE_ENUM
#undef PN_MAPFMT_ENUM
enum {
    PN_COLOR_N = 0 PN_COLOR_BYS(PN_VOCAB_COUNT),
    PN_VIEW_N = 0 PN_MAP_VIEWS(PN_VOCAB_COUNT),
    PN_STYLE_N = 0 PN_STYLES(PN_VOCAB_COUNT),
    PN_MAPFMT_N = 0 PN_MAP_FORMATS(PN_VOCAB_COUNT)
};
/* The names, indexed by their enum, NULL-terminated. */
extern const char *const pn_color_by_names[PN_COLOR_N + 1];
extern const char *const pn_map_view_names[PN_VIEW_N + 1];
extern const char *const pn_style_names[PN_STYLE_N + 1];
extern const char *const pn_map_format_names[PN_MAPFMT_N + 1];

struct pn_render_options {
    const char *layout;  /* neato fdp sfdp circo twopi dot, or fr kk drl geo; NULL: default */
    enum pn_color_by color_by;
    int size_by;         /* enum pn_metric, or -1 for one size */
    long labels_top;     /* PN_LABELS_AUTO (as many as fit, by importance), PN_LABELS_ALL,
                            0 none, N: the N most important */
    int labels_by;       /* enum pn_metric ranking the labels; -1: the size metric */
    double font_size;    /* smallest label size in px on a 1920x1080 canvas; 0: 16 */
    bool edge_labels;    /* --edge-labels: tie labels drawn along their lines */
    const char *title;   /* NULL: model title */
    const char *subtitle;/* NULL: generated (date, metric, source) */
    const char *format;  /* "svg", "png", "pdf", "html"; NULL: from the file extension, else svg */
    unsigned long seed;
    enum pn_map_view view;
    enum pn_style style;
    const char *font;    /* NULL: default font stack */
    double width, height;/* canvas in px; 0: 1920x1080 */
    /* issue 5 additions (cli: see docs/maps.md for the option names) */
    const int *years;    /* --years Y1,Y2,...: small multiples, one panel per year; NULL: off */
    size_t n_years;
    int change_from;     /* --since-year A: change map from year A (0: off); build the view
                            without --at so that ended ties are still in it */
    int change_to;       /* --at B with --since-year: the later year (0: "now", open-ended) */
    bool links;          /* --links: nodes link to their `url` (off: no external references) */
    int radius;          /* ego view radius as given to graph (legend/subtitle only); 0 unknown */
    const double *positions; /* x, y per view node (2i, 2i+1) from pn_layout_igraph (layout.h),
                                for --layout fr|kk|drl; NULL: render lays out itself (for those
                                three: with the closest Graphviz engine, and a warning) */
    const char *compare_old; /* --compare OLD: path of the older version (cli loads it and
                                calls pn_render_compare); NULL: off */
    const char *html_path;   /* with an SVG map to a file: also the interactive map of the
                                same drawing (map/html.c) to this path; NULL: off (issue 11) */
    const struct pn_whatif_marks *whatif; /* whatif -o map.svg: marks, or NULL (issue 10) */
    /* issue 10: positions as data (map/positions.h) */
    const struct pn_positions *saved;     /* --positions: known nodes keep their place */
    struct pn_positions *save_positions;  /* --save-positions: filled with the map's */
    /* issue 9: the backbone of a large full map (map/backbone.c): the K nodes first by the
     * size metric (degree without one) and the lines among them. PN_BACKBONE_AUTO: K =
     * PN_BACKBONE_K when the view has more than PN_BACKBONE_ABOVE nodes; N > 0: the N first
     * whenever the view has more; 0: every node (--backbone all). Full and alliance views,
     * not with --years, --since-year, --compare or what-if marks. */
    long backbone;
    /* issue 9, one numbering everywhere: a map of part of a network analysed whole (the
     * default ego map, report's ego.svg) names and counts its communities over the whole
     * network's view and metrics (the view's own community numbers must be the whole
     * network's: cli copies them); NULL: the map's own view and metrics */
    const struct pn_view *whole_view;
    const struct pn_metrics *whole_metrics;
    /* issue 9, PNG and PDF as the SVG is seen: a map asked as png or pdf is drawn as its
     * SVG (every post-processing step included) and this turns that SVG into fmt on fp,
     * at the SVG's canvas size (out/raster.c, set by cli: the door to librsvg is out's);
     * NULL: Graphviz's own cairo renderer (its hinted text is up to 4% narrower than the
     * SVG in a slide program or a browser) */
    enum pn_status (*rasterize)(const char *svg, size_t len, const char *fmt, FILE *fp,
                                struct pn_diag *d);
};

#define PN_BACKBONE_AUTO (-1L)
#define PN_BACKBONE_K 150
#define PN_BACKBONE_ABOVE 400
/* The community map draws at most this many communities, the largest (issue 12: a
 * 100,000-institution network has about 6,700, mostly islands of one or two, and sfdp's
 * packing of them took minutes); the subtitle says how many were left out. */
#define PN_MAP_COMMUNITIES_MAX 150
/* Above this many communities drawn, each keeps only its PN_MAP_COMMUNITY_LINKS strongest
 * lines to the others (the subtitle says how many were drawn). */
#define PN_MAP_COMMUNITY_LINKS_ABOVE 30
#define PN_MAP_COMMUNITY_LINKS 3
#define PN_BACKBONE_GROUPS 12 /* alliance view: groups added to the backbone (backbone.c) */

/* issue 12: the big-map path. A map that draws more than PN_MAP_BIG_ABOVE nodes without
 * --layout is placed from igraph's positions (PN_MAP_BIG_LAYOUT: Fruchterman-Reingold on a
 * grid, net/layout_igraph.c) handed to Graphviz pinned, lines straight, no overlap removal
 * (sfdp took 577 s at 100,000 nodes; docs/maps.md). pn_render_drawn_nodes: how many nodes
 * the map of v with o draws (the backbone, with the alliance view's groups drawn beside it;
 * the communities of the community map; else every node); pn_render_big_layout: the igraph layout to compute and pass as o->positions before
 * pn_render_map (with o->layout still NULL), or NULL when the map is not big (or not a
 * full or alliance map). */
#define PN_MAP_BIG_ABOVE 5000
#define PN_MAP_BIG_LAYOUT "fr"
size_t pn_render_drawn_nodes(const struct pn_model *m, const struct pn_view *v,
                             const struct pn_metrics *mx, const struct pn_render_options *o);
const char *pn_render_big_layout(const struct pn_model *m, const struct pn_view *v,
                                 const struct pn_metrics *mx,
                                 const struct pn_render_options *o);

#define PN_LABELS_ALL (-1L)
#define PN_LABELS_AUTO (-2L)

void pn_render_options_default(struct pn_render_options *o);

/* The names the maps give the communities (issue 9, map/describe.c): names[k] for
 * community k of mx, NULL where no node of v has it; *n of them (NULL and 0 without
 * communities). report.md gives a community's map name where it is not its leader's. */
char **pn_render_community_names(const struct pn_model *m, const struct pn_view *v,
                                 const struct pn_metrics *mx, size_t *n);
void pn_render_community_names_free(char **names, size_t n);

/* The map format: o->format, else from the path's extension (any case; "dir/.html" has
 * none), else "svg" for "-" and names without an extension; NULL for an extension that
 * names no map format. The one place that tells (cli asks it too: the interactive map
 * computes every metric). */
const char *pn_map_format_of(const struct pn_render_options *o, const char *path);

/* Layout engines accepted by --layout, NULL-terminated. */
extern const char *const pn_render_layouts[];

/* Render a map to path ("-" = stdout). mx may be NULL (no metrics: uniform
 * sizes, colour by kind). Errors: unknown layout (PN_EUSAGE), Graphviz
 * failure or unwritable path (PN_EIO). No file is left on failure. */
enum pn_status pn_render_map(const struct pn_model *m, const struct pn_view *v,
                             const struct pn_metrics *mx, const struct pn_render_options *o,
                             const char *path, struct pn_diag *d);

/* dot and circo refuse larger maps (usage error): they do not scale. */
#define PN_RENDER_MAX_SMALL_LAYOUT 500

#define PN_RENDER_MAX_YEARS 12

/* Parse "2010,2015,2020" (--years) into years[PN_RENDER_MAX_YEARS]: increasing
 * years 1000..9999, at most PN_RENDER_MAX_YEARS. Returns false on anything else. */
bool pn_render_parse_years(const char *s, int *years, size_t *n);

/* Change map between two versions of the data (--compare OLD NEW): the union
 * of both views, entities matched by id and edges by kind, ends and tie type.
 * New edges and partners in the "new" colour, ended ones dashed, ranks by links
 * that rose or fell marked. old_m/old_v: the older version; m/v/mx: the newer
 * (mx may be NULL). Views full or geo only (else PN_EUSAGE). Other errors as
 * pn_render_map. */
enum pn_status pn_render_compare(const struct pn_model *old_m, const struct pn_view *old_v,
                                 const struct pn_model *m, const struct pn_view *v,
                                 const struct pn_metrics *mx, const struct pn_render_options *o,
                                 const char *path, struct pn_diag *d);

/* Release Graphviz's context (kept for the whole process: Graphviz 2.42/2.43
 * reads freed memory when a second context lays out HTML-like labels). Optional,
 * at exit only; a render after it makes a new context. */
void pn_render_cleanup(void);

/* Write the view as a DOT file built with cgraph (agwrite), all attributes kept. */
enum pn_status pn_render_export_dot(const struct pn_model *m, const struct pn_view *v,
                                    const struct pn_metrics *mx, const char *path,
                                    struct pn_diag *d);

#endif
