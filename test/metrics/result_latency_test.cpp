// Unit tests of ResultLatency: both result series exist as soon as the
// metric is built, are the family's own series, and take observations.
#include "defer/metrics/result_latency.h"

#include <gtest/gtest.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

namespace {

using defer::metrics::Result;
using defer::metrics::ResultLatency;

const prometheus::Histogram::BucketBoundaries Buckets = {0.1, 0.5, 1};

prometheus::Family<prometheus::Histogram> &
buildFamily(prometheus::Registry &registry) {
  return prometheus::BuildHistogram()
      .Name("reconcile_duration_seconds")
      .Help("Time to reconcile one object.")
      .Register(registry);
}

// The labels of every series the registry exposes, as "k=v,k=v" strings.
std::map<std::string, std::uint64_t>
countsByLabels(prometheus::Registry &registry) {
  std::map<std::string, std::uint64_t> counts;
  for (const prometheus::MetricFamily &family : registry.Collect()) {
    for (const prometheus::ClientMetric &metric : family.metric) {
      std::string key;
      for (const prometheus::ClientMetric::Label &label : metric.label)
        key += (key.empty() ? "" : ",") + label.name + "=" + label.value;
      counts[key] = metric.histogram.sample_count;
    }
  }
  return counts;
}

TEST(ResultLatencyTest, ResolvesBothSeriesWhenBuilt) {
  prometheus::Registry registry;
  ResultLatency latency(buildFamily(registry), {{"controller", "hpa"}},
                        Buckets);

  const std::map<std::string, std::uint64_t> expected = {
      {"controller=hpa,result=error", 0}, {"controller=hpa,result=success", 0}};
  EXPECT_EQ(countsByLabels(registry), expected);
}

TEST(ResultLatencyTest, SeriesAreTheFamilysSeries) {
  prometheus::Registry registry;
  auto &family = buildFamily(registry);
  ResultLatency latency(family, {{"controller", "hpa"}}, Buckets);

  EXPECT_EQ(
      &latency.series(Result::Success),
      &family.Add({{"controller", "hpa"}, {"result", "success"}}, Buckets));
  EXPECT_EQ(&latency.series(Result::Error),
            &family.Add({{"controller", "hpa"}, {"result", "error"}}, Buckets));
}

TEST(ResultLatencyTest, ObservesUnderTheGivenResult) {
  prometheus::Registry registry;
  ResultLatency latency(buildFamily(registry), {}, Buckets);

  latency.observe(Result::Error, 0.3);
  latency.observe(Result::Success, 0.05);
  latency.observe(Result::Success, 2);

  const prometheus::ClientMetric::Histogram error =
      latency.series(Result::Error).Collect().histogram;
  EXPECT_EQ(error.sample_count, 1u);
  EXPECT_DOUBLE_EQ(error.sample_sum, 0.3);
  ASSERT_EQ(error.bucket.size(), 4u);
  EXPECT_EQ(error.bucket[0].cumulative_count, 0u);
  EXPECT_EQ(error.bucket[1].cumulative_count, 1u);

  const prometheus::ClientMetric::Histogram success =
      latency.series(Result::Success).Collect().histogram;
  EXPECT_EQ(success.sample_count, 2u);
  EXPECT_DOUBLE_EQ(success.sample_sum, 2.05);
  EXPECT_EQ(success.bucket[0].cumulative_count, 1u);
  EXPECT_EQ(success.bucket[2].cumulative_count, 1u);
}

TEST(ResultLatencyTest, CopiesShareTheSeries) {
  prometheus::Registry registry;
  ResultLatency latency(buildFamily(registry), {}, Buckets);
  const ResultLatency copy = latency;

  copy.observe(Result::Error, 0.2);

  EXPECT_EQ(latency.series(Result::Error).Collect().histogram.sample_count, 1u);
}

// The message of the std::invalid_argument that building a ResultLatency
// with these labels throws, or "" when it throws nothing.
std::string
rejection(prometheus::Family<prometheus::Histogram> &family,
          const prometheus::Labels &fixedLabels,
          const prometheus::Histogram::BucketBoundaries &buckets = Buckets) {
  try {
    ResultLatency latency(family, fixedLabels, buckets);
  } catch (const std::invalid_argument &error) {
    return error.what();
  }
  return "";
}

// `result` carries the outcome; every bucket line of a histogram carries
// `le` already, and a second one makes Prometheus reject the whole
// exposition; names starting with `__` are Prometheus's own. The error names
// the label, and no series is added.
TEST(ResultLatencyTest, RejectsReservedFixedLabels) {
  prometheus::Registry registry;
  auto &family = buildFamily(registry);

  EXPECT_EQ(rejection(family, {{"le", "1"}}),
            "fixed labels may not name 'le': histograms use it for the upper "
            "bound of each bucket");
  EXPECT_EQ(rejection(family, {{"shop", "eu"}, {"__shard", "2"}}),
            "fixed labels may not name '__shard': names starting with '__' "
            "are reserved for Prometheus");
  EXPECT_EQ(rejection(family, {{"result", "success"}}),
            "fixed labels may not name 'result': it carries the outcome");
  EXPECT_TRUE(countsByLabels(registry).empty());
}

// prometheus-cpp writes label values as they are; Prometheus refuses a
// scrape with one that is not UTF-8.
TEST(ResultLatencyTest, RejectsALabelValueThatIsNotUtf8) {
  prometheus::Registry registry;
  auto &family = buildFamily(registry);

  for (const std::string value :
       {"\xff", "caf\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    SCOPED_TRACE(testing::PrintToString(value));
    EXPECT_EQ(rejection(family, {{"shop", value}}),
              "fixed labels: the value of 'shop' is not UTF-8");
  }
  EXPECT_TRUE(countsByLabels(registry).empty());
  ResultLatency accepted(family, {{"shop", "caf\xc3\xa9 \xf0\x9f\x8d\xb0"}},
                         Buckets);
}

TEST(ResultLatencyTest, RejectsReservedConstantLabelsOfTheFamily) {
  prometheus::Registry registry;
  auto &family = prometheus::BuildHistogram()
                     .Name("reconcile_duration_seconds")
                     .Help("Time to reconcile one object.")
                     .Labels({{"le", "0.5"}})
                     .Register(registry);

  EXPECT_EQ(rejection(family, {}),
            "the family's constant labels may not name 'le': histograms use "
            "it for the upper bound of each bucket");
}

// Family::Add hands back a series that exists already and drops the bounds
// it is given, so a second ResultLatency on the same labels with other
// bounds would record into buckets it did not ask for.
TEST(ResultLatencyTest, RejectsOtherBucketsForSeriesThatExist) {
  prometheus::Registry registry;
  auto &family = buildFamily(registry);
  const prometheus::Histogram::BucketBoundaries otherBuckets = {0.001, 0.5, 5};
  ResultLatency first(family, {{"controller", "hpa"}}, Buckets);

  EXPECT_EQ(rejection(family, {{"controller", "hpa"}}, otherBuckets),
            "the family already has the series of these fixed labels, with "
            "other bucket bounds: give the same bounds, or other fixed labels");
  ResultLatency same(family, {{"controller", "hpa"}}, Buckets);
  EXPECT_EQ(&same.series(Result::Error), &first.series(Result::Error));
  ResultLatency other(family, {{"controller", "vpa"}}, otherBuckets);
}

// Nothing is added when only one of the two series exists with other bounds.
TEST(ResultLatencyTest, RejectsOtherBucketsBeforeAddingASeries) {
  prometheus::Registry registry;
  auto &family = buildFamily(registry);
  family.Add({{"result", "error"}}, prometheus::Histogram::BucketBoundaries{1});

  EXPECT_NE(rejection(family, {}), "");
  const std::map<std::string, std::uint64_t> expected = {{"result=error", 0}};
  EXPECT_EQ(countsByLabels(registry), expected);
}

// prometheus-cpp's check that the bounds are sorted lets a NaN through.
TEST(ResultLatencyTest, RejectsANaNBucketBound) {
  prometheus::Registry registry;
  auto &family = buildFamily(registry);
  const prometheus::Histogram::BucketBoundaries withNaN = {
      0.1, std::numeric_limits<double>::quiet_NaN(), 1};

  EXPECT_EQ(rejection(family, {}, withNaN), "bucket bounds may not be NaN");
  // Nothing was added, so the same call fails the same way, not as a
  // series that exists with other bounds.
  EXPECT_EQ(rejection(family, {}, withNaN), "bucket bounds may not be NaN");
  EXPECT_TRUE(countsByLabels(registry).empty());
}

// prometheus-cpp adds the +Inf bucket itself, and would write a second.
TEST(ResultLatencyTest, RejectsAnInfiniteBucketBound) {
  prometheus::Registry registry;
  auto &family = buildFamily(registry);

  EXPECT_EQ(
      rejection(family, {}, {0.1, 1, std::numeric_limits<double>::infinity()}),
      "bucket bounds may not be +Inf: every histogram has that bucket");
  EXPECT_TRUE(countsByLabels(registry).empty());
}

// prometheus-cpp writes 16 significant digits: the largest double is
// written rounded up, past what Prometheus can read, and bounds closer than
// that are written the same, as two bucket lines with one `le`.
TEST(ResultLatencyTest, RejectsBoundsTheExpositionCannotTellApart) {
  prometheus::Registry registry;
  auto &family = buildFamily(registry);

  EXPECT_EQ(rejection(family, {}, {1, std::numeric_limits<double>::max()}),
            "bucket bound 1.797693134862316e+308 is written rounded past the "
            "largest double, which parsers refuse");
  EXPECT_EQ(rejection(family, {}, {0.1, std::nextafter(0.1, 1.0)}),
            "two bucket bounds are both written as le=\"0.1\"");
  EXPECT_TRUE(countsByLabels(registry).empty());
  ResultLatency accepted(family, {},
                         {-std::numeric_limits<double>::infinity(), -1, 0,
                          1e300, 1.797693134862315e+308});
}

TEST(ResultLatencyTest, NamesTheResults) {
  EXPECT_STREQ(defer::metrics::resultName(Result::Success), "success");
  EXPECT_STREQ(defer::metrics::resultName(Result::Error), "error");
}

} // namespace
