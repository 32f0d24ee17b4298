"""Text formats met in imported banks, turned into the Markdown the app renders: never live HTML.

Moodle marks a text as `[html]`, `[markdown]`, `[plain]` or `[moodle]` (its default: HTML allowed, line
breaks kept). HTML becomes Markdown through the standard library's parser: structure that reads well as
text is kept (paragraphs, line breaks, bold, italics, code, lists, links as "text (url)", images as their
alt text); scripts and styles are dropped with their content; every other tag is dropped and its text kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import ClassVar

# Characters Markdown would read as markup in the middle of plain text.
_INLINE = re.compile(r"([\\`*_<>\[\]])")
# At the start of a line: headings, quotes, list items, numbered items, rules.
_LINE_START = re.compile(r"^(\s*)(?:([#>+-])|(\d+)([.)]))(?=\s)", re.MULTILINE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_BLANKS = re.compile(r"\n{3,}")


def plain_to_markdown(text: str) -> str:
    """Plain text as Markdown that shows the same characters."""
    return _LINE_START.sub(_escape_line_start, _INLINE.sub(r"\\\1", text))


def _escape_line_start(match: re.Match) -> str:
    indent, mark, number, dot = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{dot}"


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def to_markdown(text: str, fmt: str) -> str:
    """Text in a Moodle format ('html', 'moodle', 'markdown' or 'plain') as Markdown."""
    if fmt == "markdown":
        return text.strip()
    if fmt == "plain":
        return plain_to_markdown(text).strip()
    if fmt == "html" or looks_like_html(text):
        return html_to_markdown(text)
    return text.strip()  # Moodle's auto-format without tags: text as written, line breaks kept


def html_to_markdown(html: str) -> str:
    """HTML as Markdown (or plain text where Markdown has no equivalent); nothing of the HTML stays live."""
    parser = _Converter()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    # Trailing spaces go, except the two that make a hard line break.
    text = "\n".join(line if line.endswith("  ") and line.strip() else line.rstrip() for line in text.splitlines())
    return _BLANKS.sub("\n\n", text).strip()


class _Converter(HTMLParser):
    BLOCKS = frozenset({"p", "div", "section", "article", "blockquote", "table", "tr", "h1", "h2", "h3", "h4",
                        "h5", "h6", "ul", "ol", "pre", "figure"})
    DROPPED = frozenset({"script", "style", "head", "title", "template", "iframe", "object", "noscript"})
    EMPHASIS: ClassVar[dict[str, str]] = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`",
                                          **{f"h{n}": "**" for n in range(1, 7)}}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list] = []  # [kind, next number] per open list
        self.dropping = 0
        self.pre = 0
        self.links: list[str | None] = []

    def _block(self) -> None:
        if self.out and not "".join(self.out[-2:]).endswith("\n\n"):
            self.out.append("\n\n" if not "".join(self.out[-1:]).endswith("\n") else "\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.DROPPED:
            self.dropping += 1
        elif self.dropping:
            return
        elif tag == "br":
            self.out.append("  \n" if not self.pre else "\n")
        elif tag in ("ul", "ol"):
            self._block()
            self.lists.append([tag, 1])
        elif tag == "li":
            kind = self.lists[-1] if self.lists else ["ul", 1]
            marker = f"{kind[1]}. " if kind[0] == "ol" else "- "
            kind[1] += 1
            if self.out and not self.out[-1].endswith("\n"):
                self.out.append("\n")
            self.out.append("  " * max(len(self.lists) - 1, 0) + marker)
        elif tag == "pre":
            self._block()
            self.out.append("```\n")
            self.pre += 1
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.out.append(plain_to_markdown(alt))
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
        elif tag == "hr":
            self._block()
            self.out.append("---\n\n")
        else:
            if tag in self.BLOCKS:
                self._block()
            if tag in self.EMPHASIS and not self.pre:
                self.out.append(self.EMPHASIS[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.DROPPED:
            self.dropping = max(self.dropping - 1, 0)
        elif self.dropping:
            return
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._block()
        elif tag == "pre":
            self.pre = max(self.pre - 1, 0)
            self.out.append("\n```")
            self._block()
        elif tag == "a":
            href = self.links.pop() if self.links else None
            if href and href.startswith(("http://", "https://", "mailto:")):
                self.out.append(f" ({plain_to_markdown(href)})")
        else:
            if tag in self.EMPHASIS and not self.pre:
                self.out.append(self.EMPHASIS[tag])
            if tag in self.BLOCKS:
                self._block()

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if self.pre:
            self.out.append(data)
        else:
            self.out.append(plain_to_markdown(re.sub(r"\s+", " ", data)))

    def unknown_decl(self, data: str) -> None:  # CDATA and the like: not text a learner should see
        return

