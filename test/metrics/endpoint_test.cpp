// Unit tests of MetricsEndpoint: it serves the registry on loopback, on the
// port it reports, and keeps a registry alive that nobody else holds.
#include "defer/metrics/endpoint.h"

#include "defer/metrics/result_latency.h"

#include <gtest/gtest.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

namespace {

using defer::metrics::MetricsEndpoint;
using defer::metrics::Result;
using defer::metrics::ResultLatency;

// The body of GET `path` from 127.0.0.1:`port`, or "" on failure.
std::string httpGet(int port, const std::string &path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) ==
      0) {
    const std::string request = "GET " + path +
                                " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                                "Connection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), 0) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      ssize_t got;
      while ((got = ::recv(fd, buffer, sizeof(buffer), 0)) > 0)
        response.append(buffer, static_cast<std::size_t>(got));
    }
  }
  ::close(fd);
  const std::size_t bodyStart = response.find("\r\n\r\n");
  return bodyStart == std::string::npos ? "" : response.substr(bodyStart + 4);
}

std::shared_ptr<prometheus::Registry> registryWithOneError() {
  auto registry = std::make_shared<prometheus::Registry>();
  ResultLatency latency(prometheus::BuildHistogram()
                            .Name("pull_duration_seconds")
                            .Help("Time to pull metrics.")
                            .Register(*registry),
                        {{"source", "pods"}}, {0.5});
  latency.observe(Result::Error, 0.125);
  return registry;
}

TEST(MetricsEndpointTest, ServesTheRegistryOnMetrics) {
  MetricsEndpoint endpoint("127.0.0.1:0", registryWithOneError());
  ASSERT_GT(endpoint.port(), 0);

  const std::string body = httpGet(endpoint.port(), "/metrics");

  EXPECT_NE(body.find("pull_duration_seconds_count{result=\"error\","
                      "source=\"pods\"} 1"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("pull_duration_seconds_count{result=\"success\","
                      "source=\"pods\"} 0"),
            std::string::npos)
      << body;
}

TEST(MetricsEndpointTest, ServesMoreRegistriesOnTheirOwnPaths) {
  auto first = std::make_shared<prometheus::Registry>();
  MetricsEndpoint endpoint("127.0.0.1:0", first);
  endpoint.serve(registryWithOneError(), "/pulls");

  EXPECT_EQ(httpGet(endpoint.port(), "/metrics").find("pull_duration"),
            std::string::npos);
  EXPECT_NE(httpGet(endpoint.port(), "/pulls").find("pull_duration"),
            std::string::npos);
}

} // namespace
