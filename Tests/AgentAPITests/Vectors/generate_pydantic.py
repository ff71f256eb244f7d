"""Writes pydantic-fields.json next to this file: what Pydantic 2.12.4 (pydantic-core 2.41.5) makes of
JSON values for each field type of the agent API, validated the way FastAPI 0.121.3 validates a body
(json.loads, then validate_python) and rendered the way FastAPI renders a 422 (jsonable_encoder).

Run with the pinned venv of examples/fastapi: python Tests/AgentAPITests/Vectors/generate_pydantic.py
"""
import json, os
from typing import Optional, List
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, Field, ValidationError, field_validator


class Name(BaseModel):
    v: str = Field(min_length=1, max_length=100)

    @field_validator("v")
    @classmethod
    def no_spaces(cls, value):
        if value.strip() != value:
            raise ValueError("Name cannot have leading/trailing spaces")
        return value


class Email(BaseModel):
    v: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

class Model(BaseModel):
    v: str = Field(pattern=r"^(claude|gpt)-.*$")

class Password(BaseModel):
    v: str = Field(min_length=8, max_length=128)

class Temperature(BaseModel):
    v: float = Field(ge=0.0, le=2.0)

class Int(BaseModel):
    v: int

class OptionalInt(BaseModel):
    v: Optional[int]

class Ints(BaseModel):
    v: List[int]

class Skip(BaseModel):
    v: int = Field(ge=0)

class Limit(BaseModel):
    v: int = Field(ge=1, le=1000)

class Description(BaseModel):
    v: Optional[str] = Field(max_length=500)


MODELS = {"name": Name, "email": Email, "model_name": Model, "password": Password, "temperature": Temperature,
          "int": Int, "optional_int": OptionalInt, "int_list": Ints, "skip": Skip, "limit": Limit,
          "description": Description}

VALUES = [
    'true', 'false', '0', '1', '-1', '1.0', '1.5', '-0.0', '2', '2.0', '2.0000001', '3', '1e20', '9.2e18', '9.3e18',
    '1e300', '1e400', '99999999999999999999', '"3"', '" 3 "', '"\\t3\\n"', '"\\u00a03"', '"\\u001c3"', '"+3"', '"-3"',
    '"03"', '"1_000"', '"1__000"', '"_1"', '"1_"', '"0x10"', '"1.0"', '"1.00"', '"1.5"', '"1."', '".5"', '"1e2"',
    '"1e1_0"', '" 1_0"', '"1_.5"', '"\\u0661\\u0662"', '""', '"inf"', '"nan"', '"-inf"', '"Infinity"', '"NaN"',
    '"abc"', '"true"', '"99999999999999999999"', 'null', '[]', '{}', '[1, "2", 3.0, true]', '["x", 2.5, null]',
    '"a"', '" a"', '"a "', '"\\u00a0a"', '"a\\u3000"', '"\\u001ca"', '"a\\u001f"', '"\\u200ba"', '"\\u0085a"',
    '"' + "a" * 100 + '"', '"' + "a" * 101 + '"', '"' + "\\ud83d\\ude00" * 100 + '"', '"' + "\\ud83d\\ude00" * 101 + '"',
    '"' + "e\\u0301" * 50 + '"', '"' + "e\\u0301" * 51 + '"', '"       "', '"1234567"', '"12345678"',
    '"' + "p" * 128 + '"', '"' + "p" * 129 + '"', '"claude-3"', '"gpt-4"', '"gpt-"', '"GPT-4"', '"llama"',
    '"gpt-4\\n"', '"gpt-4\\r"', '"claude-a\\u2028b"', '"xgpt-4"', '"a@b.co"', '"a@b"', '"@b.co"', '"a@@b.co"',
    '"a b@c.d"', '"a\\u001cb@c.d"', '"a@b.c\\u00a0"', '"a@.co"', '"a@b."', '"a@b.c.d"',
    '"' + "a" * 240 + '@example.com"', '"' + "a" * 243 + '@example.com"', '"' + "a" * 300 + '"',
    '0', '1000', '1001', '-5', '"-1"', '"1001"', '"0"',
]

cases = []
for field, model in MODELS.items():
    for text in VALUES:
        value = json.loads(text)
        try:
            result = model.model_validate({"v": value})
            ok = jsonable_encoder(result.model_dump())["v"]
            try:
                cases.append({"field": field, "json": text, "ok": json.dumps(ok, ensure_ascii=False, allow_nan=False,
                                                                              separators=(",", ":"))})
            except ValueError:
                cases.append({"field": field, "json": text, "ok_nonfinite": repr(result.v)})
        except ValidationError as error:
            items = jsonable_encoder(error.errors(include_url=False))
            try:
                rendered = json.dumps(items, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
                cases.append({"field": field, "json": text, "errors": rendered})
            except ValueError:
                cases.append({"field": field, "json": text, "errors_nonfinite": True})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pydantic-fields.json")
with open(path, "w") as handle:
    json.dump(cases, handle, indent=0, ensure_ascii=False)
print(f"wrote {len(cases)} cases to {path}")
