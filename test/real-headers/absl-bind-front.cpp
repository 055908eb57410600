// REQUIRES: absl
// RUN: %check_clang_tidy %s defer-stale-capture %t
//
// Against Debian's Abseil: absl::bind_front copies its arguments and hands
// a std::reference_wrapper to the callee as it is.

#include "absl/cleanup/cleanup.h"
#include "absl/functional/bind_front.h"
#include "absl/status/status.h"

#include <functional>

void Record(const absl::Status &status);
absl::Status Pull();

void Bug() {
  absl::Status status;
  auto record = absl::MakeCleanup(absl::bind_front(Record, status));
  // CHECK-MESSAGES: :[[@LINE-1]]:60: warning: scope guard 'record' binds a copy of 'status'
  // CHECK-FIXES: auto record = absl::MakeCleanup(absl::bind_front(Record, std::cref(status)));
  status = Pull();
}

void Fine() {
  absl::Status status;
  auto record = absl::MakeCleanup(absl::bind_front(Record, std::cref(status)));
  status = Pull();
}
