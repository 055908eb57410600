# Runs clang-tidy with the plugin over a small compilation database, turns
# its --export-fixes output into SARIF and checks it: against the SARIF 2.1.0
# schema, and for notes, fixes, fingerprints and one result per finding.
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
        with open(output, encoding="utf-8") as f:
            return out.returncode, json.load(f), output


def has_defer_check(args):
    out = run([args.wrapper, "--list-checks", "-checks=-*,defer-*"])
    return "defer-stale-capture" in out.stdout


def results_of(sarif, rule):
    return [r for r in sarif["runs"][0]["results"] if r["ruleId"] == rule]


def region(result):
    return result["locations"][0]["physicalLocation"]["region"]


def line_col(text, needle, skip=0):
    """1-based line and code-point column of a needle's start."""
    offset = text.index(needle) + skip
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_notes_and_columns(project, sarif):
    moved = project.text("moved.cpp")
    found = results_of(sarif, "bugprone-use-after-move")
    expect(len(found) == 1, "one use-after-move: %s" % found)
    line, col = line_col(moved, "*/ s);", 3)
    expect((region(found[0])["startLine"], region(found[0])["startColumn"])
           == (line, col), "columns count code points, not bytes: %s vs "
           "%s" % (region(found[0]), (line, col)))
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
    notes = [r["message"]["text"] for r in result.get("relatedLocations", [])]
    expect("'ec' is modified here" in notes, "the note survives: %s" % notes)
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
    steps.append(("baseline", lambda: check_baseline(project, sarif_file)))

    status = run_tests(steps)
    if status == 0:
        shutil.rmtree(project.dir, ignore_errors=True)
    return status

if __name__ == "__main__":
    sys.exit(main())
