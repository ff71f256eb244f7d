from fastapi import APIRouter

from app.api.v1 import agents, auth, executions, tools, users

api_router = APIRouter()
# The order the contract's OpenAPI document lists the paths in.
api_router.include_router(auth.router)
api_router.include_router(users.router)
api_router.include_router(tools.router)
api_router.include_router(agents.router)
api_router.include_router(executions.router)
