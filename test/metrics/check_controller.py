#!/usr/bin/env python3
"""Checks the controller example's /metrics output.

exposition: both expositions pass `promtool check metrics`; the scoped one's
  per-label _count values are the numbers of succeeding and failing calls
  the example made; the by-value one is the scoped one with every error
  series merged into its success series, and nothing else.
prometheus: a real Prometheus server scrapes the example's endpoint on
  loopback and its HTTP API returns the example's series with both result
  labels.
options: a malformed option, bind address or port file makes the example
  exit at once with an error that names it, instead of running, serving
  elsewhere, or leaving a harness waiting for a port file never written;
  --help prints the usage; writing the port file touches no other file.
  A FIFO or a symbolic link at the port file's path is written into and
  stays what it was; a new port file's mode follows the umask; SIGTERM as
  soon as the port file appears stops the example with status 0, and
  SIGTERM while it waits for a FIFO's reader, even the moment the output
  appears, ends the wait.
"""
import argparse
import json
import os
import re
import select
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

RECONCILE = "autoscaler_reconcile_duration_seconds"
CALLS = "autoscaler_cluster_call_duration_seconds"
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')

failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message)


def run_example(example, *args):
    return subprocess.run([example, *args], check=True, stdout=subprocess.PIPE,
                          text=True, timeout=60).stdout


def parse_exposition(text):
    """{(name, frozenset(labels)): value} of every sample line."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        series, value = line.rsplit(" ", 1)
        name, _, labels = series.partition("{")
        key = (name, frozenset(LABEL.findall(labels)))
        samples[key] = float(value)
    return samples


def parse_calls(text):
    """{(call, result): count} from the example's --show calls output."""
    calls = {}
    for line in text.splitlines():
        fields = dict(field.split("=", 1) for field in line.split())
        calls[(fields["call"], fields["result"])] = int(fields["count"])
    return calls


def count_series(call, result):
    if call == "reconcile":
        labels = {("controller", "hpa"), ("result", result)}
        return (RECONCILE + "_count", frozenset(labels))
    labels = {("controller", "hpa"), ("call", call), ("result", result)}
    return (CALLS + "_count", frozenset(labels))


def promtool_check(promtool, text, what):
    result = subprocess.run([promtool, "check", "metrics"], input=text,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, timeout=60)
    expect(result.returncode == 0,
           "promtool rejects the %s exposition:\n%s" % (what, result.stdout))


def merged_into_success(samples):
    """The samples with result="error" added to the same result="success"
    series, as by-value guards that never see an error would record."""
    merged = {}
    for (name, labels), value in samples.items():
        labels = frozenset(("result", "success") if label[0] == "result"
                           else label for label in labels)
        merged[(name, labels)] = merged.get((name, labels), 0.0) + value
    return merged


def check_exposition(args):
    scoped_text = run_example(args.example, "--show", "scoped")
    by_value_text = run_example(args.example, "--show", "by-value")
    calls = parse_calls(run_example(args.example, "--show", "calls"))

    promtool_check(args.promtool, scoped_text, "scoped")
    promtool_check(args.promtool, by_value_text, "by-value")

    scoped = parse_exposition(scoped_text)
    expect(len(calls) == 8, "expected 4 kinds of call, got %s" % calls)
    for (call, result), made in sorted(calls.items()):
        expect(made > 0, "the example made no %s %s call" % (result, call))
        exported = scoped.get(count_series(call, result))
        expect(exported == made,
               "%s result=%s: exported _count %s, calls made %d"
               % (call, result, exported, made))

    by_value = parse_exposition(by_value_text)
    expect(not any(("result", "error") in labels for _, labels in by_value),
           "the by-value exposition has an error series")
    expected = merged_into_success(scoped)
    expect(set(expected) == set(by_value),
           "the by-value exposition has other series than the scoped one "
           "with errors merged into success: %s"
           % sorted(set(expected) ^ set(by_value)))
    for key in sorted(set(expected) & set(by_value)):
        tolerance = 1e-9 * max(1.0, abs(expected[key]))
        expect(abs(expected[key] - by_value[key]) <= tolerance,
               "%s: by-value %s, scoped merged %s"
               % (key, by_value[key], expected[key]))
    expect(scoped_text.count("# ") == by_value_text.count("# "),
           "the expositions have different HELP or TYPE lines")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode()


def wait_for(what, condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    raise TimeoutError("timed out after %ds waiting for %s" % (seconds, what))


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def check_prometheus(args):
    with tempfile.TemporaryDirectory(prefix="defer-prometheus-") as work:
        port_file = os.path.join(work, "example.port")
        example = subprocess.Popen(
            [args.example, "--show", "calls", "--serve", "127.0.0.1:0",
             "--port-file", port_file, "--serve-seconds", "300"],
            stdout=subprocess.DEVNULL)
        prometheus = None
        try:
            example_port = wait_for(
                "the example's port",
                lambda: int(open(port_file).read().strip()), 30)
            prometheus_port = free_port()
            config = os.path.join(work, "prometheus.yml")
            with open(config, "w") as out:
                out.write(
                    "global:\n"
                    "  scrape_interval: 1s\n"
                    "scrape_configs:\n"
                    "  - job_name: controller\n"
                    "    static_configs:\n"
                    "      - targets: ['127.0.0.1:%d']\n" % example_port)
            log = open(os.path.join(work, "prometheus.log"), "w")
            prometheus = subprocess.Popen(
                [args.prometheus, "--config.file=" + config,
                 "--storage.tsdb.path=" + os.path.join(work, "data"),
                 "--web.listen-address=127.0.0.1:%d" % prometheus_port],
                stdout=log, stderr=subprocess.STDOUT)
            base = "http://127.0.0.1:%d" % prometheus_port
            wait_for("Prometheus to be ready",
                     lambda: "Ready" in http_get(base + "/-/ready"), 60)

            query = base + "/api/v1/query?" + urllib.parse.urlencode(
                {"query": RECONCILE + '_count{job="controller"}'})

            def both_results():
                answer = json.loads(http_get(query))
                results = {series["metric"].get("result"): series["value"][1]
                           for series in answer["data"]["result"]}
                return results if {"success", "error"} <= set(results) \
                    else None

            try:
                results = wait_for("both result labels in Prometheus",
                                   both_results, 90)
            except TimeoutError as error:
                expect(False, str(error))
                log.flush()
                print(open(log.name).read()[-4000:])
                return
            print("Prometheus has %s_count by result: %s"
                  % (RECONCILE, results))
            calls = parse_calls(run_example(args.example, "--show", "calls"))
            for result in ("success", "error"):
                expect(int(float(results[result])) ==
                       calls[("reconcile", result)],
                       "Prometheus reports %s reconciles with result=%s, "
                       "the example made %d" % (results[result], result,
                                                calls[("reconcile", result)]))
        finally:
            if prometheus:
                stop(prometheus)
            stop(example)


def run_options(args, options, timeout=30):
    """The example's result with `options` after --show calls and how long
    it took, or None and `timeout` if it still ran after `timeout` seconds."""
    command = [args.example, "--show", "calls", *options]
    start = time.monotonic()
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                timeout=timeout)
    except subprocess.TimeoutExpired:
        expect(False, "%s still runs after %ds" % (" ".join(options), timeout))
        return None, timeout
    return result, time.monotonic() - start


def check_options(args):
    with tempfile.TemporaryDirectory(prefix="defer-options-") as work:
        missing = os.path.join(work, "missing", "example.port")
        # Status 2 is a refused command line: the example must say so before
        # it runs anything, so it prints nothing on stdout and takes no time,
        # even with the most rounds.
        cases = [
            (["--rounds", "1x"], 2, "--rounds: '1x'"),
            (["--rounds", "0"], 2, "--rounds: '0'"),
            (["--rounds", "99999999999"], 2, "--rounds: '99999999999'"),
            (["--serve-seconds", "5s", "--serve", "127.0.0.1:0"], 2,
             "--serve-seconds: '5s'"),
            (["--port-file", missing], 2, "--port-file needs --serve"),
            (["--show", "all"], 2, "--show: 'all'"),
            (["--serve", "999.1.1.1:0"], 2, "'999.1.1.1:0'"),
            (["--rounds", "1000000", "--serve", "bogus"], 2,
             "--serve: invalid bind address 'bogus'"),
            # The next option is not taken as the missing value.
            (["--serve", "--port-file", "x"], 2, "--serve needs a value"),
            (["--port-file", "--serve", "127.0.0.1:0"], 2,
             "--port-file needs a value"),
            # Would serve for a minute if the failed write went unnoticed.
            (["--serve", "127.0.0.1:0", "--port-file", missing,
              "--serve-seconds", "60"], 1, "'%s'" % missing),
        ]
        for options, status, message in cases:
            result, seconds = run_options(args, options)
            if result is None:
                continue
            expect(result.returncode == status and message in result.stderr,
                   "%s: expected status %d and an error with %r, got %d:\n%s"
                   % (" ".join(options), status, message, result.returncode,
                      result.stderr))
            if status == 2:
                expect(result.stdout == "" and seconds < 5,
                       "%s: refused after %.1fs, having printed:\n%s"
                       % (" ".join(options), seconds, result.stdout[:400]))

        for flag in ("--help", "-h"):
            result, _ = run_options(args, ["--rounds", "1", flag])
            if result is not None:
                expect(result.returncode == 0 and
                       result.stdout.startswith("usage: ") and
                       "--help" in result.stdout and
                       result.stderr == "",
                       "%s: expected status 0 and the usage on stdout, got "
                       "%d:\n%s%s" % (flag, result.returncode, result.stdout,
                                       result.stderr))

        # The port file is written through a temporary file beside it, which
        # must not be a file of the user's: here PATH.tmp. PATH is a
        # directory, so the rename over it fails after the temporary file
        # has been written.
        port_dir = os.path.join(work, "port-dir")
        os.mkdir(port_dir)
        users = port_dir + ".tmp"
        with open(users, "w") as out:
            out.write("the user's notes\n")
        result, _ = run_options(args, ["--serve", "127.0.0.1:0", "--port-file",
                                       port_dir, "--serve-seconds", "60"])
        if result is not None:
            expect(result.returncode == 1 and
                   "'%s'" % port_dir in result.stderr,
                   "--port-file %s: expected status 1 and an error naming "
                   "it, got %d:\n%s" % (port_dir, result.returncode,
                                        result.stderr))
        kept = open(users).read() if os.path.exists(users) else None
        expect(kept == "the user's notes\n",
               "writing the port file %s changed %s: now %r"
               % (port_dir, users, kept))
        left = sorted(set(os.listdir(work)) - {"port-dir", "port-dir.tmp"})
        expect(not left, "the failed port file left %s behind" % left)

    check_port_file(args)


def full_pipe():
    """A pipe (read end, write end) filled so that the next write to it
    waits until the read end is read."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    try:
        while True:
            os.write(write_end, b"x" * 4096)
    except BlockingIOError:
        pass
    os.set_blocking(write_end, True)
    return read_end, write_end


def drain(descriptor, seconds):
    """Reads `descriptor` to its end, for `seconds` at most, and closes it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        readable, _, _ = select.select([descriptor], [], [],
                                       max(0, deadline - time.monotonic()))
        if readable and not os.read(descriptor, 65536):
            break
    os.close(descriptor)


def serving(port_file, seconds):
    """Options that serve for `seconds` and write the port to `port_file`."""
    return ["--rounds", "1", "--serve", "127.0.0.1:0", "--port-file",
            port_file, "--serve-seconds", str(seconds)]


def listening(port):
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def is_port(text):
    return re.fullmatch(r"[1-9][0-9]*\n", text or "") is not None


def check_port_file(args):
    with tempfile.TemporaryDirectory(prefix="defer-port-file-") as work:
        # A harness waiting for the port on a FIFO must get it through the
        # FIFO; replacing the FIFO would leave the reader waiting forever.
        fifo = os.path.join(work, "fifo.port")
        os.mkfifo(fifo)
        reader = subprocess.Popen(["cat", fifo], stdout=subprocess.PIPE,
                                  text=True)
        example = subprocess.Popen(
            [args.example, "--show", "calls", *serving(fifo, 60)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            port, _ = reader.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            reader.kill()
            port = reader.communicate()[0]
        still_fifo = stat.S_ISFIFO(os.lstat(fifo).st_mode)
        expect(is_port(port) and still_fifo,
               "--port-file FIFO: the reader got %r and the path is %s"
               % (port, "a FIFO" if still_fifo else "no FIFO any more"))
        if is_port(port):
            try:
                http_get("http://127.0.0.1:%d/metrics" % int(port))
            except OSError as error:
                expect(False, "the port from the FIFO, %d, does not serve "
                       "/metrics: %s" % (int(port), error))
        stop(example)
        expect(example.returncode == 0,
               "--port-file FIFO: SIGTERM gave status %d:\n%s"
               % (example.returncode, example.stderr.read()))
        example.stderr.close()

        # Nobody reads this FIFO, so the example waits to open it. SIGTERM
        # must end the wait (the port was not written: status 1) rather than
        # be noted for later while the example waits forever. The example
        # listens before it opens the port file.
        unread = os.path.join(work, "unread.port")
        os.mkfifo(unread)
        port = free_port()
        example = subprocess.Popen(
            [args.example, "--show", "calls", "--serve", "127.0.0.1:%d" % port,
             "--port-file", unread, "--serve-seconds", "60"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_for("the example to listen", lambda: listening(port), 30)
            time.sleep(1)
            example.send_signal(signal.SIGTERM)
            _, errors = example.communicate(timeout=10)
            expect(example.returncode == 1 and "'%s'" % unread in errors,
                   "SIGTERM while waiting for a FIFO's reader: expected "
                   "status 1 and an error naming it, got %d:\n%s"
                   % (example.returncode, errors))
        except (TimeoutError, subprocess.TimeoutExpired) as error:
            expect(False, "SIGTERM while waiting for a FIFO's reader: %s"
                   % error)
            example.kill()
            example.communicate()

        # The same signal sent the moment the output is read, before the
        # example has started to wait for the reader, ends it all the same.
        outcomes = []
        for _ in range(20):
            example = subprocess.Popen(
                [args.example, "--show", "calls", *serving(unread, 60)],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            example.stdout.read(1)
            example.send_signal(signal.SIGTERM)
            try:
                outcomes.append(example.wait(timeout=10))
            except subprocess.TimeoutExpired:
                outcomes.append("still waiting after 10s")
                example.kill()
                example.wait()
            example.stdout.close()
        expect(outcomes == [1] * 20,
               "SIGTERM as soon as the output appears, with a FIFO nobody "
               "reads: expected status 1 from 20 runs, got %s" % outcomes)

        # A symbolic link stays one, and the file it names gets the port in
        # place of what it held.
        target = os.path.join(work, "target.port")
        with open(target, "w") as out:
            out.write("a longer text that the port must replace\n")
        link = os.path.join(work, "link.port")
        os.symlink("target.port", link)
        result, _ = run_options(args, serving(link, 1))
        written = open(target).read()
        if result is not None:
            expect(result.returncode == 0 and os.path.islink(link) and
                   os.readlink(link) == "target.port" and is_port(written),
                   "--port-file symbolic link: status %d, %s, target holds "
                   "%r:\n%s" % (result.returncode,
                                "still a link" if os.path.islink(link)
                                else "no link any more", written,
                                result.stderr))

        # A harness running as another user reads the port file if the
        # umask lets it, as with any file the example would create.
        for umask, mode in ((0o022, 0o644), (0o077, 0o600)):
            fresh = os.path.join(work, "umask-%03o.port" % umask)
            previous = os.umask(umask)
            try:
                result, _ = run_options(args, serving(fresh, 1))
            finally:
                os.umask(previous)
            made = stat.S_IMODE(os.stat(fresh).st_mode) \
                if os.path.exists(fresh) else None
            expect(made == mode and is_port(open(fresh).read()),
                   "--port-file with umask %03o: expected mode %03o, got %s"
                   % (umask, mode, made if made is None else "%03o" % made))

        # A harness may stop the example as soon as the port file appears;
        # it must stop cleanly every time, not be killed by the signal. Its
        # stderr is a full pipe, so that the message it prints after the
        # port file holds it there until the signal has come and the pipe
        # is read.
        stopped = []
        for attempt in range(20):
            port_file = os.path.join(work, "term-%d.port" % attempt)
            errors, stderr = full_pipe()
            example = subprocess.Popen(
                [args.example, "--show", "calls", *serving(port_file, 60)],
                stdout=subprocess.DEVNULL, stderr=stderr)
            os.close(stderr)
            deadline = time.monotonic() + 30
            while not os.path.exists(port_file) and \
                    time.monotonic() < deadline:
                time.sleep(0.001)
            example.send_signal(signal.SIGTERM)
            stopped.append((example, errors))
        statuses = []
        for example, errors in stopped:
            drain(errors, 20)
            try:
                statuses.append(example.wait(timeout=20))
            except subprocess.TimeoutExpired:
                example.kill()
                statuses.append(example.wait())
        expect(statuses == [0] * 20,
               "SIGTERM as the port file appeared: statuses %s" % statuses)

        expected = {"fifo.port", "unread.port", "target.port", "link.port",
                    "umask-022.port", "umask-077.port"}
        expected |= {"term-%d.port" % attempt for attempt in range(20)}
        left = sorted(set(os.listdir(work)) - expected)
        expect(not left, "writing port files left %s behind" % left)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode",
                        choices=["exposition", "prometheus", "options"])
    parser.add_argument("--example", required=True)
    parser.add_argument("--promtool", default="promtool")
    parser.add_argument("--prometheus", default="prometheus")
    args = parser.parse_args()

    if args.mode == "exposition":
        check_exposition(args)
    elif args.mode == "options":
        check_options(args)
    else:
        check_prometheus(args)
    print("%s check: %d failures" % (args.mode, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
