// Resolves the success and error series of a result-labelled latency
// histogram once, when the metric is built.
#include "defer/metrics/result_latency.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

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

// The labels of the series of `result`: the fixed labels and `result`.
static prometheus::Labels seriesLabels(prometheus::Labels fixedLabels,
                                       Result result) {
  fixedLabels.emplace(ResultLabel, resultName(result));
  return fixedLabels;
}

// Throws std::invalid_argument when a bucket bound is NaN or +Inf.
// prometheus-cpp checks that the bounds are sorted, which a NaN, unordered
// with every number, passes; its bucket would never count anything, and no
// two lists holding one would compare equal. Every histogram has a +Inf
// bucket already, so a bound of +Inf would write a second le="+Inf" line.
static void
rejectUnusableBounds(const prometheus::Histogram::BucketBoundaries &buckets) {
  for (double bound : buckets) {
    if (std::isnan(bound))
      throw std::invalid_argument("bucket bounds may not be NaN");
    if (std::isinf(bound) && bound > 0)
      throw std::invalid_argument(
          "bucket bounds may not be +Inf: every histogram has that bucket");
  }
}

// Whether `series` has the bucket bounds `buckets`.
static bool hasBuckets(const prometheus::Histogram &series,
                       const prometheus::Histogram::BucketBoundaries &buckets) {
  // One bucket per bound, then the +Inf bucket every histogram adds.
  const std::vector<prometheus::ClientMetric::Bucket> existing =
      series.Collect().histogram.bucket;
  return existing.size() == buckets.size() + 1 &&
         std::equal(buckets.begin(), buckets.end(), existing.begin(),
                    [](double bound, const auto &bucket) {
                      return bound == bucket.upper_bound;
                    });
}

// Throws std::invalid_argument when the family has a series with `labels`
// already, with other bucket bounds: Family::Add would hand back that series
// and drop the bounds it is given.
static void
rejectOtherBuckets(prometheus::Family<prometheus::Histogram> &family,
                   const prometheus::Labels &labels,
                   const prometheus::Histogram::BucketBoundaries &buckets) {
  if (family.Has(labels) && !hasBuckets(family.Add(labels, buckets), buckets))
    throw std::invalid_argument(
        "the family already has the series of these fixed labels, with other "
        "bucket bounds: give the same bounds, or other fixed labels");
}

ResultLatency::ResultLatency(
    prometheus::Family<prometheus::Histogram> &family,
    const prometheus::Labels &fixedLabels,
    const prometheus::Histogram::BucketBoundaries &buckets) {
  rejectReserved(fixedLabels, "fixed labels");
  rejectReserved(family.GetConstantLabels(), "the family's constant labels");
  rejectUnusableBounds(buckets);
  const prometheus::Labels success = seriesLabels(fixedLabels, Result::Success);
  const prometheus::Labels error = seriesLabels(fixedLabels, Result::Error);
  rejectOtherBuckets(family, success, buckets);
  rejectOtherBuckets(family, error, buckets);

  success_ = &family.Add(success, buckets);
  error_ = &family.Add(error, buckets);
}

} // namespace defer::metrics
