/*
 * diff: what changed between two versions of a network (net/diff): entities, ties and
 * memberships, and the rank changes of every node. Both are loaded and checked, filtered
 * and analysed alike.
 */
#include "cli/cli_int.h"
#include "model/loader.h"
#include "net/diff.h"

int pn_cli_diff(struct options *o)
{
    struct run r; /* r.m: the older version */
    struct pn_model new_m;
    struct pn_diff df;
    pn_cli_run_begin(&r);
    pn_model_init(&new_m);
    pn_diff_init(&df);
    pn_cli_progress(o, "loading");
    int st = pn_loader_load(&r.m, (const char *const *)&o->paths[0], 1, &r.d);
    int st2 = pn_loader_load(&new_m, (const char *const *)&o->paths[1], 1, &r.d);
    if (st2 > st)
        st = st2; /* both are checked, so every error of either is shown */
    if (st == PN_OK) {
        pn_diff_models(&r.m, &new_m, &df);
        pn_cli_progress(o, "analysing both networks");
        st = pn_diff_ranks(&r.m, &new_m, &o->graph, &o->analysis, &df, &r.d);
    }
    if (st == PN_OK) {
        pn_diff_write(&r.out, &df, o->report.format, o->report.top);
        st = pn_cli_run_write(o, &r);
    }
    pn_diff_destroy(&df);
    pn_model_destroy(&new_m);
    return pn_cli_run_end(&r, st);
}
