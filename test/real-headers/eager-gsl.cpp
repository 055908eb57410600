// REQUIRES: gsl
// RUN: %check_clang_tidy %s defer-eager-evaluation %t
//
// Against Debian's Microsoft GSL 4: a gsl::finally lambda whose
// init-capture computes an elapsed time, and a helper computing one.

#include <gsl/gsl>

#include <chrono>

using Clock = std::chrono::steady_clock;
void Record(long long ms);

long long MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                               start)
      .count();
}

void Bug() {
  auto start = Clock::now();
  auto report = gsl::finally([ms = MillisecondsSince(start)] { Record(ms); });
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: 'MillisecondsSince' computes the elapsed time since 'start' when scope guard 'report' is created, not when it runs at scope exit [defer-eager-evaluation]
  // CHECK-FIXES: auto report = gsl::finally([start] { Record(MillisecondsSince(start)); });
}

void Fine() {
  auto start = Clock::now();
  auto report = gsl::finally([start] { Record(MillisecondsSince(start)); });
}
