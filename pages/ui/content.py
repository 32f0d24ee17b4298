"""What the content folder serves, cached until a file changes: the banks, the course and the exam blueprints."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from course.loader import Course, CourseError, load_course
from pages.ui.settings import content_dir, questions_dir, setting, settle, signature
from quiz.exam import Blueprints, load_blueprints
from quiz.loader import BankCache, Library, Limits, load_library
from quiz.models import Question


# Keyed on the files' signature: bounded, so that saving a bank again and again does not pile up old copies.
@st.cache_resource(show_spinner="Loading question banks…", max_entries=2)
def _load(folder: str, signature: tuple) -> Library:
    cache_dir = setting("cache_dir", str(Path.home() / ".cache" / "itil-app" / "banks"))
    return settle(load_library([folder], limits=Limits.from_env(), cache=BankCache(cache_dir)))


def library() -> Library:
    """Every bank under content/questions; reloaded only when a bank file changes."""
    folder = questions_dir()
    return _load(str(folder), signature(folder))


@st.cache_resource(max_entries=2)
def _bank_ids(signature: tuple) -> dict[str, str]:
    return library().bank_of()


def bank_id(question: Question) -> str:
    return _bank_ids(signature(questions_dir())).get(question.id, "")


def questions_on(topic: str) -> list[Question]:
    return [q for bank in library().banks for q in bank.questions if q.topic == topic]


@st.cache_resource(show_spinner="Loading the course…", max_entries=2)
def _course(folder: str, signature: tuple) -> Course:
    return settle(load_course(folder))


def course_or_error() -> Course | CourseError:
    """The course content, or what is wrong with it; reloaded only when one of its files changes."""
    folder = content_dir() / "course"
    files = sorted(folder.glob("*.yaml"))
    try:
        return _course(str(folder), tuple((str(p), p.stat().st_mtime_ns) for p in files))
    except CourseError as exc:
        return exc


def course() -> Course:
    """The course content; a broken course stops this page with its problems (the banks keep working)."""
    loaded = course_or_error()
    if isinstance(loaded, CourseError):
        st.error("The course content has problems, so this page cannot be shown:", icon=":material/error:")
        st.code("\n".join(map(str, loaded.problems)), language=None)
        st.stop()
    return loaded


def topic_name(slug: str) -> str:
    """The construct's or syllabus topic's name for a bank topic slug, or the slug itself (outside the course, or
    course broken)."""
    loaded = course_or_error()
    entries = () if isinstance(loaded, CourseError) else (*loaded.constructs, *loaded.topics)
    return next((e.name for e in entries if e.id == slug), slug)


@st.cache_resource(max_entries=2)
def _blueprints(folder: str, signature: tuple) -> Blueprints:
    return load_blueprints([folder])


def blueprints() -> Blueprints:
    """Exam blueprints under content/exams (valid ones by id, broken ones with problems); reloaded on change."""
    folder = content_dir() / "exams"
    return _blueprints(str(folder), signature(folder))


def criterion_name(criterion: str) -> str:
    """A syllabus criterion such as "2.2" with its name ("2.2 Explain the use of the guiding principles"), or as is."""
    loaded = course_or_error()
    name = None if isinstance(loaded, CourseError) else loaded.criterion_name(criterion)
    return f"{criterion} {name}" if name else criterion
