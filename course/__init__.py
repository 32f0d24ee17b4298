"""Course model (constructs, scenarios, chains, glossary) and the plotly figure builders; no Streamlit."""
