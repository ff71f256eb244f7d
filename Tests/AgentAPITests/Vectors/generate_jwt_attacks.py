"""Writes jwt-attacks.json next to this file: JWT attack tokens and the EXACT answer the stock
FastAPI example app (examples/fastapi) gives for each, end to end over HTTP (in-process ASGI).

Run (from the repository root; the pinned venv is made by examples/fastapi/setup.sh):

    examples/fastapi/.venv/bin/python Tests/AgentAPITests/Vectors/generate_jwt_attacks.py

No network, no real clock in the output: every token uses fixed timestamps, so the recorded answers
hold for any "now" in [VALID_FROM, VALID_UNTIL) (see the file's "clock" entry). Running it twice
must give byte-identical output.

What it does:
  1. pins the app's environment (SECRET, 1000 PBKDF2 rounds, in-memory SQLite), freezes the clock the
     SQLAlchemy models use for created_at (so /users/me bodies are stable), imports the app;
  2. registers user 1 (victim@example.com) and user 2 (other@example.com) through POST /api/v1/users;
  3. for every case sends GET /api/v1/users/me and GET /api/v1/agents with the case's Authorization
     header (UTF-8 bytes; omitted when the case's authorization is null) and records status, JSON
     body and WWW-Authenticate of /users/me, plus the status and body of /agents.

Not covered on purpose: header values with leading/trailing whitespace or CR/LF. Starlette's
TestClient passes them through, but a real server (uvicorn/h11) strips surrounding whitespace and
rejects CR/LF, so TestClient's answer would not be the wire answer.
"""
import base64
import datetime as _dt
import hashlib
import hmac
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ inside examples/fastapi

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(HERE, "jwt-attacks.json")

SECRET = "jwt-attack-corpus-secret-0123456789abcdef"
os.environ.update({
    "SECRET_KEY": SECRET,
    "PBKDF2_ITERATIONS": "1000",
    "DATABASE_URL": "sqlite+aiosqlite:///:memory:",
    "ACCESS_TOKEN_EXPIRE_MINUTES": "30",
    "EXECUTION_DELAY_SECONDS": "0",
})
sys.path.insert(0, os.path.join(ROOT, "examples", "fastapi"))

import fastapi  # noqa: E402
import jwt  # noqa: E402
import pydantic  # noqa: E402
import starlette  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

import app.models.base as models_base  # noqa: E402

# created_at comes from app.models.base.utcnow() -> datetime.now(timezone.utc): freeze it.
CREATED_AT = [_dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc)]


class FrozenDateTime(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        value = CREATED_AT[0]
        CREATED_AT[0] = value + _dt.timedelta(seconds=1)  # user 1: 00:00:00, user 2: 00:00:01
        return _dt.datetime.fromtimestamp(value.timestamp(), tz)


models_base.datetime = FrozenDateTime

from app.main import app  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Token building
# ---------------------------------------------------------------------------------------------
KEY = SECRET.encode()
FAR = 4102444800          # 2100-01-01T00:00:00Z: "valid" exp
IAT = 1700000000          # 2023-11-14T22:13:20Z: "valid" iat
PAST = 1000000000         # 2001-09-09: expired by decades
FUTURE = 4000000000       # 2096-10-02: immature (iat/nbf) for decades
VALID_FROM, VALID_UNTIL = IAT, FUTURE  # recorded answers hold for now in [VALID_FROM, VALID_UNTIL)

HS256 = {"alg": "HS256", "typ": "JWT"}
CLAIMS = {"sub": "1", "exp": FAR, "iat": IAT}
STD = str.maketrans("-_", "+/")  # base64url -> standard base64 alphabet


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def js(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def sig(signing_input: str, key: bytes = KEY, digest=hashlib.sha256) -> str:
    return b64(hmac.new(key, signing_input.encode("utf-8"), digest).digest())


def tok(header=HS256, claims=CLAIMS, *, key=KEY, digest=hashlib.sha256, hseg=None, pseg=None,
        hraw=None, praw=None, signature=None):
    """header/claims objects, or raw JSON bytes (hraw/praw), or ready segments (hseg/pseg);
    signed with HMAC(key, digest) over the segments exactly as they appear, unless `signature`."""
    h = hseg if hseg is not None else b64(hraw if hraw is not None else js(header))
    p = pseg if pseg is not None else b64(praw if praw is not None else js(claims))
    s = signature if signature is not None else sig(f"{h}.{p}", key, digest)
    return f"{h}.{p}.{s}"


def with_claims(**kw):
    """CLAIMS with keys replaced; a value of DROP removes the key."""
    out = dict(CLAIMS)
    for k, v in kw.items():
        if v is DROP:
            out.pop(k, None)
        else:
            out[k] = v
    return out


DROP = object()

GOOD = tok()
GH, GP, GS = GOOD.split(".")

# ---------------------------------------------------------------------------------------------
# Cases: (group, name, why, authorization header or None for "no header", extra fields)
# ---------------------------------------------------------------------------------------------
CASES = []


def case(group, name, why, authorization, **extra):
    CASES.append({"group": group, "name": name, "why": why, "authorization": authorization, **extra})


def bearer(group, name, why, token, **extra):
    case(group, name, why, "Bearer " + token, **extra)


# --- controls
bearer("control", "valid-control", "correct HS256 token for user 1 (sub \"1\", exp 2100)", GOOD)
bearer("control", "valid-pyjwt-encode",
       "jwt.encode() of the same claims: PyJWT's own serialisation is byte-identical",
       jwt.encode(dict(CLAIMS), SECRET, algorithm="HS256"))
bearer("control", "valid-user-2", "correct token whose sub is user 2", tok(claims=with_claims(sub="2")))
bearer("control", "valid-minimal-claims", "only sub: exp and iat are optional for PyJWT",
       tok(claims={"sub": "1"}))

# --- alg none, every spelling
for spelling in ("none", "None", "NONE", "nOnE"):
    h = b64(js({"alg": spelling, "typ": "JWT"}))
    p = b64(js(CLAIMS))
    tag = {"none": "none", "None": "none-capitalised", "NONE": "none-upper", "nOnE": "none-mixed"}[spelling]
    bearer("alg-none", f"alg-{tag}-empty-signature", f"alg {spelling!r}, unsigned, trailing dot", f"{h}.{p}.")
    bearer("alg-none", f"alg-{tag}-no-trailing-dot", f"alg {spelling!r}, unsigned, two segments", f"{h}.{p}")
    bearer("alg-none", f"alg-{tag}-hmac-signature",
           f"alg {spelling!r} but a valid HMAC-SHA256 signature with the real secret", f"{h}.{p}.{sig(h + '.' + p)}")
    bearer("alg-none", f"alg-{tag}-junk-signature", f"alg {spelling!r} with a junk signature segment",
           f"{h}.{p}.AAAA")
bearer("alg-none", "alg-none-no-typ-empty-signature", "{\"alg\":\"none\"} only, unsigned",
       f"{b64(js({'alg': 'none'}))}.{GP}.")

# --- keys and HMAC variants
bearer("keys", "hs256-empty-key", "HS256 signed with the empty key", tok(key=b""))
bearer("keys", "hs256-key-secret", "HS256 signed with the public string \"secret\"", tok(key=b"secret"))
bearer("keys", "hs256-key-off-by-one-char", "HS256 signed with the secret's last char changed",
       tok(key=KEY[:-1] + b"g"))
bearer("keys", "hs256-key-with-trailing-newline", "HS256 signed with secret + \"\\n\"", tok(key=KEY + b"\n"))
bearer("keys", "hs384-correct-key", "alg HS384, correctly signed with HMAC-SHA384 and the real secret",
       tok({"alg": "HS384", "typ": "JWT"}, digest=hashlib.sha384))
bearer("keys", "hs512-correct-key", "alg HS512, correctly signed with HMAC-SHA512 and the real secret",
       tok({"alg": "HS512", "typ": "JWT"}, digest=hashlib.sha512))
bearer("keys", "hs384-header-sha256-signature", "alg HS384 in the header but an HMAC-SHA256 signature",
       tok({"alg": "HS384", "typ": "JWT"}))
bearer("keys", "hs256-header-sha512-signature", "alg HS256 in the header but an HMAC-SHA512 signature",
       tok(digest=hashlib.sha512))

# --- algorithm confusion (all carry an HMAC-SHA256 signature made with the real secret)
for alg in ("RS256", "ES256", "PS256", "EdDSA", "hs256", "Hs256", "HS256 ", " HS256", "HS2560", "HS25"):
    slug = alg.strip().lower()
    if alg != alg.strip():
        slug += "-leading-space" if alg.startswith(" ") else "-trailing-space"
    if alg in ("hs256", "Hs256"):
        slug = {"hs256": "hs256-lowercase", "Hs256": "hs256-mixed-case"}[alg]
    bearer("alg-confusion", f"alg-{slug}-hmac-signature",
           f"header alg {alg!r} with an HMAC-SHA256 signature made with the real secret",
           tok({"alg": alg, "typ": "JWT"}))
bearer("alg-confusion", "alg-missing", "no alg in the header, HMAC-SHA256 signature", tok({"typ": "JWT"}))
bearer("alg-confusion", "alg-null", "alg null", tok({"alg": None, "typ": "JWT"}))
bearer("alg-confusion", "alg-empty-string", "alg \"\"", tok({"alg": "", "typ": "JWT"}))
bearer("alg-confusion", "alg-list", "alg [\"HS256\"]", tok({"alg": ["HS256"], "typ": "JWT"}))
bearer("alg-confusion", "alg-duplicate-none-then-hs256",
       "header {\"alg\":\"none\",\"alg\":\"HS256\"}: json.loads keeps the last", tok(hraw=b'{"alg":"none","alg":"HS256"}'))
bearer("alg-confusion", "alg-duplicate-hs256-then-none",
       "header {\"alg\":\"HS256\",\"alg\":\"none\"}: json.loads keeps the last", tok(hraw=b'{"alg":"HS256","alg":"none"}'))

# --- huge token
HUGE_PAD = 65536
bearer("size", "huge-64kib-claim-valid", f"correctly signed, payload has a {HUGE_PAD}-char claim",
       tok(claims=with_claims(pad="A" * HUGE_PAD)),
       size_note="the app's answer only: TestClient has no header size limit, but over the wire uvicorn 0.54 "
       "(h11, 16 KiB max incomplete event) refuses a header block this large with 400 before the app runs")

# --- segment encoding
# A payload whose base64url form contains '-' and '_' (and whose signature does too), found deterministically.
# ("?" is 0x3F and ">" 0x3E: aligned on a 6-bit boundary they encode as '_' and '-'.)
for n in range(10000):
    t = tok(claims=with_claims(n=n, x="???>>>~~~"))
    _, p_, s_ = t.split(".")
    if set("-_") <= set(p_) and set("-_") & set(s_):
        break
else:
    raise SystemExit("no payload with '-' and '_' found")
p_std = p_.translate(STD)
bearer("segments", "urlsafe-payload-with-dash-underscore-valid", "control for the standard-base64 cases: valid", t)
bearer("segments", "std-base64-payload-resigned",
       "payload in the standard alphabet ('+' '/'), signature computed over that form",
       tok(hseg=GH, pseg=p_std).translate(STD))
bearer("segments", "std-base64-payload-original-signature",
       "payload converted to '+' '/' after signing", f"{GH}.{p_std}.{s_}")
bearer("segments", "std-base64-signature-only", "only the signature converted to '+' '/'",
       f"{GH}.{p_}.{s_.translate(STD)}")
# Padding: a header with len%4==2 and a payload with len%4 != 0, padded with canonical '='.
ph = {"alg": "HS256", "x": 12}
hh = b64(js(ph)); assert len(hh) % 4 == 2
pp = b64(js(CLAIMS)); assert len(pp) % 4 == 0
pp2 = next(x for x in (b64(js(with_claims(p="a" * k))) for k in range(4)) if len(x) % 4 == 2)
bearer("segments", "padded-header-resigned", "header carries canonical '==' padding, signed over the padded form",
       tok(hseg=hh + "=="))
bearer("segments", "padded-payload-resigned", "payload (len%4==2) carries canonical '==', signed over it",
       tok(pseg=pp2 + "=="))
bearer("segments", "padded-payload-noncanonical-resigned",
       "payload (len%4==0) with '==' appended, signed over it: padding where none belongs", tok(pseg=pp + "=="))
bearer("segments", "padded-payload-single-equals-resigned",
       "payload (len%4==2) with a single '=', signed over it", tok(pseg=pp2 + "="))
bearer("segments", "padded-signature", "valid token + one '=' on the 43-char signature (canonical)", GOOD + "=")
bearer("segments", "padded-signature-double", "valid token + '==' on the signature (non-canonical)", GOOD + "==")
bearer("segments", "padded-header-not-resigned", "'==' added to the header after signing",
       f"{hh}==.{tok(ph).split('.', 1)[1]}")
mid = len(GP) // 2
bearer("segments", "space-in-payload-resigned", "a space inside the payload segment, signed over it",
       tok(pseg=GP[:mid] + " " + GP[mid:]))
bearer("segments", "tab-in-payload-resigned", "a tab inside the payload segment, signed over it",
       tok(pseg=GP[:mid] + "\t" + GP[mid:]))
bearer("segments", "space-in-signature", "a space inside the signature", f"{GH}.{GP}.{GS[:20]} {GS[20:]}")
bearer("segments", "space-around-dot", "a space after the first dot", f"{GH}. {GP}.{GS}")
bearer("segments", "non-ascii-in-payload", "'\u00e9' inserted in the payload segment (not re-signed)",
       f"{GH}.{GP[:mid]}\u00e9{GP[mid:]}.{GS}")
bearer("segments", "non-ascii-in-payload-resigned", "'\u00e9' inserted in the payload, HMAC over its UTF-8 bytes",
       tok(pseg=GP[:mid] + "\u00e9" + GP[mid:]))
bearer("segments", "non-ascii-in-signature", "last signature char replaced by '\u00e9'", f"{GH}.{GP}.{GS[:-1]}\u00e9")
bearer("segments", "invalid-base64-char-in-header", "'!' in the header segment", f"{GH[:3]}!{GH[4:]}.{GP}.{GS}")
bearer("segments", "sig-flipped-char", "one signature char changed", f"{GH}.{GP}.{GS[:10]}{'B' if GS[10] != 'B' else 'C'}{GS[11:]}")
bearer("segments", "sig-truncated", "last signature char dropped", f"{GH}.{GP}.{GS[:-1]}")
bearer("segments", "sig-extra-char", "one char appended to the signature", f"{GOOD}A")
bearer("segments", "sig-empty", "HS256 header, empty signature", f"{GH}.{GP}.")
other_p = tok(claims=with_claims(sub="2")).split(".")[1]
bearer("segments", "payload-swapped-keep-signature", "user 2's payload with user 1's signature", f"{GH}.{other_p}.{GS}")
bearer("segments", "empty-header-segment-resigned", "\".p.s\", signed over \".p\"", tok(hseg=""))
bearer("segments", "empty-payload-segment-resigned", "\"h..s\", signed over \"h.\"", tok(pseg=""))
bearer("segments", "all-segments-empty", "\"..\"", "..")
bearer("segments", "one-segment", "header only", GH)
bearer("segments", "two-segments", "header.payload, no signature segment", f"{GH}.{GP}")
bearer("segments", "four-segments", "valid token + \".<signature>\"", f"{GOOD}.{GS}")
bearer("segments", "four-segments-trailing-dot", "valid token + \".\"", f"{GOOD}.")
bearer("segments", "four-segments-resigned", "h.p.x.s with s = HMAC over \"h.p.x\"",
       f"{GH}.{GP}.{GS}.{sig(f'{GH}.{GP}.{GS}')}")
bearer("segments", "leading-dot", "\".\" + valid token", f".{GOOD}")
bearer("segments", "garbage-token", "not a JWT at all", "not-a-jwt")

# --- header / payload JSON shape (all correctly signed)
bearer("json", "header-not-json", "header bytes 'alg=HS256'", tok(hraw=b"alg=HS256"))
bearer("json", "header-json-array", "header [{\"alg\":\"HS256\"}]", tok(hraw=js([{"alg": "HS256"}])))
bearer("json", "header-json-string", "header \"HS256\"", tok(hraw=js("HS256")))
bearer("json", "header-json-null", "header null", tok(hraw=b"null"))
bearer("json", "header-utf8-bom", "header starts with a UTF-8 BOM (json.loads(bytes) accepts it)",
       tok(hraw=b'\xef\xbb\xbf{"alg":"HS256"}'))
bearer("json", "payload-not-json", "payload bytes 'sub=1'", tok(praw=b"sub=1"))
bearer("json", "payload-json-array", "payload [claims]", tok(praw=js([CLAIMS])))
bearer("json", "payload-json-string", "payload \"1\"", tok(praw=js("1")))
bearer("json", "payload-json-number", "payload 1", tok(praw=b"1"))
bearer("json", "payload-json-null", "payload null", tok(praw=b"null"))
bearer("json", "payload-json-true", "payload true", tok(praw=b"true"))
bearer("json", "payload-empty-object", "payload {}: no sub", tok(praw=b"{}"))
bearer("json", "payload-trailing-garbage", "payload '{...} x'", tok(praw=js(CLAIMS) + b" x"))
bearer("json", "payload-duplicate-sub-2-then-1", "payload {\"sub\":\"2\",\"sub\":\"1\",...}: last wins",
       tok(praw=b'{"sub":"2","sub":"1","exp":4102444800}'))
bearer("json", "payload-utf16le", "payload JSON encoded as UTF-16-LE (json.loads(bytes) detects it)",
       tok(praw='{"sub":"1","exp":4102444800}'.encode("utf-16-le")))
bearer("json", "payload-invalid-utf8", "payload with an invalid UTF-8 byte in a string",
       tok(praw=b'{"sub":"1","x":"\xff","exp":4102444800}'))

# --- exp
for name, value, why in [
    ("exp-string-future", str(FAR), "exp \"4102444800\" (numeric string)"),
    ("exp-string-past", str(PAST), "exp \"1000000000\" (numeric string, past)"),
    ("exp-string-abc", "abc", "exp \"abc\""),
    ("exp-string-float", f"{FAR}.0", "exp \"4102444800.0\""),
    ("exp-float-future", FAR + 0.5, "exp 4102444800.5"),
    ("exp-true", True, "exp true (int(True) == 1: long past)"),
    ("exp-false", False, "exp false (int(False) == 0)"),
    ("exp-null", None, "exp null"),
    ("exp-negative", -1, "exp -1"),
    ("exp-zero", 0, "exp 0"),
    ("exp-1e20-float", 1e20, "exp 1e20 (float)"),
    ("exp-10-pow-30", 10**30, "exp 10**30 (big integer)"),
    ("exp-past-2001", PAST, "exp 2001-09-09"),
    ("exp-past-2020", 1577836800, "exp 2020-01-01"),
    ("exp-list", [FAR], "exp [4102444800]"),
    ("exp-object", {}, "exp {}"),
    ("exp-missing", DROP, "no exp at all"),
]:
    bearer("exp", name, why, tok(claims=with_claims(exp=value)))
for name, raw, why in [
    ("exp-nan", b"NaN", "exp NaN (Python json extension)"),
    ("exp-infinity", b"Infinity", "exp Infinity"),
    ("exp-1e400", b"1e400", "exp 1e400 (overflows to inf)"),
    ("exp-4301-digit-int", b"1" + b"0" * 4300, "exp with 4301 digits (over Python's int-string limit)"),
]:
    bearer("exp", name, why, tok(praw=b'{"sub":"1","exp":' + raw + b"}"))

# --- iat
for name, value, why in [
    ("iat-string", str(IAT), "iat \"1700000000\""),
    ("iat-string-abc", "abc", "iat \"abc\""),
    ("iat-float", IAT + 0.5, "iat 1700000000.5"),
    ("iat-far-future", FUTURE, "iat 2096 (immature for decades)"),
    ("iat-string-far-future", str(FUTURE), "iat \"4000000000\""),
    ("iat-null", None, "iat null"),
    ("iat-negative", -1, "iat -1"),
    ("iat-true", True, "iat true"),
]:
    bearer("iat", name, why, tok(claims=with_claims(iat=value)))

# --- nbf
for name, value, why in [
    ("nbf-far-future", FUTURE, "nbf 2096"),
    ("nbf-past", PAST, "nbf 2001"),
    ("nbf-string-past", str(PAST), "nbf \"1000000000\""),
    ("nbf-null", None, "nbf null"),
]:
    bearer("nbf", name, why, tok(claims=with_claims(nbf=value)))

# --- sub
for name, value, why in [
    ("sub-integer", 1, "sub 1 (a number)"),
    ("sub-float", 1.0, "sub 1.0 (a number)"),
    ("sub-string-1.0", "1.0", "sub \"1.0\""),
    ("sub-leading-space", " 1", "sub \" 1\""),
    ("sub-trailing-space", "1 ", "sub \"1 \""),
    ("sub-trailing-newline", "1\n", "sub \"1\\n\""),
    ("sub-plus", "+1", "sub \"+1\""),
    ("sub-leading-zero", "01", "sub \"01\" (ASCII digits: int(\"01\") == 1)"),
    ("sub-many-leading-zeros", "0001", "sub \"0001\""),
    ("sub-underscore", "0_1", "sub \"0_1\""),
    ("sub-empty", "", "sub \"\""),
    ("sub-missing", DROP, "no sub"),
    ("sub-null", None, "sub null"),
    ("sub-list", ["1"], "sub [\"1\"]"),
    ("sub-user-2", "2", "sub \"2\": a valid token of the other user"),
    ("sub-nonexistent", "999", "sub \"999\": no such user"),
    ("sub-zero", "0", "sub \"0\""),
    ("sub-negative", "-1", "sub \"-1\""),
    ("sub-fullwidth-digit", "\uff11", "sub \"\uff11\" (fullwidth one: isdigit() but not ASCII)"),
    ("sub-arabic-indic-digit", "\u0661", "sub \"\u0661\" (Arabic-Indic one)"),
    ("sub-superscript-one", "\u00b9", "sub \"\u00b9\" (isdigit() True, int() refuses)"),
    ("sub-int64-max", str(2**63 - 1), "sub 9223372036854775807: fits int64, no such user"),
    ("sub-int64-overflow", str(2**63), "sub 9223372036854775808: beyond int64"),
    ("sub-4301-digits", "1" * 4301, "sub of 4301 digits: int() refuses (str-digits limit)"),
    ("sub-email", "victim@example.com", "sub is the user's email"),
]:
    bearer("sub", name, why, tok(claims=with_claims(sub=value)))

# --- typ and other header fields (all correctly signed HS256)
for name, header, why in [
    ("typ-jws", {"alg": "HS256", "typ": "JWS"}, "typ \"JWS\""),
    ("typ-xyz", {"alg": "HS256", "typ": "xyz"}, "typ \"xyz\""),
    ("typ-integer", {"alg": "HS256", "typ": 123}, "typ 123"),
    ("typ-null", {"alg": "HS256", "typ": None}, "typ null"),
    ("typ-missing", {"alg": "HS256"}, "no typ"),
    ("typ-lowercase-jwt", {"alg": "HS256", "typ": "jwt"}, "typ \"jwt\""),
    ("kid-string", {"alg": "HS256", "typ": "JWT", "kid": "../../etc/passwd"}, "kid path traversal string"),
    ("kid-integer", {"alg": "HS256", "typ": "JWT", "kid": 1}, "kid 1 (not a string)"),
    ("jku", {"alg": "HS256", "typ": "JWT", "jku": "https://attacker.example/jwks.json"}, "jku URL"),
    ("x5u", {"alg": "HS256", "typ": "JWT", "x5u": "https://attacker.example/cert.pem"}, "x5u URL"),
    ("jwk-embedded", {"alg": "HS256", "typ": "JWT", "jwk": {"kty": "oct", "k": b64(b"secret")}}, "embedded jwk"),
    ("x5c", {"alg": "HS256", "typ": "JWT", "x5c": ["MIIB"]}, "x5c chain"),
    ("cty-jwt", {"alg": "HS256", "typ": "JWT", "cty": "JWT"}, "cty \"JWT\" (nested JWT hint)"),
    ("zip-def", {"alg": "HS256", "typ": "JWT", "zip": "DEF"}, "zip \"DEF\" (payload is not compressed)"),
    ("crit-exp", {"alg": "HS256", "typ": "JWT", "crit": ["exp"]}, "crit [\"exp\"] (not an extension PyJWT knows)"),
    ("crit-empty", {"alg": "HS256", "typ": "JWT", "crit": []}, "crit []"),
    ("crit-string", {"alg": "HS256", "typ": "JWT", "crit": "exp"}, "crit \"exp\" (not a list)"),
    ("crit-b64-true", {"alg": "HS256", "typ": "JWT", "crit": ["b64"], "b64": True}, "crit [\"b64\"] with b64 true"),
]:
    bearer("header", name, why, tok(header))

# --- other registered claims
for name, extra, why in [
    ("aud-string", {"aud": "agent-api"}, "aud present (the app expects none)"),
    ("aud-empty-list", {"aud": []}, "aud []"),
    ("iss-string", {"iss": "someone"}, "iss present (not checked)"),
    ("jti-string", {"jti": "abc"}, "jti string"),
    ("jti-integer", {"jti": 7}, "jti 7 (PyJWT wants a string)"),
]:
    bearer("claims", name, why, tok(claims={**CLAIMS, **extra}))

# --- Authorization header forms (with the valid token unless said otherwise)
case("authorization", "scheme-bearer-lowercase", "\"bearer <t>\"", "bearer " + GOOD)
case("authorization", "scheme-bearer-uppercase", "\"BEARER <t>\"", "BEARER " + GOOD)
case("authorization", "scheme-two-spaces", "\"Bearer  <t>\" (the token gets a leading space)", "Bearer  " + GOOD)
case("authorization", "scheme-token-then-extra", "\"Bearer <t> extra\"", "Bearer " + GOOD + " extra")
case("authorization", "scheme-tab-separator", "\"Bearer\\t<t>\"", "Bearer\t" + GOOD)
case("authorization", "scheme-missing", "the bare token, no scheme", GOOD)
case("authorization", "scheme-basic", "\"Basic <t>\"", "Basic " + GOOD)
case("authorization", "scheme-token", "\"Token <t>\"", "Token " + GOOD)
case("authorization", "scheme-jwt", "\"JWT <t>\"", "JWT " + GOOD)
case("authorization", "scheme-bearer-colon", "\"Bearer: <t>\"", "Bearer: " + GOOD)
case("authorization", "scheme-bearerx", "\"Bearerx <t>\"", "Bearerx " + GOOD)
case("authorization", "scheme-only", "\"Bearer\" with no token", "Bearer")
case("authorization", "token-comma-suffix", "\"Bearer <t>,\"", "Bearer " + GOOD + ",")
case("authorization", "token-quoted", "\"Bearer \\\"<t>\\\"\"", "Bearer \"" + GOOD + "\"")
case("authorization", "header-absent", "no Authorization header", None)
case("authorization", "header-empty", "an empty Authorization header", "")

# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------
USERS = [
    {"email": "victim@example.com", "password": "password123"},
    {"email": "other@example.com", "password": "password123"},
]


def answer(response):
    out = {"status": response.status_code}
    try:
        out["body"] = response.json()
    except ValueError:
        out["body"] = None
        out["body_text"] = response.text
    out["www_authenticate"] = response.headers.get("www-authenticate")
    return out


def main():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    users = []
    with TestClient(app, raise_server_exceptions=False) as client:
        for i, u in enumerate(USERS, start=1):
            r = client.post("/api/v1/users", json=u)
            assert r.status_code == 201 and r.json()["id"] == i, r.text
            users.append({"id": i, **u, "response": r.json()})
        # Sanity: a real login token works (not recorded: it depends on the clock).
        r = client.post("/api/v1/auth/login", data={"username": USERS[0]["email"], "password": "password123"})
        assert r.status_code == 200, r.text
        assert client.get("/api/v1/users/me", headers={"Authorization": "Bearer " + r.json()["access_token"]}).status_code == 200

        results = []
        for c in CASES:
            headers = {} if c["authorization"] is None else {"Authorization": c["authorization"].encode("utf-8")}
            me = answer(client.get("/api/v1/users/me", headers=headers))
            agents = answer(client.get("/api/v1/agents", headers=headers))
            row = {
                "name": c["name"],
                "group": c["group"],
                "why": c["why"],
                "authorization": c["authorization"],
                "authorization_length": None if c["authorization"] is None else len(c["authorization"].encode("utf-8")),
                "status": me["status"],
                "body": me["body"],
                "www_authenticate": me["www_authenticate"],
                "agents_status": agents["status"],
                "agents_body": agents["body"],
            }
            if "body_text" in me:
                row["body_text"] = me["body_text"]
            if "body_text" in agents:
                row["agents_body_text"] = agents["body_text"]
            for k in ("size_note", "padding"):
                if k in c:
                    row[k] = c[k]
            if agents["status"] != me["status"] or (me["status"] != 200 and agents["body"] != me["body"]):
                row["agents_differs"] = True
            results.append(row)

    doc = {
        "generator": "Tests/AgentAPITests/Vectors/generate_jwt_attacks.py",
        "versions": {
            "fastapi": fastapi.__version__,
            "pydantic": pydantic.VERSION,
            "starlette": starlette.__version__,
            "pyjwt": jwt.__version__,
        },
        "app": "examples/fastapi (stock, in-process via fastapi.testclient.TestClient)",
        "secret": SECRET,
        "pbkdf2_iterations": 1000,
        "endpoint": "GET /api/v1/users/me",
        "agents_endpoint": "GET /api/v1/agents",
        "authorization_encoding": "utf-8 bytes; a null authorization means the header is not sent",
        "clock": {
            "note": "tokens use fixed timestamps; answers hold for any now in [valid_from, valid_until)",
            "valid_from": VALID_FROM,
            "valid_until": VALID_UNTIL,
        },
        "users": [
            {"id": u["id"], "email": u["email"], "password": u["password"], "full_name": None,
             "created_at": u["response"]["created_at"],
             "note": "registered with POST /api/v1/users in this order; created_at pinned by the generator"}
            for u in users
        ],
        "cases": results,
    }
    with open(OUT, "w") as f:
        f.write(json.dumps(doc, indent=1, ensure_ascii=True) + "\n")

    print(f"{len(results)} cases -> {os.path.relpath(OUT, ROOT)}")
    default = {"detail": "Could not validate credentials"}
    for r in results:
        if r["status"] != 401 or r["body"] != default or r["www_authenticate"] != "Bearer" or r.get("agents_differs"):
            body = json.dumps(r["body"], ensure_ascii=True)
            print(f"  {r['name']:<48} {r['status']} {body[:70]} www={r['www_authenticate']}"
                  f"{' AGENTS-DIFFER' if r.get('agents_differs') else ''}")


if __name__ == "__main__":
    main()
