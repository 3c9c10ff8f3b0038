/* export: stub, to be written. */
#include "export.h"
#include "graph_int.h"
