// The controller with the library: each ScopedObservation reads its outcome
// by reference when the scope exits, and records an exception as an error.
// Each function returns its outcome through finish(), which records the
// value returned; `return status;` would move the absl::Status before the
// observation reads it, and a moved-from absl::Status is an error.
#include "controller.h"

#include <utility>

namespace controller {

namespace {

defer::metrics::ResultLatency callLatency(ControllerFamilies &families,
                                          const std::string &call) {
  return defer::metrics::ResultLatency(families.calls, {{"call", call}},
                                       ControllerFamilies::Buckets);
}

} // namespace

ScopedController::ScopedController(Cluster &cluster,
                                   prometheus::Registry &registry)
    : Controller(cluster, registry),
      reconcileLatency_(families_.reconcile, {}, ControllerFamilies::Buckets),
      scaleReadLatency_(callLatency(families_, "get_scale")),
      podMetricsLatency_(callLatency(families_, "list_pod_metrics")),
      metricPullLatency_(callLatency(families_, "pull_metric")) {}

std::error_code ScopedController::reconcile(const Autoscaler &hpa) {
  std::error_code ec;
  Timed<std::error_code> observation(reconcileLatency_, ec);

  ec = scaleToDemand(hpa);
  return observation.finish(ec);
}

bool ScopedController::readReplicas(const std::string &workload,
                                    int &replicas) {
  bool ok = true;
  Timed<bool> observation(scaleReadLatency_, ok);

  ok = cluster_.getScale(workload, replicas);
  return observation.finish(ok);
}

absl::Status
ScopedController::readPodMetrics(const std::string &workload,
                                 std::vector<double> &utilization) {
  absl::Status status;
  Timed<absl::Status> observation(podMetricsLatency_, status);

  status = cluster_.listPodMetrics(workload, utilization);
  return observation.finish(std::move(status));
}

int ScopedController::pullMetric(const std::string &name, double &value) {
  int rc = 0;
  Timed<int> observation(metricPullLatency_, rc);

  rc = cluster_.pullMetric(name, value);
  return observation.finish(rc);
}

} // namespace controller
