// Must not compile with DEFER_CASE 1: an outcome type with neither
// OutcomeTraits nor an ok() member needs a classifier, and the error names
// OutcomeTraits. With DEFER_CASE 0 a classifier is given and it compiles.
#include "defer/metrics/scoped_observation.h"

struct Reply {
  int status;
};

Reply fetch();

void observe(const defer::metrics::ResultLatency &latency) {
  Reply reply{0};
#if DEFER_CASE == 0
  auto below400 = [](const Reply &r) noexcept { return r.status < 400; };
  defer::metrics::ScopedObservation observation(latency, reply, below400);
#elif DEFER_CASE == 1
  defer::metrics::ScopedObservation observation(latency, reply);
#else
#error "unknown DEFER_CASE"
#endif
  reply = fetch();
}
