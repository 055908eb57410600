// RUN: %check_clang_tidy %s defer-eager-evaluation %t -- -- -I%mocks
//
// The clocks and the elapsed-time computations the check knows: a
// difference with a clock read, its conversions, and helpers whose body
// computes one from a time they are given.

#include "binders.h"
#include "guards.h"

#include <chrono>
#include <ctime>
#include <sys/time.h>
#include <time.h>

namespace chr = std::chrono;
void recordDuration(chr::nanoseconds elapsed);
void recordSeconds(double seconds);
void recordCount(long long count);
void recordTime(std::time_t t);
void recordPoint(chr::system_clock::time_point t);

void standardClocks() {
  auto steady = chr::steady_clock::now();
  auto system = chr::system_clock::now();
  auto high = chr::high_resolution_clock::now();
  LOKI_ON_BLOCK_EXIT(&recordDuration, chr::steady_clock::now() - steady);
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: the elapsed time since 'steady' is computed when the scope guard of macro 'LOKI_ON_BLOCK_EXIT' is created
  LOKI_ON_BLOCK_EXIT(&recordDuration, chr::system_clock::now() - system);
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: the elapsed time since 'system'
  LOKI_ON_BLOCK_EXIT(&recordDuration, chr::high_resolution_clock::now() - high);
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: the elapsed time since 'high'
}

void conversions() {
  auto start = chr::steady_clock::now();
  LOKI_ON_BLOCK_EXIT(&recordCount,
                     chr::duration_cast<chr::milliseconds>(
                         chr::steady_clock::now() - start)
                         .count());
  // CHECK-MESSAGES: :[[@LINE-2]]:26: warning: the elapsed time since 'start'
  LOKI_ON_BLOCK_EXIT(&recordSeconds,
                     chr::duration<double>(chr::steady_clock::now() - start)
                         .count());
  // CHECK-MESSAGES: :[[@LINE-2]]:44: warning: the elapsed time since 'start'
  // Two time points of different precisions are still two time points.
  LOKI_ON_BLOCK_EXIT(
      &recordDuration,
      chr::time_point_cast<chr::seconds>(chr::steady_clock::now()) - start);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the elapsed time since 'start'
}

void cClocks() {
  std::time_t begin = std::time(nullptr);
  LOKI_ON_BLOCK_EXIT(&recordTime, std::time(nullptr) - begin);
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: the elapsed time since 'begin'
  LOKI_ON_BLOCK_EXIT(&recordSeconds, std::difftime(std::time(nullptr), begin));
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: the elapsed time since 'begin'
}

void abslAndChromiumClocks() {
  absl::Time start = absl::Now();
  auto a = absl::MakeCleanup(
      absl::bind_front([](absl::Duration) {}, absl::Now() - start));
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: the elapsed time since 'start'
  base::TimeTicks ticks = base::TimeTicks::Now();
  auto b = absl::MakeCleanup(std::bind([](base::TimeDelta) {},
                                       base::TimeTicks::Now() - ticks));
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: the elapsed time since 'ticks'
}

// Helpers computing the time elapsed since the time they are given.
double secondsSince(chr::steady_clock::time_point start) {
  return chr::duration<double>(chr::steady_clock::now() - start).count();
}
long elapsedMs(const timeval &start) {
  timeval now;
  gettimeofday(&now, nullptr);
  return (now.tv_sec - start.tv_sec) * 1000 + (now.tv_usec - start.tv_usec) / 1000;
}
long elapsedNs(timespec start) {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - start.tv_sec) * 1000000000L + now.tv_nsec - start.tv_nsec;
}
double millisecondsSince(chr::steady_clock::time_point start) {
  return secondsSince(start) * 1000;
}
void recordMs(long ms);

void helpers() {
  auto start = chr::steady_clock::now();
  timeval tv;
  gettimeofday(&tv, nullptr);
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  LOKI_ON_BLOCK_EXIT(&recordSeconds, secondsSince(start));
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'secondsSince' computes the elapsed time since 'start' when the scope guard of macro 'LOKI_ON_BLOCK_EXIT' is created, not when it runs at scope exit
  LOKI_ON_BLOCK_EXIT(&recordMs, elapsedMs(tv));
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'elapsedMs' computes the elapsed time since 'tv'
  LOKI_ON_BLOCK_EXIT(&recordMs, elapsedNs(ts));
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'elapsedNs' computes the elapsed time since 'ts'
  LOKI_ON_BLOCK_EXIT(&recordSeconds, millisecondsSince(start));
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'millisecondsSince' computes the elapsed time since 'start'
}

// Not elapsed times: a clock read on its own, a deadline in the past (a
// time point minus a duration), time since the epoch, a constant offset.
long offsetOf(long value) { return value - 5; }
chr::system_clock::time_point minusOne(chr::system_clock::time_point t) {
  return t - chr::seconds(1);
}
// A time point minus a duration of another type is a time point of another
// type, and still a time point: a cutoff, not an elapsed time.
using FloatPoint =
    chr::time_point<chr::steady_clock, chr::duration<double, std::nano>>;
void recordCutoff(FloatPoint cutoff);
void recordSteadyPoint(chr::steady_clock::time_point t);
FloatPoint cutoffBefore(double maxAgeSeconds) {
  return chr::steady_clock::now() - chr::duration<double>(maxAgeSeconds);
}
void timePointMinusDuration(double maxAgeSeconds, long graceMs) {
  LOKI_ON_BLOCK_EXIT(&recordCutoff, chr::steady_clock::now() -
                                        chr::duration<double>(maxAgeSeconds));
  LOKI_ON_BLOCK_EXIT(&recordSteadyPoint,
                     chr::time_point_cast<chr::seconds>(
                         chr::steady_clock::now()) -
                         chr::milliseconds(graceMs));
  LOKI_ON_BLOCK_EXIT(&recordCutoff, cutoffBefore(maxAgeSeconds));
  absl::Duration maxAge;
  auto a = absl::MakeCleanup(
      absl::bind_front([](absl::Time) {}, absl::Now() - maxAge));
  base::TimeDelta window(100);
  auto b = absl::MakeCleanup(std::bind([](base::TimeTicks) {},
                                       base::TimeTicks::Now() - window));
}
void notElapsed() {
  const std::time_t kEpochOffset = 86400;
  LOKI_ON_BLOCK_EXIT(&recordPoint, chr::system_clock::now());
  LOKI_ON_BLOCK_EXIT(&recordPoint, chr::system_clock::now() - chr::hours(1));
  auto window = chr::hours(2);
  LOKI_ON_BLOCK_EXIT(&recordPoint, chr::system_clock::now() - window);
  LOKI_ON_BLOCK_EXIT(&recordDuration, chr::system_clock::now() -
                                          chr::system_clock::time_point());
  LOKI_ON_BLOCK_EXIT(&recordTime, std::time(nullptr) - 60);
  LOKI_ON_BLOCK_EXIT(&recordTime, std::time(nullptr) - kEpochOffset);
  LOKI_ON_BLOCK_EXIT(&recordMs, offsetOf(std::time(nullptr)));
  LOKI_ON_BLOCK_EXIT(&recordPoint, minusOne(chr::system_clock::now()));
  auto start = chr::steady_clock::now();
  // The start time, minus the clock: a time remaining, not an elapsed one.
  LOKI_ON_BLOCK_EXIT(&recordDuration, start - chr::steady_clock::now());
  // Computed with the helper, but from a clock read just made.
  LOKI_ON_BLOCK_EXIT(&recordSeconds, secondsSince(chr::steady_clock::now()));
}
