"""Learners' profiles: creating, naming, signing in with a passphrase, and browsers that stay signed in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from quiz.auth import (
    LOCK_AFTER,
    LOCK_FOR,
    SignInError,
    check_passphrase,
    hash_passphrase,
    locked_message,
    new_token,
    token_hash,
    verify_passphrase,
)
from quiz.storage.base import StoreBase
from quiz.storage.documents import add_profile
from quiz.storage.records import Profile, clean_name, name_skeleton, utc
from quiz.storage.schema import BrowserSessionRow, ProfileRow

WRONG = "the name or the passphrase is not right"


@contextmanager
def unique_name(name: str) -> Iterator[None]:
    """Turn the database's refusal of a second profile of the same name into a ValueError."""
    try:
        yield
    except IntegrityError as error:
        raise ValueError(f"a profile named {name!r} already exists") from error


class Accounts(StoreBase):
    def profiles(self) -> list[Profile]:
        """All profiles, sorted by name (for trainers only: the pages never show this list to a learner)."""
        rows = self._rows(select(ProfileRow.id, ProfileRow.name, ProfileRow.created_at).order_by(ProfileRow.name))
        return [Profile(*row) for row in rows]

    def profile(self, profile_id: int) -> Profile | None:
        rows = self._rows(select(ProfileRow.id, ProfileRow.name, ProfileRow.created_at)
                          .where(ProfileRow.id == profile_id))
        return Profile(*rows[0]) if rows else None

    def create_profile(self, name: str, passphrase: str | None = None) -> Profile:
        """Create a profile; the name must pass `clean_name` and look like no other; a passphrase is hashed."""
        name = self._new_name(name)
        hashed = None if passphrase is None else hash_passphrase(check_passphrase(passphrase))
        with unique_name(name), self._write() as session:
            profile = add_profile(session, name, self._clock())
            session.get_one(ProfileRow, profile.id).passphrase_hash = hashed
            return profile

    def profile_for_identity(self, identity: str) -> Profile:
        """The profile of an identity that `st.login` vouched for (its e-mail), created on first sign-in.

        Identity profiles have no passphrase; a passphrase profile of the same name belongs to someone who
        chose that name here, and is never handed to whoever signs in with that identity.
        """
        name = clean_name(identity)
        rows = self._rows(select(ProfileRow.id, ProfileRow.name, ProfileRow.created_at, ProfileRow.passphrase_hash)
                          .where(ProfileRow.name == name))
        if not rows:
            return self.create_profile(name)
        *profile, hashed = rows[0]
        if hashed is not None:
            raise SignInError("a profile with a passphrase already has this name; ask a trainer to rename it")
        return Profile(*profile)

    def _new_name(self, name: str, *, keep: int | None = None) -> str:
        name = clean_name(name)
        skeleton = name_skeleton(name)
        for other in self.profiles():
            if other.id != keep and other.name != name and name_skeleton(other.name) == skeleton:
                raise ValueError("that name looks like the name of another profile; choose a different one")
        return name

    def rename_profile(self, profile_id: int, name: str) -> Profile:
        """Give a profile a new name, under the same rules as a new one."""
        name = self._new_name(name, keep=profile_id)
        with unique_name(name), self._write(profile_id) as session:
            row = session.get_one(ProfileRow, profile_id)
            row.name = name
            session.flush()
            return Profile(row.id, row.name, row.created_at)

    def delete_profile(self, profile_id: int) -> None:
        """Delete a profile with its answers, cards, exams and browser sessions (the database cascades)."""
        with self._write(profile_id) as session:
            session.execute(delete(ProfileRow).where(ProfileRow.id == profile_id))

    def set_passphrase(self, profile_id: int, passphrase: str) -> None:
        hashed = hash_passphrase(check_passphrase(passphrase))
        with self._write(profile_id) as session:
            row = session.get_one(ProfileRow, profile_id)
            row.passphrase_hash, row.failed_sign_ins, row.locked_until = hashed, 0, None

    def sign_in(self, name: str, passphrase: str) -> Profile:
        """The profile whose name and passphrase these are; SignInError (never saying which was wrong) if not.

        After LOCK_AFTER wrong passphrases in a row the name is locked for LOCK_FOR, right passphrase or not.
        """
        now = self._clock()
        with self._write() as session:
            row = session.scalars(select(ProfileRow).where(ProfileRow.name == clean_name_or_empty(name))).first()
            if row is not None and row.locked_until is not None and utc(now) < row.locked_until:
                raise SignInError(locked_message(row.locked_until, utc(now)))
            if not verify_passphrase(passphrase, row.passphrase_hash if row else None) or row is None:
                if row is not None:
                    row.failed_sign_ins += 1
                    if row.failed_sign_ins >= LOCK_AFTER:
                        row.failed_sign_ins, row.locked_until = 0, utc(now) + LOCK_FOR
                failure = SignInError(WRONG)
            else:
                row.failed_sign_ins, row.locked_until = 0, None
                return Profile(row.id, row.name, row.created_at)
        raise failure  # outside the transaction, so the count of failures is kept

    def open_browser_session(self, profile_id: int) -> str:
        """A new token that signs this browser in to the profile; only its hash is stored."""
        token = new_token()
        with self._write(profile_id) as session:
            session.add(BrowserSessionRow(token_hash=token_hash(token), profile_id=profile_id,
                                          created_at=utc(self._clock())))
        return token

    def profile_for_token(self, token: str | None) -> Profile | None:
        """The profile a browser's token signs in to, or None for an unknown or withdrawn token."""
        if not token:
            return None
        rows = self._rows(select(ProfileRow.id, ProfileRow.name, ProfileRow.created_at)
                          .join(BrowserSessionRow, BrowserSessionRow.profile_id == ProfileRow.id)
                          .where(BrowserSessionRow.token_hash == token_hash(token)))
        return Profile(*rows[0]) if rows else None

    def close_browser_session(self, token: str | None) -> None:
        if token:
            with self._write() as session:
                session.execute(delete(BrowserSessionRow).where(BrowserSessionRow.token_hash == token_hash(token)))


def clean_name_or_empty(name: str) -> str:
    """The name as stored, or "" (which matches no profile) for a name that could never have been stored."""
    try:
        return clean_name(name)
    except ValueError:
        return ""


__all__ = ["WRONG", "Accounts", "SignInError", "unique_name"]

