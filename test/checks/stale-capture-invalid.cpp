// RUN: not %clang_tidy --load=%plugin --checks=-*,defer-stale-capture %s -- -std=c++17 -I%mocks 2>&1 | FileCheck %s --implicit-check-not="Stack dump" --implicit-check-not="PLEASE submit"
//
// Half-written code, as an editor sees it while typing: errors from the
// compiler, never a crash of the check.

#include "guards.h"
#include "observe.h"

void unfinishedCapture() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc, ] { observeCode(rc); });
  rc = work();
}
// CHECK: error:

void unknownGuard() {
  int rc = 0;
  auto g = not_declared::make_scope_exit([rc] { observeCode(rc); });
  rc = work();
}

void brokenBody() {
  std::error_code ec;
  auto g = llvm::make_scope_exit([ec] { observe(ec, ); });
  ec = reconcile();
}

template <typename T> void dependentGuard(T t) {
  auto g = t.make([t] { t.observe(); });
  t = T::next();
}

void missingBrace() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc);
  rc = work();
}
