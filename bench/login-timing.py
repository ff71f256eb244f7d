"""Login timing: an unknown email must cost about as much as a wrong password, or response times tell an
attacker which emails have accounts. Interleaved samples against `contract serve` (release) and the FastAPI
example, side by side, same PBKDF2 cost; medians and the unknown/wrong ratio.

Usage: python3 bench/login-timing.py [SAMPLES] [PBKDF2-ITERATIONS]   (defaults 200 and 100000)
"""
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time

SAMPLES = int(sys.argv[1]) if len(sys.argv) > 1 else 200
ITERATIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(port, process):
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"the server on {port} did not start")


def login(connection, email, password):
    started = time.perf_counter()
    connection.request("POST", "/api/v1/auth/login", f"username={email}&password={password}",
                       {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    return response.status, (time.perf_counter() - started) * 1000


def measure(name, port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("POST", "/api/v1/users", json.dumps({"email": "timing@example.com", "password": "password123"}),
                       {"Content-Type": "application/json"})
    connection.getresponse().read()
    samples = {"unknown email": [], "wrong password": [], "right password": []}
    for index in range(SAMPLES + 5):
        for kind, email, password in (("unknown email", f"nobody{index}@example.com", "password123"),
                                      ("wrong password", "timing@example.com", "password124"),
                                      ("right password", "timing@example.com", "password123")):
            status, elapsed = login(connection, email, password)
            assert status == (200 if kind == "right password" else 401), (kind, status)
            if index >= 5:  # warm-up
                samples[kind].append(elapsed)
    medians = {kind: statistics.median(values) for kind, values in samples.items()}
    spread = {kind: statistics.quantiles(values, n=10)[8] for kind, values in samples.items()}
    ratio = medians["unknown email"] / medians["wrong password"]
    print(f"{name:18} " + "  ".join(f"{kind} {medians[kind]:7.2f} ms (p90 {spread[kind]:7.2f})" for kind in samples)
          + f"  unknown/wrong {ratio:.3f}")


def main():
    subprocess.run(["swift", "build", "-c", "release", "--product", "contract"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, text=True).strip(),
                          "contract")
    subprocess.run([os.path.join(ROOT, "examples/fastapi/setup.sh")], check=True, stdout=subprocess.DEVNULL)
    swift_port, python_port = free_port(), free_port()
    swift = subprocess.Popen([binary, "serve", "--port", str(swift_port), "--pbkdf2-iterations", str(ITERATIONS)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    python = subprocess.Popen([os.path.join(ROOT, "examples/fastapi/run.sh")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "PORT": str(python_port), "PBKDF2_ITERATIONS": str(ITERATIONS)})
    try:
        wait_up(swift_port, swift)
        wait_up(python_port, python)
        print(f"login timing, {SAMPLES} interleaved samples per kind, PBKDF2-HMAC-SHA256 {ITERATIONS} iterations, medians")
        measure("contract serve", swift_port)
        measure("FastAPI (uvicorn)", python_port)
    finally:
        swift.terminate()
        python.terminate()


main()
