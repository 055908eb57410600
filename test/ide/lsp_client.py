# A small Language Server Protocol client over stdio (JSON-RPC with
# Content-Length framing), enough to drive clangd from a test.
import json
import os
import queue
import subprocess
import threading
import time


class LspError(Exception):
    pass


class LspClient:
    """Starts a server and exchanges messages with it; every wait is bounded."""

    def __init__(self, command, cwd, env=None, timeout=60):
        self.timeout = timeout
        self.proc = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.inbox = queue.Queue()
        self.stderr_lines = []
        self.next_id = 1
        self.pending = []
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stdout(self):
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    self.inbox.put(None)
                    return
                header = header.strip()
                if not header:
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            self.inbox.put(json.loads(stream.read(length)))

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace"))

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode("utf-8")
        try:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body))
            self.proc.stdin.write(body)
            self.proc.stdin.flush()
        except OSError:
            raise LspError(self.exit_report()) from None

    def exit_report(self):
        status = self.proc.wait(timeout=self.timeout)
        time.sleep(0.2)  # let the stderr reader catch up
        return "the server exited with %s; its stderr ends with:\n%s" % (
            status, "".join(self.stderr_lines[-40:]))

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params):
        """Sends a request and returns its result, or raises on error."""
        msg_id = self.next_id
        self.next_id += 1
        self.send({"id": msg_id, "method": method, "params": params})
        reply = self.wait_for(lambda m: m.get("id") == msg_id
                              and "method" not in m)
        if "error" in reply:
            raise LspError("%s failed: %s" % (method, reply["error"]))
        return reply.get("result")

    def wait_for(self, predicate, timeout=None):
        """The first message, kept or newly read, that matches."""
        for i, message in enumerate(self.pending):
            if predicate(message):
                return self.pending.pop(i)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LspError("timed out waiting for the server; its "
                               "stderr ends with:\n"
                               + "".join(self.stderr_lines[-20:]))
            try:
                message = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise LspError(self.exit_report())
            if message.get("method") and "id" in message:
                # A request from the server (progress, configuration): a
                # null result is a valid answer to each one clangd sends.
                self.send({"id": message["id"], "result": None})
                continue
            if predicate(message):
                return message
            self.pending.append(message)

    def diagnostics(self, uri, version, timeout=None):
        """The diagnostics clangd publishes for one version of a document."""
        message = self.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version, timeout)
        self.pending = [
            m for m in self.pending
            if not (m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri)]
        return message["params"]["diagnostics"]

    def alive(self):
        return self.proc.poll() is None

    def shutdown(self):
        """Ends the session politely; returns the server's exit status."""
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            return self.proc.wait(timeout=self.timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


def path_uri(path):
    return "file://" + os.path.abspath(path)


def offset_of(text, line, character):
    """Offset in text of an LSP position (UTF-16 units, ASCII assumed)."""
    lines = text.split("\n")
    return sum(len(l) + 1 for l in lines[:line]) + character


def position_of(text, offset):
    before = text[:offset]
    line = before.count("\n")
    return {"line": line, "character": offset - (before.rfind("\n") + 1)}


def apply_edits(text, edits):
    """Applies LSP TextEdits, last first so earlier offsets stay valid."""
    spans = []
    for edit in edits:
        start = offset_of(text, edit["range"]["start"]["line"],
                          edit["range"]["start"]["character"])
        end = offset_of(text, edit["range"]["end"]["line"],
                        edit["range"]["end"]["character"])
        spans.append((start, end, edit["newText"]))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text
