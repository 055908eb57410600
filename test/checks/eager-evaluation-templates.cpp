// RUN: %check_clang_tidy %s defer-eager-evaluation %t -- -- -I%mocks
//
// Guards in templates are analysed in each instantiation and reported once
// per source location.

#include "binders.h"
#include "guards.h"

#include <chrono>
#include <ctime>

template <typename Clock> void recordFor(typename Clock::duration d);

template <typename Clock> void timed() {
  auto start = Clock::now();
  auto report = llvm::make_scope_exit(
      [elapsed = Clock::now() - start] { recordFor<Clock>(elapsed); });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: the elapsed time since 'start' is computed when scope guard 'report' is created
  // CHECK-FIXES: [start] { recordFor<Clock>(Clock::now() - start); });
}

template void timed<std::chrono::steady_clock>();
template void timed<std::chrono::system_clock>();

template <typename T> T secondsSince(T start) {
  return static_cast<T>(std::time(nullptr)) - start;
}
void recordSeconds(long seconds);

template <typename T> void helperInTemplate(T start) {
  LOKI_ON_BLOCK_EXIT(&recordSeconds, secondsSince(start));
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'secondsSince<long>' computes the elapsed time since 'start' when the scope guard of macro 'LOKI_ON_BLOCK_EXIT' is created
}
template void helperInTemplate<long>(long);

// FIXME: a template never instantiated is not analysed: its guard's type
// is dependent. Instantiate it (or call it) to have it checked.
template <typename T> void neverInstantiated(T t) {
  auto start = std::chrono::steady_clock::now();
  auto report = llvm::make_scope_exit(
      [e = std::chrono::steady_clock::now() - start, t] { (void)e; (void)t; });
}
