/*
 * run: the steps every command shares: load, build, analyse, the igraph layout, progress
 * messages, writing the output text, the one release path that prints the diagnostics
 * (struct run in cli_int.h), and the ego map that render and report both draw.
 * Knows no command; decides no option.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/outfile.h"
#include "cli/cli_int.h"
#include "model/loader.h"
#include "net/layout_igraph.h"

/* Above this many nodes exact all-pairs metrics stop being quick (bench, issue 12's
 * fused sweep: 10,000 nodes take about 20 s of CPU for the whole analysis, 20,000 about
 * 1.5 minutes, 100,000 about 40 minutes, as n^2). */
#define PN_EXACT_BETWEENNESS_MAX PN_APPROX_ABOVE

void pn_cli_progress(const struct options *o, const char *what)
{
    if (!o->quiet && isatty(STDERR_FILENO))
        fprintf(stderr, "partnet: %s...\n", what);
}

void pn_cli_run_begin(struct run *r)
{
    pn_model_init(&r->m);
    pn_diag_init(&r->d);
    r->g = NULL;
    memset(&r->mx, 0, sizeof r->mx);
    r->positions = NULL;
    pn_strbuf_init(&r->out);
}

int pn_cli_run_end(struct run *r, int st)
{
    pn_strbuf_destroy(&r->out);
    free(r->positions);
    pn_metrics_destroy(&r->mx);
    pn_graph_free(r->g);
    pn_model_destroy(&r->m);
    pn_diag_print(&r->d, stderr);
    pn_diag_destroy(&r->d);
    return st;
}

int pn_cli_run_load(const struct options *o, struct run *r)
{
    pn_cli_progress(o, "loading");
    pn_loader_set_threads(o->analysis.jobs); /* --jobs: threads of the load too */
    return pn_loader_load(&r->m, (const char *const *)o->paths, o->n_paths, &r->d);
}

int pn_cli_run_analyse(const struct options *o, struct run *r)
{
    enum pn_status st = pn_cli_run_load(o, r);
    if (st != PN_OK)
        return st;
    pn_cli_progress(o, "building the graph");
    st = pn_graph_build(&r->m, &o->graph, &r->g, &r->d);
    if (st != PN_OK)
        return st;
    /* bench (docs/bench.md): exact all-pairs metrics grow as about n^2, 20 s of
     * CPU at 10,000 nodes, most of an hour at 100,000; say so now, before the wait,
     * not with the diagnostics at the end */
    size_t n = pn_graph_view(r->g)->n_nodes;
    const unsigned long all_pairs =
        1UL << PN_M_BETWEENNESS | 1UL << PN_M_HARMONIC | 1UL << PN_M_CLOSENESS;
    if (n > PN_EXACT_BETWEENNESS_MAX && o->analysis.approx == PN_APPROX_EXACT &&
        (o->analysis.only == 0 || (o->analysis.only & all_pairs) != 0))
        fprintf(stderr,
                "partnet: warning: %zu nodes: exact betweenness, closeness and harmonic "
                "centrality take minutes or more at this size (see docs/bench.md); "
                "without --exact they are estimated with a stated error, and --at, --theme, "
                "--focus or a projection give a smaller network\n",
                n);
    pn_cli_progress(o, "computing metrics and communities");
    return pn_analysis_run(r->g, &o->analysis, &r->mx, &r->d);
}

/* A map of an empty network says which input was empty (an empty file, or comments only),
 * instead of map/'s "the view has no nodes" that names none (issue 13). */
static int check_not_empty(const struct options *o, struct run *r)
{
    if (r->m.n_entities > 0)
        return PN_OK;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; i < o->n_paths; i++)
        pn_strbuf_appendf(&sb, "%s'%s'", i == 0 ? "" : ", ", o->paths[i]);
    pn_diag_error(&r->d, NULL,
                  "nothing to draw: %s %s no institution, alliance or network (an empty file, "
                  "or comments only?)",
                  pn_strbuf_str(&sb), o->n_paths == 1 ? "holds" : "hold");
    pn_strbuf_destroy(&sb);
    return PN_EINPUT;
}

int pn_cli_run_layout(struct options *o, struct run *r)
{
    int empty = check_not_empty(o, r);
    if (empty != PN_OK)
        return empty;
    /* issue 12: a big map without --layout is placed from igraph's positions (render.h) */
    const char *name = o->render.layout;
    if (name == NULL)
        name = pn_render_big_layout(&r->m, pn_graph_view(r->g), &r->mx, &o->render);
    if (name == NULL || !pn_layout_is_igraph(name))
        return PN_OK;
    pn_cli_progress(o, "computing the igraph layout");
    int st = pn_layout_igraph(r->g, name, o->render.seed, &r->positions, &r->d);
    o->render.positions = r->positions;
    return st;
}

int pn_cli_write_text(const char *path, const struct pn_strbuf *sb, struct pn_diag *d)
{
    const char *s = pn_strbuf_str(sb);
    return pn_outfile_write_all(path, s, strlen(s), d);
}

int pn_cli_run_write(const struct options *o, struct run *r)
{
    return pn_cli_write_text(o->output ? o->output : "-", &r->out, &r->d);
}

/* The ego map's centre: the network's `focus:` key, else the node of highest betweenness.
 * Returns an entity index. */
static size_t ego_centre(const struct pn_model *m, const struct pn_view *v,
                         const struct pn_metrics *mx)
{
    size_t focus = m->focus != NULL ? pn_model_find(m, m->focus) : PN_NONE;
    if (focus != PN_NONE && v->entity_node[focus] != PN_NONE)
        return focus;
    size_t best = 0;
    for (size_t i = 1; i < v->n_nodes; i++)
        if (mx->v[PN_M_BETWEENNESS][i] > mx->v[PN_M_BETWEENNESS][best])
            best = i;
    return v->node_entity[best];
}

int pn_cli_render_ego(const struct options *o, const struct run *r,
                      struct pn_render_options *ro, const char *focus, int radius,
                      const char *path, struct pn_diag *d)
{
    const struct pn_view *v = pn_graph_view(r->g);
    if (v->n_nodes == 0 && focus == NULL)
        return pn_render_map(&r->m, v, &r->mx, ro, path, d);
    struct pn_graph_options go = o->graph;
    go.focus = focus != NULL ? focus : r->m.entities[ego_centre(&r->m, v, &r->mx)].id;
    go.radius = radius;
    ro->radius = radius;
    struct pn_graph *eg = NULL;
    struct pn_metrics emx;
    memset(&emx, 0, sizeof emx);
    enum pn_status st = pn_graph_build(&r->m, &go, &eg, d);
    if (st == PN_OK)
        st = pn_analysis_run(eg, &o->analysis, &emx, d);
    if (st == PN_OK) {
        /* one numbering everywhere (issue 9): the ego map's communities are the network's,
         * as report.md and metrics.csv number them, not those of the ego network alone;
         * and so are its sizes and tooltips (its PageRank was the ego network's: 32% for
         * the focus where report.md says 12%) */
        const struct pn_view *ev = pn_graph_view(eg);
        for (int mt = 0; mt < PN_M_COUNT; mt++) {
            const double *whole = r->mx.v[mt];
            double *own = emx.v[mt];
            for (size_t i = 0; whole != NULL && own != NULL && i < ev->n_nodes; i++) {
                size_t ent = ev->node_entity[i];
                size_t vn = ent < v->n_entities ? v->entity_node[ent] : PN_NONE;
                own[i] = vn != PN_NONE ? whole[vn] : NAN;
            }
        }
        ro->whole_view = v;
        ro->whole_metrics = &r->mx;
        st = pn_render_map(&r->m, ev, &emx, ro, path, d);
        ro->whole_view = NULL;
        ro->whole_metrics = NULL;
    }
    pn_metrics_destroy(&emx);
    pn_graph_free(eg);
    return st;
}
