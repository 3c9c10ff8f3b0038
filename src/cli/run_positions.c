/*
 * run_positions: --positions FILE, --save-positions FILE and the report's positions.csv
 * (issue 10). Loads the file the map is placed from and writes the positions of the map
 * drawn; map/positions.h holds the format.
 */
#include <stdlib.h>
#include <sys/stat.h>

#include "cli/cli_int.h"
#include "map/positions.h"

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
