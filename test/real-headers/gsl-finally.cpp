// REQUIRES: gsl
// RUN: %check_clang_tidy %s defer-stale-capture %t
//
// Against Debian's Microsoft GSL 4: gsl::finally and gsl::final_action.

#include <gsl/gsl>

#include <system_error>

void observe(std::error_code ec);
std::error_code reconcile();

void Bug() {
  std::error_code ec;
  auto report = gsl::finally([ec] { observe(ec); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: scope guard 'report' captures 'ec' by value
  // CHECK-FIXES: auto report = gsl::finally([&ec] { observe(ec); });
  ec = reconcile();
}

void Fine() {
  std::error_code ec;
  auto report = gsl::finally([&ec] { observe(ec); });
  ec = reconcile();
}
