// REQUIRES: llvm-adt, llvm-22
// RUN: %check_clang_tidy %s defer-stale-capture %t -- -- -I%llvm_include
//
// LLVM 22 spells the guard llvm::scope_exit, constructed directly.

#include "llvm/ADT/ScopeExit.h"

#include <system_error>

void observe(std::error_code ec);
std::error_code reconcile();

void Bug() {
  std::error_code ec;
  llvm::scope_exit report([ec] { observe(ec); });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: scope guard 'report' captures 'ec' by value
  // CHECK-FIXES: llvm::scope_exit report([&ec] { observe(ec); });
  ec = reconcile();
}

void Fine() {
  std::error_code ec;
  llvm::scope_exit report([&] { observe(ec); });
  ec = reconcile();
}
