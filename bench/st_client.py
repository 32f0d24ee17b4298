"""A small Streamlit client speaking the app's websocket protocol, for benchmarks that need many real sessions.

A browser per student would measure Chromium more than the app (100 tabs need gigabytes and both cores); this client
opens the same `/_stcore/stream` websocket a browser opens and sends and reads the same protobuf messages that ship
with streamlit (BackMsg out, ForwardMsg in), so every simulated student is a real server-side session running the
real page script. It keeps the latest element per delta path and knows widgets by their user key.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FULL_RUN_DONE = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY  # a fragment's run is not the page's
FRAGMENT_RUN_DONE = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


class StreamlitClient:
    """One browser tab's worth of Streamlit session, without the browser."""

    def __init__(self, base_url: str) -> None:
        parsed = urlparse(base_url)
        self.http = base_url.rstrip("/")
        self.ws_url = f"ws://{parsed.netloc}/_stcore/stream"
        self.elements: dict[tuple, object] = {}  # delta path -> Element proto
        self.widgets: dict[str, str] = {}  # widget id -> element type (button, text_input, ...)
        self.values: dict[str, WidgetState] = {}  # widget id -> the state we send back
        self.page_hash = ""
        self.query = ""
        self.page_name = ""
        self._ws = None
        self._runs = 0
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Event()
        self._timers: dict[str, asyncio.Task] = {}
        self.fragment_runs = 0
        self._fragment_done = 0
        self.fragment_of: dict[str, str] = {}  # widget id -> the fragment it is drawn in
        self.on_delta: Callable[[StreamlitClient], None] | None = None

    async def connect(self, query: str = "", page: str = "") -> None:
        self._ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=2**26,
                                            open_timeout=60, ping_interval=None)
        self._reader = asyncio.create_task(self._read())
        self.query, self.page_name = query, page
        await self.rerun()
        self.page_name = ""  # from now on the page is named by its hash, as the browser does

    async def close(self) -> None:
        self._stop_timers()
        if self._reader:
            self._reader.cancel()
        if self._ws:
            await self._ws.close()

    # --- reading ----------------------------------------------------------------------------

    async def _read(self) -> None:
        async for raw in self._ws:
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "auto_rerun":  # st.fragment(run_every=...): the browser is the one that reruns it
                fragment = msg.auto_rerun.fragment_id
                if fragment in self._timers:  # one timer per fragment, as in the browser
                    self._timers[fragment].cancel()
                self._timers[fragment] = asyncio.create_task(self._auto_rerun(msg.auto_rerun))
            elif kind == "stop_auto_rerun":
                self._stop_timers()
            elif kind == "delta":
                self._delta(msg)
            elif kind == "script_finished" and msg.script_finished == FULL_RUN_DONE:
                self._runs += 1
            elif kind == "script_finished" and msg.script_finished == FRAGMENT_RUN_DONE:
                self._fragment_done += 1
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            self._changed.set()

    def _delta(self, msg: ForwardMsg) -> None:
        path = tuple(msg.metadata.delta_path)
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        self.elements[path] = element
        kind = element.WhichOneof("type")
        widget = getattr(element, kind, None)
        if widget is not None and getattr(widget, "id", ""):
            self.widgets[widget.id] = kind
            self.fragment_of[widget.id] = msg.delta.fragment_id
        if self.on_delta:
            self.on_delta(self)

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 30.0) -> float:
        """Wait until `condition()` holds; return the monotonic time it first did."""
        deadline = time.monotonic() + timeout
        while not condition():
            self._changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("condition not met in time")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return time.monotonic()

    def texts(self) -> list[str]:
        """Every markdown, text, caption, metric and alert body now on screen."""
        out = []
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            proto = getattr(element, kind)
            for field in ("body", "label", "value", "text"):
                value = getattr(proto, field, None)
                if isinstance(value, str) and value:
                    out.append(value)
        return out

    def widget_id(self, key: str) -> str | None:
        """The id of the widget with user key `key` (Streamlit ends a keyed widget's id with the key)."""
        return next((wid for wid in self.widgets if wid.endswith(f"-{key}")), None)

    def _stop_timers(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()

    async def _auto_rerun(self, rerun) -> None:
        while True:
            await asyncio.sleep(rerun.interval)
            msg = self._rerun_message()
            msg.rerun_script.fragment_id = rerun.fragment_id
            msg.rerun_script.is_auto_rerun = True
            await self._ws.send(msg.SerializeToString())
            self.fragment_runs += 1

    # --- acting -----------------------------------------------------------------------------

    def _rerun_message(self, changed: WidgetState | None = None) -> BackMsg:
        states = dict(self.values)
        if changed is not None:
            states[changed.id] = changed
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.page_name = self.page_name
        msg.rerun_script.widget_states.widgets.extend(states.values())
        return msg

    async def rerun(self, changed: WidgetState | None = None) -> None:
        """Send a rerun with every widget state we hold (and `changed`), as the browser does after an interaction."""
        runs = self._runs
        self._stop_timers()  # a full run sends its fragments' auto_rerun messages again
        self.elements.clear()  # a full run sends every element again
        await self._ws.send(self._rerun_message(changed).SerializeToString())
        await self.wait_for(lambda: self._runs > runs, timeout=60)

    async def click(self, key: str) -> None:
        """Press a button; in a fragment, only that fragment reruns, as in the browser."""
        wid = self._require(key)
        state = WidgetState(id=wid, trigger_value=True)
        fragment = self.fragment_of.get(wid)
        if not fragment:
            await self.rerun(state)
            return
        done = self._fragment_done
        msg = self._rerun_message(state)
        msg.rerun_script.fragment_id = fragment
        await self._ws.send(msg.SerializeToString())
        await self.wait_for(lambda: self._fragment_done > done, timeout=60)

    async def type_text(self, key: str, text: str) -> None:
        wid = self._require(key)
        state = WidgetState(id=wid, string_value=text)
        self.values[wid] = state
        await self.rerun(state)

    def _require(self, key: str) -> str:
        wid = self.widget_id(key)
        if wid is None:
            raise LookupError(f"no widget with key {key!r} on screen; widgets: {sorted(self.widgets)[:20]}")
        return wid
