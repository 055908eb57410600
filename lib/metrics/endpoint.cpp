// Serves registries with prometheus-cpp's Exposer and owns them while they
// are served.
#include "defer/metrics/endpoint.h"

#include <utility>

namespace defer::metrics {

MetricsEndpoint::MetricsEndpoint(const std::string &bindAddress,
                                 std::shared_ptr<prometheus::Registry> registry,
                                 const std::string &path)
    : exposer_(bindAddress) {
  serve(std::move(registry), path);
}

MetricsEndpoint::~MetricsEndpoint() = default;

void MetricsEndpoint::serve(std::shared_ptr<prometheus::Registry> registry,
                            const std::string &path) {
  exposer_.RegisterCollectable(registry, path);
  registries_.push_back(std::move(registry));
}

int MetricsEndpoint::port() const {
  const std::vector<int> ports = exposer_.GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

} // namespace defer::metrics
