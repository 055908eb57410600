// REQUIRES: boost
// RUN: %check_clang_tidy %s defer-stale-capture %t
//
// Against Debian's Boost 1.81: BOOST_SCOPE_EXIT copies every name written
// without `&`; BOOST_SCOPE_EXIT_ALL(=) is a lambda with a copy default;
// boost::bind copies its arguments.

#include <boost/bind/bind.hpp>
#include <boost/scope_exit.hpp>
#include <boost/scope_exit.hpp>

#include <functional>

void report(int retries, long start);
bool tryOnce();
int work();

void Retries() {
  int retries = 0;
  long start = 1;
  BOOST_SCOPE_EXIT(retries, &start) { report(retries, start); } BOOST_SCOPE_EXIT_END
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the scope guard of macro 'BOOST_SCOPE_EXIT' captures 'retries' by value, but 'retries' is modified before the guard runs [defer-stale-capture]
  // CHECK-FIXES: BOOST_SCOPE_EXIT(&retries, &start) { report(retries, start); } BOOST_SCOPE_EXIT_END
  while (!tryOnce())
    ++retries;
}

void SequenceSyntax() {
  int err = 0;
  long start = 1;
  BOOST_SCOPE_EXIT((err)(&start)) { report(err, start); } BOOST_SCOPE_EXIT_END
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: the scope guard of macro 'BOOST_SCOPE_EXIT' captures 'err' by value
  // CHECK-FIXES: BOOST_SCOPE_EXIT((&err)(&start)) { report(err, start); } BOOST_SCOPE_EXIT_END
  err = work();
}

void AllByValue() {
  int err = 0;
  BOOST_SCOPE_EXIT_ALL(=) { report(err, 0); };
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: the scope guard of macro 'BOOST_SCOPE_EXIT_ALL' captures 'err' by value
  // CHECK-FIXES: BOOST_SCOPE_EXIT_ALL(=, &err) { report(err, 0); };
  err = work();
}

void ByReference() {
  int err = 0;
  long start = 1;
  BOOST_SCOPE_EXIT(&err, start) { report(err, start); } BOOST_SCOPE_EXIT_END
  BOOST_SCOPE_EXIT_ALL(&) { report(err, 0); };
  err = work();
}

template <typename F> struct Deferred {
  F Fn;
  ~Deferred() { Fn(); }
};
template <typename F> Deferred<F> deferCall(F Fn) { return {Fn}; }

void Bind() {
  int err = 0;
  auto d = deferCall(boost::bind(report, err, 0L));
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: scope guard 'd' binds a copy of 'err'
  // CHECK-FIXES: auto d = deferCall(boost::bind(report, boost::cref(err), 0L));
  err = work();
}

// A project's macro around BOOST_SCOPE_EXIT that also stringizes the name:
// an `&` in its argument would break `#v`, so no fix-it.
void trace(const char *Name, int Value);
#define TRACE_ON_EXIT(v)                                                       \
  BOOST_SCOPE_EXIT(v) { trace(#v, v); }                                        \
  BOOST_SCOPE_EXIT_END
void TracedMacro() {
  int rc = 0;
  TRACE_ON_EXIT(rc);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the scope guard of macro 'TRACE_ON_EXIT' captures 'rc' by value, but 'rc' is modified before the guard runs; macro 'TRACE_ON_EXIT' passes the argument on to another macro [defer-stale-capture]
  rc = work();
}

// One id reused in sibling blocks: each guard has its own lifetime.
void ReusedId() {
  int rc = 0;
  {
    BOOST_SCOPE_EXIT_ID(exit_log, (rc)) { report(rc, 0); }
    BOOST_SCOPE_EXIT_END_ID(exit_log)
  }
  {
    BOOST_SCOPE_EXIT_ID(exit_log, (&rc)) { report(rc, 0); }
    BOOST_SCOPE_EXIT_END_ID(exit_log)
    rc = work();
  }
}
