/*
 * whatif: what changes if partners leave (net/scenario): lost reach, global efficiency and
 * rank changes, or with --rank-removals every node ranked by the damage its removal does.
 * Here --focus names whose reach is measured; it never cuts an ego network. With -o
 * MAP.svg|png|pdf, --remove draws the what-if map instead of the table (issue 10).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli_int.h"

/* The ids of every --remove, "a,b" lists split; ids never hold commas (schema:
 * [a-z0-9][a-z0-9._-]*). *ids is the caller's to free (with each id) even on failure. */
static int split_removals(const struct options *o, char ***ids, size_t *n_ids)
{
    size_t cap = 0;
    for (size_t i = 0; i < o->n_remove_args; i++) {
        const char *p = o->remove_args[i];
        for (;;) {
            size_t len = strcspn(p, ",");
            if (len == 0)
                return pn_cli_usage_error("whatif: empty id in --remove '%s'",
                                          o->remove_args[i]);
            pn_xgrow((void **)ids, &cap, *n_ids + 1, sizeof **ids);
            (*ids)[(*n_ids)++] = pn_xstrndup(p, len);
            if (p[len] == '\0')
                break;
            p += len + 1;
        }
    }
    return PN_OK;
}

/* --rank-removals: remove each node in turn, rank them by the damage. */
static int rank_removals(const struct options *o, struct run *r, const char *focus)
{
    struct pn_damage *dm = NULL;
    size_t n = 0;
    struct pn_net_figures before;
    struct pn_removal_info info;
    struct pn_removal_options ro = {o->analysis.jobs, o->removal_sample, o->analysis.seed, false};
    pn_cli_progress(o, "removing each node in turn");
    int st = pn_scenario_rank_removals(&r->m, &o->graph, focus, &ro, &dm, &n, &before, &info,
                                       &r->d);
    if (st == PN_OK)
        pn_scenario_damage_write(&r->out, &r->m, dm, n, &before, focus, o->report.top, &info,
                                 o->report.format);
    free(dm);
    return st;
}

/* Does -o name a map (.svg, .png, .pdf in any case)? Then whatif draws (issue 10). */
static bool map_output(const char *path)
{
    const char *base = path ? strrchr(path, '/') : NULL;
    base = base ? base + 1 : path;
    const char *dot = base ? strrchr(base, '.') : NULL;
    return dot != NULL && dot != base &&
           (strcasecmp(dot, ".svg") == 0 || strcasecmp(dot, ".png") == 0 ||
            strcasecmp(dot, ".pdf") == 0);
}

/* The what-if map: the full map (r analysed), the removal's marks on it. */
static int whatif_map(struct options *o, struct run *r, const struct pn_whatif_result *res)
{
    size_t *cut = pn_xcalloc(res->n_nodes + 1, sizeof *cut), n_cut = 0;
    for (size_t i = 0; i < res->n_nodes; i++)
        if (res->nodes[i].reach_before && !res->nodes[i].reach_after && !res->nodes[i].removed)
            cut[n_cut++] = res->nodes[i].entity;
    struct pn_whatif_marks wm = {res->removed, res->n_removed, cut, n_cut};
    struct pn_render_options ro = o->render;
    ro.whatif = &wm;
    struct pn_strbuf sub;
    pn_strbuf_init(&sub);
    pn_strbuf_append(&sub, "what if ");
    for (size_t i = 0; i < res->n_removed; i++)
        pn_strbuf_appendf(&sub, "%s%s", i ? ", " : "",
                          pn_entity_label(&r->m.entities[res->removed[i]]));
    pn_strbuf_appendf(&sub, " left · %zu partners cut off · %zu nodes, %zu links before",
                      n_cut, pn_graph_view(r->g)->n_nodes, pn_graph_view(r->g)->n_edges);
    ro.subtitle = pn_strbuf_str(&sub);
    int st = pn_cli_run_layout(o, r);
    ro.positions = o->render.positions;
    if (st == PN_OK) {
        pn_cli_progress(o, "drawing the what-if map");
        st = pn_render_map(&r->m, pn_graph_view(r->g), &r->mx, &ro, o->output, &r->d);
    }
    pn_strbuf_destroy(&sub);
    free(cut);
    return st;
}

/* --remove: the network with and without the removed partners; a table, or with -o
 * MAP.svg|png|pdf the what-if map. */
static int remove_partners(struct options *o, struct run *r, char **ids, size_t n_ids,
                           const char *focus)
{
    struct pn_whatif_options wo = {(const char *const *)ids, n_ids, focus, o->report.top};
    struct pn_whatif_result res;
    pn_cli_progress(o, "comparing the network with and without the removed partners");
    int st = pn_scenario_whatif(&r->m, &o->graph, &o->analysis, &wo, &res, &r->d);
    if (st == PN_OK && map_output(o->output))
        st = whatif_map(o, r, &res);
    else if (st == PN_OK)
        pn_scenario_whatif_write(&r->out, &r->m, &res, o->report.format);
    pn_whatif_result_destroy(&res);
    return st;
}

int pn_cli_whatif(struct options *o)
{
    if (o->n_remove_args == 0 && !o->rank_removals)
        return pn_cli_usage_error("whatif: missing --remove ID (or --rank-removals)");
    if (o->n_remove_args > 0 && o->rank_removals)
        return pn_cli_usage_error("whatif: give either --remove or --rank-removals, not both");
    if (o->graph.radius != 0)
        return pn_cli_usage_error("whatif: --radius does not apply: --focus names the partner "
                                  "whose reach is measured");
    char **ids = NULL;
    size_t n_ids = 0;
    int st = split_removals(o, &ids, &n_ids);
    const char *focus = o->graph.focus;
    o->graph.focus = NULL;
    struct run r;
    pn_cli_run_begin(&r);
    bool map = !o->rank_removals && map_output(o->output);
    if (st == PN_OK) /* a map needs the analysed network (issue 10) */
        st = map ? pn_cli_run_analyse(o, &r) : pn_cli_run_load(o, &r);
    if (st == PN_OK)
        st = o->rank_removals ? rank_removals(o, &r, focus)
                              : remove_partners(o, &r, ids, n_ids, focus);
    if (st == PN_OK && !map)
        st = pn_cli_run_write(o, &r);
    for (size_t i = 0; i < n_ids; i++)
        free(ids[i]);
    free(ids);
    return pn_cli_run_end(&r, st);
}
