from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import fits_int64
from app.core.security import decode_access_token, hash_password, verify_password
from app.models import User
from app.services.user_service import UserService

# The configured cost, so an unknown email costs what a wrong password costs (bench/login-timing.py).
_DUMMY_HASH = hash_password("not-a-real-password")


class AuthService:
    async def authenticate(self, db: AsyncSession, email: str, password: str) -> User | None:
        user = await UserService().get_by_email(db, email)
        if user is None:
            verify_password(password, _DUMMY_HASH)  # similar work either way
            return None
        return user if verify_password(password, user.hashed_password) else None

    async def user_from_token(self, db: AsyncSession, token: str) -> User | None:
        user_id = decode_access_token(token)
        if user_id is None or not fits_int64(user_id):
            return None
        user = await db.get(User, user_id)
        return user if user is not None and user.is_active else None
