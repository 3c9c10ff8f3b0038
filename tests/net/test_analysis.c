/*
 * test_analysis: known answers worked out by hand on path, star, complete and
 * two-cliques-plus-bridge graphs; constraint, effective size and
 * Gould-Fernandez brokerage roles on small hand-made networks; communities
 * (modularity recomputed with igraph_modularity); edge cases (empty graph,
 * one node, no edges, disconnected); determinism and stability over runs.
 */
#include "util/fixtures.c"

static void ids(struct pn_model *m, int n, const char *prefix)
{
    char id[16];
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof id, "%s%d", prefix, i);
        inst(m, id);
    }
}

static struct pn_graph *path5(struct pn_model *m)
{
    pn_model_init(m);
    ids(m, 5, "p");
    for (size_t i = 0; i + 1 < 5; i++)
        tie(m, i, i + 1, 1, false);
    return build(m, NULL);
}

static void test_path(void **state)
{
    (void)state;
    struct pn_model m;
    struct pn_graph *g = path5(&m);
    struct pn_metrics mx;
    analyse(g, PN_COMM_LOUVAIN, &mx);
    const double deg[] = {1, 2, 2, 2, 1};
    /* raw pair counts 0 3 4 3 0, times 2 / ((n-1)(n-2)) = 1/6 */
    const double bet[] = {0, 0.5, 4.0 / 6, 0.5, 0};
    /* distance sums 10 7 6 7 10; closeness (n-1)/sum */
    const double clo[] = {0.4, 4.0 / 7, 4.0 / 6, 4.0 / 7, 0.4};
    /* harmonic: sum of 1/d over (n-1) */
    const double har[] = {(1 + 0.5 + 1.0 / 3 + 0.25) / 4, (1 + 1 + 0.5 + 1.0 / 3) / 4,
                          (1 + 1 + 0.5 + 0.5) / 4, (1 + 1 + 0.5 + 1.0 / 3) / 4,
                          (1 + 0.5 + 1.0 / 3 + 0.25) / 4};
    /* constraint: ends 1; p1: (1/2)^2 * 2 = 1/2 */
    const double con[] = {1, 0.5, 0.5, 0.5, 1};
    for (size_t i = 0; i < 5; i++) {
        assert_near(mx.v[PN_M_DEGREE][i], deg[i]);
        assert_near(mx.v[PN_M_STRENGTH][i], deg[i]);
        assert_near(mx.v[PN_M_BETWEENNESS][i], bet[i]);
        assert_near(mx.v[PN_M_CLOSENESS][i], clo[i]);
        assert_near(mx.v[PN_M_HARMONIC][i], har[i]);
        assert_near(mx.v[PN_M_CONSTRAINT][i], con[i]);
        assert_near(mx.v[PN_M_EFFSIZE][i], deg[i]); /* no triangles */
        assert_near(mx.v[PN_M_CORENESS][i], 1);
        assert_near(mx.v[PN_M_CLUSTERING][i], 0);
        assert_int_equal(mx.articulation[i], i >= 1 && i <= 3);
    }
    assert_int_equal(mx.n_nodes, 5);
    assert_int_equal(mx.n_edges, 4);
    assert_near(mx.density, 0.4);
    assert_int_equal(mx.n_components, 1);
    assert_int_equal(mx.largest_component, 5);
    assert_near(mx.diameter, 4);
    assert_near(mx.avg_path_length, 2); /* (4*1 + 3*2 + 2*3 + 1*4) / 10 */
    assert_near(mx.transitivity, 0);
    assert_int_equal(mx.n_bridges, 4);
    assert_true(isnan(mx.assort_country)); /* nobody has a country */
    assert_false(mx.betweenness_approx);
    assert_string_equal(mx.algo_name, "louvain");
    pn_metrics_destroy(&mx);
    pn_metrics_destroy(&mx); /* twice is fine: the struct is zeroed */
    pn_graph_free(g);
    pn_model_destroy(&m);
}

/* weights are strengths: a strong tie is a short distance */
static void test_weighted_distances(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    ids(&m, 4, "w");
    /* w0 - w1 - w2 strong (4 each: distance 1/2 in all), w0 - w2 weak (1) */
    tie(&m, 0, 1, 4, false);
    tie(&m, 1, 2, 4, false);
    tie(&m, 0, 2, 1, false);
    tie(&m, 2, 3, 1, false);
    struct pn_graph *g = build(&m, NULL);
    struct pn_metrics mx;
    analyse(g, PN_COMM_LOUVAIN, &mx);
    /* w0 -> w2 goes through w1 (1/4 + 1/4 < 1), so does w0 -> w3 (1/2 + 1
     * < 1 + 1): w1 brokers 2 pairs; w2 brokers w0-w3 and w1-w3. Raw 2 and 2,
     * normalised by 2 / (3 * 2). */
    assert_near(mx.v[PN_M_BETWEENNESS][1], 2.0 / 3);
    assert_near(mx.v[PN_M_BETWEENNESS][2], 2.0 / 3);
    assert_near(mx.v[PN_M_BETWEENNESS][0], 0);
    assert_near(mx.v[PN_M_STRENGTH][2], 6);
    /* closeness of w0: distances 1/4, 1/2, 3/2 -> 3 / (9/4) */
    assert_near(mx.v[PN_M_CLOSENESS][0], 3.0 / (0.25 + 0.5 + 1.5));
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

static void test_star(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    ids(&m, 5, "s");
    for (size_t i = 1; i < 5; i++)
        tie(&m, 0, i, 1, false);
    struct pn_graph *g = build(&m, NULL);
    struct pn_metrics mx;
    analyse(g, PN_COMM_LOUVAIN, &mx);
    /* PageRank: c = 0.15/5 + 0.85 * 4 l, l = 0.15/5 + 0.85 c / 4 */
    double c = (0.03 + 0.85 * 4 * 0.03) / (1 - 0.85 * 0.85);
    assert_near(mx.v[PN_M_PAGERANK][0], c);
    assert_near(mx.v[PN_M_BETWEENNESS][0], 1);
    assert_near(mx.v[PN_M_CLOSENESS][0], 1);
    assert_near(mx.v[PN_M_EIGENVECTOR][0], 1);
    assert_near(mx.v[PN_M_CONSTRAINT][0], 0.25);
    assert_near(mx.v[PN_M_EFFSIZE][0], 4);
    assert_true(mx.articulation[0]);
    for (size_t i = 1; i < 5; i++) {
        assert_near(mx.v[PN_M_PAGERANK][i], (1 - c) / 4);
        assert_near(mx.v[PN_M_BETWEENNESS][i], 0);
        assert_near(mx.v[PN_M_CLOSENESS][i], 4.0 / 7);
        assert_near(mx.v[PN_M_EIGENVECTOR][i], 0.5); /* x_leaf = x_centre / lambda, lambda 2 */
        assert_near(mx.v[PN_M_CONSTRAINT][i], 1);
        assert_false(mx.articulation[i]);
    }
    assert_near(mx.diameter, 2);
    assert_int_equal(mx.n_bridges, 4);
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

static void test_complete(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    ids(&m, 4, "k");
    for (size_t i = 0; i < 4; i++)
        for (size_t j = i + 1; j < 4; j++)
            tie(&m, i, j, 1, false);
    struct pn_graph *g = build(&m, NULL);
    struct pn_metrics mx;
    analyse(g, PN_COMM_LOUVAIN, &mx);
    for (size_t i = 0; i < 4; i++) {
        assert_near(mx.v[PN_M_BETWEENNESS][i], 0);
        assert_near(mx.v[PN_M_CLOSENESS][i], 1);
        assert_near(mx.v[PN_M_HARMONIC][i], 1);
        assert_near(mx.v[PN_M_CLUSTERING][i], 1);
        assert_near(mx.v[PN_M_CORENESS][i], 3);
        assert_near(mx.v[PN_M_EIGENVECTOR][i], 1);
        assert_near(mx.v[PN_M_PAGERANK][i], 0.25);
        /* (1/3 + 2 * 1/3 * 1/3)^2 = 25/81, three contacts */
        assert_near(mx.v[PN_M_CONSTRAINT][i], 75.0 / 81);
        assert_near(mx.v[PN_M_EFFSIZE][i], 1); /* 3 - 2 * 3 / 3 */
        assert_near(mx.v[PN_M_COMMUNITY][i], 0);
    }
    assert_near(mx.density, 1);
    assert_near(mx.transitivity, 1);
    assert_near(mx.diameter, 1);
    assert_int_equal(mx.n_communities, 1);
    assert_near(mx.modularity, 0);
    assert_int_equal(mx.n_bridges, 0);
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

/* Two K4 {0..3} {4..7} joined by the bridge 3-4. */
static struct pn_graph *two_cliques(struct pn_model *m)
{
    pn_model_init(m);
    ids(m, 8, "c");
    for (size_t base = 0; base < 8; base += 4)
        for (size_t i = base; i < base + 4; i++)
            for (size_t j = i + 1; j < base + 4; j++)
                tie(m, i, j, 1, false);
    tie(m, 3, 4, 1, false);
    return build(m, NULL);
}

static void test_two_cliques(void **state)
{
    (void)state;
    struct pn_model m;
    struct pn_graph *g = two_cliques(&m);
    const enum pn_community_algo algos[] = {PN_COMM_LOUVAIN, PN_COMM_LEIDEN, PN_COMM_INFOMAP,
                                            PN_COMM_LABEL_PROP, PN_COMM_WALKTRAP};
    for (size_t a = 0; a < sizeof algos / sizeof algos[0]; a++) {
        struct pn_metrics mx;
        analyse(g, algos[a], &mx);
        assert_int_equal(mx.n_communities, 2);
        for (size_t i = 0; i < 8; i++) /* ids numbered by smallest node */
            assert_near(mx.v[PN_M_COMMUNITY][i], i < 4 ? 0 : 1);
        /* 2 * (6/13 - (13/26)^2) */
        assert_near(mx.modularity, 11.0 / 26);
        /* and independently through igraph_modularity on a fresh graph */
        igraph_vector_int_t memb;
        igraph_real_t q = 0;
        assert_int_equal(igraph_vector_int_init(&memb, 8), IGRAPH_SUCCESS);
        for (size_t i = 0; i < 8; i++)
            VECTOR(memb)[i] = (igraph_integer_t)mx.v[PN_M_COMMUNITY][i];
        assert_int_equal(igraph_modularity(&g->ug, &memb, NULL, 1, false, &q), IGRAPH_SUCCESS);
        assert_near(mx.modularity, q);
        igraph_vector_int_destroy(&memb);
        /* 3 and 4 carry all 3 * 4 cross pairs (plus the 3 x {5,6,7} ... for 4) */
        assert_near(mx.v[PN_M_BETWEENNESS][3], 2.0 * 12 / (7 * 6));
        assert_near(mx.v[PN_M_BETWEENNESS][0], 0);
        assert_true(mx.articulation[3] && mx.articulation[4] && !mx.articulation[0]);
        assert_int_equal(mx.n_bridges, 1);
        assert_near(mx.diameter, 3);
        pn_metrics_destroy(&mx);
    }
    pn_graph_free(g);
    pn_model_destroy(&m);
}

static void test_cpm_and_runs(void **state)
{
    (void)state;
    struct pn_model m;
    struct pn_graph *g = two_cliques(&m);
    struct pn_analysis_options o;
    struct pn_metrics mx, mx2;
    struct pn_diag d;
    pn_diag_init(&d);
    pn_analysis_options_default(&o);
    /* CPM at resolution 0.5: the cliques (density 1) but not their union
     * (13 edges < 0.5 * 28) */
    o.algo = PN_COMM_LEIDEN_CPM;
    o.resolution = 0.5;
    assert_int_equal(pn_analysis_run(g, &o, &mx, &d), PN_OK);
    assert_int_equal(mx.n_communities, 2);
    assert_string_equal(mx.algo_name, "leiden-cpm");
    pn_metrics_destroy(&mx);
    /* runs: the clear structure is found by every seed */
    o.algo = PN_COMM_LOUVAIN;
    o.resolution = 1;
    o.runs = 5;
    assert_int_equal(pn_analysis_run(g, &o, &mx, &d), PN_OK);
    assert_non_null(mx.stability);
    assert_non_null(mx.community_stability);
    for (size_t i = 0; i < 8; i++)
        assert_near(mx.stability[i], 1);
    assert_near(mx.community_stability[1], 1);
    assert_int_equal(mx.runs, 5);
    /* same seed, same everything */
    assert_int_equal(pn_analysis_run(g, &o, &mx2, &d), PN_OK);
    for (int k = 0; k < PN_M_COUNT; k++) {
        if (memcmp(mx.v[k], mx2.v[k], 8 * sizeof(double)) != 0)
            print_error("metric %s differs between two runs\n", pn_metric_info[k].name);
        assert_memory_equal(mx.v[k], mx2.v[k], 8 * sizeof(double));
    }
    pn_metrics_destroy(&mx2);
    pn_metrics_destroy(&mx);
    /* betweenness cutoff 2.5: only paths of length <= 2 count; node 3 is in
     * the middle of 0-4, 1-4 and 2-4 only (exact: 12 pairs) */
    o.runs = 1;
    o.betweenness_cutoff = 2.5;
    assert_int_equal(pn_analysis_run(g, &o, &mx, &d), PN_OK);
    assert_true(mx.betweenness_approx);
    assert_near(mx.v[PN_M_BETWEENNESS][3], 2.0 * 3 / (7 * 6)); /* 0,1,2 -> 4 */
    pn_metrics_destroy(&mx);
    /* bad resolution */
    o.betweenness_cutoff = 0;
    o.resolution = -1;
    assert_int_equal(pn_analysis_run(g, &o, &mx, &d), PN_EUSAGE);
    assert_null(mx.v[0]);
    pn_diag_destroy(&d);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

/* Triangle a-b-c plus d hanging on a with weight 2: constraint by hand.
 * a: p_ab = p_ac = 1/4, p_ad = 1/2;
 *    c_ab = (1/4 + p_ac p_cb)^2 = (1/4 + 1/4 * 1/2)^2 = 9/64 (same for c),
 *    c_ad = (1/2)^2 = 16/64: total 34/64.
 * b: p_ba = p_bc = 1/2; c_ba = (1/2 + 1/2 * p_ca)^2 = (3/4)^2 = 36/64,
 *    c_bc = (1/2 + 1/2 * p_ac)^2 = (5/8)^2 = 25/64: total 61/64.
 * Effective size (unweighted): a: 3 - 2 * 1 / 3; b: 2 - 2 * 1 / 2; d: 1. */
static void test_constraint_by_hand(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    size_t a = inst(&m, "a"), b = inst(&m, "b"), c = inst(&m, "c"), d = inst(&m, "d");
    tie(&m, a, b, 1, false);
    tie(&m, b, c, 1, false);
    tie(&m, a, c, 1, false);
    tie(&m, a, d, 2, false);
    struct pn_graph *g = build(&m, NULL);
    struct pn_metrics mx;
    analyse(g, PN_COMM_LOUVAIN, &mx);
    assert_near(mx.v[PN_M_CONSTRAINT][a], 34.0 / 64);
    assert_near(mx.v[PN_M_CONSTRAINT][b], 61.0 / 64);
    assert_near(mx.v[PN_M_CONSTRAINT][c], 61.0 / 64);
    assert_near(mx.v[PN_M_CONSTRAINT][d], 1);
    assert_near(mx.v[PN_M_EFFSIZE][a], 3 - 2.0 / 3);
    assert_near(mx.v[PN_M_EFFSIZE][b], 1);
    assert_near(mx.v[PN_M_EFFSIZE][d], 1);
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

/* Brokerage by hand. Countries: a, b, g FR; c, d, h DE; e IT; f none.
 * Directed ties a->b, b->g, b->c, c->d, d->e, e->a; undirected e-h, f-a.
 *   b: a->b->g coordinator (FR FR FR); a->b->c representative (FR FR DE)
 *   c: b->c->d gatekeeper (FR DE DE)
 *   d: c->d->e representative (DE DE IT)
 *   e: d->e->a liaison (DE IT FR); d->e->h itinerant (DE IT DE);
 *      h->e->a liaison (DE IT FR); h->e->h is no path
 *   a: e->a->b gatekeeper (IT FR FR); paths through f are not counted
 *   f: no country -> nan; g, h: nothing */
static void test_brokerage_by_hand(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    size_t a = ent(&m, PN_KIND_INSTITUTION, "a", "FR"), b = ent(&m, PN_KIND_INSTITUTION, "b", "FR");
    size_t gg = ent(&m, PN_KIND_INSTITUTION, "g", "FR"),
           c = ent(&m, PN_KIND_INSTITUTION, "c", "DE");
    size_t d = ent(&m, PN_KIND_INSTITUTION, "d", "DE"), h = ent(&m, PN_KIND_INSTITUTION, "h", "DE");
    size_t e = ent(&m, PN_KIND_INSTITUTION, "e", "IT"), f = ent(&m, PN_KIND_INSTITUTION, "f", NULL);
    tie(&m, a, b, 1, true);
    tie(&m, b, gg, 1, true);
    tie(&m, b, c, 1, true);
    tie(&m, c, d, 1, true);
    tie(&m, d, e, 1, true);
    tie(&m, e, a, 1, true);
    tie(&m, e, h, 1, false);
    tie(&m, f, a, 1, false);
    struct pn_graph *g = build(&m, NULL);
    struct pn_metrics mx;
    analyse(g, PN_COMM_LOUVAIN, &mx);
    /* coordinator, gatekeeper, representative, itinerant, liaison */
    const double want[8][5] = {
        [0] = {0, 1, 0, 0, 0}, /* a */
        [1] = {1, 0, 1, 0, 0}, /* b */
        [2] = {0, 0, 0, 0, 0}, /* g */
        [3] = {0, 1, 0, 0, 0}, /* c */
        [4] = {0, 0, 1, 0, 0}, /* d */
        [5] = {0, 0, 0, 0, 0}, /* h */
        [6] = {0, 0, 0, 1, 2}, /* e */
    };
    for (size_t v = 0; v < 7; v++)
        for (int r = 0; r < PN_BROKER_COUNT; r++) {
            if (mx.brokerage[r][v] != want[v][r])
                print_error("node %zu role %s: %g, expected %g\n", v, pn_broker_role_name[r],
                            mx.brokerage[r][v], want[v][r]);
            assert_true(mx.brokerage[r][v] == want[v][r]);
        }
    for (int r = 0; r < PN_BROKER_COUNT; r++)
        assert_true(isnan(mx.brokerage[r][f]));
    assert_string_equal(pn_broker_role_name[PN_BROKER_ITINERANT], "itinerant");
    /* undirected, the same network counts each open two-path both ways:
     * the metrics graph ignores directions unless asked */
    assert_false(mx.directed);
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

static void test_directed(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    ids(&m, 3, "d");
    tie(&m, 0, 1, 1, true); /* d0 -> d1 -> d2 */
    tie(&m, 1, 2, 1, true);
    struct pn_graph_options go;
    default_graph_options(&go);
    go.directed = true;
    struct pn_graph *g = build(&m, &go);
    struct pn_analysis_options o;
    struct pn_metrics mx;
    struct pn_diag d;
    pn_diag_init(&d);
    pn_analysis_options_default(&o);
    o.directed = true;
    assert_int_equal(pn_analysis_run(g, &o, &mx, &d), PN_OK);
    assert_true(mx.directed);
    /* one ordered pair (d0, d2) through d1 over (n-1)(n-2) = 2 */
    assert_near(mx.v[PN_M_BETWEENNESS][1], 0.5);
    /* closeness along arrows: d0 reaches 2 at total distance 3 */
    assert_near(mx.v[PN_M_CLOSENESS][0], 2.0 / 3);
    assert_near(mx.v[PN_M_CLOSENESS][2], 0);
    assert_near(mx.v[PN_M_DEGREE][1], 2);
    pn_metrics_destroy(&mx);
    /* undirected analysis of the same graph */
    o.directed = false;
    assert_int_equal(pn_analysis_run(g, &o, &mx, &d), PN_OK);
    assert_false(mx.directed);
    assert_near(mx.v[PN_M_BETWEENNESS][1], 1);
    assert_near(mx.v[PN_M_CLOSENESS][2], 2.0 / 3);
    pn_metrics_destroy(&mx);
    pn_diag_destroy(&d);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

static void test_edge_cases(void **state)
{
    (void)state;
    struct pn_model m;
    struct pn_metrics mx;
    /* empty */
    pn_model_init(&m);
    struct pn_graph *g = build(&m, NULL);
    analyse(g, PN_COMM_LEIDEN, &mx);
    assert_int_equal(mx.n, 0);
    assert_int_equal(mx.n_nodes, 0);
    assert_int_equal(mx.n_components, 0);
    assert_int_equal(mx.n_communities, 0);
    assert_true(isnan(mx.diameter));
    assert_true(isnan(mx.modularity));
    pn_metrics_destroy(&mx);
    pn_graph_free(g);

    /* one node */
    inst(&m, "solo");
    g = build(&m, NULL);
    analyse(g, PN_COMM_LOUVAIN, &mx);
    assert_near(mx.v[PN_M_DEGREE][0], 0);
    assert_near(mx.v[PN_M_BETWEENNESS][0], 0);
    assert_near(mx.v[PN_M_CLOSENESS][0], 0);
    assert_near(mx.v[PN_M_HARMONIC][0], 0);
    assert_near(mx.v[PN_M_EIGENVECTOR][0], 0);
    assert_near(mx.v[PN_M_PAGERANK][0], 1);
    assert_true(isnan(mx.v[PN_M_CONSTRAINT][0]));
    assert_true(isnan(mx.v[PN_M_EFFSIZE][0]));
    assert_near(mx.v[PN_M_COMMUNITY][0], 0);
    assert_int_equal(mx.n_communities, 1);
    assert_int_equal(mx.n_components, 1);
    assert_near(mx.density, 0);
    assert_near(mx.diameter, 0);
    assert_true(isnan(mx.avg_path_length));
    pn_metrics_destroy(&mx);
    pn_graph_free(g);

    /* three nodes, no edges: everyone alone, for every algorithm */
    inst(&m, "x");
    inst(&m, "y");
    g = build(&m, NULL);
    for (int a = PN_COMM_LOUVAIN; a <= PN_COMM_WALKTRAP; a++) {
        analyse(g, (enum pn_community_algo)a, &mx);
        assert_int_equal(mx.n_communities, 3);
        assert_near(mx.v[PN_M_COMMUNITY][2], 2);
        assert_near(mx.v[PN_M_PAGERANK][1], 1.0 / 3);
        assert_int_equal(mx.n_components, 3);
        pn_metrics_destroy(&mx);
    }
    pn_graph_free(g);
    pn_model_destroy(&m);

    /* disconnected: triangle + edge. Closeness scaled by the reachable share
     * (Wasserman-Faust): triangle node 2/2 * 2/4; eigenvector lives on the
     * triangle (largest eigenvalue 2 > 1), the pair gets 0 */
    pn_model_init(&m);
    ids(&m, 5, "t");
    tie(&m, 0, 1, 1, false);
    tie(&m, 1, 2, 1, false);
    tie(&m, 0, 2, 1, false);
    tie(&m, 3, 4, 1, false);
    g = build(&m, NULL);
    analyse(g, PN_COMM_LOUVAIN, &mx);
    assert_near(mx.v[PN_M_CLOSENESS][0], 0.5);
    assert_near(mx.v[PN_M_CLOSENESS][3], 0.25);
    assert_near(mx.v[PN_M_EIGENVECTOR][0], 1);
    assert_true(fabs(mx.v[PN_M_EIGENVECTOR][3]) < 1e-9);
    assert_int_equal(mx.n_components, 2);
    assert_int_equal(mx.largest_component, 3);
    assert_near(mx.diameter, 1);
    assert_near(mx.avg_path_length, 1);
    assert_int_equal(mx.n_communities, 2);
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

static void test_assortativity(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    /* two FR, two DE, ties only within countries: perfectly assortative;
     * a network node without country is left out of the figure */
    size_t a = ent(&m, PN_KIND_INSTITUTION, "a", "FR"), b = ent(&m, PN_KIND_INSTITUTION, "b", "FR");
    size_t c = ent(&m, PN_KIND_INSTITUTION, "c", "DE"), d = ent(&m, PN_KIND_INSTITUTION, "d", "DE");
    size_t x = ent(&m, PN_KIND_NETWORK, "x", NULL);
    tie(&m, a, b, 1, false);
    tie(&m, c, d, 1, false);
    member(&m, x, a);
    member(&m, x, c);
    m.entities[a].type = pn_xstrdup("university");
    m.entities[b].type = pn_xstrdup("company");
    m.entities[c].type = pn_xstrdup("university");
    m.entities[d].type = pn_xstrdup("company");
    struct pn_graph *g = build(&m, NULL);
    struct pn_metrics mx;
    analyse(g, PN_COMM_LOUVAIN, &mx);
    assert_near(mx.assort_country, 1);
    assert_near(mx.assort_type, -1); /* every tie joins a university and a company */
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

/* Ego brokers: a - b - c - d plus e hanging on b, focus c, radius 3.
 * The focus reaches a and e only through b, and nothing through d. */
static void test_focus_dependents(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    size_t a = inst(&m, "a"), b = inst(&m, "b"), c = inst(&m, "c"), d = inst(&m, "d");
    size_t e = inst(&m, "e");
    tie(&m, a, b, 1, false);
    tie(&m, b, c, 1, false);
    tie(&m, c, d, 1, false);
    tie(&m, b, e, 1, false);
    tie(&m, a, e, 1, false); /* a cycle a-b-e: still behind b */
    struct pn_graph *g = build(&m, NULL);
    struct pn_metrics mx;
    analyse(g, PN_COMM_LOUVAIN, &mx);
    assert_null(mx.focus_dependents); /* no focus */
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    struct pn_graph_options o;
    default_graph_options(&o);
    o.focus = "c";
    o.radius = 3;
    g = build(&m, &o);
    analyse(g, PN_COMM_LOUVAIN, &mx);
    assert_non_null(mx.focus_dependents);
    assert_near(mx.focus_dependents[node_of(g, "b")], 2);
    assert_near(mx.focus_dependents[node_of(g, "a")], 0);
    assert_near(mx.focus_dependents[node_of(g, "e")], 0);
    assert_near(mx.focus_dependents[node_of(g, "d")], 0);
    assert_true(isnan(mx.focus_dependents[node_of(g, "c")]));
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_model_destroy(&m);
}

static void test_metric_names(void **state)
{
    (void)state;
    for (int i = 0; i < PN_M_COUNT; i++) {
        assert_non_null(pn_metric_info[i].name);
        assert_int_equal(pn_metric_by_name(pn_metric_info[i].name), i);
    }
    assert_int_equal(pn_metric_by_name("nope"), -1);
    assert_int_equal(pn_metric_by_name(NULL), -1);
    assert_false(pn_metric_info[PN_M_CONSTRAINT].higher_is_central);
    assert_string_equal(pn_community_algo_name(PN_COMM_WALKTRAP), "walktrap");
}

int main(void)
{
    pn_graph_lib_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path),
        cmocka_unit_test(test_weighted_distances),
        cmocka_unit_test(test_star),
        cmocka_unit_test(test_complete),
        cmocka_unit_test(test_two_cliques),
        cmocka_unit_test(test_cpm_and_runs),
        cmocka_unit_test(test_constraint_by_hand),
        cmocka_unit_test(test_brokerage_by_hand),
        cmocka_unit_test(test_directed),
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_assortativity),
        cmocka_unit_test(test_metric_names),
        cmocka_unit_test(test_focus_dependents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
