"""Streamlit helpers shared by the pages, one module per concern; headless logic lives in quiz/ and course/."""
