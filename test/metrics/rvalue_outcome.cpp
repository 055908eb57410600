// Must not compile for any DEFER_CASE from 1 to 5: a scoped observation
// refuses an outcome it would read after the temporary is gone. With
// DEFER_CASE 0 it compiles, which shows the failures come from the outcome.
#include "defer/metrics/scoped_observation.h"

#include <system_error>
#include <utility>

std::error_code reconcile();

void observe(const defer::metrics::ResultLatency &latency) {
  using defer::metrics::ScopedObservation;
  std::error_code ec;
  int rc = 0;
  (void)rc;
#if DEFER_CASE == 0
  ScopedObservation observation(latency, ec);
  bool done = true;
  ScopedObservation<bool> flag(latency, done);
  ec = reconcile();
#elif DEFER_CASE == 1
  ScopedObservation observation(latency, std::error_code());
#elif DEFER_CASE == 2
  ScopedObservation observation(latency, reconcile());
#elif DEFER_CASE == 3
  ScopedObservation observation(latency, std::move(ec));
#elif DEFER_CASE == 4
  // The int would be converted to a temporary bool.
  ScopedObservation<bool> observation(latency, rc);
#elif DEFER_CASE == 5
  ScopedObservation<std::error_code> observation(latency, reconcile());
#else
#error "unknown DEFER_CASE"
#endif
}
