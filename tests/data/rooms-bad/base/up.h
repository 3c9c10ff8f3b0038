#include "net/graph.h"
