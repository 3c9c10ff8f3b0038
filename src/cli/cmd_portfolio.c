/*
 * portfolio (issue 14): the partner portfolio of --focus (default: the network's focus:)
 * from net/portfolio, written by out/portfolio_out as a table, CSV or JSON to -o or
 * standard output, and drawn by map/portfolio_chart with --chart FILE.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"
#include "map/portfolio_chart.h"
#include "out/portfolio_out.h"

const char pn_cli_portfolio_help[] =
    "      --format F           table | csv | json (default table)\n"
    "      --focus ID           the institution whose partners are measured (default: the\n"
    "                           network's focus:)\n"
    "      --at YEAR            the reference year: years active, and whether each partnership\n"
    "                           is active (default: the latest year the data names); it does\n"
    "                           not filter the network\n"
    "      --priorities T,...   priority themes for the fit and the theme gaps (default: the\n"
    "                           focus's own themes)\n"
    "      --chart FILE         the portfolio chart (SVG, or PNG/PDF by the extension)\n"
    "      --chart-size S       years | fit: what sizes the partners (default years)\n"
    "  Every score and rule is explained in docs/portfolio.md.\n";

/* --priorities "a,b,c" into ids[] (pointers into buf, a copy the caller frees). */
static int split_priorities(const char *arg, char **buf, const char **ids, size_t *n)
{
    *n = 0;
    *buf = NULL;
    if (arg == NULL)
        return PN_OK;
    *buf = pn_xstrdup(arg);
    for (char *s = *buf;;) {
        char *comma = strchr(s, ',');
        if (comma != NULL)
            *comma = '\0';
        if (*s == '\0')
            return pn_cli_usage_error("portfolio: empty theme in --priorities '%s'; expected "
                                      "theme ids separated by commas",
                                      arg);
        if (*n >= MAX_THEMES)
            return pn_cli_usage_error("portfolio: more than %d themes in --priorities",
                                      MAX_THEMES);
        ids[(*n)++] = s;
        if (comma == NULL)
            return PN_OK;
        s = comma + 1;
    }
}

int pn_cli_portfolio(struct options *o)
{
    const char *ids[MAX_THEMES];
    char *buf = NULL;
    struct pn_portfolio_options po;
    pn_portfolio_options_default(&po);
    int st = split_priorities(o->priorities, &buf, ids, &po.n_priorities);
    if (st != PN_OK) {
        free(buf);
        return st;
    }
    po.priorities = ids;
    po.focus = o->graph.focus;
    po.at_year = o->graph.at_year;
    struct run r;
    struct pn_portfolio p;
    memset(&p, 0, sizeof p);
    pn_cli_run_begin(&r);
    st = pn_cli_run_load(o, &r);
    if (st == PN_OK) {
        pn_cli_progress(o, "measuring the partners");
        st = pn_portfolio_run(&r.m, &po, &p, &r.d);
    }
    if (st == PN_OK) {
        pn_portfolio_write(&r.out, &r.m, &p, o->report.format);
        /* the chart first: a failed chart leaves no table behind */
        if (o->chart != NULL)
            st = pn_render_portfolio_chart(&r.m, &p, &o->render, (enum pn_chart_size)o->chart_size,
                                           o->chart, &r.d);
    }
    if (st == PN_OK)
        st = pn_cli_run_write(o, &r);
    pn_portfolio_free(&p);
    free(buf);
    return pn_cli_run_end(&r, st);
}
