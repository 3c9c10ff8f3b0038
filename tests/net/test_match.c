/*
 * test_match: community numbers matched between years (issue 10) on a planted partition
 * whose communities persist (tests/data/planted/planted.yaml, gen_planted.py): four
 * groups, one of which outgrows the others in 2018, so a numbering by size renumbers
 * every group from 2020; matched to the year before, each group keeps one number from
 * 2010 to 2025. The checker is shown to fail on the unmatched numbers.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/loader.h"
#include "net/analysis.h"
#include "net/graph.h"
#include "net/match.h"
#include "util/fixtures.c"

static const int years[] = {2010, 2015, 2020, 2025};
#define N_YEARS (sizeof years / sizeof years[0])

struct year {
    struct pn_graph *g;
    struct pn_metrics mx;
};

static void analyse_year(const struct pn_model *m, int year, struct year *y)
{
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    struct pn_diag d;
    pn_diag_init(&d);
    default_options(&go, &ao);
    go.at_year = year;
    memset(&y->mx, 0, sizeof y->mx);
    assert_int_equal(pn_graph_build(m, &go, &y->g, &d), PN_OK);
    assert_int_equal(pn_analysis_run(y->g, &ao, &y->mx, &d), PN_OK);
    pn_diag_destroy(&d);
}

/* The number of planted group g ('a'..'d') in y: -1 when its members are split. */
static long group_number(const struct pn_model *m, const struct year *y, char g)
{
    const struct pn_view *v = pn_graph_view(y->g);
    long num = -2;
    for (size_t i = 0; i < v->n_nodes; i++) {
        const char *id = m->entities[v->node_entity[i]].id;
        if (id[1] != g)
            continue;
        long c = (long)y->mx.v[PN_M_COMMUNITY][i];
        if (num == -2)
            num = c;
        else if (num != c)
            return -1;
    }
    return num;
}

/* Does every group keep one number in every year (and no two groups share one)? */
static bool stable(const struct pn_model *m, const struct year *ys, size_t n)
{
    for (char g = 'a'; g <= 'd'; g++) {
        long first = group_number(m, &ys[0], g);
        for (size_t k = 0; k < n; k++) {
            long c = group_number(m, &ys[k], g);
            if (c < 0 || c != first)
                return false;
            for (char h = 'a'; h < g; h++)
                if (group_number(m, &ys[k], h) == c)
                    return false;
        }
    }
    return true;
}

static void test_planted_years(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "planted/planted.yaml");
    struct year ys[N_YEARS];
    for (size_t k = 0; k < N_YEARS; k++)
        analyse_year(&m, years[k], &ys[k]);
    /* the groups are found every year, but numbered by size they change in 2020 */
    for (size_t k = 0; k < N_YEARS; k++)
        for (char g = 'a'; g <= 'd'; g++)
            assert_true(group_number(&m, &ys[k], g) >= 0);
    assert_int_equal(group_number(&m, &ys[0], 'd'), 3);
    assert_int_equal(group_number(&m, &ys[2], 'd'), 0);
    assert_false(stable(&m, ys, N_YEARS)); /* the checker fails on unmatched numbers */
    /* matched year by year to the one before */
    for (size_t k = 1; k < N_YEARS; k++) {
        struct pn_partition ref;
        pn_partition_of(&m, pn_graph_view(ys[k - 1].g), &ys[k - 1].mx, &ref);
        assert_int_equal(pn_match_communities(&m, pn_graph_view(ys[k].g), &ys[k].mx, &ref), 4);
        pn_partition_free(&ref);
    }
    assert_true(stable(&m, ys, N_YEARS));
    assert_int_equal(group_number(&m, &ys[3], 'd'), 3);
    for (size_t k = 0; k < N_YEARS; k++) {
        pn_metrics_destroy(&ys[k].mx);
        pn_graph_free(ys[k].g);
    }
    pn_model_destroy(&m);
}

/* A reference with its numbers turned round (c -> 3 - c): the matched numbers follow it,
 * a community the reference lacks takes the free number, and numbers stay 0..k-1. */
static void test_follows_reference(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "planted/planted.yaml");
    struct year y;
    analyse_year(&m, 2025, &y);
    struct pn_partition ref;
    pn_partition_of(&m, pn_graph_view(y.g), &y.mx, &ref);
    long before_d = group_number(&m, &y, 'd');
    for (size_t i = 0; i < ref.n; i++)
        ref.comm[i] = ref.ids[i][1] == 'a' ? 7 : 3 - ref.comm[i]; /* group a: number 7 */
    assert_int_equal(pn_match_communities(&m, pn_graph_view(y.g), &y.mx, &ref), 3);
    assert_int_equal(group_number(&m, &y, 'd'), 3 - before_d);
    long a = group_number(&m, &y, 'a');
    assert_true(a >= 0 && a < 4); /* 7 is beyond the 4 communities: the free number */
    for (char g = 'b'; g <= 'd'; g++)
        assert_true(group_number(&m, &y, g) != a);
    pn_partition_free(&ref);
    /* an empty reference changes nothing */
    struct pn_partition none = {0};
    assert_int_equal(pn_match_communities(&m, pn_graph_view(y.g), &y.mx, &none), 0);
    pn_metrics_destroy(&y.mx);
    pn_graph_free(y.g);
    pn_model_destroy(&m);
}

/* The reference of a report: metrics.csv's id and community columns, quotes skipped. */
static void test_partition_csv(void **state)
{
    (void)state;
    char path[] = "/tmp/pn-match-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("id,name,community\nx,\"A, \"\"quoted\"\" name\",2\ny,plain,0\nz,none,\n", fp);
    fclose(fp);
    struct pn_partition p;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_partition_load_csv(path, &p, &d), PN_OK);
    assert_int_equal(p.n, 2);
    assert_string_equal(p.ids[0], "x");
    assert_int_equal(p.comm[0], 2);
    assert_int_equal(p.comm[1], 0);
    pn_partition_free(&p);
    fp = fopen(path, "w");
    fputs("id,community\nx,1.5\n", fp);
    fclose(fp);
    assert_int_equal(pn_partition_load_csv(path, &p, &d), PN_EINPUT);
    assert_int_equal(d.msgs[0].line, 2);
    assert_int_equal(d.msgs[0].col, 3);
    assert_non_null(strstr(d.msgs[0].text, "expected a whole number"));
    unlink(path);
    pn_diag_destroy(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planted_years),
        cmocka_unit_test(test_follows_reference),
        cmocka_unit_test(test_partition_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
