/*
 * xcheck_dump: load a network, build, analyse, and print every per-node
 * metric, every network figure and the view's edges as CSV with %.17g, for
 * the NetworkX cross-checks (tests/net/xcheck/xcheck.py). Not a user tool.
 * Usage: xcheck_dump [--projection none|institutions|groups] [--newman]
 *        [--algo NAME] [--runs N] [--seed N] [--resolution R] [--directed]
 *        [--cutoff D] [--at YEAR] [--theme T] [--focus ID --radius K] PATH
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/analysis.h"
#include "net/graph.h"
#include "model/loader.h"
#include "model/model.h"

static const char *const kind_name[] = {"tie", "member", "part-of", "comember", "overlap"};

static void print_real(double x)
{
    printf("%.17g", x);
}

int main(int argc, char **argv)
{
    struct pn_graph_options go;
    struct pn_analysis_options ao;
    const char *themes[16];
    memset(&go, 0, sizeof go);
    go.at_year = PN_YEAR_UNSET;
    pn_analysis_options_default(&ao);
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--projection") == 0 && v) {
            go.projection = strcmp(v, "institutions") == 0 ? PN_PROJ_INSTITUTIONS
                            : strcmp(v, "groups") == 0     ? PN_PROJ_GROUPS
                                                           : PN_PROJ_NONE;
            i++;
        } else if (strcmp(a, "--newman") == 0) {
            go.proj_weight = PN_PROJW_NEWMAN;
        } else if (strcmp(a, "--algo") == 0 && v) {
            int k;
            for (k = 0; k <= PN_COMM_WALKTRAP; k++)
                if (strcmp(v, pn_community_algo_name((enum pn_community_algo)k)) == 0)
                    break;
            if (k > PN_COMM_WALKTRAP) {
                fprintf(stderr, "xcheck_dump: unknown algorithm %s\n", v);
                return 2;
            }
            ao.algo = (enum pn_community_algo)k;
            i++;
        } else if (strcmp(a, "--runs") == 0 && v) {
            ao.runs = (int)strtol(v, NULL, 10);
            i++;
        } else if (strcmp(a, "--seed") == 0 && v) {
            ao.seed = strtoul(v, NULL, 10);
            i++;
        } else if (strcmp(a, "--resolution") == 0 && v) {
            ao.resolution = strtod(v, NULL);
            i++;
        } else if (strcmp(a, "--cutoff") == 0 && v) {
            ao.betweenness_cutoff = strtod(v, NULL);
            i++;
        } else if (strcmp(a, "--directed") == 0) {
            go.directed = ao.directed = true;
        } else if (strcmp(a, "--at") == 0 && v) {
            go.at_year = (int)strtol(v, NULL, 10);
            i++;
        } else if (strcmp(a, "--theme") == 0 && v && go.n_themes < 16) {
            themes[go.n_themes++] = v;
            go.themes = themes;
            i++;
        } else if (strcmp(a, "--focus") == 0 && v) {
            go.focus = v;
            i++;
        } else if (strcmp(a, "--radius") == 0 && v) {
            go.radius = (int)strtol(v, NULL, 10);
            i++;
        } else if (a[0] != '-' && path == NULL) {
            path = a;
        } else {
            fprintf(stderr, "xcheck_dump: bad argument %s\n", a);
            return 2;
        }
    }
    if (path == NULL) {
        fprintf(stderr, "xcheck_dump: no path\n");
        return 2;
    }
    if (go.focus != NULL && go.radius == 0)
        go.radius = 1;

    pn_graph_lib_init();
    struct pn_model m;
    struct pn_diag d;
    struct pn_graph *g = NULL;
    struct pn_metrics mx;
    pn_model_init(&m);
    pn_diag_init(&d);
    memset(&mx, 0, sizeof mx);
    enum pn_status st = pn_loader_load(&m, &path, 1, &d);
    if (st == PN_OK)
        st = pn_graph_build(&m, &go, &g, &d);
    if (st == PN_OK)
        st = pn_analysis_run(g, &ao, &mx, &d);
    if (st != PN_OK) {
        pn_diag_print(&d, stderr);
        goto out;
    }
    const struct pn_view *v = pn_graph_view(g);

    printf("nodes\nid,kind");
    for (int k = 0; k < PN_M_COUNT; k++)
        printf(",%s", pn_metric_info[k].name);
    printf(",articulation,stability");
    for (int r = 0; r < PN_BROKER_COUNT; r++)
        printf(",%s", pn_broker_role_name[r]);
    printf(",focus_dependents\n");
    for (size_t i = 0; i < v->n_nodes; i++) {
        const struct pn_entity *e = &m.entities[v->node_entity[i]];
        printf("%s,%s", e->id, pn_kind_name(e->kind));
        for (int k = 0; k < PN_M_COUNT; k++) {
            putchar(',');
            print_real(mx.v[k][i]);
        }
        printf(",%d,", mx.articulation[i] ? 1 : 0);
        print_real(mx.stability ? mx.stability[i] : 1.0);
        for (int r = 0; r < PN_BROKER_COUNT; r++) {
            putchar(',');
            print_real(mx.brokerage[r][i]);
        }
        putchar(',');
        print_real(mx.focus_dependents ? mx.focus_dependents[i] : NAN);
        putchar('\n');
    }
    printf("figures\nname,value\n");
    printf("n_nodes,%zu\nn_edges,%zu\nn_components,%zu\nlargest_component,%zu\n", mx.n_nodes,
           mx.n_edges, mx.n_components, mx.largest_component);
    printf("n_communities,%zu\nn_bridges,%zu\nbetweenness_approx,%d\nalgo,%s\n", mx.n_communities,
           mx.n_bridges, mx.betweenness_approx ? 1 : 0, mx.algo_name);
    const struct {
        const char *name;
        double x;
    } fig[] = {{"density", mx.density},
               {"diameter", mx.diameter},
               {"avg_path_length", mx.avg_path_length},
               {"transitivity", mx.transitivity},
               {"modularity", mx.modularity},
               {"assort_country", mx.assort_country},
               {"assort_type", mx.assort_type}};
    for (size_t k = 0; k < sizeof fig / sizeof fig[0]; k++) {
        printf("%s,", fig[k].name);
        print_real(fig[k].x);
        putchar('\n');
    }
    for (size_t c = 0; mx.community_stability && c < mx.n_communities; c++) {
        printf("community_stability_%zu,", c);
        print_real(mx.community_stability[c]);
        putchar('\n');
    }
    printf("edges\nfrom,to,kind,weight\n");
    for (size_t i = 0; i < v->n_edges; i++) {
        const struct pn_edge *e = &v->edges[i];
        printf("%s,%s,%s,", m.entities[v->node_entity[e->from]].id,
               m.entities[v->node_entity[e->to]].id, kind_name[e->kind]);
        print_real(e->weight);
        putchar('\n');
    }
    /* each run of --runs on its own (runs = 1, seed + r), so that the checker
     * can recompute the stability figures from the partitions */
    if (ao.runs > 1) {
        printf("runs\nrun,id,community\n");
        struct pn_analysis_options one = ao;
        one.runs = 1;
        for (int r = 0; r < ao.runs && st == PN_OK; r++) {
            struct pn_metrics rx;
            one.seed = ao.seed + (unsigned long)r;
            st = pn_analysis_run(g, &one, &rx, &d);
            for (size_t i = 0; st == PN_OK && i < v->n_nodes; i++)
                printf("%d,%s,%.0f\n", r, m.entities[v->node_entity[i]].id,
                       rx.v[PN_M_COMMUNITY][i]);
            pn_metrics_destroy(&rx);
        }
        if (st != PN_OK)
            pn_diag_print(&d, stderr);
    }
out:
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
    return st == PN_OK ? 0 : (int)st;
}
