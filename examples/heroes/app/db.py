"""SQLModel engine and the per-request session (the SQL tutorial's pattern)."""

import asyncio
from typing import Annotated

from fastapi import Depends
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from app.config import settings

connect_args = {"check_same_thread": False}
if settings.database_url in ("sqlite://", "sqlite:///:memory:"):
    # In-memory: one connection shared by every session, so one process keeps one DB.
    engine = create_engine(settings.database_url, connect_args=connect_args, poolclass=StaticPool)
else:
    engine = create_engine(settings.database_url, connect_args=connect_args)


def create_db_and_tables() -> None:
    SQLModel.metadata.create_all(engine)


# Beyond the tutorial: the in-memory DB is one shared connection, so two requests'
# sessions must not interleave on it (one's rollback would undo the other's writes).
# An asyncio lock serialises them without tying up threadpool threads while waiting.
_session_lock = asyncio.Lock()


async def get_session():
    async with _session_lock:
        with Session(engine) as session:
            yield session


SessionDep = Annotated[Session, Depends(get_session)]
