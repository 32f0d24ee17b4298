"""Entry point: page set-up, shared sidebar, and the router."""

import streamlit as st

st.set_page_config(page_title="ITIL 4 service relationships", page_icon=":material/handshake:", layout="wide")

pages = {
    "Start": [st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)],
    "Practise": [st.Page("pages/practice.py", title="Practice", icon=":material/quiz:")],
    "Authors": [st.Page("pages/bank_health.py", title="Bank health", icon=":material/fact_check:")],
}
st.navigation(pages).run()
