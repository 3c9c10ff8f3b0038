/*
 * removals (issue 12): whatif --rank-removals timed side by side in one process, the
 * reference path (one network built per removal: the implementation before issue 12,
 * kept behind pn_removal_options.reference as the tests' oracle) against the path from
 * the network before (src/net/removals.c), runs alternated, medians of wall and CPU
 * time. Checks that both give the same rows. Not part of the test suite (bench/run.sh
 * style; results in docs/bench.md).
 * Usage: removals PATH [--repeat R] [--jobs J] [--sample K|exact] [--no-reference]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/loader.h"
#include "model/model.h"
#include "net/graph.h"
#include "net/scenario.h"

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One timed run; *dm (the caller frees it) and *n its rows. */
static int timed(const struct pn_model *m, const struct pn_removal_options *ro, double *wall,
                 double *cpu, struct pn_damage **dm, size_t *n, struct pn_removal_info *info)
{
    struct pn_graph_options go;
    memset(&go, 0, sizeof go);
    go.at_year = PN_YEAR_UNSET;
    struct pn_net_figures before;
    struct pn_diag d;
    pn_diag_init(&d);
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    enum pn_status st = pn_scenario_rank_removals(m, &go, NULL, ro, dm, n, &before, info, &d);
    *wall = now(CLOCK_MONOTONIC) - w0;
    *cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (st != PN_OK)
        pn_diag_print(&d, stderr);
    pn_diag_destroy(&d);
    return st == PN_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    int repeat = 3, jobs = 0;
    long sample = 0;
    bool reference = true;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
            jobs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--sample") == 0 && i + 1 < argc)
            sample = strcmp(argv[i + 1], "exact") == 0 ? -1 : atol(argv[i + 1]), i++;
        else if (strcmp(argv[i], "--no-reference") == 0)
            reference = false;
        else
            path = argv[i];
    }
    if (path == NULL || repeat < 1 || repeat > 99) {
        fprintf(stderr, "usage: removals PATH [--repeat R] [--jobs J] [--sample K|exact] "
                        "[--no-reference]\n");
        return 2;
    }
    pn_graph_lib_init();
    struct pn_model m;
    struct pn_diag d;
    pn_model_init(&m);
    pn_diag_init(&d);
    if (pn_loader_load(&m, &path, 1, &d) != PN_OK) {
        pn_diag_print(&d, stderr);
        return 2;
    }
    struct pn_removal_options fast = {jobs, sample, 42, false}, ref = {jobs, -1, 42, true};
    double fw[99], fc[99], rw[99], rc[99];
    size_t rows = 0, same = 1;
    struct pn_removal_info info;
    for (int r = 0; r < repeat; r++) {
        struct pn_damage *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        struct pn_removal_info ri;
        if (reference && timed(&m, &ref, &rw[r], &rc[r], &a, &na, &ri) != 0)
            return 1;
        if (timed(&m, &fast, &fw[r], &fc[r], &b, &nb, &info) != 0)
            return 1;
        rows = nb;
        if (reference && info.sample == 0)
            same = same && na == nb && memcmp(a, b, na * sizeof *a) == 0;
        free(a);
        free(b);
    }
    printf("%s: %zu removals, fast path %s, %s\n", path, rows, info.from_before ? "yes" : "no",
           info.sample ? "efficiency sampled" : "exact");
    printf("fast       wall %.3f s  cpu %.3f s  (median of %d)\n", median(fw, repeat),
           median(fc, repeat), repeat);
    if (reference) {
        printf("reference  wall %.3f s  cpu %.3f s  (median of %d)\n", median(rw, repeat),
               median(rc, repeat), repeat);
        printf("ratio      wall %.1fx  cpu %.1fx; rows %s\n", median(rw, repeat) / median(fw, repeat),
               median(rc, repeat) / median(fc, repeat),
               info.sample ? "not compared (sampled)" : same ? "identical" : "DIFFER");
    }
    pn_model_destroy(&m);
    pn_diag_destroy(&d);
    return same ? 0 : 1;
}
