// The controller with the library: each ScopedObservation reads its outcome
// by reference when the scope exits, and records an exception as an error.
#include "controller.h"

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
  return ec;
}

bool ScopedController::readReplicas(const std::string &workload,
                                    int &replicas) {
  bool ok = true;
  Timed<bool> observation(scaleReadLatency_, ok);

  ok = cluster_.getScale(workload, replicas);
  return ok;
}

absl::Status
ScopedController::readPodMetrics(const std::string &workload,
                                 std::vector<double> &utilization) {
  absl::Status status;
  Timed<absl::Status> observation(podMetricsLatency_, status);

  status = cluster_.listPodMetrics(workload, utilization);
  return status;
}

int ScopedController::pullMetric(const std::string &name, double &value) {
  int rc = 0;
  Timed<int> observation(metricPullLatency_, rc);

  rc = cluster_.pullMetric(name, value);
  return rc;
}

} // namespace controller
