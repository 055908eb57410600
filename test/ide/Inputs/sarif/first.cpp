// One of two users of common.h.
#include "common.h"

int first() { return isMissing(0); }
