#!/usr/bin/env python3
"""Checks that a source compiles with -DDEFER_CASE=0 and fails, with an
error containing --expect (default: "deleted"), with every other case from 1
to --cases. --flag adds a compiler flag, such as -Werror."""
import argparse
import subprocess
import sys


def compile_case(args, case):
    command = ([args.compiler, "-std=c++17", "-fsyntax-only",
                "-DDEFER_CASE=%d" % case] + args.flag
               + ["-I" + d for d in args.include if d] + [args.source])
    return subprocess.run(command, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compiler", required=True)
    parser.add_argument("--include", action="append", default=[])
    parser.add_argument("--flag", action="append", default=[])
    parser.add_argument("--expect", default="deleted")
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("source")
    args = parser.parse_args()

    failures = 0
    control = compile_case(args, 0)
    if control.returncode != 0:
        print("case 0 should compile:\n" + control.stdout)
        failures += 1
    for case in range(1, args.cases + 1):
        result = compile_case(args, case)
        if result.returncode == 0:
            print("case %d compiled, it must not" % case)
            failures += 1
        elif args.expect not in result.stdout:
            print("case %d failed for another reason:\n%s"
                  % (case, result.stdout))
            failures += 1
        else:
            print("case %d rejected: %s" % (case, args.expect))
    print("%d passed, %d failed" % (args.cases + 1 - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
