// RUN: %check_clang_tidy %s defer-stale-capture %t -- -- -I%mocks
//
// What counts as a modification, and when it happens while the guard
// holds its copy.

#include "guards.h"
#include "observe.h"

#include <string>
#include <tuple>

void compoundAndIncrement() {
  int retries = 0;
  auto report = llvm::make_scope_exit([retries] { observeCode(retries); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'retries' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&retries] { observeCode(retries); });
  while (!tryOnce())
    ++retries;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: note: 'retries' is modified here
}

void compoundAssign() {
  int failures = 0;
  auto report = llvm::make_scope_exit([failures] { observeCode(failures); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'failures' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&failures] { observeCode(failures); });
  failures += work();
}

void outParameterByReference() {
  std::error_code ec;
  auto report = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'ec' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&ec] { observe(ec, 0); });
  fillCode(ec);
}

void outParameterByPointer() {
  // Not an error name nor a placeholder... but filled through an
  // out-parameter after the guard copied it.
  int value = work();
  auto report = llvm::make_scope_exit([value] { observeCode(value); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'value' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&value] { observeCode(value); });
  fillInt(&value);
}

void nonConstMemberCall() {
  absl::Status status;
  auto report = llvm::make_scope_exit([status] { observeFlag(status.ok()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'status' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&status] { observeFlag(status.ok()); });
  status.Update(absl::Status::Error(2));
}

std::tuple<int, std::string> fetch();

void tie() {
  int rc = 0;
  std::string body;
  auto report = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'rc' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&rc] { observeCode(rc); });
  std::tie(rc, body) = fetch();
}

void placeholder() {
  // Any variable still holding its constant initializer: a placeholder.
  std::string label;
  auto report = llvm::make_scope_exit([label] { observeText(label); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'label' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&label] { observeText(label); });
  label = "done";
}

void pointerPlaceholder() {
  const char *where = nullptr;
  auto report = llvm::make_scope_exit([where] { observePointer(where); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'where' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&where] { observePointer(where); });
  where = "reconcile";
}

void onOneBranch(bool retry) {
  int rc = 0;
  auto report = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'rc' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&rc] { observeCode(rc); });
  if (retry)
    rc = work();
}

void viaNestedLambda() {
  // A callback that runs while the guard lives writes the status.
  int rc = 0;
  auto report = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'rc' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&rc] { observeCode(rc); });
  auto run = [&] { rc = work(); };
  run();
}

void inLoopBody() {
  // Each iteration's guard sees that iteration's write.
  for (int i = 0; i < 3; ++i) {
    int rc = 0;
    auto report = llvm::make_scope_exit([rc] { observeCode(rc); });
    // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: scope guard 'report' captures 'rc' by value
    // CHECK-FIXES: auto report = llvm::make_scope_exit([&rc] { observeCode(rc); });
    rc = work();
  }
}

llvm::detail::scope_exit<std::function<void()>> escapes() {
  int rc = 0;
  llvm::detail::scope_exit<std::function<void()>> g([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:54: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; capturing by reference could dangle: the guard is returned [defer-stale-capture]
  rc = work();
  return g;
}

void movedFrom(std::vector<std::function<void()>> &later) {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; capturing by reference could dangle: the guard is moved from [defer-stale-capture]
  rc = work();
  auto kept = std::move(g);
}

void lambdaUsedElsewhere() {
  int rc = 0;
  auto fn = [rc] { observeCode(rc); };
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; capturing by reference could dangle: the lambda 'fn' is also used elsewhere [defer-stale-capture]
  auto g = llvm::make_scope_exit(fn);
  std::function<void()> copy = fn;
  rc = work();
}

void mutableBodyWritesCopy() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc]() mutable { rc += 1; observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; the guard's body modifies its own copy [defer-stale-capture]
  rc = work();
}

// Exceptions. A handler may run after any call in its try block, and a
// `throw` that leaves the function runs the guard as the stack unwinds.
void writtenInHandler() {
  std::error_code ec;
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&ec] { observe(ec, 0); });
  try {
    work();
  } catch (...) {
    ec = reconcile();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'ec' is modified here
  }
}
void writtenInRethrowingHandler() {
  std::error_code ec;
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&ec] { observe(ec, 0); });
  try {
    work();
  } catch (...) {
    ec = reconcile();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'ec' is modified here
    throw;
  }
  g.release();
}
void writtenThenThrown() {
  std::error_code ec;
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&ec] { observe(ec, 0); });
  ec = reconcile();
  if (ec)
    throw ec;
  g.release();
}
void thrownInsideTryBlock() {
  std::error_code ec;
  try {
    auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: scope guard 'g' captures 'ec' by value
    // CHECK-FIXES: auto g = llvm::make_scope_exit([&ec] { observe(ec, 0); });
    ec = reconcile();
    if (ec)
      throw 1;
    g.release();
  } catch (...) {
  }
}
// The guard died when its try block was left.
void writtenInHandlerAfterGuardDied() {
  std::error_code ec;
  try {
    auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
    work();
  } catch (...) {
    ec = reconcile();
  }
}
// That a call might throw does not make a dismissed guard run.
void dismissedInsideTryBlock(bool retry) {
  std::error_code ec;
  try {
    auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
    if (retry) {
      ec = reconcile();
    }
    g.release();
  } catch (...) {
  }
}
