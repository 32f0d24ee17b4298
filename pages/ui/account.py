"""Who is using this browser: a learner signed in to their own profile (or nobody), and the trainer role.

A learner signs in with a name and passphrase; the browser then keeps a random token in a cookie, so a
reload or a new tab stays signed in. No learner ever sees a list of other learners' names. The trainer
role is unlocked by the trainer passcode (configured, or generated and printed in the server's terminal).
Where `st.login` is configured (an `[auth]` section in secrets.toml), learners sign in with it instead.
"""

from __future__ import annotations

import json
import threading

import streamlit as st

from pages.ui.settings import setting
from pages.ui.store import store
from quiz.auth import SignInError, TrainerGate
from quiz.storage import Profile

COOKIE = "itil_session"
COOKIE_DAYS = 30
LEARNER, TOKEN, CHECKED, TRAINER = "learner.id", "account.token", "account.checked", "account.trainer"
_gates: dict[str, TrainerGate] = {}  # by configured passcode ("" for the generated one)
_gate_lock = threading.Lock()


def trainer_gate() -> TrainerGate:
    """The process's trainer gate; a passcode is generated (and printed) on first use when none is configured."""
    configured = setting("trainer_passcode", "")
    with _gate_lock:
        if configured not in _gates:
            _gates[configured] = TrainerGate.from_setting(configured or None)
        return _gates[configured]


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all is the usual case
        return False


# --- the signed-in learner ------------------------------------------------------------------


def learner_id() -> int | None:
    """The signed-in learner's profile id, or None; a browser that signed in before is signed in again."""
    state = st.session_state
    if state.get(LEARNER) is None and not state.get(CHECKED):
        state[CHECKED] = True
        profile = _from_identity() if oidc_configured() else store().profile_for_token(_cookie())
        if profile is not None:
            state[LEARNER] = profile.id
    return state.get(LEARNER)


def current_learner() -> Profile | None:
    learner = learner_id()
    return None if learner is None else store().profile(learner)


def require_learner(what: str) -> int:
    """The learner's id; without one, say how to get one and stop the page."""
    learner = learner_id()
    if learner is None:
        st.info(f"Sign in, or create a profile, in the sidebar to {what}. Your answers are kept only in your "
                "own profile.", icon=":material/login:")
        st.stop()
    return learner


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # no browser (bare script runs)
        return None
    return value if isinstance(value, str) else None  # AppTest has no cookies, only a stand-in


def _from_identity() -> Profile | None:
    """The profile of the identity `st.login` signed in, created on first sign-in (named by its e-mail)."""
    user = st.user
    identity = str(user.get("email") or user.get("sub") or "") if user.get("is_logged_in") else ""
    if not identity:
        return None
    try:
        return store().profile_for_identity(identity)
    except ValueError as error:  # SignInError, or a name the profile rules refuse
        st.session_state["account.error"] = f"Signed in as {identity}, but {error}."
        return None


def _signed_in(profile: Profile) -> None:
    """Remember the learner in this session and, by a cookie, in this browser."""
    from pages.ui.recording import save_anonymous_into  # recording needs learner_id from here

    token = store().open_browser_session(profile.id)
    st.session_state.update({LEARNER: profile.id, TOKEN: token, "account.cookie": token, "account.error": None})
    saved = save_anonymous_into(profile.id)
    if saved:
        st.session_state["account.saved"] = saved


def _sign_in() -> None:
    state = st.session_state
    try:
        profile = store().sign_in(state.get("account.name", ""), state.get("account.passphrase", ""))
    except SignInError as error:
        state["account.error"] = str(error)
        return
    state["account.passphrase"] = ""
    _signed_in(profile)


def _create() -> None:
    state = st.session_state
    if state.get("account.new_passphrase", "") != state.get("account.repeat", ""):
        state["account.error"] = "the two passphrases differ"
        return
    try:
        profile = store().create_profile(state.get("account.new_name", ""), state.get("account.new_passphrase", ""))
    except ValueError as error:
        state["account.error"] = str(error)
        return
    state.update({"account.new_passphrase": "", "account.repeat": ""})
    _signed_in(profile)


def sign_out() -> None:
    store().close_browser_session(st.session_state.get(TOKEN) or _cookie())
    for key in (LEARNER, TOKEN, "exam.attempt", "exam.id", "exam.learner", "practice.round", "review.round"):
        st.session_state.pop(key, None)
    st.session_state.update({CHECKED: True, "account.cookie": ""})
    if oidc_configured():
        st.logout()


def _write_cookie() -> None:
    """Give the browser its token (or take it away); a static script, with only our own token in it."""
    token = st.session_state.pop("account.cookie", None)
    if token is None:
        return
    age = COOKIE_DAYS * 86400 if token else 0
    st.html(f"<script>document.cookie = {json.dumps(f'{COOKIE}={token}')} + "
            f"'; path=/; max-age={age}; SameSite=Strict';</script>", unsafe_allow_javascript=True)


def account_panel(container=st.sidebar) -> None:
    """Signed in: the learner's own name and Sign out. Signed out: Sign in, and Create a profile."""
    with container:
        _write_cookie()
        profile = current_learner()
        if profile is not None:
            st.text(f"Signed in as {profile.name}")  # plain text: a name is never Markdown
            if st.session_state.pop("account.saved", None):
                st.caption("The answers you gave before signing in are saved in this profile.")
            st.button("Sign out", key="account.sign_out", on_click=sign_out, icon=":material/logout:")
            return
        st.caption("Practising without a profile: sign in to keep your progress.")
        if oidc_configured():
            st.button("Sign in", key="account.login", on_click=st.login, icon=":material/login:")
            if st.session_state.get("account.error"):
                st.error(st.session_state["account.error"], icon=":material/error:")
            return
        with st.popover("Sign in", icon=":material/login:"):
            st.text_input("Your name", key="account.name", max_chars=100)
            st.text_input("Passphrase", key="account.passphrase", type="password", max_chars=200)
            st.button("Sign in", key="account.sign_in", type="primary", on_click=_sign_in)
        with st.popover("Create a profile", icon=":material/person_add:"):
            st.text_input("Your name", key="account.new_name", max_chars=100)
            st.text_input("Passphrase (8 characters or more)", key="account.new_passphrase", type="password",
                          max_chars=200)
            st.text_input("The passphrase again", key="account.repeat", type="password", max_chars=200)
            st.button("Create profile", key="account.create", type="primary", on_click=_create)
        if st.session_state.get("account.error"):
            st.error(st.session_state["account.error"], icon=":material/error:")


# --- the trainer ----------------------------------------------------------------------------


def is_trainer() -> bool:
    return bool(st.session_state.get(TRAINER))


def _unlock_trainer() -> None:
    address = getattr(st.context, "ip_address", None)
    client = address if isinstance(address, str) and address else "local"  # AppTest has a stand-in
    try:
        trainer_gate().check(st.session_state.get("trainer.passcode", ""), client)
    except SignInError as error:
        st.session_state["trainer.error"] = str(error)
        return
    st.session_state.update({TRAINER: True, "trainer.error": None, "trainer.passcode": ""})


def trainer_panel(container=st.sidebar) -> None:
    """Unlock or leave the trainer role."""
    with container:
        if is_trainer():
            st.button("Leave the trainer role", key="trainer.leave", on_click=st.session_state.pop,
                      args=(TRAINER, None), icon=":material/lock:")
            return
        with st.popover("Trainer", icon=":material/key:"):
            where = (" It was generated when the app started and printed in the terminal that runs it."
                     if trainer_gate().generated else "")
            st.caption(f"Trainers manage learners and check the banks.{where}")
            st.text_input("Trainer passcode", key="trainer.passcode", type="password", max_chars=200)
            st.button("Unlock", key="trainer.unlock", on_click=_unlock_trainer)
            if st.session_state.get("trainer.error"):
                st.error(st.session_state["trainer.error"], icon=":material/error:")


def require_trainer() -> None:
    if not is_trainer():
        st.info("This page is for trainers: unlock the trainer role in the sidebar with the trainer passcode.",
                icon=":material/lock:")
        st.stop()
