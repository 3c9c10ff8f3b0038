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
    pn_diff_write(&sb, &df, PN_FMT_CSV, 0);
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
    pn_diff_write(&sb, &df, PN_FMT_JSON, 0);
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

/* Lines of text that start with prefix. */
static size_t lines_starting(const char *text, const char *prefix)
{
    size_t n = 0, len = strlen(prefix);
    for (const char *p = text; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p)
        n += strncmp(p, prefix, len) == 0;
    return n;
}

static size_t lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p != '\0'; p++)
        n += *p == '\n';
    return n;
}

/* issue 10: networks/lorraine against itself plus one institution and one tie
 * (scenarios/issue-10-plus-one.yaml): 190 rank moves, nearly all by one place, once
 * printed in full (201 lines). The table is now the counts, the two changes and the few
 * moves that matter; --top 3 at most 3 rank lines per metric; JSON keeps every row. */
static void test_one_entity_added(void **state)
{
    (void)state;
    const char *paths[2] = {PN_SOURCE_DIR "/networks/lorraine",
                            PN_TEST_DIR "/data/scenarios/issue-10-plus-one.yaml"};
    struct pn_model a, b;
    struct pn_diag d;
    pn_diag_init(&d);
    pn_model_init(&a);
    pn_model_init(&b);
    assert_int_equal(pn_loader_load(&a, paths, 1, &d), PN_OK);
    assert_int_equal(pn_loader_load(&b, paths, 2, &d), PN_OK);
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    struct pn_diff df;
    pn_diff_init(&df);
    pn_diff_models(&a, &b, &df);
    assert_int_equal(df.n_entries, 2);
    assert_int_equal(pn_diff_ranks(&a, &b, &go, &ao, &df, &d), PN_OK);
    size_t moved = 0, matter = 0;
    for (size_t i = 0; i < df.n_ranks; i++) {
        moved += df.ranks[i].old_rank != df.ranks[i].new_rank;
        matter += pn_diff_move_matters(&df.ranks[i]);
    }
    assert_true(moved > 100);
    assert_true(matter <= 10);

    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_diff_write(&sb, &df, PN_FMT_TABLE, 0);
    const char *t = pn_strbuf_str(&sb);
    assert_non_null(strstr(t, "  entities     1 added, 0 removed, 0 changed\n"
                              "  ties         1 added, 0 removed, 0 changed\n"
                              "  memberships  0 added, 0 removed, 0 changed\n"
                              "  ranks        "));
    assert_non_null(strstr(t, "added   entity  epfl"));
    assert_non_null(strstr(t, "added   tie     epfl -- univ-lorraine (research)"));
    assert_non_null(strstr(t, "Rank moves of 5 places or more, or into or out of the top 10"));
    /* 5 counts + 2 blank + 3 changes + title and header of the moves, and the moves
     * (or the title and "None.") */
    assert_int_equal(lines(t), matter > 0 ? 12 + matter : 13);
    assert_true(lines(t) <= 20);

    pn_strbuf_reset(&sb);
    pn_diff_write(&sb, &df, PN_FMT_TABLE, 3);
    t = pn_strbuf_str(&sb);
    assert_non_null(strstr(t, "The 3 largest rank moves by metric"));
    size_t rank_lines = 0;
    for (int me = 0; me < PN_M_COUNT; me++) {
        char *prefix = pn_xasprintf("%s ", pn_metric_info[me].name);
        size_t k = lines_starting(t, prefix);
        free(prefix);
        assert_true(k <= 3);
        rank_lines += k;
    }
    assert_true(rank_lines > 0);
    assert_int_equal(lines(t), 12 + rank_lines);

    /* machines filter themselves: every node and metric, and the counts */
    pn_strbuf_reset(&sb);
    pn_diff_write(&sb, &df, PN_FMT_JSON, 3);
    t = pn_strbuf_str(&sb);
    char *counts = pn_xasprintf("\"rank_moves\": {\"nodes\": ");
    assert_non_null(strstr(t, counts));
    free(counts);
    assert_int_equal(lines_starting(t, "    {\"metric\": "), df.n_ranks);
    pn_strbuf_destroy(&sb);
    pn_diff_destroy(&df);
    pn_diag_destroy(&d);
    pn_model_destroy(&b);
    pn_model_destroy(&a);
}

int main(void)
{
    pn_graph_lib_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_changes),
        cmocka_unit_test(test_ranks),
        cmocka_unit_test(test_one_entity_added),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
