// Must not compile with -Werror for any DEFER_CASE from 1 to 5: an
// observation or an endpoint made as a temporary ends at once, and a value
// returned by finish() is the outcome the caller should get. With
// DEFER_CASE 0, the same code with named objects compiles.
#include "defer/metrics/endpoint.h"
#include "defer/metrics/scoped_observation.h"

#include <prometheus/registry.h>

#include <memory>
#include <system_error>

std::error_code reconcile();

std::error_code observe(const defer::metrics::ResultLatency &latency,
                        std::shared_ptr<prometheus::Registry> registry) {
  using defer::metrics::MetricsEndpoint;
  using defer::metrics::ScopedObservation;
  std::error_code ec;
#if DEFER_CASE == 0
  ScopedObservation observation(latency, ec);
  MetricsEndpoint endpoint("127.0.0.1:0", registry);
  ec = reconcile();
  return observation.finish(ec);
#elif DEFER_CASE == 1
  ScopedObservation(latency, ec);
#elif DEFER_CASE == 2
  ScopedObservation<std::error_code>(latency, ec);
#elif DEFER_CASE == 3
  ScopedObservation{latency, ec};
#elif DEFER_CASE == 4
  MetricsEndpoint("127.0.0.1:0", registry);
#elif DEFER_CASE == 5
  ScopedObservation observation(latency, ec);
  ec = reconcile();
  observation.finish(ec);
#else
#error "unknown DEFER_CASE"
#endif
  return ec;
}
