#include "map/map_int.h"
