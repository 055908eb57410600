#!/usr/bin/env python3
"""Checks that every C++ block of a Markdown page is code that is compiled.

Each ```c++ block of --doc must be found in one of the --source files, which
the build compiles: every paragraph of the block (lines between blank lines)
as a stretch of the source's code, the paragraphs in order. Comments and
white space are ignored, so the page may annotate and lay out its code
differently from the source.
"""
import argparse
import re
import sys

FENCE = re.compile(r"^```(\S*)\s*$")


def without_comment(line):
    """The line up to a `//` comment that is not inside a string literal."""
    in_string = False
    i = 0
    while i < len(line):
        char = line[i]
        if in_string and char == "\\":
            i += 2
            continue
        if char == '"':
            in_string = not in_string
        elif not in_string and line.startswith("//", i):
            return line[:i]
        i += 1
    return line


def code_of(lines):
    """The code of the lines without comments or white space."""
    return "".join("".join(without_comment(line).split()) for line in lines)


def paragraphs(lines):
    """The code of each run of lines between blank lines."""
    groups = [[]]
    for line in lines:
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [code for code in map(code_of, groups) if code]


def cpp_blocks(doc):
    """(line number, lines) of each ```c++ block."""
    blocks = []
    with open(doc) as text:
        current = None
        for number, line in enumerate(text, start=1):
            fence = FENCE.match(line.rstrip("\n"))
            if fence and current is None:
                current = (number, []) if fence.group(1) == "c++" else False
            elif fence:
                if current:
                    blocks.append(current)
                current = None
            elif current:
                current[1].append(line.rstrip("\n"))
    return blocks


def found_in(source_code, block):
    position = 0
    for code in paragraphs(block):
        position = source_code.find(code, position)
        if position < 0:
            return False
        position += len(code)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--doc", required=True)
    parser.add_argument("--source", action="append", required=True)
    args = parser.parse_args()

    sources = []
    for source in args.source:
        with open(source) as text:
            sources.append(code_of(text))

    blocks = cpp_blocks(args.doc)
    missing = [(number, block) for number, block in blocks
               if not any(found_in(code, block) for code in sources)]
    for number, block in missing:
        print("%s:%d: this block is in none of the sources:\n  %s"
              % (args.doc, number, "\n  ".join(block)))
    print("%d of %d C++ blocks found in the sources"
          % (len(blocks) - len(missing), len(blocks)))
    return 1 if missing or not blocks else 0


if __name__ == "__main__":
    sys.exit(main())
