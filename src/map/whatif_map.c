/*
 * whatif_map: what a removal does, as a picture (issue 10): the full map of the network
 * before, with the removed nodes (dashed outline, class "removed"), the partners they cut
 * off (heavy orange outline, class "cut-off") and the ties and memberships lost (dashed,
 * class "lost") marked, and a legend for the marks. Laid out as the full map, so it
 * shares its positions (and --positions).
 * Must not include Graphviz headers. Changes the description it is given.
 */
#include <stdlib.h>
#include <string.h>

#include "map/map_int.h"

/* Is entity e in the list? */
static bool listed(const size_t *list, size_t n, size_t e)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == e)
            return true;
    return false;
}

static void outline(struct rnode *rn, const char *col, double width, bool dashed,
                    const char *cls)
{
    pn_map_set_col(rn->stroke, col);
    rn->penwidth = width;
    if (dashed)
        rn->style = strcmp(rn->shape, "box") == 0 ? "filled,rounded,dashed" : "filled,dashed";
    pn_map_str_append(&rn->cls, cls);
    rn->prio += 1e6; /* marked nodes are labelled first */
}

static void legend(const struct ctx *c, struct rmap *r, size_t cut, size_t lost)
{
    const struct pn_whatif_marks *wm = c->o->whatif;
    pn_map_add_leg(r, L_HEAD, "What the removal does");
    char *t = pn_xasprintf("removed (%zu)", wm->n_removed);
    struct lentry *l = pn_map_add_leg(r, L_SHAPE, t);
    free(t);
    pn_map_set_col(l->fill, c->st->bg);
    pn_map_set_col(l->stroke, c->st->ended_col);
    l->style = "dashed";
    l->penwidth = 3;
    t = pn_xasprintf("cut off (%zu)", cut);
    l = pn_map_add_leg(r, L_SHAPE, t);
    free(t);
    pn_map_set_col(l->fill, c->st->bg);
    pn_map_set_col(l->stroke, c->st->fell_col);
    l->penwidth = 3.5;
    t = pn_xasprintf("tie or membership lost (%zu)", lost);
    l = pn_map_add_leg(r, L_LINE, t);
    free(t);
    pn_map_set_col(l->stroke, c->st->ended_col);
    l->style = "dashed";
    l->penwidth = 2.2;
}

void pn_map_mark_whatif(struct ctx *c, struct rmap *r)
{
    const struct pn_whatif_marks *wm = c->o->whatif;
    size_t cut = 0, lost = 0;
    bool *gone = pn_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof *gone);
    for (size_t i = 0; i < r->n_nodes; i++) {
        struct rnode *rn = &r->nodes[i];
        if (rn->entity == PN_NONE)
            continue;
        if (listed(wm->removed, wm->n_removed, rn->entity)) {
            gone[i] = true;
            outline(rn, c->st->ended_col, 3, true, " removed");
        } else if (listed(wm->cut_off, wm->n_cut_off, rn->entity)) {
            outline(rn, c->st->fell_col, 3.5, false, " cut-off");
            cut++;
        }
    }
    for (size_t e = 0; e < r->n_edges; e++) {
        struct redge *re = &r->edges[e];
        if (!gone[re->a] && !gone[re->b])
            continue;
        pn_map_set_col(re->color, c->st->ended_col);
        re->style = "dashed";
        re->penwidth = re->penwidth > 2.2 ? re->penwidth : 2.2;
        pn_map_str_append(&re->cls, " lost");
        lost++;
    }
    free(gone);
    legend(c, r, cut, lost);
}
