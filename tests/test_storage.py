"""The store: profiles, answers in every mode, review cards, exams, export and import, and the migrations."""

import io
import json
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone

import pandas as pd
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pandas.testing import assert_frame_equal
from sqlalchemy import create_engine, inspect, text

from quiz import review
from quiz.storage import (
    MODES,
    AnswerRecord,
    Base,
    Profile,
    StaleExamError,
    Store,
    database_url,
    migration_config,
)
from quiz.storage.documents import parse_export

T0 = datetime(2025, 3, 1, 9, 0, 0, 123456, tzinfo=UTC)
CARD_RIGHT = review.schedule(None, True, None, T0)[0]  # real fsrs cards: an import checks them with fsrs
CARD_WRONG = review.schedule(None, False, None, T0)[0]


class FakeClock:
    """Aware UTC time that moves only when told to."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "progress.sqlite3"


@pytest.fixture
def store(database_url, clock):
    """A store on SQLite, then on PostgreSQL (the `database_url` fixture of conftest.py)."""
    with Store(database_url, clock=clock) as opened:
        yield opened


def answer(question_id: str = "q1", mode: str = "practice", **changes) -> AnswerRecord:
    values = dict(question_id=question_id, bank_id="bank-a", question_hash="0123456789abcdef", mode=mode,
                  shown=(2, 0, 3, 1), chosen=(0,), correct=True, seconds=4.25, confidence="sure")
    return AnswerRecord(**(values | changes))


def fill(store: Store, profile_id: int, clock: FakeClock, *, tag: str = "") -> None:
    """Give a profile answers in every mode, cards and exams (one finished, one open)."""
    store.record_answer(profile_id, answer(f"q{tag}1", "practice"))
    clock.tick(seconds=7.5)
    store.record_answer(profile_id, answer(f"q{tag}2", "check", chosen=(1, 3), correct=False, seconds=None,
                                           confidence=None))
    store.record_answers(profile_id, [
        answer(f"q{tag}3", "review", confidence="guessed", answered_at=T0 + timedelta(minutes=5)),
        answer(f"q{tag}4", "exam", exam_id=f"exam-{tag}done", answered_at=T0 + timedelta(minutes=6)),
    ])
    store.save_card(profile_id, f"q{tag}1", CARD_RIGHT, T0 + timedelta(days=2))
    store.save_card(profile_id, f"q{tag}2", CARD_WRONG, T0 + timedelta(hours=1))
    store.save_exam(profile_id, f"exam-{tag}done", "foundation", {"answers": {"q4": [0]}, "position": 40},
                    total=40, started_at=T0, finished_at=T0 + timedelta(minutes=55), score=29, passed=True)
    store.save_exam(profile_id, f"exam-{tag}open", "foundation", {"answers": {}, "position": 3}, total=40,
                    started_at=T0 + timedelta(hours=2))


def table_counts(store: Store) -> dict[str, int]:
    with store._engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                for table in ("profiles", "answers", "review_cards", "exams")}


# Where the database lives


def test_database_url_prefers_explicit_then_environment(monkeypatch):
    monkeypatch.setenv("ITIL_APP_DATABASE_URL", "postgresql+psycopg://app@db/itil")
    assert database_url("sqlite:///x.sqlite3") == "sqlite:///x.sqlite3"
    assert database_url() == "postgresql+psycopg://app@db/itil"


def test_database_url_defaults_to_a_file_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("ITIL_APP_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert database_url() == f"sqlite:///{tmp_path.as_posix()}/xdg/itil-app/progress.sqlite3"
    assert (tmp_path / "xdg" / "itil-app").is_dir()
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert database_url() == f"sqlite:///{tmp_path.as_posix()}/home/.local/share/itil-app/progress.sqlite3"
    assert (tmp_path / "home" / ".local" / "share" / "itil-app").is_dir()


# Profiles


def test_create_profiles_sorted_by_name_with_clock_time(store, clock):
    bea = store.create_profile("  Bea ")
    clock.tick(seconds=1)
    ann = store.create_profile("Ann")
    assert (bea.name, bea.created_at) == ("Bea", T0)
    assert ann.created_at == T0 + timedelta(seconds=1)
    assert store.profiles() == [ann, bea]


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_create_profile_refuses_empty_or_too_long_names(store, name):
    with pytest.raises(ValueError, match="name"):
        store.create_profile(name)
    assert store.profiles() == []


def test_create_profile_refuses_a_duplicate_name(store):
    store.create_profile("Ann")
    with pytest.raises(ValueError, match="a profile named 'Ann' already exists"):
        store.create_profile(" Ann")
    assert [p.name for p in store.profiles()] == ["Ann"]


def test_rename_profile(store):
    ann = store.create_profile("Ann")
    store.create_profile("Bea")
    renamed = store.rename_profile(ann.id, " Anna ")
    assert renamed == Profile(ann.id, "Anna", ann.created_at)
    with pytest.raises(ValueError, match="already exists"):
        store.rename_profile(ann.id, "Bea")
    with pytest.raises(ValueError, match="needs a name"):
        store.rename_profile(ann.id, " ")
    with pytest.raises(LookupError, match="no profile with id 999"):
        store.rename_profile(999, "Cy")
    assert [p.name for p in store.profiles()] == ["Anna", "Bea"]


# Answers


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_records_its_answers(store, mode):
    profile = store.create_profile("Ann")
    at = T0 + timedelta(minutes=3)
    exam_id = "e1" if mode == "exam" else None
    first = store.record_answer(profile.id, answer("q1", mode, answered_at=at, exam_id=exam_id))
    second = store.record_answer(profile.id, answer("q2", mode, chosen=[3, 1], correct=False, seconds=None,
                                                    confidence=None, answered_at=at + timedelta(seconds=9)))
    frame = store.answers(profile.id)
    assert isinstance(first, int) and second > first
    assert frame["id"].tolist() == [first, second]
    assert frame["mode"].tolist() == [mode, mode]
    assert frame["shown"].tolist() == [(2, 0, 3, 1), (2, 0, 3, 1)]
    assert frame["chosen"].tolist() == [(0,), (1, 3)]
    assert frame["correct"].tolist() == [True, False]
    assert frame.loc[0, "seconds"] == 4.25 and pd.isna(frame.loc[1, "seconds"])
    assert frame.loc[0, "confidence"] == "sure" and pd.isna(frame.loc[1, "confidence"])
    assert frame["answered_at"].tolist() == [at, at + timedelta(seconds=9)]
    assert (frame.loc[0, "exam_id"] == "e1") is (mode == "exam")


def test_answers_frame_has_fixed_columns_and_types_even_when_empty(store):
    profile = store.create_profile("Ann")
    empty = store.answers(profile.id)
    store.record_answer(profile.id, answer(confidence=None))
    full = store.answers(profile.id)
    assert list(full.columns) == ["id", "question_id", "bank_id", "question_hash", "mode", "shown", "chosen",
                                  "correct", "seconds", "confidence", "answered_at", "exam_id"]
    assert empty.empty and empty.dtypes.equals(full.dtypes)
    assert str(full["answered_at"].dtype) == "datetime64[us, UTC]"
    assert full["correct"].dtype == bool and full["seconds"].dtype == "float64"
    assert isinstance(full.loc[0, "shown"], tuple) and isinstance(full.loc[0, "chosen"], tuple)


def test_answered_at_defaults_to_the_clock_and_other_zones_become_utc(store, clock):
    profile = store.create_profile("Ann")
    store.record_answer(profile.id, answer("q1"))
    paris = datetime(2025, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    store.record_answer(profile.id, answer("q2", answered_at=paris))
    times = store.answers(profile.id)["answered_at"].tolist()
    assert times == [T0, datetime(2025, 3, 1, 11, 0, tzinfo=UTC)]


def test_record_answers_in_bulk_returns_the_count(store):
    profile = store.create_profile("Ann")
    batch = (answer(f"q{i}", "exam", answered_at=T0 + timedelta(seconds=i)) for i in range(250))
    assert store.record_answers(profile.id, batch) == 250
    assert store.record_answers(profile.id, []) == 0
    assert store.answers(profile.id)["question_id"].tolist() == [f"q{i}" for i in range(250)]


def test_invalid_answers_are_refused_before_anything_is_written(store):
    profile = store.create_profile("Ann")
    with pytest.raises(ValueError, match="mode must be one of practice, check, review, exam"):
        answer(mode="quiz")
    with pytest.raises(ValueError, match="confidence"):
        answer(confidence="maybe")
    naive = answer("q2", answered_at=datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="no timezone"):
        store.record_answers(profile.id, [answer("q1"), naive])
    with pytest.raises(LookupError, match="no profile with id 999"):
        store.record_answer(999, answer())
    assert store.answers(profile.id).empty


# Review cards


def test_cards_upsert_and_come_due_soonest_first(store, clock):
    profile = store.create_profile("Ann")
    assert store.card(profile.id, "q1") is None
    store.save_card(profile.id, "q1", {"stability": 1.0}, clock.now + timedelta(days=3))
    store.save_card(profile.id, "q2", {"stability": 2.0}, clock.now + timedelta(hours=1))
    store.save_card(profile.id, "q3", {"stability": 3.0}, clock.now - timedelta(hours=1))
    assert store.due_question_ids(profile.id, clock.now) == ["q3"]
    clock.tick(hours=2)
    assert store.due_question_ids(profile.id, clock.now) == ["q3", "q2"]
    store.save_card(profile.id, "q1", {"stability": 0.5, "lapses": 1}, clock.now - timedelta(days=1))
    assert store.card(profile.id, "q1") == {"stability": 0.5, "lapses": 1}
    assert store.due_question_ids(profile.id, clock.now) == ["q1", "q3", "q2"]
    cards = store.cards(profile.id)
    assert cards["question_id"].tolist() == ["q1", "q3", "q2"]
    assert cards.loc[0, "due"] == clock.now - timedelta(days=1)
    with pytest.raises(ValueError, match="no timezone"):
        store.save_card(profile.id, "q4", {}, datetime(2025, 1, 1))


# Exams


def test_open_exam_is_the_newest_unfinished_one(store):
    profile = store.create_profile("Ann")
    assert store.open_exam(profile.id) is None
    store.save_exam(profile.id, "old", "foundation", {"position": 1}, total=40, started_at=T0)
    store.save_exam(profile.id, "new", "foundation", {"position": 5}, total=40, started_at=T0 + timedelta(days=1))
    store.save_exam(profile.id, "done", "foundation", {}, total=40, started_at=T0 + timedelta(days=2),
                    finished_at=T0 + timedelta(days=2, hours=1), score=30, passed=True)
    assert store.open_exam(profile.id) == ("new", "foundation", {"position": 5})
    store.save_exam(profile.id, "new", "foundation", {"position": 40}, total=40, started_at=T0 + timedelta(days=1),
                    finished_at=T0 + timedelta(days=1, hours=1), score=20, passed=False)
    assert store.open_exam(profile.id) == ("old", "foundation", {"position": 1})
    store.save_exam(profile.id, "old", "foundation", {}, total=40, started_at=T0,
                    finished_at=T0 + timedelta(hours=1), score=40, passed=True)
    assert store.open_exam(profile.id) is None


def test_exams_lists_finished_exams_with_percent(store):
    profile = store.create_profile("Ann")
    assert list(store.exams(profile.id).columns) == ["exam_id", "blueprint_id", "started_at", "finished_at",
                                                     "score", "total", "passed", "imported", "percent"]
    store.save_exam(profile.id, "a", "foundation", {}, total=40, started_at=T0, finished_at=T0 + timedelta(hours=1),
                    score=26, passed=True)
    store.save_exam(profile.id, "b", "foundation", {}, total=40, started_at=T0 + timedelta(days=1))
    exams = store.exams(profile.id)
    assert exams["exam_id"].tolist() == ["a"]
    assert exams.loc[0, "percent"] == 65.0 and exams.loc[0, "score"] == 26 and bool(exams.loc[0, "passed"])
    assert exams.loc[0, "finished_at"] == T0 + timedelta(hours=1)


# Profiles are separate, and go away whole


def test_two_profiles_never_see_each_others_data(store, clock):
    ann, bea = store.create_profile("Ann"), store.create_profile("Bea")
    fill(store, ann.id, clock, tag="a")
    assert store.answers(bea.id).empty and store.cards(bea.id).empty and store.exams(bea.id).empty
    assert store.open_exam(bea.id) is None
    assert store.card(bea.id, "qa1") is None
    assert store.due_question_ids(bea.id, T0 + timedelta(days=9)) == []
    with pytest.raises(ValueError, match="belongs to another profile"):
        store.save_exam(bea.id, "exam-aopen", "foundation", {}, total=1, started_at=T0)
    store.save_card(bea.id, "qa1", {"bea": True}, T0)
    assert store.card(ann.id, "qa1") == CARD_RIGHT
    assert store.open_exam(ann.id) == ("exam-aopen", "foundation", {"answers": {}, "position": 3})


def test_deleting_a_profile_deletes_its_data_and_nothing_else(store, clock):
    ann, bea = store.create_profile("Ann"), store.create_profile("Bea")
    fill(store, ann.id, clock, tag="a")
    fill(store, bea.id, clock, tag="b")
    bea_before = (store.answers(bea.id), store.cards(bea.id), store.exams(bea.id), store.open_exam(bea.id))
    assert table_counts(store) == {"profiles": 2, "answers": 8, "review_cards": 4, "exams": 4}
    store.delete_profile(ann.id)
    assert table_counts(store) == {"profiles": 1, "answers": 4, "review_cards": 2, "exams": 2}
    assert store.profiles() == [bea]
    assert store.answers(ann.id).empty and store.cards(ann.id).empty and store.open_exam(ann.id) is None
    assert_frame_equal(store.answers(bea.id), bea_before[0])
    assert_frame_equal(store.cards(bea.id), bea_before[1])
    assert_frame_equal(store.exams(bea.id), bea_before[2])
    assert store.open_exam(bea.id) == bea_before[3]
    with pytest.raises(LookupError):
        store.delete_profile(ann.id)


# Export and import


def assert_same_profile(one: Store, one_id: int, other: Store, other_id: int) -> None:
    assert_frame_equal(one.answers(one_id).drop(columns="id"), other.answers(other_id).drop(columns="id"))
    assert_frame_equal(one.cards(one_id), other.cards(other_id))
    for question_id in one.cards(one_id)["question_id"]:
        assert one.card(one_id, question_id) == other.card(other_id, question_id)
    assert_frame_equal(one.exams(one_id).drop(columns="imported"), other.exams(other_id).drop(columns="imported"))
    assert other.exams(other_id)["imported"].all(), "imported exams are marked: their scores come from a file"
    assert other.open_exam(other_id) is None, "an imported unfinished exam is never resumed"


def test_export_then_import_round_trips_a_profile_exactly(store, clock, tmp_path):
    ann = store.create_profile("Ann")
    fill(store, ann.id, clock)
    exported = store.export_profile(ann.id)
    document = json.loads(json.dumps(exported))
    assert document == exported
    assert (document["format"], document["version"], document["name"]) == ("itil-app-profile", 1, "Ann")
    assert len(document["answers"]) == 4 and len(document["cards"]) == 2 and len(document["exams"]) == 2
    with Store(f"sqlite:///{tmp_path / 'other.sqlite3'}") as other:
        imported = other.import_profile(document)
        assert (imported.name, imported.created_at) == ("Ann", ann.created_at)
        assert_same_profile(store, ann.id, other, imported.id)
        assert other.export_profile(imported.id) == exported


def test_import_next_to_the_original_needs_a_new_name_and_gets_new_exam_ids(store, clock):
    ann = store.create_profile("Ann")
    fill(store, ann.id, clock)
    document = json.loads(json.dumps(store.export_profile(ann.id)))
    with pytest.raises(ValueError, match="a profile named 'Ann' already exists"):
        store.import_profile(document)
    copy = store.import_profile(document, name="Ann (copy)")
    assert [p.name for p in store.profiles()] == ["Ann", "Ann (copy)"]
    original, copied = store.answers(ann.id), store.answers(copy.id)
    columns = ["id", "exam_id"]
    assert_frame_equal(original.drop(columns=columns), copied.drop(columns=columns))
    finished = store.exams(copy.id).loc[0, "exam_id"]
    assert finished != "exam-done" and copied["exam_id"].dropna().tolist() == [finished]
    assert store.open_exam(copy.id) is None and store.open_exam(ann.id)[0] == "exam-open"
    open_copy = next(e for e in document["exams"] if e["finished_at"] is None)
    assert store.exam(ann.id, open_copy["exam_id"]).imported is False


def _valid_document() -> dict:
    return {"format": "itil-app-profile", "version": 1, "name": "Ann", "created_at": "2025-03-01T09:00:00Z",
            "answers": [{"question_id": "q1", "bank_id": "b", "question_hash": "h", "mode": "practice",
                         "shown": [1, 0], "chosen": [0], "correct": True, "answered_at": "2025-03-01T09:01:00Z"}],
            "cards": [], "exams": []}


def _broken(change) -> dict:
    document = _valid_document()
    change(document)
    return document


@pytest.mark.parametrize(("document", "message"), [
    ([1, 2], "document: Input should be a valid dictionary"),
    (_broken(lambda d: d.update(format="anki")), "format: Input should be 'itil-app-profile'"),
    (_broken(lambda d: d.update(version=2)), "version: Input should be 1"),
    (_broken(lambda d: d.pop("name")), "name: Field required"),
    (_broken(lambda d: d["answers"][0].update(mode="quiz")), "answers.0.mode: Input should be 'practice'"),
    (_broken(lambda d: d["answers"][0].update(shown=["a"])), "answers.0.shown.0: Input should be a valid integer"),
    (_broken(lambda d: d["answers"][0].update(answered_at="2025-03-01T09:01:00")),
     "answers.0.answered_at: Input should have timezone info"),
    (_broken(lambda d: d["answers"][0].update(extra=1)), "answers.0.extra: Extra inputs are not permitted"),
    (_broken(lambda d: d.update(exams=[{"exam_id": "e", "blueprint_id": "f", "started_at": "2025-03-01T09:00Z",
                                       "state": {}, "total": 1}] * 2)), "exam 'e' appears twice"),
])
def test_a_bad_import_document_raises_a_clear_value_error(store, document, message):
    with pytest.raises(ValueError, match="not a valid profile export") as raised:
        store.import_profile(document)
    assert message in str(raised.value)
    assert store.profiles() == []


def test_the_valid_import_document_used_above_imports(store):
    profile = store.import_profile(_valid_document(), name=" Bea ")
    assert profile.name == "Bea"
    assert store.answers(profile.id)["shown"].tolist() == [(1, 0)]


# The database itself


def test_sqlite_runs_in_wal_mode(db_path):
    Store(f"sqlite:///{db_path}").close()
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_second_store_on_the_same_file_sees_the_data(db_path, clock):
    with Store(f"sqlite:///{db_path}", clock=clock) as first:
        ann = first.create_profile("Ann")
        fill(first, ann.id, clock)
        before = first.export_profile(ann.id)
    with Store(f"sqlite:///{db_path}") as second:
        assert second.profiles() == [ann]
        assert second.export_profile(ann.id) == before
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0005",)]


def test_an_in_memory_database_keeps_its_data_between_calls():
    with Store("sqlite://") as memory:
        ann = memory.create_profile("Ann")
        memory.record_answer(ann.id, answer())
        assert len(memory.answers(ann.id)) == 1


def test_the_migrations_build_exactly_the_models_schema(store, database_url):
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            tables = set(inspect(connection).get_table_names())
        assert tables == {"alembic_version", "profiles", "answers", "review_cards", "exams", "browser_sessions",
                          "classroom_sessions", "classroom_steps", "classroom_seats", "classroom_answers",
                          "practice_rounds"}
        with engine.begin() as connection:
            command.downgrade(migration_config(connection), "base")
            assert set(inspect(connection).get_table_names()) == {"alembic_version"}
            command.upgrade(migration_config(connection), "head")
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()


def test_the_migrations_render_for_postgresql():
    output = io.StringIO()
    config = migration_config()
    config.output_buffer = output
    config.set_main_option("sqlalchemy.url", "postgresql://")
    command.upgrade(config, "head", sql=True)
    sql = output.getvalue()
    assert "CREATE TABLE answers" in sql and "TIMESTAMP WITH TIME ZONE" in sql
    assert sql.count("ON DELETE CASCADE") == 9 and sql.count("ON DELETE SET NULL") == 1
    assert "shown TEXT NOT NULL" in sql


def test_question_and_daily_stats_are_counted_in_the_database(tmp_path):
    times = iter(datetime(2026, 1, day, hour, tzinfo=UTC) for day, hour in
                 [(1, 9), (1, 10), (2, 8), (2, 9), (3, 7)])
    with Store(f"sqlite:///{tmp_path / 'stats.sqlite3'}", clock=lambda: next(times)) as store:
        learner = store.create_profile("Stats")
        for qid, correct in [("q1", False), ("q1", True), ("q2", True), ("q1", False)]:
            store.record_answer(learner.id, AnswerRecord(qid, "b", "h", "practice", (0, 1), (0,), correct))
        per_question = store.question_stats(learner.id).set_index("question_id")
        assert per_question.loc["q1", ["attempts", "right"]].tolist() == [3, 1]
        assert not per_question.loc["q1", "last_correct"], "the latest answer to q1 was wrong"
        assert per_question.loc["q2", "last_correct"]
        assert list(per_question.index) == ["q1", "q2"], "most recently answered first"
        daily = store.daily_stats(learner.id)
        assert daily["attempts"].tolist() == [1, 2, 1] and daily["right"].tolist() == [0, 2, 0]
        assert str(daily["period"].iloc[1].date()) == "2026-01-02"
        latest = store.answers(learner.id, latest=2)
        assert latest["question_id"].tolist() == ["q2", "q1"], "the two newest, oldest first"
        answer_id = int(latest["id"].iloc[-1])
        store.set_confidence(learner.id, answer_id, "guessed")
        assert store.answers(learner.id)["confidence"].iloc[-1] == "guessed"
        with pytest.raises(ValueError):
            store.set_confidence(learner.id, answer_id, "maybe")


def test_an_answer_and_its_card_are_stored_together(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'together.sqlite3'}") as store:
        learner = store.create_profile("T")
        due = datetime(2030, 1, 1, tzinfo=UTC)
        answer_id = store.record_answer(learner.id, AnswerRecord("q1", "b", "h", "practice", (0, 1), (1,), True),
                                        card=({"state": 1}, due))
        assert store.answers(learner.id)["id"].tolist() == [answer_id]
        assert store.card(learner.id, "q1") == {"state": 1}
        assert store.cards(learner.id)["due"].tolist() == [pd.Timestamp(due)]
        with pytest.raises(LookupError):
            store.record_answer(learner.id + 99, AnswerRecord("q1", "b", "h", "practice", (0,), (0,), True),
                                card=({"state": 1}, due))
        assert len(store.answers(learner.id)) == 1, "nothing is stored for an unknown learner"


# One-way exams and hostile imports


def test_finishing_an_exam_is_one_way_and_records_its_answers_once(store):
    ann = store.create_profile("Ann")
    first = store.save_exam(ann.id, "e1", "foundation", {"position": 0}, total=2, started_at=T0)
    answer = AnswerRecord("q1", "core", "h", "exam", (0, 1), (1,), False, answered_at=T0, exam_id="e1")
    # Two tabs hold version 1; the first saves an answer, then finishes with its answers.
    second = store.save_exam(ann.id, "e1", "foundation", {"position": 1}, total=2, started_at=T0, version=first)
    done = store.save_exam(ann.id, "e1", "foundation", {"position": 1}, total=2, started_at=T0, version=second,
                           finished_at=T0 + timedelta(minutes=5), score=0, passed=False, answers=[(answer, None)])
    assert done == 3
    # The stale tab can neither write its old state, nor finish again, nor add answers.
    for version in (first, second, done):
        with pytest.raises(StaleExamError, match="finished in another tab"):
            store.save_exam(ann.id, "e1", "foundation", {"position": 0}, total=2, started_at=T0, version=version,
                            finished_at=T0 + timedelta(minutes=9), score=2, passed=True,
                            answers=[(answer, None)])
    saved = store.exam(ann.id, "e1")
    assert saved.finished and saved.version == 3 and saved.state == {"position": 1}
    assert store.exams(ann.id).loc[0, "score"] == 0 and len(store.answers(ann.id)) == 1


def test_a_stale_save_of_an_open_exam_is_refused(store):
    ann = store.create_profile("Ann")
    store.save_exam(ann.id, "e1", "foundation", {"position": 0}, total=2, started_at=T0)
    store.save_exam(ann.id, "e1", "foundation", {"position": 1}, total=2, started_at=T0, version=1)
    with pytest.raises(StaleExamError, match="saved again in another tab"):
        store.save_exam(ann.id, "e1", "foundation", {"position": 0}, total=2, started_at=T0, version=1)
    assert store.exam(ann.id, "e1").state == {"position": 1}


def _export_with(**changes) -> dict:
    document = {"format": "itil-app-profile", "version": 1, "name": "Forged", "created_at": T0.isoformat(),
                "answers": [], "cards": [], "exams": []}
    document.update(changes)
    return document


@pytest.mark.parametrize(("document", "phrase"), [
    (_export_with(cards=[{"question_id": "q1", "card": {}, "due": T0.isoformat()}]), "not a review card fsrs can read"),
    (_export_with(exams=[{"exam_id": "e", "blueprint_id": "b", "started_at": T0.isoformat(),
                          "state": {"deep": [[[[[[[[[[[[1]]]]]]]]]]]]}, "total": 1}]), "nested more than 10 levels"),
    (_export_with(exams=[{"exam_id": "e", "blueprint_id": "b", "started_at": T0.isoformat(), "state": {},
                          "total": 1, "score": 40, "finished_at": T0.isoformat(), "passed": True}]),
     "score 40 is more than the 1 questions"),
], ids=["empty-card", "deep-state", "score-over-total"])
def test_hostile_import_documents_are_refused_and_change_nothing(store, document, phrase):
    with pytest.raises(ValueError, match=phrase):
        store.import_profile(document)
    assert store.profiles() == []


def test_an_imported_passed_exam_is_marked_as_imported(store):
    document = _export_with(exams=[{"exam_id": "e", "blueprint_id": "itil4-foundation", "started_at": T0.isoformat(),
                                    "finished_at": T0.isoformat(), "state": {}, "total": 40, "score": 40,
                                    "passed": True}])
    forged = store.import_profile(document)
    assert store.exams(forged.id)["imported"].tolist() == [True]


@pytest.mark.parametrize(("raw", "phrase"), [
    (b"", "not valid JSON (line 1, column 1: expecting value)"),
    (b"\xff\xfe", "not a text file"),
    (b"[1, 2]", "holds a JSON list or value"),
    (b"[" * 100_000 + b"]" * 100_000, "nested far too deeply"),
    (b" " * (16 * 1024 * 1024 + 1), "a profile export is at most 16,777,216"),
], ids=["empty", "binary", "list", "deep", "too-large"])
def test_an_uploaded_export_that_is_not_one_is_described_in_plain_words(raw, phrase):
    with pytest.raises(ValueError, match=re.escape(phrase)):
        parse_export(raw)


def test_a_learner_restores_an_export_into_their_own_profile(store, clock):
    ann = store.create_profile("Ann")
    fill(store, ann.id, clock)
    document = json.loads(json.dumps(store.export_profile(ann.id)))
    bea = store.create_profile("Bea")
    store.save_card(bea.id, "qa1", CARD_WRONG, T0)
    assert store.import_into(bea.id, document) == len(document["answers"])
    assert len(store.answers(bea.id)) == len(document["answers"])
    assert store.card(bea.id, "qa1") == CARD_WRONG, "a card the profile has is kept"
    assert store.exams(bea.id)["imported"].all() and store.open_exam(bea.id) is None
    with pytest.raises(ValueError, match="not a valid profile export"):
        store.import_into(bea.id, {"format": "nope"})
    assert len(store.answers(bea.id)) == len(document["answers"]), "a failed import changes nothing"


def test_a_practice_round_in_progress_is_kept_replaced_and_discarded(store):
    learner = store.create_profile("Round keeper").id
    assert store.open_round(learner) is None
    store.save_round(learner, {"position": 1}, datetime(2026, 1, 1, tzinfo=UTC))
    store.save_round(learner, {"position": 2}, datetime(2026, 1, 1, tzinfo=UTC))
    assert store.open_round(learner) == {"position": 2}
    store.discard_round(learner)
    assert store.open_round(learner) is None
    store.save_round(learner, {"position": 3}, datetime(2026, 1, 1, tzinfo=UTC))
    store.delete_profile(learner)
    assert store.open_round(learner) is None
