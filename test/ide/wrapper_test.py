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
from ide_testing import expect, run_tests

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


def test_clear_errors(args):
    work = tempfile.mkdtemp(prefix="defer-wrapper-")
    fake = os.path.join(work, "clang-tidy")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\necho 'LLVM version 7.0.0'\n")
    os.chmod(fake, 0o755)
    out = run(args, ["--clang-tidy=" + fake, "x.cpp"])
    expect(out.returncode == 2 and "LLVM 7" in out.stderr and
           "no plugin" in out.stderr, "an unmatched clang-tidy is refused: "
           + out.stderr)
    out = run(args, ["--llvm=7", "x.cpp"])
    expect(out.returncode == 2 and "no plugin for LLVM 7" in out.stderr,
           out.stderr)
    out = run(args, ["--help"])
    expect(out.returncode == 0 and "usage: defer-tidy" in out.stdout and
           "--checks" in out.stdout, "--help shows both option sets")


TESTS = [test_picks_the_matching_pair, test_single_file, test_run_mode,
         test_diff_mode, test_clear_errors]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wrapper", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--major", required=True)
    parser.add_argument("--inputs", required=True)
    args = parser.parse_args()
    # Every folder the tests make goes under one that is removed at the end.
    with tempfile.TemporaryDirectory(prefix="defer-wrapper-") as top:
        tempfile.tempdir = top
        return run_tests([(t.__name__, lambda t=t: t(args)) for t in TESTS])

if __name__ == "__main__":
    sys.exit(main())
