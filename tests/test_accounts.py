"""Profiles with passphrases: sign-in, lock-out, browser tokens, names that cannot deceive; and the trainer gate."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from quiz.auth import LOCK_AFTER, SignInError, TrainerGate, hash_passphrase, verify_passphrase
from quiz.storage import Store

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(database_url, clock):
    """On SQLite, then on PostgreSQL (conftest.py's `database_url`)."""
    with Store(database_url, clock=clock) as store:
        yield store


def test_passphrases_are_salted_hashes_checked_against_the_right_phrase_only():
    first, second = hash_passphrase("correct horse"), hash_passphrase("correct horse")
    assert first != second and "correct horse" not in first and first.startswith("scrypt$")
    assert verify_passphrase("correct horse", first) and not verify_passphrase("correct horsE", first)
    assert not verify_passphrase("anything", None) and not verify_passphrase("anything", "garbage$$")


def test_sign_in_with_name_and_passphrase(store):
    ann = store.create_profile("Ann", "a long passphrase")
    assert store.sign_in("Ann", "a long passphrase") == ann
    assert store.sign_in("  Ann ", "a long passphrase") == ann, "names are compared as stored (trimmed)"
    for name, passphrase in [("Ann", "wrong passphrase"), ("Nobody", "a long passphrase"), ("", "")]:
        with pytest.raises(SignInError, match=r"^the name or the passphrase is not right$"):
            store.sign_in(name, passphrase)


def test_a_profile_without_a_passphrase_cannot_be_signed_in_to(store):
    store.create_profile("Legacy")
    with pytest.raises(SignInError):
        store.sign_in("Legacy", "")


def test_repeated_wrong_passphrases_lock_the_name_for_a_while(store, clock):
    store.create_profile("Ann", "a long passphrase")
    for _ in range(LOCK_AFTER):
        with pytest.raises(SignInError, match=r"not right|locked"):
            store.sign_in("Ann", "guess guess")
    with pytest.raises(SignInError, match="locked for 5 more minutes"):
        store.sign_in("Ann", "a long passphrase")  # even the right one, while locked
    clock.now += timedelta(minutes=5, seconds=1)
    assert store.sign_in("Ann", "a long passphrase").name == "Ann"


def test_a_short_passphrase_is_refused(store):
    with pytest.raises(ValueError, match="at least 8 characters"):
        store.create_profile("Ann", "short")
    assert store.profiles() == []


def test_browser_tokens_sign_in_until_withdrawn_and_are_stored_only_as_hashes(store):
    ann = store.create_profile("Ann", "a long passphrase")
    token = store.open_browser_session(ann.id)
    assert store.profile_for_token(token) == ann
    with store._engine.connect() as connection:
        stored = connection.execute(text("SELECT * FROM browser_sessions")).all()
    assert len(stored) == 1 and token not in repr(stored)
    assert store.profile_for_token("forged") is None and store.profile_for_token(None) is None
    store.close_browser_session(token)
    assert store.profile_for_token(token) is None
    other = store.open_browser_session(ann.id)
    store.delete_profile(ann.id)
    assert store.profile_for_token(other) is None


@pytest.mark.parametrize(("name", "reason"), [
    ("Ann\x00", "control character U+0000"),
    ("Ann\u202eelgoog", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("L\u0435arner", "cannot mix alphabets"),  # Cyrillic е
    ("x" * 300, "at most 100 characters; this one has 300"),
    ("   ", "a profile needs a name"),
])
def test_deceptive_or_broken_names_are_refused_with_the_reason(store, name, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        store.create_profile(name, "a long passphrase")


def test_a_name_that_looks_like_another_is_refused_and_names_are_normalized(store):
    store.create_profile("Poe", "a long passphrase")
    with pytest.raises(ValueError, match="looks like the name of another profile"):
        store.create_profile("\u0420\u043e\u0435", "a long passphrase")  # Cyrillic Р о е: one script, a look-alike
    assert store.create_profile("\uff21nton", "a long passphrase").name == "Anton", "NFKC folds full-width letters"


def test_trainer_gate_checks_the_passcode_and_locks_a_client_out_after_repeated_failures():
    clock = Clock()
    gate = TrainerGate("open sesame", clock=clock)
    gate.check("open sesame", "10.0.0.1")
    for _ in range(LOCK_AFTER - 1):
        with pytest.raises(SignInError, match="not the trainer passcode"):
            gate.check("guess", "10.0.0.1")
    with pytest.raises(SignInError, match="locked"):
        gate.check("guess", "10.0.0.1")
    with pytest.raises(SignInError, match="locked"):
        gate.check("open sesame", "10.0.0.1")
    gate.check("open sesame", "10.0.0.2")  # another client is not locked out
    clock.now += timedelta(minutes=6)
    gate.check("open sesame", "10.0.0.1")


def test_a_generated_trainer_passcode_is_announced():
    said = []
    gate = TrainerGate.from_setting(None, announce=said.append)
    assert gate.generated and gate.passcode in said[0]
    assert not TrainerGate.from_setting("chosen").generated


def test_an_identity_from_st_login_gets_one_profile_and_cannot_take_a_passphrase_profile(store):
    alice = store.profile_for_identity("alice@example.org")
    assert store.profile_for_identity("alice@example.org") == alice, "the same identity, the same profile"
    store.create_profile("bob@example.org", "a long passphrase")
    with pytest.raises(SignInError, match="a profile with a passphrase already has this name"):
        store.profile_for_identity("bob@example.org")
    with pytest.raises(ValueError, match="control character"):
        store.profile_for_identity("eve\x00@example.org")
    assert [p.name for p in store.profiles()] == ["alice@example.org", "bob@example.org"]
