"""Learners' data is private: sign-in, anonymous practice saved into a new profile, and what only a trainer sees."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from quiz.storage import Store
from tests.conftest import PASSPHRASE, ROOT, answer_slot, sign_in, sign_up, unlock_trainer


def everything_shown(at) -> str:
    """Every text the page shows a person: markdown, text, captions, labels, options, headers."""
    parts = [e.value for e in (*at.markdown, *at.text, *at.caption, *at.header, *at.title, *at.info, *at.error)]
    parts += [w.label for w in (*at.button, *at.text_input, *at.selectbox)]
    parts += [str(o) for s in at.selectbox for o in s.options]
    return "\n".join(map(str, parts))


def answer_practice(at) -> None:
    key = f"practice.r{at.session_state['practice.serial']}.q1"
    answer_slot(at, at.session_state["practice.round"].current, key)


def fresh_session() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def test_a_second_session_cannot_see_open_export_or_delete_the_first_learners_data(new_app, tmp_path):
    first = new_app("pages/practice.py", signed_in=False)
    sign_up(first, "Alice Private")
    first.button(key="practice.start").click().run()
    answer_practice(first)
    second = fresh_session()
    for page in ("pages/learners.py", "pages/bank_health.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            second.switch_page(page)  # trainer pages are not even registered for a learner
    for page in ("pages/home.py", "pages/progress.py", "pages/review.py", "pages/exam.py"):
        second.switch_page(page).run()
        assert not second.exception, page
        assert "Alice Private" not in everything_shown(second), page
        assert not [b for b in second.button if b.key and b.key.endswith((".export", ".delete"))], page
    second.switch_page("pages/progress.py").run()
    assert any("Sign in, or create a profile" in i.value for i in second.info)
    with Store(f"sqlite:///{tmp_path / 'progress.sqlite3'}") as db:
        assert [p.name for p in db.profiles()] == ["Alice Private"] and len(db.answers(db.profiles()[0].id)) == 1


def test_signing_in_takes_the_right_passphrase_only(new_app):
    new_app(signed_in=False).switch_page("pages/home.py")
    at = new_app(signed_in=False)
    sign_up(at, "Bob")
    at = fresh_session()
    sign_in(at, "Bob", "not the passphrase")
    assert [e.value for e in at.error] == ["the name or the passphrase is not right"]
    sign_in(at, "Bob", PASSPHRASE)
    assert "Signed in as Bob" in [t.value for t in at.text]


def test_practice_without_a_profile_is_saved_into_the_profile_created_afterwards(new_app, tmp_path):
    at = new_app("pages/practice.py", signed_in=False)
    at.button(key="practice.start").click().run()
    answer_practice(at)
    with Store(f"sqlite:///{tmp_path / 'progress.sqlite3'}") as db:
        assert db.profiles() == []
    sign_up(at, "Carla")
    assert "The answers you gave before signing in are saved in this profile." in [c.value for c in at.caption]
    with Store(f"sqlite:///{tmp_path / 'progress.sqlite3'}") as db:
        (carla,) = db.profiles()
        assert db.answers(carla.id)["mode"].tolist() == ["practice"] and not db.cards(carla.id).empty


def test_a_trainer_lists_opens_and_deletes_learners(new_app, tmp_path):
    owner = new_app(signed_in=False)
    sign_up(owner, "Dana")
    trainer = fresh_session()
    unlock_trainer(trainer, "wrong")
    assert [e.value for e in trainer.error] == ["that is not the trainer passcode"]
    unlock_trainer(trainer)
    trainer.switch_page("pages/learners.py").run()
    assert "Dana · created" in everything_shown(trainer)
    dana = Store(f"sqlite:///{tmp_path / 'progress.sqlite3'}")
    try:
        profile_id = dana.profiles()[0].id
        trainer.button(key=f"learners.open.{profile_id}").click().run()
        assert "Signed in as Dana" in [t.value for t in trainer.text]
        trainer.button(key=f"learners.{profile_id}.delete").click().run()
        trainer.button(key=f"learners.{profile_id}.delete_confirm").click().run()
        assert dana.profiles() == []
    finally:
        dana.close()
    trainer.switch_page("pages/bank_health.py").run()
    assert trainer.title[0].value == "Bank health" and not trainer.info


def test_the_trainer_passcode_locks_out_after_repeated_wrong_tries(new_app, app_env):
    app_env.setenv("ITIL_APP_TRAINER_PASSCODE", "another passcode for the lock-out test")
    at = new_app(signed_in=False)
    for _ in range(5):
        unlock_trainer(at, "guess")
    assert "locked" in at.error[0].value
    unlock_trainer(at, "another passcode for the lock-out test")
    assert "locked" in at.error[0].value and not [b for b in at.button if b.key == "trainer.leave"]


def test_user_text_is_shown_as_plain_text(new_app):
    at = new_app(signed_in=False)
    sign_up(at, "**bold** [link](javascript:alert(1))")
    assert "Signed in as **bold** [link](javascript:alert(1))" in [t.value for t in at.text]
    assert not any("javascript" in m.value for m in at.markdown)


class FakeUser(dict):
    """What `st.user` holds after an identity provider signed someone in (no provider is reachable here)."""


def oidc_app(monkeypatch, user: dict) -> AppTest:
    monkeypatch.setattr(st, "user", FakeUser(user))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s",
                          "client_id": "c", "client_secret": "x",
                          "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
    return at


def test_with_st_login_configured_the_sidebar_offers_only_the_identity_providers_sign_in(app_env):
    at = oidc_app(app_env, {"is_logged_in": False})
    at.run()
    assert at.button(key="account.login").label == "Sign in"
    assert not [w for w in at.text_input if w.key and w.key.startswith("account.")], "no passphrase fields"
    assert not at.exception


def test_an_identity_signed_in_by_st_login_sees_its_own_profile_only(app_env, tmp_path):
    with Store(f"sqlite:///{tmp_path / 'progress.sqlite3'}") as db:
        db.create_profile("bob@example.org", PASSPHRASE)
    at = oidc_app(app_env, {"is_logged_in": True, "email": "alice@example.org"})
    at.run()
    assert "Signed in as alice@example.org" in [t.value for t in at.text]
    thief = oidc_app(app_env, {"is_logged_in": True, "email": "bob@example.org"})
    thief.run()
    assert not [t for t in thief.text if t.value.startswith("Signed in as")]
    assert any("a profile with a passphrase already has this name" in e.value for e in thief.error)
