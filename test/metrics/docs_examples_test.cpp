// The examples of docs/metrics.md, compiled and run. check_docs_examples.py
// finds every C++ block of that page here (or in the controller example and
// the compile tests), and the tests below check what the page says each
// example does.
#include <defer/metrics/endpoint.h>
#include <defer/metrics/scoped_observation.h>

#include "latency_fixture.h"

#include <gtest/gtest.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <utility>

#ifdef DEFER_METRICS_HAVE_ABSL
#include <absl/status/status.h>
#endif

using defer::metrics::Result;
using defer::metrics::ResultLatency;

namespace {

using defer::metrics::test::countOf;

// A latency of its own for each example.
using DocsExamplesTest = defer::metrics::test::LatencyTest;

// The worked example: a service that times the submission of orders.

auto registry = std::make_shared<prometheus::Registry>();
auto &family = prometheus::BuildHistogram()
                   .Name("orders_submit_duration_seconds")
                   .Help("Time to submit one order.")
                   .Register(*registry);
// Resolves {shop="eu",result="success"} and {shop="eu",result="error"}.
defer::metrics::ResultLatency submitLatency(family, {{"shop", "eu"}},
                                            {0.005, 0.025, 0.1, 0.5, 2.5});

struct Order {
  int quantity;
  bool valid() const { return quantity > 0; }
};

// A payment gateway whose next answer the test chooses.
struct Gateway {
  std::error_code answer;
  bool unreachable = false;

  std::error_code send(const Order &) const {
    if (unreachable)
      throw std::runtime_error("gateway unreachable");
    return answer;
  }
};

Gateway gateway;

std::error_code submit(const Order &order) {
  std::error_code ec;
  defer::metrics::ScopedObservation observation(submitLatency, ec);
  if (!order.valid()) {
    observation.dismiss(); // not a call worth timing
    return std::make_error_code(std::errc::invalid_argument);
  }
  ec = gateway.send(order); // may throw: recorded as "error"
  return observation.finish(ec);
}

TEST_F(DocsExamplesTest, WorkedExample) {
  const std::uint64_t errorsBefore = countOf(submitLatency, Result::Error);
  const std::uint64_t successesBefore = countOf(submitLatency, Result::Success);
  gateway = Gateway();
  gateway.answer = std::make_error_code(std::errc::connection_refused);
  EXPECT_TRUE(submit(Order{1}));
  gateway.answer = std::error_code();
  EXPECT_FALSE(submit(Order{2}));
  EXPECT_TRUE(submit(Order{0}));
  gateway.unreachable = true;
  EXPECT_THROW(submit(Order{3}), std::runtime_error);

  // The refused and the unreachable calls; the invalid order is not timed.
  EXPECT_EQ(countOf(submitLatency, Result::Error) - errorsBefore, 2u);
  EXPECT_EQ(countOf(submitLatency, Result::Success) - successesBefore, 1u);
}

// Serving /metrics: compiled, not run, since it binds a fixed port.
[[maybe_unused]] void
serveMetrics(std::shared_ptr<prometheus::Registry> registry,
             std::shared_ptr<prometheus::Registry> otherRegistry) {
  defer::metrics::MetricsEndpoint endpoint("0.0.0.0:9464", registry);
  endpoint.serve(otherRegistry, "/metrics/batch"); // more paths if needed
  int port = endpoint.port();                      // after binding port 0
  (void)port;
}

#ifdef DEFER_METRICS_HAVE_ABSL
// Returning the outcome: a puller with a cache, written both ways.

struct Cache {
  bool isFresh = false;
  absl::Status cached;

  bool fresh() const { return isFresh; }
  absl::Status status() const { return cached; }
};

struct Source {
  absl::Status fetch() const { return absl::OkStatus(); }
};

absl::Status pullReturningTheVariable(const ResultLatency &pullLatency,
                                      const Cache &cache,
                                      const Source &source) {
  absl::Status status;
  defer::metrics::ScopedObservation observation(pullLatency, status);
  if (cache.fresh()) {
    observation.dismiss(); // answered from the cache: not a pull
    return cache.status();
  }
  status = source.fetch();
  return status; // moved into the return value, then read by the observation
}

absl::Status pull(const ResultLatency &pullLatency, const Cache &cache,
                  const Source &source) {
  absl::Status status;
  defer::metrics::ScopedObservation observation(pullLatency, status);
  if (cache.fresh()) {
    observation.dismiss(); // answered from the cache: not a pull
    return cache.status();
  }
  status = source.fetch();
  return observation.finish(std::move(status));
}

TEST_F(DocsExamplesTest, ReturningTheVariableRecordsItsMovedFromState) {
  EXPECT_TRUE(pullReturningTheVariable(latency, Cache(), Source()).ok());
  EXPECT_EQ(count(Result::Error), 1u);
  EXPECT_EQ(count(Result::Success), 0u);
}

TEST_F(DocsExamplesTest, FinishRecordsTheValueReturned) {
  EXPECT_TRUE(pull(latency, Cache(), Source()).ok());
  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_EQ(count(Result::Error), 0u);

  Cache fresh{true, absl::NotFoundError("no such key")};
  EXPECT_FALSE(pull(latency, fresh, Source()).ok());
  EXPECT_EQ(count(Result::Success) + count(Result::Error), 1u);
}
#endif

} // namespace

// Outcomes and the customisation point.

struct HttpReply {
  int status;
};

template <> struct defer::metrics::OutcomeTraits<HttpReply> {
  static bool succeeded(const HttpReply &reply) noexcept {
    return reply.status < 400;
  }
};

namespace {

TEST_F(DocsExamplesTest, OutcomeTraitsSpecialisation) {
  HttpReply reply{200};
  {
    defer::metrics::ScopedObservation observation(latency, reply);
    reply = HttpReply{503};
  }
  EXPECT_EQ(count(Result::Error), 1u);
}

TEST_F(DocsExamplesTest, SuccessCode) {
  {
    int httpStatus = 0;
    defer::metrics::ScopedObservation observation(
        latency, httpStatus, defer::metrics::SuccessCode{200});
    httpStatus = 200;
  }
  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_EQ(count(Result::Error), 0u);
}

TEST_F(DocsExamplesTest, CustomClassifier) {
  {
    // A call told to try again later is not counted as a failure.
    auto acceptable = [](const std::error_code &ec) noexcept {
      return !ec || ec == std::errc::resource_unavailable_try_again;
    };
    std::error_code ec;
    defer::metrics::ScopedObservation observation(latency, ec, acceptable);
    ec = std::make_error_code(std::errc::resource_unavailable_try_again);
  }
  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_EQ(count(Result::Error), 0u);
}

} // namespace
