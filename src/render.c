/* render: stub until the render helper writes it. */
#include "render.h"
#include <string.h>
const char *const pn_render_layouts[] = {"neato", "fdp", "sfdp", "circo", "twopi", "dot", NULL};
void pn_render_options_default(struct pn_render_options *o)
{
    memset(o, 0, sizeof *o);
    o->size_by = PN_M_PAGERANK;
    o->labels_top = -1;
    o->seed = 42;
}
enum pn_status pn_render_map(const struct pn_model *m, const struct pn_view *v,
                             const struct pn_metrics *mx, const struct pn_render_options *o,
                             const char *path, struct pn_diag *d)
{
    (void)m; (void)v; (void)mx; (void)o; (void)path;
    pn_diag_error(d, NULL, "render not written yet");
    return PN_EIO;
}
enum pn_status pn_render_export_dot(const struct pn_model *m, const struct pn_view *v,
                                    const struct pn_metrics *mx, const char *path,
                                    struct pn_diag *d)
{
    (void)m; (void)v; (void)mx; (void)path;
    pn_diag_error(d, NULL, "render not written yet");
    return PN_EIO;
}
