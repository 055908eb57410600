// A simulated cluster for the controller example: workloads, their pods'
// metrics and a metrics API, with a fixed plan of failing calls and a
// virtual clock, so every run makes the same calls with the same latencies.
#ifndef DEFER_EXAMPLE_CLUSTER_H
#define DEFER_EXAMPLE_CLUSTER_H

#include <absl/status/status.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace controller {

/// A clock that only the simulated cluster moves: each call advances it by
/// the call's simulated latency.
struct SimulatedClock {
  using duration = std::chrono::microseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<SimulatedClock>;
  static constexpr bool is_steady = true;

  static time_point now() noexcept { return Now; }
  static void advance(duration step) noexcept { Now += step; }
  static void reset() noexcept { Now = time_point(); }

  static inline time_point Now{};
};

/// A HorizontalPodAutoscaler-like object: scale `workload` so that its
/// pods' average CPU use is near `targetUtilization`.
struct Autoscaler {
  std::string name;
  std::string workload;
  std::string queueMetric;
  int minReplicas;
  int maxReplicas;
  double targetUtilization;
};

/// How many calls of each kind succeeded and failed, as the cluster saw
/// them: the truth the exported metrics are compared with.
class CallLog {
public:
  void record(const std::string &call, bool succeeded);
  /// (successes, failures) by call.
  const std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> &
  all() const {
    return counts_;
  }

private:
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> counts_;
};

/// The cluster the controller talks to. Which calls fail depends only on
/// the round and the workload, so two controllers run over fresh clusters
/// see identical failures.
class Cluster {
public:
  /// The autoscalers the example reconciles every round.
  static std::vector<Autoscaler> autoscalers();

  void startRound(int round) { round_ = round; }

  /// Reads the workload's current replica count; false when the scale
  /// subresource cannot be read.
  bool getScale(const std::string &workload, int &replicas);

  /// Lists the CPU utilisation of the workload's pods. Fails with a status,
  /// or throws std::runtime_error when the metrics API times out.
  absl::Status listPodMetrics(const std::string &workload,
                              std::vector<double> &utilization);

  /// Pulls one external metric; returns 0 on success or an errno value.
  int pullMetric(const std::string &name, double &value);

  /// Records the replica count the controller decided on.
  void setDesiredReplicas(const std::string &workload, int replicas);

  const CallLog &calls() const { return calls_; }
  CallLog &calls() { return calls_; }

private:
  int round_ = 0;
  CallLog calls_;
  std::map<std::string, int> replicas_;
};

} // namespace controller

#endif // DEFER_EXAMPLE_CLUSTER_H
