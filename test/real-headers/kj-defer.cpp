// REQUIRES: capnp
// RUN: %check_clang_tidy %s defer-stale-capture %t
//
// Against Debian's Cap'n Proto KJ: kj::defer copies what its lambda
// captures; KJ_DEFER always captures by reference.

#include <kj/common.h>

void observe(int err, long start);
int doWork();

void Bug() {
  int err = 0;
  long start = 7;
  auto d = kj::defer([err, start] { observe(err, start); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: scope guard 'd' captures 'err' by value
  // CHECK-FIXES: auto d = kj::defer([&err, start] { observe(err, start); });
  err = doWork();
}

void Fine() {
  int err = 0;
  long start = 7;
  KJ_DEFER(observe(err, start));
  err = doWork();
}
