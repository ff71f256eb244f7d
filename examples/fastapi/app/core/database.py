"""Async engine, session factory and the session scope every caller uses."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

from app.core.config import settings

INT64_MAX = 2**63 - 1


def _engine_options(url: str) -> dict:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return {}
    options: dict = {"connect_args": {"check_same_thread": False}}
    if parsed.database in (None, "", ":memory:"):
        # One shared connection, or every session would see its own empty DB.
        options["poolclass"] = StaticPool
    return options


engine = create_async_engine(settings.DATABASE_URL, **_engine_options(settings.DATABASE_URL))
async_session_maker = async_sessionmaker(engine, expire_on_commit=False)

# SQLite has one writer, and an in-memory DB one connection shared by every
# session: serialise sessions in this (single-worker) process.
_session_lock = (
    asyncio.Lock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()
)


@contextlib.asynccontextmanager
async def session_scope() -> AsyncIterator[AsyncSession]:
    async with _session_lock:
        async with async_session_maker() as session:
            yield session


def fits_int64(value: int) -> bool:
    """SQLite integers are 64-bit; larger ids cannot exist (404, not 500)."""
    return -INT64_MAX - 1 <= value <= INT64_MAX
