// Times a scope and records the elapsed seconds in a ResultLatency under the
// label of the outcome as it is when the scope exits.
//
//   std::error_code ec;
//   defer::metrics::ScopedObservation observation(latency, ec);
//   ec = reconcile(object);   // the label is read here, at scope exit
//
// The outcome is held by reference, so a temporary cannot be passed:
//   ScopedObservation observation(latency, reconcile(object));  // error
#ifndef DEFER_METRICS_SCOPED_OBSERVATION_H
#define DEFER_METRICS_SCOPED_OBSERVATION_H

#include "defer/metrics/outcome.h"
#include "defer/metrics/result_latency.h"

#include <chrono>
#include <exception>

namespace defer::metrics {

/// Records, when destroyed, the time since its construction in `metric`:
/// under `result="error"` when the scope is left by an exception or when
/// `classify(outcome)` is false at that moment, else under
/// `result="success"`. Nothing is recorded once dismissed.
///
/// `Clock` is any type with a static `now()` whose differences convert to
/// `std::chrono::duration<double>`; tests inject a manual clock here.
/// `Classify` is called once, from the destructor, and must not throw.
/// `outcome` must outlive the observation; `metric` is copied, and its
/// copies refer to the same series. Neither copyable nor movable: the
/// observation belongs to the scope that declares it.
template <typename Outcome, typename Clock = std::chrono::steady_clock,
          typename Classify = ByOutcomeTraits<Outcome>>
class ScopedObservation {
public:
  ScopedObservation(const ResultLatency &metric, const Outcome &outcome,
                    Classify classify = Classify())
      : metric_(metric), outcome_(outcome), classify_(std::move(classify)),
        exceptionsAtStart_(std::uncaught_exceptions()), start_(Clock::now()) {}

  /// An rvalue outcome would be read after it is gone, or would be a value
  /// fixed before the scope ran: pass the variable the scope assigns.
  ScopedObservation(const ResultLatency &, const Outcome &&,
                    Classify = Classify()) = delete;

  ScopedObservation(const ScopedObservation &) = delete;
  ScopedObservation &operator=(const ScopedObservation &) = delete;

  ~ScopedObservation() {
    if (dismissed_)
      return;
    const std::chrono::duration<double> elapsed = Clock::now() - start_;
    metric_.observe(result(), elapsed.count());
  }

  /// Records nothing at scope exit, for a scope that turned out to do no
  /// work worth timing.
  void dismiss() noexcept { dismissed_ = true; }

  /// The label the observation would record if the scope exited now.
  Result result() const noexcept {
    if (std::uncaught_exceptions() > exceptionsAtStart_)
      return Result::Error;
    return classify_(outcome_) ? Result::Success : Result::Error;
  }

private:
  ResultLatency metric_;
  const Outcome &outcome_;
  Classify classify_;
  int exceptionsAtStart_;
  bool dismissed_ = false;
  typename Clock::time_point start_;
};

} // namespace defer::metrics

#endif // DEFER_METRICS_SCOPED_OBSERVATION_H
