#!/usr/bin/env python3
"""Runs a defer-tidy check on a test file and verifies what it reports.

The test file is its own specification, in the manner of LLVM's
check_clang_tidy.py:

  // CHECK-MESSAGES: :[[@LINE+1]]:20: warning: ... [defer-stale-capture]
  // CHECK-NOTES:    notes, when the test wants to see them
  // CHECK-FIXES:    lines expected in the file after --fix

Steps: the CHECK lines are blanked (so line numbers stay put), clang-tidy
runs with --fix on a copy, FileCheck verifies the messages and the fixed
file, then clang-tidy runs again on the fixed file: it must compile, and
the only warnings left must be the ones that carried no fix-it (every fix
removed its problem and created none).

Usage:
  check_clang_tidy.py --clang-tidy=BIN --plugin=SO [options] \
      INPUT CHECKS TEMP [-- [clang-tidy args] -- compiler args]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys


def run(args, **kwargs):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kwargs)


def filecheck(check_file, prefix, text, extra=()):
    args = ["FileCheck", "-input-file=-", check_file,
            "-check-prefix=" + prefix, "-strict-whitespace"]
    args.extend(extra)
    proc = subprocess.run(args, input=text, universal_newlines=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        sys.exit("FileCheck %s failed:\n%s\n--- input was ---\n%s"
                 % (prefix, proc.stdout, text))


WARNING = re.compile(r"^.*?:\d+:\d+: warning: (.*)$")


def warning_texts(output):
    """The text of each warning, without its location."""
    return [m.group(1) for m in map(WARNING.match, output.splitlines()) if m]


def unfixed_warnings(output):
    """Warnings of a --fix run that no "FIX-IT applied" note follows."""
    result, current = [], None
    for line in output.splitlines():
        m = WARNING.match(line)
        if m:
            if current is not None:
                result.append(current)
            current = m.group(1)
        elif "FIX-IT applied suggested code changes" in line:
            current = None
    if current is not None:
        result.append(current)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("-check-suffix", "-check-suffixes", default="",
                        help="comma-separated suffixes: CHECK-MESSAGES-<S>")
    parser.add_argument("--std", default="c++17")
    parser.add_argument("--config", default=None,
                        help="clang-tidy --config text (check options)")
    parser.add_argument("input")
    parser.add_argument("checks")
    parser.add_argument("temp")
    argv = sys.argv[1:]
    tail = []
    if "--" in argv:
        split = argv.index("--")
        argv, tail = argv[:split], argv[split + 1:]
    args, tidy_extra = parser.parse_known_args(argv)
    if "--" in tail:
        split = tail.index("--")
        tidy_extra += tail[:split]
        compiler_args = tail[split + 1:]
    else:
        tidy_extra += tail
        compiler_args = []
    compiler_args = ["-std=" + args.std] + compiler_args

    suffixes = [s for s in args.check_suffix.split(",") if s]
    tags = ["-" + s for s in suffixes] or [""]
    prefixes = {kind: [kind + t for t in tags]
                for kind in ("CHECK-MESSAGES", "CHECK-NOTES", "CHECK-FIXES")}

    with open(args.input, encoding="utf-8") as f:
        original = f.read()
    # Blank the CHECK lines, keeping line numbers.
    cleaned = re.sub(r"// *CHECK-[A-Z0-9\-]*:[^\r\n]*", "//", original)

    has = {kind: any(re.search(p + ":", original) for p in plist)
           for kind, plist in prefixes.items()}

    temp_dir = os.path.dirname(os.path.abspath(args.temp)) or "."
    os.makedirs(temp_dir, exist_ok=True)
    ext = os.path.splitext(args.input)[1] or ".cpp"
    fixed_path = args.temp + ext
    with open(fixed_path, "w", encoding="utf-8") as f:
        f.write(cleaned)
    shutil.copy(fixed_path, args.temp + ".orig" + ext)

    base = [args.clang_tidy, "--load=" + args.plugin,
            "--checks=-*," + args.checks, "--header-filter=^$",
            "--system-headers=0", "--quiet"]
    if args.config:
        base.append("--config=" + args.config)
    base.extend(tidy_extra)

    proc = run(base + ["--fix", "--fix-notes", fixed_path, "--"]
               + compiler_args)
    output = proc.stdout
    # clang-tidy exits non-zero on compiler errors; those fail the test.
    if proc.returncode != 0 or re.search(r"error:", output):
        sys.exit("clang-tidy failed (exit %d):\n%s" % (proc.returncode, output))

    notes_and_messages = "\n".join(
        l for l in output.splitlines()
        if re.search(r"(warning|error|note):", l)
        and "FIX-IT applied" not in l and "fixes were applied" not in l)

    if has["CHECK-MESSAGES"]:
        for p in prefixes["CHECK-MESSAGES"]:
            filecheck(args.input, p, notes_and_messages,
                      ["-implicit-check-not={{warning|error}}:"])
    elif has["CHECK-NOTES"]:
        pass
    elif warning_texts(output):
        sys.exit("unexpected diagnostics (the test expects none):\n" + output)

    if has["CHECK-NOTES"]:
        for p in prefixes["CHECK-NOTES"]:
            filecheck(args.input, p, notes_and_messages,
                      ["-implicit-check-not={{note|warning|error}}:"])

    with open(fixed_path, encoding="utf-8") as f:
        fixed = f.read()
    if has["CHECK-FIXES"]:
        for p in prefixes["CHECK-FIXES"]:
            filecheck(args.input, p, fixed)
    elif fixed != cleaned and not has["CHECK-MESSAGES"]:
        sys.exit("the check changed a file that expects no fixes")

    proc = run(base + [fixed_path, "--"] + compiler_args)
    rerun = proc.stdout
    if re.search(r"error:", rerun) or proc.returncode != 0:
        sys.exit("the fixed file does not compile:\n%s\n--- fixed file ---\n%s"
                 % (rerun, fixed))
    expected_left = sorted(unfixed_warnings(output))
    left = sorted(warning_texts(rerun))
    if left != expected_left:
        sys.exit("after --fix, the warnings left are not the ones without a "
                 "fix-it.\nexpected:\n  %s\ngot:\n  %s"
                 % ("\n  ".join(expected_left), "\n  ".join(left)))


if __name__ == "__main__":
    main()
