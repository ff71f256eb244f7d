from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.security import hash_password
from app.models import User
from app.schemas.user import UserCreate


class EmailTakenError(Exception):
    pass


class UserService:
    async def get_by_email(self, db: AsyncSession, email: str) -> User | None:
        result = await db.execute(select(User).where(User.email == email.lower()))
        return result.scalar_one_or_none()

    async def create_user(self, db: AsyncSession, data: UserCreate) -> User:
        if await self.get_by_email(db, data.email) is not None:
            raise EmailTakenError
        user = User(
            email=data.email.lower(),
            hashed_password=hash_password(data.password),
            full_name=data.full_name,
        )
        db.add(user)
        try:
            await db.commit()
        except IntegrityError:  # lost a registration race
            await db.rollback()
            raise EmailTakenError from None
        await db.refresh(user)
        return user
