# Runs clang-tidy with the plugin over a small compilation database, turns
# its --export-fixes output into SARIF and checks it: against the SARIF 2.1.0
# schema, and for notes, fixes, fingerprints and one result per finding;
# then regions, rule metadata, and the refusal of inputs it cannot use.
import argparse
import json
import os
import shutil
import sys
import tempfile

from ide_testing import expect, run, run_tests

CHECKS = "-*,bugprone-use-after-move,modernize-use-nullptr,defer-*"
SOURCES = ["moved.cpp", "first.cpp", "second.cpp"]
FINGERPRINT = "deferTidyFinding/v1"


class Project:
    """A copy of the inputs with a compilation database."""

    def __init__(self, args):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="defer-sarif-")
        for name in os.listdir(args.inputs):
            shutil.copy(os.path.join(args.inputs, name), self.dir)
        # The guard class comes from the LSP test's header.
        guards = os.path.join(os.path.dirname(args.inputs), "lsp")
        with open(os.path.join(self.dir, "compile_commands.json"), "w") as f:
            json.dump([{"directory": self.dir, "file": name,
                        "arguments": ["c++", "-std=c++17", "-I" + guards,
                                      "-c", name]}
                       for name in SOURCES], f)

    def path(self, name):
        return os.path.join(self.dir, name)

    def text(self, name):
        with open(self.path(name), encoding="utf-8") as f:
            return f.read()

    def tidy(self, label, files=()):
        """`defer-tidy run` with one export file per translation unit."""
        fixes = self.path("fixes-" + label)
        os.makedirs(fixes)
        out = run([self.args.wrapper, "run", "-p", self.dir,
                   "-checks=" + CHECKS, "-header-filter=.*", "-quiet",
                   "-export-fixes", fixes + "/"] + list(files))
        expect(out.returncode == 0, "defer-tidy run failed:\n"
               + out.stdout + out.stderr)
        return fixes

    def sarif(self, fixes, label, *extra):
        output = self.path(label + ".sarif.json")
        out = run([self.args.sarif, fixes, "--source-root", self.dir,
                   "-o", output] + list(extra))
        expect(out.returncode in (0, 1), "conversion of %s failed:\n%s"
               % (fixes, out.stderr))
        with open(output, encoding="utf-8") as f:
            return out.returncode, json.load(f), output

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write(text)
        return self.path(name)


def has_defer_check(args):
    out = run([args.wrapper, "--list-checks", "-checks=-*,defer-*"])
    return "defer-stale-capture" in out.stdout


def results_of(sarif, rule):
    return [r for r in sarif["runs"][0]["results"] if r["ruleId"] == rule]


def region(result):
    return result["locations"][0]["physicalLocation"]["region"]


def utf16_units(text):
    return len(text.encode("utf-16-le")) // 2


def line_col(text, needle, skip=0):
    """1-based line and UTF-16 column of a needle's start."""
    offset = text.index(needle) + skip
    line = text.count("\n", 0, offset) + 1
    return line, utf16_units(text[text.rfind("\n", 0, offset) + 1:
                                  offset]) + 1


def byte_offset(text, needle, skip=0):
    return len(text[:text.index(needle) + skip].encode("utf-8"))


def start_and_end(region):
    return ((region["startLine"], region["startColumn"]),
            (region["endLine"], region["endColumn"]))


def check_notes_and_columns(project, sarif):
    moved = project.text("moved.cpp")
    found = results_of(sarif, "bugprone-use-after-move")
    expect(len(found) == 1, "one use-after-move: %s" % found)
    expect(sarif["runs"][0].get("columnKind") == "utf16CodeUnits",
           "columns are declared as UTF-16 code units")
    line, col = line_col(moved, "*/ s);", 3)
    expect(start_and_end(region(found[0])) == ((line, col), (line, col + 1)),
           "columns count UTF-16 units, not bytes or code points, and the "
           "region covers the token 's': %s vs %s" % (region(found[0]),
                                                      (line, col)))
    related = found[0].get("relatedLocations", [])
    expect(len(related) == 1 and related[0]["message"]["text"] ==
           "move occurred here", "the note is a related location: %s"
           % related)
    note_region = related[0]["physicalLocation"]["region"]
    expect((note_region["startLine"], note_region["startColumn"]) ==
           line_col(moved, "std::move(s)"), "note position: %s"
           % note_region)


def check_fix_and_dedup(project, sarif):
    nulls = results_of(sarif, "modernize-use-nullptr")
    in_header = [r for r in nulls if r["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"] == "common.h"]
    expect(len(in_header) == 1, "a header finding of two translation "
           "units appears once: %s" % nulls)
    expect(len(nulls) == 2, "plus the one in first.cpp: %s" % nulls)
    for result in nulls:
        fixes = result.get("fixes", [])
        expect(len(fixes) == 1, "the fix-it is a SARIF fix: %s" % result)
        change = fixes[0]["artifactChanges"][0]
        rep = change["replacements"][0]
        expect(rep["insertedContent"]["text"] == "nullptr", rep)
        expect(change["artifactLocation"]["uri"] ==
               result["locations"][0]["physicalLocation"][
                   "artifactLocation"]["uri"], change)
        deleted = rep["deletedRegion"]
        expect(deleted["startLine"] == deleted["endLine"] and
               deleted["endColumn"] - deleted["startColumn"] == 1,
               "the fix replaces the '0': %s" % deleted)


def check_rules(sarif):
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    for result in run_["results"]:
        expect(rules[result["ruleIndex"]]["id"] == result["ruleId"],
               "ruleIndex points at the rule: %s" % result["ruleId"])
        expect(FINGERPRINT in result.get("partialFingerprints", {}),
               "every result has a fingerprint")
    by_id = {r["id"]: r for r in rules}
    expect(by_id["bugprone-use-after-move"]["helpUri"].endswith(
        "/bugprone/use-after-move.html"), by_id["bugprone-use-after-move"])
    fps = [r["partialFingerprints"][FINGERPRINT] for r in run_["results"]]
    expect(len(fps) == len(set(fps)), "fingerprints are unique: %s" % fps)


def check_defer_findings(project, sarif, docs_dir):
    found = results_of(sarif, "defer-stale-capture")
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"] for r in found)
    expect(uris == ["common.h", "moved.cpp"], "one stale capture in the "
           "header and one in moved.cpp: %s" % uris)
    moved = project.text("moved.cpp")
    result = [r for r in found if r["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"] == "moved.cpp"][0]
    expect((region(result)["startLine"], region(result)["startColumn"]) ==
           line_col(moved, "[ec] { observe", 1), region(result))
    line, col = line_col(moved, "[ec] { observe", 1)
    expect(start_and_end(region(result)) == ((line, col), (line, col + 2)),
           "the region covers the captured name: %s" % region(result))
    notes = [r for r in result.get("relatedLocations", [])
             if r["message"]["text"] == "'ec' is modified here"]
    expect(notes, "the note survives: %s" % result)
    line, col = line_col(moved, "ec = reconcile();")
    expect(start_and_end(notes[0]["physicalLocation"]["region"]) ==
           ((line, col), (line, col + len("ec = reconcile()"))),
           "the note's region is the range clang-tidy reports: %s" % notes)
    fix = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    expect(fix["insertedContent"]["text"] == "&", "the fix inserts '&': %s"
           % fix)
    rule = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"]
            if r["id"] == "defer-stale-capture"][0]
    if os.path.isdir(docs_dir) and any(
            "defer-stale-capture" in n for _, _, names in os.walk(docs_dir)
            for n in names):
        expect("defer-stale-capture" in rule.get("helpUri", ""),
               "the rule links to the check's page: %s" % rule)


SPANS_SOURCE = """\
// Columns of UTF-16 units: 𝑥 is two of them, é one, and four bytes and two.
int total(int, int);
int a = /* 𝑥 é */ total(1,
                        2);
int unused_é = 0;
"""


def export_document(diagnostics):
    """An --export-fixes document, as clang-tidy writes it."""
    return json.dumps({"MainSourceFile": "", "Diagnostics": diagnostics})


def diagnostic(name, message, path, offset, ranges=(), replacements=(),
               level="Warning"):
    return {"DiagnosticName": name, "Level": level, "BuildDirectory": "",
            "DiagnosticMessage": {
                "Message": message, "FilePath": path, "FileOffset": offset,
                "Ranges": [{"FilePath": path, "FileOffset": o, "Length": n}
                           for o, n in ranges],
                "Replacements": [{"FilePath": path, "Offset": o, "Length": n,
                                  "ReplacementText": t}
                                 for o, n, t in replacements]}}


def spans_export(project):
    """Hand-written findings on SPANS_SOURCE with known lengths."""
    source = project.write("spans.cpp", SPANS_SOURCE)
    call = byte_offset(SPANS_SOURCE, "total(1,")
    call_end = byte_offset(SPANS_SOURCE, "2);", 2)
    one = byte_offset(SPANS_SOURCE, "1,\n")
    unused = byte_offset(SPANS_SOURCE, "unused_é")
    return project.write("spans.yaml", export_document([
        diagnostic("misc-spans", "a call over two lines", source, call,
                   ranges=[(call, call_end - call)]),
        diagnostic("readability-one", "a one to replace", source, one,
                   replacements=[(one, 1, "ONE")]),
        diagnostic("clang-diagnostic-unused-variable",
                   "unused variable 'unused_é'", source, unused),
        diagnostic("clang-diagnostic-error", "use of undeclared identifier "
                   "'total2'", source, call, level="Error"),
        diagnostic("clang-diagnostic-error", "unknown argument: '-fnope'",
                   "", 0, level="Error")]))


def check_regions(project, args):
    """Regions end where clang-tidy's lengths say, in UTF-16 units."""
    rc, sarif, sarif_file = project.sarif(spans_export(project), "spans")
    by_rule = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    start = line_col(SPANS_SOURCE, "total(1,")
    end = line_col(SPANS_SOURCE, "2);", 2)
    expect(start_and_end(region(by_rule["misc-spans"])) == (start, end),
           "a range over two lines ends on the second: %s vs %s"
           % (region(by_rule["misc-spans"]), (start, end)))

    one = line_col(SPANS_SOURCE, "1,\n")
    expect(start_and_end(region(by_rule["readability-one"])) ==
           (one, (one[0], one[1] + 1)), "without a range, the replaced "
           "text is the region: %s" % region(by_rule["readability-one"]))
    deleted = by_rule["readability-one"]["fixes"][0]["artifactChanges"][0][
        "replacements"][0]["deletedRegion"]
    expect(start_and_end(deleted) == (one, (one[0], one[1] + 1)),
           "the fix deletes the '1': %s" % deleted)

    name = line_col(SPANS_SOURCE, "unused_é")
    expect(start_and_end(region(by_rule["clang-diagnostic-unused-variable"]))
           == (name, (name[0], name[1] + len("unused_é"))),
           "without a range or a fix, the token at the position: %s"
           % region(by_rule["clang-diagnostic-unused-variable"]))

    expect(all(r.get("locations") for r in sarif["runs"][0]["results"]),
           "every result has a location, or code scanning refuses the file")
    notes = [n["message"]["text"] for i in sarif["runs"][0].get(
        "invocations", []) for n in i["toolExecutionNotifications"]]
    expect(notes == ["unknown argument: '-fnope' [clang-diagnostic-error]"],
           "a diagnostic without a file is a notification: %s" % notes)
    out = validate(args, sarif_file, project.dir)
    expect(out.returncode == 0, "valid SARIF 2.1.0:\n" + out.stdout
           + out.stderr)


def check_rule_metadata(project, sarif, args):
    run_ = sarif["runs"][0]
    driver = run_["tool"]["driver"]
    info = driver.get("informationUri", "")
    expect(not info.startswith("https://clang.llvm.org"),
           "the tool's information is not clang-tidy's check list: %s" % info)
    if info:
        expect(info.startswith("file://") and info.endswith("/ci.md") and
               os.path.exists(info[len("file://"):]),
               "the tool's page is the installed ci.md: %s" % info)
    for rule in driver["rules"]:
        for field in ("shortDescription", "fullDescription", "help"):
            expect(rule.get(field, {}).get("text"),
                   "%s has a %s" % (rule["id"], field))
    by_id = {r["id"]: r for r in driver["rules"]}
    expect(by_id["bugprone-use-after-move"]["shortDescription"]["text"] ==
           "clang-tidy check bugprone-use-after-move",
           by_id["bugprone-use-after-move"])
    if "defer-stale-capture" in by_id:
        full = by_id["defer-stale-capture"]["fullDescription"]["text"]
        expect("copy" in full and "**" not in full, "the check's own "
               "summary, from its page: %s" % full)

    rc, spans, _ = project.sarif(spans_export(project), "spans-rules",
                                 "--docs-url",
                                 "https://example.org/checks/{check}.html")
    driver = spans["runs"][0]["tool"]["driver"]
    by_id = {r["id"]: r for r in driver["rules"]}
    expect("informationUri" not in driver, "no local page is linked when "
           "the pages are on the web: %s" % driver)
    unused = by_id["clang-diagnostic-unused-variable"]
    expect(unused.get("helpUri") == "https://clang.llvm.org/docs/"
           "DiagnosticsReference.html#wunused-variable" and
           "-Wunused-variable" in unused["shortDescription"]["text"],
           "a compiler warning links to its flag: %s" % unused)
    error = by_id["clang-diagnostic-error"]
    expect("helpUri" not in error and
           error["shortDescription"]["text"] == "Clang compiler error", error)


def check_output_ends_with_newline(project, fixes):
    out = run([project.args.sarif, fixes, "--source-root", project.dir])
    expect(out.returncode == 0 and out.stdout.endswith("}\n"),
           "stdout ends with a newline: %r" % out.stdout[-20:])
    _, _, output = project.sarif(fixes, "newline")
    with open(output, "rb") as f:
        expect(f.read().endswith(b"}\n"), "the file ends with a newline")


def refused(project, what, inputs, needle, extra=()):
    """The converter stops with one line naming the file, and exit 2."""
    output = project.path("refused.sarif.json")
    if os.path.exists(output):
        os.remove(output)
    out = run([project.args.sarif] + inputs + ["-o", output] + list(extra))
    lines = out.stderr.strip().splitlines()
    expect(out.returncode == 2 and len(lines) == 1 and
           lines[0].startswith("defer-tidy-sarif: error: ") and
           needle in lines[0] and "Traceback" not in out.stderr,
           "%s: exit 2 and one line with %r, got %d:\n%s"
           % (what, needle, out.returncode, out.stderr))
    expect(not os.path.exists(output), "%s: no SARIF is written" % what)


def check_bad_input(project, first_sarif):
    missing = project.path("no-such-fixes.yaml")
    refused(project, "a missing file", [missing],
            missing + ": no such file or folder")
    broken = project.write("broken.yaml", "Diagnostics:\n  - {Name: [\n")
    refused(project, "invalid YAML", [broken], broken + ":")
    refused(project, "invalid YAML", [broken], "not valid YAML")
    config = project.write("config.yaml", "Checks: '-*,defer-*'\n"
                           "CheckOptions:\n  defer-stale-capture."
                           "AllVariables: true\n")
    refused(project, "a .clang-tidy configuration", [config],
            config + ": not a clang-tidy export-fixes file")
    listing = project.write("list.yaml", "- one\n- two\n")
    refused(project, "other YAML", [listing],
            listing + ": not a clang-tidy export-fixes file")
    refused(project, "a SARIF file", [first_sarif],
            first_sarif + ": not a clang-tidy export-fixes file")
    partial = project.write("partial.yaml", export_document([{
        "DiagnosticName": "misc-x",
        "DiagnosticMessage": {"Message": "m", "FilePath": "a.cpp"}}]))
    refused(project, "a diagnostic without an offset", [partial],
            "FileOffset")
    source = project.write("numbers.cpp", "int main() {\n  return 0;\n}\n")
    for what, diag, needle in [
            ("a fix-it without a file",
             diagnostic("misc-x", "m", source, 1,
                        replacements=[(0, 0, "y")]),
             "Diagnostics[0].DiagnosticMessage.Replacements[0].FilePath "
             "is empty"),
            ("a negative offset", diagnostic("misc-x", "m", source, -3),
             "Diagnostics[0].DiagnosticMessage.FileOffset is negative"),
            ("a negative length",
             diagnostic("misc-x", "m", source, 1, ranges=[(1, -2)]),
             "Diagnostics[0].DiagnosticMessage.Ranges[0].Length is "
             "negative"),
            ("a fix-it at a negative offset",
             diagnostic("misc-x", "m", source, 1,
                        replacements=[(-1, 1, "y")]),
             "Diagnostics[0].DiagnosticMessage.Replacements[0].Offset is "
             "negative")]:
        if what == "a fix-it without a file":
            diag["DiagnosticMessage"]["Replacements"][0]["FilePath"] = ""
        crafted = project.write("crafted.yaml", export_document([diag]))
        refused(project, what, [crafted], crafted + ": " + needle)
    with open(project.path("latin1.yaml"), "wb") as f:
        f.write(b"Diagnostics: []\n# caf\xe9\n")
    refused(project, "text that is not UTF-8", [project.path("latin1.yaml")],
            project.path("latin1.yaml") + ": ")
    folder = project.path("mixed-fixes")
    os.makedirs(folder)
    shutil.copy(config, folder)
    refused(project, "a folder with a wrong file", [folder],
            os.path.join(folder, "config.yaml"))

    empty = project.path("empty-fixes")
    os.makedirs(empty)
    refused(project, "a baseline that is not SARIF", [empty], config,
            ["--baseline", config])
    refused(project, "a missing baseline", [empty], missing,
            ["--baseline", missing])
    refused(project, "a docs URL without {check}", [empty], "{check}",
            ["--docs-url", "https://example.org/checks/"])


def check_empty_exports(project):
    """clang-tidy-diff and run-clang-tidy leave empty files for clean units."""
    folder = project.path("clean-fixes")
    os.makedirs(folder)
    project.write("clean-fixes/tmp1.yaml", "")
    rc, sarif, _ = project.sarif(folder, "clean", "--fail-on", "any")
    expect(rc == 0 and sarif["runs"][0]["results"] == [],
           "empty exports are no findings: %s" % sarif)


def validate(args, sarif_file, workdir):
    """ajv-cli against the SARIF 2.1.0 schema of @microsoft/jest-sarif."""
    # The schema is draft-04, which Ajv 8 reads only after migration.
    schema = os.path.join(workdir, "sarif-2.1.0-rtm.5.draft7.json")
    if not os.path.exists(schema):
        out = run([args.ajv, "migrate", "-s", args.schema, "-o", schema])
        expect(out.returncode == 0, "schema migration:\n" + out.stdout
               + out.stderr)
    return run([args.ajv, "validate", "-s", schema, "-c", args.ajv_options,
                "-d", sarif_file, "--all-errors"])


def check_schema(args, project, sarif_file):
    out = validate(args, sarif_file, project.dir)
    expect(out.returncode == 0, "valid SARIF 2.1.0:\n" + out.stdout
           + out.stderr)
    # The validator must be able to say no.
    with open(sarif_file, encoding="utf-8") as f:
        broken = json.load(f)
    broken["runs"][0]["results"][0]["level"] = "serious"
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "region"]["startLine"] = 0
    bad_file = project.path("broken.sarif.json")
    with open(bad_file, "w", encoding="utf-8") as f:
        json.dump(broken, f)
    out = validate(args, bad_file, project.dir)
    expect(out.returncode != 0 and "level" in out.stdout + out.stderr,
           "a broken file is rejected:\n" + out.stdout + out.stderr)


def check_baseline(project, first_sarif):
    """Fingerprints survive unrelated edits and single out new findings."""
    moved = project.text("moved.cpp")
    shifted = moved.replace("// A use after move",
                            "// Lines added above move every finding.\n\n"
                            "// A use after move", 1)
    with open(project.path("moved.cpp"), "w", encoding="utf-8") as f:
        f.write(shifted)
    fixes = project.tidy("shifted")
    rc, sarif, _ = project.sarif(fixes, "shifted", "--baseline",
                                 first_sarif, "--fail-on", "new")
    states = [r["baselineState"] for r in sarif["runs"][0]["results"]]
    expect(rc == 0 and set(states) == {"unchanged"},
           "moved lines are not new findings: %s" % states)

    with open(project.path("moved.cpp"), "a", encoding="utf-8") as f:
        f.write("\nvoid again() {\n  std::string u;\n  std::string v = "
                "std::move(u);\n  use(u);\n}\n")
    fixes = project.tidy("added")
    rc, sarif, _ = project.sarif(fixes, "added", "--baseline", first_sarif,
                                 "--fail-on", "new")
    new = [r for r in sarif["runs"][0]["results"]
           if r["baselineState"] == "new"]
    expect(rc == 1 and len(new) == 1 and region(new[0])["startLine"] ==
           shifted.count("\n") + 5, "exactly the added finding is new: %s"
           % new)


HANDLER = ("void {name}() {{\n"
           "  std::error_code ec;\n"
           "  Defer d([ec] {{ see(ec); }});\n"
           "  ec = work();\n"
           "}}\n")


def guard_export(folder, label, source, text):
    """Writes source with text into folder, and an export beside it with a
    finding at each '[ec]' of text; returns the export's folder."""
    path = os.path.join(folder, source)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    offsets, at = [], text.find("[ec]")
    while at >= 0:
        offsets.append(len(text[:at + 1].encode("utf-8")))
        at = text.find("[ec]", at + 1)
    fixes = os.path.join(folder, label)
    os.makedirs(fixes)
    with open(os.path.join(fixes, "export.yaml"), "w",
              encoding="utf-8") as f:
        f.write(export_document([
            diagnostic("defer-stale-capture", "captures 'ec' by value",
                       path, offset) for offset in offsets]))
    return fixes


def states_by_line(sarif):
    return {region(r)["startLine"]: (r["baselineState"],
                                     r["partialFingerprints"][FINGERPRINT])
            for r in sarif["runs"][0]["results"]}


def check_identical_findings(project):
    """Of identical findings in one file, the one added is new, wherever it
    is added, and the old ones keep their fingerprints."""
    older = HANDLER.format(name="older")
    _, base, base_file = project.sarif(
        guard_export(project.dir, "same-1", "same.cpp", older), "same-1")
    [old_fp] = [r["partialFingerprints"][FINGERPRINT]
                for r in base["runs"][0]["results"]]
    text = HANDLER.format(name="added") + older
    rc, sarif, _ = project.sarif(
        guard_export(project.dir, "same-2", "same.cpp", text), "same-2",
        "--baseline", base_file, "--fail-on", "new")
    states = states_by_line(sarif)
    added, kept = 3, 3 + older.count("\n")
    expect(rc == 1 and states[added][0] == "new" and
           states[kept] == ("unchanged", old_fp) and
           states[added][1] != old_fp,
           "the finding added above is new, the old one unchanged with its "
           "fingerprint %s: %s" % (old_fp, states))

    # Copies with the same lines around them are told apart by their count
    # alone: one of three is new.
    _, _, two_file = project.sarif(guard_export(
        project.dir, "same-3", "same.cpp", older * 2), "same-3")
    rc, sarif, _ = project.sarif(
        guard_export(project.dir, "same-4", "same.cpp", older * 3),
        "same-4", "--baseline", two_file)
    states = states_by_line(sarif).values()
    expect(sorted(state for state, _ in states) ==
           ["new", "unchanged", "unchanged"] and
           len({fp for _, fp in states}) == 3, "one of three copies is new, "
           "each with its own fingerprint: %s" % states_by_line(sarif))


def check_other_checkout(project):
    """Exports made in another checkout (a CI worker's) convert as if made
    in this one when --export-root names that checkout."""
    worker = tempfile.mkdtemp(prefix="defer-worker-")
    merge = tempfile.mkdtemp(prefix="defer-merge-")
    text = HANDLER.format(name="handler")
    fixes = guard_export(worker, "fixes", os.path.join("src", "h.cpp"), text)
    base_file = os.path.join(worker, "main.sarif.json")
    out = run([project.args.sarif, fixes, "--source-root", worker,
               "-o", base_file])
    expect(out.returncode == 0, "the worker's SARIF:\n" + out.stderr)
    with open(base_file, encoding="utf-8") as f:
        [old] = json.load(f)["runs"][0]["results"]
    os.makedirs(os.path.join(merge, "src"))
    os.rename(os.path.join(worker, "src", "h.cpp"),
              os.path.join(merge, "src", "h.cpp"))

    output = os.path.join(merge, "merged.sarif.json")
    out = run([project.args.sarif, fixes, "--source-root", merge,
               "--export-root", worker, "--baseline", base_file,
               "--fail-on", "new", "-o", output])
    expect(out.returncode == 0, "the old finding is not new: %d\n%s"
           % (out.returncode, out.stderr))
    with open(output, encoding="utf-8") as f:
        [result] = json.load(f)["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    expect(location["artifactLocation"] == {"uri": "src/h.cpp",
                                            "uriBaseId": "%SRCROOT%"} and
           location["region"] == region(old) and
           result["baselineState"] == "unchanged",
           "relative to this checkout, with lines and columns read from "
           "it: %s" % result)

    # The option changes nothing when the exports were made here.
    out = run([project.args.sarif, fixes, "--source-root", merge,
               "--export-root", merge, "--export-root", worker,
               "-o", output])
    with open(output, encoding="utf-8") as f:
        [same] = json.load(f)["runs"][0]["results"]
    expect(out.returncode == 0 and same["locations"] == result["locations"],
           "the source root among the export roots: %s" % same)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wrapper", required=True)
    parser.add_argument("--sarif", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--ajv", required=True)
    parser.add_argument("--ajv-options", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--docs", default="")
    args = parser.parse_args()

    project = Project(args)
    fixes = project.tidy("first")
    exports = os.listdir(fixes)
    expect(len(exports) == len(SOURCES), "one export per translation unit: "
           "%s" % exports)
    rc, sarif, sarif_file = project.sarif(fixes, "first")
    expect(rc == 0, "conversion succeeds")

    steps = [("notes and columns", lambda: check_notes_and_columns(
                  project, sarif)),
             ("fixes and one result per finding", lambda: check_fix_and_dedup(
                  project, sarif)),
             ("rules and fingerprints", lambda: check_rules(sarif)),
             ("schema", lambda: check_schema(args, project, sarif_file))]
    if has_defer_check(args):
        steps.append(("defer-stale-capture findings",
                      lambda: check_defer_findings(project, sarif,
                                                   args.docs)))
    else:
        print("note: the plugin registers no defer-stale-capture yet")
    steps += [("regions from lengths", lambda: check_regions(project, args)),
              ("rule metadata", lambda: check_rule_metadata(
                  project, sarif, args)),
              ("output ends with a newline",
               lambda: check_output_ends_with_newline(project, fixes)),
              ("bad input is refused",
               lambda: check_bad_input(project, sarif_file)),
              ("empty exports", lambda: check_empty_exports(project)),
              ("baseline", lambda: check_baseline(project, sarif_file)),
              ("identical findings against a baseline",
               lambda: check_identical_findings(project)),
              ("exports of another checkout",
               lambda: check_other_checkout(project))]

    status = run_tests(steps)
    if status == 0:
        shutil.rmtree(project.dir, ignore_errors=True)
    return status

if __name__ == "__main__":
    sys.exit(main())
