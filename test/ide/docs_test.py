# Holds docs/ide.md and docs/ci.md to what the tools do: the .clang-tidy
# example keeps the default guard lists, the clangd --check advice fails a
# job, the package names are cpack's, and ci.md's table of streams and exit
# statuses matches every mode run for real.
import argparse
import glob
import json
import os
import re
import shutil
import sys
import tempfile

import yaml

import ide_testing
from ide_testing import expect, run_tests_with

SOURCE = "local_guard.cpp"
BROKEN = "broken.cpp"
CHECKS = "-checks=-*,defer-stale-capture"
WARNINGS_AS_ERRORS = "WarningsAsErrors: 'defer-*'\n"


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def code_blocks(markdown, language):
    return re.findall(r"```%s\n(.*?)```" % language, markdown, re.S)


def section(markdown, needle):
    """The '## ' section of a page that contains needle."""
    for part in re.split(r"\n(?=## )", markdown):
        if needle in part:
            return part
    raise AssertionError("no section with %r" % needle)


def option_list(value):
    """An option list as the checks read it: ';'-separated, trimmed."""
    return [e.strip() for e in str(value).split(";") if e.strip()]


class Project:
    """A folder with a stale capture, a file that does not compile and a
    compilation database for both."""

    def __init__(self, args, config=""):
        self.dir = tempfile.mkdtemp(prefix="defer-docs-")
        shutil.copy(os.path.join(args.inputs, SOURCE), self.dir)
        self.write(BROKEN, "int broken() { return undeclared(); }\n")
        self.write("compile_commands.json", json.dumps([
            {"directory": self.dir, "file": name,
             "arguments": ["c++", "-std=c++17", "-c", name]}
            for name in (SOURCE, BROKEN)]))
        if config:
            self.write(".clang-tidy", config)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write(text)


def dump_config(args, folder):
    out = ide_testing.run([args.wrapper, "--llvm=" + args.major,
                           "--checks=-*,defer-*", "--dump-config",
                           os.path.join(folder, SOURCE), "--"], cwd=folder)
    expect(out.returncode == 0, "--dump-config:\n" + out.stdout + out.stderr)
    return yaml.safe_load(out.stdout)["CheckOptions"]


def test_clang_tidy_example_keeps_the_defaults(args):
    page = read(os.path.join(args.docs, "ide.md"))
    example = [b for b in code_blocks(page, "yaml")
               if b.startswith("# .clang-tidy")]
    expect(example, "ide.md has a .clang-tidy example")
    configured = yaml.safe_load(example[0])["CheckOptions"]
    lists = {k: v for k, v in configured.items()
             if k.endswith((".GuardClasses", ".GuardFactories"))}
    expect(lists, "the example names the project's own guards")

    defaults = dump_config(args, Project(args).dir)
    effective = dump_config(args, Project(args, example[0]).dir)
    for key, value in lists.items():
        kept = option_list(effective[key])
        missing = [e for e in option_list(defaults[key]) if e not in kept]
        expect(not missing, "%s in ide.md drops defaults it replaces: %s"
               % (key, missing))
        added = [e for e in option_list(value)
                 if e not in option_list(defaults[key])]
        expect(added and all(e in kept for e in added),
               "%s adds the project's own names: %s" % (key, added))


def test_clangd_check_advice(args):
    advice = section(read(os.path.join(args.docs, "ide.md")), "--check=")
    for needle in ("WarningsAsErrors", "FastCheckFilter: Loose"):
        expect(needle in advice, "the --check advice names %s" % needle)
    if not args.clangd:
        print("note: defer-clangd is not built; its --check is not run")
        return

    clangd_config = "Diagnostics:\n  ClangTidy:\n    FastCheckFilter: Loose\n"
    checks = "Checks: '-*,defer-stale-capture'\n"
    for config, clangd, status, what in [
            (checks, clangd_config, 0, "a warning does not fail --check"),
            (checks + WARNINGS_AS_ERRORS, clangd_config, 3,
             "WarningsAsErrors fails --check"),
            (checks + WARNINGS_AS_ERRORS, "", 0,
             "without FastCheckFilter: Loose the check does not run")]:
        project = Project(args, config)
        if clangd:
            project.write(".clangd", clangd)
        out = ide_testing.run([args.clangd, "--check=" + SOURCE,
                               "--check-locations=false"], cwd=project.dir,
                              env=dict(os.environ, XDG_CONFIG_HOME=project.dir))
        expect(out.returncode == status, "%s: exit %d, expected %d:\n%s"
               % (what, out.returncode, status, out.stderr[-2000:]))


def test_package_names_are_cpacks(args):
    install = section(read(os.path.join(args.docs, "ide.md")), "apt-get")
    expect("cpack" in install and "packages/" in install,
           "ide.md says how the packages are made and where they are")
    out_dir = tempfile.mkdtemp(prefix="defer-debs-")
    out = ide_testing.run(["cpack", "-G", "DEB", "--config",
                           os.path.join(args.build, "CPackConfig.cmake"),
                           "-B", out_dir], cwd=args.build)
    expect(out.returncode == 0, "cpack:\n" + out.stdout + out.stderr)
    made = {os.path.basename(p) for p in glob.glob(out_dir + "/*.deb")}
    named = set(re.findall(r"([\w+-]+_[\w.+~-]+_\w+\.deb)", install))
    expect(named, "ide.md names the packages to install")
    for name in named:
        name = name.replace("llvm19", "llvm" + args.major)
        expect(name in made, "%s is one of cpack's packages: %s"
               % (name, sorted(made)))


# The kinds of line the tools print, by the words ci.md uses for them.
LINE_KINDS = [
    ("errors", r"(defer-tidy|defer-tidy-sarif): error: "),
    ("totals", r"defer-tidy-sarif: (\d+ findings?,|warning: )"),
    ("progress", r"(Enabled checks:$|    [\w.-]+$|Running clang-tidy |"
                 r"\[\s*\d+/\d+\])"),
    ("findings", r"(\S.*:\d+:\d+: (warning|error|note): |\s*\d* \| )"),
    ("notices", r"(\d+ \w+( and \d+ \w+)? generated\.|Suppressed \d+ |"
                r"Use -header-filter|\d+ warnings? treated as errors?|"
                r"Error while processing |Found compiler error|"
                r"No relevant changes found\.|defer-tidy: warning: )"),
]


def kinds_of(text):
    """The kinds of line in an output; SARIF when it is one JSON value."""
    try:
        json.loads(text)
        return {"SARIF"}
    except ValueError:
        pass
    kinds = set()
    for line in text.splitlines():
        if not line.strip():
            continue
        kind = [k for k, pattern in LINE_KINDS if re.match(pattern, line)]
        expect(kind, "a line of no kind ci.md names: %r" % line)
        kinds.add(kind[0])
    return kinds


def scenarios(args):
    """Each row of ci.md's table, run in the ways that give each status."""
    wrapper = [args.wrapper, "--llvm=" + args.major]
    tidy = Project(args)
    strict = Project(args, WARNINGS_AS_ERRORS)
    fixes = tidy.path("fixes")
    ide_testing.run(wrapper[:1] + ["run"] + wrapper[1:] + [
        "-p", tidy.dir, CHECKS, "-quiet", "-export-fixes", fixes + "/",
        SOURCE])
    guard_line = read(tidy.path(SOURCE)).splitlines().index(
        [l for l in read(tidy.path(SOURCE)).splitlines()
         if "Finally report" in l][0]) + 1
    diff = ("--- a/{0}\n+++ b/{0}\n@@ -{1},0 +{1} @@\n+changed\n"
            .format(SOURCE, guard_line))
    diff_of_notes = "--- a/notes.txt\n+++ b/notes.txt\n@@ -1,0 +1 @@\n+x\n"
    diff_of_spaced = ("--- a/two words.cpp\t\n+++ b/two words.cpp\t\n"
                      "@@ -1,0 +1 @@\n+x\n")
    sarif = [args.sarif, fixes, "--source-root", tidy.dir]
    to_file = ["-o", tidy.path("out.sarif")]

    def diff_mode(project, text):
        return dict(cmd=wrapper[:1] + ["diff"] + wrapper[1:] + [
            "-p1", "-path", project.dir, CHECKS, "-quiet"],
            input=text, cwd=project.dir)

    return {
        "defer-tidy FILE": [
            dict(cmd=wrapper + ["-p", tidy.dir, CHECKS, tidy.path(SOURCE)]),
            dict(cmd=wrapper + ["-p", strict.dir, CHECKS,
                                strict.path(SOURCE)]),
            dict(cmd=wrapper + ["-p", tidy.dir, CHECKS, tidy.path(BROKEN)])],
        "defer-tidy run": [
            dict(cmd=wrapper[:1] + ["run"] + wrapper[1:] + [
                "-p", tidy.dir, CHECKS, SOURCE]),
            dict(cmd=wrapper[:1] + ["run"] + wrapper[1:] + [
                "-p", strict.dir, CHECKS, "-quiet", SOURCE])],
        "defer-tidy diff": [diff_mode(tidy, diff), diff_mode(strict, diff),
                            diff_mode(tidy, diff_of_notes),
                            diff_mode(tidy, diff_of_spaced)],
        "defer-tidy, when no clang-tidy and plugin match": [
            dict(cmd=[args.wrapper, "--llvm=7", SOURCE]),
            dict(cmd=[args.wrapper, "run", "--llvm=7", "-p", tidy.dir])],
        "defer-tidy-sarif DIR": [
            dict(cmd=sarif), dict(cmd=sarif + ["--fail-on", "any"])],
        "defer-tidy-sarif DIR -o FILE": [
            dict(cmd=sarif + to_file),
            dict(cmd=sarif + to_file + ["--fail-on", "any"])],
        "defer-tidy-sarif, on a file it cannot use": [
            dict(cmd=[args.sarif, tidy.path("missing.yaml")] + to_file)],
    }


def words(cell):
    cell = cell.replace("`", "").strip()
    if cell == "nothing":
        return set()
    return {w.strip() for w in re.split(r",| and ", cell) if w.strip()}


def test_ci_streams_and_statuses(args):
    table = section(read(os.path.join(args.docs, "ci.md")), "| stdout |")
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            rows[cells[0].replace("`", "")] = cells[1:]
    runs = scenarios(args)
    expect(set(rows) == set(runs), "ci.md's table has one row per mode: "
           "%s, expected %s" % (sorted(rows), sorted(runs)))
    for mode, (stdout, stderr, status) in rows.items():
        seen_out, seen_err, seen_status = set(), set(), set()
        for scenario in runs[mode]:
            cmd = scenario.pop("cmd")
            out = ide_testing.run(cmd, **scenario)
            seen_out |= kinds_of(out.stdout)
            seen_err |= kinds_of(out.stderr)
            seen_status.add(out.returncode)
        documented = {int(n) for n in re.findall(r"\b\d\b", status)}
        expect((words(stdout), words(stderr), documented) ==
               (seen_out, seen_err, seen_status),
               "%s: ci.md says stdout %s, stderr %s, exit %s; the runs "
               "gave %s, %s, %s" % (mode, words(stdout), words(stderr),
                                   sorted(documented), seen_out, seen_err,
                                   sorted(seen_status)))


def test_changed_lines_recipe(args):
    """ci.md's changed-lines step, as written, checks a file whose name is
    not ASCII, which git quotes unless told not to."""
    page = read(os.path.join(args.docs, "ci.md"))
    pipes = re.findall(r"git .*diff -U0", page)
    expect(pipes and all("-c core.quotepath=off" in p for p in pipes),
           "every git diff of ci.md writes names as they are: %s" % pipes)
    job = yaml.safe_load(code_blocks(page, "yaml")[0])
    [step] = [s for s in job["jobs"]["changed-lines"]["steps"]
              if s.get("name") == "Check the changed lines"]
    script = "\n".join(l for l in step["run"].splitlines()
                       if "git config --global" not in l)
    script = script.replace("defer-tidy diff", "'%s' diff --llvm=%s"
                            % (args.wrapper, args.major))

    work = tempfile.mkdtemp(prefix="defer-docs-")
    name = "caf\u00e9.cpp"
    text = read(os.path.join(args.inputs, SOURCE))
    before = "".join(l for l in text.splitlines(keepends=True)
                     if "Finally report" not in l)
    os.makedirs(os.path.join(work, "build"))
    with open(os.path.join(work, ".clang-tidy"), "w") as f:
        f.write("Checks: '-*,defer-stale-capture'\n")
    with open(os.path.join(work, "build", "compile_commands.json"), "w",
              encoding="utf-8") as f:
        json.dump([{"directory": work, "file": name,
                    "arguments": ["c++", "-std=c++17", "-c", name]}], f)
    git = ["git", "-C", work, "-c", "user.name=ci", "-c", "user.email=ci@ci"]
    with open(os.path.join(work, name), "w", encoding="utf-8") as f:
        f.write(before)
    for cmd in (["init", "-q"], ["add", name], ["commit", "-q", "-m", "a"]):
        out = ide_testing.run(git + cmd)
        expect(out.returncode == 0, "git %s:\n%s" % (cmd[0], out.stderr))
    with open(os.path.join(work, name), "w", encoding="utf-8") as f:
        f.write(text)

    out = ide_testing.run(["bash", "-c", script], cwd=work,
                          env=dict(os.environ, BASE="HEAD"))
    expect(out.returncode == 0 and "[defer-stale-capture]" in out.stdout,
           "the changed guard of %s is reported: exit %d\n%s%s"
           % (name, out.returncode, out.stdout, out.stderr))


TESTS = [test_clang_tidy_example_keeps_the_defaults, test_clangd_check_advice,
         test_package_names_are_cpacks, test_ci_streams_and_statuses,
         test_changed_lines_recipe]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wrapper", required=True)
    parser.add_argument("--sarif", required=True)
    parser.add_argument("--major", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--docs", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--clangd", default="")
    args = parser.parse_args()
    return run_tests_with(TESTS, args, "defer-docs-")

if __name__ == "__main__":
    sys.exit(main())
