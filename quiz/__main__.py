"""Command line: `python -m quiz validate|import|export|analyse ...` (run with --help for each)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.loader import Limits, load_library

# Exit codes: 0 all well; 1 errors (nothing written, or banks that do not load); 2 warnings only.
OK, ERRORS, WARNINGS = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quiz", description="Work with ITIL question banks.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check bank files or folders of banks")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument("--strict", action="store_true",
                          help="also warn about item-writing flaws (exit 2 when there are warnings only)")

    imports = commands.add_parser("import", help="turn Aiken or GIFT files into a bank")
    imports.add_argument("files", nargs="+", metavar="FILE")
    imports.add_argument("--format", choices=("aiken", "gift"), help="default: .gift is GIFT, .txt is sniffed")
    imports.add_argument("-o", "--output", required=True, metavar="BANK.yaml")
    imports.add_argument("--bank-id", help="default: the output file's name")
    imports.add_argument("--title", help="default: from the bank id")
    imports.add_argument("--topic", help="topic of questions outside any GIFT $CATEGORY (default: the file's name)")
    imports.add_argument("--force", action="store_true", help="replace the output file if it exists")

    export = commands.add_parser("export", help="write a bank as Aiken or GIFT")
    export.add_argument("bank", metavar="BANK.yaml")
    export.add_argument("--format", choices=("aiken", "gift"), required=True)
    export.add_argument("-o", "--output", required=True, metavar="FILE")

    analyse = commands.add_parser("analyse", help="item analysis of the recorded answers")
    analyse.add_argument("--database", metavar="URL", help="default: ITIL_APP_DATABASE_URL or the app's file")
    analyse.add_argument("--bank", metavar="ID", help="only this bank's questions")
    analyse.add_argument("--questions", metavar="PATH", default="content/questions", help="the banks (folder)")
    analyse.add_argument("--all-attempts", action="store_true", help="count every answer, not each learner's first")
    analyse.add_argument("--csv", metavar="FILE", help="also write the table as CSV")
    args = parser.parse_args(argv)
    if args.command == "import":
        return _import(args)
    if args.command == "export":
        return _export(args)
    if args.command == "analyse":
        return _analyse(args)
    return _validate(args.paths, strict=args.strict)


def _validate(paths: list[str], *, strict: bool = False) -> int:
    library = load_library(paths, limits=Limits.from_env())
    for problem in library.problems:
        print(problem)
    warnings = []
    if strict:
        from authoring.lint import lint  # the lint's libraries load only when asked for

        warnings = lint(library)
        for warning in warnings:
            print(warning)
    if library.problems:
        return ERRORS
    if not library.banks:
        print("no bank files found in: " + " ".join(paths))
        return ERRORS
    count = sum(len(bank.questions) for bank in library.banks)
    found = f"; {len(warnings)} warning(s)" if warnings else ""
    print(f"OK: {count} questions in {len(library.banks)} banks{found}")
    return WARNINGS if warnings else OK


def _import(args: argparse.Namespace) -> int:
    from authoring.banks import SaveError, bank_text, import_files, save_bank
    from authoring.convert import slugify

    output = Path(args.output)
    folder = load_library([output.parent]) if output.parent.is_dir() else None
    taken = [q.id for bank in folder.banks for q in bank.questions
             if Path(bank.path).resolve() != output.resolve()] if folder else []
    files = []
    for name in args.files:
        try:
            files.append((name, Path(name).read_bytes()))
        except OSError as exc:
            print(f"{name}:1: cannot read the file: {exc.strerror or exc}")
            return ERRORS
    result = import_files(files, fmt=args.format, topic=args.topic, taken=taken)
    for problem in result.problems:
        print(problem)
    if not result.questions:
        print(f"nothing imported; {output} not written")
        return ERRORS
    bank_id = args.bank_id or slugify(output.stem, fallback="imported")
    try:
        save_bank(output, bank_text([i.question for i in result.questions], bank_id, args.title), folder,
                  overwrite=args.force)
    except SaveError as exc:
        for problem in exc.problems:
            print(problem)
        return ERRORS
    print(f"imported {len(result.questions)} questions into {output} (bank '{bank_id}'); "
          f"{len(result.problems)} item(s) not imported")
    return WARNINGS if result.problems else OK


def _export(args: argparse.Namespace) -> int:
    from authoring.banks import export_bank
    from quiz.loader import BankError, load_bank

    try:
        bank = load_bank(args.bank, limits=Limits.from_env())
    except BankError as exc:
        for problem in exc.problems:
            print(problem)
        return ERRORS
    exported = export_bank(bank.questions, args.format)
    Path(args.output).write_text(exported.text, encoding="utf-8")
    lossy = 0
    for qid, lost in exported.left_out.items():
        if lost:
            lossy += 1
            what = "not exported" if qid in exported.skipped else "left out"
            print(f"question '{qid}': {what}: {'; '.join(lost)}")
    written = len(bank.questions) - len(exported.skipped)
    print(f"exported {written} of {len(bank.questions)} questions to {args.output}"
          + (f"; {lossy} lost something (listed above)" if lossy else "; nothing left out"))
    return WARNINGS if lossy else OK


def _analyse(args: argparse.Namespace) -> int:
    from authoring.analysis import analyse, report_lines
    from quiz.storage import Store, database_url

    library = load_library([args.questions], limits=Limits.from_env())
    questions = [q for bank in library.banks if args.bank in (None, bank.id) for q in bank.questions]
    if args.bank and not questions:
        print(f"no bank '{args.bank}' in {args.questions}")
        return ERRORS
    with Store(database_url(args.database)) as store:
        answers = store.all_answers(bank_id=args.bank)
    table = analyse(questions, answers, first_attempts=not args.all_attempts)
    for line in report_lines(table):
        print(line)
    if args.csv:
        table.drop(columns=["options"]).to_csv(args.csv, index=False)
        print(f"written: {args.csv}")
    return OK


if __name__ == "__main__":
    sys.exit(main())
