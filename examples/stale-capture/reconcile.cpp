// A reconcile loop that records its latency and outcome from a scope guard,
// written with the by-value capture mistake: every observation says
// "success". From the repository's root, run the checks on this file with
//   build/bin/defer-tidy --checks='-*,defer-*' FILE -- -std=c++17
// as the README's quick start does.

#include <chrono>
#include <cstdio>
#include <system_error>
#include <utility>

namespace {

using Clock = std::chrono::steady_clock;

/// A project's own guard: runs a callable when the scope ends.
template <typename F> class ScopeExit {
public:
  explicit ScopeExit(F Fn) : Fn(std::move(Fn)) {}
  ScopeExit(const ScopeExit &) = delete;
  ~ScopeExit() { Fn(); }

private:
  F Fn;
};

void observe(const char *Step, std::error_code Ec, Clock::time_point Start) {
  auto Micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    Clock::now() - Start)
                    .count();
  std::printf("%s result=%s latency_us=%lld\n", Step, Ec ? "error" : "success",
              static_cast<long long>(Micros));
}

std::error_code pullMetrics(int Attempt) {
  return Attempt % 3 == 0 ? std::make_error_code(std::errc::timed_out)
                          : std::error_code();
}

std::error_code reconcile(int Attempt) {
  std::error_code Ec;
  auto Start = Clock::now();
  // The lambda copies Ec now, while it is still empty.
  ScopeExit Report([Ec, Start] { observe("reconcile", Ec, Start); });
  Ec = pullMetrics(Attempt);
  return Ec;
}

} // namespace

int main() {
  for (int Attempt = 1; Attempt <= 6; ++Attempt)
    reconcile(Attempt);
}
