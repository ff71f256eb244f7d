"""Writes python-lower.json next to this file: what CPython's str.lower() gives, for every code point whose
lower case differs from itself (one string each, code points as integers), plus Final_Sigma contexts.
Run with the Python the FastAPI example uses (3.11, Unicode 14.0.0); PythonLowerTests skips code points
newer than that Unicode version."""
import json, os, unicodedata

cases = []
for cp in range(0x110000):
    c = chr(cp)
    if 0xD800 <= cp <= 0xDFFF:
        continue
    if c.lower() != c:
        cases.append([[cp], [ord(x) for x in c.lower()]])

sigma_contexts = [
    "ΣΑΣ", "ΟΔΟΣ-1@X.COM", "ΑΣ.B", "Σ", "AΣ", "ΑΣ1", "ΑΣ\u0301", "ΑΣ\u0301B", "Α\u0301Σ", "1Σ", "-Σ-",
    "ΑΣ'Β", "ΑΣ:", "Α.Σ", "ΑΣ\u00adΒ", "ΑΣΣ", "ΑΣ Σ", "ΑΣ@Σ.COM", "ΑΣ\u200dΒ", "ΑΣ\u02b0", "ΑΣ\u02b0Β",
]
for text in sigma_contexts:
    cases.append([[ord(x) for x in text], [ord(x) for x in text.lower()]])

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "python-lower.json")
with open(path, "w") as out:
    json.dump([{"input": i, "lower": l} for i, l in cases], out, separators=(",", ":"))
print(len(cases), "cases, Unicode", unicodedata.unidata_version)
