// Compiled by Clang with -Werror=dangling, must not compile for any
// DEFER_CASE from 1 to 3: an outcome that is a temporary reached through a
// reference compiles (the deleted rvalue overload cannot see it), but the
// outcome parameter is [[clang::lifetimebound]], so Clang warns where it can
// tell that the reference leads into a temporary. With DEFER_CASE 0 the
// outcomes outlive the observation, or Clang cannot tell, and it compiles.
#include "defer/metrics/scoped_observation.h"

#include <system_error>

std::error_code reconcile();

// A reply whose accessor says that what it returns lives in the reply.
struct Reply {
  std::error_code ec;
  const std::error_code &code() const DEFER_METRICS_LIFETIMEBOUND { return ec; }
};

// The same accessor without the attribute.
struct PlainReply {
  std::error_code ec;
  const std::error_code &code() const { return ec; }
};

Reply call();
PlainReply plainCall();

void observe(const defer::metrics::ResultLatency &latency) {
  using defer::metrics::ScopedObservation;
#if DEFER_CASE == 0
  Reply reply = call();
  ScopedObservation observation(latency, reply.code());
  std::error_code ec;
  ScopedObservation direct(latency, ec);
  ec = reconcile();
  // FIXME: dangles, and no compiler can tell: nothing says that the
  // unmarked code() returns a reference into the temporary reply.
  ScopedObservation unseen(latency, plainCall().code());
#elif DEFER_CASE == 1
  ScopedObservation observation(latency, call().code());
#elif DEFER_CASE == 2
  ScopedObservation<std::error_code> observation(latency, call().code());
#elif DEFER_CASE == 3
  ScopedObservation observation(
      latency, static_cast<const std::error_code &>(reconcile()));
#else
#error "unknown DEFER_CASE"
#endif
}
