"""Headless quiz engine: bank models and validation, grading, practice rounds, exams, review scheduling,
progress statistics and storage. Never imports Streamlit."""
