/*
 * layout: igraph's force-directed layouts on the merged undirected graph of a
 * view (parallel ties summed: one spring per pair). Weights are strengths for
 * Fruchterman-Reingold and DrL (stronger ties pull closer) and distances 1/w
 * for Kamada-Kawai (its weights are edge lengths). Must not print.
 */
#include "net/layout_igraph.h"

#include <igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "net/graph_int.h"
#include "base/strbuf.h"

bool pn_layout_is_igraph(const char *name)
{
    return name != NULL &&
           (strcmp(name, "fr") == 0 || strcmp(name, "kk") == 0 || strcmp(name, "drl") == 0);
}

enum pn_status pn_layout_igraph(const struct pn_graph *g, const char *name, unsigned long seed,
                                double **xy, struct pn_diag *d)
{
    enum pn_status st = PN_EIO;
    igraph_matrix_t res;
    bool res_ok = false;
    igraph_vector_t dist;
    bool dist_ok = false;
    *xy = NULL;
    if (!pn_layout_is_igraph(name)) {
        pn_diag_error(d, NULL, "unknown igraph layout '%s'; expected fr, kk or drl", name);
        return PN_EUSAGE;
    }
    igraph_integer_t n = igraph_vcount(&g->ug);
    /* precondition (STYLE 5): one weight per edge, finite and > 0 */
    if (igraph_vector_size(&g->uw) != igraph_ecount(&g->ug)) {
        pn_diag_error(d, NULL, "layout: %" IGRAPH_PRId " weights for %" IGRAPH_PRId " edges",
                      igraph_vector_size(&g->uw), igraph_ecount(&g->ug));
        return PN_EIO;
    }
    pn_graph_error_reset();
    if (igraph_matrix_init(&res, n, 2) != IGRAPH_SUCCESS) {
        st = pn_graph_igraph_fail(d, "layout");
        goto out;
    }
    res_ok = true;
    (void)pn_graph_seed(seed); /* as before: a refused seed is not an error here */
    igraph_error_t rc;
    if (n == 0) {
        rc = IGRAPH_SUCCESS;
    } else if (strcmp(name, "fr") == 0) {
        rc = igraph_layout_fruchterman_reingold(&g->ug, &res, false, 500, sqrt((double)n),
                                                IGRAPH_LAYOUT_AUTOGRID, &g->uw, NULL, NULL,
                                                NULL, NULL);
    } else if (strcmp(name, "kk") == 0) {
        if (igraph_vector_init_copy(&dist, &g->uw) != IGRAPH_SUCCESS) {
            st = pn_graph_igraph_fail(d, "layout");
            goto out;
        }
        dist_ok = true;
        for (igraph_integer_t i = 0; i < igraph_vector_size(&dist); i++)
            VECTOR(dist)[i] = 1.0 / VECTOR(dist)[i];
        /* igraph's default 50n iterations; 10n on large graphs (seconds, not minutes) */
        rc = igraph_layout_kamada_kawai(&g->ug, &res, false, n <= 500 ? 50 * n : 10 * n, 0.0,
                                        (double)n, &dist, NULL, NULL, NULL, NULL);
    } else {
        igraph_layout_drl_options_t opts;
        rc = igraph_layout_drl_options_init(&opts, IGRAPH_LAYOUT_DRL_DEFAULT);
        if (rc == IGRAPH_SUCCESS)
            rc = igraph_layout_drl(&g->ug, &res, false, &opts, &g->uw);
    }
    if (rc != IGRAPH_SUCCESS) {
        st = pn_graph_igraph_fail(d, "layout");
        goto out;
    }
    double *out_xy = pn_xcalloc(n > 0 ? (size_t)n * 2 : 1, sizeof *out_xy);
    for (igraph_integer_t i = 0; i < n; i++) {
        out_xy[2 * i] = MATRIX(res, i, 0);
        out_xy[2 * i + 1] = MATRIX(res, i, 1);
    }
    *xy = out_xy;
    st = PN_OK;
out:
    if (dist_ok)
        igraph_vector_destroy(&dist);
    if (res_ok)
        igraph_matrix_destroy(&res);
    return st;
}
