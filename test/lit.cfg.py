# lit configuration for the check suites: mock-header tests in checks/,
# tests against Debian's real guard headers in real-headers/, and tests of
# the plugin itself in plugin/.
import os

import lit.formats

config.name = "defer-tidy (LLVM %s)" % config.llvm_major
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.test_source_root = os.path.dirname(__file__)
# Only these directories hold lit tests; the others (metrics, ide, ...)
# belong to suites that CTest runs directly.
lit_suites = {"checks", "real-headers", "plugin"}
config.excludes = ["Inputs"] + [
    d for d in os.listdir(config.test_source_root)
    if os.path.isdir(os.path.join(config.test_source_root, d))
    and d not in lit_suites]
config.test_exec_root = os.path.join(config.defer_binary_root, "test")

# FileCheck, not, count and split-file come from the same LLVM.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_bindir, config.environment.get("PATH", os.environ["PATH"])])

for feature in config.available_features_from_cmake:
    if feature:
        config.available_features.add(feature)
config.available_features.add("llvm-%s" % config.llvm_major)
if config.other_clang_tidy:
    config.available_features.add("other-clang-tidy")

runner = os.path.join(config.defer_source_root, "test", "check_clang_tidy.py")
config.substitutions.append(
    ("%check_clang_tidy",
     "%s %s --clang-tidy=%s --plugin=%s"
     % (config.python, runner, config.clang_tidy, config.plugin)))
config.substitutions.append(("%clang_tidy", config.clang_tidy))
config.substitutions.append(("%other_clang_tidy", config.other_clang_tidy))
config.substitutions.append(("%plugin", config.plugin))
config.substitutions.append(("%llvm_major", config.llvm_major))
config.substitutions.append(("%llvm_include", config.llvm_include_dir))
config.substitutions.append(("%python", config.python))
config.substitutions.append(
    ("%mocks", os.path.join(config.test_source_root, "checks", "Inputs")))
