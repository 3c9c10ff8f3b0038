/*
 * evolution: network figures year by year, per-node ranks (--ranks) and a chart of the top
 * partners' ranks (--chart), all computed before any file is written and written all or
 * nothing. Each year is analysed as with --at YEAR.
 */
#include <string.h>

#include "base/outfile.h"
#include "cli/cli_int.h"
#include "out/raster.h"

/* --ranks, --chart and -o */
#define N_OUTPUTS 3

void pn_cli_evolution_help(FILE *out)
{
    int col = fprintf(out, "  Metrics:");
    for (int m = 0; m < PN_M_COUNT; m++) {
        if (m == PN_M_COMMUNITY)
            continue; /* community ids are not ranks (--metric refuses it) */
        const char *name = pn_metric_info[m].name;
        if (col + 2 + (int)strlen(name) > 78)
            col = fprintf(out, ",\n          ") - 2;
        else if (m > 0)
            col += fprintf(out, ",");
        col += fprintf(out, " %s", name);
    }
    fputs("\n", out);
}

/* Write every text to its target (NULL: none), all or nothing: every target is opened (as
 * a temp file) before any is renamed into place, so a bad path leaves every earlier
 * output. */
static int write_all(const char *const target[N_OUTPUTS],
                     const struct pn_strbuf *const text[N_OUTPUTS], const char *chart_fmt,
                     struct pn_diag *d)
{
    const size_t n = N_OUTPUTS;
    struct pn_outfile of[N_OUTPUTS];
    int st = PN_OK;
    memset(of, 0, sizeof of);
    for (size_t i = 0; i < n && st == PN_OK; i++)
        if (target[i] != NULL)
            st = pn_outfile_open(&of[i], target[i], d);
    for (size_t i = 0; i < n && st == PN_OK; i++)
        if (target[i] != NULL && i == 1) /* the chart: SVG, PNG or PDF by its extension */
            st = pn_raster_to_stream(pn_strbuf_str(text[i]), text[i]->len, chart_fmt, of[i].fp,
                                     d);
        else if (target[i] != NULL && fputs(pn_strbuf_str(text[i]), of[i].fp) == EOF) {
            pn_diag_error(d, NULL, "cannot write '%s'", target[i]);
            st = PN_EIO;
        }
    for (size_t i = 0; i < n && st == PN_OK; i++)
        if (target[i] != NULL)
            st = pn_outfile_commit(&of[i], d);
    for (size_t i = 0; i < n; i++)
        pn_outfile_abort(&of[i]);
    return st;
}

/* The option checks of evolution, before anything is loaded. */
static int check_years(const struct options *o)
{
    if (!o->have_years)
        return pn_cli_usage_error("evolution: missing --years FROM..TO (e.g. 2005..2025)");
    if (o->graph.at_year != PN_YEAR_UNSET)
        return pn_cli_usage_error("evolution: --at does not apply: --years sets the year of "
                                  "each network");
    if (o->chart != NULL && pn_raster_format_of(o->chart) == NULL)
        return pn_cli_usage_error("evolution: cannot tell the chart format of '%s'; expected "
                                  "the extension .svg, .png or .pdf",
                                  o->chart);
    if ((o->evolution.to - o->evolution.from) / o->evolution.step >= 1000)
        return pn_cli_usage_error(
            "evolution: more than 1000 years to analyse; use a larger --step");
    return PN_OK;
}

int pn_cli_evolution(struct options *o)
{
    int st = check_years(o);
    if (st != PN_OK)
        return st;
    o->evolution.top = o->report.top;
    struct run r;
    struct pn_evolution ev;
    struct pn_strbuf ranks_sb, chart_sb;
    pn_cli_run_begin(&r);
    memset(&ev, 0, sizeof ev);
    pn_strbuf_init(&ranks_sb);
    pn_strbuf_init(&chart_sb);
    st = pn_cli_run_load(o, &r);
    if (st == PN_OK) {
        pn_cli_progress(o, "analysing year by year");
        st = pn_scenario_evolution(&r.m, &o->graph, &o->analysis, &o->evolution, &ev, &r.d);
    }
    if (st == PN_OK) {
        pn_scenario_evolution_write(&r.out, &ev, o->report.format);
        if (o->ranks != NULL) /* a file of rows: CSV unless JSON was asked for */
            pn_scenario_evolution_ranks(&ranks_sb, &r.m, &ev,
                                        o->report.format == PN_FMT_JSON ? PN_FMT_JSON : PN_FMT_CSV);
        if (o->chart != NULL)
            pn_scenario_evolution_chart(&chart_sb, &r.m, &ev, o->evolution.top);
        const char *target[N_OUTPUTS] = {o->ranks, o->chart, o->output ? o->output : "-"};
        const struct pn_strbuf *text[N_OUTPUTS] = {&ranks_sb, &chart_sb, &r.out};
        st = write_all(target, text, pn_raster_format_of(o->chart ? o->chart : "-"), &r.d);
    }
    pn_strbuf_destroy(&chart_sb);
    pn_strbuf_destroy(&ranks_sb);
    pn_evolution_destroy(&ev);
    return pn_cli_run_end(&r, st);
}
