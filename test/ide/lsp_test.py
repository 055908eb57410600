# Drives defer-clangd over the Language Server Protocol the way an editor
# does: the check's warning, its note, its quick fix, and broken buffers.
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

from ide_testing import expect, run_tests
from lsp_client import LspClient, apply_edits, path_uri, position_of

CHECK = "defer-stale-capture"
MESSAGE = ("scope guard 'report' captures 'ec' by value, but 'ec' is "
           "modified before the guard runs")
NOTE = "'ec' is modified here"

# clangd builds the #include block of a file as a preamble and skips the
# bodies of the functions it declares, so a guard class recognised by its
# destructor body is not recognised when defined in a header. Listing the
# class in GuardClasses restores the warning; clang-tidy always sees it.
HEADER_GUARD_SEEN_BY_CLANGD = False

CLANG_TIDY_CONFIG = """\
Checks: '-*,{check}'
CheckOptions:
{options}
"""
CLANGD_CONFIG = """\
Diagnostics:
  ClangTidy:
    FastCheckFilter: Loose
"""


class Workspace:
    """A project folder holding the inputs and the editor's configuration."""

    def __init__(self, args, options=""):
        self.dir = tempfile.mkdtemp(prefix="defer-lsp-")
        self.inputs = args.inputs
        for name in os.listdir(args.inputs):
            shutil.copy(os.path.join(args.inputs, name), self.dir)
        self.write(".clang-tidy", CLANG_TIDY_CONFIG.format(
            check=CHECK, options=options or "  {}"))
        self.write(".clangd", CLANGD_CONFIG)
        self.write("compile_flags.txt", "-xc++\n-std=c++17\n-I%s\n"
                   % args.llvm_include)
        env = dict(os.environ)
        # Keep the user's own clangd configuration out of the test.
        env["XDG_CONFIG_HOME"] = os.path.join(self.dir, ".config")
        self.client = LspClient(
            [args.clangd, "--log=error", "--background-index=false",
             "--pch-storage=memory"], cwd=self.dir, env=env,
            timeout=args.timeout)
        self.client.request("initialize", {
            "processId": os.getpid(),
            "rootUri": path_uri(self.dir),
            "capabilities": {"textDocument": {
                "publishDiagnostics": {"relatedInformation": True},
                "codeAction": {"codeActionLiteralSupport": {
                    "codeActionKind": {"valueSet": ["quickfix"]}}}}}})
        self.client.notify("initialized", {})
        self.versions = {}

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def text(self, name):
        with open(os.path.join(self.dir, name)) as f:
            return f.read()

    def uri(self, name):
        return path_uri(os.path.join(self.dir, name))

    def open(self, name, text=None):
        """Opens a file in the editor; returns its diagnostics."""
        self.versions[name] = 1
        self.client.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.uri(name), "languageId": "cpp", "version": 1,
            "text": self.text(name) if text is None else text}})
        return self.client.diagnostics(self.uri(name), 1)

    def change(self, name, text):
        """Replaces the buffer's text; returns the new diagnostics."""
        self.versions[name] += 1
        version = self.versions[name]
        self.client.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri(name), "version": version},
            "contentChanges": [{"text": text}]})
        return self.client.diagnostics(self.uri(name), version)

    def close(self):
        status = self.client.shutdown()
        shutil.rmtree(self.dir, ignore_errors=True)
        return status


def ours(diagnostics):
    return [d for d in diagnostics if d.get("code") == CHECK]


def says(diag, message):
    """clangd capitalises messages and may append "(fix available)"."""
    return message.lower() in diag["message"].lower()


def test_warning_note_and_fix(args):
    ws = Workspace(args)
    try:
        text = ws.text("stale_capture.cpp")
        found = ours(ws.open("stale_capture.cpp"))
        expect(len(found) == 1, "one %s warning, got %s" % (CHECK, found))
        diag = found[0]
        expect(says(diag, MESSAGE), "message: %r" % diag["message"])
        expect(diag.get("severity") == 2, "a warning: %s" % diag)

        capture = text.index("[ec, start]") + 1
        start = position_of(text, capture)
        end = position_of(text, capture + len("ec"))
        expect(diag["range"]["start"] == start,
               "range starts at the capture %s: %s" % (start, diag["range"]))
        expect(diag["range"]["end"] == end,
               "range covers 'ec' %s: %s" % (end, diag["range"]))

        assignment = position_of(text, text.index("ec = reconcile()"))
        notes = [r for r in diag.get("relatedInformation", [])
                 if NOTE in r["message"]]
        expect(notes and notes[0]["location"]["range"]["start"] ==
               assignment, "note at the assignment %s: %s"
               % (assignment, diag.get("relatedInformation")))

        actions = ws.client.request("textDocument/codeAction", {
            "textDocument": {"uri": ws.uri("stale_capture.cpp")},
            "range": diag["range"],
            "context": {"diagnostics": [diag]}}) or []
        fixes = [a for a in actions if a.get("kind") == "quickfix"
                 and a.get("edit")]
        expect(fixes, "a quick fix is offered: %s" % actions)
        edits = fixes[0]["edit"]["changes"][ws.uri("stale_capture.cpp")]
        fixed = apply_edits(text, edits)
        expected = ws.text("stale_capture.fixed.cpp")
        expect(fixed == expected, "the fix gives the fixed file, got:\n"
               + fixed)

        # The editor applies the edit: the warning goes away.
        after = ours(ws.change("stale_capture.cpp", fixed))
        expect(not after, "no warning on the fixed code: %s" % after)
    finally:
        expect(ws.close() == 0, "clangd exits cleanly")


def partial_edits(text):
    """Buffers an editor sends while the guard line is typed and mangled."""
    line_start = text.index("  auto report")
    line_end = text.index("\n", line_start) + 1
    head, guard, tail = text[:line_start], text[line_start:line_end], \
        text[line_end:]
    edits = []
    # Typed a few characters at a time: half-typed lambdas, no braces.
    for cut in range(0, len(guard), 6):
        edits.append(head + guard[:cut])
    broken = [
        guard.replace("); });", "); );"),
        guard.replace("start] {", "start {"),
        guard.replace("[ec, start]", "[=, &"),
        guard.replace("[ec, start]", "[ec, ec]"),
        guard.replace("[ec, start]", "[ec = , start]"),
        guard.replace("[ec, start]", "[missing, start]"),
        guard.replace("{ observe(ec, start); }", "{ observe(ec, start);"),
        guard.replace("llvm::make_scope_exit(", "llvm::make_scope_exit<"),
        guard.replace("auto report", "auto"),
    ]
    for variant in broken:
        edits.append(head + variant + tail)
        edits.append(head + variant + tail.replace("}", "", 1))
    edits.append(text.replace("ec = reconcile();", "ec = reconcile("))
    edits.append(text.replace("ec = reconcile();", "ec ="))
    edits.append(text[:-3])
    return edits


def test_partial_edits(args):
    ws = Workspace(args)
    try:
        name = "stale_capture.cpp"
        text = ws.text(name)
        ws.open(name)
        for buffer in partial_edits(text):
            diags = ws.change(name, buffer)
            expect(ws.client.alive(), "clangd is alive after:\n" + buffer)
            # Ask for fixes on every broken state, as editors do on hover.
            ws.client.request("textDocument/codeAction", {
                "textDocument": {"uri": ws.uri(name)},
                "range": {"start": {"line": 0, "character": 0},
                          "end": position_of(buffer, len(buffer))},
                "context": {"diagnostics": diags}})
        found = ours(ws.change(name, text))
        expect(len(found) == 1, "the warning returns once the code is "
               "whole again: %s" % found)
    finally:
        expect(ws.close() == 0, "clangd exits cleanly")


def test_guard_class_in_main_file(args):
    ws = Workspace(args)
    try:
        found = ours(ws.open("local_guard.cpp"))
        expect(len(found) == 1 and says(found[0], MESSAGE),
               "a guard class defined in the file is recognised: %s"
               % found)
    finally:
        expect(ws.close() == 0, "clangd exits cleanly")


def test_guard_class_in_header(args):
    ws = Workspace(args)
    try:
        found = ours(ws.open("header_guard.cpp"))
        expect(bool(found) == HEADER_GUARD_SEEN_BY_CLANGD,
               "a guard class defined in a header is %s by clangd: %s"
               % ("seen" if HEADER_GUARD_SEEN_BY_CLANGD else "not seen",
                  found))
    finally:
        expect(ws.close() == 0, "clangd exits cleanly")

    ws = Workspace(args, options="  defer-stale-capture.GuardClasses: "
                   "'::Finally'")
    try:
        found = ours(ws.open("header_guard.cpp"))
        expect(len(found) == 1, "listed in GuardClasses, the header's "
               "guard class is recognised: %s" % found)
    finally:
        expect(ws.close() == 0, "clangd exits cleanly")

    if args.wrapper:
        out = subprocess.run(
            [args.wrapper, "--checks=-*," + CHECK, "--quiet",
             os.path.join(args.inputs, "header_guard.cpp"), "--",
             "-std=c++17"], capture_output=True, text=True, timeout=120)
        expect(MESSAGE in out.stdout, "clang-tidy sees the header's guard "
               "class:\n" + out.stdout + out.stderr)


TESTS = [test_warning_note_and_fix, test_partial_edits,
         test_guard_class_in_main_file, test_guard_class_in_header]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--llvm-include", required=True)
    parser.add_argument("--wrapper", help="defer-tidy, to compare with "
                        "clang-tidy's view")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--filter", default="", help="regex of test names")
    args = parser.parse_args()

    return run_tests([(t.__name__, lambda t=t: t(args)) for t in TESTS
                      if re.search(args.filter, t.__name__)])

if __name__ == "__main__":
    sys.exit(main())
