/*
 * test_render_matrix: one network loaded and analysed once, then drawn with
 * every layout and every view, so that a large network costs one analysis.
 * Usage: test_render_matrix NETWORK OUTDIR FOCUS-ID ("-": the highest PageRank)
 * Writes OUTDIR/<case>.svg and OUTDIR/manifest.txt (one line per map: file name,
 * then the check_svg.py arguments, tab-separated); tests/render/matrix.cmake
 * runs xmllint and check_svg.py on each. Checked here: every render succeeds,
 * reruns are byte-identical, dot and circo refuse maps above
 * PN_RENDER_MAX_SMALL_LAYOUT nodes with a usage error and no file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "net/analysis.h"
#include "net/graph.h"
#include "net/layout_igraph.h"
#include "model/loader.h"
#include "model/model.h"
#include "map/render.h"
#include "base/strbuf.h"

static int failures;
static FILE *manifest;
static const char *outdir;

static void fail(const char *what, const struct pn_diag *d)
{
    fprintf(stderr, "test_render_matrix: FAIL: %s\n", what);
    if (d)
        pn_diag_print(d, stderr);
    failures++;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        pn_strbuf_appendn(&sb, buf, n);
    fclose(fp);
    *len = sb.len;
    return pn_strbuf_detach(&sb);
}

/* Render one case; on success list it in the manifest with its checks. */
static void render_case(const char *name, const struct pn_model *m, const struct pn_view *v,
                        const struct pn_metrics *mx, const struct pn_render_options *o,
                        const char *checks, bool twice)
{
    struct pn_diag d;
    pn_diag_init(&d);
    char *path = pn_xasprintf("%s/%s.svg", outdir, name);
    if (pn_render_map(m, v, mx, o, path, &d) != PN_OK) {
        fail(name, &d);
    } else {
        fprintf(manifest, "%s.svg%s%s\n", name, *checks ? "\t" : "", checks);
        if (twice) {
            char *path2 = pn_xasprintf("%s/%s-2.svg", outdir, name);
            size_t l1 = 0, l2 = 0;
            if (pn_render_map(m, v, mx, o, path2, &d) != PN_OK) {
                fail(name, &d);
            } else {
                char *a = slurp(path, &l1), *b = slurp(path2, &l2);
                if (a == NULL || b == NULL || l1 != l2 || memcmp(a, b, l1) != 0)
                    fail("rerun differs", NULL);
                free(a);
                free(b);
            }
            free(path2);
        }
    }
    printf("%s: done\n", name);
    fflush(stdout);
    free(path);
    pn_diag_destroy(&d);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: test_render_matrix NETWORK OUTDIR FOCUS-ID\n");
        return 2;
    }
    outdir = argv[2];
    pn_graph_lib_init();
    struct pn_model m;
    struct pn_diag d;
    struct pn_graph *g = NULL, *eg = NULL;
    struct pn_metrics mx, emx;
    pn_model_init(&m);
    pn_diag_init(&d);
    memset(&mx, 0, sizeof mx);
    memset(&emx, 0, sizeof emx);
    const char *paths[1] = {argv[1]};
    struct pn_graph_options go;
    memset(&go, 0, sizeof go);
    struct pn_analysis_options ao;
    pn_analysis_options_default(&ao);
    ao.betweenness_cutoff = 3; /* the map needs PageRank and communities, not exact betweenness */
    if (pn_loader_load(&m, paths, 1, &d) != PN_OK || pn_graph_build(&m, &go, &g, &d) != PN_OK ||
        pn_analysis_run(g, &ao, &mx, &d) != PN_OK) {
        pn_diag_print(&d, stderr);
        return 1;
    }
    go.focus = argv[3];
    if (strcmp(go.focus, "-") == 0) {
        const struct pn_view *fv = pn_graph_view(g);
        size_t best = 0;
        for (size_t i = 1; i < fv->n_nodes; i++)
            if (mx.v[PN_M_PAGERANK][i] > mx.v[PN_M_PAGERANK][best])
                best = i;
        go.focus = m.entities[fv->node_entity[best]].id;
    }
    go.radius = 1;
    if (pn_graph_build(&m, &go, &eg, &d) != PN_OK || pn_analysis_run(eg, &ao, &emx, &d) != PN_OK) {
        pn_diag_print(&d, stderr);
        return 1;
    }
    mkdir(outdir, 0777);
    char *mpath = pn_xasprintf("%s/manifest.txt", outdir);
    manifest = fopen(mpath, "w");
    if (manifest == NULL) {
        perror(mpath);
        return 1;
    }
    const struct pn_view *v = pn_graph_view(g);
    char *nodes = pn_xasprintf("--nodes\t%zu\t--no-overlap", v->n_nodes);
    char *enodes = pn_xasprintf("--nodes\t%zu\t--no-overlap", pn_graph_view(eg)->n_nodes);
    /* the full view's default above PN_BACKBONE_ABOVE nodes: its backbone (issue 9) */
    char *bnodes = pn_xasprintf("--nodes\t%zu\t--no-overlap",
                                v->n_nodes > PN_BACKBONE_ABOVE ? (size_t)PN_BACKBONE_K
                                                               : v->n_nodes);
    struct pn_render_options o;

    /* every layout */
    static const char *const layouts[] = {"neato", "fdp", "sfdp", "circo", "twopi", "dot",
                                          "geo",   "fr",  "kk",   "drl"};
    for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
        pn_render_options_default(&o);
        o.layout = layouts[i];
        o.backbone = 0; /* every engine on the whole network */
        char *name = pn_xasprintf("layout-%s", layouts[i]);
        bool small_only = strcmp(layouts[i], "dot") == 0 || strcmp(layouts[i], "circo") == 0;
        if (small_only && v->n_nodes > PN_RENDER_MAX_SMALL_LAYOUT) {
            /* refused: usage error, no file */
            char *path = pn_xasprintf("%s/%s.svg", outdir, name);
            struct stat st;
            if (pn_render_map(&m, v, &mx, &o, path, &d) != PN_EUSAGE || stat(path, &st) == 0)
                fail("dot/circo on a large map must be refused", NULL);
            printf("%s: refused above %d nodes, as expected\n", name, PN_RENDER_MAX_SMALL_LAYOUT);
            free(path);
            free(name);
            continue;
        }
        if (strcmp(layouts[i], "neato") == 0 && v->n_nodes > 600) {
            /* neato's stress majorisation is quadratic; sfdp is the default here */
            printf("%s: skipped above 600 nodes (minutes in a sanitizer build)\n", name);
            free(name);
            continue;
        }
        double *xy = NULL;
        if (pn_layout_is_igraph(layouts[i])) {
            if (pn_layout_igraph(g, layouts[i], o.seed, &xy, &d) != PN_OK)
                fail(name, &d);
            o.positions = xy;
        }
        render_case(name, &m, v, &mx, &o, nodes, i == 2 || i == 7);
        free(xy);
        free(name);
    }
    /* every view */
    pn_render_options_default(&o);
    o.view = PN_VIEW_EGO;
    o.radius = 1;
    render_case("view-ego", &m, pn_graph_view(eg), &emx, &o, enodes, false);
    pn_render_options_default(&o);
    o.view = PN_VIEW_COMMUNITY;
    render_case("view-community", &m, v, &mx, &o, "--no-overlap", true);
    pn_render_options_default(&o);
    o.view = PN_VIEW_ALLIANCE;
    /* a large network's alliance map is a backbone plus its groups (backbone.c), which
     * pn_render_drawn_nodes counts; every node's outlines: groups_syn2000 */
    char *anodes = pn_xasprintf("--nodes\t%zu\t--no-overlap", pn_render_drawn_nodes(&m, v, &mx, &o));
    render_case("view-alliance", &m, v, &mx, &o, anodes, true);
    free(anodes);
    pn_render_options_default(&o);
    o.view = PN_VIEW_GEO;
    o.color_by = PN_COLOR_COUNTRY;
    render_case("view-geo", &m, v, &mx, &o, nodes, false);
    pn_render_options_default(&o);
    int years[4] = {2010, 2015, 2020, 2025};
    o.years = years;
    o.n_years = 4;
    render_case("view-years", &m, v, &mx, &o, "--panels\t4\t--no-overlap", false);
    pn_render_options_default(&o);
    o.change_from = 2015;
    render_case("view-change", &m, v, &mx, &o, nodes, false);
    pn_render_options_default(&o);
    o.style = PN_STYLE_DARK;
    o.labels_top = 30;
    render_case("style-dark", &m, v, &mx, &o, bnodes, false);
    pn_render_options_default(&o);
    o.style = PN_STYLE_PRINT;
    o.color_by = PN_COLOR_TYPE;
    render_case("style-print", &m, v, &mx, &o, bnodes, false);

    fclose(manifest);
    free(mpath);
    free(nodes);
    free(enodes);
    free(bnodes);
    pn_metrics_destroy(&emx);
    pn_metrics_destroy(&mx);
    pn_graph_free(eg);
    pn_graph_free(g);
    pn_model_destroy(&m);
    pn_diag_destroy(&d);
    pn_render_cleanup();
    if (failures)
        fprintf(stderr, "test_render_matrix: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
