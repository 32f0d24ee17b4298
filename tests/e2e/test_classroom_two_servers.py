"""Two app processes on one PostgreSQL database serve one class: the trainer on one, students on both.

Nothing of a session lives in a process's memory, so every answer given through either server must reach the
trainer's screen and the database.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from classroom import Classroom
from quiz.loader import load_library
from quiz.storage import Store
from tests.e2e.conftest import GOOD_BANKS, app_env, app_server, unlock_trainer
from tests.e2e.test_classroom_browser import PHONE, PROJECTOR, answer, join_class, new_page, press

pytestmark = [pytest.mark.browser, pytest.mark.postgresql]


def test_students_on_two_servers_sharing_one_postgresql(browser: Browser, pg_cluster, tmp_path):
    database = pg_cluster.new_database()
    Store(database).close()  # migrate once here, not from two processes at the same time
    env = {"ITIL_APP_DATABASE_URL": database}
    with (app_server(app_env(tmp_path / "a") | env, tmp_path / "a.log") as first,
          app_server(app_env(tmp_path / "b") | env, tmp_path / "b.log") as second):
        trainer = new_page(browser, PROJECTOR)
        trainer.goto(f"{first}/classroom")
        unlock_trainer(trainer)
        trainer.get_by_role("spinbutton", name="Number of questions").fill("2")
        trainer.keyboard.press("Tab")
        trainer.get_by_role("button", name="Start session").click()
        code = trainer.get_by_test_id("stMetricValue").inner_text().strip()
        students = {}
        for name, server in (("Ann", first), ("Bob", second), ("Cleo", first), ("Dev", second)):
            students[name] = join_class(browser, server, code, name, PHONE)
        expect(trainer.get_by_text("4 joined")).to_be_visible()

        store = Store(database)
        engine = Classroom(store, load_library([GOOD_BANKS]).questions)
        session_id = engine.list_sessions()[0].id
        press(trainer, "Show the first question")
        for number in range(2):
            press(trainer, "Open answering")
            for at, page in enumerate(students.values()):
                answer(page, [at % 2])
            expect(trainer.get_by_text("4 of 4 answered")).to_be_visible()
            press(trainer, "Close answering")
            press(trainer, "Reveal the answer")
            for page in students.values():
                expect(page.get_by_text("Your rank")).to_be_visible()
            press(trainer, "Finish" if number == 1 else "Next question")
        expect(trainer.get_by_role("heading", name="Results")).to_be_visible()
        results = engine.results(session_id)
        assert sorted(results["student"]) == ["Ann", "Bob", "Cleo", "Dev"]
        for column in ("Q1", "Q2"):
            assert "no answer" not in set(results[column]), results  # 8 answers sent, 8 stored
        store.close()
        for page in [trainer, *students.values()]:
            page.context.close()
