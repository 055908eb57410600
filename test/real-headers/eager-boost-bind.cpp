// REQUIRES: boost, gsl
// RUN: %check_clang_tidy %s defer-eager-evaluation %t
//
// Against Debian's Boost 1.81 boost::bind, held by gsl::finally: the bound
// arguments are evaluated when the guard is built. BOOST_SCOPE_EXIT_ALL
// declares its guard, then assigns it a lambda whose init-captures are
// evaluated there.

#include <boost/bind/bind.hpp>
#include <boost/scope_exit.hpp>
#include <gsl/gsl>

#include <chrono>

using Clock = std::chrono::steady_clock;
void Record(Clock::duration elapsed);
void RecordStart(Clock::time_point start);

void Bug() {
  Clock::time_point start = Clock::now();
  auto report = gsl::finally(boost::bind(&Record, Clock::now() - start));
  // CHECK-MESSAGES: :[[@LINE-1]]:51: warning: the elapsed time since 'start' is computed when scope guard 'report' is created, not when it runs at scope exit [defer-eager-evaluation]
  // CHECK-MESSAGES: :[[@LINE-2]]:8: note: scope guard 'report' is created here
}

void ScopeExitAll() {
  Clock::time_point start = Clock::now();
  BOOST_SCOPE_EXIT_ALL(elapsed = Clock::now() - start) { Record(elapsed); };
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: the elapsed time since 'start' is computed when the scope guard of macro 'BOOST_SCOPE_EXIT_ALL' is created, not when it runs at scope exit [defer-eager-evaluation]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: the scope guard of macro 'BOOST_SCOPE_EXIT_ALL' is created here
}

void Fine() {
  Clock::time_point start = Clock::now();
  auto report = gsl::finally(boost::bind(&RecordStart, Clock::now()));
  BOOST_SCOPE_EXIT_ALL(&) { Record(Clock::now() - start); };
}
