// REQUIRES: wx
// RUN: %check_clang_tidy %s defer-eager-evaluation %t -- -- \
// RUN:   -I/usr/include/wx-3.2 \
// RUN:   -I/usr/lib/x86_64-linux-gnu/wx/include/gtk3-unicode-3.2 \
// RUN:   -D__WXGTK__ -DWXUSINGDLL
//
// Against Debian's wxWidgets 3.2: wxMakeGuard and wxON_BLOCK_EXIT1 copy
// their arguments when the guard is built.

#include <wx/scopeguard.h>

#include <ctime>

void Record(double seconds);
void RecordStart(std::time_t start);

void Bug() {
  std::time_t start = std::time(nullptr);
  wxON_BLOCK_EXIT1(Record, std::difftime(std::time(nullptr), start));
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: the elapsed time since 'start' is computed when the scope guard of macro 'wxON_BLOCK_EXIT1' is created, not when it runs at scope exit [defer-eager-evaluation]
  wxScopeGuard guard = wxMakeGuard(Record, std::difftime(std::time(nullptr), start));
  // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: the elapsed time since 'start' is computed when scope guard 'guard' is created
}

void Fine() {
  wxON_BLOCK_EXIT1(RecordStart, std::time(nullptr));
}
