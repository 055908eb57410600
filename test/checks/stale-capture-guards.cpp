// RUN: %check_clang_tidy %s defer-stale-capture %t -- -- -I%mocks
//
// Every guard form the check recognises, each with a status copied by value
// and assigned afterwards.

#include "guards.h"
#include "observe.h"

#include <memory>

void llvmFactory() {
  std::error_code ec;
  long start = now();
  auto report = llvm::make_scope_exit([ec, start] { observe(ec, start); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'ec' by value, but 'ec' is modified before the guard runs [defer-stale-capture]
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&ec, start] { observe(ec, start); });
  ec = reconcile();
}

void abslCtad() {
  std::error_code ec;
  absl::Cleanup report = [=] { observe(ec, 0); };
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'ec' by value
  // CHECK-FIXES: absl::Cleanup report = [=, &ec] { observe(ec, 0); };
  ec = reconcile();
}

void abslFactory() {
  absl::Status status;
  auto done = absl::MakeCleanup([status] { observeFlag(status.ok()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: scope guard 'done' captures 'status' by value
  // CHECK-FIXES: auto done = absl::MakeCleanup([&status] { observeFlag(status.ok()); });
  status = absl::Status::Error(3);
}

void gslFinally() {
  int rc = 0;
  auto report = gsl::finally([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: scope guard 'report' captures 'rc' by value
  // CHECK-FIXES: auto report = gsl::finally([&rc] { observeCode(rc); });
  rc = work();
}

void follyMakeGuard() {
  int err = 0;
  auto g = folly::makeGuard([err] { observeCode(err); });
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: scope guard 'g' captures 'err' by value
  // CHECK-FIXES: auto g = folly::makeGuard([&err] { observeCode(err); });
  err = work();
}

void boostScopeCondition() {
  int err = 0;
  // The condition functor is a second callable with its own captures.
  boost::scope::scope_exit g([] { observeCode(1); }, [err] { return err != 0; });
  // CHECK-MESSAGES: :[[@LINE-1]]:55: warning: scope guard 'g' captures 'err' by value
  // CHECK-FIXES: boost::scope::scope_exit g([] { observeCode(1); }, [&err] { return err != 0; });
  err = work();
}

void fundamentalsScopeExit() {
  bool ok = false;
  std::experimental::scope_exit report([ok] { observeFlag(ok); });
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: scope guard 'report' captures 'ok' by value
  // CHECK-FIXES: std::experimental::scope_exit report([&ok] { observeFlag(ok); });
  ok = tryOnce();
}

void qtGuard() {
  int result = -1;
  auto guard = qScopeGuard([result] { observeCode(result); });
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: scope guard 'guard' captures 'result' by value
  // CHECK-FIXES: auto guard = qScopeGuard([&result] { observeCode(result); });
  result = work();
}

void wilFactory() {
  long hr = 0;
  auto log = wil::scope_exit([hr] { observeCode(static_cast<int>(hr)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: scope guard 'log' captures 'hr' by value
  // CHECK-FIXES: auto log = wil::scope_exit([&hr] { observeCode(static_cast<int>(hr)); });
  hr = work();
}

void typeErased() {
  int status = 0;
  Envoy::Cleanup report([status] { observeCode(status); });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: scope guard 'report' captures 'status' by value
  // CHECK-FIXES: Envoy::Cleanup report([&status] { observeCode(status); });
  rocksdb::Defer cleanup([status] { observeCode(status); });
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: scope guard 'cleanup' captures 'status' by value
  // CHECK-FIXES: rocksdb::Defer cleanup([&status] { observeCode(status); });
  status = work();
}

void projectGuard() {
  // Not in any list: recognised because it calls what it stores from its
  // destructor.
  int rc = 0;
  auto d = deferCall([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: scope guard 'd' captures 'rc' by value
  // CHECK-FIXES: auto d = deferCall([&rc] { observeCode(rc); });
  rc = work();
}

void guardDerivedFromItsCallable() {
  int rc = 0;
  AT_SCOPE_EXIT(rc) { observeCode(rc); };
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the scope guard of macro 'AT_SCOPE_EXIT' captures 'rc' by value
  // CHECK-FIXES: AT_SCOPE_EXIT(&rc) { observeCode(rc); };
  auto g = callOnExit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: scope guard 'g' captures 'rc' by value
  // CHECK-FIXES: auto g = callOnExit([&rc] { observeCode(rc); });
  auto h = holdCallable([rc] { observeCode(rc); });
  rc = work();
}

void uniquePtrDeleter() {
  int err = 0;
  int tag;
  auto del = [err](int *) { observeCode(err); };
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: scope guard 'guard' captures 'err' by value
  // CHECK-FIXES: auto del = [&err](int *) { observeCode(err); };
  std::unique_ptr<int, decltype(del)> guard(&tag, del);
  err = work();
}

void sharedPtrDefer() {
  int err = 0;
  std::shared_ptr<void> guard(nullptr, [err](void *) { observeCode(err); });
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: scope guard 'guard' captures 'err' by value
  // CHECK-FIXES: std::shared_ptr<void> guard(nullptr, [&err](void *) { observeCode(err); });
  err = work();
}

void storedLambda() {
  // The copy is made where the lambda is evaluated, before the guard.
  int rc = 0;
  auto fn = [rc] { observeCode(rc); };
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: scope guard 'g' captures 'rc' by value
  // CHECK-FIXES: auto fn = [&rc] { observeCode(rc); };
  rc = work();
  auto g = llvm::make_scope_exit(fn);
}
