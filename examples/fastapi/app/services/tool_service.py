from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import fits_int64
from app.models import Tool
from app.schemas.tool import ToolCreate


class ToolExistsError(Exception):
    pass


class ToolService:
    async def create_tool(self, db: AsyncSession, data: ToolCreate) -> Tool:
        existing = await db.execute(select(Tool.id).where(Tool.name == data.name))
        if existing.first() is not None:
            raise ToolExistsError
        tool = Tool(**data.model_dump())
        db.add(tool)
        try:
            await db.commit()
        except IntegrityError:
            await db.rollback()
            raise ToolExistsError from None
        await db.refresh(tool)
        return tool

    async def list_tools(self, db: AsyncSession, skip: int, limit: int) -> Sequence[Tool]:
        if not fits_int64(skip):
            return []
        stmt = select(Tool).order_by(Tool.id).offset(skip).limit(limit)
        return (await db.execute(stmt)).scalars().all()

    async def get_tool(self, db: AsyncSession, tool_id: int) -> Tool | None:
        return await db.get(Tool, tool_id) if fits_int64(tool_id) else None
