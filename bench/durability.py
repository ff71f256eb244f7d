"""Durability of `contract serve --db`: writers create agents and keep every 201 they receive; the server
is killed with SIGKILL at a random moment, restarted on the same file, and every acknowledged agent must
be there, intact, in a database that passes PRAGMA integrity_check.

Usage: python3 bench/durability.py [KILLS] [CONTRACT-BINARY]   (default 20 kills; builds release if no binary)
"""
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

KILLS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) > 2:
    BINARY = sys.argv[2]
else:
    subprocess.run(["swift", "build", "-c", "release", "--product", "contract"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    BINARY = os.path.join(subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, text=True).strip(),
                          "contract")
SECRET = "durability-secret-0123456789abcdef"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(path, port):
    server = subprocess.Popen([BINARY, "serve", "--port", str(port), "--db", path, "--secret", SECRET],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(200):
        try:
            if call(port, "GET", "/health")[0] == 200:
                return server
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the server did not start: " + server.stderr.read().decode())


def call(port, method, path, body=None, headers=None, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    if own:
        connection.close()
    return response.status, data


def writer(port, token, acknowledged, lock, stop, name):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    number = 0
    while not stop.is_set():
        number += 1
        payload = {"name": f"{name}-{number}", "model_name": "gpt-4", "temperature": round(random.random(), 3)}
        try:
            status, body = call(port, "POST", "/api/v1/agents", json.dumps(payload),
                                {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}, connection)
        except (OSError, http.client.HTTPException):
            return  # the server died: this request was never acknowledged
        if status == 201:
            agent = json.loads(body)
            with lock:
                acknowledged[agent["id"]] = (payload["name"], payload["model_name"], payload["temperature"])


def main():
    folder = tempfile.mkdtemp(prefix="durability-")
    path = os.path.join(folder, "agents.sqlite")
    port = free_port()
    server = start(path, port)
    call(port, "POST", "/api/v1/users", json.dumps({"email": "durable@example.com", "password": "password123"}),
         {"Content-Type": "application/json"})
    status, body = call(port, "POST", "/api/v1/auth/login", "username=durable@example.com&password=password123",
                        {"Content-Type": "application/x-www-form-urlencoded"})
    token = json.loads(body)["access_token"]
    acknowledged, lock = {}, threading.Lock()
    lost_total, corrupt, checks = 0, 0, 0
    for kill in range(1, KILLS + 1):
        stop = threading.Event()
        writers = [threading.Thread(target=writer, args=(port, token, acknowledged, lock, stop, f"k{kill}w{index}"))
                   for index in range(4)]
        for thread in writers:
            thread.start()
        time.sleep(random.uniform(0.2, 1.5))
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        for thread in writers:
            thread.join()
        with sqlite3.connect(path) as database:
            integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
        corrupt += integrity != "ok"
        server = start(path, port)
        lost = []
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for agent_id, (name, model, temperature) in sorted(acknowledged.items()):
            status, body = call(port, "GET", f"/api/v1/agents/{agent_id}", headers={"Authorization": f"Bearer {token}"},
                                connection=connection)
            checks += 1
            agent = json.loads(body) if status == 200 else {}
            if (agent.get("name"), agent.get("model_name"), agent.get("temperature")) != (name, model, temperature):
                lost.append(agent_id)
        connection.close()
        lost_total += len(lost)
        print(f"kill {kill:2}: {len(acknowledged):6} acknowledged so far, {len(lost)} lost, integrity {integrity}", flush=True)
    server.send_signal(signal.SIGTERM)
    server.wait()
    print(f"durability: {KILLS} kills (SIGKILL at random moments under 4 writers), {len(acknowledged)} acknowledged creates, "
          f"{checks} read-backs, {lost_total} lost or changed, {corrupt} failed integrity checks")
    sys.exit(1 if lost_total or corrupt else 0)


main()
