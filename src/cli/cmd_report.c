/*
 * report: the main job. Analyses once, then writes into one directory the four maps
 * (map, ego, communities, alliances), metrics.csv, summary.json and report.md, the
 * removal damage of every node included when the network is small enough.
 */
#include <stdlib.h>
#include <string.h>

#include "base/outdir.h"
#include "base/outfile.h"
#include "cli/cli_int.h"

/* report: removal damage of every node up to this size (one analysis per node) */
#define PN_REPORT_REMOVALS_MAX 400

/* The maps of a report: the full map first, then the other views (issue 5). */
static const struct pn_report_map report_maps[] = {
    {"map.svg", "The whole network", PN_VIEW_FULL},
    {"ego.svg", "Ego map of the focus institution and its direct partners", PN_VIEW_EGO},
    {"communities.svg", "Community map: one node per community", PN_VIEW_COMMUNITY},
    {"alliances.svg", "Alliance map: each alliance and network with its members", PN_VIEW_ALLIANCE},
};
#define N_REPORT_MAPS (sizeof report_maps / sizeof report_maps[0])

/* The network's name for output/<name>/: the last path component, without a
 * YAML extension ("networks/lorraine/" -> "lorraine"). */
static char *network_name(const char *path)
{
    if (strcmp(path, "-") == 0)
        return pn_xstrdup("stdin");
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && path[start - 1] != '/')
        start--;
    char *name = pn_xstrndup(path + start, len - start);
    char *dot = strrchr(name, '.');
    if (dot != NULL && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0))
        *dot = '\0';
    if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        free(name);
        name = pn_xstrdup("network");
    }
    return name;
}

/* Render one of the report's other views of the analysed network. Without --focus the
 * ego map is the one of pn_cli_render_default_ego, radius 1. */
static int render_extra_map(const struct options *o, const struct run *r,
                            enum pn_map_view view, const char *path, struct pn_diag *d)
{
    struct pn_render_options ro = o->render;
    ro.view = view;
    /* per-view layouts: positions, panels and change marks belong to the full map */
    ro.positions = NULL;
    ro.years = NULL;
    ro.n_years = 0;
    ro.change_from = 0;
    ro.change_to = 0;
    ro.title = NULL;
    ro.subtitle = NULL;
    const struct pn_view *v = pn_graph_view(r->g);
    if (view != PN_VIEW_EGO || o->graph.focus != NULL || v->n_nodes == 0)
        return pn_render_map(&r->m, v, &r->mx, &ro, path, d);

    return pn_cli_render_default_ego(o, r, &ro, 1, path, d);
}

/* The four maps into dir. */
static int write_maps(struct options *o, struct run *r, const char *dir)
{
    pn_cli_progress(o, "laying out and rendering the maps");
    int st = PN_OK;
    for (size_t i = 0; i < N_REPORT_MAPS && st == PN_OK; i++) {
        char *path = pn_xasprintf("%s/%s", dir, report_maps[i].file);
        if (i == 0)
            st = pn_render_map(&r->m, pn_graph_view(r->g), &r->mx, &o->render, path, &r->d);
        else
            st = render_extra_map(o, r, report_maps[i].view, path, &r->d);
        free(path);
    }
    return st;
}

/* r->out into dir/file. */
static int write_file(struct run *r, const char *dir, const char *file)
{
    char *path = pn_xasprintf("%s/%s", dir, file);
    int st = pn_cli_write_text(path, &r->out, &r->d);
    free(path);
    return st;
}

/* Single points of failure, quantified: one removal per node, affordable on networks a
 * report is read for (scenario room: 0.1 s at 99 nodes, 2 s at 320). *rm (the caller
 * frees it) stays NULL above PN_REPORT_REMOVALS_MAX nodes. */
static int removals(const struct options *o, struct run *r, struct pn_report_removal **rm,
                    size_t *n_rm)
{
    if (pn_graph_view(r->g)->n_nodes > PN_REPORT_REMOVALS_MAX)
        return PN_OK;
    struct pn_damage *dm = NULL;
    struct pn_net_figures before;
    pn_cli_progress(o, "removing each node in turn");
    /* with --focus: in its ego network, reach measured from it (it is not removed) */
    int st = pn_scenario_rank_removals(&r->m, &o->graph, o->graph.focus, &dm, n_rm, &before,
                                       &r->d);
    if (st != PN_OK)
        return st;
    *rm = pn_xcalloc(*n_rm ? *n_rm : 1, sizeof **rm);
    for (size_t i = 0; i < *n_rm; i++) {
        (*rm)[i].entity = dm[i].entity;
        (*rm)[i].disconnected = dm[i].disconnected;
        (*rm)[i].pairs_lost = dm[i].pairs_lost;
        (*rm)[i].efficiency_drop = dm[i].efficiency_drop;
    }
    free(dm);
    return PN_OK;
}

/* metrics.csv, summary.json and report.md into dir. */
static int write_tables(struct options *o, struct run *r, const char *dir, const char *name)
{
    const struct pn_view *v = pn_graph_view(r->g);
    struct pn_report_options ro = o->report;
    ro.format = PN_FMT_CSV;
    ro.sort = -1;
    ro.top = 0;
    ro.network_name = name;
    pn_report_metrics(&r->out, &r->m, v, &r->mx, &ro);
    int st = write_file(r, dir, "metrics.csv");
    if (st != PN_OK)
        return st;
    pn_strbuf_reset(&r->out);
    pn_report_summary_json(&r->out, &r->m, v, &r->mx);
    if ((st = write_file(r, dir, "summary.json")) != PN_OK)
        return st;
    struct pn_report_removal *rm = NULL;
    size_t n_rm = 0;
    if ((st = removals(o, r, &rm, &n_rm)) != PN_OK)
        return st;
    /* with --focus, map.svg shows the ego network, not the whole one */
    struct pn_report_map maps[N_REPORT_MAPS];
    memcpy(maps, report_maps, sizeof maps);
    char *caption = NULL;
    if (o->graph.focus != NULL)
        maps[0].caption = caption = pn_xasprintf("The ego network of %s (radius %d)",
                                                 o->graph.focus, o->graph.radius);
    pn_strbuf_reset(&r->out);
    pn_report_markdown_maps(&r->out, &r->m, v, &r->mx, maps, N_REPORT_MAPS, rm, n_rm);
    free(caption);
    free(rm);
    return write_file(r, dir, "report.md");
}

int pn_cli_report(struct options *o)
{
    struct run r;
    char *name = network_name(o->paths[0]);
    char *dir = o->output ? pn_xstrdup(o->output) : pn_xasprintf("output/%s", name);
    pn_cli_run_begin(&r);
    o->render.format = "svg";
    int st = pn_cli_run_analyse(o, &r);
    if (st == PN_OK)
        st = pn_cli_run_layout(o, &r);
    /* the folder is one unit: written beside it, then swapped in (issue 13) */
    struct pn_outdir od = {0};
    if (st == PN_OK)
        st = pn_outdir_open(&od, dir, &r.d);
    if (st == PN_OK)
        st = write_maps(o, &r, od.tmp);
    if (st == PN_OK)
        st = write_tables(o, &r, od.tmp, name);
    if (st == PN_OK)
        st = pn_outdir_commit(&od, &r.d);
    pn_outdir_abort(&od);
    if (st == PN_OK && !o->quiet)
        printf("partnet: wrote %s/{map.svg,ego.svg,communities.svg,alliances.svg,metrics.csv,"
               "summary.json,report.md}\n",
               dir);
    free(dir);
    free(name);
    return pn_cli_run_end(&r, st);
}
