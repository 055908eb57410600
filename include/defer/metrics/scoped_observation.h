// Times a scope and records the elapsed seconds in a ResultLatency under the
// label of the outcome as it is when the scope exits.
//
//   absl::Status status;
//   defer::metrics::ScopedObservation observation(latency, status);
//   status = reconcile(object);  // if it throws: recorded as an error
//   return observation.finish(std::move(status));  // recorded: this value
//
// The outcome is held by reference, so it must be a variable that outlives
// the observation. A temporary outcome does not compile:
//   ScopedObservation observation(latency, reconcile(object));  // error
// but one reached through a function that returns a reference compiles and
// dangles; Clang warns about some of these (see ScopedObservation).
#ifndef DEFER_METRICS_SCOPED_OBSERVATION_H
#define DEFER_METRICS_SCOPED_OBSERVATION_H

#include "defer/metrics/detail/exception_count.h"
#include "defer/metrics/outcome.h"
#include "defer/metrics/result_latency.h"

#include <chrono>
#include <exception>
#include <type_traits>
#include <utility>

/// Marks a reference parameter whose referent the object being built keeps,
/// or a member function whose result lives in `*this`, so that Clang warns
/// (-Wdangling) when it can see that the referent is a temporary. Empty for
/// other compilers, which would warn about an attribute they do not know.
#ifdef __has_cpp_attribute
#if __has_cpp_attribute(clang::lifetimebound)
#define DEFER_METRICS_LIFETIMEBOUND [[clang::lifetimebound]]
#endif
#endif
#ifndef DEFER_METRICS_LIFETIMEBOUND
#define DEFER_METRICS_LIFETIMEBOUND
#endif

namespace defer::metrics {

/// Records, when destroyed, the time since its construction in `metric`:
/// under `result="error"` when the scope is left by an exception or when
/// `classify(outcome)` is false at that moment, else under
/// `result="success"`.
///
/// A function that returns the outcome returns it through finish(), which
/// records the value it is given and returns it. Returning the variable
/// itself would move it into the return value before the observation reads
/// it, so the observation would classify a moved-from object.
///
/// `outcome` must outlive the observation. An outcome that is a temporary
/// does not compile, with any compiler (the rvalue overload is deleted):
/// `reconcile()`, `std::move(ec)`, a member of a temporary (`call().ec`), or
/// a value that would be converted to a temporary `Outcome`. A temporary
/// reached through a function that returns a reference is, to the type
/// system, a reference like any other: Clang warns about it (-Wdangling;
/// make it an error with -Werror=dangling) when that function is marked
/// DEFER_METRICS_LIFETIMEBOUND or [[clang::lifetimebound]] (`call().code()`
/// with `code()` so marked), and for a cast of a temporary to a reference.
/// No compiler sees the others, such as an unmarked accessor of a temporary,
/// `std::max(0, rc())` or `replies().front()`: give such an outcome a name.
///
/// Records at most once: nothing more after finish(), nothing at all once
/// dismissed. `Clock` is any type with a static `now()` whose differences
/// convert to `std::chrono::duration<double>` (a `std::chrono` clock's
/// `time_point` does; nothing else of the clock is used); tests inject a
/// manual clock here. `Classify` is called when the observation records and by
/// result(), and must not throw. `metric` is copied, and its copies refer to
/// the same series. Neither copyable nor movable: the observation belongs to
/// the scope that declares it, and a temporary one, which would record at
/// once, is warned about.
template <typename Outcome, typename Clock = std::chrono::steady_clock,
          typename Classify = ByOutcomeTraits<Outcome>>
class [[nodiscard]] ScopedObservation {
public:
  // GCC warns about a discarded temporary only when the constructor itself
  // is [[nodiscard]]; Clang also reads the class's attribute.
  [[nodiscard]] DEFER_METRICS_RUNTIME_LOCAL
  ScopedObservation(const ResultLatency &metric,
                    const Outcome &outcome DEFER_METRICS_LIFETIMEBOUND,
                    Classify classify = Classify())
      : metric_(metric), outcome_(outcome), classify_(std::move(classify)),
        exceptionsAtStart_(detail::uncaughtExceptions()), start_(Clock::now()) {
  }

  /// An rvalue outcome would be read after it is gone, or would be a value
  /// fixed before the scope ran: pass the variable the scope assigns.
  ScopedObservation(const ResultLatency &, const Outcome &&,
                    Classify = Classify()) = delete;

  ScopedObservation(const ScopedObservation &) = delete;
  ScopedObservation &operator=(const ScopedObservation &) = delete;

  DEFER_METRICS_RUNTIME_LOCAL ~ScopedObservation() {
    if (pending_)
      record(outcome_);
  }

  /// Records now, under the label of `outcome`, and returns `outcome`, for
  /// the return statement of the scope:
  ///   return observation.finish(std::move(status));
  /// Records nothing when the observation has already recorded or was
  /// dismissed; the value is returned all the same.
  [[nodiscard]] DEFER_METRICS_RUNTIME_LOCAL Outcome finish(Outcome outcome) {
    if (pending_)
      record(outcome);
    return outcome;
  }

  /// Records nothing at scope exit, for a scope that turned out to do no
  /// work worth timing.
  void dismiss() noexcept { pending_ = false; }

  /// The label the observation would record if the scope exited now.
  DEFER_METRICS_RUNTIME_LOCAL Result result() const noexcept {
    return resultOf(outcome_);
  }

private:
  DEFER_METRICS_RUNTIME_LOCAL Result
  resultOf(const Outcome &outcome) const noexcept {
    if (detail::uncaughtExceptions() > exceptionsAtStart_)
      return Result::Error;
    return classify_(outcome) ? Result::Success : Result::Error;
  }

  DEFER_METRICS_RUNTIME_LOCAL void record(const Outcome &outcome) {
    pending_ = false;
    const std::chrono::duration<double> elapsed = Clock::now() - start_;
    metric_.observe(resultOf(outcome), elapsed.count());
  }

  // What the clock's now() returns, as a value even if now() returns a
  // reference: a clock need not name the type.
  using TimePoint = std::decay_t<decltype(Clock::now())>;

  ResultLatency metric_;
  const Outcome &outcome_;
  Classify classify_;
  int exceptionsAtStart_;
  bool pending_ = true;
  TimePoint start_;
};

} // namespace defer::metrics

#endif // DEFER_METRICS_SCOPED_OBSERVATION_H
