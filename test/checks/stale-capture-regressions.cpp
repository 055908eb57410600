// RUN: %check_clang_tidy --std=c++20 %s defer-stale-capture %t -- -- -I%mocks
//
// Cases found by trying to break the check: fix-its that would dangle or
// not compile, correct code that must stay silent, bugs that must be seen.

#include "binders.h"
#include "guards.h"
#include "observe.h"

#include <coroutine>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

// One fix-it serves every instantiation: an instantiation that returns the
// guard forbids it for all of them, whichever is analysed first.
template <bool Keep> auto keepOrDrop() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; capturing by reference could dangle: the guard is returned [defer-stale-capture]
  rc = work();
  if constexpr (Keep)
    return g;
  else
    return 0;
}
void useBoth() {
  (void)keepOrDrop<false>();
  auto kept = keepOrDrop<true>();
}

// The guard's callable can leave through its own members.
using Deleter = std::function<void(int *)>;
void swapOut(std::unique_ptr<int, Deleter> &out) {
  int rc = 0;
  std::unique_ptr<int, Deleter> g(new int, [rc](int *q) { observeCode(rc); delete q; });
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; capturing by reference could dangle: the guard is passed on [defer-stale-capture]
  rc = work();
  g.swap(out);
}
void deleterOut(Deleter &saved) {
  int rc = 0;
  std::unique_ptr<int, Deleter> g(new int, [rc](int *q) { observeCode(rc); delete q; });
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; capturing by reference could dangle: the guard is passed on [defer-stale-capture]
  rc = work();
  saved = g.get_deleter();
}

// A coroutine's frame can outlive the caller's object a reference
// parameter names.
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
Task reconcileLater(std::error_code &ec) {
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value, but 'ec' is modified before the guard runs; in a coroutine, the object 'ec' refers to may be gone when the guard runs [defer-stale-capture]
  co_await std::suspend_always{};
  ec = reconcile();
}

// A macro argument used more than once cannot take the edit.
#define GUARD_OBSERVE(v) auto g_##v = llvm::make_scope_exit([v] { observeCode(v); })
#define LOG_ON_EXIT(name, v) auto name = llvm::make_scope_exit([v] { observeCode(v); })
void macroArguments() {
  int rc = 0;
  GUARD_OBSERVE(rc);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the scope guard of macro 'GUARD_OBSERVE' captures 'rc' by value, but 'rc' is modified before the guard runs; macro 'GUARD_OBSERVE' uses the capture in more than one place [defer-stale-capture]
  int err = 0;
  LOG_ON_EXIT(report, err);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: scope guard 'report' captures 'err' by value, but 'err' is modified before the guard runs; macro 'LOG_ON_EXIT' uses the capture in more than one place [defer-stale-capture]
  rc = work();
  err = work();
}

// A handle refilled after its first guard is a new handle: the first guard
// rightly keeps the old one.
void openFile(const char *name, std::FILE **out);
void handleReuse() {
  std::FILE *f = nullptr;
  openFile("a", &f);
  auto first = gsl::finally([f] { std::fclose(f); });
  openFile("b", &f);
  auto second = gsl::finally([f] { std::fclose(f); });
}

// A by-reference lambda writes when it runs, not where it is written.
void callbackNeverCalled() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  auto later = [&rc] { rc = 5; };
}
void callbackCalledLater() {
  std::error_code ec;
  auto set = [&] { ec = reconcile(); };
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&ec] { observe(ec, 0); });
  set();
}

void parenthesized() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&rc] { observeCode(rc); });
  (rc) = work();
}

absl::Status doIt();
void optionalStatus() {
  std::optional<absl::Status> st = doIt();
  auto g = llvm::make_scope_exit([st] { observeFlag(st && st->ok()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'st' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&st] { observeFlag(st && st->ok()); });
  st = doIt();
}

void unsplitNames() {
  int retcode = work();
  auto g = llvm::make_scope_exit([retcode] { observeCode(retcode); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'retcode' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&retcode] { observeCode(retcode); });
  retcode = work();
}

// A wrapper passed on as it is converts only to its own type.
void logStatus(std::string_view text);
std::string compute();
void wrapperWouldNotConvert() {
  std::string status;
  auto g = llvm::make_scope_exit(std::bind_front(logStatus, status));
  // CHECK-MESSAGES: :[[@LINE-1]]:61: warning: scope guard 'g' binds a copy of 'status', but 'status' is modified before the guard runs; the bound function takes a 'std::string_view', which a reference wrapper does not convert to [defer-stale-capture]
  std::string label;
  Loki::ScopeGuard h = Loki::MakeGuard(logStatus, label);
  // CHECK-MESSAGES: :[[@LINE-1]]:51: warning: scope guard 'h' binds a copy of 'label', but 'label' is modified before the guard runs; the bound function takes a 'std::string_view', which a reference wrapper does not convert to [defer-stale-capture]
  status = compute();
  label = compute();
}

// std::ref or std::cref depends on the callee, which differs between
// instantiations.
template <class E> struct Sink;
template <> struct Sink<int> { static void record(int &); };
template <> struct Sink<long> { static void record(const long &); };
template <class E> void perInstantiation() {
  E rc{};
  auto g = llvm::make_scope_exit(std::bind(&Sink<E>::record, rc));
  // CHECK-MESSAGES: :[[@LINE-1]]:62: warning: scope guard 'g' binds a copy of 'rc', but 'rc' is modified before the guard runs; the bound function depends on template arguments, so neither std::ref nor std::cref is right for every instantiation [defer-stale-capture]
  rc = E(1);
}
template void perInstantiation<long>();
template void perInstantiation<int>();

// With a `&` default, the fix drops the copy.
void referenceDefault() {
  int rc = 0, other = 0;
  auto g = llvm::make_scope_exit([&, other, rc] { observeCode(rc + other); });
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: scope guard 'g' captures 'rc' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&, other] { observeCode(rc + other); });
  rc = work();
}

// A moved argument is replaced whole.
void movedArgument() {
  std::error_code ec;
  auto g = llvm::make_scope_exit(std::bind(observe, std::move(ec), 0L));
  // CHECK-MESSAGES: :[[@LINE-1]]:63: warning: scope guard 'g' binds a copy of 'ec'
  // CHECK-FIXES: auto g = llvm::make_scope_exit(std::bind(observe, std::cref(ec), 0L));
  ec = reconcile();
}

// An array decays to a pointer to the live buffer.
void logMessage(const char *text);
void fillText(char *buffer, int size);
void arrayArgument() {
  char err[64] = "";
  auto g = llvm::make_scope_exit(std::bind(logMessage, err));
  LOKI_ON_BLOCK_EXIT(logMessage, err);
  fillText(err, 64);
}

// A binding stored first, then handed to a guard.
void storedBinding() {
  std::error_code ec;
  auto bound = std::bind(observe, ec, 0L);
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' binds a copy of 'ec'
  // CHECK-FIXES: auto bound = std::bind(observe, std::cref(ec), 0L);
  auto g = gsl::finally(std::move(bound));
  ec = reconcile();
}

// Recorders: read through a member function, or handed to a sink; a class
// that also keeps the variable live is comparing with the old value.
struct Sinks {
  std::error_code last;
};
class Flushing {
public:
  explicit Flushing(std::error_code ec) : ec_(ec) {}
  ~Flushing() { flush(); }

private:
  void flush() { observe(ec_, 0); }
  std::error_code ec_;
};
class ToSink {
public:
  ToSink(Sinks *sink, std::error_code ec) : sink_(sink), ec_(ec) {}
  ~ToSink() { sink_->last = ec_; }

private:
  Sinks *sink_;
  std::error_code ec_;
};
class CompareWithOld {
public:
  CompareWithOld(const int *live, int old) : live_(live), old_(old) {}
  ~CompareWithOld() { observeFlag(*live_ != old_); }

private:
  const int *live_;
  int old_;
};
void recorders(Sinks &sinks) {
  std::error_code ec;
  Flushing a(ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'a' keeps a copy of 'ec' in a member that its destructor reads
  ToSink b(&sinks, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'b' keeps a copy of 'ec' in a member that its destructor reads
  int rc = 0;
  CompareWithOld c(&rc, rc);
  ec = reconcile();
  rc = work();
}

// A helper taking a reference copies into its guard when it is called.
auto observeLater(const std::error_code &ec) {
  return llvm::make_scope_exit([ec] { observe(ec, 0); });
}
void helperTakingReference() {
  std::error_code ec;
  auto g = observeLater(ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: scope guard 'g' is built by 'observeLater', whose guard copies 'ec' here
  ec = reconcile();
}

// A write followed on every path by a dismiss call never reaches the guard.
void writeThenDismiss() {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  rc = work();
  g.release();
}
// On one path the guard is dismissed after the write, on the other not.
void writeThenDismissOnOnePath(bool done) {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&rc] { observeCode(rc); });
  rc = work();
  if (done)
    g.release();
}

// A non-const reference parameter that the callee only reads.
void printCode(std::error_code &ec) { observeText(ec.message()); }
void readOnlyReferenceParameter() {
  std::error_code ec;
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  printCode(ec);
}
// The same shape, but the callee does write.
void resetCode(std::error_code &ec) { ec.clear(); }
void writingReferenceParameter() {
  std::error_code ec = reconcile();
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&ec] { observe(ec, 0); });
  resetCode(ec);
}

// Unevaluated operands run nothing.
void unevaluatedOperands() {
  std::error_code ec;
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  static_assert(sizeof(ec = reconcile()) > 0);
  constexpr bool Nothrow = noexcept(ec = reconcile());
  (void)Nothrow;
}

// A guard moved into another variable still runs the stale copy. Where the
// new owner lives is not followed, so no fix is offered.
void movedGuard() {
  std::error_code ec;
  auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value, but 'ec' is modified before the guard runs; capturing by reference could dangle: the guard is moved from [defer-stale-capture]
  auto g2 = std::move(g);
  ec = reconcile();
}

// The non-const overload of an accessor reads, unless what it returns is
// written: reading the payload of an error wrapper is not a modification.
namespace tl {
template <class T> class expected {
public:
  T &value() & { return Value; }
  const T &value() const & { return Value; }
  T &operator*() { return Value; }
  explicit operator bool() const { return Ok; }
  void reset() { Ok = false; }

private:
  T Value{};
  bool Ok = true;
};
} // namespace tl
void accessorReads(tl::expected<int> result, std::optional<std::error_code> ec) {
  auto g = llvm::make_scope_exit([result, ec] {
    observeFlag(bool(result));
    observeFlag(ec.has_value());
  });
  if (result)
    observeCode(result.value());
  if (ec)
    observe(ec.value(), 0);
  const int &Code = result.value();
  (void)Code;
}
void accessorWrites(tl::expected<int> result, std::optional<std::error_code> ec) {
  auto g = llvm::make_scope_exit([result, ec] {
    // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'result' by value
    // CHECK-MESSAGES: :[[@LINE-2]]:43: warning: scope guard 'g' captures 'ec' by value
    observeFlag(bool(result));
    observeFlag(ec.has_value());
  });
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&result, &ec] {
  result.value() = work();
  fillCode(ec.value());
}
void nonAccessorMemberCall(tl::expected<int> result) {
  auto g = llvm::make_scope_exit([result] { observeFlag(bool(result)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'result' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&result] { observeFlag(bool(result)); });
  result.reset();
}

// A guard declared before the variable it is given a copy of: the
// variable is destroyed first, so a reference would dangle.
struct AssignedDefer {
  std::function<void()> Fn;
  AssignedDefer &operator=(std::function<void()> F) {
    Fn = std::move(F);
    return *this;
  }
  ~AssignedDefer() {
    if (Fn)
      Fn();
  }
};
void guardDeclaredFirst() {
  AssignedDefer d;
  std::error_code ec;
  d = [ec] { observe(ec, 0); };
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: scope guard 'd' captures 'ec' by value, but 'ec' is modified before the guard runs; capturing by reference would dangle: 'ec' is declared after the guard and destroyed before it runs [defer-stale-capture]
  ec = reconcile();
}
void guardDeclaredLater() {
  std::error_code ec;
  AssignedDefer d;
  d = [ec] { observe(ec, 0); };
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: scope guard 'd' captures 'ec' by value, but 'ec' is modified before the guard runs [defer-stale-capture]
  // CHECK-FIXES: d = [&ec] { observe(ec, 0); };
  ec = reconcile();
}

// A call that reaches the variable live as well as copying it keeps the
// copy on purpose: to put it back, or to compare with it.
void setCode(int *Target, int Value) { *Target = Value; }
template <class T> void assignBack(T &Target, const T &Value) { Target = Value; }
void bindRestore() {
  int rc = 0;
  auto restore = gsl::finally(std::bind(&setCode, &rc, rc));
  rc = work();
  std::error_code ec;
  auto back = gsl::finally(
      std::bind(&assignBack<std::error_code>, std::ref(ec), ec));
  ec = reconcile();
}
auto restoreOnExit(std::error_code &Target, std::error_code Saved) {
  return llvm::make_scope_exit([&Target, Saved] { Target = Saved; });
}
void helperRestore() {
  std::error_code ec;
  auto g = restoreOnExit(ec, ec);
  ec = reconcile();
}

// Bound arguments that read the variable when the guard runs.
void observeCodePtr(const std::error_code *ec);
void observeCodeRef(const std::error_code &ec);
void liveBoundArguments() {
  std::error_code ec;
  auto a = gsl::finally(std::bind(&observeCodePtr, std::addressof(ec)));
  auto b = gsl::finally(std::bind(
      &observeCodeRef, std::reference_wrapper<std::error_code>(ec)));
  auto c = gsl::finally(std::bind(
      [](auto Get) { observe(Get(), 0); }, [&] { return ec; }));
  ec = reconcile();
}
void copyingLambdaArgument() {
  std::error_code ec;
  auto c = gsl::finally(std::bind(
      [](auto Get) { observe(Get(), 0); }, [ec] { return ec; }));
  // CHECK-MESSAGES: :[[@LINE-1]]:58: warning: scope guard 'c' binds a value computed from 'ec' when the guard is created
  ec = reconcile();
}

// A parameter already holds its caller's value: passing it on to a
// non-const reference does not fill it in.
struct Request {
  int Id;
  std::string Body;
};
void process(Request &R);
void requestParameter(Request &req, Request copy) {
  auto done = gsl::finally(std::bind(&observeCode, req.Id));
  auto also = llvm::make_scope_exit([id = copy.Id] { observeCode(id); });
  process(req);
  process(copy);
}

// A member operator() that returns a guard: argument 0 is the object.
struct Observer {
  int Id = 0;
  auto operator()(std::error_code Ec) const {
    return llvm::make_scope_exit([Ec, Id = Id] { observe(Ec, Id); });
  }
};
void touch(Observer &O);
void functorHelper() {
  Observer observer;
  std::error_code ec;
  auto g = observer(ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: scope guard 'g' is built by 'operator()', whose guard copies 'ec' here
  ec = reconcile();
  touch(observer);
}

// Classes that keep a reference to the variable and a copy of it restore
// or compare, however the destructor does it.
template <class T> class Rollback {
public:
  explicit Rollback(T &V) : Ref(V), Saved(V) {}
  ~Rollback() { rollback(); }

private:
  void rollback() { Ref = Saved; }
  T &Ref;
  T Saved;
};
class TextRestore {
public:
  explicit TextRestore(std::string &S) : Ref(S), Saved(S) {}
  ~TextRestore() { Ref.swap(Saved); }

private:
  std::string &Ref;
  std::string Saved;
};
class ChangeLogger {
public:
  explicit ChangeLogger(const int &V) : Live(V), AtEntry(V) {}
  ~ChangeLogger() {
    if (Live != AtEntry)
      observeCode(AtEntry);
  }

private:
  const int &Live;
  int AtEntry;
};
void restoreClasses() {
  std::error_code ec;
  Rollback<std::error_code> a(ec);
  std::string text;
  TextRestore b(text);
  int rc = 0;
  ChangeLogger c(rc);
  ec = reconcile();
  text = "temporary";
  rc = work();
}

// A project's own guard holding std::bind's result, whose operator() is a
// template: a guard with a bound argument, not a recorder.
template <class F> class OwnDefer {
public:
  explicit OwnDefer(F Fn) : Fn(std::move(Fn)) {}
  ~OwnDefer() { Fn(); }

private:
  F Fn;
};
void bindIntoOwnGuard() {
  std::error_code ec;
  OwnDefer g(std::bind(&observe, ec, 0L));
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: scope guard 'g' binds a copy of 'ec', but 'ec' is modified before the guard runs [defer-stale-capture]
  // CHECK-FIXES: OwnDefer g(std::bind(&observe, std::cref(ec), 0L));
  ec = reconcile();
}

// A coroutine lambda's captures belong to its closure, which can be gone
// before the coroutine's frame is destroyed.
Task startLater() {
  std::error_code ec;
  return [ec]() mutable -> Task {
    auto g = llvm::make_scope_exit([ec] { observe(ec, 0); });
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: scope guard 'g' captures 'ec' by value, but 'ec' is modified before the guard runs; in a coroutine, 'ec' belongs to the enclosing lambda's closure, which may be gone when the guard runs [defer-stale-capture]
    ec = reconcile();
    co_await std::suspend_always{};
  }();
}

// A macro that passes its argument on to another macro: only the outer
// definition is read, so the argument is not edited.
#define CAT_NAME2(a, b) a##b
#define CAT_NAME(a, b) CAT_NAME2(a, b)
#define WATCH_IMPL(v)                                                          \
  auto CAT_NAME(watch_, __LINE__) =                                            \
      llvm::make_scope_exit([v] { observeCode(v); })
#define WATCH(v) WATCH_IMPL(v)
void nestedMacroArgument() {
  int rc = 0;
  WATCH(rc);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: the scope guard of macro 'WATCH' captures 'rc' by value, but 'rc' is modified before the guard runs; macro 'WATCH' passes the capture on to another macro [defer-stale-capture]
  rc = work();
}

// Init-captures and arguments that hold a pointer or a reference read the
// variable when the guard runs.
void observeStatusPtr(const std::error_code *ec);
template <class T> struct NotNull {
  explicit NotNull(T P) : Ptr(P) {}
  T Ptr;
};
auto observeThrough(NotNull<std::error_code *> Ec) {
  return llvm::make_scope_exit([Ec] { observeStatusPtr(Ec.Ptr); });
}
void liveInitCaptures() {
  std::error_code ec;
  int rc = 0;
  auto a = llvm::make_scope_exit([p = &ec] { observeStatusPtr(p); });
  auto b = llvm::make_scope_exit([r = std::cref(rc)] { observeCode(r); });
  auto c = llvm::make_scope_exit([&e = std::as_const(ec)] { observe(e, 0); });
  auto d = observeThrough(NotNull<std::error_code *>(&ec));
  ec = reconcile();
  rc = work();
}

// A dismissal inside another lambda happens only if that lambda runs.
void dismissInLambda(bool Ok) {
  int rc = 0;
  auto g = llvm::make_scope_exit([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'rc' by value, but 'rc' is modified before the guard runs; capturing by reference could dangle: the guard is captured by another lambda [defer-stale-capture]
  auto commit = [&] { g.release(); };
  rc = work();
  if (Ok)
    commit();
}

// Invoke() runs the callable at once, with the copy as it is then.
void invokedEarly() {
  int rc = 0;
  auto c = absl::MakeCleanup([rc] { observeCode(rc); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: scope guard 'c' captures 'rc' by value, but 'rc' is modified before the guard runs [defer-stale-capture]
  // CHECK-FIXES: auto c = absl::MakeCleanup([&rc] { observeCode(rc); });
  rc = work();
  std::move(c).Invoke();
}
void invokedBeforeTheWrite() {
  int rc = 0;
  auto c = absl::MakeCleanup([rc] { observeCode(rc); });
  std::move(c).Invoke();
  rc = work();
}

// An init-capture that holds the variable's address or a reference to it
// reaches it live: the plain copy beside it is kept to put back.
void restoreThroughInitCapture() {
  int rc = 0;
  auto a = llvm::make_scope_exit([p = &rc, rc] { *p = rc; });
  auto b = llvm::make_scope_exit([&r = rc, rc] { r = rc; });
  rc = work();
}

// The non-const twin of an access operator writes when its result is
// written.
void accessOperatorWrites(std::optional<std::error_code> ec) {
  auto g = llvm::make_scope_exit([ec] { observeFlag(ec.has_value()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: scope guard 'g' captures 'ec' by value
  // CHECK-FIXES: auto g = llvm::make_scope_exit([&ec] { observeFlag(ec.has_value()); });
  if (ec)
    observe(*ec, 0);
  *ec = reconcile();
}

// reset(p) runs the deleter and arms the guard again: it runs once more at
// scope exit, with the copy it held all along.
void resetWithAPointer(int *p, int *q) {
  int rc = 0;
  auto del = [rc](int *x) { observeCode(rc); delete x; };
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: scope guard 'u' captures 'rc' by value
  // CHECK-FIXES: auto del = [&rc](int *x) { observeCode(rc); delete x; };
  std::unique_ptr<int, decltype(del)> u(p, del);
  u.reset(q);
  rc = work();
}

// A project's reset() that only disarms its guard dismisses it.
template <class F> class Disarmable {
public:
  explicit Disarmable(F Fn) : Fn(std::move(Fn)) {}
  ~Disarmable() {
    if (Armed)
      Fn();
  }
  void reset() { Armed = false; }

private:
  F Fn;
  bool Armed = true;
};
void projectResetDisarms() {
  int rc = 0;
  Disarmable g([rc] { observeCode(rc); });
  rc = work();
  g.reset();
}

// reset with a null pointer of any spelling leaves nothing to delete: the
// deleter has run, and a later write is not seen by it.
void resetWithANullPointer(int *p) {
  int rc = 0;
  auto del = [rc](int *x) { observeCode(rc); delete x; };
  std::unique_ptr<int, decltype(del)> u(p, del);
  u.reset((int *)0);
  rc = work();
}
