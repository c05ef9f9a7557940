#!/usr/bin/python3
"""Soaks zkscope's detectors on healthy lab ensembles and reports every finding raised (not run by make test).

For each lab shape (3 voters; 3 voters + 1 observer; 5 voters; ZooKeeper's default 4lw whitelist without an
AdminServer; the default whitelist with the AdminServer, which then supplies the metrics) it starts
`zkscope lab up`, runs a light kazoo workload (about 100 reads/s, 5 writes/s, ephemerals, data watches, a
short-lived session every 30 s), follows the lab with `zkscope check --follow` for --minutes, then prints the
events and every finding raised with its evidence, and the findings still present at the end (`check --json`).
A healthy ensemble should raise nothing above info.

Usage: scripts/soak-healthy.py [--zkscope .build/debug/zkscope] [--minutes 10] [--only 3-voters,...]
Uses /usr/bin/python3 (kazoo lives there). Every process it starts is stopped by PID, every lab brought down.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time

LABS = [
    ("3-voters", ["--members", "3"], False),
    ("3-voters+observer", ["--members", "4", "--observers", "1"], False),
    ("5-voters", ["--members", "5"], False),
    ("default-whitelist", ["--members", "3", "--default-whitelist", "--no-admin"], True),
    ("admin-server-only", ["--members", "3", "--default-whitelist"], False),
]


class Workload:
    """Light kazoo load on /soak: reads, writes, ephemerals, data watches and a short session now and then."""

    def __init__(self, connect_string):
        from kazoo.client import KazooClient

        self.connect_string = connect_string
        self.client = KazooClient(hosts=connect_string, timeout=10)
        self.client.start(timeout=30)
        self.client.ensure_path("/soak")
        for index in range(50):
            self.client.ensure_path(f"/soak/n{index}")
        self.client.create("/soak/eph-", ephemeral=True, sequence=True)
        for index in range(5):
            self.client.DataWatch(f"/soak/n{index}", lambda data, stat: None)
        self.stop = threading.Event()
        self.reads = self.writes = self.sessions = self.errors = 0
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        from kazoo.client import KazooClient

        tick = 0
        while not self.stop.is_set():
            try:
                for _ in range(10):
                    self.client.get(f"/soak/n{random.randrange(50)}")
                    self.reads += 1
                if tick % 2 == 0:
                    self.client.set(f"/soak/n{random.randrange(50)}", str(tick).encode())
                    self.writes += 1
                if tick % 300 == 150:
                    other = KazooClient(hosts=self.connect_string, timeout=10)
                    other.start(timeout=30)
                    other.create("/soak/short-", ephemeral=True, sequence=True)
                    other.stop()
                    other.close()
                    self.sessions += 1
            except Exception:  # noqa: BLE001 - counted and reported
                self.errors += 1
                time.sleep(0.5)
            tick += 1
            time.sleep(0.1)

    def close(self):
        self.stop.set()
        self.thread.join(timeout=10)
        try:
            self.client.stop()
            self.client.close()
        except Exception:  # noqa: BLE001
            pass


def soak(zkscope, name, lab_args, no_admin, seconds):
    directory = tempfile.mkdtemp(prefix=f"zkscope-soak-{name}-")
    os.rmdir(directory)
    subprocess.run([zkscope, "lab", "up", "--dir", directory] + lab_args, check=True, stdout=subprocess.DEVNULL)
    follower = None
    workload = None
    try:
        with open(os.path.join(directory, "lab.json")) as handle:
            state = json.load(handle)
        members = state["members"]
        if no_admin:
            servers = ",".join(f"{m['host']}:{m['clientPort']}" for m in members)
            extra = ["--no-admin"]
        else:
            servers = ",".join(f"{m['host']}:{m['clientPort']}@{m['adminPort']}" for m in members)
            extra = []
        workload = Workload(state["connectString"])
        log_path = os.path.join(tempfile.gettempdir(), f"zkscope-soak-{name}-{os.getpid()}.jsonl")
        log = open(log_path, "w")
        follower = subprocess.Popen([zkscope, "check", "--follow", "--servers", servers] + extra, stdout=log,
                                    stderr=subprocess.DEVNULL)
        start = time.monotonic()
        while time.monotonic() - start < seconds and follower.poll() is None:
            time.sleep(1)
        elapsed = time.monotonic() - start
        follower.send_signal(signal.SIGTERM)
        follower.wait(timeout=15)
        follower = None
        log.close()
        final = subprocess.run([zkscope, "check", "--json", "--servers", servers] + extra, capture_output=True,
                               text=True, timeout=60)
        workload.close()
        counts = (workload.reads, workload.writes, workload.sessions, workload.errors)
        workload = None
        kinds = {}
        raised = []
        with open(log_path) as handle:
            for line in handle:
                event = json.loads(line)
                kinds[event["kind"]] = kinds.get(event["kind"], 0) + 1
                if event["kind"] in ("finding-raised", "finding-cleared"):
                    raised.append(event)
        print(f"\n== {name} ({' '.join(lab_args)}): {elapsed:.0f} s followed; workload {counts[0]} reads, "
              f"{counts[1]} writes, {counts[2]} short sessions, {counts[3]} client errors", flush=True)
        print(f"events: {json.dumps(kinds, sort_keys=True)}")
        for event in raised:
            details = {key: event.get(key) for key in ("severity", "code", "members", "message", "evidence")}
            print(f"  {event['kind']} t={event.get('time')}: {json.dumps(details, sort_keys=True)}")
        if not raised:
            print("  no finding raised")
        try:
            report = json.loads(final.stdout)
            present = [f"{f['severity']} {f['code']} {f['members']}" for f in report.get("findings", [])]
            print(f"check --json at the end (exit {final.returncode}): " + ("; ".join(present) or "no findings"))
        except json.JSONDecodeError:
            print(f"check --json at the end: exit {final.returncode}, unreadable output: {final.stdout[:200]!r}")
        print(f"event log: {log_path}", flush=True)
    finally:
        if follower is not None:
            follower.kill()
            follower.wait()
        if workload is not None:
            workload.close()
        subprocess.run([zkscope, "lab", "down", "--dir", directory], stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zkscope", default=".build/debug/zkscope")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--only", default="", help="comma-separated lab names: " + ",".join(n for n, _, _ in LABS))
    args = parser.parse_args()
    zkscope = os.path.abspath(args.zkscope)
    if not os.access(zkscope, os.X_OK):
        sys.exit(f"{zkscope} is not built (swift build --product zkscope)")
    wanted = set(filter(None, args.only.split(",")))
    for name, lab_args, no_admin in LABS:
        if wanted and name not in wanted:
            continue
        soak(zkscope, name, lab_args, no_admin, args.minutes * 60)


if __name__ == "__main__":
    main()
