"""The Authoring page in AppTest: upload, preview, save (or nothing written on failure), export, item analysis."""

import shutil
from datetime import UTC, datetime

import pytest

from quiz.loader import load_bank
from quiz.storage import AnswerRecord, Store
from tests.conftest import FIXTURES, GOOD_BANKS

PAGE = "pages/authoring.py"
RULES = (FIXTURES / "authoring" / "rules.gift").read_bytes()


@pytest.fixture
def folder(app_env, tmp_path):
    """A questions folder the page may write to, holding the mini bank."""
    path = tmp_path / "questions"
    path.mkdir()
    shutil.copy(GOOD_BANKS / "mini.yaml", path)
    app_env.setenv("ITIL_APP_QUESTIONS_DIR", str(path))
    return path


def snapshot(path):
    return {p.name: p.read_bytes() for p in path.iterdir()}


def frame(at, column: str):
    """The table that has `column` (st.dataframe keys are not exposed to AppTest unless selectable)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def upload(at, *files):
    at.file_uploader(key="authoring.upload").set_value([(name, data, "text/plain") for name, data in files]).run()
    assert not at.exception, at.exception
    return at


def test_the_page_has_its_tab_title(new_app):
    at = new_app(PAGE, trainer=True)
    assert at.session_state["page.title"] == "Authoring · ITIL 4 Foundation"
    assert [t.label for t in at.tabs] == ["Import", "Export", "Item analysis"]


def test_upload_previews_every_question_and_lists_problems_then_saves_on_confirmation(new_app, folder):
    before = snapshot(folder)
    at = upload(new_app(PAGE, trainer=True), ("rules.gift", RULES))
    assert snapshot(folder) == before, "nothing is written before the author saves"
    assert "7 item(s) not imported:" in at.warning[0].value
    assert "rules.gift:47: skipped: essay questions are not supported" in at.code[0].value
    preview = frame(at, "notes")
    assert len(preview) == 10 and preview["id"].tolist()[:3] == ["provision-01", "provision-01-2", "roles"]
    at.selectbox(key="authoring.preview_question").set_value("roles").run()
    shown = [m.value for m in at.markdown]
    assert "Which **two** are roles of the service consumer?" in shown
    assert "A. Sponsor (**key**)  \n*Why:* A sponsor authorizes budget." in shown
    assert at.text_input(key="authoring.filename").value == "rules.yaml"
    at.button(key="authoring.save").click().run()
    assert "Saved **10** questions as bank **rules**" in at.success[0].value
    saved = load_bank(folder / "rules.yaml")
    assert [q.id for q in saved.questions][:2] == ["provision-01", "provision-01-2"]
    assert sorted(p.name for p in folder.iterdir()) == ["mini.yaml", "rules.yaml"]


def test_a_failed_save_leaves_the_questions_folder_unchanged(new_app, folder):
    before = snapshot(folder)
    at = upload(new_app(PAGE, trainer=True), ("rules.gift", RULES))
    at.text_input(key="authoring.bank_id").set_value("mini").run()  # the id of the bank already there
    at.button(key="authoring.save").click().run()
    assert "Not saved; the questions folder is unchanged:" in at.error[0].value
    assert "bank id 'mini' is already used by" in at.code[-1].value
    assert snapshot(folder) == before
    at.text_input(key="authoring.bank_id").set_value("ok").run()
    at.text_input(key="authoring.filename").set_value("mini.yaml").run()  # a file that exists
    at.button(key="authoring.save").click().run()
    assert "a file of this name already exists" in at.code[-1].value
    assert snapshot(folder) == before


def test_a_file_that_is_not_utf8_is_reported_and_nothing_offered_to_save(new_app, folder):
    at = upload(new_app(PAGE, trainer=True), ("latin1.txt", "Caf\xe9?\nA. a\nB. b\nANSWER: A\n".encode("latin-1")))
    assert "latin1.txt:1: the file is not valid UTF-8 (byte 0xe9)" in at.code[0].value
    assert not [b for b in at.button if b.key == "authoring.save"]


def test_export_offers_a_file_and_lists_what_aiken_leaves_out(new_app):
    at = new_app(PAGE, trainer=True)
    assert at.get("download_button")[0].proto.label == "Download mini.txt"
    left_out = frame(at, "left out")
    assert "the whole question: it has 2 correct options" in left_out.set_index("question").loc["mini-multi",
                                                                                                  "left out"]
    at.radio(key="authoring.export_format").set_value("gift").run()
    assert at.get("download_button")[0].proto.label == "Download mini.gift"
    assert "Nothing is left out." in [c.value for c in at.caption]


def test_item_analysis_table_chart_click_and_option_choices(new_app, app_env, tmp_path):
    bank = load_bank(GOOD_BANKS / "mini.yaml")
    single = bank.questions[0]
    with Store(f"sqlite:///{tmp_path / 'progress.sqlite3'}") as store:
        for n in range(24):
            learner = store.create_profile(f"learner {n}")
            store.record_answers(learner.id, [AnswerRecord(
                single.id, "mini", single.content_hash, "practice", (0, 1, 2), (1,) if n % 3 else (0,), n % 3 == 0,
                answered_at=datetime(2026, 1, 1, tzinfo=UTC))])
    at = new_app(PAGE, trainer=True)
    table = frame(at, "discrimination").set_index("question_id")
    assert table.loc["mini-single", "responses"] == 24
    assert "distractor beats key" in table.loc["mini-single", "flags"]
    assert table.loc["mini-multi", "method"] == "not enough data"
    assert at.selectbox(key="authoring.question").value == "mini-single", "the most flagged question first"
    assert "distractor beats key (hint: a wrong option was chosen more often than the key" in at.warning[0].value
    at.session_state["authoring.chart"] = {"selection": {"points": [{"customdata": "mini-list"}]}}
    at.run()
    assert at.selectbox(key="authoring.question").value == "mini-list"
    assert "0 responses; not enough data." in [c.value for c in at.caption]
