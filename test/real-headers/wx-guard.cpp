// REQUIRES: wx
// RUN: %check_clang_tidy %s defer-stale-capture %t -- -- \
// RUN:   -I/usr/include/wx-3.2 \
// RUN:   -I/usr/lib/x86_64-linux-gnu/wx/include/gtk3-unicode-3.2 \
// RUN:   -D__WXGTK__ -DWXUSINGDLL
//
// Against Debian's wxWidgets 3.2: wxMakeGuard and the wxON_BLOCK_EXIT
// macros copy their arguments when the guard is built. The guard keeps a
// std::reference_wrapper like any value and hands it to the function, so
// std::cref (or std::ref) is the fix.

#include <wx/scopeguard.h>

#include <functional>

void Observe(int rc);
void Reset(int &rc);
int Work();

void Bug() {
  int rc = 0;
  wxON_BLOCK_EXIT1(Observe, rc);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: the scope guard of macro 'wxON_BLOCK_EXIT1' binds a copy of 'rc', but 'rc' is modified before the guard runs [defer-stale-capture]
  // CHECK-FIXES: wxON_BLOCK_EXIT1(Observe, std::cref(rc));
  int err = 0;
  wxScopeGuard guard = wxMakeGuard(Observe, err);
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: scope guard 'guard' binds a copy of 'err'
  // CHECK-FIXES: wxScopeGuard guard = wxMakeGuard(Observe, std::cref(err));
  rc = Work();
  err = Work();
}

void Fine() {
  int rc = 0;
  wxON_BLOCK_EXIT1(Observe, std::cref(rc));
  wxScopeGuard guard = wxMakeGuard(Observe, rc);
  guard.Dismiss();
  rc = Work();
}
