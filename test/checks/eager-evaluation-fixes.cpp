// RUN: %check_clang_tidy %s defer-eager-evaluation %t -- -- -I%mocks
//
// The fix-it moves an init-capture's computation into the lambda's body,
// and captures what it reads instead; it is offered only where that edit
// is local and keeps the meaning. Bound and helper arguments get none.

#include "binders.h"
#include "guards.h"

#include <chrono>
#include <memory>

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

// A time read from a data member is captured on its own, under the
// member's name: the object it comes from may not be copyable, and the
// guard needs only the time.
struct Job {
  Clock::time_point enqueued_at;
  std::unique_ptr<int> payload;
};
void run(Job &job);
struct Phases {
  Clock::time_point start, connected;
};

void memberOfLocal() {
  Job job{Clock::now(), nullptr};
  auto g = llvm::make_scope_exit(
      [wait = Clock::now() - job.enqueued_at] { record(wait); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the elapsed time since 'job.enqueued_at'
  // CHECK-FIXES: [enqueued_at = job.enqueued_at] { record(Clock::now() - enqueued_at); });
  Phases phases{Clock::now(), Clock::now()};
  Phases *current = &phases;
  auto h = llvm::make_scope_exit(
      [tag = 1, e = Clock::now() - current->connected] { recordTagged(tag, e); });
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: the elapsed time since 'current->connected'
  // CHECK-FIXES: [tag = 1, connected = current->connected] { recordTagged(tag, Clock::now() - connected); });
  run(job);
}

// With a `&` default the variables the computation reads are captured by
// copy explicitly: left to the default they would be references, which
// dangle once the guard or its lambda outlives the function.
auto returnedGuard() {
  auto start = Clock::now();
  auto g = llvm::make_scope_exit([&, d = Clock::now() - start] { record(d); });
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: the elapsed time since 'start'
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&, start] { record(Clock::now() - start); });
  return g;
}

std::function<void()> later;

void storedLambda() {
  auto start = Clock::now();
  auto f = [&, d = Clock::now() - start] { record(d); };
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the elapsed time since 'start'
  // CHECK-FIXES: auto f = [&, start] { record(Clock::now() - start); };
  later = f;
  auto g = llvm::make_scope_exit(f);
}

// No fix-it: the edit would change what the guard computes, or is not
// local.
Clock::time_point fetchStart();
Clock::duration clockSkew;
double waitedSeconds(const Job &job) {
  return chr::duration<double>(Clock::now() - job.enqueued_at).count();
}

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

  // Captured by reference: the moved computation would read `start` when
  // the guard runs, through a reference that may dangle.
  auto rs = llvm::make_scope_exit(
      [&start, e = Clock::now() - start] { record(e); });
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the elapsed time since 'start'
  // CHECK-FIXES: [&start, e = Clock::now() - start] { record(e); });

  // A global that may change would be read when the guard runs.
  auto sk = llvm::make_scope_exit(
      [e = Clock::now() - start + clockSkew] { record(e); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the elapsed time since 'start'
  // CHECK-FIXES: [e = Clock::now() - start + clockSkew] { record(e); });

  // The member's name is taken: the body reads another `start`.
  Phases phases{start, start};
  auto n = llvm::make_scope_exit([e = Clock::now() - phases.start, start] {
    recordTwo(e, Clock::now() - start);
  });
  // CHECK-MESSAGES: :[[@LINE-3]]:39: warning: the elapsed time since 'phases.start'
  // CHECK-FIXES: auto n = llvm::make_scope_exit([e = Clock::now() - phases.start, start] {

  // The helper reads the time from a whole object, which is not copyable.
  Job job{start, nullptr};
  auto w = llvm::make_scope_exit(
      [s = waitedSeconds(job)] { recordSeconds(s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'waitedSeconds' computes the elapsed time since 'job'
  // CHECK-FIXES: [s = waitedSeconds(job)] { recordSeconds(s); });

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

// The body declares its own 'start': moved there, the difference would
// read that one instead.
void bodyHidesTheName() {
  auto start = Clock::now();
  auto g = llvm::make_scope_exit([e = Clock::now() - start] {
    // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: the elapsed time since 'start'
    // CHECK-FIXES: auto g = llvm::make_scope_exit([e = Clock::now() - start] {
    auto start = Clock::now();
    (void)start;
    record(e);
  });
}
