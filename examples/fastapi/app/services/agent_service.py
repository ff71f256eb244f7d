from collections.abc import Sequence

from fastapi import HTTPException, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import fits_int64
from app.models import Agent, Tool
from app.models.base import utcnow
from app.schemas.agent import AgentCreate, AgentUpdate
from app.services.tool_service import ToolService

NOT_OWNER = "Not authorized to access this agent"


class AgentService:
    """Business logic for agents. Soft-deleted agents are never returned."""

    async def get_agent(self, db: AsyncSession, agent_id: int) -> Agent | None:
        if not fits_int64(agent_id):
            return None
        stmt = select(Agent).where(Agent.id == agent_id, Agent.is_active.is_(True))
        return (await db.execute(stmt)).scalar_one_or_none()

    async def list_agents(
        self, db: AsyncSession, user_id: int, skip: int = 0, limit: int = 100
    ) -> Sequence[Agent]:
        if not fits_int64(skip):
            return []
        stmt = (
            select(Agent)
            .where(Agent.created_by_id == user_id, Agent.is_active.is_(True))
            .order_by(Agent.created_at.desc(), Agent.id.desc())
            .offset(skip)
            .limit(limit)
        )
        return (await db.execute(stmt)).scalars().all()

    async def list_subagents(self, db: AsyncSession, parent_id: int) -> Sequence[Agent]:
        stmt = (
            select(Agent)
            .where(Agent.parent_id == parent_id, Agent.is_active.is_(True))
            .order_by(Agent.created_at.desc(), Agent.id.desc())
        )
        return (await db.execute(stmt)).scalars().all()

    async def _tools(self, db: AsyncSession, tool_ids: list[int]) -> list[Tool]:
        """The tools named, duplicates collapsed; the first unknown one is a 404."""
        tools: dict[int, Tool] = {}
        for tool_id in tool_ids:
            tool = await ToolService().get_tool(db, tool_id)
            if tool is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, f"Tool {tool_id} not found")
            tools[tool.id] = tool
        return list(tools.values())

    async def _check_parent(self, db: AsyncSession, parent_id: int, user_id: int) -> None:
        parent = await self.get_agent(db, parent_id)
        if parent is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"Agent {parent_id} not found")
        if parent.created_by_id != user_id:
            raise HTTPException(status.HTTP_403_FORBIDDEN, NOT_OWNER)

    async def create_agent(self, db: AsyncSession, data: AgentCreate, user_id: int) -> Agent:
        tools = await self._tools(db, data.tool_ids)
        if data.parent_id is not None:
            await self._check_parent(db, data.parent_id, user_id)
        now = utcnow()
        agent = Agent(
            **data.model_dump(exclude={"tool_ids"}),
            tools=tools,
            created_by_id=user_id,
            created_at=now,
            updated_at=now,
        )
        db.add(agent)
        await db.commit()
        await db.refresh(agent)
        return agent

    async def update_agent(
        self, db: AsyncSession, agent_id: int, agent_update: AgentUpdate, user_id: int
    ) -> Agent | None:
        agent = await self.get_agent(db, agent_id)
        if not agent or agent.created_by_id != user_id:
            return None
        update_data = agent_update.model_dump(exclude_unset=True)
        if "tool_ids" in update_data:
            agent.tools = await self._tools(db, update_data.pop("tool_ids"))
        if update_data.get("parent_id") is not None:
            await self._check_parent(db, update_data["parent_id"], user_id)
        for field, value in update_data.items():
            setattr(agent, field, value)
        if agent_update.model_fields_set:
            agent.updated_at = utcnow()
        await db.commit()
        await db.refresh(agent)
        return agent

    async def delete_agent(self, db: AsyncSession, agent_id: int, user_id: int) -> bool:
        """Soft delete; False (a 404 for the caller) if missing or not theirs."""
        agent = await self.get_agent(db, agent_id)
        if not agent or agent.created_by_id != user_id:
            return False
        agent.is_active = False
        await db.commit()
        return True
