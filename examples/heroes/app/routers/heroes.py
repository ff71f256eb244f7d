"""The SQL tutorial's hero CRUD, each hero owned by the user who created it."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from sqlmodel import Session, select

from app.config import settings
from app.db import SessionDep
from app.models import Hero, HeroCreate, HeroPublic, HeroUpdate, User
from app.security import CurrentUser

router = APIRouter(prefix="/heroes", tags=["heroes"])


def get_own_hero(session: Session, hero_id: int, user: User) -> Hero:
    """The hero, if it exists and belongs to user; another user's hero is a 404 too."""
    hero = session.get(Hero, hero_id)
    if not hero:
        raise HTTPException(status_code=404, detail="Hero not found")
    if settings.defect == "owner-check-dropped":
        return hero  # DEFECT: any user's hero
    if hero.owner_id != user.id:
        raise HTTPException(status_code=404, detail="Hero not found")
    return hero


@router.post("/", response_model=HeroPublic, status_code=201)
def create_hero(hero: HeroCreate, session: SessionDep, current_user: CurrentUser):
    db_hero = Hero.model_validate(hero, update={"owner_id": current_user.id})
    session.add(db_hero)
    session.commit()
    session.refresh(db_hero)
    return db_hero


@router.get("/", response_model=list[HeroPublic])
def read_heroes(
    session: SessionDep,
    current_user: CurrentUser,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
):
    statement = select(Hero).where(Hero.owner_id == current_user.id)
    if settings.defect == "list-shows-everyone":
        statement = select(Hero)  # DEFECT: every user's heroes
    heroes = session.exec(statement.order_by(Hero.id).offset(offset).limit(limit)).all()
    return heroes


if settings.defect == "route-without-auth":

    @router.get("/{hero_id}", response_model=HeroPublic)
    def read_hero(hero_id: int, session: SessionDep):
        # DEFECT: no CurrentUser dependency, so no token is needed and no owner is checked
        hero = session.get(Hero, hero_id)
        if not hero:
            raise HTTPException(status_code=404, detail="Hero not found")
        return hero

else:

    @router.get("/{hero_id}", response_model=HeroPublic)
    def read_hero(hero_id: int, session: SessionDep, current_user: CurrentUser):
        return get_own_hero(session, hero_id, current_user)


@router.patch("/{hero_id}", response_model=HeroPublic)
def update_hero(hero_id: int, hero: HeroUpdate, session: SessionDep, current_user: CurrentUser):
    hero_db = get_own_hero(session, hero_id, current_user)
    hero_data = hero.model_dump(exclude_unset=True)
    hero_db.sqlmodel_update(hero_data)
    session.add(hero_db)
    session.commit()
    session.refresh(hero_db)
    return hero_db


@router.delete("/{hero_id}")
def delete_hero(hero_id: int, session: SessionDep, current_user: CurrentUser):
    hero = get_own_hero(session, hero_id, current_user)
    session.delete(hero)
    session.commit()
    return {"ok": True}
