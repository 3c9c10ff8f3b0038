/* graph: stub, to be written. */
#include "graph_int.h"
void pn_graph_lib_init(void) {}
