/* graph: stub until the analysis helper writes it. */
#include "graph_int.h"
#include <stddef.h>
void pn_graph_lib_init(void) {}
enum pn_status pn_graph_build(const struct pn_model *m, const struct pn_graph_options *o,
                              struct pn_graph **out, struct pn_diag *d)
{
    (void)m; (void)o; *out = NULL;
    pn_diag_error(d, NULL, "graph not written yet");
    return PN_EIO;
}
void pn_graph_free(struct pn_graph *g) { (void)g; }
const struct pn_view *pn_graph_view(const struct pn_graph *g) { return &g->view; }
const struct pn_model *pn_graph_model(const struct pn_graph *g) { return g->model; }
const char *pn_graph_last_error(void) { return ""; }
