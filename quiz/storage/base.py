"""What every part of the store shares: the engine, one transaction per write, and the clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from quiz.storage.database import make_engine, migrate
from quiz.storage.schema import ProfileRow


def utc_now() -> datetime:
    return datetime.now(UTC)


class StoreBase:
    """An engine on one database, brought up to date by the migrations when it opens."""

    def __init__(self, url: str, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._clock = clock
        self._engine = make_engine(url)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        try:
            migrate(self._engine)
        except BaseException:
            self._engine.dispose()
            raise

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self, profile_id: int | None = None) -> Iterator[Session]:
        """One transaction; with a profile id, fail clearly if that profile does not exist."""
        with self._sessions.begin() as session:
            if profile_id is not None and session.get(ProfileRow, profile_id) is None:
                raise LookupError(f"no profile with id {profile_id}")
            yield session

    def _rows(self, statement: Any) -> list[Any]:
        with self._engine.connect() as connection:
            return list(connection.execute(statement).all())
