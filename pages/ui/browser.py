"""What only the browser knows or may do: the window's size, presenter keys on the whole document, full screen.

Three small `st.components.v2` components (trusted, static JavaScript; no user or bank text goes into them).
Streamlit cannot see the viewport server-side, so the window reports its own size; the pages then draw a layout
that fits it (course/screen.py decides which).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

REMEMBERED = "browser.viewport"  # the last size reported, so another page need not wait for a new report

# Reports the window's size once mounted and after a resize, only when it changed enough to matter (crossing a
# layout's width; with `every`, also 40 px either way), so that scrolling a phone (its address bar) or a
# screenshot's taller window does not rerun the page in the middle of a click.
_VIEWPORT_JS = """
export default function(component) {
  const { setStateValue, data } = component;
  const lines = (data && data.lines) || [];
  let last = (data && data.known) || null;
  let timer;
  const side = (w) => lines.filter((line) => w < line).length;
  const report = () => {
    const size = {width: window.innerWidth, height: window.innerHeight};
    const moved = !last || side(size.width) !== side(last.width) || (data && data.every
      && (Math.abs(size.width - last.width) >= 40 || Math.abs(size.height - last.height) >= 40));
    if (moved) { last = size; setStateValue('size', size); }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(report, 150); };
  report();
  window.addEventListener('resize', later);
  return () => { clearTimeout(timer); window.removeEventListener('resize', later); };
}
"""

# Presentation clickers send PageDown / PageUp, keyboards → ← and Space. Listening on the window in the capture
# phase runs before any focused widget (a radio, the tabs, a toggle) can take the key for itself. The key then
# clicks the first shown, enabled step button of the open tab, in the order given (a disabled one swallows it).
_KEYS_JS = """
export default function(component) {
  const { data } = component;
  const FORWARD = ['ArrowRight', 'PageDown', ' '];
  const BACKWARD = ['ArrowLeft', 'PageUp'];
  const typing = (el) => !!el && (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT'
    || el.getAttribute('role') === 'combobox'
    || (el.tagName === 'INPUT' && !['radio', 'checkbox', 'button', 'submit'].includes(el.type)));
  const shown = (keys) => keys.flatMap((key) => [...document.querySelectorAll(`.st-key-${key}`)])
    .filter((box) => box.offsetParent !== null).map((box) => box.querySelector('button')).filter(Boolean);
  const held = new Set();  // keys taken on keydown, whose keyup is taken too (a focused button acts on it)
  const press = (event) => {
    if (event.type === 'keyup') {
      if (held.delete(event.key)) { event.preventDefault(); event.stopImmediatePropagation(); }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || typing(document.activeElement)) return;
    const keys = FORWARD.includes(event.key) ? data.forward : BACKWARD.includes(event.key) ? data.backward : null;
    // A tab without step buttons (or a key without any) keeps the key: the tabs still move with the arrows there.
    const buttons = keys ? shown(keys) : [];
    if (!buttons.length) return;
    held.add(event.key);
    event.preventDefault();
    event.stopImmediatePropagation();
    const target = buttons.find((button) => !button.disabled);
    if (!event.repeat && target) target.click();
  };
  window.addEventListener('keydown', press, true);
  window.addEventListener('keyup', press, true);
  return () => {
    window.removeEventListener('keydown', press, true);
    window.removeEventListener('keyup', press, true);
  };
}
"""

# The Fullscreen API needs a user gesture, so the request is made in the click itself, not after a rerun.
_FULLSCREEN_HTML = '<button type="button" class="full"><span class="label">Full screen</span></button>'
_FULLSCREEN_CSS = """
.full {font: inherit; font-size: 1rem; min-height: 2.5rem; padding: 0.25rem 0.75rem; width: 100%;
  border: 1px solid rgba(49, 51, 63, 0.3); border-radius: 0.5rem; background: #fff; color: #262730; cursor: pointer}
.full:hover {border-color: var(--st-primary-color); color: var(--st-primary-color)}
.full:focus-visible {outline: 3px solid var(--st-primary-color); outline-offset: 2px}
"""
_FULLSCREEN_JS = """
export default function(component) {
  const { parentElement, setTriggerValue, data } = component;
  const button = parentElement.querySelector('button');
  const label = parentElement.querySelector('.label');
  const show = () => { label.textContent = document.fullscreenElement ? 'Exit full screen' : 'Full screen'; };
  button.onclick = async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await document.documentElement.requestFullscreen();
    } catch (error) { /* refused (an iframe without allowfullscreen): presenter mode still opens */ }
    if (data && data.report) setTriggerValue('clicked', true);
  };
  document.addEventListener('fullscreenchange', show);
  show();
  return () => document.removeEventListener('fullscreenchange', show);
}
"""


@st.cache_resource
def _components() -> dict[str, Callable]:
    """Register each component once per process (registering again logs a warning)."""
    define = st.components.v2.component
    return {
        "viewport": define("itil_viewport", js=_VIEWPORT_JS),
        "keys": define("itil_step_keys", js=_KEYS_JS),
        "fullscreen": define("itil_fullscreen", html=_FULLSCREEN_HTML, css=_FULLSCREEN_CSS, js=_FULLSCREEN_JS),
    }


def viewport(key: str, lines: tuple[int, ...] = (), *, every: bool = False) -> dict | None:
    """The window's {"width", "height"} in CSS pixels, or None until the browser has said.

    A resize is reported when it crosses one of `lines` (widths at which the layout changes), or, with `every`,
    when either side moved by 40 px or more."""
    known = st.session_state.get(REMEMBERED)
    result = _components()["viewport"](key=key, data={"known": known, "lines": list(lines), "every": every},
                                       on_size_change=lambda: None, height=0)
    size = (st.session_state.get(key) or {}).get("size") or getattr(result, "size", None)
    if isinstance(size, dict) and {"width", "height"} <= size.keys():
        st.session_state[REMEMBERED] = size
        return size
    return known


def step_keys(key: str, *, forward: list[str], backward: list[str]) -> None:
    """→ / Space / PageDown click the first shown of the `forward` buttons, ← / PageUp the `backward` ones.

    Buttons are named by their widget keys (`present.next`), whatever has focus on the page."""
    def css(keys: list[str]) -> list[str]:
        return [k.replace(".", "-") for k in keys]

    _components()["keys"](key=key, data={"forward": css(forward), "backward": css(backward)}, height=0)


def fullscreen_button(key: str, *, report: bool) -> bool:
    """A button for the browser's own full screen (and back); True on the run after a click when `report`."""
    result = _components()["fullscreen"](key=key, data={"report": report}, on_clicked_change=lambda: None)
    return bool(getattr(result, "clicked", None))
