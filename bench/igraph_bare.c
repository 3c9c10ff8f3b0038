/*
 * igraph_bare: the baseline for partnet's analysis time. Reads the edge list
 * bench/gen.py writes beside a network (the same graph partnet builds:
 * institutions + groups as nodes; ties, memberships, part-of links as edges)
 * and makes the igraph calls src/net/analysis.c makes, timing each one.
 * Prints "step NAME CPU wall WALL" lines (seconds), then "total CPU wall WALL"
 * and "maxrss_kb N". CPU time is the figure to compare on a shared machine.
 *
 * Usage: igraph_bare FILE.edges [--cutoff C] [--sample K] [--seed S] [--betweenness-only]
 *   --cutoff C  betweenness with igraph_betweenness_cutoff (C > 0; partnet's
 *               betweenness_cutoff), else exact
 *   --sample K  for the all-pairs steps (betweenness, closeness, harmonic,
 *               diameter, average path length) run K sources only and print
 *               the time scaled by n/K, marked "est" (for sizes where the exact
 *               run would take hours)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <igraph.h>

#include "bench_clock.h"

static void die(const char *what)
{
    fprintf(stderr, "igraph_bare: %s failed\n", what);
    exit(3);
}

#define CHECK(call, what)                                                                   \
    do {                                                                                    \
        if ((call) != IGRAPH_SUCCESS)                                                       \
            die(what);                                                                      \
    } while (0)

static double total, total_wall;

/* One line per step: CPU seconds, then wall seconds (both scaled by n/K for a sample). */
static void report(const char *name, double wall, double t, double scale)
{
    if (scale > 1.0)
        printf("step %-14s %10.6f wall %10.6f est (measured %.6f on a sample, x%.1f)\n", name,
               t * scale, wall * scale, t, scale);
    else
        printf("step %-14s %10.6f wall %10.6f\n", name, t, wall);
    total += t * scale;
    total_wall += wall * scale;
    fflush(stdout);
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    double cutoff = 0;
    long sample = 0;
    int bonly = 0;
    unsigned long seed = 42;
    FILE *f;
    long n = 0, m = 0;
    igraph_t g;
    igraph_vector_int_t edges, country, type, membership, csize, ivec;
    igraph_vector_t w, dist, res;
    igraph_vs_t srcs;
    double t, tc, r1, r2, scale = 1.0;
    igraph_integer_t ncomp;
    igraph_real_t value;
    igraph_arpack_options_t ao;
    struct rusage ru;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--cutoff") == 0 && i + 1 < argc)
            cutoff = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--sample") == 0 && i + 1 < argc)
            sample = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--betweenness-only") == 0)
            bonly = 1;
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoul(argv[++i], NULL, 10);
        else if (path == NULL && argv[i][0] != '-')
            path = argv[i];
        else {
            fprintf(stderr, "usage: igraph_bare FILE.edges [--cutoff C] [--sample K] [--seed S] "
                            "[--betweenness-only]\n");
            return 2;
        }
    }
    if (path == NULL) {
        fprintf(stderr, "usage: igraph_bare FILE.edges [--cutoff C] [--sample K] [--seed S] "
                            "[--betweenness-only]\n");
        return 2;
    }

    /* Reading the text file is not analysis: it is timed apart ("read"). */
    t = now();
    tc = cpu();
    f = fopen(path, "r");
    if (f == NULL || fscanf(f, "%ld %ld", &n, &m) != 2 || n < 1 || m < 0)
        die("reading the header");
    CHECK(igraph_vector_int_init(&edges, 2 * m), "init");
    CHECK(igraph_vector_int_init(&country, n), "init");
    CHECK(igraph_vector_int_init(&type, n), "init");
    CHECK(igraph_vector_init(&w, m), "init");
    CHECK(igraph_vector_init(&dist, m), "init");
    for (long i = 0; i < n; i++) {
        long c, ty;
        if (fscanf(f, "%ld %ld", &c, &ty) != 2)
            die("reading a node");
        VECTOR(country)[i] = c;
        VECTOR(type)[i] = ty;
    }
    for (long i = 0; i < m; i++) {
        long a, b;
        double wt;
        if (fscanf(f, "%ld %ld %lf", &a, &b, &wt) != 3 || a < 0 || b < 0 || a >= n || b >= n ||
            !(wt > 0))
            die("reading an edge");
        VECTOR(edges)[2 * i] = a;
        VECTOR(edges)[2 * i + 1] = b;
        VECTOR(w)[i] = wt;
    }
    fclose(f);
    printf("graph %s nodes=%ld edges=%ld\n", path, n, m);
    printf("step %-14s %10.6f (not counted)\n", "read", now() - t);

    /* Build: what pn_graph_build does with igraph (create + weights + distances). */
    t = now();
    tc = cpu();
    CHECK(igraph_create(&g, &edges, (igraph_integer_t)n, IGRAPH_UNDIRECTED), "igraph_create");
    for (long i = 0; i < m; i++)
        VECTOR(dist)[i] = 1.0 / VECTOR(w)[i];
    report("build", now() - t, cpu() - tc, 1.0);
    total = total_wall = 0; /* "total" is the analysis only, as pn_analysis_run */

    CHECK(igraph_vector_init(&res, 0), "init");
    CHECK(igraph_vector_int_init(&ivec, 0), "init");
    CHECK(igraph_vector_int_init(&membership, 0), "init");
    CHECK(igraph_vector_int_init(&csize, 0), "init");

    if (sample > 0 && sample < n) {
        /* Every (n/K)-th vertex: spread over the id range, deterministic. */
        igraph_vector_int_t pick;
        CHECK(igraph_vector_int_init(&pick, sample), "init");
        for (long i = 0; i < sample; i++)
            VECTOR(pick)[i] = (igraph_integer_t)(i * (n / sample));
        CHECK(igraph_vs_vector_copy(&srcs, &pick), "vs");
        igraph_vector_int_destroy(&pick);
        scale = (double)n / (double)sample;
    } else {
        srcs = igraph_vss_all();
    }

    t = now();
    tc = cpu();
    CHECK(igraph_degree(&g, &ivec, igraph_vss_all(), IGRAPH_ALL, false), "degree");
    report("degree", now() - t, cpu() - tc, 1.0);

    t = now();
    tc = cpu();
    CHECK(igraph_strength(&g, &res, igraph_vss_all(), IGRAPH_ALL, false, &w), "strength");
    report("strength", now() - t, cpu() - tc, 1.0);

    t = now();
    tc = cpu();
    if (scale > 1.0)
        CHECK(igraph_betweenness_subset(&g, &res, igraph_vss_all(), false, srcs, igraph_vss_all(),
                                        &dist),
              "betweenness_subset");
    else if (cutoff > 0)
        CHECK(igraph_betweenness_cutoff(&g, &res, igraph_vss_all(), false, &dist, cutoff),
              "betweenness_cutoff");
    else
        CHECK(igraph_betweenness(&g, &res, igraph_vss_all(), false, &dist), "betweenness");
    report(cutoff > 0 && scale <= 1.0 ? "betweenness~" : "betweenness", now() - t, cpu() - tc, scale);
    if (bonly)
        goto done;

    t = now();
    tc = cpu();
    CHECK(igraph_harmonic_centrality(&g, &res, srcs, IGRAPH_ALL, &dist, true), "harmonic");
    report("harmonic", now() - t, cpu() - tc, scale);

    t = now();
    tc = cpu();
    CHECK(igraph_closeness(&g, &res, &ivec, NULL, srcs, IGRAPH_ALL, &dist, true),
          "closeness");
    report("closeness", now() - t, cpu() - tc, scale);

    t = now();
    tc = cpu();
    igraph_arpack_options_init(&ao);
    CHECK(igraph_eigenvector_centrality(&g, &res, &value, false, true, &w, &ao), "eigenvector");
    report("eigenvector", now() - t, cpu() - tc, 1.0);

    t = now();
    tc = cpu();
    CHECK(igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(), false,
                          0.85, &w, NULL),
          "pagerank");
    report("pagerank", now() - t, cpu() - tc, 1.0);

    t = now();
    tc = cpu();
    CHECK(igraph_constraint(&g, &res, igraph_vss_all(), &w), "constraint");
    report("constraint", now() - t, cpu() - tc, 1.0);

    t = now();
    tc = cpu();
    CHECK(igraph_coreness(&g, &ivec, IGRAPH_ALL), "coreness");
    report("coreness", now() - t, cpu() - tc, 1.0);

    t = now();
    tc = cpu();
    CHECK(igraph_transitivity_local_undirected(&g, &res, igraph_vss_all(),
                                               IGRAPH_TRANSITIVITY_ZERO),
          "transitivity_local");
    report("clustering", now() - t, cpu() - tc, 1.0);

    t = now();
    tc = cpu();
    igraph_rng_seed(igraph_rng_default(), seed);
    CHECK(igraph_community_multilevel(&g, &w, 1.0, &membership, NULL, NULL), "multilevel");
    report("communities", now() - t, cpu() - tc, 1.0);

    t = now();
    tc = cpu();
    CHECK(igraph_modularity(&g, &membership, &w, 1.0, false, &value), "modularity");
    report("modularity", now() - t, cpu() - tc, 1.0);
    printf("info modularity=%.6f\n", value);

    t = now();
    tc = cpu();
    CHECK(igraph_connected_components(&g, &membership, &csize, &ncomp, IGRAPH_WEAK),
          "components");
    report("components", now() - t, cpu() - tc, 1.0);
    printf("info components=%ld\n", (long)ncomp);

    t = now();
    tc = cpu();
    CHECK(igraph_articulation_points(&g, &ivec), "articulation");
    CHECK(igraph_bridges(&g, &ivec), "bridges");
    report("cut-points", now() - t, cpu() - tc, 1.0);

    t = now();
    tc = cpu();
    {
        /* as analysis.c paths(): diameter of the largest component */
        igraph_integer_t best = 0;
        igraph_vector_int_t vids;
        igraph_t sub;
        CHECK(igraph_vector_int_init(&vids, 0), "init");
        for (igraph_integer_t c = 1; c < ncomp; c++)
            if (VECTOR(csize)[c] > VECTOR(csize)[best])
                best = c;
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(&membership); i++)
            if (VECTOR(membership)[i] == best)
                CHECK(igraph_vector_int_push_back(&vids, i), "push");
        CHECK(igraph_induced_subgraph(&g, &sub, igraph_vss_vector(&vids), IGRAPH_SUBGRAPH_AUTO),
              "induced_subgraph");
        if (scale > 1.0) {
            /* BFS from a sample, as igraph_diameter does from every vertex */
            igraph_matrix_t dm;
            igraph_integer_t ns = igraph_vcount(&sub), k = sample < ns ? sample : ns;
            igraph_vector_int_t pick;
            CHECK(igraph_vector_int_init(&pick, k), "init");
            for (igraph_integer_t i = 0; i < k; i++)
                VECTOR(pick)[i] = i * (ns / k);
            CHECK(igraph_matrix_init(&dm, 0, 0), "init");
            t = now();
    tc = cpu();
            CHECK(igraph_distances(&sub, &dm, igraph_vss_vector(&pick), igraph_vss_all(),
                                   IGRAPH_ALL),
                  "distances");
            report("diameter", now() - t, cpu() - tc, (double)ns / (double)k);
            igraph_matrix_destroy(&dm);
            igraph_vector_int_destroy(&pick);
            t = now();
    tc = cpu();
            CHECK(igraph_matrix_init(&dm, 0, 0), "init");
            CHECK(igraph_distances(&g, &dm, srcs, igraph_vss_all(), IGRAPH_ALL), "distances");
            report("avg-path", now() - t, cpu() - tc, scale);
            igraph_matrix_destroy(&dm);
        } else {
            CHECK(igraph_diameter(&sub, &r1, NULL, NULL, NULL, NULL, false, true), "diameter");
            report("diameter", now() - t, cpu() - tc, 1.0);
            t = now();
    tc = cpu();
            CHECK(igraph_average_path_length(&g, &r2, NULL, false, true), "average_path_length");
            report("avg-path", now() - t, cpu() - tc, 1.0);
            printf("info diameter=%g avg_path=%.6f\n", r1, r2);
        }
        igraph_destroy(&sub);
        igraph_vector_int_destroy(&vids);
    }

    t = now();
    tc = cpu();
    CHECK(igraph_transitivity_undirected(&g, &r1, IGRAPH_TRANSITIVITY_ZERO), "transitivity");
    report("transitivity", now() - t, cpu() - tc, 1.0);

    t = now();
    tc = cpu();
    CHECK(igraph_assortativity_nominal(&g, &type, &r2, false, true), "assortativity");
    {
        /* as analysis.c: nodes without a country (groups) are left out */
        igraph_vector_int_t keep, types;
        igraph_t sub;
        CHECK(igraph_vector_int_init(&keep, 0), "init");
        CHECK(igraph_vector_int_init(&types, 0), "init");
        for (long i = 0; i < n; i++)
            if (VECTOR(country)[i] > 0) {
                CHECK(igraph_vector_int_push_back(&keep, i), "push");
                CHECK(igraph_vector_int_push_back(&types, VECTOR(country)[i] - 1), "push");
            }
        CHECK(igraph_induced_subgraph(&g, &sub, igraph_vss_vector(&keep),
                                      IGRAPH_SUBGRAPH_COPY_AND_DELETE),
              "induced_subgraph");
        CHECK(igraph_assortativity_nominal(&sub, &types, &r1, false, true), "assortativity");
        igraph_destroy(&sub);
        igraph_vector_int_destroy(&types);
        igraph_vector_int_destroy(&keep);
    }
    report("assortativity", now() - t, cpu() - tc, 1.0);
    printf("info assort_country=%.6f assort_type=%.6f\n", r1, r2);

done:
    printf("total %.6f wall %.6f%s\n", total, total_wall, scale > 1.0 ? " est" : "");
    getrusage(RUSAGE_SELF, &ru);
    printf("maxrss_kb %ld\n", ru.ru_maxrss);

    igraph_vs_destroy(&srcs);
    igraph_vector_int_destroy(&csize);
    igraph_vector_int_destroy(&membership);
    igraph_vector_int_destroy(&ivec);
    igraph_vector_destroy(&res);
    igraph_destroy(&g);
    igraph_vector_destroy(&dist);
    igraph_vector_destroy(&w);
    igraph_vector_int_destroy(&type);
    igraph_vector_int_destroy(&country);
    igraph_vector_int_destroy(&edges);
    return 0;
}
