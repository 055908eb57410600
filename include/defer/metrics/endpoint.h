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

/// Throws std::invalid_argument, naming `bindAddress` and what is wrong with
/// it, when it has none of the forms MetricsEndpoint listens on, or one that
/// CivetWeb, which listens, would read as another: an empty list, a listener
/// without a port, a port that is not decimal or is above 65535, a bare port
/// with a leading zero (read as octal), a host that starts with anything but
/// a letter and is not four decimal numbers up to 255 without leading zeros,
/// a colon in a host, brackets that do not hold an IPv6 address, spaces
/// inside a listener, a NUL or another control character. Returns otherwise.
/// For a program that reads the address from its configuration and wants to
/// refuse a bad one before it starts its work.
void checkBindAddress(const std::string &bindAddress);

/// An HTTP endpoint serving registries in the Prometheus text format.
///
/// prometheus-cpp's Exposer holds its collectables by weak pointer, so a
/// registry that nobody else owns silently disappears from the output; the
/// endpoint owns a reference to every registry it serves. Stops serving when
/// destroyed, so a temporary endpoint, which would stop at once, is warned
/// about.
class [[nodiscard]] MetricsEndpoint {
public:
  /// Listens on `bindAddress` and serves `registry` on `path`.
  ///
  /// `bindAddress` is one of
  ///   - `HOST:PORT`, HOST a dotted IPv4 address or a host name that starts
  ///     with a letter ("127.0.0.1:9464", "0.0.0.0:9464", "localhost:9464");
  ///   - `[IPV6]:PORT` ("[::1]:9464"; needs a CivetWeb built with IPv6);
  ///   - `PORT`, every local IPv4 address ("9464"), or `+PORT`, every
  ///     local address, IPv6 too where CivetWeb is built with it;
  ///   - a comma-separated list of these, each listened on, with spaces or
  ///     tabs allowed around each.
  /// PORT is decimal, 0 to 65535; 0 picks a free port, see port().
  ///
  /// Throws std::invalid_argument when checkBindAddress() does. Throws
  /// std::runtime_error, naming the address and keeping CivetWeb's message,
  /// when an address of the right form cannot be listened on: the port is in
  /// use, the host is not an address of this machine, or its name does not
  /// resolve. Throws what serve() throws for `registry` and `path`.
  [[nodiscard]] MetricsEndpoint(const std::string &bindAddress,
                                std::shared_ptr<prometheus::Registry> registry,
                                const std::string &path = "/metrics");

  MetricsEndpoint(const MetricsEndpoint &) = delete;
  MetricsEndpoint &operator=(const MetricsEndpoint &) = delete;
  ~MetricsEndpoint();

  /// Serves one more registry, on its own path or merged into a path that
  /// is already served. The same registry may be served on several paths.
  ///
  /// Throws std::invalid_argument, and serves nothing more, when `registry`
  /// is null, when `path` does not start with '/' (no request can reach
  /// it), or when `registry` is already served on `path` (its series would
  /// appear twice there).
  void serve(std::shared_ptr<prometheus::Registry> registry,
             const std::string &path);

  /// The port actually listened on (useful after binding port 0); the first
  /// one when the address lists several.
  int port() const;

private:
  struct Served {
    std::shared_ptr<prometheus::Registry> registry;
    std::string path;
  };

  std::vector<Served> served_;
  prometheus::Exposer exposer_;
};

} // namespace defer::metrics

#endif // DEFER_METRICS_ENDPOINT_H
