/*
 * themes: the leading institutions of each theme (net/scenario), as a table, CSV or JSON
 * to -o or standard output.
 */
#include "cli/cli_int.h"

int pn_cli_themes(struct options *o)
{
    struct run r;
    struct pn_theme_leaders *tl = NULL;
    size_t n = 0;
    pn_cli_run_begin(&r);
    int st = pn_cli_run_load(o, &r);
    if (st == PN_OK) {
        pn_cli_progress(o, "analysing each theme");
        st = pn_scenario_themes(&r.m, &o->graph, &o->analysis, o->report.top, &tl, &n, &r.d);
    }
    if (st == PN_OK) {
        pn_scenario_themes_write(&r.out, &r.m, tl, n, o->report.format);
        st = pn_cli_run_write(o, &r);
    }
    pn_scenario_themes_free(tl, n);
    return pn_cli_run_end(&r, st);
}
