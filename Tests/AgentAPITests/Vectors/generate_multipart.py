"""Writes multipart-vectors.json next to this file: login requests (POST /api/v1/auth/login) with
multipart/form-data bodies, and the EXACT answer a running FastAPI app of this API gives each (FastAPI 0.121.3,
Starlette 0.50.0, python-multipart 0.0.34, over uvicorn).

Run against a running app (for example examples/fastapi/run.sh), with any Python 3:

    python3 Tests/AgentAPITests/Vectors/generate_multipart.py http://127.0.0.1:8790

It registers p@example.com / password123 first (a 409 for an existing account is fine), then sends every
case and records the status and the body. Only a 200 body differs between runs (its access_token), so
MultipartFormTests matches that token as any JWT; everything else must come out byte for byte.

Each case is a content type (null: no Content-Type header), a body (base64) and, for large bodies, a
"repeat": {"at": offset, "base64": chunk, "count": n}, meaning the chunk repeated n times is inserted into
the body at that offset.

Not covered on purpose: bodies that uvicorn may hand over in several chunks where python-multipart's answer
depends on the split (a START state that sees CR/LF but no "-" in the first chunk); and charsets other than
UTF-8, Latin-1, ASCII, UTF-16 and UTF-32 (the reference reads any other codec Python knows, such as cp1252 or
utf-8-sig, as Latin-1).
"""
import base64
import http.client
import json
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "multipart-vectors.json")

EMAIL, PASSWORD = b"p@example.com", b"password123"
MP = "multipart/form-data; boundary=XB"


def part(name, value, boundary=b"XB", disposition=None, headers=b""):
    """One part: --boundary CRLF, headers, blank line, value, CRLF."""
    if disposition is None:
        disposition = b'form-data; name="' + name + b'"'
    head = b"Content-Disposition: " + disposition + b"\r\n" if disposition is not False else b""
    return b"--" + boundary + b"\r\n" + head + headers + b"\r\n" + value + b"\r\n"


def end(boundary=b"XB"):
    return b"--" + boundary + b"--\r\n"


U = part(b"username", EMAIL)
P = part(b"password", PASSWORD)
OK = U + P + end()


def grant(value, **kw):
    """A form whose grant_type fails its pattern, so the 422 echoes how the value was decoded."""
    return part(b"grant_type", value, **kw) + U + P + end()


def utf16(text, codec="utf-16-le"):
    return text.encode(codec)


def encoded_form(codec, grant_type=None):
    """username and password (and grant_type, whose value is given as raw bytes) with names and values encoded
    with codec; the framing stays ASCII."""
    def field(name, value):
        return b'--XB\r\nContent-Disposition: form-data; name="' + name.encode(codec) + b'"\r\n\r\n' + value + b"\r\n"
    grant = field("grant_type", grant_type) if grant_type is not None else b""
    return grant + field("username", "p@example.com".encode(codec)) + field("password", "password123".encode(codec)) + end()


def file_part(name, content, filename=b"f.txt", headers=b""):
    return part(name, content, disposition=b'form-data; name="' + name + b'"; filename="' + filename + b'"', headers=headers)


CASES = []


def case(name, content_type, body, repeat=None):
    CASES.append((name, content_type, body, repeat))


# The content type and its parameters (python-multipart's parse_options_header).
case("ok", MP, OK)
case("ok, upper-case type", "MULTIPART/FORM-DATA; BOUNDARY=XB", OK)
case("ok, spaces and tabs around", " \tmultipart/form-data \t; \tboundary \t= \tXB \t", OK)
case("no boundary parameter", "multipart/form-data", OK)
case("no boundary, other parameters", "multipart/form-data; charset=utf-8; b=XB", OK)
case("boundary*= is ignored (RFC 2231)", "multipart/form-data; boundary*=XB", OK)
case("quoted boundary", 'multipart/form-data; boundary="XB"', OK)
case("quoted boundary with ;", 'multipart/form-data; boundary="a;b"', OK.replace(b"--XB", b"--a;b"))
case("quoted boundary with escaped quote", r'multipart/form-data; boundary="a\"b"', OK.replace(b"--XB", b'--a"b'))
case("quoted boundary with escaped backslash", r'multipart/form-data; boundary="a\\b"', OK.replace(b"--XB", b"--a\\b"))
case("unbalanced quote runs to the end", 'multipart/form-data; boundary="XB; charset=latin-1', OK)
case("the last boundary parameter wins", "multipart/form-data; boundary=AA; boundary=XB", OK)
case("empty boundary", "multipart/form-data; boundary=", OK.replace(b"--XB", b"--"))
case("empty quoted boundary", 'multipart/form-data; boundary=""', OK.replace(b"--XB", b"--"))
case("boundary of 256 bytes", "multipart/form-data; boundary=" + "b" * 256, OK.replace(b"--XB", b"--" + b"b" * 256))
case("boundary of 257 bytes", "multipart/form-data; boundary=" + "b" * 257, OK.replace(b"--XB", b"--" + b"b" * 257))
case("no-break space after the boundary", "multipart/form-data; boundary=XB\xa0", OK)
case("no-break space after the type", "multipart/form-data\xa0; boundary=XB", OK)
case("no Content-Type", None, OK)
case("text/plain", "text/plain; boundary=XB", OK)
case("boundary differs from the body", "multipart/form-data; boundary=XC", OK)

# Charsets: names, file names and values are decoded with it, or as Latin-1 when that fails.
case("charset utf-8, non-UTF-8 value falls back to Latin-1", MP + "; charset=utf-8", grant(b"\xe9"))
case("charset utf-8, UTF-8 value", MP + "; charset=utf-8", grant("é€".encode()))
case("charset UTF8", MP + "; charset=UTF8", grant("é".encode()))
case("charset u8", MP + "; charset=u8", grant("é".encode()))
case("charset cp65001", MP + "; charset=cp65001", grant("é".encode()))
case("charset 'UTF--8' normalizes", MP + "; charset=UTF--8", grant("é".encode()))
case("charset with a no-break space inside normalizes", MP + "; charset=utf\xa08", grant("é".encode()))
case("charset utf.8 is unknown", MP + "; charset=utf.8", grant("é".encode()))
case("charset latin-1", MP + "; charset=latin-1", grant("é".encode()))
case("charset iso-8859-1", MP + "; charset=iso-8859-1", grant(b"\xe9"))
case("charset l1", MP + "; charset=l1", grant(b"\xe9"))
case("charset bogus", MP + "; charset=bogus", grant("é".encode()))
case("charset rot13 is not a text encoding", MP + "; charset=rot13", grant(b"abc"))
case("charset ascii, ASCII value", MP + "; charset=ascii", grant(b"abc"))
case("charset ascii, UTF-8 value falls back", MP + "; charset=ascii", grant("é".encode()))
case("charset us-ascii", MP + "; charset=us-ascii", grant("é".encode()))
case("charset 646", MP + "; charset=646", grant("é".encode()))
case("charset utf-16: ASCII names are garbage", MP + "; charset=utf-16", OK)
case("charset utf-16, odd-length value falls back", MP + "; charset=utf-16", encoded_form("utf-16", b"abc"))
case("charset utf-16, even-length value", MP + "; charset=utf-16", encoded_form("utf-16", b"ab\x00c"))
case("charset utf-16 with a big-endian BOM", MP + "; charset=utf-16", encoded_form("utf-16", b"\xfe\xff\x00a\x00b"))
case("charset utf-16 with a little-endian BOM", MP + "; charset=utf-16", encoded_form("utf-16", b"\xff\xfea\x00b\x00"))
case("charset utf-16, lone surrogate falls back", MP + "; charset=utf-16", encoded_form("utf-16", b"\x00\xd8a\x00"))
case("charset utf-16, reversed surrogates fall back", MP + "; charset=utf-16", encoded_form("utf-16", b"\x00\xde\x3d\xd8"))
case("charset utf-16, surrogate pair", MP + "; charset=utf-16", encoded_form("utf-16", b"\x3d\xd8\x00\xde"))
case("charset utf-16-le keeps a BOM", MP + "; charset=utf-16-le", encoded_form("utf-16-le", b"\xff\xfea\x00"))
case("charset UTF-16BE", MP + "; charset=UTF-16BE", encoded_form("utf-16-be", b"\x00a\x00b"))
case("charset unicodebigunmarked", MP + "; charset=unicodebigunmarked", encoded_form("utf-16-be", b"\x00a\x00b"))
case("charset utf16le is unknown", MP + "; charset=utf16le", grant(b"\x00a\x00b"))
case("charset utf-16-le, whole form encoded", MP + "; charset=utf-16-le", encoded_form("utf-16-le"))
case("charset utf-16-be, whole form encoded", MP + "; charset=utf-16-be", encoded_form("utf-16-be"))
case("charset utf-16, whole form encoded (BOM each)", MP + "; charset=utf-16", encoded_form("utf-16"))
case("charset utf-32", MP + "; charset=utf-32", encoded_form("utf-32-le", b"a\x00\x00\x00"))
case("charset utf-32, bad length falls back", MP + "; charset=utf-32", encoded_form("utf-32-le", b"abc"))
case("charset utf-32, beyond U+10FFFF falls back", MP + "; charset=utf-32", encoded_form("utf-32-le", b"\x00\x00\x11\x00"))
case("charset utf-32, a surrogate falls back", MP + "; charset=utf-32", encoded_form("utf-32-le", b"\x00\xd8\x00\x00"))
case("charset utf-32 with a big-endian BOM", MP + "; charset=utf-32", encoded_form("utf-32-le", b"\x00\x00\xfe\xff\x00\x00\x00a"))
case("charset utf-32-be", MP + "; charset=utf-32-be", encoded_form("utf-32-be", b"\x00\x00\x00a"))
case("charset utf_32le", MP + "; charset=utf_32le", encoded_form("utf-32-le", b"a\x00\x00\x00"))
case("charset u32, whole form encoded", MP + "; charset=u32", encoded_form("utf-32"))
case("charset quoted", MP + '; charset="latin-1"', grant("é".encode()))
case("charset applies to names", MP + "; charset=latin-1", part("grânt_type".encode("latin-1"), b"x") + grant(b"y"))

# Content-Disposition and the field name.
case("nameless part", MP, U + P + part(None, b"x", disposition=b"form-data") + end())
case("no Content-Disposition", MP, part(None, b"x", disposition=False, headers=b"X-Other: 1\r\n") + U + P + end())
case("a part without headers", MP, b"--XB\r\n\r\nx\r\n" + U + P + end())
case("empty Content-Disposition", MP, part(None, b"x", disposition=b"") + U + P + end())
case("name without a ;", MP, part(None, b"x", disposition=b'name="username"') + P + end())
case("only name*=", MP, part(None, b"x", disposition=b"form-data; name*=utf-8''username") + P + end())
case("unquoted name", MP, part(None, EMAIL, disposition=b"form-data; name=username") + P + end())
case("NAME= upper-case key", MP, U.replace(b"name=", b"NAME=") + P + end())
case("spaces around =", MP, U.replace(b'name="username"', b'name \t= \t"username"') + P + end())
case("content-disposition header in lower case", MP, U.replace(b"Content-Disposition", b"content-disposition") + P + end())
case("attachment instead of form-data", MP, U.replace(b"form-data", b"attachment") + P + end())
case("no-break space after the name", MP, U.replace(b'name="username"', b'name="username"\xa0') + P + end())
case("tab after the name", MP, U.replace(b'name="username"', b'name="username"\t') + P + end())
case("quoted name with ;", MP, part(b"a;b", b"x") + U + P + end())
case("name with an escaped quote", MP, part(None, b"x", disposition=br'form-data; name="grant\"type"') + grant(b"y"))
case("the last name parameter wins", MP, part(None, EMAIL, disposition=b'form-data; name="password"; name="username"') + P + end())
case("the last Content-Disposition wins", MP, part(None, EMAIL, disposition=b'form-data; name="password"', headers=b'Content-Disposition: form-data; name="username"\r\n') + P + end())
case("UTF-8 name", MP, part("usérname".encode(), EMAIL) + P + end())
case("Latin-1 name (not UTF-8)", MP, part("usérname".encode("latin-1"), EMAIL) + P + end())
case("repeated field, last wins", MP, part(b"username", b"nobody@example.com") + U + P + end())
case("empty username is a value", MP, part(b"username", b"") + P + end())
case("value with CR and LF inside", MP, grant(b"a\r\nb\rc\nd"))
case("value that looks like a boundary", MP, grant(b"x\r\n--XBy\r\n--XB-x\r\n--XB\rz"))
case("value that is a boundary padded", MP, grant(b"x\r\n--XB \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ny"))
case("extra headers on a part", MP, U.replace(b"\r\n\r\n", b"\r\nContent-Type: text/plain; charset=latin-1\r\nContent-Transfer-Encoding: base64\r\n\r\n") + P + end())

# Files: a part with a filename is an UploadFile, which a str field refuses.
case("filename", MP, file_part(b"username", EMAIL) + P + end())
case("empty filename", MP, U + file_part(b"password", PASSWORD, filename=b"") + end())
case("filename*= only is a text field", MP, part(None, EMAIL, disposition=b"form-data; name=\"username\"; filename*=utf-8''a.txt") + P + end())
case("IE6 full path filename", MP, file_part(b"username", EMAIL, filename=b"C:\\Users\\me\\a.txt") + P + end())
case("UNC path filename", MP, file_part(b"username", EMAIL, filename=b"\\\\server\\share\\a.txt") + P + end())
case("non-UTF-8 filename", MP, file_part(b"username", EMAIL, filename=b"\xe9") + P + end())
case("UTF-8 filename", MP, file_part(b"username", EMAIL, filename="é€.txt".encode()) + P + end())
case("file headers, repeated names keep the first", MP, file_part(b"username", EMAIL, headers=b"Content-Type: text/plain\r\nX-A: \xe9\r\nX-A: 2\r\ncontent-type: x\r\n") + P + end())
case("file for grant_type and client_id", MP, U + P + file_part(b"client_id", b"x") + file_part(b"grant_type", b"y") + end())
case("file for scope and client_secret", MP, U + P + file_part(b"scope", b"x") + file_part(b"client_secret", b"y") + end())
case("file with a missing password", MP, file_part(b"username", EMAIL) + end())
case("file for an unknown field is ignored", MP, U + P + file_part(b"other", b"x") + end())
case("file then text: the text wins", MP, file_part(b"username", b"x") + U + P + end())
case("text then file: the file wins", MP, U + file_part(b"username", b"x") + P + end())
case("empty file", MP, U + P + file_part(b"client_id", b"") + end())
case("file of one two-byte line", MP, U + P + file_part(b"client_id", b"ab") + end())
case("file of two-byte lines", MP, U + P + file_part(b"client_id", b"a\nbc") + end())
case("file of two-byte lines, a key repeated", MP, U + P + file_part(b"client_id", b"a\nbcaz") + end())
case("file of 2-byte lines with a repeated key", MP, U + P + file_part(b"client_id", b"a\nb\na\r") + end())
case("file whose first line is long", MP, U + P + file_part(b"client_id", b"ab\ncd") + end())
case("file whose first two lines are long", MP, U + P + file_part(b"client_id", b"abc\ncde\nfg") + end())
case("file with CRLF lines", MP, U + P + file_part(b"client_id", b"x\r\ny\r\n") + end())

# The body's framing (python-multipart's state machine).
case("empty body", MP, b"")
case("only the closing boundary", MP, end())
case("closing boundary without CRLF", MP, U + P + b"--XB--")
case("epilogue after the closing boundary", MP, OK + b"junk\r\n--XB\r\nmore")
case("truncated: no closing boundary", MP, U + P)
case("truncated in the last part's data", MP, U + P[:-6])
case("truncated in a header", MP, U + P[:20])
case("truncated in the first boundary", MP, b"--X")
case("truncated after a CR in the data", MP, U + P + b"--XB\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r")
case("truncated inside a delimiter", MP, U + P + b"--XB\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--X")
case("preamble", MP, b"junk\r\n" + OK)
case("leading CRLF", MP, b"\r\n" + OK)
case("leading CRLF and junk without -", MP, b"\r\njunk\r\n" + OK)
case("leading CRLF and junk with -", MP, b"\r\nju-nk\r\n" + OK)
case("leading LF only", MP, b"\n\n" + OK)
case("LF-only line ends", MP, OK.replace(b"\r\n", b"\n"))
case("LF-only inside the headers", MP, U.replace(b'"\r\n\r\n', b'"\n\r\n') + P + end())
case("CR not followed by LF after a header", MP, U.replace(b'"\r\n\r\n', b'"\rx\r\n\r\n') + P + end())
case("CR not followed by LF after the headers", MP, U.replace(b'"\r\n\r\n', b'"\r\n\rx') + P + end())
case("boundary followed by junk", MP, b"--XBjunk\r\n" + OK)
case("boundary padded with spaces and tabs", MP, U + P.replace(b"--XB\r\n", b"--XB \t \r\n") + end())
case("padding followed by junk", MP, U + P.replace(b"--XB\r\n", b"--XB  x\r\n") + end())
case("first boundary padded", MP, U.replace(b"--XB\r\n", b"--XB \r\n", 1) + P + end())
case("header name with a space", MP, U.replace(b"Content-Disposition:", b"Content-Disposition :") + P + end())
case("header name with a non-token byte", MP, U.replace(b"Content-Disposition", b"Content\xe9Disposition") + P + end())
case("empty header name", MP, U.replace(b"\r\n\r\n", b"\r\n: x\r\n\r\n") + P + end())
case("header without a space after the colon", MP, U.replace(b"Content-Disposition: ", b"Content-Disposition:") + P + end())
case("header with a tab after the colon", MP, U.replace(b"Content-Disposition: ", b"Content-Disposition:\t") + P + end())
case("header with many spaces after the colon", MP, U.replace(b"Content-Disposition: ", b"Content-Disposition:" + b" " * 100) + P + end())
case("8 headers", MP, U.replace(b"\r\n\r\n", b"\r\n" + b"X: 1\r\n" * 7 + b"\r\n") + P + end())
case("9 headers", MP, U.replace(b"\r\n\r\n", b"\r\n" + b"X: 1\r\n" * 8 + b"\r\n") + P + end())
case("header of 4224 bytes", MP, U.replace(b"\r\n\r\n", b"\r\nX-Long: " + b"v" * (4224 - 8) + b"\r\n\r\n") + P + end())
case("header of 4225 bytes", MP, U.replace(b"\r\n\r\n", b"\r\nX-Long: " + b"v" * (4225 - 8) + b"\r\n\r\n") + P + end())
case("NUL bytes in a header value", MP, U.replace(b'name="username"', b'name="username"; x="\x00"') + P + end())

# Starlette's limits.
FIELD = b"--XB\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n\r\n"
FILE = b"--XB\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n\r\n"
case("1000 fields", MP, U + P + end(), {"at": 0, "chunk": FIELD, "count": 998})
case("1001 fields", MP, U + P + end(), {"at": 0, "chunk": FIELD, "count": 999})
case("1000 files", MP, U + P + end(), {"at": 0, "chunk": FILE, "count": 1000})
case("1001 files", MP, U + P + end(), {"at": 0, "chunk": FILE, "count": 1001})
FIELD_START = len(U + P + b'--XB\r\nContent-Disposition: form-data; name="client_id"\r\n\r\n')
case("a field of 1 MiB", MP, U + P + part(b"client_id", b"") + end(), {"at": FIELD_START, "chunk": b"x", "count": 1024 * 1024})
case("a field of 1 MiB and a byte", MP, U + P + part(b"client_id", b"") + end(), {"at": FIELD_START, "chunk": b"x", "count": 1024 * 1024 + 1})
TRUNCATED = U + P + b"--XB\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
case("a truncated field over 1 MiB", MP, TRUNCATED, {"at": len(TRUNCATED), "chunk": b"x", "count": 1024 * 1024 + 1})
file_start = len(U + P + b'--XB\r\nContent-Disposition: form-data; name="client_id"; filename="f.txt"\r\n\r\n')
case("a file of 1 MiB stays in memory", MP, U + P + file_part(b"client_id", b"") + end(), {"at": file_start, "chunk": b"x", "count": 1024 * 1024})
case("a file over 1 MiB rolls over to disk", MP, U + P + file_part(b"client_id", b"\nab") + end(), {"at": file_start, "chunk": b"x", "count": 1024 * 1024 + 1})

# Url-encoded forms, for comparison (the same route, the other form parser).
URLENCODED = b"username=p%40example.com&password=password123"
case("url-encoded", "application/x-www-form-urlencoded", URLENCODED)
case("url-encoded with a charset", "application/x-www-form-urlencoded; charset=utf-8", URLENCODED)
case("url-encoded, upper-case type", "APPLICATION/X-WWW-FORM-URLENCODED", URLENCODED)
case("url-encoded, tab after the type", "application/x-www-form-urlencoded\t", URLENCODED)
case("url-encoded, no-break space after the type", "application/x-www-form-urlencoded\xa0", URLENCODED)
case("url-encoded with a quoted ; parameter", 'application/x-www-form-urlencoded; x="a;b"', URLENCODED)


def build(body, repeat):
    if repeat is None:
        return body
    return body[: repeat["at"]] + repeat["chunk"] * repeat["count"] + body[repeat["at"] :]


def send(url, content_type, body):
    connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=60)
    headers = {} if content_type is None else {"Content-Type": content_type}
    connection.request("POST", url.path.rstrip("/") + "/api/v1/auth/login", body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generate_multipart.py http://127.0.0.1:8790")
    url = urllib.parse.urlsplit(sys.argv[1])
    connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=60)
    user = json.dumps({"email": EMAIL.decode(), "password": PASSWORD.decode()})
    connection.request("POST", url.path.rstrip("/") + "/api/v1/users", body=user, headers={"Content-Type": "application/json"})
    status = connection.getresponse().status
    assert status in (201, 409), status

    vectors = []
    names = set()
    for name, content_type, body, repeat in CASES:
        assert name not in names, name
        names.add(name)
        status, answer = send(url, content_type, build(body, repeat))
        vector = {
            "name": name,
            "content_type": content_type,
            "body": base64.b64encode(body).decode(),
            "status": status,
            "response": answer.decode("utf-8"),
        }
        if repeat is not None:
            vector["repeat"] = {"at": repeat["at"], "base64": base64.b64encode(repeat["chunk"]).decode(), "count": repeat["count"]}
        vectors.append(vector)
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump(vectors, out, ensure_ascii=False, indent=1)
        out.write("\n")
    print(len(vectors), "cases written to", OUT)


if __name__ == "__main__":
    main()
