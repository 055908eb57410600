// REQUIRES: absl
// RUN: %check_clang_tidy %s defer-eager-evaluation %t
//
// Against Debian's Abseil: absl::bind_front's arguments and an
// absl::Cleanup lambda's init-captures are evaluated when the guard is
// built; absl::Now is a clock.

#include "absl/cleanup/cleanup.h"
#include "absl/functional/bind_front.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

void Record(absl::Duration elapsed);
void RecordStart(absl::Time start);

void BindFront() {
  absl::Time start = absl::Now();
  auto report = absl::MakeCleanup(absl::bind_front(&Record, absl::Now() - start));
  // CHECK-MESSAGES: :[[@LINE-1]]:61: warning: the elapsed time since 'start' is computed when scope guard 'report' is created, not when it runs at scope exit [defer-eager-evaluation]
}

void InitCapture() {
  absl::Time start = absl::Now();
  absl::Cleanup report = [elapsed = absl::Now() - start] { Record(elapsed); };
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: the elapsed time since 'start' is computed when scope guard 'report' is created
  // CHECK-FIXES: absl::Cleanup report = [start] { Record(absl::Now() - start); };
}

void Fine() {
  absl::Time start = absl::Now();
  auto a = absl::MakeCleanup(absl::bind_front(&RecordStart, absl::Now()));
  absl::Cleanup b = [start] { Record(absl::Now() - start); };
  absl::Cleanup c = [deadline = absl::Now() - absl::Seconds(5)] {
    RecordStart(deadline);
  };
}
