// What both controllers share: their metric families, the reconcile steps
// and the scaling rule.
#include "controller.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace controller {

const prometheus::Histogram::BucketBoundaries ControllerFamilies::Buckets = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1};

ControllerFamilies::ControllerFamilies(prometheus::Registry &registry)
    : reconcile(prometheus::BuildHistogram()
                    .Name("autoscaler_reconcile_duration_seconds")
                    .Help("Time to reconcile one autoscaler.")
                    .Labels({{"controller", "hpa"}})
                    .Register(registry)),
      calls(prometheus::BuildHistogram()
                .Name("autoscaler_cluster_call_duration_seconds")
                .Help("Time of one call from the autoscaler to the cluster.")
                .Labels({{"controller", "hpa"}})
                .Register(registry)) {}

int desiredReplicas(const Autoscaler &hpa, int current,
                    const std::vector<double> &utilization, double queued) {
  const double average =
      utilization.empty()
          ? hpa.targetUtilization
          : std::accumulate(utilization.begin(), utilization.end(), 0.0) /
                static_cast<double>(utilization.size());
  const double byCpu = current * average / hpa.targetUtilization;
  const double byQueue = queued / 10.0;
  const int wanted = static_cast<int>(std::ceil(std::max(byCpu, byQueue)));
  return std::clamp(wanted, hpa.minReplicas, hpa.maxReplicas);
}

std::error_code Controller::scaleToDemand(const Autoscaler &hpa) {
  int replicas = 0;
  if (!readReplicas(hpa.workload, replicas))
    return std::make_error_code(std::errc::no_such_device);

  std::vector<double> utilization;
  if (!readPodMetrics(hpa.workload, utilization).ok())
    return std::make_error_code(std::errc::resource_unavailable_try_again);

  double queued = 0;
  if (pullMetric(hpa.queueMetric, queued) != 0)
    return std::make_error_code(std::errc::timed_out);

  cluster_.setDesiredReplicas(
      hpa.workload, desiredReplicas(hpa, replicas, utilization, queued));
  return {};
}

} // namespace controller
