// Resolves the success and error series of a result-labelled latency
// histogram once, when the metric is built.
#include "defer/metrics/result_latency.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <locale>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
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

// Whether `text` is well-formed UTF-8: no stray or missing continuation
// bytes, no overlong forms, no surrogates, nothing above U+10FFFF.
static bool isUtf8(const std::string &text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    char32_t codePoint = lead;
    char32_t smallest = 0;
    if (lead >= 0x80) {
      // The lead byte says how many bytes follow and holds the top bits.
      if ((lead & 0xe0) == 0xc0) {
        length = 2;
        codePoint = lead & 0x1f;
        smallest = 0x80;
      } else if ((lead & 0xf0) == 0xe0) {
        length = 3;
        codePoint = lead & 0x0f;
        smallest = 0x800;
      } else if ((lead & 0xf8) == 0xf0) {
        length = 4;
        codePoint = lead & 0x07;
        smallest = 0x10000;
      } else {
        return false;
      }
    }
    if (text.size() - i < length)
      return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80)
        return false;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < smallest || codePoint > 0x10ffff ||
        (codePoint >= 0xd800 && codePoint <= 0xdfff))
      return false;
    i += length;
  }
  return true;
}

// Throws std::invalid_argument, naming the label, when `labels` names one
// that whyReserved() refuses, or has a value that is not UTF-8 (prometheus-cpp
// writes it as it is, and Prometheus refuses the whole scrape); `whose` says
// where the labels come from.
static void rejectUnusable(const prometheus::Labels &labels,
                           const std::string &whose) {
  for (const auto &label : labels) {
    if (const char *reason = whyReserved(label.first))
      throw std::invalid_argument(whose + " may not name '" + label.first +
                                  "': " + reason);
    if (!isUtf8(label.second))
      throw std::invalid_argument(whose + ": the value of '" + label.first +
                                  "' is not UTF-8");
  }
}

// The labels of the series of `result`: the fixed labels and `result`.
static prometheus::Labels seriesLabels(prometheus::Labels fixedLabels,
                                       Result result) {
  fixedLabels.emplace(ResultLabel, resultName(result));
  return fixedLabels;
}

// A bucket bound as prometheus-cpp 1.0 writes it in the `le` label: 16
// significant digits, in the classic locale.
static std::string writtenBound(double bound) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out.precision(std::numeric_limits<double>::max_digits10 - 1);
  out << bound;
  return out.str();
}

// Whether Prometheus can read `written` back as a finite number.
static bool readsAsFinite(const std::string &written) {
  std::istringstream in(written);
  in.imbue(std::locale::classic());
  double value = 0;
  in >> value; // fails when the number rounds past the largest double
  return !in.fail() && std::isfinite(value);
}

// Throws std::invalid_argument when a bucket would spoil the exposition.
// prometheus-cpp checks that the bounds are sorted, which a NaN, unordered
// with every number, passes; its bucket would never count anything. Every
// histogram has a +Inf bucket already, so a bound of +Inf would write a
// second le="+Inf" line, as would two bounds that differ beyond the digits
// written: two buckets no query can tell apart. A bound written rounded past
// the largest double is a number that promtool, and other parsers of the
// format, refuse.
static void
rejectUnusableBounds(const prometheus::Histogram::BucketBoundaries &buckets) {
  std::string previous;
  for (double bound : buckets) {
    if (std::isnan(bound))
      throw std::invalid_argument("bucket bounds may not be NaN");
    if (std::isinf(bound) && bound > 0)
      throw std::invalid_argument(
          "bucket bounds may not be +Inf: every histogram has that bucket");
    std::string written = writtenBound(bound);
    if (!std::isinf(bound) && !readsAsFinite(written))
      throw std::invalid_argument("bucket bound " + written +
                                  " is written rounded past the largest "
                                  "double, which parsers refuse");
    if (written == previous)
      throw std::invalid_argument(
          "two bucket bounds are both written as le=\"" + written + "\"");
    previous = std::move(written);
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
  rejectUnusable(fixedLabels, "fixed labels");
  rejectUnusable(family.GetConstantLabels(), "the family's constant labels");
  rejectUnusableBounds(buckets);
  const prometheus::Labels success = seriesLabels(fixedLabels, Result::Success);
  const prometheus::Labels error = seriesLabels(fixedLabels, Result::Error);
  rejectOtherBuckets(family, success, buckets);
  rejectOtherBuckets(family, error, buckets);

  success_ = &family.Add(success, buckets);
  error_ = &family.Add(error, buckets);
}

} // namespace defer::metrics
