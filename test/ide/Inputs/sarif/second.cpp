// The other user of common.h.
#include "common.h"

int second() { return isMissing(nullptr); }
