// REQUIRES: llvm-adt
// RUN: %check_clang_tidy %s defer-stale-capture %t -- -- -I%llvm_include
//
// Against LLVM's own ADT header of the LLVM in use: llvm::make_scope_exit
// (and, from LLVM 22, llvm::scope_exit by class template argument
// deduction).

#include "llvm/ADT/ScopeExit.h"

#include <system_error>

void observe(std::error_code ec, long start);
std::error_code reconcile();
long now();

void Bug() {
  std::error_code ec;
  long start = now();
  auto report = llvm::make_scope_exit([ec, start] { observe(ec, start); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'ec' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&ec, start] { observe(ec, start); });
  ec = reconcile();
}

void Released() {
  std::error_code ec;
  auto report = llvm::make_scope_exit([ec] { observe(ec, 0); });
  report.release();
  ec = reconcile();
}
