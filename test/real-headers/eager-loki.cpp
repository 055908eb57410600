// REQUIRES: loki
// RUN: %check_clang_tidy %s defer-eager-evaluation %t
//
// Against Debian's Loki: MakeGuard and LOKI_ON_BLOCK_EXIT copy their
// arguments when the guard is built.

#include <loki/ScopeGuard.h>

#include <chrono>

using Clock = std::chrono::steady_clock;
void Record(Clock::duration elapsed);
void RecordStart(Clock::time_point start);

void Bug() {
  Clock::time_point start = Clock::now();
  LOKI_ON_BLOCK_EXIT(&Record, Clock::now() - start);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: the elapsed time since 'start' is computed when the scope guard of macro 'LOKI_ON_BLOCK_EXIT' is created, not when it runs at scope exit [defer-eager-evaluation]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: the scope guard of macro 'LOKI_ON_BLOCK_EXIT' is created here
  Loki::ScopeGuard guard = Loki::MakeGuard(&Record, Clock::now() - start);
  // CHECK-MESSAGES: :[[@LINE-1]]:53: warning: the elapsed time since 'start' is computed when scope guard 'guard' is created
}

void Fine() {
  LOKI_ON_BLOCK_EXIT(&RecordStart, Clock::now());
}
