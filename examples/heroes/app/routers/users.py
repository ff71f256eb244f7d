"""POST /token, POST /users/ (registration) and GET /users/me/."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy.exc import IntegrityError

from app.config import settings
from app.db import SessionDep
from app.models import Token, User, UserCreate, UserPublic
from app.security import (
    CurrentUser,
    authenticate_user,
    create_access_token,
    get_password_hash,
    get_user,
)

router = APIRouter()


@router.post("/token", tags=["auth"])
def login_for_access_token(
    form_data: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep
) -> Token:
    user = authenticate_user(session, form_data.username, form_data.password)
    if not user:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    access_token_expires = timedelta(minutes=settings.access_token_expire_minutes)
    access_token = create_access_token(
        data={"sub": user.username}, expires_delta=access_token_expires
    )
    return Token(access_token=access_token, token_type="bearer")


@router.post("/users/", response_model=UserPublic, status_code=201, tags=["users"])
def create_user(user: UserCreate, session: SessionDep):
    taken = HTTPException(status_code=status.HTTP_409_CONFLICT, detail="Username already registered")
    if get_user(session, user.username):
        raise taken
    db_user = User.model_validate(
        user, update={"hashed_password": get_password_hash(user.password)}
    )
    session.add(db_user)
    try:
        session.commit()
    except IntegrityError:  # registered meanwhile
        session.rollback()
        raise taken
    session.refresh(db_user)
    return db_user


@router.get("/users/me/", response_model=UserPublic, tags=["users"])
def read_users_me(current_user: CurrentUser):
    return current_user
