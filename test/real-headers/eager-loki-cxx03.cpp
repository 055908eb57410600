// REQUIRES: loki
// RUN: %check_clang_tidy --std=c++03 %s defer-eager-evaluation %t
//
// C++03 code with Debian's Loki and the C library's clock: the elapsed
// time is computed when LOKI_ON_BLOCK_EXIT builds its guard.

#include <loki/ScopeGuard.h>

#include <ctime>

void RecordSeconds(long seconds);
int DoWork();

void Bug() {
  std::time_t start = std::time(0);
  LOKI_ON_BLOCK_EXIT(RecordSeconds, std::time(0) - start);
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: the elapsed time since 'start' is computed when the scope guard of macro 'LOKI_ON_BLOCK_EXIT' is created, not when it runs at scope exit [defer-eager-evaluation]
  DoWork();
}

void StartTimeOnly() {
  std::time_t start = std::time(0);
  LOKI_ON_BLOCK_EXIT(RecordSeconds, start);
  DoWork();
}
