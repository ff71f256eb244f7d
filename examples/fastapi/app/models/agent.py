from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime
from app.models.tool import Tool

agent_tools = Table(
    "agent_tools",
    Base.metadata,
    Column("agent_id", ForeignKey("agents.id"), primary_key=True),
    Column("tool_id", ForeignKey("tools.id"), primary_key=True),
)


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    model_name: Mapped[str] = mapped_column(String(100))
    temperature: Mapped[float]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    tools: Mapped[list[Tool]] = relationship(secondary=agent_tools, lazy="selectin")

    @property
    def tool_ids(self) -> list[int]:
        return sorted(tool.id for tool in self.tools)
