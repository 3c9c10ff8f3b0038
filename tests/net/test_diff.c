/*
 * test_diff: two versions of a small network (tests/data/scenarios/diff-*.yaml):
 * every added, removed and changed entity, tie and membership against the
 * expected file, and rank changes worked out by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net/analysis.h"
#include "net/diff.h"
#include "net/graph.h"
#include "model/loader.h"
#include "model/model.h"
#include "util/fixtures.c"

static void test_model_changes(void **state)
{
    (void)state;
    struct pn_model a, b;
    load_data(&a, "scenarios/diff-old.yaml");
    load_data(&b, "scenarios/diff-new.yaml");
    struct pn_diff df;
    pn_diff_init(&df);
    pn_diff_models(&a, &b, &df);
    /* entities: eps added, gamma removed, beta (name) and delta (country,
     * parent, attrs) and union (until) changed; alpha's themes only changed
     * order: no change */
    assert_int_equal(df.count[PN_DIFF_ENTITY][PN_DIFF_ADDED], 1);
    assert_int_equal(df.count[PN_DIFF_ENTITY][PN_DIFF_REMOVED], 1);
    assert_int_equal(df.count[PN_DIFF_ENTITY][PN_DIFF_CHANGED], 3);
    /* ties: [delta, alpha] is [alpha, delta] (weight 2 -> 3); a second
     * alpha-beta agreement is "#2"; beta-gamma gone; delta-eps new */
    assert_int_equal(df.count[PN_DIFF_TIE][PN_DIFF_ADDED], 2);
    assert_int_equal(df.count[PN_DIFF_TIE][PN_DIFF_REMOVED], 1);
    assert_int_equal(df.count[PN_DIFF_TIE][PN_DIFF_CHANGED], 1);
    assert_int_equal(df.count[PN_DIFF_MEMBERSHIP][PN_DIFF_ADDED], 1);
    assert_int_equal(df.count[PN_DIFF_MEMBERSHIP][PN_DIFF_REMOVED], 1);
    assert_int_equal(df.count[PN_DIFF_MEMBERSHIP][PN_DIFF_CHANGED], 1);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_diff_write(&sb, &df, PN_FMT_CSV);
    char *want = slurp_data("scenarios/diff-expected.csv");
    assert_string_equal(pn_strbuf_str(&sb), want);
    free(want);
    pn_strbuf_destroy(&sb);
    pn_diff_destroy(&df);

    /* a network against itself: nothing */
    pn_diff_init(&df);
    pn_diff_models(&a, &a, &df);
    assert_int_equal(df.n_entries, 0);
    pn_diff_destroy(&df);
    pn_model_destroy(&b);
    pn_model_destroy(&a);
}

static const struct pn_diff_rank *rank_of(const struct pn_diff *df, int metric, const char *id)
{
    for (size_t i = 0; i < df->n_ranks; i++)
        if (df->ranks[i].metric == metric && strcmp(df->ranks[i].id, id) == 0)
            return &df->ranks[i];
    fail_msg("no rank for %s", id);
    return NULL;
}

/* Degrees. Old: beta 4 (alpha, gamma, delta, union); alpha, union 3; gamma,
 * delta 2 -> ranks beta 1, alpha 2, union 2, gamma 4, delta 4. New (the two
 * alpha-beta ties merge): alpha, beta, delta, union 3; eps 2 -> 1, 1, 1, 1, 5. */
static void test_ranks(void **state)
{
    (void)state;
    struct pn_model a, b;
    load_data(&a, "scenarios/diff-old.yaml");
    load_data(&b, "scenarios/diff-new.yaml");
    struct pn_graph_options go;
    memset(&go, 0, sizeof go);
    go.at_year = PN_YEAR_UNSET;
    struct pn_analysis_options ao;
    pn_analysis_options_default(&ao);
    struct pn_diff df;
    pn_diff_init(&df);
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_diff_ranks(&a, &b, &go, &ao, &df, &d), PN_OK);
    assert_true(df.have_ranks);
    /* 6 ids (5 old + eps) by every metric but community */
    assert_int_equal(df.n_ranks, 6 * (PN_M_COUNT - 1));
    const struct pn_diff_rank *r = rank_of(&df, PN_M_DEGREE, "delta");
    assert_int_equal(r->old_rank, 4);
    assert_int_equal(r->new_rank, 1);
    assert_true(r->old_value == 2 && r->new_value == 3);
    r = rank_of(&df, PN_M_DEGREE, "beta");
    assert_int_equal(r->old_rank, 1);
    assert_int_equal(r->new_rank, 1);
    r = rank_of(&df, PN_M_DEGREE, "eps");
    assert_int_equal(r->old_rank, 0);
    assert_true(isnan(r->old_value));
    assert_int_equal(r->new_rank, 5);
    r = rank_of(&df, PN_M_DEGREE, "gamma");
    assert_int_equal(r->old_rank, 4);
    assert_int_equal(r->new_rank, 0);
    /* rows by metric, then id */
    for (size_t i = 1; i < df.n_ranks; i++)
        assert_true(df.ranks[i - 1].metric < df.ranks[i].metric ||
                    (df.ranks[i - 1].metric == df.ranks[i].metric &&
                     strcmp(df.ranks[i - 1].id, df.ranks[i].id) < 0));
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_diff_write(&sb, &df, PN_FMT_JSON);
    assert_non_null(strstr(pn_strbuf_str(&sb), "\"summary\": {\"entities\": {\"added\": 0"));
    assert_non_null(strstr(pn_strbuf_str(&sb),
                           "{\"metric\": \"degree\", \"id\": \"delta\", \"name\": \"Delta Corp\", "
                           "\"old_rank\": 4, \"new_rank\": 1, \"change\": 3, \"old_value\": 2, "
                           "\"new_value\": 3}"));
    pn_strbuf_destroy(&sb);

    /* a focus unknown in one version: the error says which */
    pn_diff_destroy(&df);
    pn_diff_init(&df);
    go.focus = "gamma";
    go.radius = 1;
    assert_int_equal(pn_diff_ranks(&a, &b, &go, &ao, &df, &d), PN_EINPUT);
    assert_non_null(strstr(d.msgs[0].text, "new network: unknown focus id 'gamma'"));
    pn_diag_destroy(&d);
    pn_diff_destroy(&df);
    pn_model_destroy(&b);
    pn_model_destroy(&a);
}

int main(void)
{
    pn_graph_lib_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_changes),
        cmocka_unit_test(test_ranks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
