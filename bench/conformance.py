"""Runs the HTTP/1.1 and WebSocket conformance corpus (Tests/HTTPCoreTests/Conformance/http-corpus.json)
against a real peer over sockets and prints, row by row, what it answered beside what the corpus expects
and, when given, what our server answered (the JSON that ConformanceCorpusTests writes when
CONFORMANCE_REPORT names a file).

Usage:
  python3 bench/conformance.py --uvicorn [--ours FILE]   # starts uvicorn (h11, websockets) with an echo app
  python3 bench/conformance.py --target 127.0.0.1:8000   # any server that runs the same echo app

The echo app answers every HTTP request 200 with the request body, or "METHOD target" when the body is
empty, and an `x-method` header; its WebSocket echoes each message. Rows state RFC requirements, so a
difference is either a peer breaking a rule or the corpus reading the RFC wrongly: both are worth a look.
"""
import argparse, json, os, socket, struct, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "Tests", "HTTPCoreTests", "Conformance", "http-corpus.json")

ECHO_APP = '''
async def app(scope, receive, send):
    if scope["type"] == "http":
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        target = scope["raw_path"] + ((b"?" + scope["query_string"]) if scope["query_string"] else b"")
        text = body if body else scope["method"].encode() + b" " + target
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain"), (b"x-method", scope["method"].encode())]})
        await send({"type": "http.response.body", "body": text})
    elif scope["type"] == "websocket":
        await send({"type": "websocket.accept"})
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            if message["type"] != "websocket.receive":
                continue
            if message.get("text") is not None:
                await send({"type": "websocket.send", "text": message["text"]})
            else:
                await send({"type": "websocket.send", "bytes": message["bytes"]})
'''


def part_bytes(part):
    if isinstance(part, str):
        return part.encode("latin-1")
    out = b""
    for piece in part:
        out += piece.encode("latin-1") if isinstance(piece, str) else (piece["repeat"] * piece["times"]).encode("latin-1")
    return out


def frame_bytes(frame):
    opcode = frame["opcode"]
    payload = b""
    if "code" in frame:
        payload = struct.pack("!H", frame["code"])
    if "payloadHex" in frame:
        payload += bytes.fromhex(frame["payloadHex"])
    elif "payload" in frame:
        payload += frame["payload"].encode("utf-8")
    first = (0x80 if frame.get("fin", True) else 0) | (frame.get("rsv", 0) << 4) | opcode
    masked = frame.get("mask", True)
    length = frame.get("declaredLength", len(payload))
    if length < 126:
        head = bytes([first, (0x80 if masked else 0) | length])
    elif length < 65536:
        head = bytes([first, (0x80 if masked else 0) | 126]) + struct.pack("!H", length)
    else:
        head = bytes([first, (0x80 if masked else 0) | 127]) + struct.pack("!Q", length)
    if not masked:
        return head + payload
    key = bytes([0x37, 0xFA, 0x21, 0x3D])
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def run_row(row, host, port, quiet=0.4):
    sock = socket.create_connection((host, port), timeout=5)
    received = b""
    closed = False

    def read_for(seconds):
        nonlocal received, closed
        sock.settimeout(seconds)
        end = time.time() + seconds
        while time.time() < end and not closed:
            try:
                chunk = sock.recv(65536)
            except (socket.timeout, BlockingIOError):
                return
            except (ConnectionResetError, BrokenPipeError):
                closed = True
                return
            if not chunk:
                closed = True
                return
            received += chunk
            sock.settimeout(0.1)

    try:
        for index, part in enumerate(row["send"]):
            if index:
                read_for(0.15)
            sock.sendall(part_bytes(part))
        if row.get("frames"):
            read_for(0.3)
            for index, frame in enumerate(row["frames"]):
                if index:
                    read_for(0.05)
                # As a real client does, the close waits for the replies (else they race with it).
                wanted = len(row["expect"].get("replies", []))
                if frame["opcode"] == 8 and wanted:
                    end = time.time() + 10
                    while not closed and time.time() < end and len(transcript(received, False).get("replies", [])) < wanted:
                        read_for(0.05)
                try:
                    sock.sendall(frame_bytes(frame))
                except (BrokenPipeError, ConnectionResetError):
                    break
        read_for(quiet)
    finally:
        sock.close()
    return transcript(received, closed)


def transcript(data, closed):
    """The server's answers: HTTP statuses and bodies, then (after a 101) WebSocket frames."""
    result = {"statuses": [], "bodies": [], "connection": "closed" if closed else "open"}
    rest = data
    while rest:
        end = rest.find(b"\r\n\r\n")
        if end < 0:
            result["garbage"] = rest[:80].decode("latin-1")
            break
        lines = rest[:end].split(b"\r\n")
        rest = rest[end + 4:]
        try:
            status = int(lines[0].split(b" ")[1])
        except (IndexError, ValueError):
            result["garbage"] = lines[0][:80].decode("latin-1")
            break
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
        result["statuses"].append(status)
        if status == 101:
            result["accept"] = headers.get("sec-websocket-accept")
            result["bodies"].append(None)
            replies, close = frames(rest)
            result["replies"], result["close"] = replies, close
            return result
        if status < 200 or headers.get("x-method") == "HEAD":
            result["bodies"].append(None if status < 200 else "")
            continue
        if "content-length" in headers:
            length = int(headers["content-length"])
            body, rest = rest[:length], rest[length:]
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                line_end = rest.find(b"\r\n")
                size = int(rest[:line_end].split(b";")[0], 16)
                body += rest[line_end + 2:line_end + 2 + size]
                rest = rest[line_end + 2 + size + 2:]
                if size == 0:
                    break
        else:
            body, rest = rest, b""
        result["bodies"].append(body.decode("utf-8", "replace"))
    return result


def frames(data):
    replies, close, index = [], None, 0
    while index + 2 <= len(data):
        opcode, length = data[index] & 0x0F, data[index + 1] & 0x7F
        index += 2
        if length == 126:
            length = struct.unpack("!H", data[index:index + 2])[0]
            index += 2
        elif length == 127:
            length = struct.unpack("!Q", data[index:index + 8])[0]
            index += 8
        payload = data[index:index + length]
        index += length
        if opcode == 8:
            close = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
        elif opcode == 1:
            replies.append({"text": payload.decode("utf-8", "replace")})
        elif opcode == 2:
            replies.append({"binary": payload.hex()})
        elif opcode == 10:
            replies.append({"pong": payload.decode("utf-8", "replace")})
    return replies, close


def meets(expect, got):
    """The corpus's judgement: the list of ways `got` differs from `expect` (empty when it keeps the rule)."""
    problems = []
    wanted = expect.get("statuses", [])
    if len(got["statuses"]) != len(wanted) or not all(
        (s in w) if isinstance(w, list) else s == w for s, w in zip(got["statuses"], wanted)
    ):
        problems.append("statuses %s, expected %s" % (got["statuses"], wanted))
    for index, body in enumerate(expect.get("bodies", [])):
        if body is not None and (index >= len(got["bodies"]) or got["bodies"][index] != body):
            problems.append("body %d %r, expected %r" % (index, got["bodies"][index] if index < len(got["bodies"]) else None, body))
    if "accept" in expect and got.get("accept") != expect["accept"]:
        problems.append("accept %r" % got.get("accept"))
    if "replies" in expect and got.get("replies") != expect["replies"]:
        problems.append("replies %s, expected %s" % (got.get("replies"), expect["replies"]))
    if "close" in expect:
        allowed = expect["close"] if isinstance(expect["close"], list) else [expect["close"]]
        if got.get("close") not in allowed:
            problems.append("close %s, expected %s" % (got.get("close"), allowed))
    if expect.get("connection", "any") != "any" and got["connection"] != expect["connection"]:
        problems.append("connection %s, expected %s" % (got["connection"], expect["connection"]))
    return problems


def start_uvicorn():
    python = os.path.join(HERE, "..", "examples", "fastapi", ".venv", "bin", "python")
    if not os.path.exists(python):
        subprocess.run([os.path.join(HERE, "..", "examples", "fastapi", "setup.sh")], check=True, stdout=subprocess.DEVNULL)
    work = os.path.join("/tmp", "conformance-echo-%d" % os.getpid())
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "echo.py"), "w") as out:
        out.write(ECHO_APP)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    process = subprocess.Popen(
        [python, "-m", "uvicorn", "echo:app", "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
         "--log-level", "critical", "--http", "h11", "--ws", "websockets"],
        cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("uvicorn did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--uvicorn", action="store_true")
    parser.add_argument("--target")
    parser.add_argument("--ours", help="the JSON report of ConformanceCorpusTests (CONFORMANCE_REPORT)")
    arguments = parser.parse_args()
    rows = json.load(open(CORPUS))
    process = None
    if arguments.uvicorn:
        process, port = start_uvicorn()
        host, name = "127.0.0.1", "uvicorn"
    elif arguments.target:
        host, port = arguments.target.rsplit(":", 1)
        port, name = int(port), arguments.target
    else:
        parser.error("--uvicorn or --target")
    ours = {}
    if arguments.ours:
        ours = {entry["id"]: entry for entry in json.load(open(arguments.ours))}
    differences = 0
    try:
        print("%-28s %-6s %-18s %-34s %s" % ("row", "level", "rfc", name, "ours" if ours else ""))
        for row in rows:
            got = run_row(row, host, port)
            problems = meets(row["expect"], got)
            peer = "ok" if not problems else "; ".join(problems)
            mine = ""
            if ours:
                entry = ours.get(row["id"])
                mine = "missing" if entry is None else ("ok" if not entry["problems"] else "; ".join(entry["problems"]))
            if problems or (ours and mine != "ok"):
                differences += 1
            print("%-28s %-6s %-18s %-34s %s" % (row["id"], row["level"], row["rfc"], peer[:120], mine[:120]))
    finally:
        if process:
            process.kill()
    print("\n%d rows, %d where a server and the corpus disagree" % (len(rows), differences))


if __name__ == "__main__":
    main()
