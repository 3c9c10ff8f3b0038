/*
 * test_scenario: whatif, rank-removals, evolution, themes and the helpers
 * (ranks, model without entities, efficiency, table writer, chart) on small
 * networks in tests/data/scenarios/ whose answers are worked out by hand here.
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
#include "net/graph.h"
#include "model/loader.h"
#include "model/model.h"
#include "net/scenario.h"

#define EPS 1e-12
#define assert_near(x, y) assert_true(fabs((double)(x) - (double)(y)) <= EPS)
#include "util/fixtures.c"

static const char *id_of(const struct pn_model *m, size_t e)
{
    return m->entities[e].id;
}

static const struct pn_whatif_node *node(const struct pn_model *m, const struct pn_whatif_result *r,
                                         const char *id)
{
    for (size_t i = 0; i < r->n_nodes; i++)
        if (strcmp(id_of(m, r->nodes[i].entity), id) == 0)
            return &r->nodes[i];
    fail_msg("no node '%s'", id);
    return NULL;
}

/* ---- helpers ------------------------------------------------------------ */

static void test_ranks(void **state)
{
    (void)state;
    double v[] = {3, 1, 3, NAN, 2, 3 + 1e-14};
    size_t r[6];
    pn_scenario_ranks(v, 6, true, r);
    /* three equal top values (one differs by rounding only) share rank 1 */
    size_t want[] = {1, 5, 1, 0, 4, 1};
    for (int i = 0; i < 6; i++)
        assert_int_equal(r[i], want[i]);
    pn_scenario_ranks(v, 6, false, r);
    size_t want_low[] = {3, 1, 3, 0, 2, 3};
    for (int i = 0; i < 6; i++)
        assert_int_equal(r[i], want_low[i]);
}

static void test_model_without(void **state)
{
    (void)state;
    struct pn_model m, s;
    load_data(&m, "scenarios/group.yaml");
    bool drop[5] = {false};
    size_t x = pn_model_find(&m, "x");
    drop[x] = true;
    size_t *orig = NULL;
    pn_scenario_model_without(&m, drop, &s, &orig);
    assert_int_equal(s.n_entities, m.n_entities - 1);
    assert_int_equal(pn_model_find(&s, "x"), PN_NONE);
    size_t al = pn_model_find(&s, "al");
    assert_int_not_equal(al, PN_NONE);
    assert_int_equal(orig[al], pn_model_find(&m, "al"));
    /* x's membership and its tie to w are gone; y and z stay, re-indexed */
    assert_int_equal(s.entities[al].n_members, 2);
    assert_string_equal(s.entities[s.entities[al].members[0].entity].id, "y");
    assert_string_equal(s.entities[s.entities[al].members[1].entity].id, "z");
    assert_int_equal(s.n_ties, 0);
    /* the original is untouched */
    assert_int_equal(m.entities[pn_model_find(&m, "al")].n_members, 3);
    assert_int_equal(m.n_ties, 1);
    free(orig);
    pn_scenario_model_free(&s);
    pn_model_destroy(&m);
}

/* Weights are strengths; efficiency uses distance 1/w: a path a-b-c with
 * weights 2 has d(a,b) = d(b,c) = 0.5, d(a,c) = 1, so E = (2 + 2 + 1) / 3. */
static void test_efficiency_weighted(void **state)
{
    (void)state;
    struct pn_model m;
    load_text(&m, "inline.yaml", "partnet: 1\n"
                  "institutions:\n"
                  "  - {id: a, name: A}\n  - {id: b, name: B}\n  - {id: c, name: C}\n"
                  "ties:\n"
                  "  - {between: [a, b], weight: 2}\n  - {between: [b, c], weight: 2}\n");
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    struct pn_graph *g = NULL;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_graph_build(&m, &go, &g, &d), PN_OK);
    double e = -1;
    assert_int_equal(pn_scenario_efficiency(g, &e, &d), PN_OK);
    assert_near(e, 5.0 / 3.0);
    pn_graph_free(g);
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

/* ---- whatif --------------------------------------------------------------- */

/* two-cliques.yaml: triangles a1a2a3, b1b2b3, hub tied to a1 and b1.
 * Sum of 1/d over the 21 pairs: within triangles 3 + 3; hub to each side
 * 1 + 1/2 + 1/2 = 2 (twice); across: 1/2 + 4 * 1/3 + 4 * 1/4 = 17/6.
 * E = (10 + 17/6) / 21 = 11/18. Without hub: 6 pairs at distance 1 out of
 * 15: E = 2/5, and the b side (3 nodes) leaves the largest component. */
static void test_whatif_bridge(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "scenarios/two-cliques.yaml");
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    const char *rm[] = {"hub"};
    struct pn_whatif_options wo = {rm, 1, NULL, 0};
    struct pn_whatif_result r;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_scenario_whatif(&m, &go, &ao, &wo, &r, &d), PN_OK);
    assert_int_equal(r.before.nodes, 7);
    assert_int_equal(r.after.nodes, 6);
    assert_int_equal(r.before.edges, 8);
    assert_int_equal(r.after.edges, 6);
    assert_int_equal(r.before.components, 1);
    assert_int_equal(r.after.components, 2);
    assert_int_equal(r.before.largest, 7);
    assert_int_equal(r.after.largest, 3);
    assert_near(r.before.efficiency, 11.0 / 18.0);
    assert_near(r.after.efficiency, 2.0 / 5.0);
    assert_int_equal(r.n_lost, 3);
    assert_int_equal(r.n_removed, 1);
    assert_string_equal(id_of(&m, r.removed[0]), "hub");
    const char *lost[] = {"b1", "b2", "b3"};
    for (int i = 0; i < 3; i++) {
        const struct pn_whatif_node *x = node(&m, &r, lost[i]);
        assert_true(x->reach_before);
        assert_false(x->reach_after);
    }
    assert_true(node(&m, &r, "a2")->reach_after);
    assert_true(node(&m, &r, "hub")->removed);
    /* betweenness (metric 0): hub first before (9 of 15 pairs through it:
     * 9 / 15 = 0.6), absent after; a1 and b1 tie second before */
    const struct pn_whatif_node *hub = node(&m, &r, "hub"), *a1 = node(&m, &r, "a1");
    assert_int_equal(pn_whatif_metrics[0], PN_M_BETWEENNESS);
    assert_near(hub->value[0][0], 0.6);
    assert_int_equal(hub->rank[0][0], 1);
    assert_int_equal(hub->rank[0][1], 0);
    assert_true(isnan(hub->value[0][1]));
    assert_int_equal(a1->rank[0][0], 2);
    assert_int_equal(node(&m, &r, "b1")->rank[0][0], 2);
    /* nodes sorted by id */
    for (size_t i = 1; i < r.n_nodes; i++)
        assert_true(strcmp(id_of(&m, r.nodes[i - 1].entity), id_of(&m, r.nodes[i].entity)) < 0);
    pn_whatif_result_destroy(&r);
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

/* From a2, removing a1 leaves only a3 reachable: hub, b1, b2, b3 are lost. */
static void test_whatif_focus(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "scenarios/two-cliques.yaml");
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    const char *rm[] = {"a1", "a1"}; /* a repeat counts once */
    struct pn_whatif_options wo = {rm, 2, "a2", 3};
    struct pn_whatif_result r;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_scenario_whatif(&m, &go, &ao, &wo, &r, &d), PN_OK);
    assert_int_equal(r.n_removed, 1);
    assert_string_equal(id_of(&m, r.focus), "a2");
    assert_int_equal(r.before.reach, 6);
    assert_int_equal(r.after.reach, 1);
    assert_int_equal(r.n_lost, 4);
    assert_false(node(&m, &r, "hub")->reach_after);
    assert_true(node(&m, &r, "a3")->reach_after);
    assert_false(node(&m, &r, "a2")->reach_before); /* the focus itself is not counted */
    /* output: JSON names the focus, table lists the lost */
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_scenario_whatif_write(&sb, &m, &r, PN_FMT_JSON);
    assert_non_null(strstr(pn_strbuf_str(&sb), "\"focus\": \"a2\""));
    assert_non_null(strstr(pn_strbuf_str(&sb), "\"n_lost\": 4"));
    pn_strbuf_reset(&sb);
    pn_scenario_whatif_write(&sb, &m, &r, PN_FMT_TABLE);
    assert_non_null(
        strstr(pn_strbuf_str(&sb), "Lost reach: 4 nodes no longer reachable from 'a2'"));
    pn_strbuf_destroy(&sb);
    pn_whatif_result_destroy(&r);
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

/* Removing the alliance cuts y and z off (x keeps w), with or without the
 * institutions projection (where the alliance's co-membership ties go). */
static void test_whatif_group(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "scenarios/group.yaml");
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    const char *rm[] = {"al"};
    struct pn_whatif_options wo = {rm, 1, NULL, 0};
    struct pn_whatif_result r;
    struct pn_diag d;
    pn_diag_init(&d);
    for (int proj = 0; proj < 2; proj++) {
        go.projection = proj ? PN_PROJ_INSTITUTIONS : PN_PROJ_NONE;
        assert_int_equal(pn_scenario_whatif(&m, &go, &ao, &wo, &r, &d), PN_OK);
        assert_int_equal(r.before.nodes, proj ? 4 : 5);
        assert_int_equal(r.before.edges, 4); /* x-al y-al z-al x-w, or x-y x-z y-z x-w */
        assert_int_equal(r.after.nodes, 4);
        assert_int_equal(r.after.edges, 1);
        assert_int_equal(r.after.largest, 2);
        assert_int_equal(r.n_lost, 2);
        assert_false(node(&m, &r, "y")->reach_after);
        assert_false(node(&m, &r, "z")->reach_after);
        assert_true(node(&m, &r, "w")->reach_after);
        pn_whatif_result_destroy(&r);
    }
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

/* Filters apply to both networks: in the energy theme, e1..e3 are there only
 * as ends of e0's tagged ties, so removing e0 takes them along (all lost);
 * at 1990 nothing changes the counts, as no date is set. */
static void test_whatif_filters(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "scenarios/themes.yaml");
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    const char *energy[] = {"energy"};
    go.themes = energy;
    go.n_themes = 1;
    const char *rm[] = {"e0"};
    struct pn_whatif_options wo = {rm, 1, NULL, 0};
    struct pn_whatif_result r;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_scenario_whatif(&m, &go, &ao, &wo, &r, &d), PN_OK);
    assert_int_equal(r.before.nodes, 4);
    assert_int_equal(r.after.nodes, 0);
    assert_int_equal(r.n_lost, 3);
    assert_near(r.before.efficiency, (3 + 3 * 0.5) / 6.0); /* star: 3 pairs at 1, 3 at 2 */
    assert_near(r.after.efficiency, 0);
    pn_whatif_result_destroy(&r);
    /* without the filter: e1 keeps h1 (untagged tie), the whole network is 7 nodes */
    go.n_themes = 0;
    go.at_year = 1990;
    assert_int_equal(pn_scenario_whatif(&m, &go, &ao, &wo, &r, &d), PN_OK);
    assert_int_equal(r.before.nodes, 7);
    assert_int_equal(r.after.nodes, 6);
    assert_int_equal(r.after.largest, 4); /* e1 h1 h2 h3 */
    assert_int_equal(r.n_lost, 2);        /* e2, e3 */
    pn_whatif_result_destroy(&r);
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

static void test_whatif_errors(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "scenarios/two-cliques.yaml");
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    struct pn_whatif_result r;
    struct pn_diag d;
    pn_diag_init(&d);
    const char *rm[] = {"hubb", "a1", "zzzzzzzz"};
    struct pn_whatif_options wo = {rm, 3, NULL, 0};
    assert_int_equal(pn_scenario_whatif(&m, &go, &ao, &wo, &r, &d), PN_EINPUT);
    assert_int_equal(d.n_errors, 2); /* every unknown id is reported */
    assert_null(d.msgs[0].file);
    assert_string_equal(d.msgs[0].text, "unknown id 'hubb' in --remove (did you mean 'hub'?)");
    assert_string_equal(d.msgs[1].text, "unknown id 'zzzzzzzz' in --remove");
    assert_null(r.nodes);
    pn_diag_clear(&d);
    d.n_errors = 0;
    struct pn_whatif_options wf = {rm + 1, 1, "a1", 0};
    assert_int_equal(pn_scenario_whatif(&m, &go, &ao, &wf, &r, &d), PN_EINPUT);
    assert_non_null(strstr(d.msgs[0].text, "the focus 'a1' cannot be removed"));
    pn_diag_clear(&d);
    struct pn_whatif_options wu = {rm + 1, 1, "a11", 0};
    assert_int_equal(pn_scenario_whatif(&m, &go, &ao, &wu, &r, &d), PN_EINPUT);
    assert_string_equal(d.msgs[0].text, "unknown id 'a11' in --focus (did you mean 'a1'?)");
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

/* ---- rank-removals ------------------------------------------------------------ */

/* hub cuts 3 nodes off (pairs: 21 - 6 of its own - 6 left = 9); a1 cuts a2, a3
 * off (21 - 6 - (6 + 1) = 8); removing a2 leaves E = 9.5 / 15 = 19/30. */
static void test_rank_removals(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "scenarios/two-cliques.yaml");
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    struct pn_damage *dm = NULL;
    size_t n = 0;
    struct pn_net_figures before;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_scenario_rank_removals(&m, &go, NULL, NULL, &dm, &n, &before, NULL, &d), PN_OK);
    assert_int_equal(n, 7);
    assert_near(before.efficiency, 11.0 / 18.0);
    assert_string_equal(id_of(&m, dm[0].entity), "hub");
    assert_int_equal(dm[0].rank, 1);
    assert_int_equal(dm[0].disconnected, 3);
    assert_near(dm[0].pairs_lost, 9);
    assert_int_equal(dm[0].components_after, 2);
    assert_near(dm[0].efficiency_after, 0.4);
    assert_near(dm[0].efficiency_drop, 11.0 / 18.0 - 0.4);
    assert_string_equal(id_of(&m, dm[1].entity), "a1");
    assert_string_equal(id_of(&m, dm[2].entity), "b1");
    for (int i = 1; i <= 2; i++) {
        assert_int_equal(dm[i].rank, 2);
        assert_int_equal(dm[i].disconnected, 2);
        assert_near(dm[i].pairs_lost, 8);
        assert_near(dm[i].efficiency_after, 0.4);
    }
    for (int i = 3; i < 7; i++) {
        assert_int_equal(dm[i].rank, 4);
        assert_int_equal(dm[i].disconnected, 0);
        assert_near(dm[i].pairs_lost, 0);
        assert_near(dm[i].efficiency_after, 19.0 / 30.0);
        assert_true(dm[i].efficiency_drop < 0); /* losing a leaf-like node raises E */
    }
    free(dm);

    /* from b2's point of view, a1 no longer matters at all but hub cuts 4 off */
    assert_int_equal(pn_scenario_rank_removals(&m, &go, "b2", NULL, &dm, &n, &before, NULL, &d), PN_OK);
    assert_int_equal(n, 6); /* the focus is not removed */
    assert_int_equal(before.reach, 6);
    assert_string_equal(id_of(&m, dm[0].entity), "b1");
    assert_int_equal(dm[0].disconnected, 4); /* hub, a1, a2, a3 */
    assert_string_equal(id_of(&m, dm[1].entity), "hub");
    assert_int_equal(dm[1].disconnected, 3);
    assert_string_equal(id_of(&m, dm[2].entity), "a1");
    assert_int_equal(dm[2].disconnected, 2);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_scenario_damage_write(&sb, &m, dm, n, &before, "b2", 2, NULL, PN_FMT_CSV);
    assert_string_equal(pn_strbuf_str(&sb),
                        "rank,id,name,kind,disconnected,pairs_lost,components_after,"
                        "efficiency_after,efficiency_drop\n"
                        "1,b1,B one,institution,4,8,2,0.4,0.2111111111\n"
                        "2,hub,The hub,institution,3,9,2,0.4,0.2111111111\n");
    pn_strbuf_destroy(&sb);
    free(dm);
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

/* issue 10: with a focus in the graph options, the removals are those of its ego
 * network, held fixed. Ego of a1, radius 2: a1 a2 a3 hub b1 (b2 and b3 lie 3 steps
 * away). From a1, hub cuts b1 off; pairs 10 - 4 of its own - 3 left = 3; after it the
 * triangle alone, E = 3 / 6. The entities are the caller's model's. */
static void test_rank_removals_ego(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "scenarios/two-cliques.yaml");
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    go.focus = "a1";
    go.radius = 2;
    struct pn_damage *dm = NULL;
    size_t n = 0;
    struct pn_net_figures before;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_scenario_rank_removals(&m, &go, "a1", NULL, &dm, &n, &before, NULL, &d), PN_OK);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(before.nodes, 5);
    assert_int_equal(before.edges, 5);
    assert_int_equal(before.reach, 4);
    assert_near(before.efficiency, (5 + 3 * 0.5 + 2.0 / 3.0) / 10.0);
    assert_int_equal(n, 4); /* the focus is not removed */
    assert_string_equal(id_of(&m, dm[0].entity), "hub");
    assert_int_equal(dm[0].disconnected, 1);
    assert_near(dm[0].pairs_lost, 3);
    assert_near(dm[0].efficiency_after, 0.5);
    for (size_t i = 1; i < n; i++) {
        const char *id = id_of(&m, dm[i].entity);
        assert_true(strcmp(id, "a2") == 0 || strcmp(id, "a3") == 0 || strcmp(id, "b1") == 0);
        assert_int_equal(dm[i].disconnected, 0);
        assert_near(dm[i].pairs_lost, 0);
    }
    free(dm);
    /* measured from the largest component, the centre itself may go */
    assert_int_equal(pn_scenario_rank_removals(&m, &go, NULL, NULL, &dm, &n, &before, NULL, &d), PN_OK);
    assert_int_equal(n, 5);
    free(dm);
    /* an unknown centre is the graph's error, as for every command */
    go.focus = "zz";
    assert_int_equal(pn_scenario_rank_removals(&m, &go, NULL, NULL, &dm, &n, &before, NULL, &d), PN_EINPUT);
    assert_null(dm);
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

/* ---- evolution -------------------------------------------------------------- */

/* evolution.yaml: p since 2000, q since 2005, r 2010-2015, s since 1999;
 * ties p-q since 2006, q-r 2010-2012, p-s always, r-s since 2014. */
static void test_evolution(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "scenarios/evolution.yaml");
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    go.at_year = 1990; /* ignored: each year sets its own */
    struct pn_evolution_options eo = {1998, 2016, 2, PN_M_DEGREE, 0};
    struct pn_evolution ev;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_scenario_evolution(&m, &go, &ao, &eo, &ev, &d), PN_OK);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(ev.n_years, 10);
    /* year:        1998 2000 2002 2004 2006 2008 2010 2012 2014 2016 */
    size_t nodes[] = {0, 2, 2, 2, 3, 3, 4, 4, 4, 3};
    size_t edges[] = {0, 1, 1, 1, 2, 2, 3, 3, 3, 2};
    for (size_t i = 0; i < 10; i++) {
        assert_int_equal(ev.years[i].year, 1998 + 2 * (int)i);
        assert_int_equal(ev.years[i].nodes, nodes[i]);
        assert_int_equal(ev.years[i].edges, edges[i]);
        assert_int_equal(ev.years[i].components, nodes[i] ? 1 : 0);
    }
    assert_true(isnan(ev.years[0].density));
    assert_near(ev.years[0].efficiency, 0);
    /* 2010: path r-q-p-s: density 3/6, efficiency (3 + 2/2 + 1/3) / 6 */
    assert_near(ev.years[6].density, 0.5);
    assert_near(ev.years[6].efficiency, (3 + 1 + 1.0 / 3.0) / 6.0);
    assert_near(ev.years[6].diameter, 3);
    /* 2014: q-p-s-r, a path again, with r at an end */
    assert_near(ev.years[8].efficiency, (3 + 1 + 1.0 / 3.0) / 6.0);
    /* degree ranks of 2014 (rows of a year are in id order): p 2, q 1, r 1, s 2 */
    size_t want[][2] = {{2, 1}, {1, 3}, {1, 3}, {2, 1}};
    const char *ids[] = {"p", "q", "r", "s"};
    size_t k = 0;
    for (size_t i = 0; i < ev.n_ranks; i++) {
        if (ev.ranks[i].year != 2014)
            continue;
        assert_string_equal(id_of(&m, ev.ranks[i].entity), ids[k]);
        assert_near(ev.ranks[i].value, (double)want[k][0]);
        assert_int_equal(ev.ranks[i].rank, want[k][1]);
        k++;
    }
    assert_int_equal(k, 4);
    size_t n_top = 0;
    size_t *top = pn_scenario_evolution_top(&m, &ev, 3, &n_top);
    /* 2016: p has degree 2 (q, s), q and s degree 1 */
    assert_int_equal(n_top, 3);
    assert_string_equal(id_of(&m, top[0]), "p");
    assert_string_equal(id_of(&m, top[1]), "q");
    assert_string_equal(id_of(&m, top[2]), "s");
    free(top);

    /* the chart: user text escaped, same bytes twice */
    struct pn_strbuf a, b;
    pn_strbuf_init(&a);
    pn_strbuf_init(&b);
    pn_scenario_evolution_chart(&a, &m, &ev, 3);
    pn_scenario_evolution_chart(&b, &m, &ev, 3);
    assert_string_equal(pn_strbuf_str(&a), pn_strbuf_str(&b));
    assert_non_null(strstr(pn_strbuf_str(&a), "Growth &lt;2000–2016&gt; &amp; change"));
    assert_non_null(strstr(pn_strbuf_str(&a), "P &lt;first&gt;"));
    assert_null(strstr(pn_strbuf_str(&a), "<first>"));
    assert_null(strstr(pn_strbuf_str(&a), "& change"));
    assert_non_null(strstr(pn_strbuf_str(&a), "<g class=\"partner\" id=\"partner-p\">"));
    pn_strbuf_destroy(&a);
    pn_strbuf_destroy(&b);
    pn_evolution_destroy(&ev);

    /* an unknown focus is an error, a year before the focus existed is empty */
    go.focus = "rr";
    go.radius = 1;
    assert_int_equal(pn_scenario_evolution(&m, &go, &ao, &eo, &ev, &d), PN_EINPUT);
    assert_string_equal(d.msgs[0].text, "unknown id 'rr' in --focus (did you mean 'r'?)");
    go.focus = "r";
    pn_diag_clear(&d);
    d.n_errors = 0;
    assert_int_equal(pn_scenario_evolution(&m, &go, &ao, &eo, &ev, &d), PN_OK);
    assert_int_equal(ev.years[5].nodes, 0); /* 2008 */
    assert_int_equal(ev.years[6].nodes, 2); /* 2010: r and q */
    assert_int_equal(ev.years[8].nodes, 2); /* 2014: r and s */
    pn_evolution_destroy(&ev);
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

/* ---- themes -------------------------------------------------------------------- */

/* energy: a star with 3 leaves. PageRank (d = 0.85, n = 4): c = 0.0375 +
 * 0.85 * 3 * l and l = 0.0375 + 0.85 * c / 3 give c = 0.133125 / 0.2775. */
static void test_themes(void **state)
{
    (void)state;
    struct pn_model m;
    load_data(&m, "scenarios/themes.yaml");
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    default_options(&go, &ao);
    struct pn_theme_leaders *tl = NULL;
    size_t n = 0;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_scenario_themes(&m, &go, &ao, 2, &tl, &n, &d), PN_OK);
    assert_int_equal(n, 3);
    assert_string_equal(m.themes[tl[0].theme].id, "energy");
    assert_int_equal(tl[0].nodes, 4);
    assert_int_equal(tl[0].edges, 3);
    assert_int_equal(tl[0].n, 2);
    assert_string_equal(id_of(&m, tl[0].entity[0]), "e0");
    assert_true(fabs(tl[0].pagerank[0] - 0.133125 / 0.2775) < 1e-9);
    assert_string_equal(id_of(&m, tl[0].entity[1]), "e1"); /* equal leaves: by id */
    assert_int_equal(tl[0].rank[1], 2);
    assert_true(fabs(tl[0].pagerank[1] - (1 - 0.133125 / 0.2775) / 3) < 1e-9);
    assert_string_equal(id_of(&m, tl[1].entity[0]), "h2");
    assert_int_equal(tl[2].nodes, 0); /* space: nothing tagged */
    assert_int_equal(tl[2].n, 0);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_scenario_themes_write(&sb, &m, tl, n, PN_FMT_CSV);
    assert_string_equal(pn_strbuf_str(&sb),
                        "theme,label,nodes,edges,rank,id,name,country,pagerank\n"
                        "energy,Energy,4,3,1,e0,E zero,FR,0.4797297297\n"
                        "energy,Energy,4,3,2,e1,E one,FR,0.1734234234\n"
                        "health,Health,3,2,1,h2,H two,FR,0.4864864865\n"
                        "health,Health,3,2,2,h1,H one,FR,0.2567567568\n"
                        "space,Space <&> beyond,0,0,,,,,\n");
    pn_strbuf_destroy(&sb);
    pn_scenario_themes_free(tl, n);

    const char *only[] = {"healht"};
    go.themes = only;
    go.n_themes = 1;
    assert_int_equal(pn_scenario_themes(&m, &go, &ao, 2, &tl, &n, &d), PN_EINPUT);
    assert_string_equal(d.msgs[0].text,
                        "unknown theme 'healht' in --theme (did you mean 'health'?)");
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

/* ---- table writer -------------------------------------------------------------- */

static void test_table(void **state)
{
    (void)state;
    static const char *const cols[] = {"id", "name", "x", NULL};
    struct pn_table t;
    pn_table_init(&t, "Title", cols);
    size_t r = pn_table_row(&t);
    pn_table_text(&t, r, 0, "a");
    pn_table_text(&t, r, 1, "Comma, \"quoted\"\nline");
    pn_table_real(&t, r, 2, 0.5);
    r = pn_table_row(&t);
    pn_table_text(&t, r, 0, "bb");
    pn_table_real(&t, r, 2, NAN);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_table_write(&sb, &t, PN_FMT_CSV);
    assert_string_equal(pn_strbuf_str(&sb),
                        "id,name,x\na,\"Comma, \"\"quoted\"\"\nline\",0.5\nbb,,nan\n");
    pn_strbuf_reset(&sb);
    pn_table_write(&sb, &t, PN_FMT_JSON);
    assert_string_equal(
        pn_strbuf_str(&sb),
        "[\n  {\"id\": \"a\", \"name\": \"Comma, \\\"quoted\\\"\\nline\", \"x\": 0.5},\n"
        "  {\"id\": \"bb\", \"name\": null, \"x\": null}\n]\n");
    pn_strbuf_reset(&sb);
    pn_table_write(&sb, &t, PN_FMT_TABLE);
    assert_string_equal(pn_strbuf_str(&sb), "Title\n"
                                            "id  name                       x\n"
                                            "a   Comma, \"quoted\" line  0.5000\n"
                                            "bb  -                        nan\n");
    pn_strbuf_destroy(&sb);
    pn_table_destroy(&t);
}

int main(void)
{
    pn_graph_lib_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranks),
        cmocka_unit_test(test_model_without),
        cmocka_unit_test(test_efficiency_weighted),
        cmocka_unit_test(test_whatif_bridge),
        cmocka_unit_test(test_whatif_focus),
        cmocka_unit_test(test_whatif_group),
        cmocka_unit_test(test_whatif_errors),
        cmocka_unit_test(test_whatif_filters),
        cmocka_unit_test(test_rank_removals),
        cmocka_unit_test(test_rank_removals_ego),
        cmocka_unit_test(test_evolution),
        cmocka_unit_test(test_themes),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
