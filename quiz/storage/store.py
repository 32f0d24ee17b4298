"""The `Store`: learners' profiles, answers, review cards and exams, and a whole profile exported or imported.

Each concern is a part of its own (`accounts`, `answers`, `exams`, `classrooms`); this class puts them together and adds
export and import, which touch all of them.
"""

from __future__ import annotations

from quiz.storage.accounts import Accounts, unique_name
from quiz.storage.classrooms import Classrooms
from quiz.storage.documents import export_document, import_document, merge_document, parse_document
from quiz.storage.exams import Exams
from quiz.storage.records import Profile, clean_name
from quiz.storage.rounds import Rounds


class Store(Accounts, Exams, Rounds, Classrooms):
    """Learner data and classroom sessions in one database; open it once per process and share it."""

    def export_profile(self, profile_id: int) -> dict:
        """The whole profile as a JSON-serializable document that `import_profile` reads back."""
        with self._sessions() as session:
            return export_document(session, profile_id)

    def import_profile(self, data: dict, *, name: str | None = None) -> Profile:
        """Create a new profile from an exported document; ValueError if it is malformed or the name is taken."""
        document = parse_document(data)
        name = clean_name(document.name if name is None else name)
        with unique_name(name), self._write() as session:
            return import_document(session, document, name)


    def import_into(self, profile_id: int, data: dict) -> int:
        """Add an export's answers, exams and missing cards to an existing profile (the learner's own restore)."""
        document = parse_document(data)
        with self._write(profile_id) as session:
            return merge_document(session, document, profile_id)
