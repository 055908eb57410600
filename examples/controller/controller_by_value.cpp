// The controller with the mistake: each scope guard copies its outcome
// variable when it is created, so every call is recorded as a success.
// Lines marked "stale:" name the variables the checks must report there.
#include "controller.h"

#include <absl/cleanup/cleanup.h>

#include <cerrno>

namespace controller {

namespace {

using Clock = SimulatedClock;

// The common hand-written recording: look the series up at every exit.
void observe(prometheus::Family<prometheus::Histogram> &family,
             prometheus::Labels labels, bool succeeded,
             Clock::time_point start) {
  labels.emplace("result", succeeded ? "success" : "error");
  const std::chrono::duration<double> elapsed = Clock::now() - start;
  family.Add(labels, ControllerFamilies::Buckets).Observe(elapsed.count());
}

} // namespace

std::error_code ByValueController::reconcile(const Autoscaler &hpa) {
  const Clock::time_point start = Clock::now();
  std::error_code ec;
  absl::Cleanup report = [this, ec, start] { // stale: ec
    observe(families_.reconcile, {}, !ec, start);
  };

  ec = scaleToDemand(hpa);
  return ec;
}

bool ByValueController::readReplicas(const std::string &workload,
                                     int &replicas) {
  const Clock::time_point start = Clock::now();
  bool ok = true;
  absl::Cleanup done = [=] {
    observe(families_.calls, {{"call", "get_scale"}}, ok, start); // stale: ok
  };

  ok = cluster_.getScale(workload, replicas);
  return ok;
}

absl::Status
ByValueController::readPodMetrics(const std::string &workload,
                                  std::vector<double> &utilization) {
  const Clock::time_point start = Clock::now();
  absl::Status status;
  auto done = absl::MakeCleanup([this, start, status] { // stale: status
    observe(families_.calls, {{"call", "list_pod_metrics"}}, status.ok(),
            start);
  });

  status = cluster_.listPodMetrics(workload, utilization);
  return status;
}

int ByValueController::pullMetric(const std::string &name, double &value) {
  const Clock::time_point start = Clock::now();
  int rc = 0;
  absl::Cleanup done = [this, rc, start] { // stale: rc
    observe(families_.calls, {{"call", "pull_metric"}}, rc == 0, start);
  };

  rc = cluster_.pullMetric(name, value);
  return rc;
}

} // namespace controller
