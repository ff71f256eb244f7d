"""Helpers for bench/load.sh (standard library only).

  load.py setup PORT OUT.lua USERS AGENTS   users, tokens and agents to work on, as a Lua table for wrk
  load.py slowloris PORT COUNT SECONDS      COUNT connections that trickle a header line a second
  load.py rss PID SECONDS                   peak resident memory of PID, sampled every 0.1 s
"""
import http.client
import json
import socket
import sys
import threading
import time


def call(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def setup(port, out, users, agents):
    stamp = int(time.time() * 1000)
    rows = []
    for index in range(users):
        email = f"load-{stamp}-{index}@example.com"
        status, body = call(port, "POST", "/api/v1/users", json.dumps({"email": email, "password": "password123"}),
                            {"Content-Type": "application/json"})
        assert status == 201, (status, body)
        user_id = json.loads(body)["id"]
        status, body = call(port, "POST", "/api/v1/auth/login", f"username={email}&password=password123",
                            {"Content-Type": "application/x-www-form-urlencoded"})
        token = json.loads(body)["access_token"]
        ids = []
        for number in range(agents):
            status, body = call(port, "POST", "/api/v1/agents", json.dumps({"name": f"seed {number}", "model_name": "gpt-4"}),
                                {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
            assert status == 201, (status, body)
            ids.append(json.loads(body)["id"])
        rows.append("{id=%d, token=%s, agents={%s}}" % (user_id, json.dumps(token), ",".join(map(str, ids))))
    with open(out, "w") as handle:
        handle.write("return {\n  " + ",\n  ".join(rows) + "\n}\n")


def slowloris(port, count, seconds):
    """Opens COUNT connections at once; each sends a request line, then one header line a second and never
    finishes. Prints how many the server closed, how (408 or a bare close) and after how long."""
    results = [None] * count

    def trickle(index):
        started = time.monotonic()
        sock = socket.create_connection(("127.0.0.1", port))
        sock.settimeout(1.0)
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        line = 0
        while time.monotonic() - started < seconds:
            try:
                data = sock.recv(4096)
                if not data:
                    results[index] = ("closed", time.monotonic() - started)
                    return
                results[index] = ("408" if b" 408 " in data.split(b"\r\n")[0] else "answered", time.monotonic() - started)
                return
            except socket.timeout:
                try:
                    sock.sendall(b"X-Slow-%d: %d\r\n" % (line, line))
                    line += 1
                except OSError:
                    results[index] = ("closed", time.monotonic() - started)
                    return
            except OSError:
                results[index] = ("closed", time.monotonic() - started)
                return
        results[index] = ("still open", time.monotonic() - started)

    threads = [threading.Thread(target=trickle, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kinds = {}
    for kind, _ in results:
        kinds[kind] = kinds.get(kind, 0) + 1
    times = sorted(elapsed for _, elapsed in results)
    print("slowloris: %d connections; %s; closed after %.1f-%.1f s" % (
        count, ", ".join(f"{kind}={number}" for kind, number in sorted(kinds.items())), times[0], times[-1]))


def rss(pid, seconds):
    peak = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        peak = max(peak, int(line.split()[1]))
        except FileNotFoundError:
            break
        time.sleep(0.1)
    print("peak_rss_mib: %.1f" % (peak / 1024))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        setup(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    elif command == "slowloris":
        slowloris(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
    elif command == "rss":
        rss(int(sys.argv[2]), float(sys.argv[3]))
