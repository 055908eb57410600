// RUN: %check_clang_tidy -check-suffix=DEFAULT %s defer-eager-evaluation %t -- -- -I%mocks
// RUN: %check_clang_tidy -check-suffix=CONFIGURED %s defer-eager-evaluation %t \
// RUN:   --config="{CheckOptions: {defer-eager-evaluation.ClockFunctions: '::metrics::Tick', defer-eager-evaluation.GuardClasses: '::OnExit', defer-eager-evaluation.GuardFactories: '', defer-eager-evaluation.BindFunctions: '::Loki::MakeGuard'}}" -- -- -I%mocks
//
// ClockFunctions adds a project's clock; the guard lists choose the guards.

#include "binders.h"
#include "guards.h"

#include <chrono>
#include <functional>

namespace metrics {
long Tick();
} // namespace metrics
void recordTicks(long ticks);
void recordDuration(std::chrono::nanoseconds d);

// A guard class the shape detection cannot see (its destructor is out of
// line).
template <typename F> struct OnExit {
  explicit OnExit(F f) : fn(f) {}
  ~OnExit();
  F fn;
};
template <typename F> OnExit<F>::~OnExit() {}

void projectClock() {
  long start = metrics::Tick();
  LOKI_ON_BLOCK_EXIT(&recordTicks, metrics::Tick() - start);
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:36: warning: the elapsed time since 'start' is computed when the scope guard of macro 'LOKI_ON_BLOCK_EXIT' is created
  OnExit report([ticks = metrics::Tick() - start] { recordTicks(ticks); });
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:26: warning: the elapsed time since 'start' is computed when scope guard 'report' is created
  // CHECK-FIXES-CONFIGURED: OnExit report([start] { recordTicks(metrics::Tick() - start); });
  // CHECK-FIXES-DEFAULT: OnExit report([ticks = metrics::Tick() - start] { recordTicks(ticks); });
}

void standardClockAndLists() {
  auto start = std::chrono::steady_clock::now();
  auto a = absl::MakeCleanup(
      std::bind(&recordDuration, std::chrono::steady_clock::now() - start));
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:34: warning: the elapsed time since 'start' is computed when scope guard 'a' is created
  wxON_BLOCK_EXIT1(&recordDuration, std::chrono::steady_clock::now() - start);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:37: warning: the elapsed time since 'start' is computed when the scope guard of macro 'wxON_BLOCK_EXIT1' is created
}
