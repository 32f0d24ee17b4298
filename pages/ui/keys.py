"""Keys on a question (A-F or 1-6 choose, Enter checks) wherever focus is, and a focus ring that can be seen.

Streamlit's own button shortcuts ignore key presses while an <input> has focus, and a radio option is an
<input>: so a learner who tabbed to the options found the keys dead. One small script listens on the page
instead. It only ever reads the options' labels and clicks what the learner could click; no user text goes
into the HTML or the script.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v2 as components

# The options are the radio/checkbox labels of the main area that start with "A. ", "B. ", ...
_JS = """
export default function (component) {
  window.itilQuestionKeys = component.data || {};
  if (window.itilQuestionKeysInstalled) return;
  window.itilQuestionKeysInstalled = true;
  const TYPING = new Set(["TEXTAREA", "SELECT"]);
  const typing = (el) => el && (el.isContentEditable || TYPING.has(el.tagName) ||
    (el.tagName === "INPUT" && !["radio", "checkbox"].includes(el.type)));
  const main = () => document.querySelector('[data-testid="stMain"]') || document;
  const options = () => [...main().querySelectorAll(
      'label[data-testid="stRadioOption"], [data-testid="stCheckbox"] label')]
    .filter((label) => /^[A-F]\\. /.test(label.innerText.trim()));
  const button = (name) => [...main().querySelectorAll("button")]
    .find((b) => b.innerText.trim().split("\\n")[0].trim() === name && !b.disabled);
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (document.querySelector('[role="dialog"]')) return;
    const shown = options();
    if (!shown.length) return;
    const key = event.key.toUpperCase();
    let index = "ABCDEF".indexOf(key);
    if (index < 0 && /^[1-6]$/.test(key)) index = Number(key) - 1;
    if (key.length === 1 && index >= 0 && index < shown.length) {
      event.preventDefault();
      event.stopImmediatePropagation();
      shown[index].click();
      const input = shown[index].querySelector("input");
      if (input) input.focus();
      return;
    }
    // Enter on an option checks; elsewhere Streamlit's own Enter shortcut on the button does.
    const onOption = event.target && event.target.tagName === "INPUT" && shown.some((l) => l.contains(event.target));
    if (event.key === "Enter" && onOption && window.itilQuestionKeys.enter) {
      const target = button(window.itilQuestionKeys.enter);
      if (target) { event.preventDefault(); event.stopImmediatePropagation(); target.click(); }
    }
  }, true);
}
"""

_component = components.component("itil_question_keys", js=_JS, isolate_styles=False)

# A 3 px ring in a dark blue that keeps 3:1 against the white page and the grey sidebar (WCAG 2.4.7, 2.4.11).
# A focused navigation link gets the ring and an underline; the current page keeps Streamlit's grey band.
FOCUS_CSS = """
<style>
:root { --itil-focus: #1947b8; }
[data-testid="stApp"] button:focus-visible, [data-testid="stApp"] a:focus-visible,
[data-testid="stApp"] [role="tab"]:focus-visible, [data-testid="stApp"] summary:focus-visible {
  outline: 3px solid var(--itil-focus) !important; outline-offset: 2px !important; box-shadow: none !important;
}
[data-testid="stApp"] label:has(input[type="radio"]:focus-visible),
[data-testid="stApp"] label:has(input[type="checkbox"]:focus-visible) {
  outline: 3px solid var(--itil-focus); outline-offset: 2px; border-radius: 0.25rem;
}
.st-key-question_keys { display: none; }
/* The "Enter" key hint on a primary button: white, as the label, not a pale pink (axe-core: contrast). */
[data-testid="stBaseButton-primary"] kbd { color: #ffffff !important; opacity: 1 !important; }
/* Long link labels wrap on a phone instead of ending in "…". */
[data-testid="stPageLink"] a, [data-testid="stPageLink"] a * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stSidebarNav"] a:focus-visible span { text-decoration: underline; text-decoration-thickness: 2px; }
</style>
"""


def focus_ring() -> None:
    """Draw a clearly visible focus ring on every button, link, tab and answer option (once per page run)."""
    st.html(FOCUS_CSS)


def question_keys(enter: str | None = "Check") -> None:
    """Let A-F and 1-6 choose an option and Enter (on an option) press the button named `enter`."""
    _component(data={"enter": enter}, key="question_keys")
