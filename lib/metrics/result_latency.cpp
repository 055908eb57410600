// Resolves the success and error series of a result-labelled latency
// histogram once, when the metric is built.
#include "defer/metrics/result_latency.h"

#include <stdexcept>
#include <string>

namespace defer::metrics {

const char *resultName(Result result) noexcept {
  return result == Result::Success ? "success" : "error";
}

// The label of a histogram's bucket lines, holding each bucket's bound.
static constexpr const char *BucketLabel = "le";

// Why a result-labelled histogram cannot take a label named `name`, or null
// when it can.
static const char *whyReserved(const std::string &name) {
  if (name == ResultLabel)
    return "it carries the outcome";
  if (name == BucketLabel)
    return "histograms use it for the upper bound of each bucket";
  if (name.compare(0, 2, "__") == 0)
    return "names starting with '__' are reserved for Prometheus";
  return nullptr;
}

// Throws std::invalid_argument, naming the label, when `labels` names one
// that whyReserved() refuses; `whose` says where the labels come from.
static void rejectReserved(const prometheus::Labels &labels,
                           const std::string &whose) {
  for (const auto &label : labels)
    if (const char *reason = whyReserved(label.first))
      throw std::invalid_argument(whose + " may not name '" + label.first +
                                  "': " + reason);
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
  rejectReserved(fixedLabels, "fixed labels");
  rejectReserved(family.GetConstantLabels(), "the family's constant labels");
  success_ = &addSeries(family, fixedLabels, Result::Success, buckets);
  error_ = &addSeries(family, fixedLabels, Result::Error, buckets);
}

} // namespace defer::metrics
