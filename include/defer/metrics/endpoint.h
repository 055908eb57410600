// Serves a prometheus-cpp registry over HTTP with prometheus-cpp's Exposer,
// keeping the registry alive for as long as it is served.
//
//   auto registry = std::make_shared<prometheus::Registry>();
//   defer::metrics::MetricsEndpoint endpoint("127.0.0.1:9464", registry);
//   // GET http://127.0.0.1:9464/metrics returns the exposition text.
#ifndef DEFER_METRICS_ENDPOINT_H
#define DEFER_METRICS_ENDPOINT_H

#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

namespace defer::metrics {

/// An HTTP endpoint serving registries in the Prometheus text format.
///
/// prometheus-cpp's Exposer holds its collectables by weak pointer, so a
/// registry that nobody else owns silently disappears from the output; the
/// endpoint owns a reference to every registry it serves. Stops serving when
/// destroyed, so a temporary endpoint, which would stop at once, is warned
/// about.
class [[nodiscard]] MetricsEndpoint {
public:
  /// Listens on `bindAddress` ("host:port"; port 0 picks a free one) and
  /// serves `registry` on `path`. Throws what the Exposer throws when the
  /// address cannot be bound.
  [[nodiscard]] MetricsEndpoint(const std::string &bindAddress,
                                std::shared_ptr<prometheus::Registry> registry,
                                const std::string &path = "/metrics");

  MetricsEndpoint(const MetricsEndpoint &) = delete;
  MetricsEndpoint &operator=(const MetricsEndpoint &) = delete;
  ~MetricsEndpoint();

  /// Serves one more registry, on its own path or merged into a path that
  /// is already served.
  void serve(std::shared_ptr<prometheus::Registry> registry,
             const std::string &path);

  /// The port actually listened on (useful after binding port 0).
  int port() const;

private:
  std::vector<std::shared_ptr<prometheus::Registry>> registries_;
  prometheus::Exposer exposer_;
};

} // namespace defer::metrics

#endif // DEFER_METRICS_ENDPOINT_H
