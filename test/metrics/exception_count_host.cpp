// Loads exception_count_plugin.cpp's plugin after using the library's count
// of exceptions in flight here, on the same thread, and after recording with
// the same kind of scoped observation as the plugin, whose functions it
// exports to plugins. A count, or a function reading it, shared between the
// host and the plugin would be the host runtime's inside the plugin. Exits 0
// when the plugin's counts agree with its runtime's and its observation,
// left by an exception, recorded an error.
// Usage: exception_count_host PLUGIN
#include "defer/metrics/detail/exception_count.h"
#include "defer/metrics/result_latency.h"
#include "defer/metrics/scoped_observation.h"

#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <cstdio>
#include <exception>
#include <system_error>

#include <dlfcn.h>

using defer::metrics::Result;
using defer::metrics::ResultLatency;
using defer::metrics::ScopedObservation;

namespace {

/// Whether an observation with no exception in flight records a success.
bool recordsSuccess(const ResultLatency &latency) {
  std::error_code ec;
  ScopedObservation<std::error_code> observation(latency, ec);
  const bool succeeded = observation.result() == Result::Success;
  return !observation.finish(ec) && succeeded;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PLUGIN\n", argv[0]);
    return 2;
  }
  if (defer::metrics::detail::uncaughtExceptions() !=
      std::uncaught_exceptions()) {
    std::fprintf(stderr, "the host's counts differ\n");
    return 1;
  }
  prometheus::Registry registry;
  const ResultLatency latency(prometheus::BuildHistogram()
                                  .Name("call_duration_seconds")
                                  .Help("Time of one call.")
                                  .Register(registry),
                              {}, {0.1, 1});
  if (!recordsSuccess(latency)) {
    std::fprintf(stderr, "the host's observation sees an exception\n");
    return 1;
  }

  void *plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!plugin) {
    std::fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
    return 2;
  }
  auto *countMismatches = reinterpret_cast<int (*)(const ResultLatency &)>(
      dlsym(plugin, "countMismatchesInPlugin"));
  if (!countMismatches) {
    std::fprintf(stderr, "%s has no countMismatchesInPlugin\n", argv[1]);
    return 2;
  }
  const int mismatches = countMismatches(latency);
  const auto errors = latency.series(Result::Error).Collect().histogram;
  std::printf("%d of 4 checks in the plugin failed; it recorded %llu "
              "error(s), expected 1\n",
              mismatches, static_cast<unsigned long long>(errors.sample_count));
  return mismatches == 0 && errors.sample_count == 1 ? 0 : 1;
}
