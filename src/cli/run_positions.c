/*
 * run_positions: --positions FILE, --save-positions FILE and the report's positions.csv
 * (issue 10). Loads the file the map is placed from and writes the positions of the map
 * drawn; map/positions.h holds the format. Community numbers matched to the report's last
 * metrics.csv or to the older version of --compare (net/match.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli_int.h"
#include "map/positions.h"
#include "net/match.h"

int pn_cli_positions_begin(struct options *o, struct cli_positions *cp, const char *fallback,
                           const char *save_to, struct pn_diag *d)
{
    pn_positions_init(&cp->in);
    pn_positions_init(&cp->out);
    cp->save_to = o->save_positions != NULL ? o->save_positions : save_to;
    const char *from = o->positions;
    struct stat sb;
    if (from == NULL && fallback != NULL && !o->relayout && stat(fallback, &sb) == 0)
        from = fallback; /* the report's positions.csv of the last run */
    if (from != NULL && !o->relayout) {
        pn_cli_progress(o, "reading the positions");
        int st = pn_positions_load(&cp->in, from, d);
        if (st != PN_OK)
            return st;
        o->render.saved = &cp->in;
    }
    if (cp->save_to != NULL)
        o->render.save_positions = &cp->out;
    return PN_OK;
}

int pn_cli_positions_end(struct options *o, struct cli_positions *cp, int st,
                         struct pn_diag *d)
{
    if (st == PN_OK && cp->save_to != NULL && cp->out.n > 0)
        st = pn_positions_save(&cp->out, cp->save_to, d);
    o->render.saved = NULL;
    o->render.save_positions = NULL;
    pn_positions_free(&cp->in);
    pn_positions_free(&cp->out);
    return st;
}

int pn_cli_match_communities_csv(const struct options *o, struct run *r, const char *csv)
{
    struct stat sb;
    if (o->relayout || stat(csv, &sb) != 0)
        return PN_OK;
    struct pn_partition ref;
    int st = pn_partition_load_csv(csv, &ref, &r->d);
    if (st == PN_OK)
        pn_match_communities(&r->m, pn_graph_view(r->g), &r->mx, &ref);
    pn_partition_free(&ref);
    return st;
}

int pn_cli_match_communities_to(const struct options *o, struct run *r,
                                const struct pn_model *old_m, const struct pn_graph *old_g)
{
    struct pn_metrics omx;
    memset(&omx, 0, sizeof omx);
    int st = pn_analysis_run(old_g, &o->analysis, &omx, &r->d);
    if (st == PN_OK) {
        struct pn_partition ref;
        pn_partition_of(old_m, pn_graph_view(old_g), &omx, &ref);
        pn_match_communities(&r->m, pn_graph_view(r->g), &r->mx, &ref);
        pn_partition_free(&ref);
    }
    pn_metrics_destroy(&omx);
    return st;
}
