// A GoogleTest fixture for tests that record into a latency metric: each
// test gets a registry of its own with one ResultLatency, and reads back the
// count and sum of each of its series.
#ifndef DEFER_METRICS_LATENCY_FIXTURE_H
#define DEFER_METRICS_LATENCY_FIXTURE_H

#include "defer/metrics/result_latency.h"

#include <gtest/gtest.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <cstdint>

namespace defer::metrics::test {

/// How many observations the series of `result` holds.
inline std::uint64_t countOf(const ResultLatency &latency, Result result) {
  return latency.series(result).Collect().histogram.sample_count;
}

class LatencyTest : public ::testing::Test {
protected:
  prometheus::Registry registry;
  ResultLatency latency{prometheus::BuildHistogram()
                            .Name("call_duration_seconds")
                            .Help("Time of one call.")
                            .Register(registry),
                        {{"call", "test"}},
                        {0.1, 1, 10}};

  std::uint64_t count(Result result) const { return countOf(latency, result); }
  double sum(Result result) const {
    return latency.series(result).Collect().histogram.sample_sum;
  }
};

} // namespace defer::metrics::test

#endif // DEFER_METRICS_LATENCY_FIXTURE_H
