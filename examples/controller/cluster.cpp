// The simulated cluster: its autoscalers, its fault plan and the latencies
// of its calls.
#include "cluster.h"

#include <cerrno>
#include <stdexcept>

namespace controller {

using std::chrono::microseconds;

void CallLog::record(const std::string &call, bool succeeded) {
  std::pair<std::uint64_t, std::uint64_t> &entry = counts_[call];
  ++(succeeded ? entry.first : entry.second);
}

std::vector<Autoscaler> Cluster::autoscalers() {
  return {{"frontend", "frontend", "http_requests_queued", 2, 10, 0.6},
          {"checkout", "checkout", "orders_queued", 2, 8, 0.5},
          {"search", "search", "queries_queued", 3, 12, 0.7},
          {"ingest", "ingest", "events_queued", 1, 20, 0.8},
          {"reports", "reports-v2", "reports_queued", 1, 4, 0.5}};
}

bool Cluster::getScale(const std::string &workload, int &replicas) {
  SimulatedClock::advance(microseconds(3200));
  // "reports-v2" was never deployed; "checkout" loses a write race every
  // third round.
  const bool ok =
      workload != "reports-v2" && !(workload == "checkout" && round_ % 3 == 2);
  if (ok) {
    auto [entry, inserted] = replicas_.try_emplace(workload, 3);
    replicas = entry->second;
  }
  calls_.record("get_scale", ok);
  return ok;
}

absl::Status Cluster::listPodMetrics(const std::string &workload,
                                     std::vector<double> &utilization) {
  if (workload == "ingest" && round_ % 4 == 3) {
    SimulatedClock::advance(microseconds(30000));
    calls_.record("list_pod_metrics", false);
    throw std::runtime_error("metrics API timed out");
  }
  SimulatedClock::advance(microseconds(11800));
  if (workload == "ingest" && round_ % 4 == 1) {
    calls_.record("list_pod_metrics", false);
    return absl::UnavailableError("metrics for ingest pods are not ready");
  }
  const int pods = replicas_.count(workload) ? replicas_[workload] : 1;
  utilization.assign(static_cast<std::size_t>(pods),
                     0.3 + 0.1 * ((round_ + pods) % 7));
  calls_.record("list_pod_metrics", true);
  return absl::OkStatus();
}

int Cluster::pullMetric(const std::string &name, double &value) {
  if (name == "queries_queued" && round_ % 2 == 1) {
    SimulatedClock::advance(microseconds(24000));
    calls_.record("pull_metric", false);
    return EAGAIN;
  }
  SimulatedClock::advance(microseconds(5600));
  value = 10.0 * (round_ % 5);
  calls_.record("pull_metric", true);
  return 0;
}

void Cluster::setDesiredReplicas(const std::string &workload, int replicas) {
  SimulatedClock::advance(microseconds(800));
  replicas_[workload] = replicas;
}

} // namespace controller
