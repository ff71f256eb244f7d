import asyncio
import json
from collections.abc import Sequence

from fastapi import APIRouter, HTTPException, Query, WebSocket, WebSocketDisconnect, status

from app.api.deps import CurrentUserDep, DatabaseDep
from app.core.database import session_scope
from app.models import Agent, User
from app.schemas.agent import AgentCreate, AgentResponse, AgentUpdate
from app.services.agent_service import NOT_OWNER, AgentService
from app.services.auth_service import AuthService
from app.services.execution_events import STATUS_RANK, TERMINAL_RANK, execution_events
from app.services.execution_service import ExecutionService

router = APIRouter(prefix="/agents", tags=["agents"])


async def owned_agent(db: DatabaseDep, agent_id: int, user: User, forbidden: str) -> Agent:
    """The caller's active agent, or 404 `Agent {id} not found` / 403 `forbidden`."""
    agent = await AgentService().get_agent(db, agent_id)
    if not agent:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Agent {agent_id} not found")
    if agent.created_by_id != user.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, forbidden)
    return agent


@router.post("", response_model=AgentResponse, status_code=status.HTTP_201_CREATED)
async def create_agent(agent: AgentCreate, db: DatabaseDep, current_user: CurrentUserDep) -> Agent:
    """Create a new agent configuration owned by the caller."""
    return await AgentService().create_agent(db, agent, current_user.id)


@router.get("", response_model=list[AgentResponse])
async def list_agents(
    db: DatabaseDep,
    current_user: CurrentUserDep,
    skip: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=1000),
) -> Sequence[Agent]:
    """List the caller's agents, newest first."""
    return await AgentService().list_agents(db, current_user.id, skip, limit)


@router.get("/{agent_id}", response_model=AgentResponse)
async def get_agent(agent_id: int, db: DatabaseDep, current_user: CurrentUserDep) -> Agent:
    return await owned_agent(db, agent_id, current_user, NOT_OWNER)


@router.patch("/{agent_id}", response_model=AgentResponse)
async def update_agent(
    agent_id: int, agent_update: AgentUpdate, db: DatabaseDep, current_user: CurrentUserDep
) -> Agent:
    agent = await AgentService().update_agent(db, agent_id, agent_update, current_user.id)
    if not agent:
        raise HTTPException(status_code=404, detail="Agent not found")
    return agent


@router.delete("/{agent_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_agent(agent_id: int, db: DatabaseDep, current_user: CurrentUserDep) -> None:
    """Soft delete (is_active = False)."""
    if not await AgentService().delete_agent(db, agent_id, current_user.id):
        raise HTTPException(status_code=404, detail="Agent not found")


@router.get("/{agent_id}/subagents", response_model=list[AgentResponse])
async def list_subagents(
    agent_id: int, db: DatabaseDep, current_user: CurrentUserDep
) -> Sequence[Agent]:
    parent = await owned_agent(db, agent_id, current_user, NOT_OWNER)
    return await AgentService().list_subagents(db, parent.id)


@router.websocket("/ws/{agent_id}")
async def agent_websocket(websocket: WebSocket, agent_id: int):
    await websocket.accept()
    try:
        while True:
            data = await websocket.receive_text()
            await websocket.send_json({"response": data})
    except WebSocketDisconnect:
        pass


async def _watchable(execution_id: int, token: str | None) -> bool:
    """Only the owner of the execution's agent may watch it."""
    async with session_scope() as db:
        user = await AuthService().user_from_token(db, token) if token else None
        execution = await ExecutionService().get_execution(db, execution_id)
        if user is None or execution is None:
            return False
        agent = await db.get(Agent, execution.agent_id)
        return agent is not None and agent.created_by_id == user.id


@router.websocket("/ws/executions/{execution_id}")
async def execution_websocket(websocket: WebSocket, execution_id: int, token: str | None = None):
    """Stream status changes; answer each JSON text message with a progress event."""
    if not await _watchable(execution_id, token):
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION)
        return
    queue = execution_events.subscribe(execution_id)

    async def send_status(current: str) -> None:
        await websocket.send_json(
            {"type": "status", "status": current, "execution_id": execution_id}
        )

    async def push_statuses() -> None:
        async with session_scope() as db:
            current = (await ExecutionService().get_execution(db, execution_id)).status
        await send_status(current)
        while STATUS_RANK[current] < TERMINAL_RANK:
            changed = await queue.get()
            if STATUS_RANK[changed] > STATUS_RANK[current]:  # never backwards
                current = changed
                await send_status(current)

    await websocket.accept()
    pusher = asyncio.create_task(push_statuses())
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            text = message["text"]  # as receive_text() does: a binary message raises, and the socket drops
            try:
                data = json.loads(text)
            except (ValueError, RecursionError):
                await websocket.close(code=status.WS_1003_UNSUPPORTED_DATA)
                break
            await websocket.send_json({"type": "progress", "data": data})
    except WebSocketDisconnect:
        pass
    finally:
        pusher.cancel()
        execution_events.unsubscribe(execution_id, queue)
