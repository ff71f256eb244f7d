"""Table models and the multiple-models pattern of the SQL tutorial."""

from sqlmodel import Field, SQLModel

USERNAME_PATTERN = r"^[a-zA-Z0-9_-]+$"


# --- users -----------------------------------------------------------------


class UserBase(SQLModel):
    # SQLModel's own `regex=` is silently dropped under Pydantic 2; `pattern` reaches Pydantic this way.
    username: str = Field(min_length=3, max_length=50, schema_extra={"pattern": USERNAME_PATTERN})
    full_name: str | None = Field(default=None, max_length=100)
    email: str | None = Field(default=None, max_length=254)


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True)
    hashed_password: str
    disabled: bool = False


class UserCreate(UserBase):
    password: str = Field(min_length=8, max_length=128)


class UserPublic(UserBase):
    id: int
    disabled: bool


class Token(SQLModel):
    access_token: str
    token_type: str


# --- heroes ----------------------------------------------------------------


class HeroBase(SQLModel):
    name: str = Field(index=True, min_length=1, max_length=100)
    age: int | None = Field(default=None, index=True, ge=0, le=1000)


class Hero(HeroBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    secret_name: str
    owner_id: int = Field(foreign_key="user.id", index=True)


class HeroPublic(HeroBase):
    id: int
    owner_id: int


class HeroCreate(HeroBase):
    secret_name: str = Field(min_length=1, max_length=100)


class HeroUpdate(SQLModel):
    # The tutorial types these `str | None = None`; an explicit null name would then
    # reach the NOT NULL column and fail with a 500. Typed `str` with a None default,
    # they may be left out (no change) but an explicit null is a 422.
    name: str = Field(default=None, min_length=1, max_length=100)
    age: int | None = Field(default=None, ge=0, le=1000)
    secret_name: str = Field(default=None, min_length=1, max_length=100)
