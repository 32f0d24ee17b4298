"""Authoring: import Aiken or GIFT files as a bank, export banks, and find the questions that misbehave."""

import streamlit as st

from authoring.banks import FORMATS, MAX_IMPORT_BYTES
from authoring.convert import slugify
from pages.ui.account import require_trainer
from pages.ui.authoring import GUESS, analysis_section, export_section, import_preview, save_import, show_preview
from pages.ui.settings import questions_dir

st.title("Authoring")
require_trainer()  # saving into the questions folder and every learner's answers are for trainers only
importing, exporting, analysing = st.tabs(["Import", "Export", "Item analysis"])

with importing:
    st.markdown("Turn Moodle **Aiken** or **GIFT** files into a bank. Every question is shown before anything is "
                f"saved; the bank goes into **{questions_dir()}** only when you save it.")
    limit_mb = min(MAX_IMPORT_BYTES // 2**20, st.get_option("server.maxUploadSize"))  # the server's cap may be lower
    uploads = st.file_uploader(f"Aiken or GIFT files (at most {limit_mb} MB each)",
                               type=["txt", "gift"], accept_multiple_files=True, key="authoring.upload")
    left, right = st.columns(2)
    fmt = left.selectbox("Format", [GUESS, *FORMATS], key="authoring.format")
    topic = right.text_input("Topic of questions without a GIFT category", key="authoring.topic",
                             placeholder="default: the file's name")
    if uploads:
        result = import_preview(uploads, fmt, topic)
        show_preview(result)
        if result.questions:
            st.subheader("Save as a new bank")
            first, second, third = st.columns(3)
            default = slugify(uploads[0].name.rsplit(".", 1)[0], "imported")
            bank_id = first.text_input("Bank id", value=default, key="authoring.bank_id")
            title = second.text_input("Bank title", key="authoring.title", placeholder="default: from the id")
            filename = third.text_input("File name", value=f"{slugify(bank_id, 'imported')}.yaml",
                                        key="authoring.filename")
            if st.button(f"Save {len(result.questions)} questions", key="authoring.save", type="primary",
                         icon=":material/save:"):
                save_import(result, bank_id, title, filename)

with exporting:
    export_section()

with analysing:
    analysis_section()
