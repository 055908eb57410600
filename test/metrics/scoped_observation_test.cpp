// Unit tests of ScopedObservation with a manual clock: the label is read
// from the outcome at scope exit, for every supported outcome type, and
// exceptions, dismissal and concurrent recording behave as documented.
#include "defer/metrics/scoped_observation.h"

#include "latency_fixture.h"

#include <gtest/gtest.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <limits>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#ifdef DEFER_METRICS_HAVE_ABSL
#include <absl/status/status.h>
#include <absl/status/statusor.h>
#endif

namespace {

using defer::metrics::Result;
using defer::metrics::ResultLatency;
using defer::metrics::ScopedObservation;
using defer::metrics::SuccessCode;

// A clock that moves only when told to, so durations are exact.
struct ManualClock {
  using duration = std::chrono::milliseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<ManualClock>;

  static time_point now() { return Now; }
  static void advance(duration step) { Now += step; }

  static inline time_point Now{};
};

// All an observation needs of a clock: a static now() whose differences
// convert to std::chrono::duration<double>; no nested types.
struct BareClock {
  static std::chrono::steady_clock::time_point now() { return Now; }

  static inline std::chrono::steady_clock::time_point Now{};
};

template <typename Outcome,
          typename Classify = defer::metrics::ByOutcomeTraits<Outcome>>
using ManualObservation = ScopedObservation<Outcome, ManualClock, Classify>;

class ScopedObservationTest : public defer::metrics::test::LatencyTest {
protected:
  // Runs one scope that sets `outcome` to `last` before it exits.
  template <typename Outcome>
  Result recordOnce(Outcome first, const Outcome &last) {
    const std::uint64_t errorsBefore = count(Result::Error);
    {
      Outcome outcome = first;
      ManualObservation<Outcome> observation(latency, outcome);
      outcome = last;
    }
    return count(Result::Error) > errorsBefore ? Result::Error
                                               : Result::Success;
  }
};

TEST_F(ScopedObservationTest, RecordsElapsedTimeUnderSuccess) {
  std::error_code ec;
  {
    ManualObservation<std::error_code> observation(latency, ec);
    ManualClock::advance(std::chrono::milliseconds(250));
  }

  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_EQ(count(Result::Error), 0u);
  EXPECT_DOUBLE_EQ(sum(Result::Success), 0.25);
}

TEST_F(ScopedObservationTest, ReadsTheOutcomeAtScopeExit) {
  std::error_code ec;
  {
    ManualObservation<std::error_code> observation(latency, ec);
    ManualClock::advance(std::chrono::milliseconds(1500));
    ec = std::make_error_code(std::errc::timed_out);
  }

  EXPECT_EQ(count(Result::Success), 0u);
  EXPECT_EQ(count(Result::Error), 1u);
  EXPECT_DOUBLE_EQ(sum(Result::Error), 1.5);
}

TEST_F(ScopedObservationTest, AnErrorClearedBeforeExitIsASuccess) {
  const std::error_code failed = std::make_error_code(std::errc::io_error);
  EXPECT_EQ(recordOnce(failed, std::error_code()), Result::Success);
  EXPECT_EQ(count(Result::Success), 1u);
}

TEST_F(ScopedObservationTest, ErrorCondition) {
  EXPECT_EQ(recordOnce(std::error_condition(),
                       std::make_error_condition(std::errc::io_error)),
            Result::Error);
  EXPECT_EQ(recordOnce(std::make_error_condition(std::errc::io_error),
                       std::error_condition()),
            Result::Success);
}

// A project's own error types built on the standard ones.
struct DerivedErrorCode : std::error_code {
  using std::error_code::error_code;
};
struct DerivedErrorCondition : std::error_condition {
  using std::error_condition::error_condition;
};

TEST_F(ScopedObservationTest, ClassDerivedFromAStandardErrorType) {
  const DerivedErrorCode failedCode(static_cast<int>(std::errc::io_error),
                                    std::generic_category());
  EXPECT_EQ(recordOnce(DerivedErrorCode(), failedCode), Result::Error);
  EXPECT_EQ(recordOnce(failedCode, DerivedErrorCode()), Result::Success);
  const DerivedErrorCondition failedCondition(
      static_cast<int>(std::errc::io_error), std::generic_category());
  EXPECT_EQ(recordOnce(DerivedErrorCondition(), failedCondition),
            Result::Error);

  DerivedErrorCode ec;
  ScopedObservation observation(latency, ec); // deduced: DerivedErrorCode
  EXPECT_EQ(observation.result(), Result::Success);
  ec = failedCode;
  EXPECT_EQ(observation.result(), Result::Error);
  observation.dismiss();
}

TEST_F(ScopedObservationTest, ExceptionPtr) {
  const std::exception_ptr failure =
      std::make_exception_ptr(std::runtime_error("unreachable"));
  EXPECT_EQ(recordOnce(std::exception_ptr(), failure), Result::Error);
  EXPECT_EQ(recordOnce(failure, std::exception_ptr()), Result::Success);
}

TEST_F(ScopedObservationTest, BoolSuccessFlag) {
  EXPECT_EQ(recordOnce(false, true), Result::Success);
  EXPECT_EQ(recordOnce(true, false), Result::Error);
}

TEST_F(ScopedObservationTest, IntegerReturnCodeZeroIsSuccess) {
  EXPECT_EQ(recordOnce(-1, 0), Result::Success);
  EXPECT_EQ(recordOnce(0, 2), Result::Error);
  EXPECT_EQ(recordOnce<long>(0, -5), Result::Error);
  EXPECT_EQ(recordOnce<unsigned char>(1, 0), Result::Success);
}

TEST_F(ScopedObservationTest, IntegerReturnCodeWithAnotherSuccessValue) {
  int status = 0;
  {
    ManualObservation<int, SuccessCode<int>> observation(latency, status,
                                                         SuccessCode{200});
    status = 200;
  }
  EXPECT_EQ(count(Result::Success), 1u);

  {
    ManualObservation<int, SuccessCode<int>> observation(latency, status,
                                                         SuccessCode{200});
    status = 0;
  }
  EXPECT_EQ(count(Result::Error), 1u);
}

TEST_F(ScopedObservationTest, DeducesTheOutcomeAndClassifier) {
  int status = 503;
  {
    ScopedObservation observation(latency, status, SuccessCode{200});
    EXPECT_EQ(observation.result(), Result::Error);
    status = 200;
    EXPECT_EQ(observation.result(), Result::Success);
  }
  EXPECT_EQ(count(Result::Success), 1u);
}

// An outcome of another integer type is compared as the number it is, not
// after conversion to the type of the code: 2^32 + 200 is not 200, and -1 is
// not the largest unsigned value.
TEST_F(ScopedObservationTest, SuccessCodeComparesWithoutNarrowing) {
  constexpr long long Wide = (1LL << 32) + 200;
  EXPECT_FALSE(SuccessCode{200}(Wide));
  EXPECT_FALSE(SuccessCode<unsigned char>{200}(456));
  EXPECT_FALSE(SuccessCode{-1}(std::numeric_limits<unsigned>::max()));
  EXPECT_FALSE(SuccessCode{std::numeric_limits<unsigned>::max()}(-1));
  EXPECT_TRUE(SuccessCode{200}(200LL));
  EXPECT_TRUE(SuccessCode<unsigned char>{200}(200));
  EXPECT_TRUE(SuccessCode{-1}(-1LL));

  long long status = Wide;
  ScopedObservation observation(latency, status, SuccessCode{200});
  EXPECT_EQ(observation.result(), Result::Error);
  observation.dismiss();
}

} // namespace

// User types taught to the library through the customisation point; the
// second and third also have an ok() member, which their specialisations
// override, the third with a partial specialisation for all its instances.
namespace user {
struct Reply {
  int httpStatus;
};

struct Lease {
  bool held;
  bool ok() const { return true; }
};

template <typename T> struct Expected {
  bool hasValue;
  T value;
  bool ok() const { return hasValue; }
};
} // namespace user

template <> struct defer::metrics::OutcomeTraits<user::Reply> {
  static bool succeeded(const user::Reply &reply) noexcept {
    return reply.httpStatus < 400;
  }
};

template <> struct defer::metrics::OutcomeTraits<user::Lease> {
  static bool succeeded(const user::Lease &lease) noexcept {
    return lease.held;
  }
};

// A count of zero items is a failure too, whatever ok() says.
template <typename T> struct defer::metrics::OutcomeTraits<user::Expected<T>> {
  static bool succeeded(const user::Expected<T> &expected) noexcept {
    return expected.hasValue && expected.value != 0;
  }
};

namespace {

// A type with an ok() member, read without any specialisation.
struct StatusLike {
  bool healthy;
  bool ok() const { return healthy; }
};

TEST_F(ScopedObservationTest, UserTypeThroughOutcomeTraits) {
  EXPECT_EQ(recordOnce(user::Reply{200}, user::Reply{503}), Result::Error);
  EXPECT_EQ(recordOnce(user::Reply{404}, user::Reply{204}), Result::Success);
}

TEST_F(ScopedObservationTest, ASpecialisationTakesPrecedenceOverOk) {
  EXPECT_EQ(recordOnce(user::Lease{true}, user::Lease{false}), Result::Error);
}

TEST_F(ScopedObservationTest, APartialSpecialisationTakesPrecedenceOverOk) {
  using Count = user::Expected<int>;
  EXPECT_EQ(recordOnce(Count{false, 0}, Count{true, 0}), Result::Error);
  EXPECT_EQ(recordOnce(Count{false, 0}, Count{true, 3}), Result::Success);
  using Size = user::Expected<unsigned long>;
  EXPECT_EQ(recordOnce(Size{true, 1}, Size{true, 0}), Result::Error);
}

TEST_F(ScopedObservationTest, TypeWithAnOkMember) {
  EXPECT_EQ(recordOnce(StatusLike{true}, StatusLike{false}), Result::Error);
  EXPECT_EQ(recordOnce(StatusLike{false}, StatusLike{true}), Result::Success);
}

#ifdef DEFER_METRICS_HAVE_ABSL
TEST_F(ScopedObservationTest, AbslStatus) {
  EXPECT_EQ(recordOnce(absl::OkStatus(), absl::UnavailableError("down")),
            Result::Error);
  EXPECT_EQ(recordOnce(absl::InternalError("x"), absl::OkStatus()),
            Result::Success);
}

TEST_F(ScopedObservationTest, AbslStatusOr) {
  using Replicas = absl::StatusOr<int>;
  EXPECT_EQ(recordOnce(Replicas(3), Replicas(absl::NotFoundError("gone"))),
            Result::Error);
  EXPECT_EQ(recordOnce(Replicas(absl::NotFoundError("gone")), Replicas(4)),
            Result::Success);
}

// absl::Status leaves a moved-from status that is not ok(), so without
// finish() every successful call returned this way would count as an error.
absl::Status fetchWithCache(const ResultLatency &latency, bool cached) {
  absl::Status fromCache;
  absl::Status status = absl::UnknownError("not fetched");
  ManualObservation<absl::Status> observation(latency, status);
  if (cached)
    return fromCache;

  status = absl::OkStatus();
  return observation.finish(std::move(status));
}

TEST_F(ScopedObservationTest, AbslStatusReturnedThroughFinish) {
  EXPECT_TRUE(fetchWithCache(latency, false).ok());
  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_EQ(count(Result::Error), 0u);
}
#endif

TEST_F(ScopedObservationTest, LeavingByAnExceptionIsAnError) {
  std::error_code ec;
  try {
    ManualObservation<std::error_code> observation(latency, ec);
    ManualClock::advance(std::chrono::milliseconds(40));
    throw std::runtime_error("lost the lease");
  } catch (const std::runtime_error &) {
  }

  EXPECT_EQ(count(Result::Error), 1u);
  EXPECT_EQ(count(Result::Success), 0u);
  EXPECT_DOUBLE_EQ(sum(Result::Error), 0.04);
}

// Destroyed during unwinding; times a scope of its own that ends normally.
struct TimedCleanup {
  const ResultLatency &latency;
  ~TimedCleanup() {
    bool ok = true;
    ManualObservation<bool> observation(latency, ok);
  }
};

TEST_F(ScopedObservationTest, AScopeRunDuringUnwindingCanSucceed) {
  try {
    TimedCleanup cleanup{latency};
    throw std::runtime_error("unwinding");
  } catch (const std::runtime_error &) {
  }

  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_EQ(count(Result::Error), 0u);
}

// Destroyed during unwinding; times a scope of its own that a second
// exception leaves, caught before the destructor returns.
struct FailingTimedCleanup {
  const ResultLatency &latency;
  ~FailingTimedCleanup() {
    try {
      bool ok = true;
      ManualObservation<bool> observation(latency, ok);
      throw std::runtime_error("cleanup failed too");
    } catch (const std::runtime_error &) {
    }
  }
};

TEST_F(ScopedObservationTest, AScopeLeftByAnExceptionDuringUnwindingFails) {
  try {
    FailingTimedCleanup cleanup{latency};
    throw std::runtime_error("unwinding");
  } catch (const std::runtime_error &) {
  }

  EXPECT_EQ(count(Result::Error), 1u);
  EXPECT_EQ(count(Result::Success), 0u);
}

// The library's count of exceptions in flight against the standard one, as
// the destructor that holds it sees them.
struct CountsCompared {
  std::vector<std::pair<int, int>> &seen;
  ~CountsCompared() {
    seen.emplace_back(defer::metrics::detail::uncaughtExceptions(),
                      std::uncaught_exceptions());
  }
};

// Destroyed during unwinding: compares the counts there, inside a second
// unwinding, and on a thread started there, which has no exception in
// flight whatever this one has.
struct NestedCountsCompared {
  std::vector<std::pair<int, int>> &seen;
  ~NestedCountsCompared() {
    CountsCompared{seen};
    try {
      CountsCompared nested{seen};
      throw std::logic_error("second");
    } catch (const std::logic_error &) {
    }
    std::thread([this] { CountsCompared{seen}; }).join();
  }
};

TEST(UncaughtExceptionsTest, CountsAsTheStandardLibraryDoes) {
  std::vector<std::pair<int, int>> seen;
  std::thread([&seen] {
    // This thread's first count is read during unwinding.
    try {
      NestedCountsCompared outer{seen};
      throw std::runtime_error("first");
    } catch (const std::runtime_error &) {
      CountsCompared{seen};
    }
    CountsCompared{seen};
  }).join();

  const std::vector<std::pair<int, int>> expected = {
      {1, 1}, {2, 2}, {0, 0}, {0, 0}, {0, 0}};
  EXPECT_EQ(seen, expected);
}

TEST_F(ScopedObservationTest, DismissedRecordsNothing) {
  std::error_code ec = std::make_error_code(std::errc::io_error);
  {
    ManualObservation<std::error_code> observation(latency, ec);
    observation.dismiss();
    ManualClock::advance(std::chrono::milliseconds(5));
  }
  try {
    ManualObservation<std::error_code> observation(latency, ec);
    observation.dismiss();
    throw std::runtime_error("dismissed before the throw");
  } catch (const std::runtime_error &) {
  }

  EXPECT_EQ(count(Result::Success), 0u);
  EXPECT_EQ(count(Result::Error), 0u);
}

// A status that, like absl::Status, is left in a state of its own when it is
// moved from; here that state reads as a success. Move-only, as some status
// types are.
class MovableStatus {
public:
  explicit MovableStatus(bool ok) : ok_(ok) {}
  MovableStatus(MovableStatus &&other) noexcept
      : ok_(std::exchange(other.ok_, true)) {}
  MovableStatus &operator=(MovableStatus &&other) noexcept {
    ok_ = std::exchange(other.ok_, true);
    return *this;
  }

  bool ok() const { return ok_; }

private:
  bool ok_;
};

// Returns either a cached status or a fresh one, so neither local can be
// built in place as the return value: the one returned is moved from.
MovableStatus pullWithCache(const ResultLatency &latency, bool cached,
                            bool fails) {
  MovableStatus fromCache(true);
  MovableStatus status(true);
  ManualObservation<MovableStatus> observation(latency, status);
  if (cached)
    return fromCache;

  ManualClock::advance(std::chrono::milliseconds(20));
  status = MovableStatus(!fails);
  return observation.finish(std::move(status));
}

TEST_F(ScopedObservationTest, FinishRecordsTheOutcomeItReturns) {
  EXPECT_FALSE(pullWithCache(latency, false, true).ok());
  EXPECT_EQ(count(Result::Error), 1u);
  EXPECT_EQ(count(Result::Success), 0u);
  EXPECT_DOUBLE_EQ(sum(Result::Error), 0.02);

  EXPECT_TRUE(pullWithCache(latency, false, false).ok());
  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_EQ(count(Result::Error), 1u);
}

TEST_F(ScopedObservationTest, AnEarlyReturnIsStillRecordedAtScopeExit) {
  EXPECT_TRUE(pullWithCache(latency, true, false).ok());
  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_EQ(count(Result::Error), 0u);
}

// The mistake finish() is for: `return status;` moves the status into the
// return value before the observation is destroyed, so the observation
// reads the moved-from status, which says success.
MovableStatus pullReturningTheLocal(const ResultLatency &latency) {
  MovableStatus fromCache(true);
  MovableStatus status(true);
  ManualObservation<MovableStatus> observation(latency, status);
  if (ManualClock::now() == ManualClock::time_point::max())
    return fromCache;

  status = MovableStatus(false);
  return status;
}

TEST_F(ScopedObservationTest, ReturningTheObservedLocalRecordsItMovedFrom) {
  EXPECT_FALSE(pullReturningTheLocal(latency).ok());
  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_EQ(count(Result::Error), 0u);
}

TEST_F(ScopedObservationTest, FinishRecordsOnlyOnce) {
  MovableStatus status(false);
  {
    ManualObservation<MovableStatus> observation(latency, status);
    ManualClock::advance(std::chrono::milliseconds(30));
    status = observation.finish(std::move(status));
    ManualClock::advance(std::chrono::seconds(1));
    status = observation.finish(MovableStatus(true));
    EXPECT_TRUE(status.ok());
  }

  EXPECT_EQ(count(Result::Error), 1u);
  EXPECT_EQ(count(Result::Success), 0u);
  EXPECT_DOUBLE_EQ(sum(Result::Error), 0.03);
}

TEST_F(ScopedObservationTest, FinishAfterDismissRecordsNothing) {
  int rc = 0;
  {
    ManualObservation<int> observation(latency, rc);
    observation.dismiss();
    EXPECT_EQ(observation.finish(7), 7);
  }

  EXPECT_EQ(count(Result::Success), 0u);
  EXPECT_EQ(count(Result::Error), 0u);
}

TEST_F(ScopedObservationTest, FinishClassifiesWithTheObservationsClassifier) {
  int status = 0;
  {
    ManualObservation<int, SuccessCode<int>> observation(latency, status,
                                                         SuccessCode{200});
    EXPECT_EQ(observation.finish(200), 200);
  }
  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_EQ(count(Result::Error), 0u);
}

TEST_F(ScopedObservationTest, AClockNeedsOnlyAStaticNow) {
  std::error_code ec;
  {
    ScopedObservation<std::error_code, BareClock> observation(latency, ec);
    BareClock::Now += std::chrono::milliseconds(125);
  }

  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_DOUBLE_EQ(sum(Result::Success), 0.125);
}

TEST_F(ScopedObservationTest, SteadyClockByDefault) {
  bool ok = true;
  {
    ScopedObservation observation(latency, ok);
  }

  EXPECT_EQ(count(Result::Success), 1u);
  EXPECT_GE(sum(Result::Success), 0.0);
}

TEST_F(ScopedObservationTest, ConcurrentRecordingKeepsExactCounts) {
  constexpr int Threads = 4;
  constexpr int CallsPerThread = 20000;

  std::vector<std::thread> workers;
  for (int t = 0; t < Threads; ++t) {
    workers.emplace_back([this, t] {
      for (int call = 0; call < CallsPerThread; ++call) {
        int rc = -1;
        ScopedObservation observation(latency, rc);
        rc = (call + t) % 3 == 0 ? EXIT_FAILURE : EXIT_SUCCESS;
      }
    });
  }
  for (std::thread &worker : workers)
    worker.join();

  // Per thread, calls with (call + t) % 3 == 0 fail.
  std::uint64_t errors = 0;
  for (int t = 0; t < Threads; ++t)
    for (int call = 0; call < CallsPerThread; ++call)
      errors += (call + t) % 3 == 0;
  EXPECT_EQ(count(Result::Error), errors);
  EXPECT_EQ(count(Result::Success), Threads * CallsPerThread - errors);
}

} // namespace
