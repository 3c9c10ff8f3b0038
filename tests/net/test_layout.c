/*
 * test_layout: igraph layouts (layout.c) handed to render as fixed positions.
 * Same seed -> same positions; another seed -> other positions (fr, drl); every view
 * node gets finite coordinates; linked nodes sit closer than unlinked ones on
 * a two-cliques graph; the map drawn from them is identical run to run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>

#include <cmocka.h>

#include "net/analysis.h"
#include "net/graph.h"
#include "net/layout_igraph.h"
#include "model/loader.h"
#include "model/model.h"
#include "map/render.h"
#include "base/strbuf.h"
#include "util/fixtures.c"

/* two 5-cliques joined by one bridge tie */
static const char *const two_cliques =
    "partnet: 1\n"
    "title: two cliques\n"
    "institutions:\n"
    "  - {id: a1, name: A1}\n  - {id: a2, name: A2}\n  - {id: a3, name: A3}\n"
    "  - {id: a4, name: A4}\n  - {id: a5, name: A5}\n"
    "  - {id: b1, name: B1}\n  - {id: b2, name: B2}\n  - {id: b3, name: B3}\n"
    "  - {id: b4, name: B4}\n  - {id: b5, name: B5}\n"
    "ties:\n"
    "  - [a1, a2]\n  - [a1, a3]\n  - [a1, a4]\n  - [a1, a5]\n  - [a2, a3]\n"
    "  - [a2, a4]\n  - [a2, a5]\n  - [a3, a4]\n  - [a3, a5]\n  - [a4, a5]\n"
    "  - [b1, b2]\n  - [b1, b3]\n  - [b1, b4]\n  - [b1, b5]\n  - [b2, b3]\n"
    "  - [b2, b4]\n  - [b2, b5]\n  - [b3, b4]\n  - [b3, b5]\n  - [b4, b5]\n"
    "  - [a1, b1]\n";

static double dist(const double *xy, size_t i, size_t j)
{
    return hypot(xy[2 * i] - xy[2 * j], xy[2 * i + 1] - xy[2 * j + 1]);
}

static void test_layouts(void **state)
{
    (void)state;
    struct pn_model m;
    struct pn_diag d;
    pn_diag_init(&d);
    load_text(&m, "two.yaml", two_cliques);
    struct pn_graph *g = build(&m, NULL);
    const struct pn_view *v = pn_graph_view(g);
    assert_int_equal(v->n_nodes, 10);

    assert_true(pn_layout_is_igraph("fr") && pn_layout_is_igraph("kk") &&
                pn_layout_is_igraph("drl"));
    assert_false(pn_layout_is_igraph("neato") || pn_layout_is_igraph(NULL));
    double *xy = (double *)1;
    assert_int_equal(pn_layout_igraph(g, "spring", 1, &xy, &d), PN_EUSAGE);
    assert_null(xy);

    static const char *const names[] = {"fr", "kk", "drl"};
    char dir[] = "/tmp/pn-test-layout-XXXXXX";
    assert_non_null(mkdtemp(dir));
    for (size_t k = 0; k < 3; k++) {
        double *p1 = NULL, *p2 = NULL, *p3 = NULL;
        assert_int_equal(pn_layout_igraph(g, names[k], 42, &p1, &d), PN_OK);
        assert_int_equal(pn_layout_igraph(g, names[k], 42, &p2, &d), PN_OK);
        assert_int_equal(pn_layout_igraph(g, names[k], 43, &p3, &d), PN_OK);
        assert_memory_equal(p1, p2, 20 * sizeof *p1);
        /* fr and drl start at random; kk starts from a circle, seed-free */
        if (k != 1)
            assert_true(memcmp(p1, p3, 20 * sizeof *p1) != 0);
        /* within a clique closer on average than across the cliques */
        double in = 0, across = 0;
        size_t nin = 0, nacross = 0;
        for (size_t i = 0; i < 10; i++) {
            assert_true(isfinite(p1[2 * i]) && isfinite(p1[2 * i + 1]));
            for (size_t j = i + 1; j < 10; j++) {
                bool same = (m.entities[v->node_entity[i]].id[0] ==
                             m.entities[v->node_entity[j]].id[0]);
                if (same) {
                    in += dist(p1, i, j);
                    nin++;
                } else {
                    across += dist(p1, i, j);
                    nacross++;
                }
            }
        }
        print_message("%s: mean distance within %.3g, across %.3g\n", names[k], in / nin,
                      across / nacross);
        assert_true(in / (double)nin < across / (double)nacross);
        /* drawn with them: byte-identical reruns */
        struct pn_render_options o;
        pn_render_options_default(&o);
        o.layout = names[k];
        o.positions = p1;
        char *a = pn_xasprintf("%s/a.svg", dir), *b = pn_xasprintf("%s/b.svg", dir);
        pn_diag_clear(&d);
        assert_int_equal(pn_render_map(&m, v, NULL, &o, a, &d), PN_OK);
        assert_int_equal(pn_render_map(&m, v, NULL, &o, b, &d), PN_OK);
        assert_false(pn_diag_has_errors(&d));
        for (size_t i = 0; i < d.n_msgs; i++) /* positions used: no fallback warning */
            assert_null(strstr(d.msgs[i].text, "no igraph positions"));
        char *cmd = pn_xasprintf("cmp -s '%s' '%s'", a, b);
        assert_int_equal(system(cmd), 0);
        free(cmd);
        free(a);
        free(b);
        free(p1);
        free(p2);
        free(p3);
    }
    char *rm = pn_xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(rm), 0);
    free(rm);
    pn_graph_free(g);
    pn_model_destroy(&m);
    pn_diag_destroy(&d);
}

int main(void)
{
    pn_graph_lib_init();
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_layouts)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
