#!/usr/bin/env python3
"""Runs the defer-* checks on sources that use scope guards and metrics.

Each --flagged source marks the lines the checks must warn about with a
comment `// stale: NAME[, NAME]`; the warnings must fall on exactly those
lines and quote each NAME. Each --clean source must get no warning at all.
"""
import argparse
import re
import subprocess
import sys

WARNING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):\d+: warning: "
                     r"(?P<message>.*) \[(?P<check>defer-[\w-]+)\]$")
MARKER = re.compile(r"//\s*stale:\s*(?P<names>[\w, ]+)$")


def warnings_of(args, source):
    command = [args.clang_tidy, "--load=" + args.plugin,
               "--checks=-*,defer-*", "--header-filter=^$",
               "-p", args.build_dir, source]
    result = subprocess.run(command, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, timeout=600)
    found = {}
    for line in result.stdout.splitlines():
        match = WARNING.match(line)
        if match and match.group("file").endswith(source):
            found.setdefault(int(match.group("line")), []).append(
                match.group("message"))
    if result.returncode != 0 and not found:
        print("clang-tidy failed on %s:\n%s" % (source, result.stdout))
        return None
    return found


def expected_of(source):
    expected = {}
    with open(source) as text:
        for number, line in enumerate(text, start=1):
            match = MARKER.search(line.rstrip())
            if match:
                expected[number] = [name.strip() for name in
                                    match.group("names").split(",")
                                    if name.strip()]
    return expected


def check_flagged(args, source):
    problems = []
    expected = expected_of(source)
    if not expected:
        return ["%s has no '// stale:' markers" % source]
    found = warnings_of(args, source)
    if found is None:
        return ["clang-tidy did not run on %s" % source]
    for line in sorted(set(expected) - set(found)):
        problems.append("%s:%d: no warning for %s"
                        % (source, line, ", ".join(expected[line])))
    for line in sorted(set(found) - set(expected)):
        problems.append("%s:%d: unexpected warning: %s"
                        % (source, line, "; ".join(found[line])))
    for line in sorted(set(found) & set(expected)):
        for name in expected[line]:
            if not any("'%s'" % name in message for message in found[line]):
                problems.append("%s:%d: no warning names '%s': %s"
                                % (source, line, name,
                                   "; ".join(found[line])))
    print("%s: %d marked lines, %d warned lines"
          % (source, len(expected), len(found)))
    return problems


def check_clean(args, source):
    found = warnings_of(args, source)
    if found is None:
        return ["clang-tidy did not run on %s" % source]
    print("%s: %d warned lines" % (source, len(found)))
    return ["%s:%d: unexpected warning: %s"
            % (source, line, "; ".join(found[line])) for line in sorted(found)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--build-dir", required=True,
                        help="directory holding compile_commands.json")
    parser.add_argument("--flagged", action="append", default=[])
    parser.add_argument("--clean", action="append", default=[])
    args = parser.parse_args()

    problems = []
    for source in args.flagged:
        problems += check_flagged(args, source)
    for source in args.clean:
        problems += check_clean(args, source)
    for problem in problems:
        print("FAIL: " + problem)
    print("%d sources checked, %d problems"
          % (len(args.flagged) + len(args.clean), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
