// RUN: %check_clang_tidy --std=c++20 %s defer-stale-capture %t -- -- -I%mocks
//
// Cases found by trying to break the check: fix-its that would dangle or
// not compile, correct code that must stay silent, bugs that must be seen.

#include "guards.h"
#include "observe.h"

#include <coroutine>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

// One fix-it serves every instantiation: an instantiation that returns the
// guard forbids it for all of them, whichever is analysed first.
template <bool Keep> auto keepOrDrop() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; capturing by reference could dangle: the guard is returned [defer-stale-capture]
  rc = work();
  if constexpr (Keep)
    return g;
  else
    return 0;
}
void useBoth() {
  (void)keepOrDrop<false>();
  auto kept = keepOrDrop<true>();
}

// The guard's callable can leave through its own members.
using Deleter = std::function<void(int *)>;
void swapOut(std::unique_ptr<int, Deleter> &out) {
  int rc = 0;
  std::unique_ptr<int, Deleter> g(new int, [rc](int *q) { observeCode(rc); delete q; });
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; capturing by reference could dangle: the guard is passed on [defer-stale-capture]
  rc = work();
  g.swap(out);
}
void deleterOut(Deleter &saved) {
  int rc = 0;
  std::unique_ptr<int, Deleter> g(new int, [rc](int *q) { observeCode(rc); delete q; });
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; capturing by reference could dangle: the guard is passed on [defer-stale-capture]
  rc = work();
  saved = g.get_deleter();
}

// A coroutine's frame can outlive the caller's object a reference
// parameter names.
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
Task reconcileLater(std::error_code &ec) {
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value, but 'ec' is modified before the guard runs; in a coroutine, the object 'ec' refers to may be gone when the guard runs [defer-stale-capture]
  co_await std::suspend_always{};
  ec = reconcile();
}

// A macro argument used more than once cannot take the edit.
#define GUARD_OBSERVE(v) auto g_##v = llvm::make_scope_exit([v] { observeCode(v); })
#define LOG_ON_EXIT(name, v) auto name = llvm::make_scope_exit([v] { observeCode(v); })
void macroArguments() {
  int rc = 0;
  GUARD_OBSERVE(rc);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the scope guard of macro 'GUARD_OBSERVE' captures 'rc' by value, but 'rc' is modified before the guard runs; macro 'GUARD_OBSERVE' uses the capture in more than one place [defer-stale-capture]
  int err = 0;
  LOG_ON_EXIT(report, err);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: scope guard 'report' captures 'err' by value, but 'err' is modified before the guard runs; macro 'LOG_ON_EXIT' uses the capture in more than one place [defer-stale-capture]
  rc = work();
  err = work();
}

// A handle refilled after its first guard is a new handle: the first guard
// rightly keeps the old one.
void openFile(const char *name, std::FILE **out);
void handleReuse() {
  std::FILE *f = nullptr;
  openFile("a", &f);
  auto first = gsl::finally([f] { std::fclose(f); });
  openFile("b", &f);
  auto second = gsl::finally([f] { std::fclose(f); });
}

// A by-reference lambda writes when it runs, not where it is written.
void callbackNeverCalled() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  auto later = [&rc] { rc = 5; };
}
void callbackCalledLater() {
  std::error_code ec;
  auto set = [&] { ec = reconcile(); };
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&ec] { observe(ec, 0); });
  set();
}

void parenthesized() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&rc] { observeCode(rc); });
  (rc) = work();
}

absl::Status doIt();
void optionalStatus() {
  std::optional<absl::Status> st = doIt();
  auto g = llvm::make_scope_exit([st] { observeFlag(st && st->ok()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'st' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&st] { observeFlag(st && st->ok()); });
  st = doIt();
}

void unsplitNames() {
  int retcode = work();
  auto g = llvm::make_scope_exit([retcode] { observeCode(retcode); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'retcode' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&retcode] { observeCode(retcode); });
  retcode = work();
}
