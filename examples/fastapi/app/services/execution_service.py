"""Executions: no model runs; each moves pending -> running -> completed/failed."""

import asyncio
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import settings
from app.core.database import fits_int64, session_scope
from app.models import Agent, Execution
from app.models.base import utcnow
from app.schemas.execution import ExecutionResponse
from app.services.execution_events import execution_events

_background: set[asyncio.Task] = set()


class ExecutionService:
    async def get_execution(self, db: AsyncSession, execution_id: int) -> Execution | None:
        return await db.get(Execution, execution_id) if fits_int64(execution_id) else None

    async def list_executions(
        self, db: AsyncSession, agent_id: int, skip: int, limit: int
    ) -> Sequence[Execution]:
        if not fits_int64(skip):
            return []
        stmt = (
            select(Execution)
            .where(Execution.agent_id == agent_id)
            .order_by(Execution.created_at.desc(), Execution.id.desc())
            .offset(skip)
            .limit(limit)
        )
        return (await db.execute(stmt)).scalars().all()

    async def start(self, db: AsyncSession, agent: Agent, text: str) -> ExecutionResponse:
        """Create a pending execution; the answer shows it as created."""
        execution = Execution(agent_id=agent.id, status="pending", input=text)
        db.add(execution)
        await db.commit()
        await db.refresh(execution)
        created = ExecutionResponse.model_validate(execution)
        if settings.EXECUTION_DELAY_SECONDS <= 0:
            await self._set_status(db, execution, "running")
            await self._finish(db, execution, agent.model_name)
        else:
            task = asyncio.create_task(_run_later(execution.id, agent.model_name))
            _background.add(task)
            task.add_done_callback(_background.discard)
        return created

    async def _set_status(self, db: AsyncSession, execution: Execution, status: str) -> None:
        execution.status = status
        await db.commit()
        execution_events.publish(execution.id, status)

    async def _finish(self, db: AsyncSession, execution: Execution, model_name: str) -> None:
        failed = execution.input == "fail"
        execution.output = None if failed else f"[{model_name}] {execution.input}"
        execution.completed_at = utcnow()
        await self._set_status(db, execution, "failed" if failed else "completed")


async def _run_later(execution_id: int, model_name: str) -> None:
    """Running after half the delay, finished after the whole delay."""
    service = ExecutionService()
    for step in ("running", "finish"):
        await asyncio.sleep(settings.EXECUTION_DELAY_SECONDS / 2)
        async with session_scope() as db:
            execution = await db.get(Execution, execution_id)
            if step == "running":
                await service._set_status(db, execution, "running")
            else:
                await service._finish(db, execution, model_name)
