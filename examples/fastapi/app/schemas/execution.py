from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ExecutionCreate(BaseModel):
    input: str = Field(min_length=1, max_length=10000)


class ExecutionResponse(BaseModel):
    id: int
    agent_id: int
    status: Literal["pending", "running", "completed", "failed"]
    input: str
    output: str | None
    created_at: datetime
    completed_at: datetime | None

    model_config = ConfigDict(from_attributes=True)
