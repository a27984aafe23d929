#!/usr/bin/env python3
"""Checks and pictures driftwatch's Grafana dashboards against a live demo scraped by a real Prometheus.

    dashboards.py check   every query of every dashboard in grafana/dashboards/ must return data
    dashboards.py render  PNG pictures of the dashboards after a scripted drift story, docs/img/dashboards/<uid>.png

Both start the same stack, each process in its own session and stopped (SIGTERM, then SIGKILL) on any exit:
  - `./driftwatch demo` on an in-JVM broker with a covariate shift of bmi (data drift),
  - `./driftwatch simulate` against that broker with a concept shift of bmi's effect (a concept-drift alarm; check
    stops it once the alarm is seen, render starts it later, see --help),
  - `./driftwatch simulate` sending bp in kPa for a while (dead letters, and rejected records in the drift reports),
  - `./driftwatch simulate` with a correlation break of s1 and s2 for a while (joint drift: changed correlation pairs;
    check stops it once a pair is flagged),
  - Debian's prometheus scraping the demo every 2 s, with config/alerts.yml loaded,
all on free ports, with every file (Kafka's data, the streams state, Prometheus' TSDB) in one temporary directory.
`render --from-prometheus URL --start T0 --end T1` draws from a Prometheus that already holds the data (e.g. one
started on the TSDB that `--keep` left).

`check` uses only the Python standard library; `render` needs matplotlib (Debian's python3-matplotlib).
"""

import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRAPE_SECONDS = 2
CORRELATION_BREAK_SECONDS = 90  # render: how long the correlation-break clinic sends


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Failure(Exception):
    """A failure that ends the run with a message (and the stack's logs when they help)."""


# --------------------------------------------------------------------------------------------------------------------
# The stack: demo, simulator, prometheus
# --------------------------------------------------------------------------------------------------------------------

def free_port(taken):
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in taken:
            taken.add(port)
            return port


def _die_with_parent():
    """Child side of Popen: own session (so signals to our terminal do not reach it), and SIGTERM if we die."""
    os.setsid()
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort: the trap below is the main cleanup
        pass


class Stack:
    """The demo, Prometheus and simulators on a schedule; a context manager that always stops what it started."""

    def __init__(self, *, window, rate, data_drift_after_events, seed, keep, simulators=()):
        self.window = window
        self.rate = rate
        self.data_drift_after_events = data_drift_after_events
        self.seed = seed
        self.keep = keep
        # (seconds after the demo runs, name, [simulate args], ends by itself), started by tick()
        self.simulators = sorted(simulators, key=lambda sim: sim[0])
        self.may_exit = set()  # processes that may end: simulate --count, and those we stopped
        self.procs = []  # (name, Popen, log path), in start order
        self.tmp = Path(tempfile.mkdtemp(prefix="driftwatch-dashboards-"))
        self.ports = set()
        self.prom_url = None
        self.kafka_port = None
        self.metrics_port = None
        self.demo_running_at = None
        self.prom_started_at = None
        self.started = {}  # simulator name -> time it started

    # -- processes -------------------------------------------------------------------------------------------------
    def _spawn(self, name, argv, env=None):
        path = self.tmp / f"{name}.log"
        out = open(path, "wb")
        proc = subprocess.Popen(argv, cwd=REPO, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                env=env, preexec_fn=_die_with_parent)
        out.close()
        self.procs.append((name, proc, path))
        log(f"started {name} (pid {proc.pid}): {' '.join(str(a) for a in argv)}")
        return proc

    def _java_env(self, heap):
        jtmp = self.tmp / "java-tmp"
        jtmp.mkdir(exist_ok=True)
        env = dict(os.environ)
        # Kafka's log dir and the streams state go to java.io.tmpdir: inside our directory, removed whatever happens.
        env["DRIFTWATCH_JAVA_OPTS"] = f"{env.get('DRIFTWATCH_JAVA_OPTS', '')} -Djava.io.tmpdir={jtmp} -Xmx{heap}".strip()
        return env

    def log_tail(self, name, lines=12):
        for n, _, path in self.procs:
            if n == name and path.exists():
                text = [ln for ln in path.read_text(errors="replace").splitlines()
                        if not ln.startswith(("\tat ", "\t... "))]  # stack frames say little here
                return "\n".join(f"    {name}| {line[:200]}" for line in text[-lines:])
        return ""

    def _check_alive(self):
        for name, proc, _ in self.procs:
            if proc.poll() is not None and not (name in self.may_exit and proc.returncode in (0, 143, -15)):
                raise Failure(f"{name} exited with status {proc.returncode}:\n{self.log_tail(name)}")

    def build(self):
        """The launcher builds the project when the sources changed; do it before any clock starts."""
        started = time.monotonic()
        path = self.tmp / "build.log"
        with open(path, "wb") as out:
            rc = subprocess.call([str(REPO / "driftwatch"), "--version"], cwd=REPO, stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=subprocess.STDOUT)
        if rc != 0:
            raise Failure(f"./driftwatch --version failed (status {rc}):\n{path.read_text(errors='replace')[-3000:]}")
        log(f"launcher ready ({time.monotonic() - started:.0f} s)")

    def start(self):
        self.build()
        self.kafka_port = free_port(self.ports)
        self.metrics_port = free_port(self.ports)
        prom_port = free_port(self.ports)
        model = REPO / "models" / "diabetes-lasso.json"
        if not model.exists():
            model = self.tmp / "diabetes-lasso.json"  # the demo trains it there: nothing left in the checkout
        self.model = model
        demo = [str(REPO / "driftwatch"), "demo", "--kafka-port", str(self.kafka_port),
                "--metrics-port", str(self.metrics_port), "--model", str(model),
                "--rate", str(self.rate), "--scenario", "covariate-shift",
                "--drift-after", str(self.data_drift_after_events), "--seed", str(self.seed)]
        if self.window:
            demo += ["--set", f"drift.window.size={self.window}"]
        self._spawn("demo", demo, env=self._java_env("1g"))
        self._wait_for_log("demo", "driftwatch demo is running", timeout=240)
        self.demo_running_at = time.time()
        log(f"demo running: Kafka on localhost:{self.kafka_port}, metrics on localhost:{self.metrics_port}")
        self._start_prometheus(prom_port)
        self.tick()
        self._wait_for_up()

    def simulate_argv(self, *args):
        return [str(REPO / "driftwatch"), "simulate", "--bootstrap-servers", f"localhost:{self.kafka_port}",
                "--model", str(self.model), *args]

    def tick(self):
        """Starts the simulators whose time has come; checks that everything still runs."""
        self._check_alive()
        now = time.time()
        while self.simulators and self.demo_running_at + self.simulators[0][0] <= now:
            _, name, args, ends = self.simulators.pop(0)
            if ends:
                self.may_exit.add(name)
            self._spawn(name, self.simulate_argv(*args), env=self._java_env("256m"))
            self.started[name] = time.time()

    def stop_process(self, name):
        for n, proc, _ in self.procs:
            if n == name and proc.poll() is None:
                self.may_exit.add(name)
                os.killpg(proc.pid, signal.SIGTERM)
                log(f"stopped {name} (pid {proc.pid})")

    def _start_prometheus(self, port):
        binary = shutil.which("prometheus") or "/usr/bin/prometheus"
        if not os.access(binary, os.X_OK):
            raise Failure("prometheus is not installed (apt-get install prometheus)")
        config = self.tmp / "prometheus.yml"
        config.write_text(
            "global:\n"
            f"  scrape_interval: {SCRAPE_SECONDS}s\n"
            f"  evaluation_interval: {SCRAPE_SECONDS}s\n"
            "rule_files:\n"
            f"  - {json.dumps(str(REPO / 'config' / 'alerts.yml'))}\n"
            "scrape_configs:\n"
            "  - job_name: driftwatch\n"
            "    metrics_path: /metrics\n"
            "    static_configs:\n"
            f"      - targets: [\"localhost:{self.metrics_port}\"]\n"
            "        labels: {instance: demo}\n")  # the same legend in every run, not a random port
        self._spawn("prometheus", [binary, f"--config.file={config}", f"--storage.tsdb.path={self.tmp / 'tsdb'}",
                                   f"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=1d"])
        self.prom_url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            self._check_alive()
            try:
                with urllib.request.urlopen(self.prom_url + "/-/ready", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.time() > deadline:
                raise Failure(f"prometheus not ready after 60 s:\n{self.log_tail('prometheus')}")
            time.sleep(0.5)
        self.prom_started_at = time.time()
        log(f"prometheus ready on {self.prom_url}")

    def _wait_for_log(self, name, text, timeout):
        deadline = time.time() + timeout
        path = self.tmp / f"{name}.log"
        while text not in path.read_text(errors="replace"):
            self._check_alive()
            if time.time() > deadline:
                raise Failure(f"{name}: no '{text}' after {timeout} s:\n{self.log_tail(name)}")
            time.sleep(0.5)

    def _wait_for_up(self):
        prom = Prometheus(self.prom_url)
        deadline = time.time() + 60
        while not prom.query('up{job="driftwatch"} == 1'):
            self._check_alive()
            if time.time() > deadline:
                raise Failure("prometheus cannot scrape the demo's /metrics")
            time.sleep(1)

    def stop(self):
        running = [n for n, proc, _ in self.procs if proc.poll() is None]
        if running:
            log("stopping " + ", ".join(running))
        for name, proc, _ in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for name, proc, _ in reversed(self.procs):
            try:
                proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop within 40 s of SIGTERM: SIGKILL")
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
            # Anything left in its session (there should be nothing: the launcher execs java).
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.procs:
            log("stopped " + ", ".join(f"{n} (pid {p.pid})" for n, p, _ in self.procs))
        self.procs = []
        if self.keep:
            log(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


def on_signals_exit():
    """SIGTERM/SIGHUP end the run like Ctrl-C does, so that every `finally` (the stack's cleanup) runs."""
    def handler(signum, _frame):
        signal.signal(signum, signal.SIG_IGN)
        raise KeyboardInterrupt(f"signal {signum}")
    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(s, handler)


# --------------------------------------------------------------------------------------------------------------------
# Prometheus' HTTP API
# --------------------------------------------------------------------------------------------------------------------

class QueryError(Exception):
    pass


class Prometheus:
    def __init__(self, url):
        self.url = url

    def _call(self, path, params):
        data = urllib.parse.urlencode(params, doseq=True).encode()
        request = urllib.request.Request(self.url + path, data=data, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                body = json.load(r)
        except urllib.error.HTTPError as e:
            try:
                body = json.load(e)
            except Exception:  # noqa: BLE001
                raise QueryError(f"HTTP {e.code}") from None
        if body.get("status") != "success":
            raise QueryError(f"{body.get('errorType', 'error')}: {body.get('error', body)}")
        return body["data"]

    def query(self, expr, at=None):
        params = {"query": expr}
        if at is not None:
            params["time"] = f"{at:.3f}"
        data = self._call("/api/v1/query", params)
        if data["resultType"] in ("scalar", "string"):
            return [{"metric": {}, "value": data["result"]}]
        return data["result"]

    def query_range(self, expr, start, end, step):
        data = self._call("/api/v1/query_range",
                          {"query": expr, "start": f"{start:.3f}", "end": f"{end:.3f}", "step": f"{step}s"})
        return data["result"]

    def series(self, match, start, end):
        return self._call("/api/v1/series", {"match[]": match, "start": f"{start:.3f}", "end": f"{end:.3f}"})

    def label_values(self, label, start, end, match=None):
        params = {"start": f"{start:.3f}", "end": f"{end:.3f}"}
        if match:
            params["match[]"] = match
        query = urllib.parse.urlencode(params, doseq=True)
        with urllib.request.urlopen(f"{self.url}/api/v1/label/{urllib.parse.quote(label)}/values?{query}",
                                    timeout=60) as r:
            return json.load(r)["data"]


# --------------------------------------------------------------------------------------------------------------------
# Dashboards: panels, targets, variables
# --------------------------------------------------------------------------------------------------------------------

def load_dashboards(paths):
    """[(path, dashboard dict)]; a file that is not a dashboard is an error naming it."""
    files = []
    for p in paths:
        p = Path(p)
        files.extend(sorted(p.glob("*.json")) if p.is_dir() else [p])
    out = []
    for f in files:
        try:
            d = json.loads(f.read_text())
        except OSError as e:
            raise Failure(f"{f}: {e.strerror}") from None
        except ValueError as e:
            raise Failure(f"{f}: not a JSON file: {e}") from None
        if isinstance(d, dict) and isinstance(d.get("dashboard"), dict):  # the HTTP API's envelope
            d = d["dashboard"]
        if not isinstance(d, dict) or not isinstance(d.get("panels", d.get("rows")), list):
            raise Failure(f"{f}: not a Grafana dashboard (no panels)")
        d.setdefault("uid", f.stem)
        out.append((f, d))
    return out


def walk_panels(dashboard):
    """Every panel in dashboard order, rows included, nested row panels after their row (old `rows` too)."""
    if "rows" in dashboard and "panels" not in dashboard:
        for row in dashboard["rows"]:
            yield {"type": "row", "title": row.get("title", ""), "collapsed": row.get("collapse", False)}
            yield from row.get("panels", [])
        return
    for p in dashboard.get("panels", []):
        yield p
        if p.get("type") == "row":
            yield from p.get("panels", [])


def panel_name(p):
    return p.get("title") or f"panel #{p.get('id', '?')}"


def is_prometheus_target(t):
    return isinstance(t, dict) and isinstance(t.get("expr"), str) and t["expr"].strip() != ""


def variables(dashboard):
    return [v for v in dashboard.get("templating", {}).get("list", []) if isinstance(v, dict) and v.get("name")]


def variable_query_text(v):
    q = v.get("query", "")
    if isinstance(q, dict):
        q = q.get("query", "")
    return q if isinstance(q, str) else ""


LABEL_VALUES = re.compile(r"^\s*label_values\(\s*(?:(.*)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$", re.S)
QUERY_RESULT = re.compile(r"^\s*query_result\((.*)\)\s*$", re.S)
METRICS = re.compile(r"^\s*metrics\((.*)\)\s*$", re.S)
VAR_REF = re.compile(r"\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]|\$(\w+)")


def regex_escape(s):
    return re.sub(r"([\\^$.|?*+()\[\]{}])", r"\\\\\1", s)


class Interpolator:
    """Grafana's variable interpolation for Prometheus queries, with fixed built-in intervals."""

    def __init__(self, builtins, values):
        self.builtins = builtins  # name -> text
        self.values = values  # variable name -> (list of values, all-value or None, multi/includeAll)

    def __call__(self, text, single=None):
        """single: {variable: value} for a repeated panel (Grafana repeats it per value)."""
        def sub(m):
            name = m.group(1) or m.group(3) or m.group(5)
            fmt = m.group(2) or m.group(4)
            if name in self.builtins:
                return self.builtins[name]
            if single and name in single:
                return single[name]
            if name not in self.values:
                return m.group(0)
            vals, all_value, multi = self.values[name]
            if all_value is not None:
                return all_value
            if fmt == "raw":
                return ",".join(vals)
            if fmt == "pipe":
                return "|".join(vals)
            if len(vals) == 1 and not multi:
                return vals[0]
            if not vals:
                return ""
            escaped = [regex_escape(v) for v in vals]
            return escaped[0] if len(escaped) == 1 else "(" + "|".join(escaped) + ")"
        return VAR_REF.sub(sub, text)


def resolve_variables(dashboard, prom, start, end, builtins, report=None):
    """Values of the dashboard's template variables, in order (a variable may use the ones before it).

    report(kind, name, expr, count, error) is told about each query variable, for the check."""
    values = {}
    interp = Interpolator(builtins, values)
    for v in variables(dashboard):
        name, kind = v["name"], v.get("type", "query")
        multi = bool(v.get("multi") or v.get("includeAll"))
        current = v.get("current", {}) or {}
        cur = current.get("value")
        cur = cur if isinstance(cur, list) else ([cur] if isinstance(cur, str) else [])
        opts = [o.get("value") for o in v.get("options", []) if isinstance(o, dict) and isinstance(o.get("value"), str)]
        found, error, q = [], None, ""
        if kind == "query":
            q = interp(variable_query_text(v))
            try:
                m = LABEL_VALUES.match(q)
                if m:
                    metric, label = (m.group(1) or "").strip(), m.group(2)
                    if metric:
                        series = prom.series(metric, start, end)
                        found = sorted({s[label] for s in series if s.get(label)})
                        if series and not found:
                            error = f"the series of {metric} have no label {label}"
                    else:
                        found = sorted(prom.label_values(label, start, end))
                elif QUERY_RESULT.match(q):
                    found = [json.dumps(r["metric"]) for r in prom.query(QUERY_RESULT.match(q).group(1), at=end)]
                elif METRICS.match(q):
                    rx = re.compile(METRICS.match(q).group(1))
                    found = [n for n in prom.label_values("__name__", start, end) if rx.search(n)]
                elif q.strip():
                    found = [json.dumps(r["metric"]) for r in prom.query(q, at=end)]
            except QueryError as e:
                error = str(e)
            rx = v.get("regex")
            if rx and found:
                try:
                    pattern = re.compile(rx.strip("/"))
                    kept = []
                    for f in found:
                        m = pattern.search(f)
                        if m:
                            kept.append(m.group(1) if m.groups() else f)
                    found = kept
                except re.error:
                    pass
            if report:
                report("variable", name, q, len(found), error)
        elif kind == "custom":
            found = [s.strip() for s in re.split(r"(?<!\\),", v.get("query", "")) if s.strip()] or opts
        elif kind in ("constant", "textbox"):
            found = [variable_query_text(v)] if variable_query_text(v) else cur
        elif kind == "interval":
            found = cur or [s.strip() for s in v.get("query", "").split(",") if s.strip()]
        else:  # datasource, adhoc, ...: nothing to put into an expression
            continue
        all_value = None
        if "$__all" in cur or (v.get("includeAll") and not [c for c in cur if c in found]):
            all_value = v.get("allValue") or None
            chosen = found
        else:
            chosen = [c for c in cur if c in found] or found[:1] or cur
        values[name] = (chosen, all_value, multi)
    return values


def panel_queries(dashboard):
    """[(panel, target)] for every Prometheus target of every panel."""
    out = []
    for p in walk_panels(dashboard):
        for t in p.get("targets", []) or []:
            if is_prometheus_target(t):
                out.append((p, t))
    return out


def annotation_queries(dashboard):
    out = []
    for a in dashboard.get("annotations", {}).get("list", []):
        if not isinstance(a, dict) or a.get("builtIn") or a.get("enable") is False:
            continue
        expr = a.get("expr") or (a.get("target") or {}).get("expr")
        if isinstance(expr, str) and expr.strip():
            out.append((a, expr))
    return out


def repeat_single(panel, values):
    """A repeated panel (repeat: feature) is drawn once per value: interpolate with the first one."""
    var = panel.get("repeat")
    if var and var in values and values[var][0]:
        return {var: values[var][0][0]}
    return None


# --------------------------------------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------------------------------------

WAIT_FOR = [
    ("drift windows", "driftwatch_drift_window_end_timestamp_seconds"),
    ("rejected records in a drift report", "max(driftwatch_drift_rejected_share) > 0"),
    ("drift flag", "max(driftwatch_drift_flag) == 1"),
    ("performance window", "driftwatch_performance_window_end_timestamp_seconds"),
    ("concept alarm", "driftwatch_concept_alarms_total > 0"),
    ("changed correlation pair", "max(driftwatch_drift_pair_flag) == 1"),
]


def concept_simulator(rate, seed, effect=2):
    """A second clinic whose outcomes follow a world where bmi matters `effect` times as much: a concept alarm."""
    return ["--scenario", "concept-shift", "--feature", "bmi", "--effect", str(effect), "--rate", str(rate),
            "--label-delay", "5s", "--seed", str(seed)]


def unit_error_simulator(seed, count):
    """A third clinic that sends bp in kPa: every event is dead-lettered as out_of_range, and counted in a report."""
    return ["--scenario", "unit-error", "--feature", "bp", "--rate", "5", "--count", str(count),
            "--label-delay", "5s", "--seed", str(seed)]


def correlation_simulator(rate, seed, count=0):
    """A clinic whose s2 comes from another patient: s1 and s2 no longer go together (a joint drift, no feature's
    distribution changes). Its outcomes follow the model's world, so it only dilutes the other stories a little."""
    return ["--scenario", "correlation-break", "--features", "s1,s2", "--rate", str(rate), "--count", str(count),
            "--label-delay", "5s", "--seed", str(seed)]


def wait_for_story(stack, prom, timeout):
    started = time.time()
    pending = list(WAIT_FOR)
    while pending:
        stack.tick()
        for item in list(pending):
            if prom.query(item[1]):
                log(f"{item[0]}: yes, {time.time() - stack.demo_running_at:.0f} s after the demo started ({item[1]})")
                pending.remove(item)
                if item[0] == "concept alarm" and any(n == "drift flag" for n, _ in pending):
                    # Its unshifted events halve bmi's shift in the drift windows, and the flag then comes only now
                    # and then: with the alarm seen, the demo's own traffic makes the flag certain in a window.
                    stack.stop_process("simulate-concept")
                if item[0] == "changed correlation pair":
                    # Seen: its unshifted bmi would weaken bmi's shift in the windows that must flag it.
                    stack.stop_process("simulate-correlation")
        if pending and time.time() - started > timeout:
            log(f"waited {timeout:.0f} s, still no " + ", ".join(n for n, _ in pending) + "; the demo's log ends:\n"
                + stack.log_tail("demo"))
            return pending
        if pending:
            time.sleep(2)
    return []


def run_check(args):
    dashboards = load_dashboards(args.dashboards)
    if not dashboards:
        print(f"no dashboards in {', '.join(map(str, args.dashboards))}: nothing to check")
        return 0
    total = sum(len(panel_queries(d)) + len(annotation_queries(d)) for _, d in dashboards)
    log(f"{len(dashboards)} dashboard(s), {total} panel and annotation queries, "
        f"{sum(len(variables(d)) for _, d in dashboards)} variable(s)")
    began = time.monotonic()
    with Stack(window=args.window, rate=args.rate, data_drift_after_events=args.drift_after, seed=args.seed,
               keep=args.keep, simulators=[(0, "simulate-concept", concept_simulator(args.rate, args.seed + 1),
                                            False),
                                           (0, "simulate-unit-error", unit_error_simulator(args.seed + 2, 100),
                                            True),
                                           (0, "simulate-correlation", correlation_simulator(
                                               args.rate // 2, args.seed + 3), False)]) as stack:
        stack.start()
        prom = Prometheus(stack.prom_url)
        deadline = began + args.budget
        missing = wait_for_story(stack, prom, max(10, min(args.timeout, deadline - 30 - time.monotonic())))
        # rate() over 1m needs two scrapes in it; a few more seconds let the alert rules evaluate too.
        time.sleep(2 * SCRAPE_SECONDS + 1)
        rows, failures = check_queries(stack, prom, dashboards, max(0, min(args.settle, deadline - time.monotonic())))
        failures = [f"the demo produced no {name} in time ({expr})" for name, expr in missing] + failures
    print_table(rows)
    log(f"check took {time.monotonic() - began:.0f} s")
    if failures:
        print(f"\n{len(failures)} dashboard quer{'y' if len(failures) == 1 else 'ies'} failed:", file=sys.stderr)
        for f in failures:
            print(f"  {f}", file=sys.stderr)
        return 1
    print(f"\nall {len(rows)} queries of {len(dashboards)} dashboard(s) returned data")
    return 0


def check_queries(stack, prom, dashboards, settle):
    builtins = {"__rate_interval": "1m", "__interval": "15s", "__interval_ms": "15000", "__range": "5m",
                "__range_s": "300", "__range_ms": "300000"}
    rows = []  # dicts: dashboard, panel, ref, kind, expr, resolved, instant, series, status, error

    def evaluate(row):
        row["error"] = None
        now = time.time()
        try:
            result = prom.query(row["resolved"], at=now)
            row["series"] = len(result)
            row["status"] = "ok" if result else "empty"
            if not result and row["kind"] != "variable" and not row["instant"]:
                # A range panel shows data from anywhere in its time range (e.g. `x > 0` between windows).
                start = max(stack.prom_started_at, now - 300)
                ranged = prom.query_range(row["resolved"], start, now, SCRAPE_SECONDS)
                if ranged:
                    row["series"] = len(ranged)
                    row["status"] = "ok (range)"
        except QueryError as e:
            row["series"], row["status"], row["error"] = 0, "error", str(e)

    for path, d in dashboards:
        uid = d.get("uid")
        start = stack.prom_started_at
        var_rows = []

        def report(kind, name, expr, count, error, _uid=uid, _rows=var_rows):
            _rows.append({"dashboard": _uid, "panel": f"variable ${name}", "ref": "", "kind": "variable",
                          "expr": expr, "resolved": expr, "series": count, "instant": True,
                          "status": "error" if error else ("ok" if count else "empty"), "error": error})

        values = resolve_variables(d, prom, start, time.time(), builtins, report)
        rows.extend(var_rows)
        interp = Interpolator(builtins, values)
        for panel, target in panel_queries(d):
            row = {"dashboard": uid, "panel": panel_name(panel), "ref": target.get("refId", ""), "kind": "panel",
                   "expr": target["expr"], "resolved": interp(target["expr"], repeat_single(panel, values)),
                   "instant": bool(target.get("instant")) and not target.get("range")}
            evaluate(row)
            rows.append(row)
        for annotation, expr in annotation_queries(d):
            row = {"dashboard": uid, "panel": f"annotation {annotation.get('name', '')}", "ref": "",
                   "kind": "annotation", "expr": expr, "resolved": interp(expr), "instant": False}
            evaluate(row)
            rows.append(row)

    # ask the empty ones again for a while: some data comes with the next window or rule evaluation
    pending = [r for r in rows if r["status"] == "empty" and r["kind"] != "variable"]
    deadline = time.time() + settle
    while pending and time.time() < deadline:
        log(f"{len(pending)} quer{'y' if len(pending) == 1 else 'ies'} without data yet; asking again for up to "
            f"{deadline - time.time():.0f} s")
        time.sleep(5)
        stack.tick()
        for row in pending:
            evaluate(row)
        pending = [r for r in pending if r["status"] == "empty"]

    failures = []
    for r in rows:
        if r["status"] in ("empty", "error"):
            what = f"{r['dashboard']} / {r['panel']}" + (f" / {r['ref']}" if r["ref"] else "")
            reason = r["error"] or ("no such label values" if r["kind"] == "variable" else "no data")
            failures.append(f"{what}: {' '.join(r['expr'].split())}  ->  {reason}")
    return rows, failures


def print_table(rows):
    head = ("dashboard", "panel", "ref", "series", "status")
    table = [head] + [(r["dashboard"], r["panel"], r["ref"], str(r["series"]), r["status"].upper()
                       if r["status"] in ("empty", "error") else r["status"]) for r in rows]
    widths = [min(max(len(row[i]) for row in table), 60) for i in range(len(head))]
    for i, row in enumerate(table):
        print("  ".join((c if len(c) <= 60 else c[:57] + "...").ljust(w) for c, w in zip(row, widths)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


# --------------------------------------------------------------------------------------------------------------------
# render: a Grafana-like picture of each dashboard, drawn with matplotlib
# --------------------------------------------------------------------------------------------------------------------

np = mpl = plt = mdates = None

BG, PANEL_BG, BORDER = "#111217", "#181b1f", "#2c3037"
TEXT, MUTED, GRID = "#ccccdc", "#9fa3ad", "#2a2e35"
NAMED_COLORS = {
    "green": "#73BF69", "dark-green": "#37872D", "semi-dark-green": "#56A64B", "light-green": "#96D98D",
    "super-light-green": "#C8F2C2", "yellow": "#FADE2A", "dark-yellow": "#E0B400", "semi-dark-yellow": "#F2CC0C",
    "light-yellow": "#FFEE52", "super-light-yellow": "#FFF899", "red": "#F2495C", "dark-red": "#C4162A",
    "semi-dark-red": "#E02F44", "light-red": "#FF7383", "super-light-red": "#FFA6B0", "blue": "#5794F2",
    "dark-blue": "#1F60C4", "semi-dark-blue": "#3274D9", "light-blue": "#8AB8FF", "super-light-blue": "#C0D8FF",
    "orange": "#FF9830", "dark-orange": "#FA6400", "semi-dark-orange": "#FF780A", "light-orange": "#FFB357",
    "super-light-orange": "#FFCB7D", "purple": "#B877D9", "dark-purple": "#8F3BB8", "semi-dark-purple": "#A352CC",
    "light-purple": "#CA95E5", "super-light-purple": "#DEB6F2", "text": TEXT, "white": "#FFFFFF",
    "gray": "#9fa3ad", "grey": "#9fa3ad",
}
# Grafana's classic palette (dark theme), in order
CLASSIC = ["#73BF69", "#F2CC0C", "#8AB8FF", "#FF780A", "#F2495C", "#5794F2", "#B877D9", "#705DA0", "#37872D",
           "#FADE2A", "#447EBC", "#C15C17", "#890F02", "#0A437C", "#6D1F62", "#584477", "#B7DBAB", "#F4D598",
           "#70DBED", "#F9BA8F", "#F29191", "#82B5D8", "#E5A8E2", "#AEA2E0"]
GRID_W, ROW_PX, GAP = 24, 30, 8  # Grafana's grid: 24 columns, rows of 30 px, 8 px between panels


def _load_matplotlib():
    global np, mpl, plt, mdates
    try:
        import matplotlib
        import numpy
    except ImportError:
        raise Failure("render needs matplotlib: apt-get install -y python3-matplotlib "
                      "(scripts/render-dashboards then uses the Python that has it)") from None
    matplotlib.use("Agg")
    import matplotlib.dates
    import matplotlib.pyplot
    np, mpl, plt, mdates = numpy, matplotlib, matplotlib.pyplot, matplotlib.dates
    mpl.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8, "text.color": TEXT,
                         "axes.labelcolor": MUTED, "xtick.color": MUTED, "ytick.color": MUTED,
                         "axes.edgecolor": GRID, "svg.fonttype": "none"})


def to_color(c, default=TEXT):
    if not isinstance(c, str) or not c:
        return default
    c = c.strip()
    if c == "transparent":
        return (0, 0, 0, 0)
    if c in NAMED_COLORS:
        return NAMED_COLORS[c]
    m = re.match(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)", c)
    if m:
        r, g, b = (float(m.group(i)) / 255 for i in (1, 2, 3))
        return (r, g, b, float(m.group(4)) if m.group(4) else 1.0)
    try:
        return mpl.colors.to_rgba(c)
    except ValueError:
        return default


# -- values and units -------------------------------------------------------------------------------------------------

def _num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def _auto_decimals(v):
    a = abs(v)
    if a == 0 or a >= 100:
        return 0
    if a >= 10:
        return 1
    if a >= 1:
        return 2
    return min(6, 1 - int(math.floor(math.log10(a))) + 1)


def _trim(s):
    return s.rstrip("0").rstrip(".") if "." in s else s


def _fixed(v, decimals):
    d = _auto_decimals(v) if decimals is None else decimals
    s = f"{v:.{d}f}"
    return _trim(s) if decimals is None else s


def _scaled(v, steps, decimals, base=1000.0):
    """steps: [(suffix)] for base^0, base^1, ..."""
    i = 0
    a = abs(v)
    while a >= base and i < len(steps) - 1:
        a /= base
        v /= base
        i += 1
    return _fixed(v, decimals) + steps[i]


DURATION_UNITS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def _duration(seconds, decimals):
    if seconds == 0:
        return "0 s"
    a = abs(seconds)
    for limit, div, suffix in ((1e-6, 1e-9, " ns"), (1e-3, 1e-6, " µs"), (1, 1e-3, " ms"), (60, 1, " s"),
                               (3600, 60, " min"), (86400, 3600, " hour"), (float("inf"), 86400, " day")):
        if a < limit or limit == float("inf"):
            return _fixed(seconds / div, decimals) + suffix
    return str(seconds)


def fmt_value(v, unit=None, decimals=None):
    """A value as Grafana shows it for the common units."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    unit = unit or "short"
    if unit == "percentunit":
        return _fixed(v * 100, decimals) + "%"
    if unit == "percent":
        return _fixed(v, decimals) + "%"
    if unit in DURATION_UNITS:
        return _duration(v * DURATION_UNITS[unit], decimals)
    if unit in ("dtdurations", "dtdurationms"):
        s = v / 1000 if unit == "dtdurationms" else v
        return _duration(s, 0 if abs(s) >= 60 else decimals)
    if unit in ("bytes", "decbytes", "bits"):
        base = 1024.0 if unit == "bytes" else 1000.0
        sfx = [" B", " KiB", " MiB", " GiB", " TiB"] if unit == "bytes" else [" B", " kB", " MB", " GB", " TB"]
        if unit == "bits":
            sfx = [" b", " kb", " Mb", " Gb", " Tb"]
        return _scaled(v, sfx, decimals, base)
    if unit in ("reqps", "rps", "ops", "wps", "cps", "opm", "rpm"):
        sfx = {"reqps": " req/s", "rps": " rd/s", "ops": " ops/s", "wps": " wr/s", "cps": " c/s", "opm": " ops/min",
               "rpm": " req/min"}[unit]
        return _scaled(v, ["", "K", "M", "B"], decimals) + sfx
    if unit in ("dateTimeAsIso", "dateTimeAsSystem", "dateTimeAsUS"):
        return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(v / 1000 if v > 1e11 else v))
    if unit == "dateTimeFromNow":
        return _duration(time.time() - (v / 1000 if v > 1e11 else v), 0) + " ago"
    if unit == "bool":
        return "true" if v else "false"
    if unit == "none":
        return _fixed(v, decimals)
    if unit.startswith("suffix:"):
        return _fixed(v, decimals) + unit[7:]
    if unit.startswith("prefix:"):
        return unit[7:] + _fixed(v, decimals)
    if unit == "short":
        return _scaled(v, ["", " K", " Mil", " Bil", " Tri"], decimals)
    return _scaled(v, ["", " K", " Mil", " Bil"], decimals) + " " + unit  # an unknown unit: shown as a suffix


def reduce_values(values, calc):
    finite = [v for v in values if not math.isnan(v)]
    if calc in ("last",):
        return values[-1] if values else float("nan")
    if calc in ("first",):
        return values[0] if values else float("nan")
    if not finite:
        return float("nan")
    return {
        "lastNotNull": finite[-1], "firstNotNull": finite[0], "mean": sum(finite) / len(finite),
        "max": max(finite), "min": min(finite), "sum": sum(finite), "count": float(len(finite)),
        "range": max(finite) - min(finite), "delta": finite[-1] - finite[0], "diff": finite[-1] - finite[0],
        "median": sorted(finite)[len(finite) // 2],
    }.get(calc, finite[-1])


CALC_NAMES = {"lastNotNull": "Last *", "last": "Last", "mean": "Mean", "max": "Max", "min": "Min", "sum": "Total",
              "count": "Count", "firstNotNull": "First *", "first": "First", "range": "Range", "delta": "Delta",
              "diff": "Difference", "median": "Median"}


# -- field configuration ------------------------------------------------------------------------------------------------

def _deep_copy(d):
    return json.loads(json.dumps(d))


def _set_path(d, path, value):
    keys = path.split(".")
    for k in keys[:-1]:
        d = d.setdefault(k, {})
    d[keys[-1]] = value


class Series:
    def __init__(self, name, ref, labels, times, values, cfg):
        self.name, self.ref, self.labels = name, ref, labels
        self.times, self.values, self.cfg = times, values, cfg

    @property
    def unit(self):
        return self.cfg.get("unit")

    @property
    def decimals(self):
        d = self.cfg.get("decimals")
        return int(d) if isinstance(d, (int, float)) else None

    def fmt(self, v):
        return fmt_value(v, self.unit, self.decimals)

    def hidden(self, what="viz"):
        return bool(self.cfg.get("custom", {}).get("hideFrom", {}).get(what))


def series_config(panel, name, ref, labels):
    fc = panel.get("fieldConfig", {}) or {}
    cfg = _deep_copy(fc.get("defaults", {}) or {})
    for o in fc.get("overrides", []) or []:
        m = o.get("matcher", {}) or {}
        mid, opt = m.get("id"), m.get("options")
        hit = False
        if mid == "byName":
            hit = opt == name
        elif mid == "byRegexp" and isinstance(opt, str):
            try:
                hit = re.search(opt.strip("/"), name) is not None
            except re.error:
                hit = False
        elif mid == "byFrameRefID":
            hit = opt == ref
        elif mid == "byType":
            hit = opt == "number"
        elif mid == "byValue":
            hit = False
        if hit:
            for prop in o.get("properties", []) or []:
                if prop.get("id"):
                    _set_path(cfg, prop["id"], prop.get("value"))
    return cfg


def display_name(fmt, labels, expr):
    if fmt and fmt != "__auto":
        name = re.sub(r"\{\{\s*([\w.]+)\s*\}\}", lambda m: labels.get(m.group(1), ""), fmt)
        if name.strip():
            return name
    rest = {k: v for k, v in labels.items() if k != "__name__"}
    name = labels.get("__name__", "")
    if not rest:
        return name or re.sub(r"\s+", " ", expr.strip())
    return name + "{" + ", ".join(f'{k}="{v}"' for k, v in sorted(rest.items())) + "}"


def threshold_steps(cfg):
    th = cfg.get("thresholds") or {}
    steps = []
    for s in th.get("steps", []) or []:
        v = s.get("value")
        steps.append((-math.inf if v is None else float(v), to_color(s.get("color"), NAMED_COLORS["green"])))
    steps.sort(key=lambda s: s[0])
    return th.get("mode", "absolute"), steps


def threshold_color(cfg, v, lo=0.0, hi=100.0):
    mode, steps = threshold_steps(cfg)
    if not steps or math.isnan(v):
        return None
    color = steps[0][1]
    for value, c in steps:
        limit = value if mode != "percentage" or math.isinf(value) else lo + (hi - lo) * value / 100
        if v >= limit:
            color = c
    return color


def mapped(cfg, v):
    """(text, color) of the first value mapping that matches v, else (None, None)."""
    for m in cfg.get("mappings", []) or []:
        kind, opts = m.get("type"), m.get("options", {}) or {}
        if kind == "value":
            for key, res in opts.items():
                try:
                    if not math.isnan(v) and float(key) == v:
                        return res.get("text"), to_color(res.get("color"), None) if res.get("color") else None
                except ValueError:
                    continue
        elif kind == "range":
            lo = _num(opts.get("from")) if opts.get("from") is not None else -math.inf
            hi = _num(opts.get("to")) if opts.get("to") is not None else math.inf
            if not math.isnan(v) and lo <= v <= hi:
                res = opts.get("result", {}) or {}
                return res.get("text"), to_color(res.get("color"), None) if res.get("color") else None
        elif kind == "special":
            match, res = opts.get("match"), opts.get("result", {}) or {}
            if (match in ("nan", "null", "null+nan") and math.isnan(v)) or (match == "true" and v == 1) or (
                    match == "false" and v == 0):
                return res.get("text"), to_color(res.get("color"), None) if res.get("color") else None
    return None, None


def legible(color):
    """The palette's darkest colours (#890F02, #0A437C, ...) vanish on the dark background: lighten them a little."""
    r, g, b, a = mpl.colors.to_rgba(color)
    if 0.299 * r + 0.587 * g + 0.114 * b < 0.3:
        r, g, b = (c + (1 - c) * 0.35 for c in (r, g, b))
    return (r, g, b, a)


def series_color(s, index):
    return legible(_series_color(s, index))


def _series_color(s, index):
    c = s.cfg.get("color", {}) or {}
    mode = c.get("mode", "palette-classic")
    if mode == "fixed" or mode == "shades":
        return to_color(c.get("fixedColor"), CLASSIC[index % len(CLASSIC)])
    if mode == "thresholds":
        finite = [v for v in s.values if not math.isnan(v)]
        col = threshold_color(s.cfg, finite[-1] if finite else float("nan"))
        return col or CLASSIC[index % len(CLASSIC)]
    return CLASSIC[index % len(CLASSIC)]


# -- querying a panel ---------------------------------------------------------------------------------------------------

def grafana_scrape_interval(dashboard_paths):
    """The provisioned data source's timeInterval (Grafana's floor for $__interval), 15 s if none is found."""
    for d in [REPO / "grafana"] + [Path(p).resolve().parent.parent for p in dashboard_paths]:
        for f in sorted((d / "provisioning" / "datasources").glob("*.y*ml")):
            m = re.search(r"timeInterval:\s*[\"']?(\d+)s", f.read_text())
            if m:
                return int(m.group(1))
    return 15


def panel_step(panel, width_px, rng, floor):
    """Grafana's $__interval: the range over the panel's width in pixels, at least the data source's interval."""
    step = max(floor, math.ceil(rng / max(width_px, 1)))
    for src in [panel] + list(panel.get("targets", []) or []):
        iv = src.get("interval") if isinstance(src, dict) else None
        if isinstance(iv, str) and iv and not iv.startswith("$"):
            m = re.match(r"^>?(\d+(?:\.\d+)?)(ms|s|m|h)$", iv.strip())
            if m:
                step = max(step, float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[m.group(2)])
    return int(math.ceil(step))


def fetch_panel(prom, panel, values, start, end, width_px, floor):
    """The panel's series (Series), the first query error (or None), and the step."""
    rng = end - start
    step = panel_step(panel, width_px, rng, floor)
    builtins = {"__interval": f"{step}s", "__interval_ms": str(step * 1000),
                "__rate_interval": f"{max(step + floor, 4 * floor)}s", "__range": f"{int(rng)}s",
                "__range_s": str(int(rng)), "__range_ms": str(int(rng * 1000))}
    interp = Interpolator(builtins, values)
    single = repeat_single(panel, values)
    out, error = [], None
    for t in panel.get("targets", []) or []:
        if not is_prometheus_target(t) or t.get("hide"):
            continue
        expr = interp(t["expr"], single)
        ref = t.get("refId", "")
        try:
            if t.get("instant") and not t.get("range"):
                result = [{"metric": r["metric"], "values": [r["value"]]} for r in prom.query(expr, at=end)]
            else:
                # Grafana aligns a range query's start to its step
                result = prom.query_range(expr, math.floor(start / step) * step, end, step)
        except QueryError as e:
            error = error or f"{ref}: {e}"
            continue
        for r in result:
            labels = r.get("metric", {})
            name = display_name(interp(t.get("legendFormat", "") or "", single), labels, expr)
            times = [float(p[0]) for p in r["values"]]
            vals = [_num(p[1]) for p in r["values"]]
            times, vals = _with_gaps(times, vals, step)
            cfg = series_config(panel, name, ref, labels)
            dn = cfg.get("displayName")
            if isinstance(dn, str) and dn:
                name = re.sub(r"\$\{__field\.labels\.(\w+)\}", lambda m: labels.get(m.group(1), ""), dn)
                name = name.replace("${__series.name}", display_name(t.get("legendFormat", ""), labels, expr))
                name = name.replace("${__field.displayName}", name)
            s = Series(name, ref, labels, times, vals, cfg)
            s.target = t
            out.append(s)
    return out, error, step


def _with_gaps(times, vals, step):
    """Prometheus leaves out the steps without data; Grafana draws them as gaps."""
    if len(times) < 2:
        return times, vals
    t2, v2 = [times[0]], [vals[0]]
    for t, v in zip(times[1:], vals[1:]):
        if t - t2[-1] > 1.5 * step:
            t2.append(t2[-1] + step)
            v2.append(float("nan"))
        t2.append(t)
        v2.append(v)
    return t2, v2


def annotation_events(prom, dashboard, values, start, end):
    """[(start, end, color, name)] of each enabled Prometheus annotation query, as Grafana makes them: samples of at
    least 1 are active, and active samples one step apart make one region."""
    events = []
    for a, expr in annotation_queries(dashboard):
        m = re.match(r"^(\d+)s$", str(a.get("step", "")))
        step = int(m.group(1)) if m else 60
        builtins = {"__interval": f"{step}s", "__rate_interval": "1m", "__range": f"{int(end - start)}s"}
        try:
            result = prom.query_range(Interpolator(builtins, values)(expr), math.floor(start / step) * step, end,
                                      step)
        except QueryError:
            continue
        color = to_color(a.get("iconColor"), NAMED_COLORS["red"])
        for r in result:
            region = None
            for t, v in r["values"]:
                t = float(t)
                if not _num(v) >= 1:
                    continue
                if region and t - region[1] <= step:
                    region[1] = t
                else:
                    if region:
                        events.append((region[0], region[1], color, a.get("name", "")))
                    region = [t, t]
            if region:
                events.append((region[0], region[1], color, a.get("name", "")))
    return events


# -- the picture ------------------------------------------------------------------------------------------------------

class Canvas:
    """A figure addressed in pixels from its top-left corner."""

    def __init__(self, width, height, dpi=100):
        self.W, self.H, self.dpi = width, height, dpi
        self.fig = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor=BG)
        self.renderer = self.fig.canvas.get_renderer()

    def frac(self, x, y, w, h):
        return [x / self.W, 1 - (y + h) / self.H, w / self.W, h / self.H]

    def axes(self, x, y, w, h, **kw):
        ax = self.fig.add_axes(self.frac(x, y, w, h), **kw)
        ax.set_facecolor((0, 0, 0, 0))
        ax.set_zorder(1)  # above the panels' backgrounds (figure patches), below the figure's texts
        return ax

    def text(self, x, y, s, size=8, color=TEXT, ha="left", va="center", weight="normal", **kw):
        return self.fig.text(x / self.W, 1 - y / self.H, s, fontsize=size, color=color, ha=ha, va=va,
                             weight=weight, **kw)

    def rect(self, x, y, w, h, color, alpha=1.0, edge=None, lw=0.0, zorder=0.5):
        from matplotlib.patches import Rectangle
        r = Rectangle((x / self.W, 1 - (y + h) / self.H), w / self.W, h / self.H, transform=self.fig.transFigure,
                      facecolor=color, alpha=alpha, edgecolor=edge or "none", linewidth=lw, zorder=zorder)
        self.fig.patches.append(r)
        return r

    def width(self, s, size, weight="normal"):
        from matplotlib.font_manager import FontProperties
        w, _, _ = self.renderer.get_text_width_height_descent(s, FontProperties(size=size, weight=weight),
                                                              ismath=False)
        return w

    def fit(self, s, size, max_px, weight="normal"):
        """s, shortened with an ellipsis to fit max_px."""
        if self.width(s, size, weight) <= max_px:
            return s
        lo, hi = 0, len(s)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.width(s[:mid] + "…", size, weight) <= max_px:
                lo = mid
            else:
                hi = mid - 1
        return s[:lo] + "…" if lo > 0 else ""

    def font_to_fit(self, s, max_w, max_h, largest=40, smallest=6, weight="normal"):
        size = min(largest, max_h * 72 / self.dpi / 1.25)
        while size > smallest and self.width(s, size, weight) > max_w:
            size *= 0.92
        return max(size, smallest)

    def save(self, path):
        self.fig.savefig(path, dpi=self.dpi, facecolor=BG)
        plt.close(self.fig)


def layout(dashboard):
    """[(panel, x, y, w, h)] in grid units, collapsed rows opened (their panels placed right under them)."""
    items = []
    top = [p for p in dashboard.get("panels", []) if isinstance(p, dict)]
    if "rows" in dashboard and not top:  # old schema: rows of panels with spans of 12
        y = 0
        for row in dashboard["rows"]:
            if row.get("showTitle") or row.get("title"):
                items.append(({"type": "row", "title": row.get("title", "")}, 0, y, 24, 1))
                y += 1
            x, h = 0, max(1, int(_num(str(row.get("height", "250")).rstrip("px")) // 38))
            for p in row.get("panels", []):
                w = int(p.get("span", 12) * 2)
                if x + w > 24:
                    x, y = 0, y + h
                items.append((p, x, y, w, h))
                x += w
            y += h
        return items
    top.sort(key=lambda p: (p.get("gridPos", {}).get("y", 0), p.get("gridPos", {}).get("x", 0)))
    shift = 0
    for p in top:
        g = p.get("gridPos", {}) or {}
        x, y, w, h = g.get("x", 0), g.get("y", 0) + shift, g.get("w", 12), g.get("h", 8)
        items.append((p, x, y, w, h))
        children = p.get("panels", []) if p.get("type") == "row" else []
        if children:
            gs = [c.get("gridPos", {}) or {} for c in children]
            y0 = min(gg.get("y", 0) for gg in gs)
            for c, gg in zip(children, gs):
                items.append((c, gg.get("x", 0), y + 1 + gg.get("y", 0) - y0, gg.get("w", 12), gg.get("h", 8)))
            shift += max(gg.get("y", 0) + gg.get("h", 8) for gg in gs) - y0
    return items


def render_dashboard(prom, dashboard, start, end, out_path, width, story, scrape_interval):
    items = layout(dashboard)
    pad = 12
    col = (width - 2 * pad + GAP) / GRID_W
    unit = ROW_PX + GAP
    rows = max((y + h for _, _, y, _, h in items), default=1)
    cv = Canvas(width, 100)
    cv.scrape_interval = scrape_interval
    span = (time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(start)) + " to "
            + time.strftime("%H:%M:%S", time.gmtime(end)) + " UTC")
    lines = [span]
    for part in re.split(r"(?<=;) ", story or ""):  # the story, as many lines as it needs
        if cv.width(lines[-1] + " " + part, 8.5) <= width - 2 * pad:
            lines[-1] += ("   " if lines[-1] == span else " ") + part
        else:
            lines.append(part)
    header = 46 + 16 * len(lines)
    height = int(header + rows * unit + pad)
    cv.H = height
    cv.fig.set_size_inches(width / cv.dpi, height / cv.dpi)
    cv.text(pad, 20, dashboard.get("title", dashboard.get("uid", "")), size=14, weight="bold")
    for i, line in enumerate(lines):
        cv.text(pad, 44 + 16 * i, cv.fit(line, 8.5, width - 2 * pad), size=8.5, color=MUTED)
    values = resolve_variables(dashboard, prom, start, end,
                               {"__rate_interval": "1m", "__interval": "15s", "__range": f"{int(end - start)}s"})
    var_text = "   ".join(f"{name} = {'All' if all_v is not None or (len(v) > 1) else ', '.join(v)}"
                           for name, (v, all_v, _) in values.items())
    if var_text:
        cv.text(width - pad, 20, cv.fit(var_text, 9, width / 2), size=9, color=MUTED, ha="right")
    events = annotation_events(prom, dashboard, values, start, end)
    problems = []
    for panel, gx, gy, gw, gh in items:
        x = pad + gx * col
        y = header + gy * unit
        w = gw * col - GAP
        h = gh * ROW_PX + (gh - 1) * GAP
        kind = panel.get("type", "")
        if kind == "row":
            cv.text(x, y + h / 2, panel.get("title", ""), size=11, weight="bold")
            continue
        problem = draw_panel(cv, prom, panel, values, start, end, x, y, w, h, events)
        if problem:
            problems.append(f"{panel_name(panel)}: {problem}")
    cv.save(out_path)
    return problems


def title_text(title, values, single=None):
    """A title as Grafana shows it: variables replaced by their values, "All" for all of them."""
    def sub(m):
        name = m.group(1) or m.group(3) or m.group(5)
        if single and name in single:
            return single[name]
        if name not in values:
            return m.group(0)
        vals, all_value, _ = values[name]
        return "All" if all_value is not None else " + ".join(vals)
    return VAR_REF.sub(sub, title)


def draw_panel(cv, prom, panel, values, start, end, x, y, w, h, events):
    transparent = panel.get("transparent")
    if not transparent:
        cv.rect(x, y, w, h, PANEL_BG, edge=BORDER, lw=0.8, zorder=-1)
    title = title_text(panel.get("title", ""), values, repeat_single(panel, values))
    title_h = 28 if title else 8
    if title:
        cv.text(x + 8, y + 15, cv.fit(title, 9.5, w - 16, "bold"), size=9.5, weight="bold")
    inner = (x + 8, y + title_h, w - 16, h - title_h - 6)
    kind = panel.get("type", "")
    if kind == "text":
        draw_text(cv, panel, *inner)
        return None
    drawers = {"timeseries": draw_timeseries, "graph": draw_timeseries, "stat": draw_stat, "singlestat": draw_stat,
               "gauge": draw_gauge, "bargauge": draw_bargauge, "heatmap": draw_heatmap,
               "state-timeline": draw_state_timeline, "status-history": draw_state_timeline, "table": draw_table,
               "barchart": draw_bargauge}
    if kind not in drawers:
        cv.text(inner[0] + inner[2] / 2, inner[1] + inner[3] / 2, f"({kind or 'unknown'} panel: not pictured)",
                size=9, color=MUTED, ha="center")
        return f"panel type {kind!r} is not pictured"
    series, error, step = fetch_panel(prom, panel, values, start, end, w, cv.scrape_interval)
    if error:
        cv.text(inner[0] + inner[2] / 2, inner[1] + inner[3] / 2, cv.fit("query error: " + error, 8, inner[2]),
                size=8, color=NAMED_COLORS["red"], ha="center")
        return "query error: " + error
    if not series:
        cv.text(inner[0] + inner[2] / 2, inner[1] + inner[3] / 2, "No data", size=11, color=MUTED, ha="center")
        return "no data"
    if kind in ("timeseries", "graph", "heatmap", "state-timeline", "status-history"):
        drawers[kind](cv, panel, series, start, end, step, *inner, events=events)
    else:
        drawers[kind](cv, panel, series, *inner)
    return None


# -- legends --------------------------------------------------------------------------------------------------------

def legend_options(panel):
    opts = (panel.get("options", {}) or {}).get("legend", {}) or {}
    if panel.get("type") == "graph":
        old = panel.get("legend", {}) or {}
        return {"show": old.get("show", True), "mode": "table" if old.get("alignAsTable") else "list",
                "placement": "right" if old.get("rightSide") else "bottom",
                "calcs": [c for c in ("min", "max", "avg", "current") if old.get(c)]}
    show = opts.get("showLegend", opts.get("displayMode") != "hidden")
    return {"show": bool(show) and opts.get("displayMode") != "hidden", "mode": opts.get("displayMode", "list"),
            "placement": opts.get("placement", "bottom"),
            "calcs": [{"avg": "mean", "current": "lastNotNull"}.get(c, c) for c in opts.get("calcs", []) or []]}


def more_text(items, shown):
    hidden = [it for it in items if it not in shown]
    zero = all(v == 0 or math.isnan(v) for it in hidden for v in it[2].values)
    return f"+{len(hidden)} more" + (", all 0" if zero else "")


def plan_legend(cv, items, calcs, mode, placement, w, h, size=7.5):
    """How much room the legend takes: (width, height) in px, and a draw(x, y) function; items: (color, label, s)."""
    line_h = size * 1.9
    sw = 16  # swatch and its gap
    if not items:
        return 0, 0, lambda x, y: None

    def overflow(rows):
        """The items that fit in rows (one left for "+N more"): those that show something first, in their order
        (a picture cannot scroll its legend as Grafana does)."""
        if len(items) <= rows:
            return items
        moving = [it for it in items if any(v != 0 and not math.isnan(v) for v in it[2].values)]
        still = [it for it in items if it not in moving]
        keep = (moving + still)[:max(rows - 1, 1)]
        return [it for it in items if it in keep]

    if mode == "table" or calcs:
        line_h = size * 1.7
        heads = [CALC_NAMES.get(c, c) for c in calcs]
        cells = {id(s): [s.fmt(reduce_values(s.values, c)) for c in calcs] for _, _, s in items}
        col_w = [max([cv.width(hd, size, "bold")] + [cv.width(r[i], size) for r in cells.values()]) + 14
                 for i, hd in enumerate(heads)]
        max_rows = max(1, int((h * (0.45 if placement == "bottom" else 1.0)) // line_h) - (1 if heads else 0))
        name_w = max(cv.width(lbl, size) for _, lbl, _ in items) + sw + 8
        room = (w if placement == "bottom" else w * 0.5) - sum(col_w)
        name_w = min(name_w, max(room, 60))
        total_w = name_w + sum(col_w)
        shown = overflow(max_rows)
        n_rows = len(shown) + (1 if len(shown) < len(items) else 0) + (1 if heads else 0)
        total_h = n_rows * line_h + 4

        def draw(x, y):
            yy = y + line_h / 2
            if heads:
                cx = x + name_w
                for hd, cw in zip(heads, col_w):
                    cv.text(cx + cw, yy, hd, size=size, color=NAMED_COLORS["blue"], ha="right", weight="bold")
                    cx += cw
                yy += line_h
            for color, label, s in shown:
                row = cells[id(s)]
                cv.rect(x, yy - 1.5, 12, 3, color)
                cv.text(x + sw, yy, cv.fit(label, size, name_w - sw - 4), size=size, color=TEXT)
                cx = x + name_w
                for cell, cw in zip(row, col_w):
                    cv.text(cx + cw, yy, cell, size=size, color=TEXT, ha="right")
                    cx += cw
                yy += line_h
            if len(shown) < len(items):
                cv.text(x + sw, yy, more_text(items, shown), size=size, color=MUTED)
        return total_w, total_h, draw

    widths = [min(cv.width(lbl, size), w * 0.9) + sw + 14 for _, lbl, _ in items]
    if placement == "right":
        col_w = min(max(widths), w * 0.4)
        max_rows = max(1, int(h // line_h))
        shown = overflow(max_rows)

        def draw(x, y):
            yy = y + line_h / 2
            for color, label, _ in shown:
                cv.rect(x, yy - 1.5, 12, 3, color)
                cv.text(x + sw, yy, cv.fit(label, size, col_w - sw - 4), size=size)
                yy += line_h
            if len(shown) < len(items):
                cv.text(x + sw, yy, more_text(items, shown), size=size, color=MUTED)
        return col_w, len(items) * line_h, draw

    # list at the bottom: items flow left to right, wrapping, at most ~35 % of the panel's height
    max_lines = max(1, int((h * 0.35) // line_h))
    lines, cur, cur_w = [], [], 0
    for item, iw in zip(items, widths):
        if cur and cur_w + iw > w:
            lines.append(cur)
            cur, cur_w = [], 0
        cur.append((item, iw))
        cur_w += iw
    if cur:
        lines.append(cur)
    hidden = 0
    if len(lines) > max_lines:
        hidden = sum(len(ln) for ln in lines[max_lines:])
        lines = lines[:max_lines]
        more = f"+{hidden} more"
        while lines[-1] and sum(iw for _, iw in lines[-1]) + cv.width(more, size) + 10 > w:
            lines[-1].pop()
            hidden += 1
        more = f"+{hidden} more"

    def draw(x, y):
        yy = y + line_h / 2
        for i, ln in enumerate(lines):
            xx = x
            for (color, label, _), iw in ln:
                cv.rect(xx, yy - 1.5, 12, 3, color)
                cv.text(xx + sw, yy, cv.fit(label, size, iw - sw - 10), size=size)
                xx += iw
            if hidden and i == len(lines) - 1:
                cv.text(xx + 4, yy, f"+{hidden} more", size=size, color=MUTED)
            yy += line_h
    return w, len(lines) * line_h + 2, draw


# -- time axis ----------------------------------------------------------------------------------------------------------

def _dates(ts):
    return np.round(np.asarray(ts, dtype=float) * 1000).astype("int64").astype("datetime64[ms]")


def style_time_axis(ax, start, end, width_px, show_labels=True):
    ax.set_xlim(_dates([start])[0], _dates([end])[0])
    minutes = max(1, (end - start) / 60)
    ticks = max(2, int(width_px // 85))
    every = next((m for m in (1, 2, 5, 10, 15, 30, 60, 120, 360, 720) if minutes / m <= ticks), 1440)
    locator = (mdates.MinuteLocator(byminute=range(0, 60, every)) if every < 60 else
               mdates.HourLocator(interval=max(1, every // 60)))
    lo, hi = ax.get_xlim()
    # no label within 25 px of either end: it would run into the value axis' lowest label or out of the panel
    margin = (hi - lo) * 25 / max(width_px, 1)
    ticks = [t for t in locator.tick_values(mdates.num2date(lo), mdates.num2date(hi))
             if lo + margin <= t <= hi - margin]
    ax.xaxis.set_major_locator(mpl.ticker.FixedLocator(ticks))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    ax.tick_params(axis="x", labelsize=7.5, length=0, pad=3, labelbottom=show_labels)


def style_axes(ax):
    for s in ax.spines.values():
        s.set_visible(False)
    ax.grid(True, color=GRID, linewidth=0.7)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", labelsize=7.5, length=0, pad=3)


def draw_events(ax, events):
    for t0, t1, color, _ in events:
        ax.axvline(_dates([t0])[0], color=color, linewidth=1, linestyle=(0, (3, 3)), alpha=0.9, zorder=1)
        if t1 > t0:  # a region: shaded, as Grafana shades it
            ax.axvspan(_dates([t0])[0], _dates([t1])[0], color=color, alpha=0.05, linewidth=0, zorder=0.5)


# -- panel types --------------------------------------------------------------------------------------------------------

def draw_timeseries(cv, panel, series, start, end, step, x, y, w, h, events=()):
    visible = [s for s in series if not s.hidden("viz")]
    colors = {id(s): series_color(s, i) for i, s in enumerate(series)}
    lg = legend_options(panel)
    items = [(colors[id(s)], s.name, s) for s in series if not s.hidden("legend")] if lg["show"] else []
    # Several series of one name (e.g. one per instance) show once in the legend, as Grafana's would not; keep all.
    lw_, lh_, draw_legend = plan_legend(cv, items, lg["calcs"], lg["mode"], lg["placement"], w, h)
    right = lg["placement"] == "right" and items
    plot_w = w - (lw_ + 10 if right else 0)
    plot_h = h - (0 if right else lh_ + (4 if items else 0))
    ax = cv.axes(x, y, plot_w, plot_h)
    style_axes(ax)

    by_axis = {"left": [], "right": []}
    for s in visible:
        placement = s.cfg.get("custom", {}).get("axisPlacement", "auto")
        by_axis["right" if placement == "right" else "left"].append(s)
    axes = {"left": ax}
    if by_axis["right"] and by_axis["left"]:
        axes["right"] = ax.twinx()
        axes["right"].set_facecolor((0, 0, 0, 0))
        for sp in axes["right"].spines.values():
            sp.set_visible(False)
        axes["right"].tick_params(axis="y", labelsize=7.5, length=0, pad=3)
    elif by_axis["right"]:
        by_axis["left"], by_axis["right"] = by_axis["right"], []

    for side, members in by_axis.items():
        if not members:
            continue
        a = axes[side]
        stack_base = {}
        for s in members:
            custom = s.cfg.get("custom", {}) or {}
            vals = np.array(s.values, dtype=float)
            if custom.get("transform") == "negative-Y":
                vals = -vals
            tx = _dates(s.times)
            group = (custom.get("stacking", {}) or {}).get("group", "A")
            stacked = (custom.get("stacking", {}) or {}).get("mode") in ("normal", "percent")
            base = None
            line_vals = None
            if stacked:
                key = (group, tuple(s.times))
                base = stack_base.get(key, np.zeros_like(vals))
                own = np.nan_to_num(vals)
                vals = base + own
                stack_base[key] = vals
                # A series adds nothing where it is 0; its line there would lie on (and hide) the one below it.
                shows = own != 0
                shows = shows | np.roll(shows, 1) | np.roll(shows, -1)
                line_vals = np.where(shows, vals, np.nan)
            color = colors[id(s)]
            lw = float(custom.get("lineWidth", 1) or 1)
            fill = float(custom.get("fillOpacity", 0) or 0) / 100
            style = custom.get("lineStyle", {}) or {}
            ls = {"dash": (0, (6, 4)), "dot": (0, (1, 3))}.get(style.get("fill"), "solid")
            draw = custom.get("drawStyle", "line")
            interp = custom.get("lineInterpolation", "linear")
            ds = {"stepAfter": "steps-post", "stepBefore": "steps-pre"}.get(interp, "default")
            if panel.get("type") == "graph":
                draw = "bars" if panel.get("bars") else ("points" if panel.get("points") and not panel.get(
                    "lines", True) else "line")
                lw = float(panel.get("linewidth", 1))
                fill = float(panel.get("fill", 0)) / 10
                ds = "steps-post" if panel.get("steppedLine") else "default"
            if draw == "bars":
                a.bar(tx, vals - (base if base is not None else 0), bottom=base, width=np.timedelta64(
                    int(step * 800), "ms"), color=color, alpha=max(fill, 0.8), linewidth=0)
            elif draw == "points":
                a.scatter(tx, vals, s=max(4, float(custom.get("pointSize", 5)) ** 2 / 3), color=color, linewidths=0)
            else:
                a.plot(tx, vals if line_vals is None else line_vals, color=color, linewidth=lw, linestyle=ls,
                       drawstyle=ds, solid_joinstyle="round")
                if custom.get("showPoints") == "always" or (len([v for v in vals if not math.isnan(v)]) == 1):
                    a.plot(tx, vals, "o", color=color, markersize=max(2, float(custom.get("pointSize", 5)) / 1.5))
                if fill > 0:
                    lower = base if base is not None else np.zeros_like(vals)
                    a.fill_between(tx, lower, vals, color=color, alpha=fill, linewidth=0,
                                   step={"steps-post": "post", "steps-pre": "pre"}.get(ds))
        _style_value_axis(a, members, side)

    for a in axes.values():
        style_time_axis(a, start, end, plot_w)
    draw_events(ax, events)
    # fit the y labels: the left margin is as wide as the longest label
    cv.fig.canvas.draw_without_rendering() if hasattr(cv.fig.canvas, "draw_without_rendering") else None
    left_w = _tick_label_width(cv, axes["left"])
    right_w = _tick_label_width(cv, axes["right"]) if "right" in axes else 0
    label_left = (by_axis["left"][0].cfg.get("custom", {}) or {}).get("axisLabel") if by_axis["left"] else None
    extra = 14 if label_left else 0
    for a in axes.values():
        a.set_position(cv.frac(x + left_w + 6 + extra, y + 2, plot_w - left_w - 6 - extra - (right_w + 6 if right_w
                                                                                                 else 0), plot_h - 20))
    if label_left:
        axes["left"].set_ylabel(label_left, fontsize=7.5, color=MUTED, labelpad=4)
    if items:
        if right:
            draw_legend(x + plot_w + 10, y + 4)
        else:
            draw_legend(x, y + plot_h + 2)


def unit_formatter(unit, decimals):
    """Tick labels in the panel's unit; more decimals than the panel's when they would repeat (0, 0, 1, 1)."""
    class UnitFormatter(mpl.ticker.Formatter):
        def __call__(self, x, pos=None):
            return fmt_value(x, unit, decimals)

        def format_ticks(self, values):
            for d in [decimals, None, 0, 1, 2, 3, 4, 5, 6]:
                labels = [fmt_value(v, unit, d) for v in values]
                if len(set(labels)) == len(labels):
                    return labels
            return labels
    return UnitFormatter()


def _tick_label_width(cv, ax):
    lo, hi = ax.get_ylim()
    fmt = ax.yaxis.get_major_formatter()
    ticks = [t for t in ax.get_yticks() if lo - 1e-12 <= t <= hi + 1e-12]
    labels = fmt.format_ticks(ticks) if ticks else []
    return max([cv.width(s, 7.5) for s in labels if s] + [10])


def _style_value_axis(a, members, side):
    cfg = members[0].cfg
    custom = cfg.get("custom", {}) or {}
    unit, decimals = members[0].unit, members[0].decimals
    scale = custom.get("scaleDistribution", {}) or {}
    finite = [v for s in members for v in s.values if not math.isnan(v) and not math.isinf(v)]
    if (custom.get("stacking", {}) or {}).get("mode") in ("normal", "percent"):
        finite = [0.0] + [float(v) for ln in a.get_lines() for v in ln.get_ydata() if not np.isnan(v)] + finite
    mode_th = (custom.get("thresholdsStyle", {}) or {}).get("mode", "off")
    th_mode, steps = threshold_steps(cfg)
    th_values = [v for v, _ in steps if not math.isinf(v)] if mode_th != "off" and th_mode == "absolute" else []
    lo = min(finite + th_values) if finite else 0.0
    hi = max(finite + th_values) if finite else 1.0
    if scale.get("type") == "log":
        a.set_yscale("log", base=scale.get("log", 10))
    if custom.get("axisSoftMin") is not None:
        lo = min(lo, float(custom["axisSoftMin"]))
    if custom.get("axisSoftMax") is not None:
        hi = max(hi, float(custom["axisSoftMax"]))
    if hi == lo:
        hi, lo = (hi + abs(hi) * 0.1 + (1 if hi == 0 else 0), lo - abs(lo) * 0.1)
    if scale.get("type") != "log":
        margin = (hi - lo) * 0.06
        lo2 = lo - margin if lo != 0 or min(finite or [0]) < 0 else lo
        lo2 = 0.0 if lo >= 0 and lo2 < 0 else lo2
        a.set_ylim(lo2, hi + margin)
    if cfg.get("min") is not None:
        a.set_ylim(bottom=float(cfg["min"]))
    if cfg.get("max") is not None:
        a.set_ylim(top=float(cfg["max"]))
    if scale.get("type") == "log":
        # Decades, labelled 1e-12 … 0.01, 1 (matplotlib's default labels are mathtext powers).
        a.yaxis.set_major_locator(mpl.ticker.LogLocator(base=scale.get("log", 10), numticks=6))
        a.yaxis.set_minor_locator(mpl.ticker.NullLocator())
        a.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(_log_tick))
    else:
        a.yaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=5, min_n_ticks=3))
        a.yaxis.set_major_formatter(unit_formatter(unit, decimals))
    if custom.get("axisPlacement") == "hidden":
        a.tick_params(axis="y", labelleft=False, labelright=False)
    # threshold lines and areas
    if mode_th != "off" and steps:
        ylo, yhi = a.get_ylim()
        for i, (v, color) in enumerate(steps):
            if th_mode == "percentage" and not math.isinf(v):
                v = ylo + (yhi - ylo) * v / 100
            if "area" in mode_th:
                top = steps[i + 1][0] if i + 1 < len(steps) else yhi
                if th_mode == "percentage" and i + 1 < len(steps):
                    top = ylo + (yhi - ylo) * top / 100
                a.axhspan(max(v, ylo), min(top, yhi), color=color, alpha=0.12, linewidth=0, zorder=0)
            if not math.isinf(v) and ("line" in mode_th or "dashed" in mode_th):
                a.axhline(v, color=color, linewidth=1, linestyle=(0, (5, 4)) if "dashed" in mode_th else "solid",
                          zorder=1.5)
        a.set_ylim(ylo, yhi)


def _log_tick(v, _pos=None):
    if v <= 0:
        return ""
    e = math.floor(math.log10(v) + 1e-9)
    return f"{v:g}" if -3 <= e <= 3 else f"1e{e}" if abs(v / 10 ** e - 1) < 1e-6 else f"{v:.0e}"


def _tiles(cv, n, w, h, sample_text, orientation=None):
    """(cols, rows) that give n tiles the biggest text."""
    if orientation == "horizontal":
        return n, 1
    if orientation == "vertical":
        return 1, n
    best = (1, n, 0)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        size = cv.font_to_fit(sample_text, w / cols * 0.85, h / rows * 0.55)
        if size > best[2]:
            best = (cols, rows, size)
    return best[0], best[1]


def _value_text_color(s, v, lo=0.0, hi=100.0):
    text, mcolor = mapped(s.cfg, v)
    shown = text if text is not None else s.fmt(v)
    mode = (s.cfg.get("color", {}) or {}).get("mode", "thresholds")
    if mcolor is not None:
        color = mcolor
    elif mode == "fixed":
        color = to_color((s.cfg.get("color", {}) or {}).get("fixedColor"), NAMED_COLORS["green"])
    elif mode == "thresholds" or not s.cfg.get("color"):
        color = threshold_color(s.cfg, v, lo, hi) or NAMED_COLORS["green"]
    else:
        color = CLASSIC[0]
    return shown, color


def draw_stat(cv, panel, series, x, y, w, h):
    opts = panel.get("options", {}) or {}
    red = opts.get("reduceOptions", {}) or {}
    calc = (red.get("calcs") or ["lastNotNull"])[0]
    color_mode = opts.get("colorMode", "value")
    graph = opts.get("graphMode", "area") == "area"
    text_mode = opts.get("textMode", "auto")
    shown = [s for s in series if not s.hidden("viz")]
    n = len(shown)
    entries = []
    for s in shown:
        v = reduce_values(s.values, calc)
        text, color = _value_text_color(s, v)
        entries.append((s, v, s.name if text_mode == "name" else text, color))
    with_name = text_mode == "value_and_name" or (text_mode == "auto" and n > 1)
    longest = max((e[2] for e in entries), key=lambda t: cv.width(t, 10))
    cols, rows = _tiles(cv, n, w, h, longest, {"horizontal": "horizontal", "vertical": "vertical"}.get(
        opts.get("orientation")))
    tw, th = w / cols, h / rows
    name_size = max(7, min(10, th * 0.12))
    value_share = 0.42 if with_name else 0.55
    value_size = min(cv.font_to_fit(e[2], tw * 0.86, th * value_share, weight="bold") for e in entries)
    for i, (s, v, main, color) in enumerate(entries):
        tx, ty = x + (i % cols) * tw, y + (i // cols) * th
        background = color_mode in ("background", "background_solid")
        if background:
            cv.rect(tx + 1, ty + 1, tw - 2, th - 2, color, alpha=0.9)
        txt_color = ("#111217" if _light(color) else "#ffffff") if background else (
            color if color_mode == "value" else TEXT)
        finite = [u for u in s.values if not math.isnan(u)]
        has_graph = graph and len(finite) > 1 and text_mode != "name"
        if has_graph:  # the sparkline fills the lower part of the tile, under the number
            ax = cv.axes(tx + 1, ty + th * 0.58, tw - 2, th * 0.42 - 1)
            ax.set_axis_off()
            t = _dates(s.times)
            vals = np.array(s.values, dtype=float)
            spark = txt_color if background else color
            lo_v, hi_v = min(finite), max(finite)
            ax.plot(t, vals, color=spark, linewidth=1, alpha=0.8)
            ax.fill_between(t, lo_v, vals, color=spark, alpha=0.15, linewidth=0)
            ax.set_xlim(t[0], t[-1])
            ax.set_ylim(lo_v - (hi_v - lo_v) * 0.05 - 1e-12, hi_v + (hi_v - lo_v) * 0.05 + 1e-12)
        value_y = ty + th * (0.36 if has_graph else 0.5)
        if with_name:
            cv.text(tx + tw / 2, ty + th * 0.16, cv.fit(s.name, name_size, tw - 8), size=name_size,
                    color=txt_color if background else TEXT, ha="center")
            value_y = ty + th * (0.42 if has_graph else 0.56)
        cv.text(tx + tw / 2, value_y, main if text_mode != "name" else cv.fit(main, value_size, tw - 8),
                size=value_size, color=txt_color, ha="center", weight="bold")


def draw_gauge(cv, panel, series, x, y, w, h):
    from matplotlib.patches import Wedge
    opts = panel.get("options", {}) or {}
    calc = ((opts.get("reduceOptions", {}) or {}).get("calcs") or ["lastNotNull"])[0]
    shown = [s for s in series if not s.hidden("viz")]
    n = len(shown)
    cols, rows = _tiles(cv, n, w, h, "100.0")
    tw, th = w / cols, h / rows
    for i, s in enumerate(shown):
        v = reduce_values(s.values, calc)
        lo = float(s.cfg.get("min", 0) if s.cfg.get("min") is not None else 0)
        hi = float(s.cfg.get("max") if s.cfg.get("max") is not None else (1 if s.unit == "percentunit" else 100))
        text, color = _value_text_color(s, v, lo, hi)
        tx, ty = x + (i % cols) * tw, y + (i // cols) * th
        name_h = 16 if n > 1 else 0
        side = min(tw, (th - name_h) * 1.25)
        ax = cv.axes(tx + (tw - side) / 2, ty + name_h, side, th - name_h)
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-0.75, 1.1)
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_axis_off()
        frac = 0 if math.isnan(v) or hi == lo else min(1, max(0, (v - lo) / (hi - lo)))
        a0, sweep = 210, 240
        ax.add_patch(Wedge((0, 0), 1, a0 - sweep, a0, width=0.22, facecolor="#2c3037"))
        ax.add_patch(Wedge((0, 0), 1, a0 - sweep * frac, a0, width=0.22, facecolor=color))
        if opts.get("showThresholdMarkers", True):
            mode, steps = threshold_steps(s.cfg)
            for j, (tv, tc) in enumerate(steps):
                f0 = 0 if math.isinf(tv) else (tv - lo) / (hi - lo) if mode == "absolute" else tv / 100
                f1 = 1 if j + 1 == len(steps) else ((steps[j + 1][0] - lo) / (hi - lo) if mode == "absolute"
                                                    else steps[j + 1][0] / 100)
                f0, f1 = max(0, min(1, f0)), max(0, min(1, f1))
                if f1 > f0:
                    ax.add_patch(Wedge((0, 0), 1.1, a0 - sweep * f1, a0 - sweep * f0, width=0.06, facecolor=tc))
        size = cv.font_to_fit(text, side * 0.5, (th - name_h) * 0.3, weight="bold")
        ax.text(0, 0.02, text, ha="center", va="center", fontsize=size, color=color, weight="bold")
        if n > 1:
            cv.text(tx + tw / 2, ty + 8, cv.fit(s.name, 8, tw - 6), size=8, ha="center")


def draw_bargauge(cv, panel, series, x, y, w, h):
    opts = panel.get("options", {}) or {}
    calc = ((opts.get("reduceOptions", {}) or {}).get("calcs") or ["lastNotNull"])[0]
    shown = [s for s in series if not s.hidden("viz")]
    entries = [(s, reduce_values(s.values, calc)) for s in shown]
    finite = [v for _, v in entries if not math.isnan(v)]
    lo = min([0.0] + finite)
    n = len(entries)
    row_h = min(36, max(12, h / max(n, 1)))
    size = max(6.5, min(9, row_h * 0.45))
    name_w = min(w * 0.35, max(cv.width(s.name, size) for s, _ in entries) + 10)
    val_w = max(cv.width(s.fmt(v), size, "bold") for s, v in entries) + 10
    hi_default = max(finite + [1e-12])
    for i, (s, v) in enumerate(entries[: int(h // row_h)]):
        hi = float(s.cfg["max"]) if s.cfg.get("max") is not None else hi_default
        lo_s = float(s.cfg["min"]) if s.cfg.get("min") is not None else lo
        text, color = _value_text_color(s, v, lo_s, hi)
        ry = y + i * row_h
        cv.text(x, ry + row_h / 2, cv.fit(s.name, size, name_w - 8), size=size)
        bar_w = w - name_w - val_w
        cv.rect(x + name_w, ry + row_h * 0.18, bar_w, row_h * 0.64, "#22252b")
        frac = 0 if math.isnan(v) or hi == lo_s else max(0.0, min(1.0, (v - lo_s) / (hi - lo_s)))
        cv.rect(x + name_w, ry + row_h * 0.18, bar_w * frac, row_h * 0.64, color, alpha=0.9)
        cv.text(x + w - 2, ry + row_h / 2, text, size=size, color=color, ha="right", weight="bold")


def _bucket_bound(le):
    return math.inf if le in ("+Inf", "Inf", "inf") else _num(le)


def draw_heatmap(cv, panel, series, start, end, step, x, y, w, h, events=()):
    opts = panel.get("options", {}) or {}
    shown = [s for s in series if not s.hidden("viz")]
    bucketed = all("le" in s.labels for s in shown)
    if bucketed:
        shown.sort(key=lambda s: _bucket_bound(s.labels["le"]))
    times = sorted({t for s in shown for t in s.times})
    index = {t: i for i, t in enumerate(times)}
    m = np.full((len(shown), len(times)), np.nan)
    for r, s in enumerate(shown):
        for t, v in zip(s.times, s.values):
            m[r, index[t]] = v
    yunit = (opts.get("yAxis", {}) or {}).get("unit") or (shown[0].unit if shown else None)
    cumulative = bucketed and any(s.target.get("format") == "heatmap" for s in shown)
    if cumulative:  # Prometheus buckets count everything up to le: Grafana shows each bucket's own count
        m = np.vstack([m[:1], np.diff(np.nan_to_num(m), axis=0)]) if len(shown) > 1 else m
        m[m < 0] = 0
        labels = [fmt_value(_bucket_bound(s.labels["le"]), yunit) if s.labels["le"] not in ("+Inf",) else "+Inf"
                  for s in shown]
    else:
        labels = [s.labels.get("le") and fmt_value(_bucket_bound(s.labels["le"]), yunit) or s.name for s in shown]
    # only the buckets that ever hold something (Grafana hides empty rows at the ends the same way)
    rows_with_data = [i for i in range(len(shown)) if np.nansum(m[i]) > 0]
    if rows_with_data:
        lo_r, hi_r = max(0, rows_with_data[0] - 1), min(len(shown), rows_with_data[-1] + 2)
        m, labels = m[lo_r:hi_r], labels[lo_r:hi_r]
    color = opts.get("color", {}) or {}
    filt = (opts.get("filterValues", {}) or {}).get("le", 1e-9)
    masked = np.ma.masked_where(~(m > filt), m)
    scheme = color.get("scheme", "Oranges")
    cmap_name = {"Viridis": "viridis", "Magma": "magma", "Inferno": "inferno", "Plasma": "plasma", "Turbo": "turbo",
                 "Cividis": "cividis", "Warm": "autumn", "Cool": "cool", "Rainbow": "rainbow",
                 "Sinebow": "hsv"}.get(scheme, scheme)
    if color.get("mode") == "opacity":
        base = to_color(color.get("fill"), NAMED_COLORS["dark-orange"])
        cmap = mpl.colors.LinearSegmentedColormap.from_list("opacity", [(*mpl.colors.to_rgb(base), 0.1),
                                                                        (*mpl.colors.to_rgb(base), 1.0)])
    else:
        try:
            cmap = mpl.colormaps[cmap_name]
        except KeyError:
            cmap = mpl.colormaps["Oranges"]
        if not color.get("reverse"):  # Grafana's dark theme runs a scheme from dark (few) to bright (many)
            cmap = cmap.reversed()
    norm = (mpl.colors.PowerNorm(gamma=float(color.get("exponent", 0.5))) if color.get("scale") == "exponential"
            else mpl.colors.Normalize())
    show_legend = (opts.get("legend", {}) or {}).get("show", True)
    legend_h = 26 if show_legend else 0
    ax = cv.axes(x, y, w, h - legend_h)
    style_axes(ax)
    ax.grid(False)
    edges_t = list(times) + [times[-1] + step] if times else [start, end]
    edges = _dates(edges_t)
    mesh = ax.pcolormesh(edges, np.arange(len(labels) + 1), masked, cmap=cmap, norm=norm, shading="flat")
    ax.set_yticks(np.arange(len(labels)) + (1.0 if cumulative else 0.5))
    ax.set_yticklabels(labels)
    if len(labels) > (h - legend_h) / 14:  # too many to read: every k-th label
        k = math.ceil(len(labels) / ((h - legend_h) / 14))
        for i, lbl in enumerate(ax.get_yticklabels()):
            lbl.set_visible(i % k == k - 1)
    ax.tick_params(axis="y", labelsize=7, length=0, pad=3)
    style_time_axis(ax, start, end, w)
    draw_events(ax, events)
    left_w = max(cv.width(lb, 7) for lb in labels) if labels else 10
    ax.set_position(cv.frac(x + left_w + 6, y + 2, w - left_w - 6, h - legend_h - 20))
    if show_legend and masked.count():
        cax = cv.axes(x + left_w + 6 + 40, y + h - legend_h + 8, min(220, w / 3), 8)
        cb = cv.fig.colorbar(mesh, cax=cax, orientation="horizontal")
        cb.outline.set_visible(False)
        cax.tick_params(labelsize=7, length=0, pad=2, colors=MUTED)
        cv.text(x + left_w + 6, y + h - legend_h + 12, "count" if cumulative else "value", size=7, color=MUTED)


def draw_state_timeline(cv, panel, series, start, end, step, x, y, w, h, events=()):
    opts = panel.get("options", {}) or {}
    shown = [s for s in series if not s.hidden("viz")]
    n = len(shown)
    legend_items = []
    seen = set()

    def state(s, v):
        text, color = mapped(s.cfg, v)
        if math.isnan(v) and color is None:
            return None
        if color is None:
            color = threshold_color(s.cfg, v) if s.cfg.get("thresholds") else None
            color = color or CLASSIC[0]
        return (text if text is not None else s.fmt(v)), color

    for s in shown:  # the legend lists mapped states, in mapping order, then thresholds
        for m in s.cfg.get("mappings", []) or []:
            for key, res in sorted((m.get("options", {}) or {}).items()) if m.get("type") == "value" else []:
                if isinstance(res, dict) and res.get("text") and res["text"] not in seen:
                    seen.add(res["text"])
                    color = to_color(res.get("color"), None) if res.get("color") else None
                    legend_items.append((color or threshold_color(s.cfg, _num(key)) or CLASSIC[0], res["text"]))
    if not legend_items and shown and not any(m for s in shown for m in (s.cfg.get("mappings") or [])):
        mode, steps = threshold_steps(shown[0].cfg)
        for i, (v, c) in enumerate(steps):
            label = (f"< {shown[0].fmt(steps[1][0])}" if i == 0 and len(steps) > 1 else
                     f"{shown[0].fmt(v)}+" if not math.isinf(v) else "")
            if label:
                legend_items.append((c, label))
    show_legend = (opts.get("legend", {}) or {}).get("showLegend", True) and legend_items
    legend_h = 20 if show_legend else 0
    names_w = min(w * 0.3, max(cv.width(s.name, 8) for s in shown) + 10) if shown else 0
    plot_h = h - legend_h - 18
    ax = cv.axes(x + names_w, y, w - names_w, plot_h)
    ax.set_facecolor((0, 0, 0, 0))
    for sp in ax.spines.values():
        sp.set_visible(False)
    lane = 1.0
    row_h = float(opts.get("rowHeight", 0.9))
    show_value = opts.get("showValue", "auto")
    t0, t1 = _dates([start])[0], _dates([end])[0]
    px_per_sec = (w - names_w) / max(end - start, 1)
    for r, s in enumerate(shown):
        yc = n - 1 - r
        bands = []
        for t, v in zip(s.times, s.values):
            st = state(s, v)
            if bands and st is not None and bands[-1][2] == st and t - bands[-1][1] <= 1.5 * step:
                bands[-1][1] = t
            elif st is not None:
                bands.append([t, t, st])
        for b0, b1, (text, color) in bands:
            b1 = min(b1 + step, end)
            ax.barh(yc, _dates([b1])[0] - _dates([b0])[0], left=_dates([b0])[0], height=row_h * lane, color=color,
                    alpha=0.9, linewidth=0)
            width_px = (b1 - b0) * px_per_sec
            if show_value != "never" and (show_value == "always" or cv.width(text, 7.5) + 6 < width_px) and (
                    plot_h / max(n, 1) > 12):
                mid = _dates([(b0 + b1) / 2])[0]
                ax.text(mid, yc, text, ha="center", va="center", fontsize=7.5, color="#111217" if _light(color)
                        else "#ffffff")
        cv.text(x + names_w - 6, y + 2 + (r + 0.5) * (plot_h - 2) / max(n, 1), cv.fit(s.name, 8, names_w - 10),
                size=8, ha="right")
    ax.set_ylim(-0.5, n - 0.5)
    ax.set_yticks([])
    ax.set_xlim(t0, t1)
    style_time_axis(ax, start, end, w - names_w)
    ax.grid(False)
    draw_events(ax, events)
    ax.set_position(cv.frac(x + names_w, y + 2, w - names_w, plot_h - 2))
    if show_legend:
        xx = x + names_w
        for color, text in legend_items:
            cv.rect(xx, y + h - legend_h / 2 - 4, 10, 8, color)
            cv.text(xx + 14, y + h - legend_h / 2, text, size=7.5)
            xx += cv.width(text, 7.5) + 30


def _light(color):
    r, g, b, _ = mpl.colors.to_rgba(color)
    return 0.299 * r + 0.587 * g + 0.114 * b > 0.6


def draw_table(cv, panel, series, x, y, w, h):
    keys = []
    for s in series:
        for k in s.labels:
            if k != "__name__" and k not in keys:
                keys.append(k)
    refs = sorted({s.ref for s in series})
    value_cols = [f"Value #{r}" if len(refs) > 1 else "Value" for r in refs]
    organize = next((t.get("options", {}) for t in panel.get("transformations", []) or []
                     if t.get("id") == "organize"), {}) or {}
    exclude = {k for k, v in (organize.get("excludeByName", {}) or {}).items() if v}
    rename = organize.get("renameByName", {}) or {}
    rows = {}
    for s in series:
        key = tuple(s.labels.get(k, "") for k in keys)
        row = rows.setdefault(key, {})
        finite = [v for v in s.values if not math.isnan(v)]
        col = f"Value #{s.ref}" if len(refs) > 1 else "Value"
        # Grafana applies the field overrides after the transformations: by the column's (renamed) name.
        s = Series(s.name, s.ref, s.labels, s.times, s.values, series_config(panel, rename.get(col, col), s.ref,
                                                                             s.labels))
        row[col] = (s.fmt(finite[-1]) if finite else "", s, finite[-1] if finite else float("nan"))
    cols = [c for c in keys + value_cols if c not in exclude and c not in ("Time",)]
    size, line_h = 8, 18
    widths = [max([cv.width(rename.get(c, c), size, "bold")] + [
        cv.width(str(rows[k].get(c, ("",))[0]) if c in value_cols else k[keys.index(c)], size)
        for k in rows]) + 16 for c in cols]
    scale = min(1.0, w / max(sum(widths), 1))
    widths = [cw * scale for cw in widths]
    xx = x
    for c, cw in zip(cols, widths):
        cv.text(xx + 4, y + line_h / 2, cv.fit(rename.get(c, c), size, cw - 6, "bold"), size=size,
                color=NAMED_COLORS["blue"], weight="bold")
        xx += cw
    cv.rect(x, y + line_h, w, 0.8, BORDER)
    max_rows = int((h - line_h) // line_h)
    ordered = sorted(rows.items())
    sort_by = ((panel.get("options", {}) or {}).get("sortBy") or [{}])[0]
    by = next((c for c in keys + value_cols if rename.get(c, c) == sort_by.get("displayName")), None)
    if by in value_cols:  # Grafana's order: by the value, empty cells last whichever the direction
        filled = [kv for kv in ordered if not math.isnan(kv[1].get(by, ("", None, float("nan")))[2])]
        filled.sort(key=lambda kv: kv[1][by][2], reverse=bool(sort_by.get("desc")))
        ordered = filled + [kv for kv in ordered if kv not in filled]
    elif by in keys:
        ordered.sort(key=lambda kv: kv[0][keys.index(by)], reverse=bool(sort_by.get("desc")))
    for i, (k, row) in enumerate(ordered[:max_rows]):
        yy = y + line_h * (i + 1.5)
        xx = x
        for c, cw in zip(cols, widths):
            if c in value_cols:
                text, s, v = row.get(c, ("", None, float("nan")))
                color = TEXT
                if s is not None:
                    mtext, mcolor = mapped(s.cfg, v)
                    text = mtext if mtext is not None else text
                    cell = ((s.cfg.get("custom", {}) or {}).get("cellOptions", {}) or {}).get("type") or (
                        s.cfg.get("custom", {}) or {}).get("displayMode")
                    if cell in ("color-text", "color-background"):
                        color = mcolor or threshold_color(s.cfg, v) or TEXT
            else:
                text, color = k[keys.index(c)], TEXT
            cv.text(xx + 4, yy, cv.fit(str(text), size, cw - 6), size=size, color=color)
            xx += cw
    if len(rows) > max_rows:
        cv.text(x + 4, y + h - 6, f"+{len(rows) - max_rows} more rows", size=7.5, color=MUTED)


def draw_text(cv, panel, x, y, w, h):
    import textwrap
    content = (panel.get("options", {}) or {}).get("content") or panel.get("content") or ""
    content = re.sub(r"<[^>]+>", "", content)
    content = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", content)
    content = re.sub(r"(?m)^\s*#+\s*", "", content)  # headings
    content = re.sub(r"[*_`]+", "", content)
    size = 8.5
    chars = max(10, int(w / (cv.width("abcdefghij", size) / 10)))
    lines = []
    for para in content.split("\n"):
        lines.extend(textwrap.wrap(para, chars) or [""])
    line_h = size * 1.75
    for i, ln in enumerate(lines[: int(h // line_h)]):
        cv.text(x, y + 4 + line_h * (i + 0.5), ln, size=size)


def run_render(args):
    _load_matplotlib()
    dashboards = load_dashboards(args.dashboards)
    if not dashboards:
        raise Failure(f"no dashboards in {', '.join(map(str, args.dashboards))}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    if args.from_prometheus:
        prom = Prometheus(args.from_prometheus.rstrip("/"))
        end = args.end or time.time()
        start = args.start or end - args.duration
        return _render_all(prom, dashboards, start, end, out, args.width, args.story or "")
    sims = [(args.concept_drift_at, "simulate-concept",
             concept_simulator(args.concept_rate, args.seed + 1, args.concept_effect), False)]
    if args.dead_letters_at >= 0:
        sims.append((args.dead_letters_at, "simulate-unit-error", unit_error_simulator(args.seed + 2, 200), True))
    if args.correlation_break_at >= 0:
        sims.append((args.correlation_break_at, "simulate-correlation",
                     correlation_simulator(10, args.seed + 3, 10 * CORRELATION_BREAK_SECONDS), True))
    with Stack(window=args.window, rate=args.rate, data_drift_after_events=args.rate * args.data_drift_at,
               seed=args.seed, keep=args.keep, simulators=sims) as stack:
        stack.start()
        prom = Prometheus(stack.prom_url)
        t0 = stack.demo_running_at
        finish = t0 + args.duration
        next_note = t0 + 60
        while time.time() < finish:
            stack.tick()
            if time.time() >= next_note:
                log(f"{time.time() - t0:.0f} of {args.duration} s")
                next_note += 60
            time.sleep(min(2, max(0.1, finish - time.time())))

        def at(seconds):
            return time.strftime("%H:%M:%S", time.gmtime(t0 + seconds))
        story = (f"./driftwatch demo, {args.rate} patients/s, {args.window[2:].lower()} windows: "
                 + (f"at {at(args.correlation_break_at)} a clinic (10 patients/s) sends s2 of other patients for "
                    f"{CORRELATION_BREAK_SECONDS} s (s1 and s2 no longer correlated, each distribution unchanged); "
                    if args.correlation_break_at >= 0 else "")
                 + f"bmi's distribution shifts by 0.5 sd at {at(args.data_drift_at)}; at {at(args.concept_drift_at)} "
                 f"{'another' if args.correlation_break_at >= 0 else 'a second'} clinic ({args.concept_rate} patients/s) joins where bmi's effect on the outcome is "
                 f"{args.concept_effect:g} times the model's"
                 + (f"; at {at(args.dead_letters_at)} a producer sends bp in kPa for 40 s (dead letters)"
                    if args.dead_letters_at >= 0 else ""))
        end = time.time()
        (stack.tmp / "story.txt").write_text(f"--start {stack.prom_started_at:.0f} --end {end:.0f} --story {story!r}\n")
        code = _render_all(prom, dashboards, stack.prom_started_at, end, out, args.width, story)
    log(f"render took {time.monotonic() - began:.0f} s")
    return code


def skip_partial_first_window(prom, start, end, min_samples=200):
    """When a run's first drift report covers a window that started before the traffic (a few dozen records, far
    below drift.min.samples), its statistics are huge (PSI above 4 on every feature) and flatten every per-feature
    axis until the next report: the picture then starts with the first report of a window with enough records."""
    try:
        result = prom.query_range("max(driftwatch_drift_window_records)", start, end, SCRAPE_SECONDS)
    except QueryError:
        return start
    samples = [(float(t), _num(v)) for t, v in result[0]["values"]] if result else []
    if not samples or samples[0][1] >= min_samples:
        return start
    for t, v in samples:
        if v >= min_samples:
            log(f"the first drift report covered {samples[0][1]:.0f} records (fewer than {min_samples}): the pictures "
                f"start at {time.strftime('%H:%M:%S', time.gmtime(t))} with the first window that had enough")
            return t
    return start


def _render_all(prom, dashboards, start, end, out, width, story):
    start = skip_partial_first_window(prom, start, end)
    problems = []
    for path, d in dashboards:
        target = out / f"{d['uid']}.png"
        for p in render_dashboard(prom, d, start, end, target, width, story,
                                  grafana_scrape_interval([path])):
            problems.append(f"{d['uid']}: {p}")
        log(f"wrote {target.relative_to(REPO) if target.is_relative_to(REPO) else target}")
    for p in problems:
        log(f"warning: {p}")
    return 0


# --------------------------------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--dashboards", nargs="+", default=[str(REPO / "grafana" / "dashboards")],
                       metavar="PATH", help="dashboard files or directories (default: grafana/dashboards)")
        p.add_argument("--rate", type=int, default=20,
                       help="events per second of the demo's simulator (check: of the second one too; default: 20)")
        p.add_argument("--seed", type=int, default=20261130, help="the simulators' seed (default: 20261130)")
        p.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, TSDB)")

    c = sub.add_parser("check", help="every dashboard query returns data against a live demo")
    common(c)
    c.add_argument("--window", metavar="DURATION", default="PT30S",
                   help="drift.window.size of the demo (default: PT30S, 600 records at 20/s)")
    c.add_argument("--drift-after", type=int, default=1200,
                   help="events of the demo before bmi shifts (default: 1200, one minute at 20/s)")
    c.add_argument("--timeout", type=int, default=300,
                   help="seconds to wait for drift windows, the drift flag, a performance window and a concept alarm "
                        "(default: 300)")
    c.add_argument("--settle", type=int, default=60,
                   help="seconds to keep asking queries that have no data yet (default: 60)")
    c.add_argument("--budget", type=int, default=420,
                   help="seconds for the whole check, build and start-up included: waiting and asking again stop "
                        "early to keep within it (default: 420)")

    r = sub.add_parser("render", help="PNGs of the dashboards after a drift story")
    common(r)
    r.add_argument("--window", metavar="DURATION", default="PT1M",
                   help="drift.window.size of the demo (default: PT1M, the service's: 1800 records once the "
                        "second clinic joins, enough to flag bmi in every window although a third of them are "
                        "unshifted; with 45 s one window in about 15 was missed)")
    r.add_argument("--out", default=str(REPO / "docs" / "img" / "dashboards"), help="output directory")
    r.add_argument("--duration", type=int, default=480, help="seconds of demo to picture (default: 480)")
    r.add_argument("--data-drift-at", type=int, default=120,
                   help="seconds into the demo when bmi's distribution shifts (default: 120)")
    r.add_argument("--concept-drift-at", type=int, default=240,
                   help="seconds into the demo when a second clinic joins where bmi's effect on the outcome is "
                        "changed, see --concept-effect (default: 240)")
    r.add_argument("--concept-rate", type=int, default=10,
                   help="events per second of the second clinic (default: 10; as many as the demo's would halve "
                        "bmi's shift in the drift windows)")
    r.add_argument("--concept-effect", type=float, default=3,
                   help="factor on bmi's effect on the outcome in the second clinic (default: 3, as strong a "
                        "signal over all labels as the check's clinic of 20/s with 2)")
    r.add_argument("--dead-letters-at", type=int, default=330,
                   help="seconds into the demo when a producer sends bp in kPa for 40 s (default: 330; -1: never)")
    r.add_argument("--correlation-break-at", type=int, default=60,
                   help=f"seconds into the demo when a clinic sends s2 of other patients for "
                        f"{CORRELATION_BREAK_SECONDS} s, 10 a second: a joint drift before bmi's shift (default: 60; "
                        "-1: never)")
    r.add_argument("--width", type=int, default=1600, help="picture width in pixels (default: 1600)")
    r.add_argument("--from-prometheus", metavar="URL",
                   help="draw from a running Prometheus instead of starting the demo (with --start/--end)")
    r.add_argument("--start", type=float, help="with --from-prometheus: start, Unix time")
    r.add_argument("--end", type=float, help="with --from-prometheus: end, Unix time (default: now)")
    r.add_argument("--story", help="with --from-prometheus: the line under each title (a run writes its own)")

    args = parser.parse_args(argv)
    on_signals_exit()
    try:
        if args.command == "check":
            return run_check(args)
        return run_render(args)
    except Failure as e:
        print(f"{args.command}-dashboards: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as e:
        print(f"{args.command}-dashboards: interrupted ({e or 'Ctrl-C'}); everything it started is stopped",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
