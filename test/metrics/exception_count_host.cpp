// Loads exception_count_plugin.cpp's plugin after reading the library's
// count of exceptions in flight here, on the same thread, so that a count
// shared between the host and the plugin would be the host runtime's inside
// the plugin. Exits 0 when the plugin's counts agree with its runtime's.
// Usage: exception_count_host PLUGIN
#include "defer/metrics/detail/exception_count.h"

#include <cstdio>
#include <exception>

#include <dlfcn.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PLUGIN\n", argv[0]);
    return 2;
  }
  if (defer::metrics::detail::uncaughtExceptions() !=
      std::uncaught_exceptions()) {
    std::fprintf(stderr, "the host's counts differ\n");
    return 1;
  }
  void *plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!plugin) {
    std::fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
    return 2;
  }
  auto *countMismatches =
      reinterpret_cast<int (*)()>(dlsym(plugin, "countMismatchesInPlugin"));
  if (!countMismatches) {
    std::fprintf(stderr, "%s has no countMismatchesInPlugin\n", argv[1]);
    return 2;
  }
  const int mismatches = countMismatches();
  std::printf("%d of 3 counts in the plugin differ from its runtime's\n",
              mismatches);
  return mismatches == 0 ? 0 : 1;
}
