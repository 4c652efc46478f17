"""Course assignments from the book's chapters: student versions, grading, nbgrader export.

The ``ce-assign`` command line (also ``python -m crossentropy.assign``); see
:mod:`crossentropy.book.assign` for what each command does.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import nbformat

from crossentropy.book.assign import sandbox
from crossentropy.book.assign.grader import Limits, Row, grade_all, progress_bar
from crossentropy.book.assign.guards import check_has_solutions, check_out
from crossentropy.book.assign.notebooks import (
    hidden_tests,
    nbgrader_version,
    read,
    student_version,
)

__all__ = ["main"]


def _write_notebooks(sources: list[Path], out: Path, transform) -> None:
    check_out(out, sources)
    notebooks = [read(str(source)) for source in sources]
    for source, nb in zip(sources, notebooks, strict=True):
        check_has_solutions(nb, source)
    out.mkdir(parents=True, exist_ok=True)
    for source, original in zip(sources, notebooks, strict=True):
        nb = transform(original)
        nbformat.validate(nb)
        target = out / source.name
        nbformat.write(nb, target)
        print(f"wrote {target}")


def _feedback(rows: list[Row]) -> str:
    submission = rows[0].submission if rows else ""
    got = sum(r.points for r in rows)
    total = sum(r.max_points for r in rows)
    lines = [
        f"# Feedback for {Path(submission).name}",
        "",
        f"Total: {got:g} / {total:g} points",
        "",
    ]
    for row in rows:
        line = f"- {row.exercise}: {row.points:g} / {row.max_points:g} ({row.status})"
        if row.status == "failed":
            line += f": {row.detail or 'a check of your answer did not hold'}"
        elif row.status != "passed" and row.detail:
            line += f": {row.detail}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _grade(args: argparse.Namespace) -> int:
    check_out(args.out, [args.source, *args.submissions])
    source = read(str(args.source))
    tests = hidden_tests(source)
    if not tests:
        print(
            f"ce-assign: {args.source} has no hidden tests (cells tagged hidden-test)",
            file=sys.stderr,
        )
        return 2
    check_has_solutions(source, args.source)
    limits = Limits(
        cell_seconds=args.cell_timeout,
        submission_seconds=args.submission_timeout,
        memory_bytes=int(args.memory_limit * 2**30),
    )
    if not args.unisolated and sandbox.bwrap() is None:
        print(
            "ce-assign: bubblewrap is not installed (apt-get install bubblewrap), so the "
            "submissions cannot be isolated; pass --unisolated to grade without isolation",
            file=sys.stderr,
        )
        return 2
    if args.unisolated:
        print(
            "ce-assign: grading UNISOLATED: submissions can read and write what you can",
            file=sys.stderr,
        )
    rows = grade_all(
        [str(s) for s in args.submissions],
        tests,
        limits,
        jobs=args.jobs,
        progress=progress_bar,
        hidden=[str(args.source), str(args.out)],
        isolated=not args.unisolated,
    )
    # Written only now, by this process, after every submission's kernel has stopped.
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "grades.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "exercise", "points", "max_points", "status"])
        for row in rows:
            writer.writerow(
                [row.submission, row.exercise, f"{row.points:g}", f"{row.max_points:g}", row.status]
            )
    feedback = args.out / "feedback"
    feedback.mkdir(exist_ok=True)
    by_submission: dict[str, list[Row]] = {}
    for row in rows:
        by_submission.setdefault(row.submission, []).append(row)
    for index, (submission, mine) in enumerate(by_submission.items()):
        name = f"{index + 1:03d}-{Path(submission).stem}.md"
        (feedback / name).write_text(_feedback(mine), encoding="utf-8")
    print(f"wrote {args.out / 'grades.csv'} and {len(by_submission)} feedback files in {feedback}")
    if args.unisolated:
        print("note: these grades come from an UNISOLATED run (no sandbox)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the ``ce-assign`` command line."""
    parser = argparse.ArgumentParser(prog="ce-assign", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    student = commands.add_parser("student", help="write student versions of source notebooks")
    student.add_argument("sources", nargs="+", type=Path)
    student.add_argument("--out", type=Path, required=True)

    grade = commands.add_parser("grade", help="grade submissions against a source notebook")
    grade.add_argument("--source", type=Path, required=True)
    grade.add_argument("submissions", nargs="+", type=Path)
    grade.add_argument("--out", type=Path, required=True)
    grade.add_argument("--jobs", type=int, default=None, help="parallel submissions (cores)")
    grade.add_argument("--cell-timeout", type=float, default=60.0, help="seconds per cell")
    grade.add_argument(
        "--submission-timeout", type=float, default=600.0, help="seconds per submission"
    )
    grade.add_argument(
        "--memory-limit", type=float, default=4.0, help="GiB of address space per submission"
    )
    grade.add_argument(
        "--unisolated",
        action="store_true",
        help="grade without the bubblewrap sandbox (only where bwrap is missing; unsafe)",
    )

    export = commands.add_parser("nbgrader", help="write notebooks with nbgrader metadata")
    export.add_argument("sources", nargs="+", type=Path)
    export.add_argument("--out", type=Path, required=True)

    args = parser.parse_args(argv)
    try:
        if args.command == "student":
            _write_notebooks(args.sources, args.out, student_version)
            return 0
        if args.command == "nbgrader":
            _write_notebooks(args.sources, args.out, nbgrader_version)
            return 0
        return _grade(args)
    except (ValueError, OSError) as exc:
        print(f"ce-assign: {exc}", file=sys.stderr)
        return 2
