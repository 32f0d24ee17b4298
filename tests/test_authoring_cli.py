"""`python -m quiz import / export / analyse`: written banks pass validate, failures write nothing."""

from datetime import UTC, datetime
from pathlib import Path

from authoring.gift import read_gift
from quiz.__main__ import main
from quiz.loader import load_bank
from quiz.storage import AnswerRecord, Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "authoring"
SHIPPED = ROOT / "content" / "questions" / "service-relationships.yaml"


def test_import_writes_a_bank_that_validates_and_lists_what_it_skipped(tmp_path, capsys):
    out = tmp_path / "imported.yaml"
    code = main(["import", str(FIXTURES / "rules.gift"), str(FIXTURES / "good.aiken.txt"), "-o", str(out),
                 "--bank-id", "moodle-import", "--topic", "service-provision"])
    printed = capsys.readouterr().out.splitlines()
    assert code == 2, "written, with items skipped"
    assert f"{FIXTURES / 'rules.gift'}:47: skipped: essay questions are not supported" in printed
    assert printed[-1] == f"imported 14 questions into {out} (bank 'moodle-import'); 7 item(s) not imported"
    bank = load_bank(out)
    assert bank.id == "moodle-import" and len(bank.questions) == 14
    assert {q.topic for q in bank.questions} >= {"service-relationships", "service-provision"}
    assert main(["validate", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert not [line for line in text.splitlines() if line.lstrip().startswith("#")], "no comments in the bank"
    assert "\n  - id: provision-01\n    topic: service-relationships\n    style: standard\n" in text
    assert "prompt: |-\n      This question\n\n      runs over several lines.\n" in text, "text as written, block style"


def test_import_of_nothing_valid_writes_nothing(tmp_path, capsys):
    source = tmp_path / "empty.gift"
    source.write_text("::e::Essay {}\n", encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == f"nothing imported; {tmp_path / 'out.yaml'} not written"
    assert list(tmp_path.iterdir()) == [source]


def test_import_never_overwrites_and_avoids_the_ids_of_the_banks_beside_it(tmp_path, capsys):
    (tmp_path / "existing.yaml").write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    gift = tmp_path / "clash.gift"
    gift.write_text("::sr-resources-01::Which one?{=a ~b}\n", encoding="utf-8")
    assert main(["import", str(gift), "-o", str(tmp_path / "existing.yaml")]) == 1
    assert "a file of this name already exists" in capsys.readouterr().out
    assert (tmp_path / "existing.yaml").read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8")
    assert main(["import", str(gift), "-o", str(tmp_path / "new.yaml")]) == 0
    assert [q.id for q in load_bank(tmp_path / "new.yaml").questions] == ["sr-resources-01-2"]
    assert main(["validate", str(tmp_path)]) == 0


def test_export_gift_round_trips_and_aiken_says_what_it_left_out(tmp_path, capsys):
    assert main(["export", str(SHIPPED), "--format", "gift", "-o", str(tmp_path / "bank.gift")]) == 0
    assert capsys.readouterr().out.endswith("; nothing left out\n")
    back = read_gift((tmp_path / "bank.gift").read_text(encoding="utf-8"), "bank.gift", "x")
    assert [i.question for i in back.questions] == list(load_bank(SHIPPED).questions)
    assert main(["export", str(SHIPPED), "--format", "aiken", "-o", str(tmp_path / "bank.txt")]) == 2
    lines = capsys.readouterr().out.splitlines()
    multi = [q.id for q in load_bank(SHIPPED).questions if q.is_multiple_answer]
    for qid in multi:
        assert f"question '{qid}': not exported: the whole question: it has 2 correct options and Aiken holds one" \
            in lines
    assert any(line.startswith("question 'sr-resources-01': left out: id; topic; explanation; the why of 4")
               for line in lines)
    assert main(["import", str(tmp_path / "bank.txt"), "-o", str(tmp_path / "again.yaml")]) == 0
    assert len(load_bank(tmp_path / "again.yaml").questions) == len(load_bank(SHIPPED).questions) - len(multi)


def test_analyse_prints_the_table_and_writes_csv(tmp_path, capsys):
    bank = load_bank(SHIPPED)
    question = bank.questions[0]
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with Store(url) as store:
        for n in range(25):
            learner = store.create_profile(f"l{n}")
            wrong = min(set(range(len(question.options))) - question.correct_indices)
            chosen = (wrong,) if n % 5 else tuple(question.correct_indices)
            store.record_answers(learner.id, [AnswerRecord(question.id, bank.id, question.content_hash, "practice",
                                                           (0, 1, 2, 3), chosen, n % 5 == 0,
                                                           answered_at=datetime(2026, 1, 1, tzinfo=UTC))])
    csv = tmp_path / "items.csv"
    assert main(["analyse", "--database", url, "--bank", bank.id, "--questions", str(SHIPPED.parent),
                 "--csv", str(csv)]) == 0
    out = capsys.readouterr().out
    assert f"question '{question.id}': 25 responses, facility 0.20," in out
    assert "distractor beats key (hint: a wrong option was chosen more often than the key" in out
    assert "question 'sr-resources-02': 0 responses: not enough data" in out
    assert csv.read_text(encoding="utf-8").startswith("question_id,topic,responses,facility,discrimination,method")
