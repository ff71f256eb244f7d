from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.schemas.common import reject_surrounding_whitespace

MODEL_NAME_PATTERN = r"^(claude|gpt)-.*$"


class AgentCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    model_name: str = Field(pattern=MODEL_NAME_PATTERN)
    temperature: float = Field(ge=0.0, le=2.0, default=0.7)
    tool_ids: list[int] = Field(default_factory=list)
    parent_id: int | None = None

    @field_validator("name")
    @classmethod
    def validate_name(cls, v: str) -> str:
        return reject_surrounding_whitespace(v)


class AgentUpdate(BaseModel):
    """Every field optional; explicit null is rejected except for parent_id.

    The defaults are None but the types are not Optional: Pydantic does not
    validate defaults, so an absent field stays unset, while an explicit null
    fails with string_type / float_type / list_type.
    """

    name: str = Field(default=None, min_length=1, max_length=100)
    model_name: str = Field(default=None, pattern=MODEL_NAME_PATTERN)
    temperature: float = Field(default=None, ge=0.0, le=2.0)
    tool_ids: list[int] = Field(default=None)
    parent_id: int | None = None

    @field_validator("name")
    @classmethod
    def validate_name(cls, v: str) -> str:
        return reject_surrounding_whitespace(v)


class AgentResponse(BaseModel):
    id: int
    name: str
    model_name: str
    temperature: float
    tool_ids: list[int]
    parent_id: int | None
    created_by_id: int
    created_at: datetime
    updated_at: datetime

    model_config = ConfigDict(from_attributes=True)
