// A latency histogram with a `result` label whose two series are resolved
// once, so recording an outcome is one Observe and never a label lookup.
//
//   auto& family = prometheus::BuildHistogram()
//                      .Name("reconcile_duration_seconds")
//                      .Help("Time to reconcile one object.")
//                      .Register(*registry);
//   defer::metrics::ResultLatency latency(family, {{"controller", "hpa"}},
//                                         {0.001, 0.01, 0.1, 1});
//   latency.observe(defer::metrics::Result::Error, 0.25);
#ifndef DEFER_METRICS_RESULT_LATENCY_H
#define DEFER_METRICS_RESULT_LATENCY_H

#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/labels.h>

namespace defer::metrics {

/// The outcome of one timed operation, exported as the `result` label.
enum class Result { Success, Error };

/// The name of the label that carries the outcome.
inline constexpr const char *ResultLabel = "result";

/// The label value of each outcome: "success" or "error".
const char *resultName(Result result) noexcept;

/// A pair of histogram series of one family, `result="success"` and
/// `result="error"`, sharing the same fixed labels and bucket bounds.
///
/// The series are added to the family when the metric is built and live as
/// long as the family does (until it is removed from its registry). Copies
/// refer to the same series. Thread-safe: observing is a prometheus-cpp
/// `Histogram::Observe`.
class ResultLatency {
public:
  /// Resolves both series; when the family has them already, with the same
  /// bucket bounds, it shares them with the ResultLatency that added them.
  /// Throws std::invalid_argument, before adding anything to the family,
  /// when `fixedLabels` or the family's constant labels name `result` (it
  /// carries the outcome), `le` (the bound of each bucket line) or a name
  /// starting with `__` (Prometheus's own), or have a value that is not
  /// UTF-8; when the family has either series already with other bucket
  /// bounds (prometheus-cpp would keep the old ones); and when a bucket bound
  /// is NaN or +Inf (every histogram has a +Inf bucket), is written rounded
  /// past the largest number Prometheus reads, or is written as the bound
  /// before it. Throws whatever prometheus-cpp throws for other invalid label
  /// names or bucket bounds.
  ResultLatency(prometheus::Family<prometheus::Histogram> &family,
                const prometheus::Labels &fixedLabels,
                const prometheus::Histogram::BucketBoundaries &buckets);

  /// The series of one outcome.
  prometheus::Histogram &series(Result result) const noexcept {
    return result == Result::Success ? *success_ : *error_;
  }

  /// Records `seconds` under the label of `result`.
  void observe(Result result, double seconds) const {
    series(result).Observe(seconds);
  }

private:
  prometheus::Histogram *success_;
  prometheus::Histogram *error_;
};

} // namespace defer::metrics

#endif // DEFER_METRICS_RESULT_LATENCY_H
