#include <igraph.h>
#include "model/model.h"
