// Unit tests of MetricsEndpoint: it serves the registry on loopback, on the
// port it reports, and keeps a registry alive that nobody else holds; it
// rejects bind addresses CivetWeb would misread, names the address when it
// cannot listen, and rejects registries and paths that would serve nothing
// or serve a series twice.
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
#include <stdexcept>
#include <string>
#include <vector>

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

// How many times `needle` occurs in `text`.
std::size_t occurrences(const std::string &text, const std::string &needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size()))
    ++count;
  return count;
}

// The message of the `Exception` that `function` throws; "" and a test
// failure when it throws something else or nothing.
template <typename Exception, typename Function>
std::string messageOf(Function function) {
  try {
    function();
  } catch (const Exception &error) {
    return error.what();
  } catch (const std::exception &error) {
    ADD_FAILURE() << "threw another exception: " << error.what();
    return "";
  }
  ADD_FAILURE() << "threw nothing";
  return "";
}

void listenOn(const std::string &address) {
  MetricsEndpoint endpoint(address, std::make_shared<prometheus::Registry>());
}

const std::string ErrorCount =
    "pull_duration_seconds_count{result=\"error\",source=\"pods\"} 1";

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

TEST(MetricsEndpointTest, RejectsMalformedBindAddresses) {
  struct Case {
    std::string address;
    std::string problem;
  };
  const std::vector<Case> cases = {
      // CivetWeb would listen elsewhere: on 231.1.1.1, on 1.2.3.0, on port 0.
      {"999.1.1.1:18080", "has a part 999, above 255"},
      {"1.2.3.256:0", "has a part 256, above 255"},
      {"127.0.0.1:4294967296", "port 4294967296 is not in 0..65535"},
      // A bare port is read as octal by CivetWeb: 0700 would be port 448.
      {"0700", "leading zero"},
      // CivetWeb fails on these with a message that names neither.
      {"127.0.0.1:99999", "port 99999 is not in 0..65535"},
      {"127.0.0.1:-1", "port '-1' is not a decimal number"},
      {"127.0.0.1:9464s", "port '9464s' is not a decimal number"},
      {"127.0.0.1:", "no port"},
      {"127.0.0.1", "no port"},
      {"garbage", "no port"},
      {"", "empty"},
      {",", "empty"},
      {":9464", "no host"},
      {"::1:9464", "goes in brackets"},
      {"[::1]", "no port"},
      {"[::1:9464", "no ']'"},
      {"[::1]:70000", "port 70000 is not in 0..65535"},
      {"1..2.3:0", "empty part"},
      // CivetWeb ignores the blanks around a listener, and its sscanf takes
      // a sign: these would listen on 0.0.0.0, 231.1.1.1 and 127.0.0.1.
      {"127.0.0.1:0, 256.0.0.0:0", "has a part 256, above 255"},
      {"\t999.1.1.1:0", "has a part 999, above 255"},
      {"+999.1.1.1:0", "neither an IPv4 address of four numbers"},
      {"127.0.0.+1:0", "neither an IPv4 address of four numbers"},
      // CivetWeb reads these as a bare port, and cannot listen.
      {"127.1:0", "neither an IPv4 address of four numbers"},
      {"1e100.net:0", "nor a name that starts with a letter"},
      {"localhost :0", "spaces are allowed only around a listener"},
      // CivetWeb reads 010 as 10, clients given the address as 8.
      {"127.0.0.010:0", "has a part 010 with a leading zero"},
      {"0127.0.0.1:0", "has a part 0127 with a leading zero"},
      // Never an address CivetWeb can listen on, with or without IPv6.
      {"[1.2.3.4]:0", "'[1.2.3.4]' does not hold an IPv6 address"},
      {"[localhost]:0", "'[localhost]' does not hold an IPv6 address"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.address);
    const std::string message =
        messageOf<std::invalid_argument>([&] { listenOn(c.address); });
    // The message shows a tab escaped.
    std::string shown = c.address;
    if (shown.front() == '\t')
      shown.replace(0, 1, "\\t");
    EXPECT_NE(message.find("'" + shown + "'"), std::string::npos) << message;
    EXPECT_NE(message.find(c.problem), std::string::npos) << message;
  }
}

// CivetWeb reads the address as a C string, so it would listen on what
// comes before the NUL: port 448, read as octal, for the first.
TEST(MetricsEndpointTest, RejectsANulCharacter) {
  for (const std::string address :
       {std::string("0700\0:80", 8), std::string("127.0.0.1\0:0", 12)}) {
    const std::string message =
        messageOf<std::invalid_argument>([&] { listenOn(address); });
    EXPECT_NE(message.find("contains a NUL character"), std::string::npos)
        << message;
    EXPECT_NE(message.find("\\0:"), std::string::npos) << message;
  }
}

// A line read from a file with its carriage return, say: refused, and shown
// escaped so that the message reads as it should.
TEST(MetricsEndpointTest, RejectsAndEscapesControlCharacters) {
  const std::string message =
      messageOf<std::invalid_argument>([] { listenOn("127.0.0.1:0\r"); });

  EXPECT_EQ(message, "invalid bind address '127.0.0.1:0\\x0d': contains a "
                     "control character");
}

TEST(MetricsEndpointTest, NamesTheMalformedEntryOfAList) {
  const std::string message = messageOf<std::invalid_argument>(
      [] { listenOn("127.0.0.1:0,999.1.1.1:0"); });

  EXPECT_NE(message.find("'127.0.0.1:0,999.1.1.1:0' (in '999.1.1.1:0')"),
            std::string::npos)
      << message;
}

TEST(MetricsEndpointTest, ListensOnEveryFormCivetWebReads) {
  for (const std::string address :
       {"127.0.0.1:0", "127.0.0.1:00", "0", "00", "+0", "localhost:0",
        "127.0.0.1:0,127.0.0.1:0", ",127.0.0.1:0", " 0", "0 , 0",
        "\t127.0.0.1:0 ", " , 127.0.0.1:0"}) {
    SCOPED_TRACE(address);
    EXPECT_NO_THROW({
      MetricsEndpoint endpoint(address, registryWithOneError());
      EXPECT_GT(endpoint.port(), 0);
    });
  }
}

TEST(MetricsEndpointTest, AcceptsAnIpv6AddressInBrackets) {
  // CivetWeb built without IPv6 cannot listen on it, but the address is
  // well formed.
  try {
    listenOn("[::1]:0");
  } catch (const std::invalid_argument &error) {
    ADD_FAILURE() << error.what();
  } catch (const std::runtime_error &error) {
    EXPECT_NE(std::string(error.what()).find("IPv6"), std::string::npos)
        << error.what();
  }
}

TEST(MetricsEndpointTest, NamesTheAddressWhenThePortIsInUse) {
  MetricsEndpoint first("127.0.0.1:0",
                        std::make_shared<prometheus::Registry>());
  ASSERT_GT(first.port(), 0);
  const std::string address = "127.0.0.1:" + std::to_string(first.port());

  const std::string message =
      messageOf<std::runtime_error>([&] { listenOn(address); });

  EXPECT_NE(message.find("'" + address + "'"), std::string::npos) << message;
  EXPECT_NE(message.find("in use"), std::string::npos) << message;
  // CivetWeb's own message is kept.
  EXPECT_NE(message.find("CivetServer"), std::string::npos) << message;
}

TEST(MetricsEndpointTest, NamesTheAddressWhenItIsNotLocal) {
  // 192.0.2.1 is reserved for documentation; a host configured to bind
  // addresses it does not have can still listen on it.
  const std::string address = "192.0.2.1:0";
  try {
    listenOn(address);
    GTEST_SKIP() << "this host can listen on " << address;
  } catch (const std::runtime_error &error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("'" + address + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("not an address of this machine"), std::string::npos)
        << message;
  }
}

TEST(MetricsEndpointTest, RejectsANullRegistry) {
  EXPECT_THROW(MetricsEndpoint("127.0.0.1:0", nullptr), std::invalid_argument);

  MetricsEndpoint endpoint("127.0.0.1:0", registryWithOneError());
  const std::string message =
      messageOf<std::invalid_argument>([&] { endpoint.serve(nullptr, "/x"); });

  EXPECT_NE(message.find("null registry"), std::string::npos) << message;
  EXPECT_NE(message.find("'/x'"), std::string::npos) << message;
}

TEST(MetricsEndpointTest, RejectsARegistryAlreadyServedOnThePath) {
  auto registry = registryWithOneError();
  MetricsEndpoint endpoint("127.0.0.1:0", registry);

  const std::string message = messageOf<std::invalid_argument>(
      [&] { endpoint.serve(registry, "/metrics"); });

  EXPECT_NE(message.find("already served on '/metrics'"), std::string::npos)
      << message;
  const std::string body = httpGet(endpoint.port(), "/metrics");
  EXPECT_EQ(occurrences(body, ErrorCount), 1u) << body;
}

TEST(MetricsEndpointTest, ServesARegistryOnMoreThanOnePath) {
  auto registry = registryWithOneError();
  MetricsEndpoint endpoint("127.0.0.1:0", registry);
  endpoint.serve(registry, "/other");

  for (const std::string path : {"/metrics", "/other"}) {
    const std::string body = httpGet(endpoint.port(), path);
    EXPECT_EQ(occurrences(body, ErrorCount), 1u) << path << ":\n" << body;
  }
}

TEST(MetricsEndpointTest, RejectsAPathWithoutALeadingSlash) {
  MetricsEndpoint endpoint("127.0.0.1:0", registryWithOneError());

  for (const std::string path : {"metrics", ""}) {
    const std::string message = messageOf<std::invalid_argument>(
        [&] { endpoint.serve(registryWithOneError(), path); });
    EXPECT_NE(message.find("'" + path + "' does not start with '/'"),
              std::string::npos)
        << message;
  }
  EXPECT_THROW(MetricsEndpoint("127.0.0.1:0", registryWithOneError(), "x"),
               std::invalid_argument);
}

} // namespace
