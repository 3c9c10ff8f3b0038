/*
 * pn_phases: times partnet's phases one by one on a network, through the same
 * calls `partnet report` makes (pn_loader_load, pn_graph_build,
 * pn_analysis_run, report text, pn_render_map). Not a test; run by bench/run.sh.
 * Prints per phase "phase NAME CPU wall WALL maxrss_kb N" (seconds of CPU time,
 * steady on a shared machine, and of wall time; maxrss is the peak so far:
 * it only grows), flushed at once so a time limit still leaves the earlier lines.
 *
 * Usage: pn_phases PATH [--cutoff C] [--no-analysis] [--no-render]
 *                       [--layout ENGINE] [-o DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "net/analysis.h"
#include "base/diag.h"
#include "net/graph.h"
#include "model/loader.h"
#include "model/model.h"
#include "map/render.h"
#include "out/report.h"
#include "base/strbuf.h"

#include "bench_clock.h"

static double c0; /* CPU time at the start of the phase */

static void phase(const char *name, double t0)
{
    struct rusage ru;
    double t = now() - t0, c = cpu() - c0;
    getrusage(RUSAGE_SELF, &ru);
    printf("phase %-10s %12.6f wall %12.6f maxrss_kb %ld\n", name, c, t, ru.ru_maxrss);
    fflush(stdout);
}

static int write_file(const char *dir, const char *name, const struct pn_strbuf *sb)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (f == NULL)
        return -1;
    if (sb->len > 0 && fwrite(sb->buf, 1, sb->len, f) != sb->len) {
        fclose(f);
        return -1;
    }
    return fclose(f);
}

int main(int argc, char **argv)
{
    const char *path = NULL, *dir = ".", *layout = NULL;
    double cutoff = 0;
    int analyse = 1, render = 1, rc = 1;
    struct pn_model m;
    struct pn_diag d;
    struct pn_graph *g = NULL;
    struct pn_metrics mx;
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    struct pn_render_options ro;
    struct pn_strbuf sb;
    double t, start;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--cutoff") == 0 && i + 1 < argc)
            cutoff = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--no-analysis") == 0)
            analyse = 0;
        else if (strcmp(argv[i], "--no-render") == 0)
            render = 0;
        else if (strcmp(argv[i], "--layout") == 0 && i + 1 < argc)
            layout = argv[++i];
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (path == NULL)
            path = argv[i];
        else
            path = NULL, i = argc;
    }
    if (path == NULL) {
        fprintf(stderr, "usage: pn_phases PATH [--cutoff C] [--no-analysis] [--no-render] "
                        "[--layout ENGINE] [-o DIR]\n");
        return 2;
    }

    pn_graph_lib_init();
    pn_model_init(&m);
    pn_diag_init(&d);
    memset(&mx, 0, sizeof mx);
    pn_strbuf_init(&sb);
    memset(&go, 0, sizeof go);
    go.at_year = PN_YEAR_UNSET;
    go.projection = PN_PROJ_NONE;
    go.proj_weight = PN_PROJW_COUNT;
    pn_analysis_options_default(&ao);
    ao.betweenness_cutoff = cutoff;
    pn_render_options_default(&ro);
    ro.format = "svg";
    if (layout != NULL)
        ro.layout = layout;

    start = t = now();
    c0 = cpu();
    if (pn_loader_load(&m, &path, 1, &d) != PN_OK)
        goto out;
    phase("load", t);

    t = now();
    c0 = cpu();
    if (pn_graph_build(&m, &go, &g, &d) != PN_OK)
        goto out;
    phase("build", t);
    printf("info nodes=%zu edges=%zu\n", pn_graph_view(g)->n_nodes, pn_graph_view(g)->n_edges);

    if (analyse) {
        t = now();
        c0 = cpu();
        if (pn_analysis_run(g, &ao, &mx, &d) != PN_OK)
            goto out;
        phase("analysis", t);
        printf("info communities=%zu modularity=%.6f components=%zu diameter=%g "
               "avg_path=%.6f assort_country=%.6f assort_type=%.6f\n",
               mx.n_communities, mx.modularity, mx.n_components, mx.diameter, mx.avg_path_length,
               mx.assort_country, mx.assort_type);

        t = now();
        c0 = cpu();
        {
            struct pn_report_options rep;
            memset(&rep, 0, sizeof rep);
            rep.format = PN_FMT_CSV;
            rep.sort = -1;
            rep.network_name = "bench";
            pn_report_metrics(&sb, &m, pn_graph_view(g), &mx, &rep);
            if (write_file(dir, "metrics.csv", &sb) != 0)
                goto out;
            pn_strbuf_reset(&sb);
            pn_report_summary_json(&sb, &m, pn_graph_view(g), &mx);
            if (write_file(dir, "summary.json", &sb) != 0)
                goto out;
            pn_strbuf_reset(&sb);
            pn_report_markdown(&sb, &m, pn_graph_view(g), &mx, "map.svg");
            if (write_file(dir, "report.md", &sb) != 0)
                goto out;
        }
        phase("report", t);
    }

    if (render) {
        char out_path[4096];
        snprintf(out_path, sizeof out_path, "%s/map.svg", dir);
        t = now();
        c0 = cpu();
        if (pn_render_map(&m, pn_graph_view(g), analyse ? &mx : NULL, &ro, out_path, &d) != PN_OK)
            goto out;
        phase("render", t);
    }
    c0 = 0; /* total: all CPU time of the process */
    phase("total", start);
    rc = 0;
out:
    if (rc != 0)
        pn_diag_print(&d, stderr);
    pn_strbuf_destroy(&sb);
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_model_destroy(&m);
    pn_diag_destroy(&d);
    pn_render_cleanup();
    return rc;
}
