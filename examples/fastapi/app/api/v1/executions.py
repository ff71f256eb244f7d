from collections.abc import Sequence

from fastapi import APIRouter, HTTPException, Query, status

from app.api.deps import CurrentUserDep, DatabaseDep
from app.api.v1.agents import owned_agent
from app.models import Agent, Execution
from app.schemas.execution import ExecutionCreate, ExecutionResponse
from app.services.execution_service import ExecutionService

router = APIRouter(tags=["executions"])


@router.post(
    "/agents/{agent_id}/execute",
    response_model=ExecutionResponse,
    status_code=status.HTTP_202_ACCEPTED,
)
async def execute_agent(
    agent_id: int, execution: ExecutionCreate, db: DatabaseDep, current_user: CurrentUserDep
) -> ExecutionResponse:
    """Start an execution; it runs on its own (see EXECUTION_DELAY_S)."""
    agent = await owned_agent(db, agent_id, current_user, "Forbidden")
    return await ExecutionService().start(db, agent, execution.input)


@router.get("/agents/{agent_id}/executions", response_model=list[ExecutionResponse])
async def list_agent_executions(
    agent_id: int,
    db: DatabaseDep,
    current_user: CurrentUserDep,
    skip: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=1000),
) -> Sequence[Execution]:
    agent = await owned_agent(db, agent_id, current_user, "Forbidden")
    return await ExecutionService().list_executions(db, agent.id, skip, limit)


@router.get("/executions/{execution_id}", response_model=ExecutionResponse)
async def get_execution(
    execution_id: int, db: DatabaseDep, current_user: CurrentUserDep
) -> Execution:
    execution = await ExecutionService().get_execution(db, execution_id)
    if not execution:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Execution {execution_id} not found")
    agent = await db.get(Agent, execution.agent_id)
    if agent.created_by_id != current_user.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Forbidden")
    return execution
