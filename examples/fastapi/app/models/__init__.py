from app.models.agent import Agent, agent_tools
from app.models.base import Base
from app.models.execution import Execution
from app.models.tool import Tool
from app.models.user import User

__all__ = ["Agent", "Base", "Execution", "Tool", "User", "agent_tools"]
