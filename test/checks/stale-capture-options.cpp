// RUN: %check_clang_tidy -check-suffix=DEFAULT %s defer-stale-capture %t -- -- -I%mocks
// RUN: %check_clang_tidy -check-suffix=ALL %s defer-stale-capture %t \
// RUN:   --config="{CheckOptions: {defer-stale-capture.AllVariables: true}}" -- -- -I%mocks
// RUN: %check_clang_tidy -check-suffix=CONFIGURED %s defer-stale-capture %t \
// RUN:   --config="{CheckOptions: {defer-stale-capture.ErrorNames: 'verdict', defer-stale-capture.ErrorTypes: 'Outcome', defer-stale-capture.GuardClasses: 'OnExit', defer-stale-capture.GuardFactories: '', defer-stale-capture.DismissMethods: 'forget'}}" -- -- -I%mocks

#include "guards.h"
#include "observe.h"

struct Outcome { int code = 0; };
Outcome decide();

// A guard class the shape detection cannot see (the call is out of line).
template <typename F> struct OnExit {
  explicit OnExit(F f) : fn(f) {}
  ~OnExit();
  void forget();
  F fn;
};
template <typename F> OnExit<F>::~OnExit() {}

void names() {
  int counter = work();
  int verdict = work();
  auto g = llvm::make_scope_exit([counter, verdict] { observeCode(counter + verdict); });
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'counter' by value
  // CHECK-MESSAGES-ALL: :[[@LINE-2]]:44: warning: scope guard 'g' captures 'verdict' by value
  // CHECK-FIXES-ALL: auto g = llvm::make_scope_exit([&counter, &verdict] { observeCode(counter + verdict); });
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-4]]:44: warning: scope guard 'g' captures 'verdict' by value
  // CHECK-FIXES-CONFIGURED: auto g = llvm::make_scope_exit([counter, &verdict] { observeCode(counter + verdict); });
  // CHECK-FIXES-DEFAULT: auto g = llvm::make_scope_exit([counter, verdict] { observeCode(counter + verdict); });
  counter = work();
  verdict = work();
}

void types() {
  Outcome outcome = decide();
  OnExit report([outcome] { observeCode(outcome.code); });
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:18: warning: scope guard 'report' captures 'outcome' by value
  // CHECK-FIXES-CONFIGURED: OnExit report([&outcome] { observeCode(outcome.code); });
  outcome = decide();
}

void dismissed() {
  Outcome outcome = decide();
  OnExit report([outcome] { observeCode(outcome.code); });
  report.forget();
  outcome = decide();
}
