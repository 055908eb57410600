// RUN: %check_clang_tidy --std=c++20 %s defer-stale-capture %t -- -- -I%mocks
//
// Arguments copied when the guard is built, as Go's `defer f(err)` does:
// binding APIs, Loki and wxWidgets guards, Chromium callbacks, and helpers
// that return a guard built from their by-value parameters.

#include "binders.h"
#include "guards.h"
#include "observe.h"

#include <functional>
#include <string>
#include <vector>

// Loki's reference holder, as loki/ScopeGuard.h declares it.
namespace Loki {
template <class T> class RefToValue {
public:
  RefToValue(T &ref) : ref_(ref) {}
  operator T &() const { return ref_; }

private:
  T &ref_;
};
template <class T> inline RefToValue<T> ByRef(T &t) { return RefToValue<T>(t); }
} // namespace Loki

struct Metrics {
  void Record(const absl::Status &status);
};
std::string toLabel(int rc);
void takeText(std::string label);
template <typename T> void recordAny(const T &value);
void bump(int &counter);

void stdBind(Metrics &metrics) {
  absl::Status status;
  auto done = absl::MakeCleanup(std::bind(&Metrics::Record, &metrics, status));
  // CHECK-MESSAGES: :[[@LINE-1]]:71: warning: scope guard 'done' binds a copy of 'status', but 'status' is modified before the guard runs [defer-stale-capture]
  // CHECK-FIXES: auto done = absl::MakeCleanup(std::bind(&Metrics::Record, &metrics, std::cref(status)));
  status = absl::Status::Error(4);
}

void stdBindNonConstReference() {
  int rc = 0;
  auto g = llvm::make_scope_exit(std::bind(bump, rc));
  // CHECK-MESSAGES: :[[@LINE-1]]:50: warning: scope guard 'g' binds a copy of 'rc'
  // CHECK-FIXES: auto g = llvm::make_scope_exit(std::bind(bump, std::ref(rc)));
  rc = work();
}

void bindFrontPassesWrapper() {
  int rc = 0;
  auto g = llvm::make_scope_exit(std::bind_front(observeCode, rc));
  // CHECK-MESSAGES: :[[@LINE-1]]:63: warning: scope guard 'g' binds a copy of 'rc'
  // CHECK-FIXES: auto g = llvm::make_scope_exit(std::bind_front(observeCode, std::cref(rc)));
  rc = work();
}

void bindFrontTemplateCallee() {
  int rc = 0;
  auto g = llvm::make_scope_exit(std::bind_front(recordAny<int>, rc));
  // CHECK-MESSAGES: :[[@LINE-1]]:66: warning: scope guard 'g' binds a copy of 'rc', but 'rc' is modified before the guard runs; the bound function is a template, which would receive the std::reference_wrapper itself [defer-stale-capture]
  rc = work();
}

void computedArgument() {
  int rc = 0;
  auto g = llvm::make_scope_exit(std::bind(takeText, toLabel(rc)));
  // CHECK-MESSAGES: :[[@LINE-1]]:62: warning: scope guard 'g' binds a value computed from 'rc' when the guard is created, but 'rc' is modified before the guard runs; bind a reference to 'rc' and compute the value when the guard runs [defer-stale-capture]
  rc = work();
}

void lokiGuard() {
  int err = 0;
  LOKI_ON_BLOCK_EXIT(observeCode, err);
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: the scope guard of macro 'LOKI_ON_BLOCK_EXIT' binds a copy of 'err'
  // CHECK-FIXES: LOKI_ON_BLOCK_EXIT(observeCode, Loki::ByRef(err));
  err = work();
}

void lokiDismissed() {
  int err = 0;
  Loki::ScopeGuard g = Loki::MakeGuard(observeCode, err);
  g.Dismiss();
  err = work();
}

void wxGuard() {
  int err = 0;
  wxON_BLOCK_EXIT1(observeCode, err);
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: the scope guard of macro 'wxON_BLOCK_EXIT1' binds a copy of 'err', but 'err' is modified before the guard runs [defer-stale-capture]
  // CHECK-FIXES: wxON_BLOCK_EXIT1(observeCode, std::cref(err));
  err = work();
}

void chromium() {
  int err = 0;
  base::ScopedClosureRunner runner(base::BindOnce(observeCode, err));
  // CHECK-MESSAGES: :[[@LINE-1]]:64: warning: scope guard 'runner' binds a copy of 'err', but 'err' is modified before the guard runs; bind a pointer to 'err', or use a lambda that captures it by reference [defer-stale-capture]
  err = work();
}

void liveArguments(Metrics &metrics) {
  int rc = 0;
  absl::Status status;
  auto a = llvm::make_scope_exit(std::bind(observeCode, std::cref(rc)));
  auto b = absl::MakeCleanup(std::bind(&Metrics::Record, &metrics, std::ref(status)));
  auto c = llvm::make_scope_exit(std::bind(fillInt, &rc));
  LOKI_ON_BLOCK_EXIT(observeCode, Loki::ByRef(rc));
  rc = work();
  status = absl::Status::Error(1);
}

// A helper that returns a guard built from its by-value parameter: the
// literal C++ spelling of `defer Observe(err, start)`.
auto observeOnExit(int rc, long start) {
  return llvm::make_scope_exit([rc, start] { observeCode(rc + int(start)); });
}
auto observeLive(const int &rc) {
  return llvm::make_scope_exit([&rc] { observeCode(rc); });
}

void helperCopies() {
  int rc = 0;
  auto g = observeOnExit(rc, now());
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: scope guard 'g' is built by 'observeOnExit', whose guard copies 'rc' here, but 'rc' is modified before the guard runs; pass 'rc' by reference, or build the guard in this scope [defer-stale-capture]
  rc = work();
  auto h = observeLive(rc);
  rc = work();
}

// An RAII recorder that copies the status it is given and reports it from
// its destructor.
class LatencyRecorder {
public:
  LatencyRecorder(const char *name, std::error_code ec) : name_(name), ec_(ec) {}
  ~LatencyRecorder() { observe(ec_, now()); }

private:
  const char *name_;
  std::error_code ec_;
};

// A restore class: its destructor writes the copy back. Not a recorder.
class SaveAndRestore {
public:
  explicit SaveAndRestore(int &x) : target_(x), old_(x) {}
  ~SaveAndRestore() { target_ = old_; }

private:
  int &target_;
  int old_;
};

void recorder(int &depth) {
  std::error_code ec;
  LatencyRecorder rec("pull", ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'rec' keeps a copy of 'ec' in a member that its destructor reads, but 'ec' is modified while 'rec' lives [defer-stale-capture]
  ec = reconcile();

  int err = 0;
  SaveAndRestore keep(err);
  err = work();
}

// A binding stored in a local that is also handed elsewhere: a reference
// in it could outlive the variable.
std::vector<std::function<void()>> Pending;
void storedBindingEscapes() {
  std::error_code ec;
  auto b = std::bind(&observe, ec, 0L);
  Pending.push_back(b);
  auto g = gsl::finally(std::move(b));
  // CHECK-MESSAGES: :[[@LINE-3]]:32: warning: scope guard 'g' binds a copy of 'ec', but 'ec' is modified before the guard runs; capturing by reference could dangle: the binding 'b' is also used elsewhere [defer-stale-capture]
  ec = reconcile();
}

// The bound member function is named through a template parameter: it
// takes `const int &` in one instantiation and `int &` in the other, so
// neither std::cref nor std::ref fits both.
struct ReadsCode {
  void record(const int &Rc);
};
struct ResetsCode {
  void record(int &Rc);
};
template <class Sink> void recordThrough(Sink &S) {
  int rc = 0;
  auto g = gsl::finally(std::bind(&Sink::record, &S, rc));
  // CHECK-MESSAGES: :[[@LINE-1]]:54: warning: scope guard 'g' binds a copy of 'rc', but 'rc' is modified before the guard runs; the bound function depends on template arguments, so neither std::ref nor std::cref is right for every instantiation [defer-stale-capture]
  rc = work();
}
template void recordThrough<ReadsCode>(ReadsCode &);
template void recordThrough<ResetsCode>(ResetsCode &);
