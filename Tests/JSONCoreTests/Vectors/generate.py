"""Writes python-json.json: what CPython 3.11's json module makes of tricky documents.

Run with the pinned venv (see examples/fastapi/requirements.txt):
    python Tests/JSONCoreTests/Vectors/generate.py
Each case: the input bytes (base64), then either Python's compact re-serialisation
(json.dumps(ensure_ascii=False, separators=(",", ":"))) or the JSONDecodeError message and position,
or "other" when json.loads raises something else (FastAPI answers 400 then).
"""
import base64, json, os, random, struct

docs = [
    '{}', '[]', '{"a":1}', ' {"a" : [1, 2.5, -0, -0.0, 1e5, 1E-5, 0.1, 100, 1.0]} ', '"\\u00e9\\ud83d\\ude00"',
    '{"a":1,"a":2,"b":3}', 'null', 'true', 'false', '12345678901234567890123', '-12', '1.5e300', '1e400', '-1e400',
    '1e-400', 'NaN', 'Infinity', '-Infinity', '[NaN, Infinity, -Infinity]', '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
    '"\\u0000\\u001f\\u007f\\u2028"', '"\x7f"', '"é"', '"😀"', '{"k":"v","nested":{"x":[{"y":null}]}}',
    '', ' ', 'x', '[1,]', '{"a":', '[', '-', 'nan', '[1,\n2,\n x]', '["é", x]', '{', '{"a":1,}', '{"a":1,',
    "{'a':1}", '{a:1}', '{"a":1,2}', '{"a"', '{"a" 1}', '{"a":1,"b"}', '[1', '[1 2]', '{"a":1', '{"a":1]',
    '{"a":[1,2}', '"abc', '"ab\\', '"ab\\"', '"a\x01"', '"a\n"', '"\x00"', '"a\\x"', '"\\\'"', '"\\U0041"',
    '"\\u12"', '"ab\\u12"', '"\\u12g4"', '"\\u1234', '"\\ud800\\u12"', '"\\ud800\\udc00', '1 2', '{} x', '[]]',
    '01', '{}\x00', '1.', '1e', '1e+', '0x10', '.5', '+1', '-a', '1.e5', '-Infinityx', 'Infinit', 'tru', 'nul',
    '{"a":"é",}', '{"é":1 x}', '\t\n\r {"a":\r\n1}\t', '[1e1, 1E+1, 1e-1, 0e0, -0e-0]', '1' * 4300, '1' * 4301,
    '[' * 100 + ']' * 100, '{"a":' * 50 + '1' + '}' * 50, '"\\ud800"', '"\\udc00\\ud800"', '"\\ud83d\\ude00x"',
    '[1.0, 2.50, 100.0, 1e16, 1e15, 123456789012345678.0, 0.0001, 0.00001, 5e-324, 1.7976931348623157e308]',
]
raw = [
    b'\xef\xbb\xbf{"a":1}', b'{"a":"\xff"}', b'{"a":"\xe9"}', b'"\xc0\x80"', '{"a":"é"}'.encode('utf-16'),
    '{"a":1}'.encode('utf-16-le'), '{"a":1}'.encode('utf-32'), b'\x00{', b'1\x00', b'\xef\xbb\xbf\xef\xbb\xbf{}',
]
random.seed(7)
floats = [struct.unpack('<d', struct.pack('<Q', random.getrandbits(64)))[0] for _ in range(300)]
floats += [random.uniform(-1e6, 1e6) for _ in range(100)] + [10.0 ** e for e in range(-30, 30)]
floats = [f for f in floats if f == f and abs(f) != float('inf')]

cases = []
for item in [d.encode('utf-8') for d in docs] + raw:
    case = {"input": base64.b64encode(item).decode()}
    try:
        value = json.loads(item)
        try:
            case["output"] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            case["output"].encode("utf-8")
        except (UnicodeEncodeError, ValueError):
            case.pop("output", None)
            case["unencodable"] = True
    except json.JSONDecodeError as e:
        case["error"] = {"msg": e.msg, "pos": e.pos, "line": e.lineno, "column": e.colno}
    except Exception as e:  # UnicodeDecodeError, ValueError (digits), RecursionError
        case["other"] = type(e).__name__
    cases.append(case)

out = {"documents": cases, "floats": [{"bits": struct.unpack('<Q', struct.pack('<d', f))[0], "repr": repr(f)} for f in floats]}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "python-json.json")
with open(path, "w") as handle:
    json.dump(out, handle, indent=1)
print(f"wrote {len(cases)} documents and {len(floats)} floats to {path}")
