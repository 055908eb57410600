// Benchmarks the cost of recording one result-labelled latency: the scoped
// observation against the same observation written by hand, the per-exit
// Family::Add lookup, two threads on one series, the two ways of counting
// exceptions in flight, and an atomic increment.
#include "defer/metrics/scoped_observation.h"

#include <benchmark/benchmark.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;
using defer::metrics::Result;
using defer::metrics::ResultLatency;
using defer::metrics::ScopedObservation;

const prometheus::Histogram::BucketBoundaries Buckets = {
    0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};

// One registry for the whole run, shared by the threads of a benchmark.
struct Metrics {
  prometheus::Registry registry;
  prometheus::Family<prometheus::Histogram> &family =
      prometheus::BuildHistogram()
          .Name("bench_duration_seconds")
          .Help("Time of one benchmarked call.")
          .Register(registry);
  ResultLatency latency{family, {{"call", "bench"}}, Buckets};
};

Metrics &metrics() {
  static Metrics instance;
  return instance;
}

// Every eighth call fails, so both series are written.
std::error_code outcome(std::uint64_t call) {
  return (call & 7) == 0 ? std::make_error_code(std::errc::timed_out)
                         : std::error_code();
}

void scopedObservation(benchmark::State &state) {
  const ResultLatency &latency = metrics().latency;
  std::uint64_t call = 0;
  for (auto _ : state) {
    std::error_code ec;
    ScopedObservation observation(latency, ec);
    ec = outcome(call++);
    benchmark::DoNotOptimize(ec);
  }
}

// A scope timed by hand: `record(ec, seconds)` runs at its end.
template <typename Record>
void timeByHand(benchmark::State &state, Record record) {
  std::uint64_t call = 0;
  for (auto _ : state) {
    std::error_code ec;
    const Clock::time_point start = Clock::now();
    ec = outcome(call++);
    benchmark::DoNotOptimize(ec);
    const std::chrono::duration<double> elapsed = Clock::now() - start;
    record(ec, elapsed.count());
  }
}

void handWritten(benchmark::State &state) {
  prometheus::Histogram &success = metrics().latency.series(Result::Success);
  prometheus::Histogram &error = metrics().latency.series(Result::Error);
  timeByHand(state, [&](const std::error_code &ec, double seconds) {
    (ec ? error : success).Observe(seconds);
  });
}

void familyAddAtExit(benchmark::State &state) {
  prometheus::Family<prometheus::Histogram> &family = metrics().family;
  timeByHand(state, [&](const std::error_code &ec, double seconds) {
    family
        .Add({{"call", "bench"}, {"result", ec ? "error" : "success"}}, Buckets)
        .Observe(seconds);
  });
}

void twoThreadsOneSeries(benchmark::State &state) {
  const ResultLatency &latency = metrics().latency;
  for (auto _ : state) {
    bool ok = false;
    ScopedObservation observation(latency, ok);
    ok = true;
    benchmark::DoNotOptimize(ok);
  }
}

// The two ways of counting the exceptions in flight, which a scoped
// observation does twice: the standard call, and the library's read.
void standardExceptionCount(benchmark::State &state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(std::uncaught_exceptions());
}

void libraryExceptionCount(benchmark::State &state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(defer::metrics::detail::uncaughtExceptions());
}

std::atomic<std::uint64_t> Floor{0};

void relaxedAtomicIncrement(benchmark::State &state) {
  for (auto _ : state)
    Floor.fetch_add(1, std::memory_order_relaxed);
}

const char *const HandWritten = "hand-written Observe on a resolved series";

// The benchmarks in the order the summary lists them.
const std::vector<std::string> &registerBenchmarks() {
  static const std::vector<std::string> names = {
      "ScopedObservation",
      HandWritten,
      "Family::Add at every exit",
      "ScopedObservation, 2 threads, 1 series",
      "std::uncaught_exceptions()",
      "detail::uncaughtExceptions()",
      "relaxed atomic increment (floor)"};
  benchmark::RegisterBenchmark(names[0].c_str(), scopedObservation);
  benchmark::RegisterBenchmark(names[1].c_str(), handWritten);
  benchmark::RegisterBenchmark(names[2].c_str(), familyAddAtExit);
  benchmark::RegisterBenchmark(names[3].c_str(), twoThreadsOneSeries)
      ->Threads(2)
      ->UseRealTime();
  benchmark::RegisterBenchmark(names[4].c_str(), standardExceptionCount);
  benchmark::RegisterBenchmark(names[5].c_str(), libraryExceptionCount);
  benchmark::RegisterBenchmark(names[6].c_str(), relaxedAtomicIncrement);
  return names;
}

// Keeps each benchmark's real and CPU time per operation, the medians when
// repeated, in the order they ran, while the console output goes on.
class CollectingReporter : public benchmark::ConsoleReporter {
public:
  // Colours only on a terminal, so the output can be pasted into docs.
  explicit CollectingReporter(std::vector<std::string> order)
      : ConsoleReporter(::isatty(STDOUT_FILENO) ? OO_Defaults : OO_None),
        order_(std::move(order)) {}

  void ReportRuns(const std::vector<Run> &runs) override {
    for (const Run &run : runs) {
      const std::string &name = run.run_name.function_name;
      const bool median = run.aggregate_name == "median";
      if (median || (run.run_type == Run::RT_Iteration && !medians_[name]))
        times_[name] = {run.GetAdjustedRealTime(), run.GetAdjustedCPUTime()};
      medians_[name] = medians_[name] || median;
    }
    ConsoleReporter::ReportRuns(runs);
  }

  // The ratio is of CPU time, which other load on the machine disturbs less
  // than real time.
  void printSummary() const {
    const auto base = times_.find(HandWritten);
    std::printf("\n%-44s %11s %11s %10s\n", "benchmark", "real ns/op",
                "cpu ns/op", "cpu ratio");
    for (const std::string &name : order_) {
      if (!times_.count(name))
        continue;
      const auto [real, cpu] = times_.at(name);
      std::printf("%-44s %11.1f %11.1f %10.2f\n", name.c_str(), real, cpu,
                  base == times_.end() ? 0.0 : cpu / base->second.second);
    }
  }

private:
  std::vector<std::string> order_;
  std::map<std::string, std::pair<double, double>> times_;
  std::map<std::string, bool> medians_;
};

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  CollectingReporter reporter(registerBenchmarks());
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.printSummary();
  benchmark::Shutdown();
  return 0;
}
