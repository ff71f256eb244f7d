"""Storage faults on a real filesystem: `contract serve --db` on a small tmpfs that fills up (every refused
write must be a 500 with a log line naming the cause, reads must keep working, nothing acknowledged may be
lost, and writes must succeed again once space comes back), then the same file on a read-only mount (the
server must refuse to start with a clear message, not crash, and start again once it is writable; Linux
will not remount read-only under a file open for writing, so a database turning read-only at run time is
tested in-process, with SQLite's query_only, in Tests/AgentAPITests/StorageFaultTests.swift).
Needs root (mount).

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
BINARY = None


def binary():
    global BINARY
    if BINARY:
        return BINARY
    if len(sys.argv) > 1:
        return sys.argv[1]
    subprocess.run(["swift", "build", "-c", "release", "--product", "contract"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    path = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, text=True).strip()
    BINARY = os.path.join(path, "contract")
    return BINARY


def call(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def serve(port, database, log):
    """Starts `contract serve --db` and waits until it answers."""
    server = subprocess.Popen([binary(), "serve", "--port", str(port), "--db", database], stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(100):
        try:
            if call(port, "GET", "/health")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    return server


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
        server = serve(port, os.path.join(mount, "agents.sqlite"), log)
        call(port, "POST", "/api/v1/users", json.dumps({"email": "faults@example.com", "password": "password123"}),
             {"Content-Type": "application/json"})
        token = json.loads(call(port, "POST", "/api/v1/auth/login", "username=faults@example.com&password=password123",
                                {"Content-Type": "application/x-www-form-urlencoded"})[1])["access_token"]
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def create(name):
            return call(port, "POST", "/api/v1/agents", json.dumps({"name": name + "-" + "n" * 80, "model_name": "gpt-4"}), auth)

        def listed():
            names, skip = set(), 0
            while True:
                status, body = call(port, "GET", f"/api/v1/agents?skip={skip}&limit=100", headers=auth)
                if status != 200:
                    return status, names
                page = json.loads(body)
                names |= {agent["name"].split("-n")[0] for agent in page}
                if len(page) < 100:
                    return status, names
                skip += 100

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
        if status == 201:
            acknowledged.add("after-space")

        read_status, names = listed()
        alive = server.poll() is None
        server.terminate()
        server.wait()
        server = None

        subprocess.run(["mount", "-o", "remount,ro", mount], check=True)
        refused = subprocess.run([binary(), "serve", "--port", str(port), "--db", os.path.join(mount, "agents.sqlite")],
                                 capture_output=True, text=True, timeout=30)
        print(f"read-only:  serve exits {refused.returncode}: {refused.stderr.strip()[:150]}")
        subprocess.run(["mount", "-o", "remount,rw", mount], check=True)
        server = serve(port, os.path.join(mount, "agents.sqlite"), log)
        status, _ = create("after-rw")
        print(f"            writable again: serve starts, create {status}")
        if status == 201:
            acknowledged.add("after-rw")
        read_status, names = listed()
        alive = alive and server.poll() is None
        server.terminate()
        server.wait()
        server = None
        database = sqlite3.connect(os.path.join(mount, "agents.sqlite"))
        integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
        database.close()
        lost = len(acknowledged - names)
        print(f"faults: lost {lost} of {len(acknowledged)} acknowledged agents, integrity_check {integrity}, "
              f"server alive throughout: {alive}")
        sys.exit(0 if lost == 0 and integrity == "ok" and full_status == 500 and refused.returncode == 1 and alive else 1)
    finally:
        if server:
            server.kill()
        subprocess.run(["umount", mount], check=False)


main()
