"""Who may do what: learners' passphrases, browser tokens, and the trainer's passcode with a lock-out.

Passphrases are hashed with scrypt (the standard library's memory-hard hash) under a random salt; every
comparison is constant-time. Repeated wrong tries lock the name (learners) or the client address (trainer)
for a while, so guessing is slow even on an open network.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # about 16 MiB and 50 ms a hash on this machine
MIN_PASSPHRASE, MAX_PASSPHRASE = 8, 200
LOCK_AFTER = 5  # wrong tries in a row
LOCK_FOR = timedelta(minutes=5)
TOKEN_BYTES = 32


class SignInError(ValueError):
    """A sign-in that did not succeed; the message is safe to show (it never says which part was wrong)."""


def check_passphrase(passphrase: str) -> str:
    """The passphrase if it is acceptable, else ValueError saying what it needs."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValueError(f"a passphrase needs at least {MIN_PASSPHRASE} characters")
    if len(passphrase) > MAX_PASSPHRASE:
        raise ValueError(f"a passphrase has at most {MAX_PASSPHRASE} characters")
    return passphrase


def hash_passphrase(passphrase: str, *, salt: bytes | None = None) -> str:
    """A self-describing hash: scrypt$n$r$p$salt$digest (base64)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    encode = base64.b64encode
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${encode(salt).decode()}${encode(digest).decode()}"


def verify_passphrase(passphrase: str, stored: str | None) -> bool:
    """Whether `passphrase` matches `stored`, in constant time; a missing or malformed hash never matches.

    A missing hash still costs one scrypt run, so a name without a passphrase cannot be told apart by timing.
    """
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        params = {"n": int(n), "r": int(r), "p": int(p)}
        salt_bytes, expected = base64.b64decode(salt), base64.b64decode(digest)
    except ValueError:
        scheme, params, salt_bytes, expected = "", SCRYPT, b"\0" * 16, b""
    actual = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt_bytes, dklen=32, **params)
    return scheme == "scrypt" and hmac.compare_digest(actual, expected)


def new_token() -> str:
    """A random token for a browser's cookie."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the database keeps of a token: its SHA-256, so a copy of the database signs no one in."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def locked_message(until: datetime, now: datetime) -> str:
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return f"too many wrong tries; sign-in is locked for {minutes} more minute{'s' if minutes != 1 else ''}"


@dataclass
class TrainerGate:
    """The trainer's passcode, checked in constant time, with a lock-out per client after repeated wrong tries.

    `generated` says the passcode was made up at start (none was configured), so it must be read from the
    terminal that started the app.
    """

    passcode: str
    generated: bool = False
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    _failures: dict[str, tuple[int, datetime | None]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_setting(cls, configured: str | None, *, announce: Callable[[str], None] = print) -> TrainerGate:
        """Use the configured passcode, or make one up and announce it (as Jupyter prints its token)."""
        if configured:
            return cls(configured)
        passcode = secrets.token_urlsafe(9)
        announce(f"\n  Trainer passcode for this run: {passcode}\n"
                 "  (set ITIL_APP_TRAINER_PASSCODE or trainer_passcode in .streamlit/secrets.toml to choose one)\n")
        return cls(passcode, generated=True)

    def check(self, attempt: str, client: str) -> None:
        """Return if `attempt` is the passcode; raise SignInError (wrong, or locked for a while) if not."""
        now = self.clock()
        with self._lock:
            failures, locked_until = self._failures.get(client, (0, None))
            if locked_until is not None and now < locked_until:
                raise SignInError(locked_message(locked_until, now))
            if hmac.compare_digest(attempt.encode("utf-8"), self.passcode.encode("utf-8")):
                self._failures.pop(client, None)
                return
            failures += 1
            lock = now + LOCK_FOR if failures >= LOCK_AFTER else None
            self._failures[client] = (0 if lock else failures, lock)
        if lock:
            raise SignInError(locked_message(lock, now))
        raise SignInError("that is not the trainer passcode")
