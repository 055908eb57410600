//===--- DeferTidyModule.cpp - the "defer" clang-tidy module -------------===//
//
// Registers the defer-* checks with clang-tidy, after making sure the
// clang-tidy that loads this plugin is of the LLVM major it was built for.
//
//===----------------------------------------------------------------------===//

#include "EagerEvaluationCheck.h"
#include "StaleCaptureCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang/Basic/Version.h"
#include "llvm/Config/llvm-config.h"
#if LLVM_VERSION_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

#include <cstdio>
#include <cstdlib>
#include <string>

namespace clang::tidy::defer {
namespace {

/// Returns the first number in a version banner such as "Debian clang
/// version 19.1.7 (3~deb12u1)", or -1.
int leadingMajor(const std::string &Banner) {
  size_t Pos = Banner.find("version ");
  Pos = Pos == std::string::npos ? 0 : Pos + 8;
  while (Pos < Banner.size() && (Banner[Pos] < '0' || Banner[Pos] > '9'))
    ++Pos;
  if (Pos == Banner.size())
    return -1;
  return std::atoi(Banner.c_str() + Pos);
}

/// A plugin loaded by a clang-tidy of another LLVM major lists its checks
/// and then reports nothing, or crashes. Refuse before registering anything.
/// Only the major is compared: point releases keep the ABI.
struct RefuseForeignClangTidy {
  RefuseForeignClangTidy() {
    std::string Running = clang::getClangFullVersion();
    int RunningMajor = leadingMajor(Running);
    if (RunningMajor == LLVM_VERSION_MAJOR)
      return;
    std::fprintf(stderr,
                 "error: the defer-tidy plugin was built for LLVM %d, but the "
                 "clang-tidy loading it is LLVM %d (%s); load "
                 "defer-tidy-llvm%d.so instead, or rebuild the plugin "
                 "against LLVM %d\n",
                 LLVM_VERSION_MAJOR, RunningMajor, Running.c_str(),
                 RunningMajor, RunningMajor);
    std::fflush(stderr);
    std::_Exit(1);
  }
};
const RefuseForeignClangTidy VersionGuard;

class DeferModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<EagerEvaluationCheck>("defer-eager-evaluation");
    Factories.registerCheck<StaleCaptureCheck>("defer-stale-capture");
  }
};

} // namespace

static ClangTidyModuleRegistry::Add<DeferModule>
    Registration("defer-module",
                 "Checks for scope-exit guards that see stale copies.");

} // namespace clang::tidy::defer

// Referenced by a clangd or clang-tidy that links the checks in statically,
// so the linker keeps this registration.
volatile int DeferTidyModuleAnchorSource = 0;
