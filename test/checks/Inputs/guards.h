// Stand-ins for guard libraries that Debian does not package (folly, WIL,
// Envoy, RocksDB's Defer, ...) or that the mock suite should not depend on.
// Each keeps the shape the catalogue describes: the class name, how the
// callable is stored and where the destructor calls it.
#pragma once

#include <functional>
#include <type_traits>
#include <utility>

namespace llvm {
namespace detail {
template <typename Callable> class scope_exit {
  Callable ExitFunction;
  bool Engaged = true;

public:
  template <typename Fp>
  explicit scope_exit(Fp &&F) : ExitFunction(std::forward<Fp>(F)) {}
  scope_exit(scope_exit &&Rhs)
      : ExitFunction(std::move(Rhs.ExitFunction)), Engaged(Rhs.Engaged) {
    Rhs.release();
  }
  void release() { Engaged = false; }
  ~scope_exit() {
    if (Engaged)
      ExitFunction();
  }
};
} // namespace detail
template <typename Callable>
detail::scope_exit<std::decay_t<Callable>> make_scope_exit(Callable &&F) {
  return detail::scope_exit<std::decay_t<Callable>>(std::forward<Callable>(F));
}
} // namespace llvm

namespace absl {
namespace cleanup_internal {
struct Tag {};
template <typename Callback> class Storage {
  Callback callback_;
  bool engaged_ = true;

public:
  explicit Storage(Callback cb) : callback_(std::move(cb)) {}
  void InvokeCallback() { std::move(callback_)(); }
  void DisengageCallback() { engaged_ = false; }
  bool IsCallbackEngaged() const { return engaged_; }
};
} // namespace cleanup_internal
template <typename Arg, typename Callback = void()> class Cleanup {
  cleanup_internal::Storage<Callback> storage_;

public:
  Cleanup(Callback callback) : storage_(std::move(callback)) {}
  Cleanup(Cleanup &&) = default;
  void Cancel() && { storage_.DisengageCallback(); }
  void Invoke() && {
    storage_.InvokeCallback();
    storage_.DisengageCallback();
  }
  ~Cleanup() {
    if (storage_.IsCallbackEngaged())
      storage_.InvokeCallback();
  }
};
template <typename Callback>
Cleanup(Callback) -> Cleanup<cleanup_internal::Tag, Callback>;
template <typename... Args, typename Callback>
Cleanup<cleanup_internal::Tag, Callback> MakeCleanup(Callback callback) {
  return {std::move(callback)};
}

class Status {
public:
  Status() = default;
  bool ok() const { return code_ == 0; }
  int raw_code() const { return code_; }
  void Update(const Status &Other) {
    if (ok())
      code_ = Other.code_;
  }
  static Status Error(int C) {
    Status S;
    S.code_ = C;
    return S;
  }

private:
  int code_ = 0;
};
} // namespace absl

namespace gsl {
template <class F> class final_action {
public:
  explicit final_action(F &&ff) noexcept : f{std::move(ff)} {}
  final_action(final_action &&other) noexcept
      : f(std::move(other.f)), invoke(other.invoke) {
    other.invoke = false;
  }
  ~final_action() noexcept {
    if (invoke)
      f();
  }

private:
  F f;
  bool invoke = true;
};
template <class F>
final_action<std::remove_cv_t<std::remove_reference_t<F>>> finally(F &&f) {
  return final_action<std::remove_cv_t<std::remove_reference_t<F>>>(
      std::forward<F>(f));
}
} // namespace gsl

// folly: makeGuard and the SCOPE_EXIT macro, which always captures [&].
namespace folly {
namespace detail {
class ScopeGuardImplBase {
public:
  void dismiss() noexcept { dismissed_ = true; }

protected:
  bool dismissed_ = false;
};
template <typename FunctionType, bool InvokeNoexcept>
class ScopeGuardImpl : public ScopeGuardImplBase {
public:
  explicit ScopeGuardImpl(FunctionType fn) : function_(std::move(fn)) {}
  ScopeGuardImpl(ScopeGuardImpl &&other) : function_(std::move(other.function_)) {
    other.dismissed_ = true;
  }
  ~ScopeGuardImpl() noexcept(InvokeNoexcept) {
    if (!dismissed_)
      execute();
  }

private:
  void execute() noexcept(InvokeNoexcept) { function_(); }
  FunctionType function_;
};
enum class ScopeGuardOnExit {};
template <typename FunctionType>
ScopeGuardImpl<std::decay_t<FunctionType>, true>
operator+(ScopeGuardOnExit, FunctionType &&fn) {
  return ScopeGuardImpl<std::decay_t<FunctionType>, true>(
      std::forward<FunctionType>(fn));
}
} // namespace detail
template <typename F>
detail::ScopeGuardImpl<std::decay_t<F>, true> makeGuard(F &&f) {
  return detail::ScopeGuardImpl<std::decay_t<F>, true>(std::forward<F>(f));
}
} // namespace folly
#define FOLLY_CONCAT_(a, b) a##b
#define FOLLY_CONCAT(a, b) FOLLY_CONCAT_(a, b)
#define SCOPE_EXIT                                                             \
  auto FOLLY_CONCAT(SCOPE_EXIT_STATE, __LINE__) =                              \
      ::folly::detail::ScopeGuardOnExit() + [&]() noexcept

// Boost.Scope (1.85+): the action and an optional condition functor.
namespace boost::scope {
struct always_true {
  bool operator()() const noexcept { return true; }
};
template <typename Func, typename Cond = always_true> class scope_exit {
public:
  template <typename F> explicit scope_exit(F &&f) : func_(std::forward<F>(f)) {}
  template <typename F, typename C>
  scope_exit(F &&f, C &&c) : func_(std::forward<F>(f)), cond_(std::forward<C>(c)) {}
  ~scope_exit() {
    if (active_ && cond_())
      func_();
  }
  void set_active(bool a) { active_ = a; }

private:
  Func func_;
  Cond cond_;
  bool active_ = true;
};
template <typename F> scope_exit(F) -> scope_exit<F>;
template <typename F, typename C> scope_exit(F, C) -> scope_exit<F, C>;
} // namespace boost::scope

// Library fundamentals v3, as libstdc++ 13 spells it.
namespace std::experimental {
inline namespace fundamentals_v3 {
template <class EF> class scope_exit {
public:
  template <class Fn> explicit scope_exit(Fn &&fn) : exit_function(std::forward<Fn>(fn)) {}
  ~scope_exit() {
    if (execute_on_destruction)
      exit_function();
  }
  void release() noexcept { execute_on_destruction = false; }

private:
  EF exit_function;
  bool execute_on_destruction = true;
};
template <class EF> scope_exit(EF) -> scope_exit<EF>;
} // namespace fundamentals_v3
} // namespace std::experimental

// Microsoft WIL: the class name is an implementation detail; the factory
// is what users write.
namespace wil {
namespace details {
template <typename TLambda> class lambda_call {
public:
  explicit lambda_call(TLambda &&lambda) : m_lambda(std::move(lambda)) {}
  lambda_call(lambda_call &&other) : m_lambda(std::move(other.m_lambda)) {
    other.m_call = false;
  }
  ~lambda_call() { reset(); }
  void release() { m_call = false; }
  void reset() {
    if (m_call) {
      m_call = false;
      m_lambda();
    }
  }

private:
  TLambda m_lambda;
  bool m_call = true;
};
} // namespace details
template <typename TLambda> auto scope_exit(TLambda &&lambda) {
  return details::lambda_call<TLambda>(std::forward<TLambda>(lambda));
}
} // namespace wil

// Type-erased guards: Envoy's Cleanup and RocksDB's Defer.
namespace Envoy {
class Cleanup {
public:
  Cleanup(std::function<void()> f) : f_(std::move(f)) {}
  ~Cleanup() {
    if (!cancelled_)
      f_();
  }
  void cancel() { cancelled_ = true; }

private:
  std::function<void()> f_;
  bool cancelled_ = false;
};
} // namespace Envoy
namespace rocksdb {
class Defer final {
public:
  explicit Defer(std::function<void()> &&fn) : fn_(std::move(fn)) {}
  ~Defer() { fn_(); }

private:
  std::function<void()> fn_;
};
} // namespace rocksdb

// Qt's QScopeGuard, in the global namespace.
template <typename F> class QScopeGuard {
public:
  explicit QScopeGuard(F &&f) noexcept : m_func(std::move(f)) {}
  QScopeGuard(QScopeGuard &&other) noexcept
      : m_func(std::move(other.m_func)), m_invoke(other.m_invoke) {
    other.dismiss();
  }
  ~QScopeGuard() noexcept {
    if (m_invoke)
      m_func();
  }
  void dismiss() noexcept { m_invoke = false; }

private:
  F m_func;
  bool m_invoke = true;
};
template <typename F> QScopeGuard<std::decay_t<F>> qScopeGuard(F &&f) {
  return QScopeGuard<std::decay_t<F>>(std::forward<F>(f));
}

// A project's own guard, as often written by hand: not in any list.
template <typename F> struct Deferred {
  F Fn;
  ~Deferred() { Fn(); }
};
template <typename F> Deferred<F> deferCall(F Fn) { return {std::move(Fn)}; }

// Guards that derive from their callable instead of storing it, called as
// the base's operator() or as the object itself (mpd's ScopeExitGuard).
template <typename F> class InheritingGuard : F {
public:
  explicit InheritingGuard(F &&Fn) : F(std::forward<F>(Fn)) {}
  ~InheritingGuard() { F::operator()(); }
};
struct InheritingTag {};
template <typename F> InheritingGuard<F> operator+(InheritingTag, F &&Fn) {
  return InheritingGuard<F>(std::forward<F>(Fn));
}
#define AT_SCOPE_EXIT(...)                                                     \
  auto STRING_JOIN2(at_scope_exit_, __LINE__) = InheritingTag() + [__VA_ARGS__]
template <typename F> struct SelfCallingGuard : F {
  ~SelfCallingGuard() { (*this)(); }
};
template <typename F> SelfCallingGuard<F> callOnExit(F Fn) {
  return {std::move(Fn)};
}
// A class that derives from a callable but never calls it: not a guard.
template <typename F> struct HoldsCallable : F {};
template <typename F> HoldsCallable<F> holdCallable(F Fn) {
  return {std::move(Fn)};
}

// The widely copied SCOPE_EXIT(code) macro that hides a by-value capture,
// and the defer(code) macro that captures by reference.
template <typename F> struct ScopeExit {
  ScopeExit(F f) : f(f) {}
  ~ScopeExit() { f(); }
  F f;
};
template <typename F> ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }
#define STRING_JOIN2(arg1, arg2) DO_STRING_JOIN2(arg1, arg2)
#define DO_STRING_JOIN2(arg1, arg2) arg1##arg2
#define COPYING_SCOPE_EXIT(code)                                               \
  auto STRING_JOIN2(scope_exit_, __LINE__) = MakeScopeExit([=]() { code; })
#define defer(code)                                                            \
  auto STRING_JOIN2(_defer_, __LINE__) = MakeScopeExit([&]() { code; })

// Yandex util's Y_SCOPE_EXIT pastes the user's capture list into a lambda.
namespace NPrivate {
template <typename F> class TScopeGuard {
public:
  TScopeGuard(F f) : Function_(std::move(f)) {}
  ~TScopeGuard() { Function_(); }

private:
  F Function_;
};
struct TMakeGuardHelper {
  template <class F> TScopeGuard<F> operator|(F &&f) const {
    return std::forward<F>(f);
  }
};
} // namespace NPrivate
#define Y_SCOPE_EXIT(...)                                                      \
  const auto STRING_JOIN2(scopeGuard, __LINE__) =                              \
      ::NPrivate::TMakeGuardHelper{} | [__VA_ARGS__]() mutable -> void
