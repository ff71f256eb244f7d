"""Heroes: FastAPI's OAuth2 + JWT and SQL (SQLModel) tutorials joined, heroes owned by users."""

from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.db import create_db_and_tables
from app.routers import heroes, users


@asynccontextmanager
async def lifespan(app: FastAPI):
    create_db_and_tables()
    yield


app = FastAPI(title="Heroes", lifespan=lifespan)
app.include_router(users.router)
app.include_router(heroes.router)
