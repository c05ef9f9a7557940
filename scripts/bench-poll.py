#!/usr/bin/python3
"""Measures what zkscope's polling costs, and soaks it on a healthy ensemble (not run in CI).

1. CPU the monitor adds to each ZooKeeper server at the default 1 s interval: JVM CPU from
   /proc/<pid>/stat over equal windows without zkscope, with `zkscope check --follow`, and without
   again (the two baselines show the noise).
2. zkscope's own CPU while it monitors the three members.
3. A soak: a read-heavy kazoo workload (about 40 reads per write), `zkscope check --follow` logging
   events, one leader election half way (kill -9 of the leader, restarted at once); prints the
   highest severity raised.

Usage: scripts/bench-poll.py [--zkscope .build/release/zkscope] [--window 60] [--soak 600]
Uses /usr/bin/python3 (kazoo lives there). Every process it starts is stopped by PID.
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

CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of a process in seconds (fields 14 and 15 of /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as handle:
        text = handle.read()
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def measure(pids, seconds):
    """CPU of each pid over a window, as a fraction of one core."""
    before = {pid: cpu_seconds(pid) for pid in pids}
    start = time.monotonic()
    time.sleep(seconds)
    elapsed = time.monotonic() - start
    return {pid: (cpu_seconds(pid) - before[pid]) / elapsed for pid in pids}


def lab_state(directory):
    with open(os.path.join(directory, "lab.json")) as handle:
        return json.load(handle)


def servers_option(state):
    return ",".join(f"{m['host']}:{m['clientPort']}@{m['adminPort']}" for m in state["members"])


def leader_of(state):
    for member in state["members"]:
        try:
            reply = four_letter(member["host"], member["clientPort"], b"srvr")
        except OSError:
            continue
        if "Mode: leader" in reply:
            return member
    return None


def four_letter(host, port, word):
    import socket

    with socket.create_connection((host, port), timeout=2) as sock:
        sock.sendall(word)
        chunks = []
        while True:
            data = sock.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks).decode("utf-8", "replace")


class Workload:
    """Read-heavy kazoo load: ~200 reads/s and ~5 writes/s on /bench."""

    def __init__(self, connect_string):
        from kazoo.client import KazooClient

        self.client = KazooClient(hosts=connect_string, timeout=10)
        self.client.start(timeout=30)
        self.client.ensure_path("/bench")
        for index in range(100):
            self.client.ensure_path(f"/bench/n{index}")
        self.stop = threading.Event()
        self.reads = 0
        self.writes = 0
        self.errors = 0
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        tick = 0
        while not self.stop.is_set():
            try:
                for _ in range(20):
                    self.client.get(f"/bench/n{random.randrange(100)}")
                    self.reads += 1
                if tick % 2 == 0:
                    self.client.set(f"/bench/n{random.randrange(100)}", str(tick).encode())
                    self.writes += 1
            except Exception:  # noqa: BLE001 - the election drops the connection for a moment
                self.errors += 1
                time.sleep(0.5)
            tick += 1
            time.sleep(0.1)

    def close(self):
        self.stop.set()
        self.thread.join(timeout=5)
        try:
            self.client.stop()
            self.client.close()
        except Exception:  # noqa: BLE001
            pass


def restart_member(state, directory, member):
    """kill -9 a member and start the same command line at once; updates lab.json with the new PID."""
    pid = member["pid"]
    with open(f"/proc/{pid}/cmdline", "rb") as handle:
        argv = [part.decode() for part in handle.read().split(b"\0") if part]
    cwd = os.readlink(f"/proc/{pid}/cwd")
    os.kill(pid, signal.SIGKILL)
    # Not our child (the lab detached it): wait until it is gone or a zombie, at most 10 s.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                if handle.read().rsplit(") ", 1)[1].startswith("Z"):
                    break
        except OSError:
            break
        time.sleep(0.01)
    log = open(os.path.join(directory, f"zk{member['id']}", "zk.log"), "ab")
    process = subprocess.Popen(argv, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    member["pid"] = process.pid
    with open(os.path.join(directory, "lab.json"), "w") as handle:
        json.dump(state, handle, indent=2, sort_keys=True)
    with open(os.path.join(directory, f"zk{member['id']}", "pid"), "w") as handle:
        handle.write(f"{process.pid}\n")
    return process


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zkscope", default=".build/release/zkscope")
    parser.add_argument("--window", type=float, default=60, help="seconds per CPU window")
    parser.add_argument("--soak", type=float, default=600, help="soak seconds (0 = skip)")
    args = parser.parse_args()
    zkscope = os.path.abspath(args.zkscope)
    if not os.access(zkscope, os.X_OK):
        sys.exit(f"{zkscope} is not built (swift build -c release --product zkscope)")

    directory = tempfile.mkdtemp(prefix="zkscope-bench-poll-")
    os.rmdir(directory)
    subprocess.run([zkscope, "lab", "up", "--dir", directory], check=True, stdout=subprocess.DEVNULL)
    follower = None
    workload = None
    try:
        state = lab_state(directory)
        pids = [m["pid"] for m in state["members"]]
        servers = servers_option(state)
        time.sleep(5)
        print(f"lab {directory}: {servers}", flush=True)

        # 1 + 2: CPU without, with, and without zkscope again.
        base1 = measure(pids, args.window)
        follower = subprocess.Popen([zkscope, "check", "--follow", "--servers", servers],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)
        own_pid = follower.pid
        with_zk = measure(pids + [own_pid], args.window)
        follower.send_signal(signal.SIGTERM)
        follower.wait(timeout=10)
        follower = None
        base2 = measure(pids, args.window)
        print(f"\nCPU per ZooKeeper server, % of one core, {args.window:.0f} s windows (default 1 s interval):")
        print("member  without  with zkscope  without again  added (vs mean baseline)")
        for member in state["members"]:
            pid = member["pid"]
            base = (base1[pid] + base2[pid]) / 2
            print(f"zk{member['id']}     {base1[pid] * 100:6.2f}   {with_zk[pid] * 100:10.2f}   {base2[pid] * 100:12.2f}"
                  f"   {(with_zk[pid] - base) * 100:+.2f}")
        own = with_zk[own_pid]
        print(f"zkscope check --follow itself (3 members): {own * 100:.2f} % of one core")

        if args.soak <= 0:
            return
        # 3: soak.
        workload = Workload(state["connectString"])
        log_fd, log_path = tempfile.mkstemp(prefix="zkscope-soak-", suffix=".jsonl")
        os.close(log_fd)
        log = open(log_path, "w")
        follower = subprocess.Popen([zkscope, "check", "--follow", "--servers", servers], stdout=log,
                                    stderr=subprocess.DEVNULL)
        start = time.monotonic()
        soak_cpu_start = cpu_seconds(follower.pid)
        elected = False
        while time.monotonic() - start < args.soak:
            time.sleep(1)
            if not elected and time.monotonic() - start >= args.soak / 2:
                leader = leader_of(state)
                if leader is not None:
                    restart_member(state, directory, next(m for m in state["members"] if m["id"] == leader["id"]))
                    print(f"t={time.monotonic() - start:.0f}s: killed and restarted leader zk{leader['id']}",
                          flush=True)
                elected = True
        soak_elapsed = time.monotonic() - start
        soak_cpu = (cpu_seconds(follower.pid) - soak_cpu_start) / soak_elapsed
        follower.send_signal(signal.SIGTERM)
        follower.wait(timeout=10)
        follower = None
        log.close()
        workload.close()
        reads, writes, errors = workload.reads, workload.writes, workload.errors
        workload = None
        order = {"info": 0, "warning": 1, "critical": 2}
        worst = None
        raised = []
        kinds = {}
        with open(log_path) as handle:
            for line in handle:
                event = json.loads(line)
                kinds[event["kind"]] = kinds.get(event["kind"], 0) + 1
                if event["kind"] == "finding-raised":
                    raised.append(f"{event['severity']} {event['code']} {event['members']}")
                    if worst is None or order[event["severity"]] > order[worst]:
                        worst = event["severity"]
        print(f"\nSoak {soak_elapsed:.0f} s: {reads} reads, {writes} writes ({errors} client errors), "
              f"zkscope CPU {soak_cpu * 100:.2f} % of one core")
        print(f"events: {kinds}")
        print("findings raised: " + ("; ".join(raised) if raised else "none"))
        print(f"highest severity raised: {worst or 'none'}")
        print(f"event log (JSON lines) kept at {log_path}")
    finally:
        if follower is not None:
            follower.kill()
            follower.wait()
        if workload is not None:
            workload.close()
        subprocess.run([zkscope, "lab", "down", "--dir", directory], stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
