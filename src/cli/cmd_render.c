/*
 * render: one map (any view, small multiples by year, change map since a year or against
 * an older version with --compare) to the -o file. Layout and drawing are map/'s.
 */
#include "cli/cli_int.h"
#include "model/loader.h"

#include <stdbool.h>
#include <string.h>

/* --compare OLD: the older version, filtered the same way, against the analysed r. */
static int render_compare(struct options *o, struct run *r)
{
    struct pn_model om;
    struct pn_graph *og = NULL;
    pn_model_init(&om);
    pn_cli_progress(o, "loading the older version");
    const char *old_path = o->render.compare_old;
    int st = pn_loader_load(&om, &old_path, 1, &r->d);
    if (st == PN_OK)
        st = pn_graph_build(&om, &o->graph, &og, &r->d);
    if (st == PN_OK) /* issue 10: a community keeps its number and colour */
        st = pn_cli_match_communities_to(o, r, &om, og);
    if (st == PN_OK) {
        pn_cli_progress(o, "laying out and rendering the change map");
        st = pn_render_compare(&om, pn_graph_view(og), &r->m, pn_graph_view(r->g), &r->mx,
                               &o->render, o->output, &r->d);
    }
    pn_graph_free(og);
    pn_model_destroy(&om);
    return st;
}

/* The metrics a map uses (issue 12: render computes nothing else): its size metric,
 * degree (label order without one), the communities (colours, outlines) and, for an ego
 * map without --focus, betweenness (it picks the centre). Tooltips show these only. */
static unsigned long drawn_metrics(const struct options *o)
{
    /* the interactive map shows every metric of a clicked node (issue 11) */
    const char *fmt = o->output != NULL ? pn_map_format_of(&o->render, o->output) : NULL;
    if (fmt != NULL && strcmp(fmt, "html") == 0)
        return 0;
    unsigned long only = 1UL << PN_M_DEGREE | 1UL << PN_M_COMMUNITY;
    if (o->render.size_by >= 0 && o->render.size_by < PN_M_COUNT)
        only |= 1UL << o->render.size_by;
    if (o->render.view == PN_VIEW_EGO && o->graph.focus == NULL)
        only |= 1UL << PN_M_BETWEENNESS;
    return only;
}

int pn_cli_render(struct options *o)
{
    if (o->output == NULL)
        return pn_cli_usage_error("render: missing -o FILE (use -o - for standard output)");
    struct run r;
    pn_cli_run_begin(&r);
    o->render.format = o->map_format;
    o->render.radius = o->graph.radius;
    if (o->render.change_from > 0 || o->render.n_years > 0) {
        /* change map and small multiples need every year in the view */
        o->render.change_to = o->graph.at_year;
        o->graph.at_year = PN_YEAR_UNSET;
    }
    o->analysis.only = drawn_metrics(o);
    /* an ego map (with --focus or not) is cut out of the whole network after its analysis,
     * so that its sizes, tooltips and community numbers are the network's, as in report.md
     * and metrics.csv (issue 9: with --focus it analysed the ego network alone, and UL's
     * PageRank read 0.32 there, 0.12 in metrics.csv); small multiples, change and compare
     * maps of an ego network still filter first */
    bool ego = o->render.view == PN_VIEW_EGO && o->render.n_years == 0 &&
               o->render.change_from == 0 && o->render.compare_old == NULL;
    const char *focus = ego ? o->graph.focus : NULL;
    int radius = focus != NULL ? o->graph.radius : 1;
    if (ego) {
        o->graph.focus = NULL;
        o->graph.radius = 0;
    }
    struct cli_positions cp;
    int st = pn_cli_positions_begin(o, &cp, NULL, NULL, &r.d);
    if (st == PN_OK)
        st = pn_cli_run_analyse(o, &r);
    if (st == PN_OK)
        st = pn_cli_run_layout(o, &r);
    if (st == PN_OK && o->render.compare_old != NULL) {
        st = render_compare(o, &r);
    } else if (st == PN_OK) {
        pn_cli_progress(o, "laying out and rendering the map");
        if (ego) /* without --focus, the report's centre (issue 9: it drew the whole network) */
            st = pn_cli_render_ego(o, &r, &o->render, focus, radius, o->output, &r.d);
        else
            st = pn_render_map(&r.m, pn_graph_view(r.g), &r.mx, &o->render, o->output, &r.d);
    }
    st = pn_cli_positions_end(o, &cp, st, &r.d);
    return pn_cli_run_end(&r, st);
}
