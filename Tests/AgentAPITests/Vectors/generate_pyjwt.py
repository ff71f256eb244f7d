"""Writes pyjwt-vectors.json next to this file by running PyJWT 2.15.1 (the pinned venv of examples/fastapi).
Time is frozen by replacing jwt.api_jwt.datetime with a subclass whose now() returns a fixed instant."""
import jwt, jwt.api_jwt, json, hmac, hashlib, warnings, datetime as _dt, math
from jwt.utils import base64url_encode as b64e

NOW = 1700000000  # frozen unix time (float 1700000000.0 inside PyJWT)
_cur = [NOW]
class FrozenDT(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return _dt.datetime.fromtimestamp(_cur[0], tz)
ENCODED_WITH_DATETIMES = jwt.encode({"sub": "1", "exp": _dt.datetime(2100, 1, 1, tzinfo=_dt.timezone.utc), "iat": _dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=_dt.timezone.utc)}, "pyjwt-vector-secret-0123456789-ABCDEFGH", algorithm="HS256")
jwt.api_jwt.datetime = FrozenDT  # patch AFTER encode (encode's isinstance(datetime) check uses the same name)

K = "pyjwt-vector-secret-0123456789-ABCDEFGH"   # 39 bytes
Kb = K.encode()
FAR = 4102444800  # 2100-01-01

def j(o): return json.dumps(o, separators=(",", ":")).encode()
def seg(o): return b64e(o if isinstance(o, bytes) else j(o))
def sign(si, key=Kb, alg=hashlib.sha256):
    return b64e(hmac.new(key, si, alg).digest())
def mk(header=None, payload=None, key=Kb, hb=None, pb=None, alg=hashlib.sha256):
    h = hb if hb is not None else seg(header if header is not None else {"alg": "HS256", "typ": "JWT"})
    p = pb if pb is not None else seg(payload if payload is not None else {})
    si = h + b"." + p
    return (si + b"." + sign(si, key, alg)).decode()
H = {"alg": "HS256", "typ": "JWT"}

def run(tok, key, now):
    _cur[0] = now
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            return ("ok", jwt.decode(tok, key, algorithms=["HS256"]), [str(x.message) for x in w])
        except Exception as e:
            return ("err", e, [str(x.message) for x in w])

V = []
def add(name, tok, key=K, note=None):
    st, r, w = run(tok, key, NOW)
    o = {"name": name, "token": tok, "key": key, "now": NOW}
    def sig(x): return (x[0], type(x[1]).__name__ if x[0] == "err" else repr(x[1]))
    alt_in = [run(tok, key, t)[:2] for t in (NOW + 1, 1800000000, FAR - 1)]
    alt_out = [run(tok, key, t)[:2] for t in (0, NOW - 1, FAR + 10**6)]
    # now_dependent: result changes for some clock value (incl. before NOW / after 2100)
    o["now_dependent"] = any(sig(a) != sig((st, r)) for a in alt_in + alt_out)
    # stable_with_real_clock: same result for every now in [NOW, 2099-12-31] -> may be tested with the real clock
    o["stable_with_real_clock"] = not any(sig(a) != sig((st, r)) for a in alt_in)
    o["accepted"] = st == "ok"
    if st == "ok":
        try:
            json.dumps(r, allow_nan=False, ensure_ascii=False).encode("utf-8")
            o["payload"] = r
        except ValueError:  # NaN/Infinity or lone surrogates: not representable in strict JSON/UTF-8
            o["payload"] = None
            o["payload_not_representable"] = True
        o["payload_python_repr"] = repr(r)
    else:
        o["error"] = type(r).__name__
        o["error_message"] = str(r)
        o["is_pyjwt_error"] = isinstance(r, jwt.PyJWTError)
        o["is_invalid_token_error"] = isinstance(r, jwt.InvalidTokenError)
    if w: o["warnings"] = w
    if note: o["note"] = note
    V.append(o)

good = {"sub": "user-1", "exp": FAR, "iat": 1600000000}
tok_good = mk(H, good)
h_good, p_good, s_good = tok_good.split(".")

# --- valid
add("valid_basic", tok_good)
add("valid_pyjwt_encode_datetimes", ENCODED_WITH_DATETIMES)
add("valid_empty_payload_object", mk(H, {}))
add("valid_header_alg_only", mk({"alg": "HS256"}, good))
add("valid_header_extra_fields_kid_str_typ_int", mk({"alg": "HS256", "typ": 123, "kid": "k1", "foo": [1]}, good))
add("valid_header_pretty_json_whitespace", mk(None, good, hb=b64e(b' {\n "typ" : "JWT",\t"alg" : "HS256" } ')))
add("valid_header_duplicate_alg_last_wins", mk(None, good, hb=b64e(b'{"alg":"none","alg":"HS256"}')), note="json.loads duplicate keys: last wins")
add("valid_payload_duplicate_sub_last_wins", mk(H, None, pb=b64e(b'{"sub":1,"sub":"x","exp":4102444800}')))
add("valid_header_utf8_bom", mk(None, good, hb=b64e(b'\xef\xbb\xbf{"alg":"HS256"}')), note="json.loads(bytes) detects utf-8-sig")
add("valid_payload_utf16le", mk(H, None, pb=b64e('{"sub":"u"}'.encode("utf-16-le"))), note="json.loads(bytes) detects UTF-16/32 by NUL pattern")
add("valid_payload_utf8_encoded_lone_surrogate", mk(H, None, pb=b64e(b'{"sub":"\xed\xa0\x80"}')), note="bytes decoded with errors='surrogatepass' -> lone surrogate U+D800 accepted")
add("valid_payload_nan_in_custom_claim", mk(H, None, pb=b64e(b'{"x":NaN,"y":-Infinity}')), note="payload not representable in strict JSON; see payload_python_repr")
add("valid_crit_b64_true", mk({"alg": "HS256", "crit": ["b64"], "b64": True}, good))
add("valid_kid_empty_string", mk({"alg": "HS256", "kid": ""}, good))
add("valid_key_secret_short_warning", mk(H, good, key=b"secret"), key="secret", note="6-byte key only warns (InsecureKeyLengthWarning)")
# A 64 KiB claim is covered by a generated token in the Swift tests (it would bloat this file).
# padding
add("valid_signature_with_canonical_padding", tok_good + "=", note="43-char signature + one '=' (len%4==0) accepted; signature bytes identical")
add("invalid_signature_double_padding", tok_good + "==")
PH = {"alg": "HS256", "x": 12}  # 22 bytes -> 30 b64 chars -> canonical padding "=="
hh = b64e(j(PH)); assert len(hh) % 4 == 2
add("valid_header_padded_and_signed_over_padded_form", mk(None, good, hb=hh + b"=="), note="padding is part of the signing input; '==' canonical for len%4==2")
t0 = mk(PH, good)
add("invalid_header_padding_added_after_signing", (hh + b"==").decode() + "." + t0.split(".", 1)[1], note="decodes fine but signing input changed -> InvalidSignatureError")
add("invalid_header_wrong_padding_count", mk(None, good, hb=hh + b"="), note="len%4==2 needs exactly '=='; single '=' -> len%4==3 -> rejected")
add("invalid_header_three_padding_chars", mk(None, good, hb=hh + b"==="))
hh3 = b64e(j({"alg": "HS256", "x": 1})); assert len(hh3) % 4 == 0
add("invalid_padding_on_len0mod4_segment", mk(None, good, hb=hh3 + b"=="), note="stripped len%4==0 but padding present -> total len%4==2 -> rejected")
add("valid_payload_padded_and_signed", mk(H, None, pb=b64e(j({"sub": "ab"})) + b"=" * ((-len(b64e(j({"sub": "ab"})))) % 4)))

# --- alg
for nm, a in [("none", "none"), ("None", "None"), ("NONE", "NONE"), ("nOnE", "nOnE")]:
    add(f"alg_{nm}_empty_signature", (seg({"alg": a, "typ": "JWT"}) + b"." + seg(good) + b".").decode())
add("alg_none_with_valid_hs256_signature", mk({"alg": "none"}, good))
add("alg_missing", mk({"typ": "JWT"}, good))
add("alg_null", mk({"alg": None}, good))
add("alg_empty_string", mk({"alg": ""}, good))
add("alg_lowercase_hs256", mk({"alg": "hs256"}, good))
add("alg_HS384", mk({"alg": "HS384"}, good, alg=hashlib.sha384))
add("alg_HS512", mk({"alg": "HS512"}, good, alg=hashlib.sha512))
add("alg_RS256", mk({"alg": "RS256"}, good))
add("alg_as_list", mk({"alg": ["HS256"]}, good))
add("alg_as_object", mk({"alg": {"HS256": 1}}, good))

# --- keys
add("empty_key_signature_verified_with_secret", mk(H, good, key=b""))
add("empty_key_signature_verified_with_empty_key", mk(H, good, key=b""), key="", note="InvalidKeyError is a PyJWTError but NOT an InvalidTokenError")
add("signed_with_secret_verified_with_K", mk(H, good, key=b"secret"))
add("signed_with_K_verified_with_secret", tok_good, key="secret")
pemkey = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"
add("pem_looking_key_rejected", mk(H, good, key=pemkey.encode()), key=pemkey)

# --- signature tampering
def flip(c, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", delta=1):
    return alphabet[(alphabet.index(c) + delta) % 64]
mid = len(s_good) // 2
add("sig_flip_middle_char", f"{h_good}.{p_good}.{s_good[:mid]}{flip(s_good[mid])}{s_good[mid+1:]}")
last = s_good[-1]
# last char of 43-char sig: high 4 bits used, low 2 bits must be 0
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
i = A.index(last)
add("sig_last_char_low_bits_changed", f"{h_good}.{p_good}.{s_good[:-1]}{A[i ^ 1]}", note="non-zero trailing bits -> non-canonical base64 -> DecodeError 'Invalid crypto padding' (NOT InvalidSignatureError)")
add("sig_last_char_high_bits_changed", f"{h_good}.{p_good}.{s_good[:-1]}{A[i ^ 4]}")
add("sig_truncated_one_char", f"{h_good}.{p_good}.{s_good[:-1]}")
add("sig_truncated_two_chars", f"{h_good}.{p_good}.{s_good[:-2]}")
add("sig_extra_char", f"{h_good}.{p_good}.{s_good}A")
add("sig_extra_4_chars", f"{h_good}.{p_good}.{s_good}AAAA")
add("sig_empty", f"{h_good}.{p_good}.")
other = mk(H, {"sub": "admin", "exp": FAR})
add("payload_swapped_keep_original_signature", f"{h_good}.{other.split('.')[1]}.{s_good}")
add("sig_plus_instead_of_dash", f"{h_good}.{p_good}.{s_good[:mid]}+{s_good[mid+1:]}")
add("sig_slash_char", f"{h_good}.{p_good}.{s_good[:mid]}/{s_good[mid+1:]}")
add("sig_equals_in_middle", f"{h_good}.{p_good}.{s_good[:mid]}={s_good[mid+1:]}")
add("header_bang_char", f"{h_good[:3]}!{h_good[4:]}.{p_good}.{s_good}")
add("payload_bang_char", f"{h_good}.{p_good[:3]}!{p_good[4:]}.{s_good}")
add("payload_plus_char", f"{h_good}.{p_good[:3]}+{p_good[4:]}.{s_good}")
add("payload_equals_middle", f"{h_good}.{p_good[:4]}={p_good[4:]}.{s_good}")

# --- segments
add("one_segment", h_good)
add("two_segments", f"{h_good}.{p_good}")
add("empty_token", "")
add("three_empty_segments", "..")
add("four_segments", f"{h_good}.{p_good}.{s_good}.{s_good}")
add("five_segments", f"{h_good}.{p_good}.{p_good}.{s_good}.{s_good}")
add("trailing_dot", tok_good + ".")
add("leading_space", " " + tok_good)
add("trailing_newline", tok_good + "\n")
add("trailing_space", tok_good + " ")
add("bearer_prefix_left_in", "Bearer " + tok_good)
add("non_ascii_in_payload_segment", f"{h_good}.{p_good[:5]}é{p_good[5:]}.{s_good}")
add("non_ascii_in_signature", f"{h_good}.{p_good}.{s_good[:-1]}é")

# --- header content
add("header_json_list", mk(None, good, hb=seg([{"alg": "HS256"}])))
add("header_json_string", mk(None, good, hb=seg("HS256")))
add("header_not_json", mk(None, good, hb=b64e(b"alg=HS256")))
add("header_invalid_utf8", mk(None, good, hb=b64e(b'{"alg":"HS256\xff"}')))
add("header_empty", mk(None, good, hb=b""))
add("kid_int", mk({"alg": "HS256", "kid": 1}, good))
add("kid_null", mk({"alg": "HS256", "kid": None}, good))
add("crit_unknown_ext", mk({"alg": "HS256", "crit": ["exp"]}, good))
add("crit_empty_list", mk({"alg": "HS256", "crit": []}, good))
add("crit_b64_listed_but_absent", mk({"alg": "HS256", "crit": ["b64"]}, good))
add("b64_false_without_crit", (seg({"alg": "HS256", "b64": False}) + b".." + sign(seg({"alg": "HS256", "b64": False}) + b".")).decode())
add("b64_false_with_crit", (seg({"alg": "HS256", "b64": False, "crit": ["b64"]}) + b".." + sign(b"x")).decode())
add("kid_int_and_bad_signature_precedence", mk({"alg": "HS256", "kid": 1}, good, key=b"wrong"), note="header checks run before signature check")
add("alg_none_and_bad_sig_base64_precedence", (seg({"alg": "none"}) + b"." + seg(good) + b".A").decode(), note="all 3 segments base64-decoded before alg check")

# --- payload content
add("payload_json_list", mk(H, [good]))
add("payload_json_string", mk(H, "sub"))
add("payload_json_null", mk(H, None, pb=b64e(b"null")))
add("payload_not_json", mk(H, None, pb=b64e(b"sub=user-1")))
add("payload_trailing_garbage", mk(H, None, pb=b64e(b'{"sub":"u"} x')))
add("payload_invalid_utf8", mk(H, None, pb=b64e(b'{"sub":"\xc3\x28"}')))
add("payload_deep_nesting", mk(H, None, pb=b64e(b'{"a":' + b"[" * 5000 + b"]" * 5000 + b"}")))
add("payload_empty", mk(H, None, pb=b""))
add("bad_signature_and_bad_payload_json_precedence", mk(H, None, pb=b64e(b"nope"), key=b"wrong"), note="signature checked before payload JSON parse")

# --- exp
add("exp_past", mk(H, {"sub": "u", "exp": 1000000000}))
add("exp_equals_now", mk(H, {"sub": "u", "exp": NOW}), note="exp <= now -> expired")
add("exp_now_plus_1", mk(H, {"sub": "u", "exp": NOW + 1}))
add("exp_float_now_plus_half", mk(H, {"sub": "u", "exp": NOW + 0.5}), note="int() truncates 1700000000.5 -> 1700000000 <= now")
add("exp_float_future", mk(H, {"sub": "u", "exp": FAR + 0.5}))
add("exp_string_123", mk(H, {"sub": "u", "exp": "123"}))
add("exp_string_future", mk(H, {"sub": "u", "exp": str(FAR)}))
add("exp_string_future_with_spaces", mk(H, {"sub": "u", "exp": f" {FAR}\n"}))
add("exp_string_future_underscores", mk(H, {"sub": "u", "exp": "4_102_444_800"}))
add("exp_string_future_arabic_indic_digits", mk(H, {"sub": "u", "exp": "٤١٠٢٤٤٤٨٠٠"}))
add("exp_string_float", mk(H, {"sub": "u", "exp": "4102444800.0"}))
add("exp_string_abc", mk(H, {"sub": "u", "exp": "abc"}))
add("exp_true", mk(H, {"sub": "u", "exp": True}))
add("exp_false", mk(H, {"sub": "u", "exp": False}))
add("exp_null", mk(H, {"sub": "u", "exp": None}))
add("exp_list", mk(H, {"sub": "u", "exp": [FAR]}))
add("exp_object", mk(H, {"sub": "u", "exp": {}}))
add("exp_NaN", mk(H, None, pb=b64e(b'{"sub":"u","exp":NaN}')))
add("exp_Infinity", mk(H, None, pb=b64e(b'{"sub":"u","exp":Infinity}')))
add("exp_1e400_overflows_to_inf", mk(H, None, pb=b64e(b'{"sub":"u","exp":1e400}')))
add("exp_1e300_float", mk(H, None, pb=b64e(b'{"sub":"u","exp":1e300}')))
add("exp_huge_int_4300_digits", mk(H, None, pb=b64e(b'{"sub":"u","exp":1' + b"0" * 4299 + b"}")))
add("exp_huge_int_4301_digits", mk(H, None, pb=b64e(b'{"sub":"u","exp":1' + b"0" * 4300 + b"}")))
add("exp_negative", mk(H, {"sub": "u", "exp": -1}))
# --- iat / nbf
add("iat_future", mk(H, {"sub": "u", "exp": FAR, "iat": NOW + 1}))
add("iat_equals_now", mk(H, {"sub": "u", "exp": FAR, "iat": NOW}))
add("iat_string_numeric", mk(H, {"sub": "u", "exp": FAR, "iat": "123"}))
add("iat_string_abc", mk(H, {"sub": "u", "exp": FAR, "iat": "abc"}))
add("iat_null", mk(H, {"sub": "u", "exp": FAR, "iat": None}))
add("iat_float_future_fraction", mk(H, {"sub": "u", "exp": FAR, "iat": NOW + 0.9}), note="int(1700000000.9)=1700000000, not > now")
add("iat_invalid_and_expired_precedence", mk(H, {"sub": "u", "exp": 1, "iat": "x"}), note="iat checked before nbf before exp")
add("nbf_future", mk(H, {"sub": "u", "exp": FAR, "nbf": NOW + 1}))
add("nbf_equals_now", mk(H, {"sub": "u", "exp": FAR, "nbf": NOW}))
add("nbf_null", mk(H, {"sub": "u", "exp": FAR, "nbf": None}))
add("nbf_future_and_expired_precedence", mk(H, {"sub": "u", "exp": 1, "nbf": FAR}))
# --- aud / iss / sub / jti
add("aud_string_present", mk(H, {"sub": "u", "exp": FAR, "aud": "api"}))
add("aud_list_present", mk(H, {"sub": "u", "exp": FAR, "aud": ["api"]}))
add("aud_empty_string", mk(H, {"sub": "u", "exp": FAR, "aud": ""}))
add("aud_empty_list", mk(H, {"sub": "u", "exp": FAR, "aud": []}))
add("aud_null", mk(H, {"sub": "u", "exp": FAR, "aud": None}))
add("aud_false", mk(H, {"sub": "u", "exp": FAR, "aud": False}))
add("aud_zero", mk(H, {"sub": "u", "exp": FAR, "aud": 0}))
add("aud_int_1", mk(H, {"sub": "u", "exp": FAR, "aud": 1}))
add("iss_present_string", mk(H, {"sub": "u", "exp": FAR, "iss": "someone"}))
add("iss_int", mk(H, {"sub": "u", "exp": FAR, "iss": 5}))
add("sub_int", mk(H, {"sub": 1, "exp": FAR}))
add("sub_null", mk(H, {"sub": None, "exp": FAR}))
add("sub_empty_string", mk(H, {"sub": "", "exp": FAR}))
add("sub_missing", mk(H, {"exp": FAR}))
add("jti_int", mk(H, {"sub": "u", "exp": FAR, "jti": 7}))
add("jti_string", mk(H, {"sub": "u", "exp": FAR, "jti": "7"}))
add("aud_present_and_sub_int_precedence", mk(H, {"sub": 1, "exp": FAR, "aud": "x"}), note="order: iat,nbf,exp,iss,aud,sub,jti")
add("sub_int_and_jti_int_precedence", mk(H, {"sub": 1, "exp": FAR, "jti": 1}))

import os
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pyjwt-vectors.json"), "w") as f:
    json.dump(V, f, indent=1, ensure_ascii=True)
print(len(V))
for v in V:
    print(v["name"], "OK" if v["accepted"] else v["error"] + ": " + v["error_message"][:90], "(now-dep)" if v["now_dependent"] else "")
