// RUN: %check_clang_tidy %s defer-stale-capture %t -- -- -I%mocks
//
// A guard in a template has a dependent type in the pattern: it is found
// in the instantiations and reported once per source location.

#include "guards.h"
#include "observe.h"

#include <vector>

template <typename Status> Status pull();

template <typename Status> void reconcileWith() {
  Status status{};
  auto report = llvm::make_scope_exit([status] { observeCode(int(status)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: scope guard 'report' captures 'status' by value
  // CHECK-FIXES: auto report = llvm::make_scope_exit([&status] { observeCode(int(status)); });
  status = pull<Status>();
}

template void reconcileWith<int>();
template void reconcileWith<long>();

template <typename T> void neverInstantiated() {
  T err{};
  auto report = llvm::make_scope_exit([err] { observeCode(int(err)); });
  err = pull<T>();
}

// Generic lambdas are templates too.
auto generic = [](auto seed) {
  int rc = seed;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&rc] { observeCode(rc); });
  rc = work();
};
void useGeneric() {
  generic(1);
  generic(2L);
}

// A dependent range-for keeps the template from having a CFG; how the
// guard is used is still read from the template, and the fix is offered.
template <class C> int sumCodes(const C &Codes) {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs [defer-stale-capture]
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&rc] { observeCode(rc); });
  for (int Code : Codes)
    rc += Code;
  return rc;
}
int sumAll(const std::vector<int> &Codes) { return sumCodes(Codes); }
