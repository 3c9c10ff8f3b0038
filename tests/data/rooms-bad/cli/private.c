#include "net/graph_int.h"
