/*
 * analyse (and analyze): per-node metrics, communities and network figures as a table,
 * CSV or JSON (out/report), to -o or standard output.
 */
#include "cli/cli_int.h"

int pn_cli_analyse(struct options *o)
{
    struct run r;
    pn_cli_run_begin(&r);
    int st = pn_cli_run_analyse(o, &r);
    if (st == PN_OK) {
        pn_report_metrics(&r.out, &r.m, pn_graph_view(r.g), &r.mx, &o->report);
        st = pn_cli_run_write(o, &r);
    }
    return pn_cli_run_end(&r, st);
}
