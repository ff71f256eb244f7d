from collections.abc import Sequence

from fastapi import APIRouter, HTTPException, Query, status

from app.api.deps import CurrentUserDep, DatabaseDep
from app.models import Tool
from app.schemas.tool import ToolCreate, ToolResponse
from app.services.tool_service import ToolExistsError, ToolService

router = APIRouter(prefix="/tools", tags=["tools"])


@router.post("", response_model=ToolResponse, status_code=status.HTTP_201_CREATED)
async def create_tool(tool: ToolCreate, db: DatabaseDep, current_user: CurrentUserDep) -> Tool:
    try:
        return await ToolService().create_tool(db, tool)
    except ToolExistsError:
        raise HTTPException(status.HTTP_409_CONFLICT, "Tool already exists") from None


@router.get("", response_model=list[ToolResponse])
async def list_tools(
    db: DatabaseDep,
    current_user: CurrentUserDep,
    skip: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=1000),
) -> Sequence[Tool]:
    return await ToolService().list_tools(db, skip, limit)
