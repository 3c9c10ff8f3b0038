/* analysis: stub, to be written. */
#include "analysis.h"
#include "graph_int.h"
