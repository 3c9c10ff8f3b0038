/*
 * validate: load each PATH on its own, print its errors or a one-line summary. Builds no
 * graph and writes no file; the exit status is the worst of all PATHs.
 */
#include <stdlib.h>

#include "cli/cli_int.h"
#include "model/loader.h"

int pn_cli_validate(struct options *o)
{
    int worst = PN_OK;
    for (size_t i = 0; i < o->n_paths; i++) {
        struct run r;
        pn_cli_run_begin(&r);
        const char *path = o->paths[i];
        int st = pn_loader_load(&r.m, &path, 1, &r.d);
        if (st == PN_OK)
            pn_report_counts(&r.out, &r.m);
        /* the summary is printed after this network's diagnostics, as the model it
         * describes is released with them */
        char *summary = st == PN_OK && !o->quiet ? pn_xstrdup(pn_strbuf_str(&r.out)) : NULL;
        st = pn_cli_run_end(&r, st);
        if (summary != NULL)
            printf("%s: ok: %s\n", path, summary);
        free(summary);
        if (st > worst)
            worst = st;
    }
    return worst;
}
