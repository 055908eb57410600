// Uses the installed metrics headers and library; exits 0 only when one
// failing scope was recorded under result="error".
#include <defer/metrics/scoped_observation.h>

#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <iostream>
#include <string>
#include <system_error>

int main() {
  prometheus::Registry registry;
  defer::metrics::ResultLatency latency(prometheus::BuildHistogram()
                                            .Name("job_duration_seconds")
                                            .Help("Time of one job.")
                                            .Register(registry),
                                        {}, {0.1, 1});
  {
    std::error_code ec;
    defer::metrics::ScopedObservation observation(latency, ec);
    ec = std::make_error_code(std::errc::io_error);
  }

  const std::string text =
      prometheus::TextSerializer().Serialize(registry.Collect());
  std::cout << text;
  const bool recorded =
      text.find("job_duration_seconds_count{result=\"error\"} 1") !=
      std::string::npos;
  return recorded ? 0 : 1;
}
