# Shared by the test scripts in this folder: assertions with a message, and
# a runner that reports each test and ends with the "N passed, N failed" line.
import subprocess
import sys
import tempfile


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def run(cmd, **kwargs):
    """Runs a command to completion, capturing its output as text."""
    kwargs.setdefault("timeout", 600)
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def run_tests(tests):
    """Runs (name, function) pairs; every failure is reported, then counted.

    Returns the exit status: 1 when a test failed or none ran."""
    passed = failed = 0
    for name, test in tests:
        try:
            test()
            print("PASS: %s" % name)
            passed += 1
        except Exception as err:  # report every failure, then go on
            print("FAIL: %s: %s: %s" % (name, type(err).__name__, err))
            failed += 1
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


def run_tests_with(tests, args, prefix):
    """Runs test functions that take the parsed arguments, each folder they
    make going under one temporary folder that is removed at the end."""
    with tempfile.TemporaryDirectory(prefix=prefix) as top:
        tempfile.tempdir = top
        return run_tests([(t.__name__, lambda t=t: t(args)) for t in tests])
