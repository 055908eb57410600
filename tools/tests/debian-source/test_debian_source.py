# Tests of defer-tidy-on-debian-source on local fixtures: build-system
# detection, guard-site counting, apt handling (with stub apt tools) and output.
import importlib.machinery
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
import unittest.mock

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
SCRIPT = os.path.join(HERE, "..", "..", "defer-tidy-on-debian-source")
LLVM_MAJOR = os.environ.get("DEFER_TIDY_LLVM_MAJOR", "19")
LLVM_INCLUDE = f"/usr/lib/llvm-{LLVM_MAJOR}/include"


def load_tool():
    loader = importlib.machinery.SourceFileLoader("debian_source", SCRIPT)
    spec = importlib.util.spec_from_loader("debian_source", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


tool = load_tool()


def project_copy(tmp, name):
    """Copies fixture project NAME and the shared sources into TMP."""
    tree = os.path.join(tmp, name)
    shutil.copytree(os.path.join(FIXTURES, name), tree)
    for source in ("guarded.cpp", "plain.cpp"):
        shutil.copy(os.path.join(FIXTURES, source), tree)
    return tree


def run_tool(args, env=None):
    return subprocess.run([sys.executable, SCRIPT] + args, text=True,
                          capture_output=True, env=env)


class GuardSitesTest(unittest.TestCase):
    def test_counts_calls_declarations_and_macros(self):
        text = textwrap.dedent("""\
            auto a = llvm::make_scope_exit([ec] { observe(ec); });
            Defer cleanup([job_context, this]() { purge(job_context); });
            absl::Cleanup c = [fd] { close(fd); };
            KJ_DEFER(unlock());
            auto q = qScopeGuard([&] { done(); });
            """)
        self.assertEqual(tool.guard_sites(text), {
            "make_scope_exit": 1, "Defer": 1, "Cleanup": 1, "KJ_DEFER": 1,
            "qScopeGuard": 1})

    def test_ignores_comments_members_and_definitions(self):
        text = textwrap.dedent("""\
            // Defer the result until make_scope_exit(x) runs.
             * Cleanup(true) is called later.
            sv->Cleanup();
            it.Cleanup(true);
            Cleanup(refresh_sv);
            void ForwardIterator::Cleanup(bool release_sv) {
            ScopeGuard::~ScopeGuard() {}
            """)
        self.assertEqual(tool.guard_sites(text), {})

    def test_project_guard_spellings(self):
        text = textwrap.dedent("""\
            cleanup_t restore_vars([=] { resize(saved); });
            return cleanup_t([=] { pop(block); });
            cleanup_t timer = push_timer(enabled);
            """)
        self.assertEqual(tool.guard_sites(text), {})
        saved = list(tool.GUARD_SITE_RES)
        self.addCleanup(setattr, tool, "GUARD_SITE_RES", saved)
        tool.add_guard_factories(["cleanup_t"])
        self.assertEqual(tool.guard_sites(text), {"cleanup_t": 3})


class BuildSystemTest(unittest.TestCase):
    """Each kind of project yields a compilation database, or a refusal."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="debian-source-test-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def list_units(self, name, extra=()):
        tree = project_copy(self.tmp, name)
        result = run_tool(["--source-dir", tree, "--workdir",
                           os.path.join(self.tmp, "work"), "--list-units",
                           "--llvm-major", LLVM_MAJOR] + list(extra))
        compdb = os.path.join(self.tmp, "work", name, "build",
                              "compile_commands.json")
        return result, compdb

    def assert_only_guarded(self, result, compdb, entries):
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), 1, result.stdout)
        self.assertTrue(lines[0].endswith("guarded.cpp make_scope_exit=2"),
                        lines[0])
        with open(compdb) as f:
            self.assertEqual(len(json.load(f)), entries)

    def test_cmake(self):
        result, compdb = self.list_units(
            "cmake-project", [f"--configure-arg=-DLLVM_INCLUDE={LLVM_INCLUDE}"])
        self.assertIn("cmake project", result.stderr)
        self.assert_only_guarded(result, compdb, 2)

    @unittest.skipUnless(shutil.which("meson"), "needs meson")
    def test_meson(self):
        result, compdb = self.list_units(
            "meson-project", [f"--configure-arg=-Dllvm_include={LLVM_INCLUDE}"])
        self.assertIn("meson project", result.stderr)
        self.assert_only_guarded(result, compdb, 1)

    @unittest.skipUnless(shutil.which("bear"), "needs bear")
    def test_makefile_through_bear(self):
        result, compdb = self.list_units("make-project")
        self.assertIn("bear project", result.stderr)
        self.assert_only_guarded(result, compdb, 2)

    @unittest.skipUnless(shutil.which("bear"), "needs bear")
    def test_configure_then_make_through_bear(self):
        result, compdb = self.list_units(
            "configure-project",
            [f"--configure-arg=--llvm-include={LLVM_INCLUDE}"])
        self.assertIn("./configure", result.stderr)
        self.assert_only_guarded(result, compdb, 1)

    def test_refuses_unknown_build_system(self):
        result, compdb = self.list_units("scons-project")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("no supported build system", result.stderr)
        self.assertIn("SConstruct", result.stderr)
        self.assertFalse(os.path.exists(compdb))


STUB_APT_CACHE = """#!/bin/sh
# Stub apt-cache: knows two source packages, 'fixture' and 'gone'.
echo "apt-cache $*" >> "$STUB_LOG"
case "$*" in
  *fixture*) printf 'Package: fixture\\nVersion: 1.0\\n\\n'
             printf 'Package: fixture\\nVersion: 1.1\\n\\n' ;;
  *gone*) printf 'Package: gone\\nVersion: 2.0-1\\n\\n' ;;
esac
"""

STUB_APT_GET = """#!/bin/sh
# Stub apt-get: serves fixture 1.0 but not 1.1, and nothing of 'gone'.
echo "apt-get $*" >> "$STUB_LOG"
case "$*" in
  "source --download-only fixture=1.0") cp "$STUB_POOL"/fixture_* . ;;
  "source --download-only "*)
    echo "E: Failed to fetch http://mirror/pool/${3%=*}_${3#*=}.dsc" \\
      " 404  Not Found [IP: 127.0.0.1 80]" >&2
    exit 100 ;;
esac
"""


class AptTest(unittest.TestCase):
    """Source handling against stub apt tools and a scratch /etc/apt."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="debian-source-apt-")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.bin = os.path.join(self.tmp, "bin")
        self.etc = os.path.join(self.tmp, "etc-apt")
        self.log = os.path.join(self.tmp, "apt.log")
        os.makedirs(self.bin)
        os.makedirs(os.path.join(self.etc, "sources.list.d"))
        for name, text in (("apt-cache", STUB_APT_CACHE),
                           ("apt-get", STUB_APT_GET)):
            path = os.path.join(self.bin, name)
            with open(path, "w") as f:
                f.write(text)
            os.chmod(path, 0o755)
        self.env = dict(os.environ, STUB_LOG=self.log,
                        STUB_POOL=os.path.join(self.tmp, "pool"),
                        PATH=self.bin + os.pathsep + os.environ["PATH"])

    def write_sources(self, name, text):
        with open(os.path.join(self.etc, "sources.list.d", name), "w") as f:
            f.write(textwrap.dedent(text))

    def apt_calls(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return f.read().splitlines()

    def ensure_deb_src(self):
        with unittest.mock.patch.dict(os.environ, self.env):
            return tool.ensure_deb_src(self.etc)

    def test_deb_src_twin_of_deb822_sources_is_added_once(self):
        self.write_sources("debian.sources", """\
            Types: deb
            URIs: http://deb.debian.org/debian
            Suites: bookworm bookworm-updates
            Components: main

            Types: deb
            URIs: https://example.org/apt
            Suites: stable
            Components: main
            """)
        self.assertTrue(self.ensure_deb_src())
        twin = os.path.join(self.etc, "sources.list.d",
                            "defer-tidy-deb-src.sources")
        with open(twin) as f:
            text = f.read()
        self.assertIn("Types: deb-src", text)
        self.assertIn("Suites: bookworm bookworm-updates", text)
        self.assertNotIn("example.org", text)
        self.assertEqual(self.apt_calls(),
                         ["apt-get update -o DPkg::Lock::Timeout=600"])

        self.assertFalse(self.ensure_deb_src())
        self.assertEqual(len(self.apt_calls()), 1)

    def test_deb_src_twin_of_one_line_sources(self):
        with open(os.path.join(self.etc, "sources.list"), "w") as f:
            f.write("deb http://deb.debian.org/debian bookworm main\n")
        self.assertTrue(self.ensure_deb_src())
        with open(os.path.join(self.etc, "sources.list.d",
                               "defer-tidy-deb-src.list")) as f:
            self.assertEqual(f.read(),
                             "deb-src http://deb.debian.org/debian "
                             "bookworm main\n")

    def run_package(self, name):
        self.write_sources("src.sources", "Types: deb-src\nURIs: x\n")
        return run_tool([name, "--apt-etc", self.etc, "--workdir",
                         os.path.join(self.tmp, "work"), "--list-units",
                         "--llvm-major", LLVM_MAJOR,
                         f"--configure-arg=-DLLVM_INCLUDE={LLVM_INCLUDE}"],
                        env=self.env)

    def test_unknown_package_is_refused(self):
        result = self.run_package("nosuch")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("no Debian source package provides 'nosuch'",
                      result.stderr)

    def test_missing_tarball_is_reported(self):
        result = self.run_package("gone")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("the mirror serves no source for gone: tried 2.0-1 "
                      "(gone_2.0-1.dsc: 404  Not Found)", result.stderr)

    @unittest.skipUnless(shutil.which("dpkg-source"), "needs dpkg-dev")
    def test_older_source_is_fetched_unpacked_and_configured(self):
        tree = os.path.join(self.tmp, "fixture-1.0")
        shutil.copytree(project_copy(self.tmp, "cmake-project"), tree)
        os.makedirs(os.path.join(tree, "debian", "source"))
        debian = {
            "source/format": "3.0 (native)\n",
            "control": "Source: fixture\nMaintainer: T <t@example.org>\n\n"
                       "Package: fixture\nArchitecture: any\n"
                       "Description: fixture\n fixture\n",
            "changelog": "fixture (1.0) unstable; urgency=low\n\n  * Test."
                         "\n\n -- T <t@example.org>  Mon, 01 Jan 2024 "
                         "00:00:00 +0000\n",
        }
        for name, text in debian.items():
            with open(os.path.join(tree, "debian", name), "w") as f:
                f.write(text)
        pool = self.env["STUB_POOL"]
        os.makedirs(pool)
        subprocess.run(["dpkg-source", "-b", tree], cwd=pool, check=True,
                       capture_output=True)

        result = self.run_package("fixture")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout,
                         r"/work/fixture/source/guarded\.cpp "
                         r"make_scope_exit=2\n$")
        fetches = [call for call in self.apt_calls()
                   if call.startswith("apt-get source")]
        self.assertEqual(fetches, [
            "apt-get source --download-only fixture=1.1",
            "apt-get source --download-only fixture=1.0"])


class OutputReaderTest(unittest.TestCase):
    RUN = textwrap.dedent("""\
        Running clang-tidy for 2 files out of 9 in compilation database ...
        [1/2][1.5s] /usr/bin/clang-tidy -p=/b -quiet /s/a.cpp
        /s/g.h:4:20: warning: {WARNING}
            4 |   auto r = make([ec] { f(ec); });
              |                  ^
              |                  &
        /s/g.h:5:3: note: 'ec' is modified here
            5 |   ec = g();
              |   ^
        1 warning generated.
        [2/2][2.0s] /usr/bin/clang-tidy -p=/b -quiet /s/b.cpp
        /s/b.cpp:1:10: error: 'gen.h' file not found [clang-diagnostic-error]
            1 | #include "gen.h"
              |          ^~~~~~~
        /s/g.h:4:20: warning: {WARNING}
            4 |   auto r = make([ec] { f(ec); });
              |                  ^
        /s/g.h:5:3: note: 'ec' is modified here
        2 warnings and 1 error generated.
        Error while processing /s/b.cpp.
        """).replace("{WARNING}", "scope guard 'r' captures 'ec' by value, "
                     "but 'ec' is modified before the guard runs "
                     "[defer-stale-capture]")

    def test_findings_once_errors_counted(self):
        out, err = io.StringIO(), io.StringIO()
        reader = tool.OutputReader(out, err)
        for line in self.RUN.splitlines(keepends=True):
            reader.feed(line)

        self.assertEqual(len(reader.findings), 1)
        self.assertEqual(reader.findings[0]["check"], "defer-stale-capture")
        self.assertEqual(len(reader.errors), 1)
        self.assertAlmostEqual(reader.tu_seconds, 3.5)
        self.assertEqual(out.getvalue().count("warning:"), 1)
        self.assertIn("note: 'ec' is modified here", out.getvalue())
        self.assertIn("  &\n", out.getvalue())
        self.assertNotIn("generated", out.getvalue())
        self.assertIn("[2/2][2.0s] /s/b.cpp", err.getvalue())
        self.assertIn("'gen.h' file not found", err.getvalue())


@unittest.skipUnless(os.environ.get("DEFER_TIDY_PLUGIN"),
                     "DEFER_TIDY_PLUGIN names no plugin")
class PluginRunTest(unittest.TestCase):
    """The whole pipeline with the real plugin on the CMake fixture."""

    def run_on_fixture(self, *extra, added=""):
        plugin = os.environ["DEFER_TIDY_PLUGIN"]
        self.assertTrue(os.path.exists(plugin), plugin)
        tmp = tempfile.mkdtemp(prefix="debian-source-plugin-")
        self.addCleanup(shutil.rmtree, tmp)
        tree = project_copy(tmp, "cmake-project")
        with open(os.path.join(tree, "guarded.cpp"), "a") as source:
            source.write(added)
        result = run_tool(["--source-dir", tree, "--workdir",
                           os.path.join(tmp, "work"), "--plugin", plugin,
                           "--llvm-major", LLVM_MAJOR, "-j", "1",
                           f"--configure-arg=-DLLVM_INCLUDE={LLVM_INCLUDE}",
                           *extra])
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def test_reports_the_stale_error_code_only(self):
        result = self.run_on_fixture()
        warnings = [line for line in result.stdout.splitlines()
                    if ": warning: " in line]
        self.assertEqual(len(warnings), 1, result.stdout)
        self.assertRegex(warnings[0], r"guarded\.cpp:13:\d+: warning: .*'ec'"
                         r".*\[defer-stale-capture\]")
        self.assertIn("note: 'ec' is modified here", result.stdout)
        self.assertIn("files=1 guard-sites=2 findings=1 compiler-errors=0",
                      result.stdout)
        self.assertRegex(result.stdout, r"profile: defer-stale-capture wall=")

    def test_check_options_reach_the_checks(self):
        # A handle replaced while its guard lives: reported only when
        # AllVariables is on. A quote in a value must survive the quoting.
        reopen = textwrap.dedent("""
            void reopen() {
              int Fd = reconcile();
              auto closer = llvm::make_scope_exit([Fd] { closeHandle(Fd); });
              Fd = reconcile();
            }
            """)
        result = self.run_on_fixture(added=reopen)
        self.assertIn("findings=1", result.stdout)
        result = self.run_on_fixture(
            "--check-option", "defer-stale-capture.AllVariables=true",
            "--check-option", "defer-stale-capture.ErrorNames=it's;ec",
            added=reopen)
        self.assertIn("findings=2", result.stdout)
        self.assertRegex(result.stdout, r"guarded\.cpp:\d+:\d+: warning: "
                         r".*'Fd' by value")


if __name__ == "__main__":
    unittest.main()
