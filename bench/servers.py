"""The servers under test, each started as its own process tree and stopped by its pid:
`dropsim serve`, the Python floor (a constant WSGI app under dropsim's own server set-up)
and WireMock (when its jar and java are found)."""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def _tree_kb(pid: int, path: str, field: str) -> int:
    """A `field:` figure (in kB) of /proc/<pid>/<path>, summed over the process and all its
    descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/{path}") as handle:
                for line in handle:
                    if line.startswith(field + ":"):
                        total += int(line.split()[1])
        except OSError:
            continue
        todo.extend(_children(current))
    return total


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (10^6 bytes)."""
    return round(_tree_kb(pid, "status", "VmRSS") * 1024 / 1e6, 1)


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and all its descendants, in MB: pages shared by
    forked workers count once in all, split between them (RSS counts them once per process)."""
    return round(_tree_kb(pid, "smaps_rollup", "Pss") * 1024 / 1e6, 1)


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError):
        return False


class Process:
    """A server process we started; `wait_ready` polls `ready_url` until it answers."""

    def __init__(self, argv: list[str], ready_url: str, *, env: dict | None = None,
                 cwd: str | None = None) -> None:
        self.argv, self.ready_url = argv, ready_url
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env={**os.environ, **(env or {})}, cwd=cwd or ROOT)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, timeout: float = 60.0) -> float:
        """Seconds from spawn to the first answered request."""
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.argv[0]} exited with {self.proc.returncode}: "
                                   f"{self.proc.stderr.read().decode(errors='replace')[-2000:]}")
            if http_ok(self.ready_url, timeout=1.0):
                return time.perf_counter() - self.started
            time.sleep(0.005)
        self.stop()
        raise RuntimeError(f"{self.argv[0]} did not answer {self.ready_url} in {timeout} s")

    def rss_mb(self) -> float:
        return tree_rss_mb(self.pid)

    def pss_mb(self) -> float:
        return tree_pss_mb(self.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # quick shutdown of the workers
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stderr:
            self.proc.stderr.close()


def dropsim_argv() -> list[str]:
    """`dropsim` as a user runs it: the console script beside this Python, else the module."""
    script = os.path.join(os.path.dirname(sys.executable), "dropsim")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "simulator"]


def start_dropsim(db: str, port: int, env: dict | None = None) -> Process:
    """`dropsim serve` with its defaults (production server, default workers) on `db`."""
    return Process(dropsim_argv() + ["serve", "--port", str(port), "--db", db],
                   f"http://127.0.0.1:{port}/_sim/health", env=env)


def start_floor(body_file: str, port: int) -> Process:
    """The Python floor: a constant order body, served by dropsim's own server set-up."""
    return Process([sys.executable, "-m", "bench.floor", "--port", str(port), body_file],
                   f"http://127.0.0.1:{port}/provet/api/orders/1")


def start_stateful_floor(db: str, port: int) -> Process:
    """The stateful floor: a minimal Flask app reading and writing dropsim's own database."""
    return Process([sys.executable, "-m", "bench.stateful_floor", "--port", str(port), db],
                   f"http://127.0.0.1:{port}/ready")


def wiremock_jar() -> str | None:
    """The WireMock standalone jar: $DROPSIM_BENCH_WIREMOCK_JAR, or an npm install of the
    `wiremock` package under bench/.cache/ or the current directory."""
    if os.environ.get("DROPSIM_BENCH_WIREMOCK_JAR"):
        return os.environ["DROPSIM_BENCH_WIREMOCK_JAR"]
    for root in (os.path.join(ROOT, "bench", ".cache"), os.getcwd()):
        found = sorted(glob.glob(os.path.join(
            root, "**", "node_modules", "wiremock", "build", "wiremock-standalone-*.jar"),
            recursive=True))
        if found:
            return found[-1]
    return None


def wiremock_missing() -> str | None:
    """Why WireMock cannot run here, or None."""
    if not shutil.which("java"):
        return "java not found"
    if not wiremock_jar() or not os.path.exists(wiremock_jar()):
        return "WireMock jar not found (npm install --prefix bench/.cache/wiremock wiremock)"
    return None


def start_wiremock(root_dir: str, port: int) -> Process:
    """WireMock standalone with the stubs found in `root_dir`/mappings."""
    return Process(["java", "-jar", wiremock_jar(), "--port", str(port), "--root-dir", root_dir,
                    "--disable-banner"],
                   f"http://127.0.0.1:{port}/provet/api/orders/1")
