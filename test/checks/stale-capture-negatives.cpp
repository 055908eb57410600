// RUN: %check_clang_tidy %s defer-stale-capture %t -- -- -I%mocks
//
// Correct code the check must leave alone: handles, snapshots, cursors,
// by-reference captures, writes after the guard is gone.

#include "guards.h"
#include "observe.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

void handleReleased() {
  // A handle copied into its cleanup and never reassigned.
  std::FILE *file = std::fopen("/dev/null", "r");
  absl::Cleanup closer = [file] { std::fclose(file); };
  std::fgetc(file);
}

void pointerStepped(char *buffer) {
  // The copy is the start of the buffer; the scan moves on.
  auto g = llvm::make_scope_exit([buffer] { release(buffer); });
  while (*buffer)
    ++buffer;
  buffer += 2;
}

void pointerReadAndWritten(char *p) {
  auto g = llvm::make_scope_exit([p] { release(p); });
  long n = std::strtol(p, &p, 10);
  (void)n;
  p = p + 1;
}

void viewAndIterator(std::string_view text, std::vector<int> &v) {
  auto g = llvm::make_scope_exit([text] { observeText(std::string(text)); });
  text.remove_prefix(1);
  auto it = v.begin();
  auto h = llvm::make_scope_exit([it] { observeCode(*it); });
  ++it;
  std::advance(it, 1);
}

void saveAndRestore(int &depth) {
  int old = depth;
  auto restore = llvm::make_scope_exit([old, &depth] { depth = old; });
  depth = 10;
}

void snapshotUnderAnotherName() {
  int err = 0;
  auto g = llvm::make_scope_exit([initial = err] { observeCode(initial); });
  err = work();
}

void compareWithOld(std::vector<int> &v) {
  auto g = llvm::make_scope_exit([&v, n = v.size()] { v.resize(n); });
  v.push_back(1);
}

void byReference() {
  std::error_code ec;
  auto a = llvm::make_scope_exit([&ec] { observe(ec, 0); });
  auto b = llvm::make_scope_exit([&] { observe(ec, 0); });
  SCOPE_EXIT { observe(ec, 0); };
  defer(observe(ec, 0));
  ec = reconcile();
}

void constCopyBeforeGuard() {
  // The documented way to say "the value as it is now".
  int err = 0;
  const int before = err;
  auto g = llvm::make_scope_exit([before] { observeCode(before); });
  err = work();
}

void writtenAfterDismiss() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  g.release();
  rc = work();
}

void writtenAfterScope() {
  int rc = 0;
  {
    auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  }
  rc = work();
}

void writtenBeforeCopy() {
  int rc = 0;
  rc = work();
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
}

void writeInsideOwnCallable() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc]() mutable { rc = 0; observeCode(rc); });
}

void nestedLambdaInsideByReferenceGuard() {
  // Only the guard's own callable is inspected.
  int id = 0;
  auto g = llvm::make_scope_exit([&] {
    auto later = [id] { observeCode(id); };
    later();
  });
  id = work();
}

void notAGuard() {
  int rc = 0;
  std::function<void()> f = [rc] { observeCode(rc); };
  rc = work();
  f();
}

void ordinaryValue() {
  // Neither error-like, nor a placeholder, nor filled by an out-parameter.
  int count = work();
  auto g = llvm::make_scope_exit([count] { observeCode(count); });
  count = work();
}

void byConstReferenceArgument() {
  std::error_code ec;
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  observe(ec, 1);
  const std::error_code *p = &ec;
  (void)p;
}

void loopWriteAfterDeath() {
  int rc = 0;
  for (int i = 0; i < 3; ++i) {
    auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  }
  rc = work();
}

template <typename Fun, typename... Args> void post(Fun f, Args &&...args);

void forwardedThroughAPack() {
  // A forwarding-reference pack takes lvalues without writing them.
  std::error_code ec;
  auto *owned = new int(0);
  auto g = llvm::make_scope_exit([ec, owned] { observe(ec, 0); delete owned; });
  post(observe, ec, owned);
}

void boundCallableIsNotAGuard() {
  // std::bind makes a callable; only guards run at scope exit.
  std::error_code ec;
  auto callback = std::bind(observe, ec, 0L);
  ec = reconcile();
  callback();
}
