// The autoscaling controller of the example, written twice: once with scope
// guards that copy their outcome (the mistake), once with ScopedObservation.
#ifndef DEFER_EXAMPLE_CONTROLLER_H
#define DEFER_EXAMPLE_CONTROLLER_H

#include "cluster.h"

#include "defer/metrics/result_latency.h"
#include "defer/metrics/scoped_observation.h"

#include <absl/status/status.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>
#include <system_error>
#include <vector>

namespace controller {

/// The metric families both controllers export, with the same names, help
/// texts and buckets.
struct ControllerFamilies {
  explicit ControllerFamilies(prometheus::Registry &registry);

  /// Processing latency of one reconciliation.
  prometheus::Family<prometheus::Histogram> &reconcile;
  /// Latency of one call to the cluster, labelled `call`.
  prometheus::Family<prometheus::Histogram> &calls;
  static const prometheus::Histogram::BucketBoundaries Buckets;
};

/// The replica count that brings average utilisation to the target.
int desiredReplicas(const Autoscaler &hpa, int current,
                    const std::vector<double> &utilization, double queued);

/// The controller logic both versions share: read the workload's replicas,
/// its pods' metrics and a queue metric, then set the replica count. The
/// versions differ only in how they time the calls.
class Controller {
public:
  Controller(Cluster &cluster, prometheus::Registry &registry)
      : cluster_(cluster), families_(registry) {}
  virtual ~Controller() = default;

  /// Brings one autoscaler's workload to its desired replica count.
  virtual std::error_code reconcile(const Autoscaler &hpa) = 0;

protected:
  std::error_code scaleToDemand(const Autoscaler &hpa);

  virtual bool readReplicas(const std::string &workload, int &replicas) = 0;
  virtual absl::Status readPodMetrics(const std::string &workload,
                                      std::vector<double> &utilization) = 0;
  virtual int pullMetric(const std::string &name, double &value) = 0;

  Cluster &cluster_;
  ControllerFamilies families_;
};

/// Written as the metrics code of many services is: a scope guard whose
/// lambda copies the outcome variable when the guard is created.
class ByValueController : public Controller {
public:
  using Controller::Controller;

  std::error_code reconcile(const Autoscaler &hpa) override;

private:
  bool readReplicas(const std::string &workload, int &replicas) override;
  absl::Status readPodMetrics(const std::string &workload,
                              std::vector<double> &utilization) override;
  int pullMetric(const std::string &name, double &value) override;
};

/// The same controller with the library: each outcome is read by reference
/// when its scope exits.
class ScopedController : public Controller {
public:
  ScopedController(Cluster &cluster, prometheus::Registry &registry);

  std::error_code reconcile(const Autoscaler &hpa) override;

private:
  template <typename Outcome>
  using Timed = defer::metrics::ScopedObservation<Outcome, SimulatedClock>;

  bool readReplicas(const std::string &workload, int &replicas) override;
  absl::Status readPodMetrics(const std::string &workload,
                              std::vector<double> &utilization) override;
  int pullMetric(const std::string &name, double &value) override;

  defer::metrics::ResultLatency reconcileLatency_;
  defer::metrics::ResultLatency scaleReadLatency_;
  defer::metrics::ResultLatency podMetricsLatency_;
  defer::metrics::ResultLatency metricPullLatency_;
};

} // namespace controller

#endif // DEFER_EXAMPLE_CONTROLLER_H
