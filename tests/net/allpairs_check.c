/*
 * allpairs_check (issue 12): the fused all-pairs sweep (src/net/allpairs.c) against
 * igraph's separate calls, the oracle (pn_analysis_options.igraph_allpairs), on one
 * network: betweenness, harmonic, closeness, diameter and average path length agree
 * to 1e-12 relative, and the fused results are the same bytes for --jobs 1, 2, 3, 8.
 * Prints the largest relative difference; exit 0 when all agree, 1 when not, 2 on error.
 * Usage: allpairs_check [--directed] [--at YEAR] [--projection institutions|groups]
 *        [--sample K] [--cutoff D] [--min-threads T] [--plant] PATH
 *   --min-threads T  the run with --jobs 8 must have used at least T threads
 *   --plant          perturb one fused value by 1e-9 relative (the checker must fail)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/loader.h"
#include "model/model.h"
#include "net/analysis.h"
#include "net/graph.h"

static const int metrics[] = {PN_M_BETWEENNESS, PN_M_HARMONIC, PN_M_CLOSENESS};
#define N_METRICS (sizeof metrics / sizeof metrics[0])

static double worst; /* largest relative difference seen */

/* a and b agree to 1e-12 relative (both nan counts as agreement). */
static bool agree(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    double scale = fmax(fabs(a), fabs(b)), diff = fabs(a - b);
    double rel = scale > 0 ? diff / scale : 0;
    if (rel > worst)
        worst = rel;
    return diff <= 1e-12 * scale;
}

static bool compare(const char *what, const struct pn_metrics *want, const struct pn_metrics *got)
{
    bool ok = true;
    for (size_t k = 0; k < N_METRICS; k++)
        for (size_t i = 0; i < want->n; i++)
            if (!agree(want->v[metrics[k]][i], got->v[metrics[k]][i])) {
                printf("FAIL %s: %s of node %zu: igraph %.17g, fused %.17g\n", what,
                       pn_metric_info[metrics[k]].name, i, want->v[metrics[k]][i],
                       got->v[metrics[k]][i]);
                ok = false;
            }
    if (!agree(want->diameter, got->diameter) || !agree(want->avg_path_length, got->avg_path_length)) {
        printf("FAIL %s: diameter %.17g / %.17g, average path %.17g / %.17g\n", what,
               want->diameter, got->diameter, want->avg_path_length, got->avg_path_length);
        ok = false;
    }
    return ok;
}

static bool same_bytes(const struct pn_metrics *a, const struct pn_metrics *b)
{
    for (size_t k = 0; k < N_METRICS; k++)
        if (memcmp(a->v[metrics[k]], b->v[metrics[k]], a->n * sizeof(double)) != 0)
            return false;
    return memcmp(&a->diameter, &b->diameter, sizeof a->diameter) == 0 &&
           memcmp(&a->avg_path_length, &b->avg_path_length, sizeof a->avg_path_length) == 0;
}

/* A run with only degree, PageRank and communities asked for (render's case): those
 * are the bytes of the full run, the all-pairs metrics are absent and no sweep ran. */
static bool check_only(const struct pn_graph *g, struct pn_analysis_options ao,
                       const struct pn_metrics *full, struct pn_diag *d)
{
    struct pn_metrics mx;
    ao.only = 1UL << PN_M_DEGREE | 1UL << PN_M_PAGERANK | 1UL << PN_M_COMMUNITY;
    if (pn_analysis_run(g, &ao, &mx, d) != PN_OK) {
        printf("FAIL: the run with --only failed\n");
        return false;
    }
    bool ok = mx.v[PN_M_BETWEENNESS] == NULL && mx.v[PN_M_HARMONIC] == NULL &&
              mx.v[PN_M_CLOSENESS] == NULL && mx.v[PN_M_EIGENVECTOR] == NULL &&
              mx.allpairs_threads == 0 && (mx.n == 0 || isnan(mx.diameter));
    for (int k = 0; k < PN_M_COUNT && ok; k++)
        if (mx.v[k] != NULL && memcmp(mx.v[k], full->v[k], mx.n * sizeof(double)) != 0)
            ok = false;
    if (!ok)
        printf("FAIL: the run asking for degree, PageRank and communities only\n");
    pn_metrics_destroy(&mx);
    return ok;
}

static int parse(int argc, char **argv, struct pn_graph_options *go, struct pn_analysis_options *ao,
                 int *min_threads, bool *plant, const char **path)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--directed") == 0)
            go->directed = ao->directed = true;
        else if (strcmp(a, "--plant") == 0)
            *plant = true;
        else if (strcmp(a, "--at") == 0 && v)
            go->at_year = (int)strtol(argv[++i], NULL, 10);
        else if (strcmp(a, "--projection") == 0 && v)
            go->projection = strcmp(argv[++i], "groups") == 0 ? PN_PROJ_GROUPS : PN_PROJ_INSTITUTIONS;
        else if (strcmp(a, "--sample") == 0 && v)
            ao->betweenness_sample = strtoul(argv[++i], NULL, 10);
        else if (strcmp(a, "--cutoff") == 0 && v)
            ao->betweenness_cutoff = strtod(argv[++i], NULL);
        else if (strcmp(a, "--min-threads") == 0 && v)
            *min_threads = (int)strtol(argv[++i], NULL, 10);
        else if (a[0] != '-' && *path == NULL)
            *path = a;
        else {
            fprintf(stderr, "allpairs_check: bad argument %s\n", a);
            return 2;
        }
    }
    if (*path == NULL) {
        fprintf(stderr, "allpairs_check: no path\n");
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    memset(&go, 0, sizeof go);
    go.at_year = PN_YEAR_UNSET;
    pn_analysis_options_default(&ao);
    const char *path = NULL;
    int min_threads = 1, rc;
    bool plant = false;
    if ((rc = parse(argc, argv, &go, &ao, &min_threads, &plant, &path)) != 0)
        return rc;

    pn_graph_lib_init();
    struct pn_model m;
    struct pn_diag d;
    struct pn_graph *g = NULL;
    struct pn_metrics want, got[4];
    static const int jobs[4] = {1, 2, 3, 8};
    pn_model_init(&m);
    pn_diag_init(&d);
    memset(&want, 0, sizeof want);
    memset(got, 0, sizeof got);
    rc = 2;
    enum pn_status st = pn_loader_load(&m, &path, 1, &d);
    if (st == PN_OK)
        st = pn_graph_build(&m, &go, &g, &d);
    ao.igraph_allpairs = true;
    if (st == PN_OK)
        st = pn_analysis_run(g, &ao, &want, &d);
    ao.igraph_allpairs = false;
    for (int j = 0; j < 4 && st == PN_OK; j++) {
        ao.jobs = jobs[j];
        st = pn_analysis_run(g, &ao, &got[j], &d);
    }
    if (st != PN_OK) {
        pn_diag_print(&d, stderr);
        goto out;
    }
    if (plant && want.n > 0)
        got[0].v[PN_M_HARMONIC][want.n - 1] *= 1 + 1e-9;
    bool ok = compare("jobs 1", &want, &got[0]);
    for (int j = 1; j < 4; j++)
        if (!same_bytes(&got[0], &got[j])) {
            printf("FAIL: --jobs %d differs from --jobs 1 in some byte\n", jobs[j]);
            ok = false;
        }
    if (!check_only(g, ao, &got[0], &d))
        ok = false;
    if (got[3].allpairs_threads < min_threads) {
        printf("FAIL: --jobs 8 ran %d thread(s), expected at least %d\n", got[3].allpairs_threads,
               min_threads);
        ok = false;
    }
    printf("%s: %zu nodes, largest relative difference %.3g, threads with --jobs 8: %d\n",
           ok ? "ok" : "FAIL", want.n, worst, got[3].allpairs_threads);
    rc = ok ? 0 : 1;
out:
    for (int j = 0; j < 4; j++)
        pn_metrics_destroy(&got[j]);
    pn_metrics_destroy(&want);
    pn_graph_free(g);
    pn_model_destroy(&m);
    pn_diag_destroy(&d);
    return rc;
}
