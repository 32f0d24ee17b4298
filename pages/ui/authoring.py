"""The Authoring page's glue: the upload's preview and save, bank export, and the item analysis views.

Writing into the questions folder happens only in `save_import`, and reading learners' answers only in
`analysis_table`: the places a trainer-role check is to wrap once roles exist (the page is open for now).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from authoring import analysis
from authoring.banks import FORMATS, SaveError, bank_text, export_bank, import_files, save_bank
from authoring.convert import ImportResult, slugify
from authoring.figures import facility_discrimination_figure, option_choices_figure
from pages.ui.content import library
from pages.ui.diagram import take_click
from pages.ui.settings import questions_dir
from pages.ui.store import store

GUESS = "guess from the file"


def import_preview(uploads: list, fmt: str, topic: str) -> ImportResult:
    """Read the uploaded files; ids avoid those of the banks already served."""
    taken = library().questions
    files = [(upload.name, upload.getvalue()) for upload in uploads]
    return import_files(files, fmt=None if fmt == GUESS else fmt, topic=slugify(topic, "") or None, taken=taken)


def save_import(result: ImportResult, bank_id: str, title: str, filename: str) -> None:
    """Save the imported questions as a new bank file; on any problem nothing is written and the problems show."""
    target = questions_dir() / Path(filename).name
    text = bank_text([item.question for item in result.questions], bank_id, title or None)
    try:
        saved = save_bank(target, text, library())
    except SaveError as exc:
        st.error("Not saved; the questions folder is unchanged:", icon=":material/error:")
        st.code("\n".join(map(str, exc.problems)), language=None)
        return
    st.success(f"Saved **{len(saved.bank.questions)}** questions as bank **{saved.bank.id}** in `{saved.path}`.",
               icon=":material/check_circle:")


def show_preview(result: ImportResult) -> None:
    if result.problems:
        st.warning(f"{len(result.problems)} item(s) not imported:", icon=":material/warning:")
        st.code("\n".join(map(str, result.problems)), language=None)
    if not result.questions:
        st.info("No question could be imported from these files.", icon=":material/info:")
        return
    rows = [(i.question.id, i.question.topic, i.question.style, len(i.question.options),
             " | ".join(o.text for o in i.question.options if o.correct), "; ".join(i.notes))
            for i in result.questions]
    st.dataframe(pd.DataFrame(rows, columns=["id", "topic", "style", "options", "key", "notes"]), hide_index=True,
                 key="authoring.preview")
    ids = [i.question.id for i in result.questions]
    chosen = st.selectbox("Look at a question", ids, key="authoring.preview_question")
    item = result.questions[ids.index(chosen)]
    question_card(item.question, item.notes)


def question_card(question, notes=()) -> None:
    """A question as an author checks it: prompt, options with the key marked in words, whys, explanation."""
    with st.container(border=True):
        st.markdown(question.prompt)
        for letter, option in zip("ABCDEF", question.options, strict=False):
            mark = "**key**" if option.correct else "wrong"
            st.markdown(f"{letter}. {option.text} ({mark})" + (f"  \n*Why:* {option.why}" if option.why else ""))
        st.markdown(f"*Explanation:* {question.explanation}")
        for note in notes:
            st.caption(note)


def export_section() -> None:
    banks = {bank.id: bank for bank in library().banks}
    if not banks:
        st.info("No bank is loaded.", icon=":material/info:")
        return
    bank_id = st.selectbox("Bank", list(banks), format_func=lambda b: banks[b].info.title, key="authoring.export_bank")
    fmt = st.radio("Format", FORMATS, horizontal=True, key="authoring.export_format",
                   format_func={"aiken": "Aiken (one answer, no feedback)", "gift": "GIFT (keeps everything)"}.get)
    exported = export_bank(banks[bank_id].questions, fmt)
    st.download_button(f"Download {bank_id}.{'gift' if fmt == 'gift' else 'txt'}", data=exported.text,
                       file_name=f"{bank_id}.{'gift' if fmt == 'gift' else 'txt'}", mime="text/plain",
                       key="authoring.download", icon=":material/download:")
    lost = {qid: "; ".join(what) for qid, what in exported.left_out.items() if what}
    if lost:
        st.caption(f"{fmt.capitalize()} cannot hold everything; per question, what the file leaves out "
                   f"({len(exported.skipped)} question(s) not exported at all):")
        st.dataframe(pd.DataFrame(list(lost.items()), columns=["question", "left out"]), hide_index=True,
                     key="authoring.left_out")
    else:
        st.caption("Nothing is left out.")


def analysis_table(bank_id: str | None, all_attempts: bool) -> pd.DataFrame:
    questions = [q for bank in library().banks if bank_id in (None, bank.id) for q in bank.questions]
    return analysis.analyse(questions, store().all_answers(bank_id=bank_id), first_attempts=not all_attempts)


def analysis_section() -> None:
    banks = {bank.id: bank.info.title for bank in library().banks}
    left, right = st.columns(2)
    bank_id = left.selectbox("Questions of", [None, *banks], format_func=lambda b: banks.get(b, "All banks"),
                             key="authoring.analysis_bank")
    all_attempts = right.toggle("Count every attempt (not only each learner's first)", key="authoring.all_attempts")
    table = analysis_table(bank_id, all_attempts)
    judged = table[table["method"] != analysis.NOT_ENOUGH]
    st.caption(f"{len(judged)} of {len(table)} questions have at least {analysis.MIN_RESPONSES} responses; "
               f"{int((table['flag_count'] > 0).sum())} are flagged. Flags are hints for a person to check.")
    shown = table.assign(flags=table["flags"].map(", ".join), facility=table["facility"].round(2),
                         discrimination=table["discrimination"].round(2))
    shown = shown[["question_id", "flags", "flag_count", "responses", "facility", "discrimination", "method", "topic",
                   "earlier_versions"]]
    headings = {"question_id": "Question", "flags": "Flags", "flag_count": "Number of flags", "responses": "Responses",
                "facility": "Facility", "discrimination": "Discrimination", "method": "Method", "topic": "Topic",
                "earlier_versions": "Answers to earlier versions"}
    st.dataframe(shown, hide_index=True, key="authoring.analysis",
                 column_config={column: st.column_config.Column(label) for column, label in headings.items()})
    take_click("authoring.chart", "authoring.question")
    st.plotly_chart(facility_discrimination_figure(table), key="authoring.chart", on_select="rerun",
                    selection_mode="points", config={"displayModeBar": False})
    ids = table["question_id"].tolist()
    if st.session_state.get("authoring.question") not in ids and ids:
        st.session_state["authoring.question"] = ids[0]
    if not ids:
        return
    chosen = st.selectbox("Question", ids, key="authoring.question", help="Or click its point in the chart.")
    row = table[table["question_id"] == chosen].iloc[0]
    if row["flags"]:
        st.warning(analysis.flag_text(row["flags"]), icon=":material/flag:")
    method = row["method"] if row["method"] == analysis.NOT_ENOUGH else f"discrimination by {row['method']}"
    st.caption(f"{row['responses']} responses; {method}.")
    st.plotly_chart(option_choices_figure(row), key="authoring.options", config={"displayModeBar": False})
