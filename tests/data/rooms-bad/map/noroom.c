#include "strbuf.h"
