// REQUIRES: qt5
// RUN: %check_clang_tidy %s defer-stale-capture %t -- -- -fPIC \
// RUN:   -I/usr/include/x86_64-linux-gnu/qt5 \
// RUN:   -I/usr/include/x86_64-linux-gnu/qt5/QtCore
//
// Against Debian's Qt 5: qScopeGuard and QScopeGuard.

#include <QScopeGuard>

void recordResult(int result);
int fetch();

void Bug() {
  int result = -1;
  auto guard = qScopeGuard([result] { recordResult(result); });
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: scope guard 'guard' captures 'result' by value
  // CHECK-FIXES: auto guard = qScopeGuard([&result] { recordResult(result); });
  result = fetch();
}

void Dismissed() {
  int result = -1;
  auto guard = qScopeGuard([result] { recordResult(result); });
  guard.dismiss();
  result = fetch();
}
