/* model: stub, to be written (loader helper). */
#include "model.h"
#include <string.h>
void pn_model_init(struct pn_model *m) { memset(m, 0, sizeof *m); }
void pn_model_destroy(struct pn_model *m) { (void)m; }
