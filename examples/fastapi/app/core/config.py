"""Settings read once from the environment."""

import os


class Settings:
    SECRET_KEY: str = os.environ.get(
        "SECRET_KEY", "dev-secret-key-change-me-0123456789abcdef"
    )
    ALGORITHM: str = "HS256"
    ACCESS_TOKEN_EXPIRE_MINUTES: int = int(
        os.environ.get("ACCESS_TOKEN_EXPIRE_MINUTES", "30")
    )
    PBKDF2_ITERATIONS: int = int(os.environ.get("PBKDF2_ITERATIONS", "600000"))
    DATABASE_URL: str = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")
    EXECUTION_DELAY_SECONDS: float = float(
        os.environ.get("EXECUTION_DELAY_SECONDS", "0")
    )


settings = Settings()
