// REQUIRES: loki
// RUN: %check_clang_tidy %s defer-stale-capture %t
// RUN: %check_clang_tidy --std=c++03 %s defer-stale-capture %t
//
// Against Debian's Loki: MakeGuard and LOKI_ON_BLOCK_EXIT copy their
// arguments into the guard; Loki::ByRef keeps a reference. Loki is C++03
// code, and so is most code that uses it: the check runs there too.

#include <loki/ScopeGuard.h>

void Observe(int err, long start);
int DoWork();

void Bug() {
  int err = 0;
  long start = 7;
  LOKI_ON_BLOCK_EXIT(Observe, err, start);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: the scope guard of macro 'LOKI_ON_BLOCK_EXIT' binds a copy of 'err'
  // CHECK-FIXES: LOKI_ON_BLOCK_EXIT(Observe, Loki::ByRef(err), start);
  err = DoWork();
}

void Named() {
  int err = 0;
  Loki::ScopeGuard guard = Loki::MakeGuard(Observe, err, 7L);
  // CHECK-MESSAGES: :[[@LINE-1]]:53: warning: scope guard 'guard' binds a copy of 'err'
  // CHECK-FIXES: Loki::ScopeGuard guard = Loki::MakeGuard(Observe, Loki::ByRef(err), 7L);
  err = DoWork();
}

void Fine() {
  int err = 0;
  LOKI_ON_BLOCK_EXIT(Observe, Loki::ByRef(err), 7L);
  Loki::ScopeGuard guard = Loki::MakeGuard(Observe, err, 7L);
  guard.Dismiss();
  err = DoWork();
}
