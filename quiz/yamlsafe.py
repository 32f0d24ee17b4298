"""Read YAML behind guards: size, UTF-8, NUL bytes, nesting depth, value count, alias bombs, tags, duplicate keys.

Documents are built from the parser's event stream by a loop, not by PyYAML's composer, which recurses once
per level of nesting (and crashes the process near 20,000 levels). Every file is checked as it is built, so
no text pre-screen can be slipped past: depth and the number of values are counted on every event, only the
standard tags a bank needs are accepted, and a key given twice in one mapping is an error, not "last wins".
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from quiz.problems import DocumentError, error

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
try:  # libyaml's parser hands out events without a Python generator in between
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None

# A bank of 500 questions is about 0.5 MB; 4 MiB leaves room for some 3,000 questions and keeps the work
# of a file (parsing, validating, reporting) to a few seconds. Larger banks: raise ITIL_APP_MAX_BANK_BYTES.
DEFAULT_MAX_BYTES = 4 * 1024 * 1024
# A question is about 25 YAML values; 300,000 is some 12,000 questions, far more than 4 MiB can hold without
# being a flood of tiny values (a million zeros in 2 MB) or an alias bomb (billions).
DEFAULT_MAX_NODES = 300_000
MAX_DEPTH = 100  # a bank nests five levels deep
STR = "tag:yaml.org,2002:str"
# Tags a bank may use; !!binary, !!set, !!omap, !!pairs and any !!python/... are refused.
SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]", re.MULTILINE)
_resolver = Resolver()
_constructor = SafeConstructor()


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_nodes: int = DEFAULT_MAX_NODES

    @classmethod
    def from_env(cls) -> Limits:
        """Read ITIL_APP_MAX_BANK_BYTES and ITIL_APP_MAX_YAML_NODES, falling back to the defaults."""
        return cls(
            max_bytes=int(os.environ.get("ITIL_APP_MAX_BANK_BYTES", DEFAULT_MAX_BYTES)),
            max_nodes=int(os.environ.get("ITIL_APP_MAX_YAML_NODES", DEFAULT_MAX_NODES)),
        )


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes, refusing one over the size limit before reading it."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise error(path, 1, f"file is {size:,} bytes, over the limit of {limits.max_bytes:,}",
                        hint="raise ITIL_APP_MAX_BANK_BYTES if this bank is meant to be this large")
        return path.read_bytes()
    except OSError as exc:
        raise error(path, 1, f"cannot read the file: {exc.strerror or exc}") from exc


def parse_yaml(path: Path, raw: bytes, limits: Limits) -> tuple[str, Any]:
    """Decode and safely parse a YAML file's bytes behind every guard; return the text and the data.

    Raises DocumentError naming the line for every refusal.
    """
    text = _decode(path, raw)
    data = _Builder(path, limits).build(text)
    if _ANCHOR.search(text):
        _check_aliases(path, text, limits)
    return text, data


def read_yaml(path: Path, limits: Limits) -> tuple[str, Any]:
    """`parse_yaml` on a file, refusing one over the size limit before reading it."""
    return parse_yaml(path, read_bytes(path, limits), limits)


def line_of_mark(mark: Any) -> int:
    return mark.line + 1 if mark is not None else 1


def _decode(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error(path, line, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    hint="save the file as UTF-8") from None
    nul = text.find("\x00")
    if nul != -1:
        raise error(path, text.count("\n", 0, nul) + 1, "the file contains a NUL character (byte 0x00)",
                    hint="a text editor saved binary data here; delete it")
    return text


def _events(text: str):
    if CParser is not None:
        parser = CParser(text)
        while (event := parser.get_event()) is not None:
            yield event
    else:  # pragma: no cover
        yield from yaml.parse(text, Loader=SafeLoader)


class _Frame:
    """An open mapping or sequence: the container, the key waiting for its value, the keys seen."""

    __slots__ = ("anchor", "container", "key", "keys", "mapping", "pending")

    def __init__(self, container: Any, mapping: bool, anchor: str | None):
        self.container, self.mapping, self.anchor = container, mapping, anchor
        self.pending = False  # a mapping holds a key that waits for its value
        self.key: Any = None
        self.keys: dict[Any, int] = {}


class _Builder:
    """Python data from parser events, with depth, size, tags and duplicate keys checked as it goes."""

    def __init__(self, path: Path, limits: Limits):
        self.path, self.limits = path, limits
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}
        self.count = 0
        self.root: Any = None
        self.documents = 0

    def build(self, text: str) -> Any:
        try:
            for event in _events(text):
                self._on(event)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise error(self.path, line_of_mark(mark), f"malformed YAML: {exc.problem or exc.context}",
                        hint=_yaml_hint(str(exc.problem))) from None
        except yaml.YAMLError as exc:
            raise error(self.path, 1, f"malformed YAML: {exc}") from None
        return self.root

    def _on(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._count(event)
            self._add(self._scalar(event), event, event.anchor)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._count(event)
            self._check_tag(event, COLLECTION_TAGS)
            if len(self.stack) >= MAX_DEPTH:
                raise error(self.path, line_of_mark(event.start_mark), f"YAML nesting is deeper than {MAX_DEPTH} "
                            "levels", hint="a bank needs about five levels; check the brackets and indentation")
            mapping = kind is yaml.MappingStartEvent
            self.stack.append(_Frame({} if mapping else [], mapping, event.anchor))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self.stack.pop()
            self._add(frame.container, event, frame.anchor, opened=True)
        elif kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                raise error(self.path, line_of_mark(event.start_mark), f"malformed YAML: found undefined alias "
                            f"'{event.anchor}'")
            self._add(self.anchors[event.anchor], event, None)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise error(self.path, line_of_mark(event.start_mark), "the file holds more than one YAML document",
                            hint="remove the '---' line that starts a second document")

    def _count(self, event: Any) -> None:
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise error(self.path, line_of_mark(event.start_mark), f"the YAML holds more than "
                        f"{self.limits.max_nodes:,} values; refusing to read further",
                        hint="split the bank, or raise ITIL_APP_MAX_YAML_NODES if it is meant to be this large")

    def _check_tag(self, event: Any, allowed: set[str]) -> None:
        tag = event.tag
        if tag is not None and tag != "!" and tag not in allowed:
            name = tag.replace("tag:yaml.org,2002:", "!!")
            raise error(self.path, line_of_mark(event.start_mark), f"YAML tag {name!r} is not allowed",
                        hint="banks hold plain data: remove the '!' tag")

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return event.value  # quoted text is always text
            tag = _resolver.resolve(ScalarNode, event.value, (True, False))
            if tag == STR:
                return event.value
            if tag not in SCALAR_TAGS:  # '<<' merge keys and '=' value keys
                raise error(self.path, line_of_mark(event.start_mark), f"{event.value!r} is special in YAML and "
                            "not allowed here", hint="quote it")
        self._check_tag(event, SCALAR_TAGS)
        if tag == STR:
            return event.value
        try:
            return _constructor.yaml_constructors[tag](_constructor, ScalarNode(tag, event.value))
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            raise error(self.path, line_of_mark(event.start_mark), f"{event.value!r} is not a valid "
                        f"{tag.rsplit(':', 1)[-1]}: {exc}") from None

    def _add(self, value: Any, event: Any, anchor: str | None, *, opened: bool = False) -> None:
        if anchor is not None:
            self.anchors[anchor] = value
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if not frame.mapping:
            frame.container.append(value)
        elif not frame.pending:
            self._key(frame, value, event, opened)
        else:
            frame.container[frame.key] = value
            frame.pending = False

    def _key(self, frame: _Frame, key: Any, event: Any, opened: bool) -> None:
        line = line_of_mark(event.start_mark)
        if opened or isinstance(key, list | dict):
            raise error(self.path, line, "a key must be plain text, not a list or a mapping",
                        hint="a line may start with '? ' by mistake; check the indentation of this key")
        if key in frame.keys:
            raise error(self.path, line, f"duplicate key {key!r} (first at line {frame.keys[key]})",
                        hint="YAML would silently keep only the last one; remove or rename one")
        frame.keys[key] = line
        frame.key, frame.pending = key, True


def _yaml_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "quote text that contains ': ' or use a block scalar (|)"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    return None


def _check_aliases(path: Path, text: str, limits: Limits) -> None:
    """Refuse alias bombs: count the nodes the document would expand to, each shared node once per use.

    Runs only on files with anchors, after the builder has shown the nesting to be shallow, so composing
    the document here cannot recurse deeply.
    """
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return  # the builder has reported syntax errors with their line
    sizes: dict[int, int] = {}
    if root is not None and _expanded_size(root, sizes, limits.max_nodes) > limits.max_nodes:
        where = _smallest_over(root, sizes, limits.max_nodes).start_mark
        raise error(path, line_of_mark(where), f"the YAML expands to more than {limits.max_nodes:,} values through "
                    "aliases (*name); refusing a possible alias bomb",
                    hint="write the repeated text out instead of using anchors and aliases")


def _smallest_over(node: yaml.Node, sizes: dict[int, int], cap: int) -> yaml.Node:
    """The innermost node that alone expands past `cap`: where the bomb is, rather than the whole document."""
    while True:
        inner = next((child for child in _children(node) if sizes.get(id(child), 0) > cap), None)
        if inner is None:
            return node
        node = inner


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _expanded_size(node: yaml.Node, sizes: dict[int, int], cap: int) -> int:
    key = id(node)
    if key not in sizes:
        sizes[key] = 0  # a node reached again while being measured is a cycle; count it once
        total = 1
        for child in _children(node):
            total += _expanded_size(child, sizes, cap)
            if total > cap:
                break
        sizes[key] = total
    return sizes[key]


__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_NODES", "MAX_DEPTH", "DocumentError", "Limits", "SafeLoader",
           "line_of_mark", "parse_yaml", "read_bytes", "read_yaml"]
