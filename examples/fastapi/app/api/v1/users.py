from fastapi import APIRouter, HTTPException, status

from app.api.deps import CurrentUserDep, DatabaseDep
from app.models import User
from app.schemas.user import UserCreate, UserResponse
from app.services.user_service import EmailTakenError, UserService

router = APIRouter(prefix="/users", tags=["users"])


@router.post("", response_model=UserResponse, status_code=status.HTTP_201_CREATED)
async def create_user(user_in: UserCreate, db: DatabaseDep) -> User:
    """Register a new user."""
    try:
        return await UserService().create_user(db, user_in)
    except EmailTakenError:
        raise HTTPException(status.HTTP_409_CONFLICT, "Email already registered") from None


@router.get("/me", response_model=UserResponse)
async def read_current_user(current_user: CurrentUserDep) -> User:
    return current_user
