/*
 * report: the main job. Analyses once, then writes into one directory the four maps
 * (map, ego, communities, alliances; the map also as the interactive map.html),
 * metrics.csv, summary.json and report.md, the
 * removal damage of every node included when the network is small enough.
 */
#include <stdlib.h>
#include <string.h>

#include "base/outdir.h"
#include "base/outfile.h"
#include "cli/cli_int.h"
#include "map/portfolio_chart.h"
#include "out/portfolio_out.h"

/* report: removal damage of every node up to this size (one analysis per node) */
#define PN_REPORT_REMOVALS_MAX 400

/* The interactive map, written with map.svg from the same drawing (issue 11). */
#define REPORT_HTML "map.html"

/* The maps of a report: the full map first, then the other views (issue 5). */
static const struct pn_report_map report_maps[] = {
    {"map.svg", "The whole network", PN_VIEW_FULL},
    {REPORT_HTML, "Interactive map (one file: search, filters, pan and zoom)", PN_VIEW_FULL},
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
 * ego map is the one of pn_cli_render_ego, radius 1 (with --focus the report is of the ego
 * network, and so is its ego map). The alliance map shows the
 * nodes of the full map (its backbone on a large network): it is placed on the full
 * map's positions, drawn (issue 12: one layout, then its groups pulled together). */
static int render_extra_map(const struct options *o, const struct run *r,
                            enum pn_map_view view, const struct pn_positions *drawn,
                            const char *path, struct pn_diag *d)
{
    struct pn_render_options ro = o->render;
    ro.view = view;
    /* the other views lay out for themselves: panels and change marks belong to the full
     * map */
    ro.positions = NULL;
    ro.saved = view == PN_VIEW_ALLIANCE && drawn->n > 0 ? drawn : NULL;
    ro.save_positions = NULL;
    ro.years = NULL;
    ro.n_years = 0;
    ro.change_from = 0;
    ro.change_to = 0;
    ro.title = NULL;
    ro.subtitle = NULL;
    const struct pn_view *v = pn_graph_view(r->g);
    if (view != PN_VIEW_EGO || o->graph.focus != NULL || v->n_nodes == 0)
        return pn_render_map(&r->m, v, &r->mx, &ro, path, d);

    return pn_cli_render_ego(o, r, &ro, NULL, 1, path, d);
}

/* The file name of map i in the report's map format (--format svg|png|pdf; issue 9):
 * "map.svg" becomes "map.png"; a new string. */
static char *map_file(const struct options *o, size_t i)
{
    const char *f = report_maps[i].file;
    if (strcmp(f, REPORT_HTML) == 0)
        return pn_xstrdup(f);
    return pn_xasprintf("%.*s.%s", (int)(strchr(f, '.') - f), f, o->render.format);
}

/* The maps into dir (the new folder, issue 13): map.svg (map.html from the same drawing),
 * then the other views. */
static int write_maps(struct options *o, struct run *r, const char *last, const char *dir)
{
    /* issue 10: map.svg is placed from the last report's positions.csv when it is there
     * (not with --relayout) and leaves its positions in the new one */
    char *old = pn_xasprintf("%s/positions.csv", last);
    char *pos = pn_xasprintf("%s/positions.csv", dir);
    struct cli_positions cp;
    int st = pn_cli_positions_begin(o, &cp, old, pos, &r->d);
    free(old);
    pn_cli_progress(o, "laying out and rendering the maps");
    char *html = pn_xasprintf("%s/%s", dir, REPORT_HTML);
    for (size_t i = 0; i < N_REPORT_MAPS && st == PN_OK; i++) {
        if (strcmp(report_maps[i].file, REPORT_HTML) == 0)
            continue; /* drawn with map.svg */
        char *file = map_file(o, i);
        char *path = pn_xasprintf("%s/%s", dir, file);
        free(file);
        if (i == 0) {
            /* map.html (issue 11) from map.svg's drawing: no second layout */
            struct pn_render_options ro = o->render;
            ro.html_path = html;
            st = pn_render_map(&r->m, pn_graph_view(r->g), &r->mx, &ro, path, &r->d);
        } else {
            st = render_extra_map(o, r, report_maps[i].view, &cp.out, path, &r->d);
        }
        free(path);
    }
    free(html);
    st = pn_cli_positions_end(o, &cp, st, &r->d);
    free(pos);
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
    struct pn_removal_options ro = {o->analysis.jobs, -1, o->analysis.seed, false}; /* exact */
    int st = pn_scenario_rank_removals(&r->m, &o->graph, o->graph.focus, &ro, &dm, n_rm, &before,
                                       NULL, &r->d);
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

/* The partner portfolio of the focus (--focus, else focus:; none: nothing, *md stays empty):
 * portfolio.csv and portfolio.svg into dir, its report.md section into md (issue 14). */
static int write_portfolio(const struct options *o, struct run *r, const char *dir,
                           struct pn_strbuf *md)
{
    if (o->graph.focus == NULL && r->m.focus == NULL)
        return PN_OK;
    struct pn_portfolio_options po;
    pn_portfolio_options_default(&po);
    po.focus = o->graph.focus;
    po.at_year = o->graph.at_year;
    po.analysis = o->analysis;
    /* the report's own graph is the whole network unless a filter or projection cut it */
    const struct pn_graph_options *go = &o->graph;
    if (go->at_year == PN_YEAR_UNSET && go->n_themes == 0 && go->focus == NULL &&
        go->projection == PN_PROJ_NONE && !go->directed) {
        po.graph = r->g;
        po.metrics = &r->mx;
    }
    struct pn_portfolio p;
    pn_cli_progress(o, "measuring the partner portfolio");
    int st = pn_portfolio_run(&r->m, &po, &p, &r->d);
    if (st != PN_OK)
        return st;
    struct pn_strbuf csv;
    pn_strbuf_init(&csv);
    pn_portfolio_write(&csv, &r->m, &p, PN_FMT_CSV);
    char *path = pn_xasprintf("%s/portfolio.csv", dir);
    st = pn_cli_write_text(path, &csv, &r->d);
    free(path);
    pn_strbuf_destroy(&csv);
    struct pn_render_options ro = o->render;
    ro.title = NULL;
    ro.subtitle = NULL;
    path = pn_xasprintf("%s/portfolio.svg", dir);
    if (st == PN_OK && p.n_rows > 0)
        st = pn_render_portfolio_chart(&r->m, &p, &ro, PN_CHART_BY_YEARS, path, &r->d);
    free(path);
    if (st == PN_OK)
        pn_portfolio_markdown(md, &r->m, &p, p.n_rows > 0 ? "portfolio.svg" : NULL);
    pn_portfolio_free(&p);
    return st;
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
    char *files[N_REPORT_MAPS];
    size_t n_maps = 0;
    for (size_t i = 0; i < N_REPORT_MAPS; i++) {
        /* map.html comes with map.svg only (it wraps that drawing) */
        if (strcmp(report_maps[i].file, REPORT_HTML) == 0 && strcmp(o->render.format, "svg") != 0)
            continue;
        maps[n_maps] = report_maps[i];
        maps[n_maps].file = files[n_maps] = map_file(o, i);
        n_maps++;
    }
    char *caption = NULL;
    if (o->graph.focus != NULL)
        maps[0].caption = caption = pn_xasprintf("The ego network of %s (radius %d)",
                                                 o->graph.focus, o->graph.radius);
    struct pn_strbuf portfolio;
    pn_strbuf_init(&portfolio);
    st = write_portfolio(o, r, dir, &portfolio);
    pn_strbuf_reset(&r->out);
    pn_report_markdown_maps(&r->out, &r->m, v, &r->mx, maps, n_maps, rm, n_rm);
    pn_strbuf_append(&r->out, pn_strbuf_str(&portfolio));
    pn_strbuf_destroy(&portfolio);
    free(caption);
    for (size_t i = 0; i < n_maps; i++)
        free(files[i]);
    free(rm);
    return st == PN_OK ? write_file(r, dir, "report.md") : st;
}

int pn_cli_report(struct options *o)
{
    struct run r;
    char *name = network_name(o->paths[0]);
    char *dir = o->output ? pn_xstrdup(o->output) : pn_xasprintf("output/%s", name);
    pn_cli_run_begin(&r);
    o->render.format = o->map_format != NULL ? o->map_format : "svg";
    int st = pn_cli_run_analyse(o, &r);
    if (st == PN_OK)
        st = pn_cli_run_layout(o, &r);
    /* the folder is one unit: written beside it, then swapped in (issue 13) */
    struct pn_outdir od = {0};
    if (st == PN_OK)
        st = pn_outdir_open(&od, dir, &r.d);
    /* issue 10: communities keep the numbers of the last report (the folder not yet
     * swapped) */
    char *last = pn_xasprintf("%s/metrics.csv", dir);
    if (st == PN_OK)
        st = pn_cli_match_communities_csv(o, &r, last);
    free(last);
    if (st == PN_OK)
        st = write_maps(o, &r, dir, od.tmp);
    if (st == PN_OK)
        st = write_tables(o, &r, od.tmp, name);
    if (st == PN_OK)
        st = pn_outdir_commit(&od, &r.d);
    pn_outdir_abort(&od);
    if (st == PN_OK && !o->quiet)
        printf("partnet: wrote %s/{map.%s,%sego.%s,communities.%s,alliances.%s,metrics.csv,"
               "summary.json,report.md,positions.csv%s}\n",
               dir, o->render.format, strcmp(o->render.format, "svg") == 0 ? "map.html," : "",
               o->render.format, o->render.format, o->render.format,
               o->graph.focus != NULL || r.m.focus != NULL ? ",portfolio.csv,portfolio.svg" : "");
    free(dir);
    free(name);
    return pn_cli_run_end(&r, st);
}
