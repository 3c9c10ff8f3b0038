/* analysis: stub until the analysis helper writes it. */
#include "analysis.h"
#include "graph_int.h"
#include <string.h>
const struct pn_metric_info pn_metric_info[PN_M_COUNT] = {
    {"degree", "Degree", true, true}, {"strength", "Strength", true, false},
    {"betweenness", "Betweenness", true, false}, {"harmonic", "Harmonic centrality", true, false},
    {"closeness", "Closeness", true, false}, {"eigenvector", "Eigenvector centrality", true, false},
    {"pagerank", "PageRank", true, false}, {"constraint", "Burt's constraint", false, false},
    {"effective-size", "Effective size", true, false}, {"coreness", "Coreness", true, true},
    {"clustering", "Local clustering", true, false}, {"community", "Community", true, true},
};
int pn_metric_by_name(const char *name)
{
    for (int i = 0; i < PN_M_COUNT; i++)
        if (strcmp(pn_metric_info[i].name, name) == 0)
            return i;
    return -1;
}
void pn_analysis_options_default(struct pn_analysis_options *o)
{
    memset(o, 0, sizeof *o);
    o->resolution = 1;
    o->seed = 42;
    o->runs = 1;
}
enum pn_status pn_analysis_run(const struct pn_graph *g, const struct pn_analysis_options *o,
                               struct pn_metrics *out, struct pn_diag *d)
{
    (void)g; (void)o; (void)out;
    pn_diag_error(d, NULL, "analysis not written yet");
    return PN_EIO;
}
void pn_metrics_destroy(struct pn_metrics *mx) { (void)mx; }
