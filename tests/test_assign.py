"""Assignments: student versions, the nbgrader export, and a grader that survives hostile code."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from crossentropy.book.assign import main
from crossentropy.book.assign.grader import Limits, grade_all
from crossentropy.book.assign.notebooks import (
    expected_names,
    hidden_tests,
    nbgrader_version,
    stub,
    student_version,
)

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


# ------------------------------------------------------------------ a small source notebook


def md(text):
    return nbformat.v4.new_markdown_cell(text)


def code(text, tags=(), **metadata):
    cell = nbformat.v4.new_code_cell(text)
    if tags:
        cell.metadata["tags"] = list(tags)
    cell.metadata.update(metadata)
    return cell


def hidden(text, exercise, points):
    return code(
        text, ("hidden-test", "remove-cell"), grading={"exercise": exercise, "points": points}
    )


def gated(label, *cells, explanation="The explanation of the answer."):
    return [
        md(
            f"```{{exercise}} Exercise {label}\n:label: {label}\n\nThe question.\n```\n\n"
            f"```{{solution-start}} {label}\n:class: dropdown\n```\n\n{explanation}"
        ),
        *cells,
        md("```{solution-end}\n```"),
    ]


ANSWER_A = "answer_a = 6 * 7"
ANSWER_B = 'def double(x):\n    """Twice x."""\n    return 2 * x'
ANSWER_C = (
    "import numpy as np\n\n\ndef my_entropy(p):\n    p = np.asarray(p, dtype=float)\n"
    "    nz = p > 0\n    return float(-np.sum(p[nz] * np.log(p[nz])))"
)


def source_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        md("# A small assignment"),
        code("import crossentropy as ce\nimport numpy as np"),
        *gated("ex-a", code(ANSWER_A, ("solution",)), hidden("assert answer_a == 42", "ex-a", 2)),
        *gated(
            "ex-b",
            code(ANSWER_B, ("solution",)),
            hidden("assert double(3) == 6\nassert double(-1) == -2", "ex-b", 3),
        ),
        *gated(
            "ex-c",
            code(ANSWER_C, ("solution",)),
            code('ce.exercises.check("entropy", my_entropy)', ("check",)),
            hidden('assert ce.exercises.check("entropy", my_entropy, quiet=True)', "ex-c", 3),
        ),
        *gated("ex-proof", explanation="A proof in words."),
        md("The end."),
    ]
    return nb


def submission(*extra_cells, answers=(ANSWER_A, ANSWER_B, ANSWER_C)):
    """A student's notebook: the correct answers, plus whatever else they wrote."""
    student = student_version(source_notebook())
    answer_cells = [c for c in student.cells if "solution" in c.metadata.get("tags", [])]
    for cell, answer in zip(answer_cells, answers, strict=True):
        cell.source = answer
    student.cells[2:2] = [code(text) for text in extra_cells]
    return student


# ------------------------------------------------------------------ student version


def test_student_version_hides_answers_and_keeps_the_rest():
    student = student_version(source_notebook())
    text = "\n".join(c.source for c in student.cells)
    assert "6 * 7" not in text and "return 2 * x" not in text and "np.log(p[nz])" not in text
    assert "explanation of the answer" not in text and "A proof in words" not in text
    assert "assert answer_a" not in text
    assert "```{exercise} Exercise ex-a" in text and "The end." in text
    assert "solution-start" not in text and "solution-end" not in text
    tags = [c.metadata.get("tags", []) for c in student.cells]
    assert sum("solution" in t for t in tags) == 3
    assert sum("check" in t for t in tags) == 1
    assert not any("hidden-test" in t for t in tags)
    assert "**Your answer** (exercise ex-proof)" in text
    assert all(c.get("outputs", []) == [] for c in student.cells)
    nbformat.validate(student)


def test_stubs_keep_names_and_signatures():
    assert stub(ANSWER_A, "ex-a").splitlines()[1:] == [
        "answer_a = ...",
        "raise NotImplementedError('Exercise ex-a: replace each ... with your answer.')",
    ]
    b = stub(ANSWER_B, "ex-b")
    assert "def double(x):" in b and '"""Twice x."""' in b and "raise NotImplementedError()" in b
    assert "return 2 * x" not in b
    assert "import numpy as np" in stub(ANSWER_C, "ex-c")
    assert expected_names(ANSWER_C) == ["my_entropy(p)"]


def test_hidden_tests_are_found_with_their_points():
    tests = hidden_tests(source_notebook())
    assert [(t.exercise, t.points) for t in tests] == [("ex-a", 2), ("ex-b", 3), ("ex-c", 3)]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_has_graded_exercises_and_a_valid_student_version(chapter):
    nb = nbformat.read(chapter, as_version=4)
    tests = hidden_tests(nb)
    assert len(tests) >= 3, "each chapter grades at least three exercises"
    student = student_version(nb)
    nbformat.validate(student)
    text = "\n".join(c.source for c in student.cells)
    for test in tests:
        assert test.source not in text
    assert "solution-start" not in text


# ------------------------------------------------------------------ grading


LIMITS = Limits(cell_seconds=4, submission_seconds=120, memory_bytes=3 * 2**30)


def write(nb, path: Path) -> str:
    nbformat.write(nb, path)
    return str(path)


# A hook that puts a hidden test's source into an exception message (ex-a's test),
# an answer that fails with its own message (ex-b), and one with a made-up class (ex-c).
LEAK_HOOK = (
    "import builtins\n_real_compile = builtins.compile\n"
    "def _leak(source, filename, *args, **kwargs):\n"
    "    if filename == '<hidden test>' and 'answer_a' in source:\n"
    "        raise RuntimeError('STUDENT-SAYS ' + source)\n"
    "    return _real_compile(source, filename, *args, **kwargs)\n"
    "builtins.compile = _leak"
)
LEAK_ASSERTION = "def double(x):\n    raise AssertionError('STUDENT-MESSAGE')"
LEAK_CLASS = (
    "class StudentChosenName(Exception):\n    pass\n\n\n"
    "def my_entropy(p):\n    raise StudentChosenName('STUDENT-TEXT')"
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade a class of crafted submissions once, two at a time, through the CLI."""
    folder = tmp_path_factory.mktemp("class")
    out = folder / "out"
    source = write(source_notebook(), folder / "source.ipynb")
    hostile_write = (
        f"from pathlib import Path\nout = Path({str(out)!r})\n"
        "out.mkdir(parents=True, exist_ok=True)\n"
        "(out / 'grades.csv').write_text('submission,exercise,points,max_points,status\\n"
        "x,ex-a,1000,2,passed\\n')\n(out / 'feedback').mkdir(exist_ok=True)"
    )
    wrong_entropy = "def my_entropy(p):\n    return 0.0"
    cheat = (
        "import crossentropy as ce\nimport crossentropy.book.exercises as E\n"
        "E.check = lambda *a, **k: True\nce.exercises.check = E.check"
    )
    submissions = {
        "reference": source_notebook(),
        "unanswered": student_version(source_notebook()),
        "correct": submission(),
        "infinite_loop": submission("while True:\n    pass"),
        "ignores_interrupts": submission(
            "import time\nwhile True:\n    try:\n        time.sleep(0.1)\n"
            "    except KeyboardInterrupt:\n        pass"
        ),
        "raises": submission("raise ValueError('oops')"),
        "exits": submission("import os\nos._exit(1)"),
        "huge_allocation": submission("import numpy as np\nx = np.ones(20 * 2**30 // 8)"),
        "flood": submission("while True:\n    print('x' * 10000)"),
        "renamed_answer": submission(answers=("answer_A = 42", ANSWER_B, ANSWER_C)),
        "cheats_the_check": submission(answers=(ANSWER_A, ANSWER_B, wrong_entropy + "\n" + cheat)),
        "slow_function": submission(
            answers=(ANSWER_A, "def double(x):\n    while True:\n        pass", ANSWER_C)
        ),
        "writes_output": submission(hostile_write),
        "leaks": submission(
            LEAK_HOOK,
            answers=(ANSWER_A, LEAK_ASSERTION, LEAK_CLASS),
        ),
        "answer_never_ends": submission(
            answers=("while True:\n    pass\nanswer_a = 42", ANSWER_B, ANSWER_C)
        ),
    }
    paths = [write(nb, folder / f"{name}.ipynb") for name, nb in submissions.items()]
    broken = folder / "broken.ipynb"
    broken.write_text("{ this is not json")
    paths.append(str(broken))
    for name, target in (("to_passwd", "/etc/passwd"), ("to_source", source)):
        (folder / f"{name}.ipynb").symlink_to(target)
        paths.append(str(folder / f"{name}.ipynb"))
    code = main(
        [
            "grade",
            "--source",
            source,
            *paths,
            "--out",
            str(out),
            "--jobs",
            "2",
            "--cell-timeout",
            "4",
            "--submission-timeout",
            "120",
            "--memory-limit",
            "3",
        ]
    )
    assert code == 0
    with open(out / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table: dict[str, dict[str, tuple[float, str]]] = {}
    for row in rows:
        name = Path(row["submission"]).stem
        table.setdefault(name, {})[row["exercise"]] = (float(row["points"]), row["status"])
    return table, out


FULL = {"ex-a": (2.0, "passed"), "ex-b": (3.0, "passed"), "ex-c": (3.0, "passed")}


def test_grades_csv_has_every_submission_and_exercise(graded):
    table, out = graded
    assert len(table) == 18
    assert all(set(rows) == {"ex-a", "ex-b", "ex-c"} for rows in table.values())
    header = (out / "grades.csv").read_text().splitlines()[0]
    assert header == "submission,exercise,points,max_points,status"
    assert len(list((out / "feedback").glob("*.md"))) == 18


def test_the_reference_solution_gets_full_points(graded):
    assert graded[0]["reference"] == FULL
    assert graded[0]["correct"] == FULL


def test_the_student_version_gets_zero_with_status_error(graded):
    assert graded[0]["unanswered"] == {ex: (0.0, "error") for ex in FULL}
    feedback = next((graded[1] / "feedback").glob("*-unanswered.md")).read_text()
    assert "NotImplementedError" in feedback and "Total: 0 / 8 points" in feedback


@pytest.mark.parametrize(
    "name", ["infinite_loop", "ignores_interrupts", "raises", "exits", "huge_allocation", "flood"]
)
def test_hostile_cells_do_not_cost_the_answers_their_points(graded, name):
    assert graded[0][name] == FULL


def test_a_renamed_answer_is_an_error_for_that_exercise_only(graded):
    assert graded[0]["renamed_answer"] == FULL | {"ex-a": (0.0, "error")}


def test_replacing_the_check_functions_gains_nothing(graded):
    assert graded[0]["cheats_the_check"]["ex-c"] == (0.0, "failed")


def test_a_function_that_never_returns_times_out(graded):
    assert graded[0]["slow_function"] == FULL | {"ex-b": (0.0, "timeout")}


def test_feedback_shows_no_text_from_the_submission_or_the_hidden_tests(graded):
    # The compile hook runs in the submission's process, which the hidden tests never
    # enter: it sees no test, and its own answer to ex-a stands.
    assert graded[0]["leaks"] == {
        "ex-a": (2.0, "passed"),
        "ex-b": (0.0, "failed"),
        "ex-c": (0.0, "error"),
    }
    feedback = next((graded[1] / "feedback").glob("*-leaks.md")).read_text()
    for secret in ("STUDENT", "answer_a ==", "double(3)", "StudentChosenName", "ce.exercises"):
        assert secret not in feedback, feedback
    assert "RuntimeError" in feedback and "did not hold" in feedback


def test_a_symlinked_submission_is_crashed_and_never_read(graded):
    table, out = graded
    assert table["to_passwd"] == {ex: (0.0, "crashed") for ex in FULL}
    assert table["to_source"] == {ex: (0.0, "crashed") for ex in FULL}
    first_lines = [x for x in Path("/etc/passwd").read_text().splitlines()[:3] if x]
    everything = (out / "grades.csv").read_text() + "".join(
        p.read_text() for p in (out / "feedback").glob("*.md")
    )
    assert first_lines and not any(x in everything for x in first_lines)
    feedback = next((out / "feedback").glob("*-to_source.md")).read_text()
    assert "symbolic link" in feedback


def test_a_submission_over_the_size_limit_is_crashed(tmp_path):
    from crossentropy.book.assign.grader import grade_submission

    path = write(submission(), tmp_path / "big.ipynb")
    limits = Limits(cell_seconds=4, submission_seconds=30, file_bytes=1000)
    rows = grade_submission(path, hidden_tests(source_notebook()), limits)
    assert {(r.status, r.detail) for r in rows} == {
        ("crashed", "the submission is larger than the limit of 1000 bytes")
    }


def test_an_answer_cell_that_never_ends_times_out(graded):
    assert graded[0]["answer_never_ends"] == FULL | {"ex-a": (0.0, "timeout")}
    feedback = next((graded[1] / "feedback").glob("*-answer_never_ends.md")).read_text()
    line = next(x for x in feedback.splitlines() if x.startswith("- ex-a:"))
    assert "(timeout)" in line and "ran past the 4 s limit" in line, line
    assert "NameError" not in feedback


def test_writing_to_the_output_folder_changes_no_grade(graded):
    assert graded[0]["writes_output"] == FULL
    assert "1000" not in (graded[1] / "grades.csv").read_text()


def test_a_malformed_notebook_is_crashed_with_a_message(graded):
    assert graded[0]["broken"] == {ex: (0.0, "crashed") for ex in FULL}
    feedback = next((graded[1] / "feedback").glob("*-broken.md")).read_text()
    assert "not a readable notebook" in feedback


def test_grade_all_api_in_one_process(tmp_path):
    path = write(submission(), tmp_path / "s.ipynb")
    rows = grade_all([path], hidden_tests(source_notebook()), LIMITS, jobs=1)
    assert {(r.exercise, r.points, r.status) for r in rows} == {
        ("ex-a", 2, "passed"),
        ("ex-b", 3, "passed"),
        ("ex-c", 3, "passed"),
    }


def test_cli_errors(tmp_path, capsys):
    (tmp_path / "bad.ipynb").write_text("nope")
    assert main(["student", str(tmp_path / "bad.ipynb"), "--out", str(tmp_path / "o")]) == 2
    assert "not a readable notebook" in capsys.readouterr().err
    empty = write(nbformat.v4.new_notebook(), tmp_path / "empty.ipynb")
    assert main(["grade", "--source", empty, empty, "--out", str(tmp_path / "o")]) == 2


# ------------------------------------------------------------------ the instructor's files


def one_line_error(capsys, *words):
    err = capsys.readouterr().err.strip()
    assert err.startswith("ce-assign: ") and "\n" not in err, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    return err


@pytest.fixture
def course(tmp_path):
    """A source notebook in its own folder, and a submission folder beside it."""
    (tmp_path / "book").mkdir()
    (tmp_path / "subs").mkdir()
    source = tmp_path / "book" / "source.ipynb"
    write(source_notebook(), source)
    student = tmp_path / "subs" / "alice.ipynb"
    write(submission(), student)
    return tmp_path, source, student


def _commands(source: Path, student: Path, out: Path) -> dict[str, list[str]]:
    return {
        "student": ["student", str(source), "--out", str(out)],
        "nbgrader": ["nbgrader", str(source), "--out", str(out)],
        "grade": ["grade", "--source", str(source), str(student), "--out", str(out)],
    }


@pytest.mark.parametrize("command", ["student", "nbgrader", "grade"])
@pytest.mark.parametrize("where", ["source folder", "above the source", "symlink to it"])
def test_out_may_not_hold_the_source(course, capsys, command, where):
    root, source, student = course
    before = source.read_bytes()
    out = {"source folder": source.parent, "above the source": root}.get(where)
    if out is None:
        out = root / "link"
        out.symlink_to(source.parent)
    assert main(_commands(source, student, out)[command]) == 2
    one_line_error(capsys, "--out", "choose a folder of its own")
    assert source.read_bytes() == before
    assert sorted(p.name for p in source.parent.iterdir()) == ["source.ipynb"]


def test_grade_out_may_not_hold_a_submission(course, capsys):
    _, source, student = course
    before = student.read_bytes()
    assert main(_commands(source, student, student.parent)["grade"]) == 2
    one_line_error(capsys, str(student))
    assert student.read_bytes() == before and not (student.parent / "grades.csv").exists()


@pytest.mark.parametrize("command", ["student", "nbgrader", "grade"])
@pytest.mark.parametrize("below", [False, True])
def test_out_may_not_be_a_file(course, capsys, command, below):
    root, source, student = course
    existing = root / "notes.txt"
    existing.write_text("the instructor's notes")
    out = existing / "handout" if below else existing
    assert main(_commands(source, student, out)[command]) == 2
    one_line_error(capsys, "is not a folder")
    assert existing.read_text() == "the instructor's notes"


@pytest.mark.parametrize("command", ["student", "nbgrader"])
def test_a_source_without_solution_cells_is_refused(course, capsys, command):
    root, _, student = course
    nb = source_notebook()
    for cell in nb.cells:
        cell.metadata.pop("tags", None)
    source = write(nb, root / "book" / "plain.ipynb")
    assert main(_commands(Path(source), student, root / "out")[command]) == 2
    one_line_error(capsys, "no solution cells")
    assert not (root / "out").exists()


def test_grade_refuses_a_source_without_solution_cells(course, capsys):
    root, _, student = course
    nb = source_notebook()
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []):
            cell.metadata["tags"] = []
    source = write(nb, root / "book" / "plain.ipynb")
    assert main(_commands(Path(source), student, root / "out")["grade"]) == 2
    one_line_error(capsys, "no solution cells")


def test_module_entry_point(tmp_path):
    source = write(source_notebook(), tmp_path / "source.ipynb")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crossentropy.assign",
            "student",
            source,
            "--out",
            str(tmp_path / "handout"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "wrote" in result.stdout
    assert (tmp_path / "handout" / "source.ipynb").is_file()


# ------------------------------------------------------------------ the real chapters


@pytest.fixture(scope="module")
def chapters_graded(tmp_path_factory):
    """Every chapter graded against itself, and its student version graded too."""
    folder = tmp_path_factory.mktemp("chapters")
    results = {}
    for chapter in CHAPTERS:
        nb = nbformat.read(chapter, as_version=4)
        student = write(student_version(nb), folder / f"student-{chapter.name}")
        rows = grade_all(
            [str(chapter), student],
            hidden_tests(nb),
            Limits(cell_seconds=120, submission_seconds=600),
            jobs=2,
        )
        results[chapter.stem] = rows
    return results


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapters_get_full_points_and_their_student_versions_zero(chapters_graded, chapter):
    rows = chapters_graded[chapter.stem]
    source_rows = [r for r in rows if r.submission == str(chapter)]
    student_rows = [r for r in rows if r.submission != str(chapter)]
    assert source_rows and all(
        r.status == "passed" and r.points == r.max_points for r in source_rows
    ), source_rows
    assert student_rows and all(r.status == "error" and r.points == 0 for r in student_rows), (
        student_rows
    )


# ------------------------------------------------------------------ nbgrader


nbgrader = shutil.which("nbgrader", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(nbgrader is None, reason="nbgrader is not installed (requirements-test.txt)")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # nbgrader's own SQLAlchemy usage
def test_nbgrader_takes_the_export_unchanged(tmp_path):
    course = tmp_path / "course"
    (course / "source" / "small").mkdir(parents=True)
    nbformat.write(nbgrader_version(source_notebook()), course / "source" / "small" / "small.ipynb")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'ce'\n"
        "c.CourseDirectory.db_assignments = [dict(name='small')]\n"
        "c.CourseDirectory.db_students = [dict(id='ref'), dict(id='blank')]\n"
    )

    # nbgrader runs `alembic` from PATH: give it this environment's scripts.
    env = os.environ | {"PATH": os.pathsep.join([str(Path(nbgrader).parent), os.environ["PATH"]])}

    def run(*args):
        result = subprocess.run(
            [nbgrader, *args], cwd=course, capture_output=True, text=True, check=False, env=env
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]

    run("generate_assignment", "small", "--force")
    release = nbformat.read(course / "release" / "small" / "small.ipynb", as_version=4)
    text = "\n".join(c.source for c in release.cells)
    assert "6 * 7" not in text and "assert answer_a" not in text
    assert "# Exercise ex-b: define double(x)" in text
    # The reference submission (the source) gets every point; the release gets none.
    for student, notebook in (
        ("ref", course / "source" / "small" / "small.ipynb"),
        ("blank", course / "release" / "small" / "small.ipynb"),
    ):
        target = course / "submitted" / student / "small"
        target.mkdir(parents=True)
        shutil.copy(notebook, target / "small.ipynb")
    run("autograde", "small", "--force")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        ref = gradebook.find_submission("small", "ref")
        blank = gradebook.find_submission("small", "blank")
        assert (ref.score, ref.max_score) == (8.0, 8.0)
        assert blank.score == 0.0
