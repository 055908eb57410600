// RUN: %check_clang_tidy %s defer-eager-evaluation %t -- -- -I%mocks
//
// The fix-it moves an init-capture's computation into the lambda's body,
// and captures what it reads instead; it is offered only where that edit
// is local and keeps the meaning. Bound and helper arguments get none.

#include "binders.h"
#include "guards.h"

#include <chrono>

using Clock = std::chrono::steady_clock;
namespace chr = std::chrono;
void record(Clock::duration elapsed);
void recordMs(long long ms);
void recordTwo(Clock::duration a, Clock::duration b);
void recordTagged(int tag, Clock::duration elapsed);
double secondsSince(Clock::time_point start) {
  return chr::duration<double>(Clock::now() - start).count();
}
void recordSeconds(double seconds);

void onlyCapture() {
  auto start = Clock::now();
  auto g = llvm::make_scope_exit([e = Clock::now() - start] { record(e); });
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: the elapsed time since 'start' is computed when scope guard 'g' is created
  // CHECK-FIXES: auto g = llvm::make_scope_exit([start] { record(Clock::now() - start); });
}

void withOtherCaptures(int tag) {
  auto start = Clock::now();
  auto g = llvm::make_scope_exit(
      [tag, e = Clock::now() - start] { recordTagged(tag, e); });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the elapsed time since 'start'
  // CHECK-FIXES: [tag, start] { recordTagged(tag, Clock::now() - start); });
}

void startAlreadyCaptured() {
  auto start = Clock::now();
  auto g = llvm::make_scope_exit(
      [start, e = Clock::now() - start] { record(e); });
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: the elapsed time since 'start'
  // CHECK-FIXES: [start] { record(Clock::now() - start); });
}

void captureDefault() {
  auto start = Clock::now();
  auto g = absl::MakeCleanup([=, e = Clock::now() - start] { record(e); });
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: the elapsed time since 'start'
  // CHECK-FIXES: auto g = absl::MakeCleanup([=] { record(Clock::now() - start); });
}

void convertedAndParenthesized() {
  auto start = Clock::now();
  auto g = llvm::make_scope_exit(
      [ms = chr::duration_cast<chr::milliseconds>(Clock::now() - start)
                .count()] { recordMs(ms); });
  // CHECK-MESSAGES: :[[@LINE-2]]:51: warning: the elapsed time since 'start'
  // CHECK-FIXES: [start] { recordMs(chr::duration_cast<chr::milliseconds>(Clock::now() - start)
  // CHECK-FIXES-NEXT: .count()); });
  auto h = llvm::make_scope_exit(
      [e = Clock::now() - start] { recordMs(e.count() * 2); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the elapsed time since 'start'
  // CHECK-FIXES: [start] { recordMs((Clock::now() - start).count() * 2); });
}

void helperCall() {
  auto start = Clock::now();
  auto g = llvm::make_scope_exit(
      [s = secondsSince(start)] { recordSeconds(s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'secondsSince' computes the elapsed time since 'start' when scope guard 'g' is created
  // CHECK-FIXES: [start] { recordSeconds(secondsSince(start)); });
}

// No fix-it: the edit would change what the guard computes, or is not
// local.
Clock::time_point fetchStart();

void noFix() {
  auto start = Clock::now();
  // Used twice: two clock reads would give two different values.
  auto a = llvm::make_scope_exit(
      [e = Clock::now() - start] { recordTwo(e, e); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the elapsed time since 'start'
  // CHECK-FIXES: [e = Clock::now() - start] { recordTwo(e, e); });

  // A mutable lambda may change its copy.
  auto b = llvm::make_scope_exit(
      [e = Clock::now() - start]() mutable { record(e); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the elapsed time since 'start'
  // CHECK-FIXES: [e = Clock::now() - start]() mutable { record(e); });

  // fetchStart() would run at scope exit too.
  auto c = llvm::make_scope_exit(
      [e = Clock::now() - (start + (fetchStart() - start))] { record(e); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: this elapsed time is computed when scope guard 'c' is created
  // CHECK-FIXES: [e = Clock::now() - (start + (fetchStart() - start))] { record(e); });

  // Two elapsed times in one lambda.
  auto d = llvm::make_scope_exit(
      [x = Clock::now() - start, y = Clock::now() - start] { recordTwo(x, y); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the elapsed time since 'start'
  // CHECK-MESSAGES: :[[@LINE-2]]:38: warning: the elapsed time since 'start'
  // CHECK-FIXES: [x = Clock::now() - start, y = Clock::now() - start] { recordTwo(x, y); });

  // The use sits in a nested lambda, which would need its own capture.
  auto e = llvm::make_scope_exit(
      [el = Clock::now() - start] { [el] { record(el); }(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: the elapsed time since 'start'
  // CHECK-FIXES: [el = Clock::now() - start] { [el] { record(el); }(); });

  // A bound argument: the callable would have to become a lambda.
  auto f = absl::MakeCleanup(std::bind(&record, Clock::now() - start));
  // CHECK-MESSAGES: :[[@LINE-1]]:49: warning: the elapsed time since 'start'
  // CHECK-FIXES: auto f = absl::MakeCleanup(std::bind(&record, Clock::now() - start));
}

// Written inside a macro: the macro must change.
#define ELAPSED_GUARD(start)                                                   \
  auto STRING_JOIN2(guard_, __LINE__) = llvm::make_scope_exit(                 \
      [e = Clock::now() - start] { record(e); })

void inMacro() {
  auto start = Clock::now();
  ELAPSED_GUARD(start);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the elapsed time since 'start' is computed when the scope guard of macro 'ELAPSED_GUARD' is created
  // CHECK-FIXES: ELAPSED_GUARD(start);
}
