// Must not compile with DEFER_CASE 1 to 3: an outcome type the library has
// no rule for needs a classifier or OutcomeTraits, and the error names
// OutcomeTraits. Case 1 has neither OutcomeTraits nor an ok() member; case 2
// derives from std::error_code privately, so it is not an error code to its
// users; case 3 derives from both std::error_code and std::error_condition,
// whose rules would compete. With DEFER_CASE 0 each type is given a
// classifier and it compiles.
#include "defer/metrics/scoped_observation.h"

#include <system_error>

struct Reply {
  int status;
};

class PrivateCode : std::error_code {};

struct BothKinds : std::error_code, std::error_condition {};

void observeAll(const defer::metrics::ResultLatency &latency) {
  Reply reply{0};
  PrivateCode privateCode;
  BothKinds both;
#if DEFER_CASE == 0
  auto always = [](const auto &) noexcept { return true; };
  defer::metrics::ScopedObservation replyObservation(latency, reply, always);
  defer::metrics::ScopedObservation privateObservation(latency, privateCode,
                                                       always);
  defer::metrics::ScopedObservation bothObservation(latency, both, always);
#elif DEFER_CASE == 1
  defer::metrics::ScopedObservation observation(latency, reply);
#elif DEFER_CASE == 2
  defer::metrics::ScopedObservation observation(latency, privateCode);
#elif DEFER_CASE == 3
  defer::metrics::ScopedObservation observation(latency, both);
#else
#error "unknown DEFER_CASE"
#endif
}
