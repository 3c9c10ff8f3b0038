/* loader: stub, to be written. */
#include "loader.h"
enum pn_status pn_loader_load(struct pn_model *m, const char *const *paths, size_t n_paths,
                              struct pn_diag *d)
{
    (void)m; (void)paths; (void)n_paths;
    pn_diag_error(d, NULL, "loader not written yet");
    return PN_EIO;
}
