// RUN: %check_clang_tidy %s defer-stale-capture %t -- -- -I%mocks
//
// Capture forms: explicit, implicit from [=], several at once, computed
// init-captures, [*this], references, macros that hide or paste captures.

#include "guards.h"
#include "observe.h"

void explicitAndImplicitTogether() {
  int rc = 0;
  bool ok = false;
  long start = now();
  auto g = llvm::make_scope_exit([=] { observeCode(rc); observeFlag(ok); observe({}, start); });
  // CHECK-MESSAGES: :[[@LINE-1]]:52: warning: scope guard 'g' captures 'rc' by value
  // CHECK-MESSAGES: :[[@LINE-2]]:69: warning: scope guard 'g' captures 'ok' by value
  // One edit fixes both, and 'start' (never modified) stays a copy.
  // CHECK-FIXES: auto g = llvm::make_scope_exit([=, &rc, &ok] { observeCode(rc); observeFlag(ok); observe({}, start); });
  rc = work();
  ok = tryOnce();
}

void twoExplicit() {
  int err = 0;
  std::error_code ec;
  auto g = llvm::make_scope_exit([err, ec] { observeCode(err); observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'err' by value
  // CHECK-MESSAGES: :[[@LINE-2]]:40: warning: scope guard 'g' captures 'ec' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&err, &ec] { observeCode(err); observe(ec, 0); });
  err = work();
  ec = reconcile();
}

void computedInitCapture() {
  std::error_code ec;
  auto g = llvm::make_scope_exit([code = ec.value()] { observeCode(code); });
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: scope guard 'g' captures 'code', computed from 'ec' when the guard is created, but 'ec' is modified before the guard runs; compute it in the guard's body from a by-reference capture of 'ec' [defer-stale-capture]
  ec = reconcile();
}

struct Reconciler {
  int lastError = 0;
  void run() {
    auto g = llvm::make_scope_exit([*this] { observeCode(lastError); });
    // CHECK-MESSAGES: :[[@LINE-1]]:58: warning: scope guard 'g' captures a copy of '*this', but member 'lastError' is modified before the guard runs; capture 'this' if the object outlives the guard [defer-stale-capture]
    lastError = work();
  }
  void live() {
    // [=] in a member function reads members through 'this': live.
    auto g = llvm::make_scope_exit([=] { observeCode(lastError); });
    lastError = work();
  }
};

void referenceVariable(std::error_code &out) {
  // Capturing a reference by copy copies what it refers to.
  std::error_code &ec = out;
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&ec] { observe(ec, 0); });
  ec = reconcile();
}

void parameter(int rc) {
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&rc] { observeCode(rc); });
  rc = work();
}

void macroHidesCopy() {
  int err = 0;
  COPYING_SCOPE_EXIT(observeCode(err));
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: the scope guard of macro 'COPYING_SCOPE_EXIT' captures 'err' by value, but 'err' is modified before the guard runs; the capture is written inside macro 'COPYING_SCOPE_EXIT' [defer-stale-capture]
  err = work();
}

void macroPastesCaptureList() {
  int err = 0;
  Y_SCOPE_EXIT(err) { observeCode(err); };
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: the scope guard of macro 'Y_SCOPE_EXIT' captures 'err' by value
  // CHECK-FIXES: Y_SCOPE_EXIT(&err) { observeCode(err); };
  err = work();
}

void macroPastesDefault() {
  int err = 0;
  Y_SCOPE_EXIT(=) { observeCode(err); };
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: the scope guard of macro 'Y_SCOPE_EXIT' captures 'err' by value
  // CHECK-FIXES: Y_SCOPE_EXIT(=, &err) { observeCode(err); };
  err = work();
}
