"""Storage faults on a real filesystem: `contract serve --db` on a small tmpfs that fills up, then is
remounted read-only. Every refused write must be a 500 with a log line naming the cause, reads must keep
working, nothing acknowledged may be lost, and writes must succeed again once the fault clears.
Needs root (mount). The same faults run in CI without root in Tests/AgentAPITests/StorageFaultTests.swift.

Usage: sudo python3 bench/faults.py [CONTRACT-BINARY]   (builds release if no binary)
"""
import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    if len(sys.argv) > 1:
        return sys.argv[1]
    subprocess.run(["swift", "build", "-c", "release", "--product", "contract"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    path = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, text=True).strip()
    return os.path.join(path, "contract")


def call(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def main():
    folder = tempfile.mkdtemp(prefix="faults-")
    mount = os.path.join(folder, "disk")
    os.mkdir(mount)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount], check=True)
    server = None
    try:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        log_path = os.path.join(folder, "serve.log")
        log = open(log_path, "w")
        server = subprocess.Popen([binary(), "serve", "--port", str(port), "--db", os.path.join(mount, "agents.sqlite")],
                                  stdout=subprocess.DEVNULL, stderr=log)
        for _ in range(100):
            try:
                if call(port, "GET", "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        call(port, "POST", "/api/v1/users", json.dumps({"email": "faults@example.com", "password": "password123"}),
             {"Content-Type": "application/json"})
        token = json.loads(call(port, "POST", "/api/v1/auth/login", "username=faults@example.com&password=password123",
                                {"Content-Type": "application/x-www-form-urlencoded"})[1])["access_token"]
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def create(name):
            return call(port, "POST", "/api/v1/agents", json.dumps({"name": name, "model_name": "m" * 900}), auth)

        def listed():
            status, body = call(port, "GET", "/api/v1/agents?limit=100000", headers=auth)
            return status, {agent["name"] for agent in json.loads(body)} if status == 200 else set()

        acknowledged = set()
        for number in range(100000):
            status, body = create(f"fill-{number}")
            if status == 201:
                acknowledged.add(f"fill-{number}")
                continue
            full_status, full_body = status, body
            break
        time.sleep(0.2)
        full_log = [line for line in open(log_path) if "full" in line]
        read_status, names = listed()
        print(f"full disk:  {len(acknowledged)} agents acknowledged, then {full_status} {full_body[:40]!r}; "
              f"log: {full_log[0].strip()[:140] if full_log else 'NONE'}")
        print(f"            reads: {read_status}, {len(names & acknowledged)}/{len(acknowledged)} acknowledged agents listed")
        subprocess.run(["mount", "-o", "remount,size=4m", mount], check=True)
        status, _ = create("after-space")
        print(f"            space back: create {status}")
        acknowledged.add("after-space") if status == 201 else None

        subprocess.run(["mount", "-o", "remount,ro", mount], check=True)
        ro_status, ro_body = create("read-only")
        time.sleep(0.2)
        ro_log = [line for line in open(log_path) if "read-only" in line or "readonly" in line or "disk I/O" in line]
        read_status, names = listed()
        print(f"read-only:  create {ro_status} {ro_body[:40]!r}; log: {ro_log[-1].strip()[:140] if ro_log else 'NONE'}")
        print(f"            reads: {read_status}, {len(names & acknowledged)}/{len(acknowledged)} acknowledged agents listed")
        subprocess.run(["mount", "-o", "remount,rw", mount], check=True)
        status, _ = create("after-rw")
        print(f"            writable again: create {status}")
        acknowledged.add("after-rw") if status == 201 else None
        read_status, names = listed()
        alive = server.poll() is None
        server.terminate()
        server.wait()
        server = None
        with sqlite3.connect(os.path.join(mount, "agents.sqlite")) as database:
            integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
        lost = len(acknowledged - names)
        print(f"faults: lost {lost} of {len(acknowledged)} acknowledged agents, integrity_check {integrity}, "
              f"server alive throughout: {alive}")
        sys.exit(0 if lost == 0 and integrity == "ok" and full_status == 500 and ro_status == 500 and alive else 1)
    finally:
        if server:
            server.kill()
        subprocess.run(["umount", mount], check=False)


main()
