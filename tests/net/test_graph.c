/*
 * test_graph: the graph room. View contents and order, merging of parallel
 * edges, --at / --theme / --focus filters, both projections worked out by
 * hand on a three-group fixture, and the igraph error bridge.
 */
#include "util/fixtures.c"

/* a, b, c institutions; alliance x {a, b}; network y {b, c}; ties a-c (2),
 * a-c (3), directed c->a (1); b part of a. */
static void fixture_basic(struct pn_model *m)
{
    pn_model_init(m);
    size_t a = inst(m, "a"), b = inst(m, "b"), c = inst(m, "c");
    size_t x = ent(m, PN_KIND_ALLIANCE, "x", NULL), y = ent(m, PN_KIND_NETWORK, "y", NULL);
    member(m, x, a);
    member(m, x, b);
    member(m, y, b);
    member(m, y, c);
    tie(m, a, c, 2, false);
    tie(m, a, c, 3, false);
    tie(m, c, a, 1, true);
    m->entities[b].parent = pn_xstrdup("a");
    m->entities[b].parent_index = a;
}

static void test_view_and_merge(void **state)
{
    (void)state;
    struct pn_model m;
    fixture_basic(&m);
    struct pn_graph *g = build(&m, NULL);
    const struct pn_view *v = pn_graph_view(g);
    assert_int_equal(v->n_nodes, 5);
    for (size_t i = 0; i < 5; i++) /* nodes in model order */
        assert_int_equal(v->node_entity[i], i);
    assert_int_equal(v->n_edges, 3 + 4 + 1);
    /* ties first, in model order, parallel ones kept */
    assert_int_equal(v->edges[0].kind, PN_EDGE_TIE);
    assert_near(v->edges[0].weight, 2);
    assert_near(v->edges[1].weight, 3);
    assert_true(v->edges[2].directed);
    assert_int_equal(v->edges[2].from, node_of(g, "c"));
    /* then memberships member -> group, then part-of child -> parent */
    assert_int_equal(v->edges[3].kind, PN_EDGE_MEMBER);
    assert_int_equal(v->edges[3].from, node_of(g, "a"));
    assert_int_equal(v->edges[3].to, node_of(g, "x"));
    assert_int_equal(v->edges[3].ref, 3);
    assert_int_equal(v->edges[3].sub, 0);
    assert_int_equal(v->edges[7].kind, PN_EDGE_PART_OF);
    assert_int_equal(v->edges[7].from, node_of(g, "b"));
    assert_int_equal(v->edges[7].to, node_of(g, "a"));
    assert_int_equal(v->focus, PN_NONE);
    /* ug merges a-c (2 + 3 + 1) */
    assert_int_equal(igraph_ecount(&g->ug), 6);
    assert_near(uweight(g, "a", "c"), 6);
    assert_near(uweight(g, "c", "a"), 6);
    assert_near(uweight(g, "a", "b"), 1);
    assert_near(uweight(g, "b", "c"), 0);
    /* dg: undirected ties both ways, the directed one only c -> a */
    assert_near(dweight(g, "a", "c"), 5);
    assert_near(dweight(g, "c", "a"), 6);
    assert_near(dweight(g, "x", "a"), 1);
    assert_true(g->has_directed);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

static void test_at_year(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    size_t a = inst(&m, "a"), b = inst(&m, "b"), c = inst(&m, "c"), d = inst(&m, "d");
    size_t x = ent(&m, PN_KIND_NETWORK, "x", NULL);
    m.entities[d].until = 2010; /* gone by 2015 */
    member(&m, x, a);
    member_years(&m, x, b, 2018, PN_YEAR_UNSET); /* joins later */
    member_years(&m, x, c, 2000, 2015);          /* still in (until is inclusive) */
    size_t t1 = tie(&m, a, b, 1, false);
    m.ties[t1].since = 2020;
    tie(&m, a, c, 1, false);
    tie(&m, c, d, 1, false); /* d is gone: the tie goes too */
    struct pn_graph_options o;
    default_graph_options(&o);
    o.at_year = 2015;
    struct pn_graph *g = build(&m, &o);
    const struct pn_view *v = pn_graph_view(g);
    assert_int_equal(v->n_nodes, 4);
    assert_int_equal(v->entity_node[d], PN_NONE);
    assert_int_equal(v->n_edges, 1 + 2); /* tie a-c; memberships a, c */
    assert_near(uweight(g, "a", "b"), 0);
    assert_near(uweight(g, "a", "c"), 1);
    assert_near(uweight(g, "b", "x"), 0);
    assert_near(uweight(g, "c", "x"), 1);
    assert_int_equal(v->n_undated_left_out, 0);
    pn_graph_free(g);
    /* issue 10, the year rule: b has no dates and nothing active in 2015 reaches it (its
     * tie starts in 2020, its membership in 2018): left out and counted */
    o.year_rule = true;
    g = build(&m, &o);
    v = pn_graph_view(g);
    assert_int_equal(v->n_nodes, 3);
    assert_int_equal(v->entity_node[b], PN_NONE);
    assert_int_equal(v->n_undated_left_out, 1);
    pn_graph_free(g);
    o.at_year = 2021; /* the tie a-b is active: b is back */
    g = build(&m, &o);
    assert_true(pn_graph_view(g)->entity_node[b] != PN_NONE);
    assert_int_equal(pn_graph_view(g)->n_undated_left_out, 0);
    pn_graph_free(g);
    o.at_year = 2021;
    g = build(&m, &o);
    assert_near(uweight(g, "a", "b"), 1);
    assert_near(uweight(g, "b", "x"), 1);
    assert_near(uweight(g, "c", "x"), 0);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

/* A member listed twice in a group (left and rejoined) is one membership edge,
 * one shared member in the groups projection, one co-member in the
 * institutions projection; --at picks the listing active that year. */
static void test_member_twice(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    size_t a = inst(&m, "a"), b = inst(&m, "b");
    size_t x = ent(&m, PN_KIND_NETWORK, "x", NULL), y = ent(&m, PN_KIND_NETWORK, "y", NULL);
    member_years(&m, x, a, 2000, 2005);
    member_years(&m, x, a, 2010, PN_YEAR_UNSET);
    member(&m, x, b);
    member(&m, y, a);
    struct pn_graph *g = build(&m, NULL);
    assert_int_equal(pn_graph_view(g)->n_edges, 3);
    assert_near(uweight(g, "a", "x"), 1);
    assert_int_equal(pn_graph_view(g)->edges[0].sub, 0);
    pn_graph_free(g);
    struct pn_graph_options o;
    default_graph_options(&o);
    o.at_year = 2012;
    g = build(&m, &o);
    assert_int_equal(pn_graph_view(g)->edges[0].sub, 1); /* the listing active in 2012 */
    pn_graph_free(g);
    o.at_year = PN_YEAR_UNSET;
    o.projection = PN_PROJ_GROUPS;
    g = build(&m, &o);
    assert_near(uweight(g, "x", "y"), 1);
    pn_graph_free(g);
    o.projection = PN_PROJ_INSTITUTIONS;
    g = build(&m, &o);
    assert_near(uweight(g, "a", "b"), 1);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

static void test_themes(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    size_t a = inst(&m, "a"), b = inst(&m, "b"), c = inst(&m, "c"), d = inst(&m, "d");
    size_t e = inst(&m, "e"), f = inst(&m, "f");
    size_t x = ent(&m, PN_KIND_NETWORK, "x", NULL), y = ent(&m, PN_KIND_NETWORK, "y", NULL);
    add_theme(&m.entities[x].themes, &m.entities[x].n_themes, "energy");
    member(&m, x, a);
    member(&m, x, b);
    member(&m, y, a); /* untagged group: not kept */
    member(&m, y, f);
    size_t t = tie(&m, c, d, 1, false);
    add_theme(&m.ties[t].themes, &m.ties[t].n_themes, "energy");
    tie(&m, a, c, 1, false); /* untagged tie between kept ends: dropped */
    add_theme(&m.entities[e].themes, &m.entities[e].n_themes, "energy");
    struct pn_graph_options o;
    default_graph_options(&o);
    const char *themes[] = {"energy"};
    o.themes = themes;
    o.n_themes = 1;
    struct pn_graph *g = build(&m, &o);
    const struct pn_view *v = pn_graph_view(g);
    /* a, b (members of x), c, d (ends of the tie), e (tagged), x */
    assert_int_equal(v->n_nodes, 6);
    assert_int_equal(v->entity_node[f], PN_NONE);
    assert_int_equal(v->entity_node[y], PN_NONE);
    assert_int_equal(v->n_edges, 3);
    assert_near(uweight(g, "c", "d"), 1);
    assert_near(uweight(g, "a", "c"), 0);
    assert_near(uweight(g, "a", "x"), 1);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

/* Three groups: g1 {a, b, c}, g2 {a, b}, g3 {c, d, e, f}; tie a-d (2). */
static void fixture_three_groups(struct pn_model *m)
{
    pn_model_init(m);
    size_t a = inst(m, "a"), b = inst(m, "b"), c = inst(m, "c"), d = inst(m, "d");
    size_t e = inst(m, "e"), f = inst(m, "f");
    size_t g1 = ent(m, PN_KIND_ALLIANCE, "g1", NULL), g2 = ent(m, PN_KIND_NETWORK, "g2", NULL);
    size_t g3 = ent(m, PN_KIND_NETWORK, "g3", NULL);
    member(m, g1, a);
    member(m, g1, b);
    member(m, g1, c);
    member(m, g2, a);
    member(m, g2, b);
    member(m, g3, c);
    member(m, g3, d);
    member(m, g3, e);
    member(m, g3, f);
    tie(m, a, d, 2, false);
}

/* The co-membership weight between a and b in the view (not the tie). */
static double comember(const struct pn_graph *g, const char *a, const char *b)
{
    const struct pn_view *v = pn_graph_view(g);
    size_t x = node_of(g, a), y = node_of(g, b);
    for (size_t i = 0; i < v->n_edges; i++) {
        const struct pn_edge *e = &v->edges[i];
        if (e->kind == PN_EDGE_COMEMBER &&
            ((e->from == x && e->to == y) || (e->from == y && e->to == x)))
            return e->weight;
    }
    return 0;
}

static void test_projection_institutions(void **state)
{
    (void)state;
    struct pn_model m;
    fixture_three_groups(&m);
    struct pn_graph_options o;
    default_graph_options(&o);
    o.projection = PN_PROJ_INSTITUTIONS;
    o.proj_weight = PN_PROJW_COUNT;
    struct pn_graph *g = build(&m, &o);
    const struct pn_view *v = pn_graph_view(g);
    assert_int_equal(v->n_nodes, 6); /* groups are gone */
    /* count: one per shared group */
    assert_near(comember(g, "a", "b"), 2);
    assert_near(comember(g, "a", "c"), 1);
    assert_near(comember(g, "c", "f"), 1);
    assert_near(comember(g, "d", "e"), 1);
    assert_near(comember(g, "a", "d"), 0);
    /* 3 pairs in g1 + 6 in g3 (a-b counted once, merged) + the tie */
    assert_int_equal(v->n_edges, 1 + 3 + 6);
    assert_int_equal(v->edges[0].kind, PN_EDGE_TIE);
    /* merged a-b comes from two groups: no single ref */
    for (size_t i = 1; i < v->n_edges; i++) {
        const struct pn_edge *e = &v->edges[i];
        if (e->from == node_of(g, "a") && e->to == node_of(g, "b"))
            assert_int_equal(e->ref, PN_NONE);
        if (e->from == node_of(g, "c") && e->to == node_of(g, "d"))
            assert_int_equal(e->ref, pn_model_find(&m, "g3"));
    }
    assert_near(uweight(g, "a", "d"), 2); /* the tie alone */
    pn_graph_free(g);

    /* Newman: 1/(n-1) per group: g1 -> 1/2, g2 -> 1, g3 -> 1/3 */
    o.proj_weight = PN_PROJW_NEWMAN;
    g = build(&m, &o);
    assert_near(comember(g, "a", "b"), 1.5);
    assert_near(comember(g, "b", "c"), 0.5);
    assert_near(comember(g, "c", "d"), 1.0 / 3);
    assert_near(comember(g, "e", "f"), 1.0 / 3);
    pn_graph_free(g);

    /* a tie and a co-membership on the same pair add up in the metric graph */
    tie(&m, pn_model_find(&m, "e"), pn_model_find(&m, "f"), 4, false);
    o.proj_weight = PN_PROJW_COUNT;
    g = build(&m, &o);
    assert_near(uweight(g, "e", "f"), 5);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

static void test_projection_groups(void **state)
{
    (void)state;
    struct pn_model m;
    fixture_three_groups(&m);
    struct pn_graph_options o;
    default_graph_options(&o);
    o.projection = PN_PROJ_GROUPS;
    struct pn_graph *g = build(&m, &o);
    const struct pn_view *v = pn_graph_view(g);
    assert_int_equal(v->n_nodes, 3);
    assert_int_equal(v->n_edges, 2);
    for (size_t i = 0; i < v->n_edges; i++)
        assert_int_equal(v->edges[i].kind, PN_EDGE_OVERLAP);
    assert_near(uweight(g, "g1", "g2"), 2); /* a, b */
    assert_near(uweight(g, "g1", "g3"), 1); /* c */
    assert_near(uweight(g, "g2", "g3"), 0);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

/* path p0 - p1 - p2 - p3 - p4 */
static void fixture_path(struct pn_model *m)
{
    pn_model_init(m);
    char id[16];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "p%d", i);
        inst(m, id);
    }
    for (size_t i = 0; i + 1 < 5; i++)
        tie(m, i, i + 1, 1, false);
}

static void test_focus(void **state)
{
    (void)state;
    struct pn_model m;
    fixture_path(&m);
    struct pn_graph_options o;
    default_graph_options(&o);
    o.focus = "p2";
    o.radius = 1;
    struct pn_graph *g = build(&m, &o);
    const struct pn_view *v = pn_graph_view(g);
    assert_int_equal(v->n_nodes, 3);
    assert_int_equal(v->node_entity[0], 1);
    assert_int_equal(v->node_entity[2], 3);
    assert_int_equal(v->focus, 1);
    assert_int_equal(v->n_edges, 2);
    assert_int_equal(v->entity_node[0], PN_NONE);
    assert_int_equal(v->entity_node[3], 2);
    assert_int_equal(igraph_vcount(&g->ug), 3);
    assert_int_equal(igraph_ecount(&g->ug), 2);
    assert_false(g->has_directed); /* no directed tie: no arc graph either */
    assert_false(g->dg_ok);
    pn_graph_free(g);
    o.radius = 2;
    g = build(&m, &o);
    assert_int_equal(pn_graph_view(g)->n_nodes, 5);
    pn_graph_free(g);

    /* unknown id: error with a suggestion, no graph */
    struct pn_diag d;
    pn_diag_init(&d);
    o.focus = "p9";
    assert_int_equal(pn_graph_build(&m, &o, &g, &d), PN_EINPUT);
    assert_null(g);
    assert_int_equal(d.n_errors, 1);
    assert_non_null(strstr(d.msgs[0].text, "unknown focus id 'p9'"));
    assert_non_null(strstr(d.msgs[0].text, "did you mean 'p"));
    pn_diag_destroy(&d);

    /* focus removed by a filter */
    pn_diag_init(&d);
    m.entities[2].until = 2000;
    o.focus = "p2";
    o.at_year = 2020;
    assert_int_equal(pn_graph_build(&m, &o, &g, &d), PN_EINPUT);
    assert_non_null(strstr(d.msgs[0].text, "not in the analysed network"));
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

static void test_empty(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    struct pn_graph *g = build(&m, NULL);
    assert_int_equal(pn_graph_view(g)->n_nodes, 0);
    pn_graph_free(g);
    /* every node filtered out is an error */
    inst(&m, "a");
    m.entities[0].since = 2020;
    struct pn_graph_options o;
    default_graph_options(&o);
    o.at_year = 2000;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_graph_build(&m, &o, &g, &d), PN_EINPUT);
    assert_null(g);
    pn_diag_destroy(&d);
    pn_graph_free(NULL);
    pn_model_destroy(&m);
}

/* igraph errors come back as return codes with a message; the finally stack
 * is empty afterwards (our handler calls IGRAPH_FINALLY_FREE). */
static void test_error_bridge(void **state)
{
    (void)state;
    struct pn_model m;
    fixture_path(&m);
    struct pn_graph *g = build(&m, NULL);
    igraph_vector_int_list_t res;
    assert_int_equal(igraph_vector_int_list_init(&res, 0), IGRAPH_SUCCESS);
    pn_graph_error_reset();
    assert_string_equal(pn_graph_last_error(), "");
    igraph_error_t rc = igraph_neighborhood(&g->ug, &res, igraph_vss_1(99), 1, IGRAPH_ALL, 0);
    assert_int_not_equal(rc, IGRAPH_SUCCESS);
    assert_int_equal(IGRAPH_FINALLY_STACK_SIZE(), 0);
    assert_true(strlen(pn_graph_last_error()) > 0);
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_graph_igraph_fail(&d, "test"), PN_EIO);
    assert_non_null(strstr(d.msgs[0].text, "igraph: test: "));
    assert_string_equal(pn_graph_last_error(), ""); /* reset after reporting */
    pn_diag_destroy(&d);
    igraph_vector_int_list_destroy(&res);

    /* a failure deep inside an algorithm (invalid vertex in a subgraph) */
    igraph_vector_int_t vids;
    igraph_t sub;
    assert_int_equal(igraph_vector_int_init(&vids, 2), IGRAPH_SUCCESS);
    VECTOR(vids)[0] = 0;
    VECTOR(vids)[1] = 42;
    rc = igraph_induced_subgraph(&g->ug, &sub, igraph_vss_vector(&vids),
                                 IGRAPH_SUBGRAPH_CREATE_FROM_SCRATCH);
    assert_int_not_equal(rc, IGRAPH_SUCCESS);
    assert_int_equal(IGRAPH_FINALLY_STACK_SIZE(), 0);
    assert_true(strlen(pn_graph_last_error()) > 0);
    pn_graph_error_reset();
    igraph_vector_int_destroy(&vids);

    /* analysis refuses a bad weight before calling igraph, and leaves the
     * metrics empty */
    VECTOR(g->uw)[0] = NAN;
    struct pn_metrics mx;
    struct pn_analysis_options ao;
    pn_analysis_options_default(&ao);
    pn_diag_init(&d);
    assert_int_not_equal(pn_analysis_run(g, &ao, &mx, &d), PN_OK);
    assert_non_null(strstr(d.msgs[0].text, "not a finite number > 0"));
    assert_null(mx.v[PN_M_DEGREE]);
    assert_int_equal(IGRAPH_FINALLY_STACK_SIZE(), 0);
    pn_metrics_destroy(&mx);
    pn_diag_destroy(&d);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

int main(void)
{
    pn_graph_lib_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_and_merge),
        cmocka_unit_test(test_at_year),
        cmocka_unit_test(test_member_twice),
        cmocka_unit_test(test_themes),
        cmocka_unit_test(test_projection_institutions),
        cmocka_unit_test(test_projection_groups),
        cmocka_unit_test(test_focus),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_error_bridge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
