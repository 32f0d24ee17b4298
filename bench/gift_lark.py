"""The lark grammar measured against authoring/gift.py's scanner (see bench_gift.py and the README).

Not used by the app: it parses the structure of one GIFT item (title, stem, choices with weights and
feedback, general feedback, true/false, the missing-word tail) with lark's LALR parser and contextual lexer,
so its speed and size can be compared on the same file. Blank-line splitting, comments, categories and the
types the app skips stay in Python either way. Needs `lark` (pip install lark==1.3.1), which the app does not.
"""

from __future__ import annotations

from lark import Lark, Transformer

GRAMMAR = r"""
    item: title? STEM "{" body "}" STEM?
    title: "::" TITLE "::"
    body: choice* general?      -> choices
        | TF feedback? feedback? general?  -> truefalse
    choice: MARK WEIGHT? TEXT? feedback?
    feedback: "#" TEXT?
    general: "####" TEXT?

    TITLE: /(\\.|[^\\:]|:(?!:))+/
    STEM: /(?!::)(\\.|[^\\{}])+/
    TEXT: /(\\.|[^\\{}=~#])+/
    MARK: "=" | "~"
    WEIGHT: /%-?\d+(\.\d+)?%/
    TF.2: /(TRUE|FALSE|T|F)(?=\s*[#}])/
    %ignore /[ \t\r\n]+(?=[=~#}])/
"""

_UNESCAPE = {"\\" + c: c for c in "\\:#=~{}"} | {"\\n": "\n"}


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in _UNESCAPE:
            out.append(_UNESCAPE[pair])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


class _Item(Transformer):
    def item(self, parts):
        title = parts[0] if parts and isinstance(parts[0], tuple) and parts[0][0] == "title" else None
        rest = parts[1:] if title else parts
        stem, body, *tail = rest
        return {"title": title[1] if title else None, "stem": unescape(str(stem)).strip(), "body": body,
                "tail": unescape(str(tail[0])) if tail else ""}

    def title(self, parts):
        return ("title", unescape(str(parts[0])).strip())

    def choices(self, parts):
        return ("choices", parts)

    def truefalse(self, parts):
        return ("truefalse", parts)

    def choice(self, parts):
        mark, *rest = parts
        weight = 100.0 if mark == "=" else 0.0
        text, why = "", None
        for part in rest:
            if getattr(part, "type", "") == "WEIGHT":
                weight = float(part[1:-1])
            elif isinstance(part, tuple):
                why = part[1]
            else:
                text = unescape(str(part)).strip()
        return {"text": text, "correct": weight > 0, "why": why}

    def feedback(self, parts):
        return ("why", unescape(str(parts[0])).strip() if parts else "")

    def general(self, parts):
        return ("general", unescape(str(parts[0])).strip() if parts else "")


PARSER = Lark(GRAMMAR, start="item", parser="lalr", lexer="contextual")


def parse_item(text: str) -> dict:
    return _Item().transform(PARSER.parse(text))


def parse_file(text: str) -> list[dict]:
    """Every item of a file (comments and $CATEGORY lines left out), as the scanner splits them."""
    items, block = [], []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            if not line.lstrip().startswith("//"):
                block.append(line)
        elif block:
            body = "\n".join(block).strip()
            if not body.startswith("$CATEGORY:"):
                items.append(parse_item(body))
            block = []
    return items
