"""The headless packages never import Streamlit, so they stay testable and reusable without the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEADLESS = ["quiz", "course", "authoring", "classroom"]


def _is_streamlit(module: str | None) -> bool:
    return module is not None and (module == "streamlit" or module.startswith("streamlit."))


def streamlit_imports(source: str, filename: str = "<source>") -> list[int]:
    """Lines that import streamlit, in any form, including `__import__` / `importlib.import_module`."""
    lines = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        modules: list[str | None] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in ("__import__", "import_module"):
                modules = [str(node.args[0].value)]
        if any(_is_streamlit(module) for module in modules):
            lines.append(node.lineno)
    return sorted(lines)


def headless_files() -> list[Path]:
    return sorted(p for package in HEADLESS if (ROOT / package).is_dir() for p in (ROOT / package).rglob("*.py"))


def test_headless_packages_do_not_import_streamlit():
    files = headless_files()
    assert ROOT / "quiz" / "loader.py" in files
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in files
                 for line in streamlit_imports(path.read_text(encoding="utf-8"), str(path))]
    assert offenders == []


@pytest.mark.parametrize("source", [
    "import streamlit",
    "import streamlit as st",
    "import os, streamlit.components.v1",
    "from streamlit import session_state",
    "from streamlit.testing.v1 import AppTest",
    "def f():\n    import streamlit",
    "__import__('streamlit')",
    "import importlib\nimportlib.import_module('streamlit.runtime')",
])
def test_checker_finds_streamlit_imports(source):
    assert streamlit_imports(source)


@pytest.mark.parametrize("source", [
    "import streamlit_extras",
    "from streamlitish import x",
    "from . import streamlit",
    "name = 'import streamlit'",
])
def test_checker_ignores_other_modules(source):
    assert streamlit_imports(source) == []
