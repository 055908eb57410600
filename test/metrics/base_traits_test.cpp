// A class derived from std::error_code is classified by the traits of its
// base, a user's specialisation of them included. The specialisation below
// changes how every std::error_code is classified, so this test is a program
// of its own: in the unit tests' program it would break the others.
#include "defer/metrics/scoped_observation.h"

#include "latency_fixture.h"

#include <gtest/gtest.h>

#include <system_error>

namespace user {
// A service that retries and counts "try again" as a success.
struct RetryingError : std::error_code {
  using std::error_code::error_code;
};
} // namespace user

template <> struct defer::metrics::OutcomeTraits<std::error_code> {
  static bool succeeded(const std::error_code &ec) noexcept {
    return !ec || ec == std::errc::resource_unavailable_try_again;
  }
};

namespace {

using defer::metrics::Result;
using defer::metrics::ScopedObservation;

class BaseTraitsTest : public defer::metrics::test::LatencyTest {};

TEST_F(BaseTraitsTest, ADerivedClassTakesTheUsersTraitsOfItsBase) {
  user::RetryingError ec;
  ScopedObservation observation(latency, ec);
  ec = user::RetryingError(
      static_cast<int>(std::errc::resource_unavailable_try_again),
      std::generic_category());
  EXPECT_EQ(observation.result(), Result::Success);
  ec = user::RetryingError(static_cast<int>(std::errc::io_error),
                           std::generic_category());
  EXPECT_EQ(observation.result(), Result::Error);
  observation.dismiss();
}

} // namespace
