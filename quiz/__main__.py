"""Command line: `python -m quiz validate PATH [PATH ...]`."""

from __future__ import annotations

import argparse
import sys

from quiz.loader import Limits, load_library


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quiz", description="Work with ITIL question banks.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check bank files or folders of banks")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    args = parser.parse_args(argv)
    return _validate(args.paths)


def _validate(paths: list[str]) -> int:
    library = load_library(paths, limits=Limits.from_env())
    for problem in library.problems:
        print(problem)
    if library.problems:
        return 1
    if not library.banks:
        print("no bank files found in: " + " ".join(paths))
        return 1
    count = sum(len(bank.questions) for bank in library.banks)
    print(f"OK: {count} questions in {len(library.banks)} banks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
