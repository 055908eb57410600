# Checks defer-tidy, the clang-tidy wrapper: which clang-tidy and plugin it
# picks, its three modes, exit statuses, and its errors when nothing matches.
import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import ide_testing
from ide_testing import expect, run_tests_with

MESSAGE = ("scope guard 'report' captures 'ec' by value, but 'ec' is "
           "modified before the guard runs")
SOURCE = "local_guard.cpp"


def run(args, cmd, **kwargs):
    return ide_testing.run([args.wrapper] + cmd, **kwargs)


def project(args):
    work = tempfile.mkdtemp(prefix="defer-wrapper-")
    shutil.copy(os.path.join(args.inputs, SOURCE), work)
    with open(os.path.join(work, "compile_commands.json"), "w") as f:
        json.dump([{"directory": work, "file": SOURCE,
                    "arguments": ["c++", "-std=c++17", "-c", SOURCE]}], f)
    return work


def test_picks_the_matching_pair(args):
    out = run(args, ["--llvm=%s" % args.major, "--print-plugin"])
    expect(out.returncode == 0 and out.stdout.strip() == args.plugin,
           "the build's plugin: %r %r" % (out.stdout, out.stderr))
    out = run(args, ["--llvm=%s" % args.major, "--print-clang-tidy"])
    tool = out.stdout.strip()
    version = subprocess.run([tool, "--version"], capture_output=True,
                             text=True).stdout
    expect("version %s." % args.major in version,
           "a clang-tidy of LLVM %s: %s" % (args.major, version))
    out = run(args, ["--list"])
    expect("LLVM %s: plugin %s" % (args.major, args.plugin) in out.stdout,
           out.stdout)


def test_single_file(args):
    work = project(args)
    cmd = ["--llvm=%s" % args.major, "--checks=-*,defer-stale-capture",
           os.path.join(work, SOURCE), "--", "-std=c++17"]
    out = run(args, cmd)
    expect(out.returncode == 0 and MESSAGE in out.stdout,
           "the check runs:\n" + out.stdout + out.stderr)
    out = run(args, cmd[:-2] + ["--warnings-as-errors=*", "--"] + cmd[-1:])
    expect(out.returncode != 0, "clang-tidy's exit status passes through")


def test_run_mode(args):
    work = project(args)
    out = run(args, ["run", "--llvm=%s" % args.major, "-p", work,
                     "-checks=-*,defer-stale-capture", "-quiet"])
    expect(out.returncode == 0 and MESSAGE in out.stdout,
           "run-clang-tidy loads the plugin:\n" + out.stdout + out.stderr)


def test_diff_mode(args):
    work = project(args)
    with open(os.path.join(work, SOURCE)) as f:
        new = f.read().splitlines(keepends=True)

    def diff_for(old):
        return "".join(difflib.unified_diff(
            old, new, "a/" + SOURCE, "b/" + SOURCE, n=0))

    cmd = ["diff", "--llvm=%s" % args.major, "-p1", "-path", work,
           "-checks=-*,defer-stale-capture", "-quiet"]
    guard_line = [i for i, l in enumerate(new) if "Finally report" in l][0]
    touched = new[:guard_line] + new[guard_line + 1:]
    out = run(args, cmd, input=diff_for(touched), cwd=work)
    expect(MESSAGE in out.stdout, "a changed guard line is checked:\n"
           + out.stdout + out.stderr)
    untouched = new[:1] + ["// an older first line\n"] + new[2:]
    out = run(args, cmd, input=diff_for(untouched), cwd=work)
    expect(MESSAGE not in out.stdout, "unchanged lines are not reported:\n"
           + out.stdout)


def test_diff_mode_file_names(args):
    """Names git quotes reach clang-tidy-diff unquoted; a name it cannot
    read, with a space, is said, not passed over in silence."""
    work = project(args)
    names = ["caf\u00e9.cpp", "two words.cpp"]
    for name in names:
        shutil.copy(os.path.join(work, SOURCE), os.path.join(work, name))
    with open(os.path.join(work, "compile_commands.json"), "w") as f:
        json.dump([{"directory": work, "file": name,
                    "arguments": ["c++", "-std=c++17", "-c", name]}
                   for name in names], f)
    with open(os.path.join(work, SOURCE)) as f:
        guard = [i for i, l in enumerate(f) if "Finally report" in l][0] + 1
    hunk = "@@ -{0},0 +{0} @@\n+changed\n".format(guard)
    patch = ('--- "a/caf\\303\\251.cpp"\n+++ "b/caf\\303\\251.cpp"\n'
             + hunk + "--- a/two words.cpp\t\n+++ b/two words.cpp\t\n"
             + hunk)
    out = run(args, ["diff", "--llvm=%s" % args.major, "-p1", "-path", work,
                     "-checks=-*,defer-stale-capture", "-quiet"],
              input=patch, cwd=work)
    warnings = [l for l in out.stderr.splitlines()
                if l.startswith("defer-tidy: warning: ")]
    expect(out.returncode == 0 and MESSAGE in out.stdout and
           "caf\u00e9.cpp:%d:" % guard in out.stdout,
           "the file git quoted is checked: %d\n%s%s"
           % (out.returncode, out.stdout, out.stderr))
    expect(len(warnings) == 1 and "b/two words.cpp" in warnings[0],
           "one warning names the file that is not checked: %s"
           % out.stderr)


def fake_plugin_dir(major):
    """A folder holding what looks like a plugin for one LLVM major."""
    folder = tempfile.mkdtemp(prefix="defer-plugins-")
    open(os.path.join(folder, "defer-tidy-llvm%d.so" % major), "w").close()
    return folder


def fake_clang_tidy(output):
    folder = tempfile.mkdtemp(prefix="defer-wrapper-")
    fake = os.path.join(folder, "clang-tidy")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\necho '%s'\n" % output)
    os.chmod(fake, 0o755)
    return fake


def relocated_wrapper(args):
    """The installed wrapper alone in a bin folder: no plugins beside it."""
    prefix = tempfile.mkdtemp(prefix="defer-prefix-")
    os.makedirs(os.path.join(prefix, "bin"))
    wrapper = os.path.join(prefix, "bin", "defer-tidy")
    shutil.copy(args.relocatable_wrapper, wrapper)
    return prefix, wrapper


def refused(out, what, *needles):
    """Exit 2 with one line on stderr, starting 'defer-tidy: error:'."""
    lines = out.stderr.strip().splitlines()
    expect(out.returncode == 2 and len(lines) == 1 and
           lines[0].startswith("defer-tidy: error: ") and not out.stdout and
           all(n in lines[0] for n in needles),
           "%s: exit 2 and one line with %s, got %d:\n%s%s"
           % (what, needles, out.returncode, out.stdout, out.stderr))


def test_errors_name_what_is_missing(args):
    prefix, wrapper = relocated_wrapper(args)
    out = ide_testing.run([sys.executable, wrapper, "x.cpp"])
    refused(out, "no plugin installed", "no defer-tidy plugin found",
            os.path.join(prefix, "lib"), "defer-tidy-llvm<N>")

    plugins = fake_plugin_dir(7)
    empty_path = tempfile.mkdtemp(prefix="defer-path-")
    out = ide_testing.run([sys.executable, wrapper, "--plugin-dir", plugins,
                           "x.cpp"], env=dict(os.environ, PATH=empty_path))
    refused(out, "no clang-tidy at all", "plugin for LLVM 7",
            "no clang-tidy-7", "no clang-tidy on PATH",
            "install clang-tidy-7")
    out = ide_testing.run([sys.executable, wrapper, "--plugin-dir", plugins,
                           "--llvm=7", "x.cpp"])
    refused(out, "no clang-tidy of the major asked for",
            "no clang-tidy of LLVM 7", "install clang-tidy-7")

    out = run(args, ["--clang-tidy=/nonexistent/clang-tidy", "x.cpp"])
    refused(out, "a clang-tidy that is not there",
            "/nonexistent/clang-tidy", "no such file")
    silent = fake_clang_tidy("")
    out = run(args, ["--clang-tidy=" + silent, "x.cpp"])
    refused(out, "a program that is not clang-tidy", silent,
            "printed no LLVM version")

    out = run(args, ["--llvm=7", "x.cpp"])
    refused(out, "no plugin for the major asked for",
            "no defer-tidy plugin for LLVM 7", "LLVM %s" % args.major,
            "defer-tidy-llvm7", "-DDEFER_TIDY_LLVM_MAJOR=7")

    seven = fake_clang_tidy("LLVM version 7.0.0")
    out = run(args, ["run", "--plugin-dir", plugins, "--clang-tidy", seven,
                     "-p", "."])
    refused(out, "run without run-clang-tidy", "run-clang-tidy of LLVM 7",
            "clang-tidy-7")


def test_clear_errors(args):
    work = tempfile.mkdtemp(prefix="defer-wrapper-")
    fake = os.path.join(work, "clang-tidy")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\necho 'LLVM version 7.0.0'\n")
    os.chmod(fake, 0o755)
    out = run(args, ["--clang-tidy=" + fake, "x.cpp"])
    expect(out.returncode == 2 and "is LLVM 7" in out.stderr and
           "no defer-tidy plugin for LLVM 7" in out.stderr,
           "an unmatched clang-tidy is refused: " + out.stderr)
    out = run(args, ["--help"])
    expect(out.returncode == 0 and "usage: defer-tidy" in out.stdout and
           "--checks" in out.stdout, "--help shows both option sets")


def test_wrapper_named_clang_tidy(args):
    """A `clang-tidy` on PATH that is the wrapper itself (a link, or a copy)
    is passed over, not asked for its version over and over."""
    shims = tempfile.mkdtemp(prefix="defer-shim-")
    linked = os.path.join(shims, "link")
    copied = os.path.join(shims, "copy")
    for folder in (linked, copied):
        os.makedirs(folder)
    os.symlink(os.path.realpath(args.wrapper),
               os.path.join(linked, "clang-tidy"))
    shutil.copy(args.relocatable_wrapper, os.path.join(copied, "clang-tidy"))
    for folder in (linked, copied):
        env = dict(os.environ, PATH=folder + os.pathsep + os.environ["PATH"])
        out = run(args, ["--print-clang-tidy"], env=env, timeout=60)
        tool = out.stdout.strip()
        expect(out.returncode == 0 and tool and
               not tool.startswith(folder),
               "a real clang-tidy, not the shim in %s: %r %r"
               % (folder, out.stdout, out.stderr))
    out = run(args, ["--clang-tidy=" + os.path.join(linked, "clang-tidy"),
                     "x.cpp"], timeout=60)
    refused(out, "the wrapper given as the clang-tidy", "is this wrapper")


def test_clang_tidy_by_command_name(args):
    """--clang-tidy and DEFER_TIDY_CLANG_TIDY take a command name, looked up
    on PATH as a shell does, as well as a path."""
    name = "clang-tidy-%s" % args.major
    found = shutil.which(name)
    expect(found, "%s is on PATH" % name)
    out = run(args, ["--clang-tidy=" + name, "--print-clang-tidy"])
    expect(out.returncode == 0 and out.stdout.strip() == found,
           "--clang-tidy=%s runs %s: %r %r" % (name, found, out.stdout,
                                               out.stderr))
    out = run(args, ["--print-plugin"],
              env=dict(os.environ, DEFER_TIDY_CLANG_TIDY=name))
    expect(out.returncode == 0 and out.stdout.strip() == args.plugin,
           "DEFER_TIDY_CLANG_TIDY=%s picks its plugin: %r %r"
           % (name, out.stdout, out.stderr))
    out = run(args, ["--clang-tidy=no-such-clang-tidy", "x.cpp"])
    refused(out, "a command name that is not on PATH",
            "no-such-clang-tidy", "not found on PATH")


def test_options_need_their_values(args):
    """A wrapper option without its value is refused; it never takes the
    next option as its value."""
    for cmd, needle in [
            (["--plugin-dir", "--print-plugin"], "--plugin-dir needs"),
            (["--plugin-dir=", "--print-plugin"], "--plugin-dir needs"),
            (["--clang-tidy", "--list"], "--clang-tidy needs"),
            (["--llvm", "--print-plugin"], "--llvm needs"),
            (["--print-plugin", "--plugin-dir"], "--plugin-dir needs")]:
        out = run(args, cmd)
        refused(out, " ".join(cmd), needle)
    out = run(args, ["--print-plugin"],
              env=dict(os.environ, DEFER_TIDY_LLVM_MAJOR="abc"))
    refused(out, "a major that is not a number", "DEFER_TIDY_LLVM_MAJOR",
            "abc")


TESTS = [test_wrapper_named_clang_tidy, test_picks_the_matching_pair,
         test_single_file, test_run_mode, test_diff_mode,
         test_diff_mode_file_names, test_clear_errors,
         test_errors_name_what_is_missing, test_clang_tidy_by_command_name,
         test_options_need_their_values]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wrapper", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--major", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--relocatable-wrapper", required=True,
                        help="the wrapper as installed, which looks for "
                        "plugins relative to its own folder")
    args = parser.parse_args()
    return run_tests_with(TESTS, args, "defer-wrapper-")

if __name__ == "__main__":
    sys.exit(main())
