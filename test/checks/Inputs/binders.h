// Stand-ins for the APIs that copy their arguments when a guard is built
// (Loki's and wxWidgets' MakeGuard, Chromium's BindOnce, absl::bind_front)
// and for the clocks of Abseil and Chromium, in the shapes the real ones
// have. std::bind and the standard clocks come from the real headers.
#pragma once

#include <chrono>
#include <functional>
#include <utility>

// Loki: each argument is copied into a const member of the guard, which is
// bound to a reference to its base.
namespace Loki {
class ScopeGuardImplBase {
protected:
  ~ScopeGuardImplBase() {}
  mutable bool dismissed_ = false;

public:
  void Dismiss() const { dismissed_ = true; }
};
typedef const ScopeGuardImplBase &ScopeGuard;
template <typename F, typename P1>
class ScopeGuardImpl1 : public ScopeGuardImplBase {
public:
  ScopeGuardImpl1(const F &fun, const P1 &p1) : fun_(fun), p1_(p1) {}
  ~ScopeGuardImpl1() {
    if (!dismissed_)
      fun_(p1_);
  }

private:
  F fun_;
  const P1 p1_;
};
template <typename F, typename P1>
inline ScopeGuardImpl1<F, P1> MakeGuard(F fun, P1 p1) {
  return ScopeGuardImpl1<F, P1>(fun, p1);
}
} // namespace Loki
#define LOKI_CONCAT_(a, b) a##b
#define LOKI_CONCAT(a, b) LOKI_CONCAT_(a, b)
#define LOKI_ON_BLOCK_EXIT                                                     \
  ::Loki::ScopeGuard LOKI_CONCAT(scopeGuard, __LINE__) = ::Loki::MakeGuard

// wxWidgets: the Loki design under other names.
class wxScopeGuardImplBase {
public:
  void Dismiss() const { m_wasDismissed = true; }

protected:
  ~wxScopeGuardImplBase() {}
  mutable bool m_wasDismissed = false;
};
typedef const wxScopeGuardImplBase &wxScopeGuard;
template <class F, class P1>
class wxScopeGuardImpl1 : public wxScopeGuardImplBase {
public:
  wxScopeGuardImpl1(F fun, P1 p1) : m_fun(fun), m_p1(p1) {}
  ~wxScopeGuardImpl1() {
    if (!m_wasDismissed)
      m_fun(m_p1);
  }

private:
  F m_fun;
  const P1 m_p1;
};
template <class F, class P1>
inline wxScopeGuardImpl1<F, P1> wxMakeGuard(F fun, P1 p1) {
  return wxScopeGuardImpl1<F, P1>(fun, p1);
}
#define wxON_BLOCK_EXIT1(f, p1)                                                \
  wxScopeGuard LOKI_CONCAT(wxGuard_, __LINE__) = wxMakeGuard(f, p1)

// Chromium: BindOnce copies the bound arguments into the callback; a
// ScopedClosureRunner runs the callback when it dies.
namespace base {
class TimeDelta {
public:
  constexpr TimeDelta() = default;
  constexpr explicit TimeDelta(long long us) : us_(us) {}
  long long InMicroseconds() const { return us_; }

private:
  long long us_ = 0;
};
class TimeTicks {
public:
  static TimeTicks Now();
  TimeDelta operator-(TimeTicks other) const {
    return TimeDelta(us_ - other.us_);
  }
  TimeTicks operator-(TimeDelta d) const {
    TimeTicks t;
    t.us_ = us_ - d.InMicroseconds();
    return t;
  }

private:
  long long us_ = 0;
};
class OnceClosure {
public:
  OnceClosure() = default;
  template <typename F> OnceClosure(F f) : run_(std::move(f)) {}
  void Run() && { run_(); }

private:
  std::function<void()> run_;
};
template <typename F, typename... Args>
OnceClosure BindOnce(F f, Args... args) {
  return OnceClosure([f, args...] { f(args...); });
}
class ScopedClosureRunner {
public:
  explicit ScopedClosureRunner(OnceClosure closure)
      : closure_(std::move(closure)) {}
  ~ScopedClosureRunner() { std::move(closure_).Run(); }

private:
  OnceClosure closure_;
};
} // namespace base

// Abseil's clock and bind_front.
namespace absl {
class Duration {
public:
  long long nanos = 0;
};
class Time {
public:
  Duration operator-(Time other) const { return Duration{nanos - other.nanos}; }
  Time operator-(Duration d) const { return Time{nanos - d.nanos}; }
  long long nanos = 0;
};
Time Now();
template <typename F, typename... Args> auto bind_front(F f, Args... args) {
  return [f, args...](auto &&...rest) {
    return f(args..., std::forward<decltype(rest)>(rest)...);
  };
}
} // namespace absl
