// Runs the autoscaling controller twice over the same simulated cluster,
// once with by-value scope guards and once with ScopedObservation, and
// prints the two /metrics expositions side by side, or serves them.
#include "cluster.h"
#include "controller.h"

#include "defer/metrics/endpoint.h"

#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using controller::Cluster;

constexpr const char *Usage =
    "usage: defer_metrics_controller [--rounds N]\n"
    "         [--show side-by-side|by-value|scoped|calls]\n"
    "         [--serve HOST:PORT [--port-file PATH] [--serve-seconds N]]\n"
    "       defer_metrics_controller --help\n"
    "Reconciles the example autoscalers N rounds (default 12) with each\n"
    "controller and prints the result; --serve then serves the scoped\n"
    "controller's metrics on /metrics and the by-value one's on\n"
    "/by-value/metrics until interrupted or, with --serve-seconds N\n"
    "other than 0, N seconds have passed. --port-file writes the port\n"
    "listened on to PATH once serving starts (PORT 0 picks a free one).\n";

// Bounds that keep a mistyped number from running for days.
constexpr int MaxRounds = 1000000;
constexpr int MaxServeSeconds = 7 * 24 * 60 * 60;

struct Options {
  int rounds = 12;
  std::string show = "side-by-side";
  std::string serveAddress;
  std::string portFile;
  int serveSeconds = 0;
  bool help = false;
};

// Parses `value` of `flag` into `number` if it is a whole decimal number
// from `min` to `max`, and nothing else; returns what is wrong otherwise.
std::string parseNumber(const std::string &flag, const std::string &value,
                        int min, int max, int &number) {
  const std::string problem =
      flag + ": '" + value + "' is not a whole number from " +
      std::to_string(min) + " to " + std::to_string(max);
  if (value.empty())
    return problem;
  long long parsed = 0;
  for (char digit : value) {
    if (digit < '0' || digit > '9')
      return problem;
    parsed = parsed * 10 + (digit - '0');
    if (parsed > max)
      return problem;
  }
  if (parsed < min)
    return problem;
  number = static_cast<int>(parsed);
  return "";
}

// Reads the command line into `options`, stopping at a request for help;
// returns what is wrong with it, naming the option, or "" if nothing is.
std::string parseOptions(int argc, char **argv, Options &options) {
  const std::vector<std::string> flags = {"--rounds", "--show", "--serve",
                                          "--port-file", "--serve-seconds"};
  auto isHelp = [](const std::string &word) {
    return word == "--help" || word == "-h";
  };
  auto isOption = [&](const std::string &word) {
    return isHelp(word) ||
           std::find(flags.begin(), flags.end(), word) != flags.end();
  };
  const std::vector<std::string> shows = {"side-by-side", "by-value", "scoped",
                                          "calls"};
  std::string needsServe; // the last option that only --serve uses
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (isHelp(flag)) {
      options.help = true;
      return "";
    }
    if (!isOption(flag))
      return "unknown option '" + flag + "'";
    // An option name where the value should be means the value was left
    // out; taking the name as the value would blame the word after it.
    if (i + 1 >= argc || isOption(argv[i + 1]))
      return flag + " needs a value";
    const std::string value = argv[++i];

    std::string problem;
    if (flag == "--rounds") {
      problem = parseNumber(flag, value, 1, MaxRounds, options.rounds);
    } else if (flag == "--show") {
      options.show = value;
      if (std::find(shows.begin(), shows.end(), value) == shows.end())
        problem = "--show: '" + value +
                  "' is not side-by-side, by-value, scoped or calls";
    } else if (flag == "--serve") {
      options.serveAddress = value;
      // Checked now, so that a malformed address is reported before the
      // runs rather than after them.
      try {
        defer::metrics::checkBindAddress(value);
      } catch (const std::invalid_argument &error) {
        problem = std::string("--serve: ") + error.what();
      }
    } else if (flag == "--port-file") {
      options.portFile = value;
      needsServe = flag;
      if (value.empty())
        problem = "--port-file: the path is empty";
    } else if (flag == "--serve-seconds") {
      problem =
          parseNumber(flag, value, 0, MaxServeSeconds, options.serveSeconds);
      needsServe = flag;
    }
    if (!problem.empty())
      return problem;
  }
  if (!needsServe.empty() && options.serveAddress.empty())
    return needsServe + " needs --serve";
  return "";
}

// One run of a controller: its registry and what the cluster saw.
struct Run {
  std::shared_ptr<prometheus::Registry> registry;
  controller::CallLog calls;
};

template <typename Controller> Run runController(int rounds) {
  controller::SimulatedClock::reset();
  Run run{std::make_shared<prometheus::Registry>(), {}};
  Cluster cluster;
  Controller reconciler(cluster, *run.registry);
  for (int round = 0; round < rounds; ++round) {
    cluster.startRound(round);
    for (const controller::Autoscaler &hpa : Cluster::autoscalers()) {
      bool ok = false;
      try {
        ok = !reconciler.reconcile(hpa);
      } catch (const std::exception &) {
        ok = false;
      }
      cluster.calls().record("reconcile", ok);
    }
  }
  run.calls = cluster.calls();
  return run;
}

std::string exposition(const Run &run) {
  return prometheus::TextSerializer().Serialize(run.registry->Collect());
}

// A sample line split into its series and its value; comments have no value.
struct Sample {
  std::string series;
  std::string value;
};

std::vector<Sample> samples(const std::string &text) {
  std::vector<Sample> result;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (line.empty() || line[0] == '#')
      result.push_back({line, ""});
    else
      result.push_back(
          {line.substr(0, line.rfind(' ')), line.substr(line.rfind(' ') + 1)});
  }
  return result;
}

// Prints the expositions side by side: each series once, then its value in
// each, "-" where a series is missing, and '*' on the rows that differ.
void printSideBySide(const std::string &byValue, const std::string &scoped) {
  std::map<std::string, std::string> byValueSeries;
  for (const Sample &sample : samples(byValue))
    byValueSeries[sample.series] = sample.value;
  const std::vector<Sample> rows = samples(scoped);
  std::size_t width = 0;
  for (const Sample &row : rows)
    if (!row.value.empty())
      width = std::max(width, row.series.size());

  std::cout << std::left << std::setw(static_cast<int>(width)) << "series"
            << std::right << std::setw(21) << "by-value guards" << std::setw(21)
            << "ScopedObservation" << '\n';
  for (const Sample &row : rows) {
    if (row.value.empty()) {
      std::cout << row.series << '\n';
      continue;
    }
    const auto found = byValueSeries.find(row.series);
    const std::string left = found == byValueSeries.end() ? "-" : found->second;
    std::cout << std::left << std::setw(static_cast<int>(width)) << row.series
              << std::right << std::setw(21) << left << std::setw(21)
              << row.value << (left == row.value ? "" : " *") << '\n';
  }
}

void printCalls(const controller::CallLog &calls) {
  for (const auto &[call, counts] : calls.all()) {
    std::cout << "call=" << call << " result=success count=" << counts.first
              << '\n'
              << "call=" << call << " result=error count=" << counts.second
              << '\n';
  }
}

std::atomic<bool> Stop{false};

extern "C" void requestStop(int) { Stop = true; }

// Makes SIGINT and SIGTERM end serve()'s loop, or its wait for the reader
// of a FIFO port file, instead of the process. Done before the output is
// flushed and the port file written, since a harness may signal as soon as
// either appears.
void stopOnSignals() {
  struct sigaction action = {};
  action.sa_handler = requestStop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// Writes `port` and a newline to `descriptor` and closes it; returns 0, or
// the error of the first step that failed.
int writeAndClose(int descriptor, int port) {
  const int error = dprintf(descriptor, "%d\n", port) < 0 ? errno : 0;
  if (close(descriptor) != 0 && error == 0)
    return errno;
  return error;
}

// Opens what is at `path` for writing, without creating or replacing it; -1
// with errno set if it cannot. Opening a FIFO for writing waits for a
// reader: it is tried without waiting until a reader comes or SIGINT or
// SIGTERM asks to stop, so that a signal ends the wait whenever it comes.
int openForWriting(const std::string &path) {
  struct stat target = {};
  const bool fifo =
      stat(path.c_str(), &target) == 0 && S_ISFIFO(target.st_mode);
  if (!fifo)
    return open(path.c_str(), O_WRONLY | O_TRUNC);
  while (true) {
    const int descriptor = open(path.c_str(), O_WRONLY | O_NONBLOCK);
    if (descriptor >= 0) {
      // Written in full, like a file, once the reader is there.
      fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK);
      return descriptor;
    }
    if (errno != ENXIO) // ENXIO: no reader yet
      return -1;
    if (Stop) {
      errno = EINTR;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Writes `port` to `path`; prints why and returns false if it cannot.
//
// A FIFO, character device, socket or symbolic link at `path` is written
// into, so that a reader waiting on a FIFO gets the port and a link keeps
// pointing where it did. Anything else is replaced by a temporary file
// renamed over it, so that a reader never sees part of the number. The
// temporary file is new, so no file of the user's is written over or, on
// failure, removed, and its mode follows the umask like any created file.
bool writePortFile(const std::string &path, int port) {
  auto fail = [&](const char *step, const std::string &file, int error) {
    std::cerr << "defer_metrics_controller: cannot write the port file '"
              << path << "': " << step << " '" << file
              << "': " << std::strerror(error) << '\n';
    return false;
  };

  struct stat status = {};
  const bool exists = lstat(path.c_str(), &status) == 0;
  if (!exists && errno != ENOENT)
    return fail("examining", path, errno);
  const mode_t type = exists ? status.st_mode : 0;
  if (S_ISFIFO(type) || S_ISCHR(type) || S_ISSOCK(type) || S_ISLNK(type)) {
    const int descriptor = openForWriting(path);
    if (descriptor < 0)
      return fail("opening", path, errno);
    if (const int error = writeAndClose(descriptor, port); error != 0)
      return fail("writing", path, error);
    return true;
  }

  // The process id and a count make a name no other writer uses; one that
  // exists anyway, left by an earlier process, is skipped.
  std::string temporary;
  int descriptor = -1;
  int openError = EEXIST;
  for (int attempt = 0; descriptor < 0 && openError == EEXIST && attempt < 100;
       ++attempt) {
    temporary =
        path + "." + std::to_string(getpid()) + "." + std::to_string(attempt);
    descriptor = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);
    openError = errno;
  }
  if (descriptor < 0)
    return fail("creating", temporary, openError);

  // From here on the temporary file is the one just created.
  auto discard = [&](const char *step, int error) {
    unlink(temporary.c_str());
    return fail(step, temporary, error);
  };
  if (const int error = writeAndClose(descriptor, port); error != 0)
    return discard("writing", error);
  if (std::rename(temporary.c_str(), path.c_str()) != 0)
    return discard("renaming", errno);
  return true;
}

int serve(const Options &options, const Run &byValue, const Run &scoped) {
  defer::metrics::MetricsEndpoint endpoint(options.serveAddress,
                                           scoped.registry);
  endpoint.serve(byValue.registry, "/by-value/metrics");
  if (!options.portFile.empty() &&
      !writePortFile(options.portFile, endpoint.port()))
    return 1;
  std::cerr << "serving on port " << endpoint.port() << '\n';

  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::seconds(options.serveSeconds);
  while (!Stop && (options.serveSeconds == 0 ||
                   std::chrono::steady_clock::now() < deadline))
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  if (const std::string problem = parseOptions(argc, argv, options);
      !problem.empty()) {
    std::cerr << "defer_metrics_controller: " << problem << '\n' << Usage;
    return 2;
  }
  if (options.help) {
    std::cout << Usage;
    return 0;
  }

  const Run byValue =
      runController<controller::ByValueController>(options.rounds);
  const Run scoped =
      runController<controller::ScopedController>(options.rounds);
  if (byValue.calls.all() != scoped.calls.all()) {
    std::cerr << "the two runs made different calls\n";
    return 1;
  }

  if (options.show == "side-by-side") {
    printSideBySide(exposition(byValue), exposition(scoped));
    std::cout << "\ncalls made by each controller:\n";
    printCalls(scoped.calls);
  } else if (options.show == "by-value") {
    std::cout << exposition(byValue);
  } else if (options.show == "scoped") {
    std::cout << exposition(scoped);
  } else {
    printCalls(scoped.calls);
  }

  if (options.serveAddress.empty())
    return 0;
  // From here on a harness that has read the output may stop the example.
  stopOnSignals();
  // What was printed reaches a pipe now, not when serving ends.
  std::cout.flush();
  // The address was checked with the options, so what is left is a failure
  // to listen, whose message names the address.
  try {
    return serve(options, byValue, scoped);
  } catch (const std::exception &error) {
    std::cerr << "defer_metrics_controller: " << error.what() << '\n';
    return 1;
  }
}
