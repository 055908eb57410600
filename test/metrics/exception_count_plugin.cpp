// A plugin that carries its own C++ runtime (linked with -static-libstdc++,
// the runtime's symbols kept private), so its exceptions are counted by that
// runtime and not by the host's. Compares the library's count of exceptions
// in flight with the standard one, as this plugin's code sees them, and
// leaves a scoped observation by an exception.
#include "defer/metrics/detail/exception_count.h"
#include "defer/metrics/scoped_observation.h"

#include <exception>
#include <stdexcept>
#include <system_error>

using defer::metrics::Result;
using defer::metrics::ResultLatency;
using defer::metrics::ScopedObservation;

namespace {

int Mismatches = 0;

void compare() {
  if (defer::metrics::detail::uncaughtExceptions() !=
      std::uncaught_exceptions())
    ++Mismatches;
}

struct ComparedDuringUnwinding {
  ~ComparedDuringUnwinding() { compare(); }
};

struct ErrorExpectedDuringUnwinding {
  const ScopedObservation<std::error_code> &observation;
  ~ErrorExpectedDuringUnwinding() {
    if (observation.result() != Result::Error)
      ++Mismatches;
  }
};

} // namespace

/// The number of places where the plugin's view of the exceptions in flight
/// was wrong: the two counts before, during and after an unwinding, and the
/// label an observation left by that unwinding would record. The
/// observation records into `latency`, under `result="error"` if it is right.
extern "C" int countMismatchesInPlugin(const ResultLatency &latency) {
  Mismatches = 0;
  compare();
  try {
    std::error_code ec;
    ScopedObservation<std::error_code> observation(latency, ec);
    ErrorExpectedDuringUnwinding expected{observation};
    ComparedDuringUnwinding compared;
    throw std::runtime_error("thrown inside the plugin");
  } catch (const std::runtime_error &) {
  }
  compare();
  return Mismatches;
}
