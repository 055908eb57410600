// RUN: %check_clang_tidy %s defer-eager-evaluation %t -- -- -I%mocks
//
// Every place a guard evaluates an expression when it is built: its lambda's
// init-captures, the arguments a binder copies (std::bind, absl::bind_front,
// Loki, wxWidgets, Chromium) and the arguments of a helper returning a guard.

#include "binders.h"
#include "guards.h"

#include <chrono>
#include <functional>

using Clock = std::chrono::steady_clock;
void record(Clock::duration elapsed);
void recordSince(Clock::time_point start);
void recordBoth(Clock::time_point start, Clock::duration elapsed);

void initCapture() {
  auto start = Clock::now();
  auto report = llvm::make_scope_exit(
      [elapsed = Clock::now() - start] { record(elapsed); });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: the elapsed time since 'start' is computed when scope guard 'report' is created, not when it runs at scope exit [defer-eager-evaluation]
  // CHECK-MESSAGES: :[[@LINE-3]]:8: note: scope guard 'report' is created here
  // CHECK-FIXES: [start] { record(Clock::now() - start); });
}

void initCaptureOfStoredLambda() {
  auto start = Clock::now();
  auto fn = [elapsed = Clock::now() - start] { record(elapsed); };
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: the elapsed time since 'start' is computed when scope guard 'report' is created
  // CHECK-FIXES: auto fn = [start] { record(Clock::now() - start); };
  auto report = llvm::make_scope_exit(fn);
}

void stdBind() {
  auto start = Clock::now();
  auto report = absl::MakeCleanup(std::bind(&record, Clock::now() - start));
  // CHECK-MESSAGES: :[[@LINE-1]]:54: warning: the elapsed time since 'start' is computed when scope guard 'report' is created
  // CHECK-MESSAGES: :[[@LINE-2]]:8: note: scope guard 'report' is created here
}

void abslBindFront() {
  absl::Time start = absl::Now();
  auto report = absl::MakeCleanup(
      absl::bind_front([](absl::Duration d) { (void)d; }, absl::Now() - start));
  // CHECK-MESSAGES: :[[@LINE-1]]:59: warning: the elapsed time since 'start' is computed when scope guard 'report' is created
}

void loki() {
  auto start = Clock::now();
  LOKI_ON_BLOCK_EXIT(&record, Clock::now() - start);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: the elapsed time since 'start' is computed when the scope guard of macro 'LOKI_ON_BLOCK_EXIT' is created, not when it runs at scope exit
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: the scope guard of macro 'LOKI_ON_BLOCK_EXIT' is created here
  Loki::ScopeGuard guard = Loki::MakeGuard(&record, Clock::now() - start);
  // CHECK-MESSAGES: :[[@LINE-1]]:53: warning: the elapsed time since 'start' is computed when scope guard 'guard' is created
}

void wx() {
  auto start = Clock::now();
  wxON_BLOCK_EXIT1(&record, Clock::now() - start);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: the elapsed time since 'start' is computed when the scope guard of macro 'wxON_BLOCK_EXIT1' is created
  wxScopeGuard guard = wxMakeGuard(&record, Clock::now() - start);
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: the elapsed time since 'start' is computed when scope guard 'guard' is created
}

void recordTicks(base::TimeDelta elapsed);

void chromium() {
  base::TimeTicks start = base::TimeTicks::Now();
  base::ScopedClosureRunner runner(
      base::BindOnce(&recordTicks, base::TimeTicks::Now() - start));
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: the elapsed time since 'start' is computed when scope guard 'runner' is created
}

// A helper that returns a guard holding a copy of its parameter.
auto recordOnExit(Clock::duration elapsed) {
  return llvm::make_scope_exit([elapsed] { record(elapsed); });
}

void helperArgument() {
  auto start = Clock::now();
  auto report = recordOnExit(Clock::now() - start);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: the elapsed time since 'start' is computed when scope guard 'report' is created
}

// The earlier time is named as it is written: a data member of a
// variable, or of the object a member function runs on.
struct Request {
  Clock::time_point enqueued_at;
  int id;
};

void memberOfParameter(const Request &req) {
  auto report = absl::MakeCleanup(
      std::bind(&record, Clock::now() - req.enqueued_at));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: the elapsed time since 'req.enqueued_at' is computed when scope guard 'report' is created
}

struct Server {
  Clock::time_point started_;
  void stop() {
    LOKI_ON_BLOCK_EXIT(&record, Clock::now() - started_);
    // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: the elapsed time since 'started_' is computed
  }
};

// Not reported: a clock read on its own is how a start time is taken, and
// a lambda's body runs at scope exit.
void startTimes() {
  auto a = llvm::make_scope_exit(
      [start = Clock::now()] { record(Clock::now() - start); });
  auto b = absl::MakeCleanup(std::bind(&recordSince, Clock::now()));
  LOKI_ON_BLOCK_EXIT(&recordSince, Clock::now());
  wxON_BLOCK_EXIT1(&recordSince, Clock::now());
  base::ScopedClosureRunner c(
      base::BindOnce(&recordTicks, base::TimeDelta(42)));
  auto start = Clock::now();
  auto d = llvm::make_scope_exit([&] { record(Clock::now() - start); });
  auto e = absl::MakeCleanup(
      std::bind([start] { record(Clock::now() - start); }));
}

// Not reported: an init-capture that is a deliberate snapshot. Its lambda
// also reads the earlier time when it runs, so it records a phase up to the
// guard and the whole scope; or the earlier time was not taken in the
// function that creates the guard (it came with a parameter, lives in the
// object or outlives the call), so the time up to the guard's creation is
// a measurement of its own, such as how long a request waited in a queue.
void connect();
void logPhases(Clock::duration setup, Clock::duration total);
void logQueueDelay(int id, Clock::duration queueDelay);

void phases() {
  auto start = Clock::now();
  connect();
  auto a = llvm::make_scope_exit([setup = Clock::now() - start, start] {
    logPhases(setup, Clock::now() - start);
  });
  auto b = llvm::make_scope_exit([&, setup = Clock::now() - start] {
    logPhases(setup, Clock::now() - start);
  });
}

void queueDelay(const Request &req) {
  auto a = absl::MakeCleanup(
      [id = req.id, queue_delay = Clock::now() - req.enqueued_at] {
        logQueueDelay(id, queue_delay);
      });
  const Clock::time_point &enqueued = req.enqueued_at;
  auto b = llvm::make_scope_exit(
      [wait = Clock::now() - enqueued] { logQueueDelay(0, wait); });
}

void sinceParameter(Clock::time_point accepted) {
  auto g = llvm::make_scope_exit(
      [waited = Clock::now() - accepted] { record(waited); });
}

struct Session {
  Clock::time_point opened_;
  void close() {
    auto g = llvm::make_scope_exit([age = Clock::now() - opened_] {
      record(age);
    });
  }
};

Clock::time_point processStart;

void sinceGlobal() {
  static Clock::time_point firstCall = Clock::now();
  auto a = llvm::make_scope_exit(
      [uptime = Clock::now() - processStart] { record(uptime); });
  auto b = llvm::make_scope_exit(
      [sinceFirst = Clock::now() - firstCall] { record(sinceFirst); });
}

void inWorker() {
  auto posted = Clock::now();
  auto task = [posted] {
    auto g = llvm::make_scope_exit(
        [queued = Clock::now() - posted] { record(queued); });
  };
  task();
}

// Not reported: an elapsed time that is not given to a guard.
void notAGuard() {
  auto start = Clock::now();
  auto later = std::bind(&record, Clock::now() - start);
  auto elapsed = Clock::now() - start;
  later();
  record(elapsed);
}
