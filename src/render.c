/* render: stub, to be written. */
#include "render.h"
