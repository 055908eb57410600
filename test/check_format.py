#!/usr/bin/env python3
"""Fails when a C++ file of the project differs from what clang-format makes
of it with the `.clang-format` at the root.

The lit test inputs (test/checks, test/real-headers) are left out: their
CHECK lines name columns, and some inputs are deliberately malformed.

Usage: check_format.py --clang-format BIN --root SOURCE_DIR
"""

import argparse
import os
import subprocess
import sys

SUFFIXES = (".cpp", ".h", ".cc", ".hpp")
SKIPPED = ("test/checks", "test/real-headers")
SKIPPED_DIRS = {".git", "node_modules"}


def sources(root):
    for top, dirs, files in os.walk(root):
        rel_top = os.path.relpath(top, root)
        dirs[:] = sorted(
            d for d in dirs
            if d not in SKIPPED_DIRS and not d.startswith("build")
            and os.path.normpath(os.path.join(rel_top, d)) not in SKIPPED)
        for name in sorted(files):
            if name.endswith(SUFFIXES):
                yield os.path.normpath(os.path.join(rel_top, name))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clang-format", required=True)
    parser.add_argument("--root", required=True)
    args = parser.parse_args()

    checked = 0
    unformatted = []
    for path in sources(args.root):
        checked += 1
        proc = subprocess.run(
            [args.clang_format, "--dry-run", "-Werror", path], cwd=args.root,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            universal_newlines=True)
        if proc.returncode != 0:
            unformatted.append(path)
    if checked == 0:
        print("check_format: no C++ files found under " + args.root)
        return 1
    for path in unformatted:
        print("not formatted: %s (run: %s -i %s)"
              % (path, args.clang_format, path))
    print("check_format: %d files checked, %d not formatted"
          % (checked, len(unformatted)))
    return 1 if unformatted else 0


if __name__ == "__main__":
    sys.exit(main())
