# Installs defer-tidy the way users do, into a prefix with `cmake --install`
# or from the Debian packages with apt-get, then uses what was installed.
import argparse
import glob
import json
import os
import shutil
import sys
import tempfile

from ide_testing import expect, run, run_tests

CHECK = "defer-stale-capture"
EXAMPLE = "examples/controller/controller_by_value.cpp"


def must(cmd, **kwargs):
    out = run(cmd, **kwargs)
    expect(out.returncode == 0, "%s failed:\n%s%s" % (" ".join(cmd),
                                                        out.stdout,
                                                        out.stderr))
    return out


def check_layout(prefix, major, clangd):
    expected = ["bin/defer-tidy", "bin/defer-tidy-%s" % major,
                "bin/defer-tidy-sarif", "include/defer/metrics",
                "share/doc/DeferTidy/ide.md", "share/doc/DeferTidy/ci.md"]
    if clangd:
        expected.append("bin/defer-clangd-%s" % major)
    for rel in expected:
        expect(os.path.exists(os.path.join(prefix, rel)), "installed: " + rel)
    # The library folder is lib, or lib/<multiarch> for a /usr prefix.
    for name in ["defer-tidy/defer-tidy-llvm%s.so" % major,
                 "cmake/DeferTidy/DeferTidyConfig.cmake",
                 "cmake/DeferTidy/DeferTidyPlugin-llvm%s.cmake" % major,
                 "libdefer_metrics.a"]:
        expect(glob.glob(os.path.join(prefix, "lib", name)) or
               glob.glob(os.path.join(prefix, "lib", "*", name)),
               "installed: lib/" + name)


def check_wrapper(bindir, major, build, source):
    wrapper = os.path.join(bindir, "defer-tidy")
    out = must([wrapper, "--llvm=%s" % major, "--print-plugin"])
    plugin = out.stdout.strip()
    expect(plugin.endswith("/defer-tidy/defer-tidy-llvm%s.so" % major) and
           not plugin.startswith(build), "the installed plugin: " + plugin)
    out = must([os.path.join(bindir, "defer-tidy-%s" % major),
                "--print-plugin"])
    expect(out.stdout.strip() == plugin, "defer-tidy-N pins its major")

    example = os.path.join(source, EXAMPLE)
    if os.path.exists(example) and os.path.exists(
            os.path.join(build, "compile_commands.json")):
        out = run([wrapper, "--llvm=%s" % major, "-p", build,
                   "--checks=-*,defer-*", "--quiet", example])
        expect(out.returncode == 0 and "[%s]" % CHECK in out.stdout,
               "the installed wrapper reports the example's stale captures:"
               "\n" + out.stdout + out.stderr)


def check_consumer(source, prefix_path):
    """A CMake project runs the checks in its build through the package."""
    work = tempfile.mkdtemp(prefix="defer-consumer-")
    cmd = ["cmake", "-S", os.path.join(source, "test/ide/Inputs/consumer"),
           "-B", work]
    if prefix_path:
        cmd.append("-DCMAKE_PREFIX_PATH=" + prefix_path)
    must(cmd)
    out = must(["cmake", "--build", work])
    expect("[%s]" % CHECK in out.stdout + out.stderr, "the consumer's build "
           "reports the stale capture:\n" + out.stdout + out.stderr)
    shutil.rmtree(work, ignore_errors=True)


def prefix_mode(args):
    prefix = tempfile.mkdtemp(prefix="defer-install-")
    must(["cmake", "--install", args.build, "--prefix", prefix])
    check_layout(prefix, args.major, args.clangd)
    if args.clangd:
        out = must([os.path.join(prefix, "bin/defer-clangd"), "--version"])
        expect("clangd version %s." % args.major in out.stdout, out.stdout)
    check_wrapper(os.path.join(prefix, "bin"), args.major, args.build,
                  args.source)
    check_consumer(args.source, prefix)
    shutil.rmtree(prefix, ignore_errors=True)


def tools_mode(args):
    """The tools and the plugin alone, in a prefix whose name has glob
    characters: every lookup under it takes the name as it is."""
    prefix = tempfile.mkdtemp(prefix="defer-install-[1]*?-")
    for component in ("tools", "plugin"):
        must(["cmake", "--install", args.build, "--prefix", prefix,
              "--component", component])
    bindir = os.path.join(prefix, "bin")

    out = must([os.path.join(bindir, "defer-tidy"), "--llvm=%s" % args.major,
                "--print-plugin"])
    plugin = out.stdout.strip()
    expect(plugin.startswith(prefix + "/") and os.path.exists(plugin) and
           plugin.endswith("/defer-tidy-llvm%s.so" % args.major),
           "the wrapper finds the plugin under the prefix: %s" % plugin)

    export = os.path.join(prefix, "export.yaml")
    with open(export, "w", encoding="utf-8") as f:
        json.dump({"Diagnostics": [{
            "DiagnosticName": CHECK, "DiagnosticMessage": {
                "Message": "m", "FilePath": export, "FileOffset": 0}}]}, f)
    out = must([os.path.join(bindir, "defer-tidy-sarif"), export])
    [rule] = json.loads(out.stdout)["runs"][0]["tool"]["driver"]["rules"]
    expect(not rule["fullDescription"]["text"].startswith("A finding of"),
           "the rule is described by its installed page: %s" % rule)

    work = tempfile.mkdtemp(prefix="defer-consumer-")
    with open(os.path.join(work, "CMakeLists.txt"), "w") as f:
        f.write("cmake_minimum_required(VERSION 3.20)\n"
                "project(PluginOnly NONE)\n"
                "find_package(DeferTidy REQUIRED COMPONENTS plugin)\n"
                "message(STATUS \"plugin: ${DeferTidy_PLUGIN}\")\n")
    out = must(["cmake", "-S", work, "-B", os.path.join(work, "build"),
                "-DCMAKE_PREFIX_PATH=" + prefix])
    expect("plugin: %s\n" % plugin in out.stdout,
           "find_package finds the plugin under the prefix:\n" + out.stdout)
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(prefix, ignore_errors=True)


def deb_mode(args):
    if os.geteuid() != 0:
        raise AssertionError("installing packages needs root")
    out_dir = tempfile.mkdtemp(prefix="defer-debs-")
    must(["cpack", "-G", "DEB", "--config",
          os.path.join(args.build, "CPackConfig.cmake"), "-B", out_dir],
         cwd=args.build)
    debs = sorted(glob.glob(os.path.join(out_dir, "*.deb")))
    names = [os.path.basename(d).split("_")[0] for d in debs]
    expect(sorted(names) == sorted(["defer-tidy", "defer-tidy-llvm%s"
                                    % args.major, "libdefer-metrics-dev"]),
           "one package per part: %s" % names)
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600", "-y"]
    try:
        must(apt + ["install"] + debs,
             env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        check_layout("/usr", args.major, args.clangd)
        if args.clangd:
            out = must(["/usr/bin/defer-clangd", "--version"])
            expect("clangd version %s." % args.major in out.stdout,
                   "defer-clangd via update-alternatives: " + out.stdout)
        check_wrapper("/usr/bin", args.major, args.build, args.source)
        check_consumer(args.source, None)
    finally:
        run(apt + ["purge"] + names,
            env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        shutil.rmtree(out_dir, ignore_errors=True)
    expect(not os.path.exists("/usr/bin/defer-tidy"), "purged cleanly")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("prefix", "tools", "deb"))
    parser.add_argument("--build", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--major", required=True)
    parser.add_argument("--clangd", action="store_true")
    args = parser.parse_args()
    mode = {"prefix": prefix_mode, "tools": tools_mode,
            "deb": deb_mode}[args.mode]
    return run_tests([("install (%s)" % args.mode, lambda: mode(args))])

if __name__ == "__main__":
    sys.exit(main())
