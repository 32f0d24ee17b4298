"""Query results as pandas frames with fixed dtypes, built in bulk (the slow part of reading 100,000 answers)."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

ANSWER_DTYPES = {
    "id": "int64", "question_id": "str", "bank_id": "str", "question_hash": "str", "mode": "str",
    "shown": "object", "chosen": "object", "correct": "bool", "seconds": "float64", "confidence": "str",
    "answered_at": "datetime64[us, UTC]", "exam_id": "str",
}
CARD_DTYPES = {"question_id": "str", "due": "datetime64[us, UTC]"}
EXAM_DTYPES = {
    "exam_id": "str", "blueprint_id": "str", "started_at": "datetime64[us, UTC]",
    "finished_at": "datetime64[us, UTC]", "score": "Int64", "total": "int64", "passed": "boolean",
    "imported": "bool",
}


def column_lists(rows: list[Any], names: Iterable[str]) -> dict[str, list[Any]]:
    names = list(names)
    if not rows:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*rows, strict=True)), strict=True))


def typed_frame(columns: Mapping[str, Sequence[Any]], dtypes: Mapping[str, str]) -> pd.DataFrame:
    """Build a frame with fixed dtypes, so an empty result has the same columns and types as a full one."""
    return pd.DataFrame({name: pd.Series(columns[name], dtype=dtype) for name, dtype in dtypes.items()})


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that form no cycles."""
    # 100,000 answers make about a million tuples, lists and strings; as they pile up the collector
    # scans them again and again, which doubles the time to load them (measured on Python 3.11).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def json_tuples(texts: list[str]) -> list[tuple]:
    # One json.loads over all the lists is several times faster than one call per list.
    return [tuple(value) for value in json.loads("[" + ",".join(texts) + "]")]


def utc_times(values: list[Any]) -> pd.Series:
    # SQLite hands back ISO text (in UTC), other drivers datetimes; pandas parses either in bulk.
    times = pd.to_datetime(pd.Series(values, dtype="object"), utc=True, format="ISO8601")
    return times.astype("datetime64[us, UTC]")
