"""Settings from the environment (read once, at import)."""

import os
from dataclasses import dataclass

DEFECTS = {
    "",  # correct
    "owner-check-dropped",  # GET/PATCH/DELETE /heroes/{id} ignore the owner
    "list-shows-everyone",  # GET /heroes/ lists every user's heroes
    "route-without-auth",  # GET /heroes/{id} needs no token
    "expiry-ignored",  # tokens whose exp has passed are accepted
}


@dataclass(frozen=True)
class Settings:
    secret_key: str
    access_token_expire_minutes: int
    database_url: str
    defect: str


def _database_url() -> str:
    value = os.environ.get("DATABASE_URL", "")
    if not value:
        return "sqlite://"  # in-memory
    if "://" not in value:
        return f"sqlite:///{value}"  # a bare file path
    return value


settings = Settings(
    secret_key=os.environ.get(
        "SECRET_KEY", "heroes-dev-secret-key-do-not-use-in-production-0123456789"
    ),
    access_token_expire_minutes=int(os.environ.get("ACCESS_TOKEN_EXPIRE_MINUTES", "30")),
    database_url=_database_url(),
    defect=os.environ.get("HEROES_DEFECT", "").strip(),
)

if settings.defect not in DEFECTS:
    raise RuntimeError(
        f"HEROES_DEFECT={settings.defect!r} is not one of {sorted(d for d in DEFECTS if d)}"
    )
