/* Sampled betweenness (--betweenness-sample): exact when every node is a
 * source, reproducible for a seed, flagged approximate, and unbiased: the mean
 * of many seeded estimates converges on the exact value (karate club). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "net/analysis.h"
#include "net/graph.h"
#include "model/loader.h"
#include "model/model.h"
#include "util/fixtures.c"

struct net {
    struct pn_model m;
    struct pn_diag d;
    struct pn_graph *g;
};

static void net_load(struct net *t, const char *rel)
{
    pn_diag_init(&t->d);
    load_data(&t->m, rel);
    t->g = build(&t->m, NULL);
}

static void net_free(struct net *t)
{
    pn_graph_free(t->g);
    pn_model_destroy(&t->m);
    pn_diag_destroy(&t->d);
}

static void run(struct net *t, size_t sample, unsigned long seed, struct pn_metrics *mx)
{
    struct pn_analysis_options o;
    pn_analysis_options_default(&o);
    o.betweenness_sample = sample;
    o.seed = seed;
    assert_int_equal(pn_analysis_run(t->g, &o, mx, &t->d), PN_OK);
}

static void test_sample_all_is_exact(void **state)
{
    (void)state;
    struct net t;
    net_load(&t, "classic/karate.yaml");
    struct pn_metrics exact, all;
    run(&t, 0, 42, &exact);
    run(&t, 34, 42, &all); /* every node a source: the exact computation */
    assert_false(all.betweenness_approx);
    for (size_t i = 0; i < exact.n; i++)
        assert_true(exact.v[PN_M_BETWEENNESS][i] == all.v[PN_M_BETWEENNESS][i]);
    pn_metrics_destroy(&all);
    pn_metrics_destroy(&exact);
    net_free(&t);
}

static void test_sample_seeded_and_flagged(void **state)
{
    (void)state;
    struct net t;
    net_load(&t, "classic/karate.yaml");
    struct pn_metrics a, b, c;
    run(&t, 8, 7, &a);
    run(&t, 8, 7, &b);
    run(&t, 8, 8, &c);
    assert_true(a.betweenness_approx);
    bool differs = false;
    for (size_t i = 0; i < a.n; i++) {
        assert_true(a.v[PN_M_BETWEENNESS][i] == b.v[PN_M_BETWEENNESS][i]);
        differs = differs || a.v[PN_M_BETWEENNESS][i] != c.v[PN_M_BETWEENNESS][i];
    }
    assert_true(differs); /* another seed draws other sources */
    pn_metrics_destroy(&c);
    pn_metrics_destroy(&b);
    pn_metrics_destroy(&a);
    net_free(&t);
}

static void test_sample_unbiased(void **state)
{
    (void)state;
    struct net t;
    net_load(&t, "classic/karate.yaml");
    struct pn_metrics exact;
    run(&t, 0, 42, &exact);
    enum { RUNS = 400 };
    double mean[34] = {0};
    for (unsigned long seed = 1; seed <= RUNS; seed++) {
        struct pn_metrics mx;
        run(&t, 10, seed, &mx);
        for (size_t i = 0; i < mx.n; i++)
            mean[i] += mx.v[PN_M_BETWEENNESS][i] / RUNS;
        pn_metrics_destroy(&mx);
    }
    /* the three brokers of the club (nodes 0, 33, 32): mean within 5% of exact */
    double total_exact = 0, total_mean = 0;
    for (size_t i = 0; i < exact.n; i++) {
        total_exact += exact.v[PN_M_BETWEENNESS][i];
        total_mean += mean[i];
        if (exact.v[PN_M_BETWEENNESS][i] > 0.1)
            assert_true(fabs(mean[i] - exact.v[PN_M_BETWEENNESS][i]) <
                        0.05 * exact.v[PN_M_BETWEENNESS][i]);
    }
    assert_true(fabs(total_mean - total_exact) < 0.02 * total_exact);
    pn_metrics_destroy(&exact);
    net_free(&t);
}

/* Riondato-Kornaropoulos pairs (issue 12): betweenness alone (pn_analysis_options.only)
 * with --approx. Over 200 seeds on Les Miserables: the printed bound holds in at least
 * 1 - delta of the runs (with 3 standard deviations of slack), and the mean of the
 * estimates is the exact value within 7 standard errors (a biased path draw fails). */
static void rk_run(struct net *t, unsigned long seed, bool approx, struct pn_metrics *mx)
{
    struct pn_analysis_options o;
    pn_analysis_options_default(&o);
    o.only = 1UL << PN_M_BETWEENNESS;
    o.approx = approx ? PN_APPROX_ON : PN_APPROX_EXACT;
    o.epsilon = 0.5;
    o.seed = seed;
    assert_int_equal(pn_analysis_run(t->g, &o, mx, &t->d), PN_OK);
}

static void test_rk_pairs(void **state)
{
    (void)state;
    struct net t;
    net_load(&t, "classic/lesmis.yaml");
    struct pn_metrics exact;
    rk_run(&t, 1, false, &exact);
    enum { RUNS = 200, N = 77 };
    assert_int_equal(exact.n, N);
    double sum[N] = {0}, sq[N] = {0};
    int over = 0;
    size_t pairs = 0;
    for (unsigned long seed = 1; seed <= RUNS; seed++) {
        struct pn_metrics mx;
        rk_run(&t, seed, true, &mx);
        pairs = mx.approx.pairs;
        assert_true(mx.approx.on);
        assert_true(mx.approx.pairs > 0 && mx.approx.pairs < N);
        assert_string_equal(mx.approx.betweenness_method, "riondato-kornaropoulos");
        double worst = 0;
        for (size_t i = 0; i < N; i++) {
            double x = mx.v[PN_M_BETWEENNESS][i];
            worst = fmax(worst, fabs(x - exact.v[PN_M_BETWEENNESS][i]));
            sum[i] += x;
            sq[i] += x * x;
        }
        over += worst > mx.approx.betweenness_bound;
        pn_metrics_destroy(&mx);
    }
    assert_true(over <= RUNS * 0.1 + 3 * sqrt(RUNS * 0.1 * 0.9));
    for (size_t i = 0; i < N; i++) {
        double mean = sum[i] / RUNS, var = (sq[i] / RUNS - mean * mean) * RUNS / (RUNS - 1);
        double se = sqrt(fmax(var, 0) / RUNS), x = exact.v[PN_M_BETWEENNESS][i];
        if (se == 0) /* never on a drawn path: likely only when x is tiny */
            assert_true(mean == 0 && x * (N - 2.0) / N * pairs * RUNS < 14);
        else
            assert_true(fabs(mean - x) <= 7 * se);
    }
    pn_metrics_destroy(&exact);
    net_free(&t);
}

int main(void)
{
    pn_graph_lib_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_all_is_exact),
        cmocka_unit_test(test_sample_seeded_and_flagged),
        cmocka_unit_test(test_sample_unbiased),
        cmocka_unit_test(test_rk_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
