/*
 * allpairs_tsan (issue 12): the all-pairs kernel (src/net/allpairs.c, which calls no
 * igraph) built alone with ThreadSanitizer, run on a random multigraph with loops,
 * undirected and directed, in 1 and 4 threads: ThreadSanitizer reports any data race
 * (and fails the test, halt_on_error), and the two runs must be the same bytes; the same
 * for the sampled estimates (pn_ap_sample: sources with their dependencies, and pairs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/allpairs.h"

static int same(const struct pn_ap_result *a, const struct pn_ap_result *b, size_t n)
{
    return memcmp(a->betweenness, b->betweenness, n * sizeof(double)) == 0 &&
           memcmp(a->harmonic, b->harmonic, n * sizeof(double)) == 0 &&
           memcmp(a->dist_sum, b->dist_sum, n * sizeof(double)) == 0 &&
           memcmp(a->reached, b->reached, n * sizeof(size_t)) == 0 &&
           memcmp(a->ecc, b->ecc, n * sizeof(size_t)) == 0 && a->hop_sum == b->hop_sum &&
           a->hop_pairs == b->hop_pairs;
}

/* pn_ap_sample in 1 and 4 threads: the same bytes, and more than one thread used. */
static int sample_same(const struct pn_ap_csr *w, const struct pn_ap_csr *h, size_t n)
{
    struct pn_ap_sample_opts so = {.sources = 300, .pairs = 900, .source_betweenness = true,
                                   .seed = 7};
    struct pn_ap_sampled one, four;
    pn_ap_sample(w, NULL, h, &so, 1, &one);
    pn_ap_sample(w, NULL, h, &so, 4, &four);
    int ok = four.sums.threads >= 2 && same(&one.sums, &four.sums, n) &&
             memcmp(one.sources, four.sources, one.n_sources * sizeof(size_t)) == 0;
    if (!ok)
        printf("FAIL: sample: %d threads, same bytes %d\n", four.sums.threads,
               same(&one.sums, &four.sums, n));
    pn_ap_sampled_free(&one);
    pn_ap_sampled_free(&four);
    return ok;
}

int main(void)
{
    enum { N = 700, M = 2500 };
    static size_t from[M], to[M];
    static double len[M];
    unsigned long x = 12345;
    for (size_t i = 0; i < M; i++) { /* a fixed linear congruential sequence */
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        from[i] = (size_t)(x >> 33) % N;
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        to[i] = (size_t)(x >> 33) % N;
        len[i] = 1.0 / (double)(1 + (x >> 20) % 4);
    }
    int fail = 0;
    for (int dir = 0; dir < 2; dir++) {
        struct pn_ap_csr w, h;
        struct pn_ap_result one, four;
        pn_ap_csr_build(&w, N, M, from, to, len, dir);
        pn_ap_csr_build(&h, N, M, from, to, NULL, false);
        pn_ap_run(&w, &h, true, 1, &one);
        pn_ap_run(&w, &h, true, 4, &four);
        if (four.threads < 2 || !same(&one, &four, N)) {
            printf("FAIL: %s: %d threads, same bytes %d\n", dir ? "directed" : "undirected",
                   four.threads, same(&one, &four, N));
            fail = 1;
        }
        if (!sample_same(&w, &h, N))
            fail = 1;
        pn_ap_result_free(&one);
        pn_ap_result_free(&four);
        pn_ap_csr_free(&w);
        pn_ap_csr_free(&h);
    }
    if (!fail)
        printf("ok: 1 and 4 threads give the same bytes, undirected and directed\n");
    return fail;
}
