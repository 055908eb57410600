// A plugin that carries its own C++ runtime (linked with -static-libstdc++,
// the runtime's symbols kept private), so its exceptions are counted by that
// runtime and not by the host's. Compares the library's count of exceptions
// in flight with the standard one, as this plugin's code sees them.
#include "defer/metrics/detail/exception_count.h"

#include <exception>
#include <stdexcept>

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

} // namespace

/// The number of places where the two counts differed: before, during and
/// after an unwinding.
extern "C" int countMismatchesInPlugin() {
  Mismatches = 0;
  compare();
  try {
    ComparedDuringUnwinding compared;
    throw std::runtime_error("thrown inside the plugin");
  } catch (const std::runtime_error &) {
  }
  compare();
  return Mismatches;
}
