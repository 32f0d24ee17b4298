"""Join codes, rejoin tokens and nicknames: what a student types or keeps, and the rules for it."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

from quiz.storage.records import CODE_LENGTH, NICKNAME_LENGTH, name_skeleton

# No 0/O, 1/I/L: a code read off a projector at the back of a room is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# Characters that hide or reorder text (control, format such as bidi overrides, line and paragraph separators).
_HIDDEN = ("Cc", "Cf", "Zl", "Zp")


class NicknameError(ValueError):
    """A nickname that cannot be used; the message says why, in words for the student."""


def new_code() -> str:
    """A random join code of CODE_LENGTH characters from CODE_ALPHABET."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text: str) -> str:
    """A typed code as stored: spaces and dashes dropped, upper case; '' when it cannot be a code."""
    code = "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch not in " -").upper()
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return ""
    return code


def new_token() -> str:
    """A rejoin token for the student's URL; only its hash is stored."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def clean_nickname(text: str) -> str:
    """A nickname in normal form (NFKC, spaces trimmed and collapsed), or NicknameError saying what is wrong."""
    name = " ".join(unicodedata.normalize("NFKC", text).split())
    hidden = next((ch for ch in name if unicodedata.category(ch) in _HIDDEN), None)
    if hidden is not None:
        raise NicknameError(f"A nickname cannot contain the invisible or control character U+{ord(hidden):04X}.")
    if not name:
        raise NicknameError("Type a nickname (1 to 24 characters).")
    if len(name) > NICKNAME_LENGTH:
        raise NicknameError(f"A nickname has at most {NICKNAME_LENGTH} characters; this one has {len(name)}.")
    return name


def nickname_key(name: str) -> str:
    """What must differ between two nicknames of one session: case, spaces and look-alike letters ignored."""
    return name_skeleton(name)


def initials(name: str) -> str:
    """"Ann Lee" -> "A. L."; shown on the leaderboard when the trainer chose initials."""
    return " ".join(f"{word[0].upper()}." for word in name.split())
