// Resolves the success and error series of a result-labelled latency
// histogram once, when the metric is built.
#include "defer/metrics/result_latency.h"

#include <stdexcept>
#include <string>

namespace defer::metrics {

const char *resultName(Result result) noexcept {
  return result == Result::Success ? "success" : "error";
}

static prometheus::Histogram &
addSeries(prometheus::Family<prometheus::Histogram> &family,
          prometheus::Labels labels, Result result,
          const prometheus::Histogram::BucketBoundaries &buckets) {
  labels.emplace(ResultLabel, resultName(result));
  return family.Add(labels, buckets);
}

ResultLatency::ResultLatency(
    prometheus::Family<prometheus::Histogram> &family,
    const prometheus::Labels &fixedLabels,
    const prometheus::Histogram::BucketBoundaries &buckets) {
  if (fixedLabels.count(ResultLabel) != 0)
    throw std::invalid_argument(std::string("fixed labels may not name '") +
                                ResultLabel + "': it carries the outcome");
  success_ = &addSeries(family, fixedLabels, Result::Success, buckets);
  error_ = &addSeries(family, fixedLabels, Result::Error, buckets);
}

} // namespace defer::metrics
