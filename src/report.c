/* report: stub, to be written. */
#include "report.h"
