"""In-process pub/sub of execution status changes, for the WebSocket stream."""

import asyncio
from collections import defaultdict

STATUS_RANK = {"pending": 0, "running": 1, "completed": 2, "failed": 2}
TERMINAL_RANK = 2


class ExecutionEvents:
    def __init__(self) -> None:
        self._queues: defaultdict[int, set[asyncio.Queue[str]]] = defaultdict(set)

    def subscribe(self, execution_id: int) -> asyncio.Queue[str]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._queues[execution_id].add(queue)
        return queue

    def unsubscribe(self, execution_id: int, queue: asyncio.Queue[str]) -> None:
        queues = self._queues.get(execution_id)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self._queues[execution_id]

    def publish(self, execution_id: int, status: str) -> None:
        for queue in self._queues.get(execution_id, ()):
            queue.put_nowait(status)


execution_events = ExecutionEvents()
