"""A class that cheats: every attack of issue 12 graded in one run, beside honest students.

Each attack notebook carries wrong (or no) answers of its own and tries to earn
points anyway, read what it must not, hurt the other submissions of the run or
change files. They are graded together with honest submissions, two at a time,
through the CLI and in the sandbox, and the test checks that each attack gets
nothing, that the honest students get exactly their points, and that no file
outside the output folder changed.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

import crossentropy
from crossentropy.book.assign import main
from crossentropy.book.assign.notebooks import student_version
from tests.test_assign import (
    ANSWER_A,
    ANSWER_B,
    ANSWER_C,
    FULL,
    source_notebook,
    submission,
    write,
)

WRONG = ("answer_a = 0", "def double(x):\n    return 0", "def my_entropy(p):\n    return 0.0")
MARKER = "ce-attack-daemon-marker"
LIBRARY = Path(crossentropy.__file__)


def attack(*cells: str) -> object:
    """A submission with wrong answers and the attack's cells before them."""
    return submission(*cells, answers=WRONG)


def _attacks(source: Path, folder: Path) -> dict[str, object]:
    planted = folder / "planted-by-a-daemon"
    return {
        # 1. Tampering with the test machinery in the student's own process.
        "patches_numpy": attack(
            "import numpy as np\nnp.isclose = lambda *a, **k: True\n"
            "np.allclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None"
        ),
        "shadows_builtins": attack(
            "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.isinstance = lambda *a: True\n"
            "builtins.AssertionError = type('Never', (Exception,), {})"
        ),
        "import_hook": attack(
            "import sys, types, importlib.abc, importlib.machinery\n"
            "fake = types.ModuleType('crossentropy.book.exercises')\n"
            "fake.check = lambda *a, **k: True\n"
            "class Finder(importlib.abc.MetaPathFinder):\n"
            "    def find_spec(self, name, path, target=None):\n"
            "        if name.endswith('exercises'):\n"
            "            return importlib.machinery.ModuleSpec(name, self)\n"
            "    def create_module(self, spec):\n"
            "        return fake\n"
            "    def exec_module(self, module):\n"
            "        pass\n"
            "sys.meta_path.insert(0, Finder())\n"
            "for m in [m for m in sys.modules if m.startswith('crossentropy')]:\n"
            "    del sys.modules[m]"
        ),
        "ipython_hooks": attack(
            "ip = get_ipython()\n"
            "def forge(*args):\n"
            "    for name in list(ip.user_ns):\n"
            "        if name.startswith('_ce_result'):\n"
            "            ip.user_ns[name] = ('passed', '')\n"
            "ip.events.register('post_run_cell', forge)\n"
            "ip.display_formatter.formatters['text/plain'].for_type(tuple, lambda *a: 'passed')"
        ),
        "lying_objects": submission(
            answers=(
                "class Liar(float):\n    def __eq__(self, other):\n        return True\n"
                "answer_a = Liar(0)",
                "class Any:\n    __eq__ = lambda s, o: True\n    __sub__ = lambda s, o: 0\n"
                "def double(x):\n    return Any()",
                "import numpy as np\nclass Zero(np.ndarray):\n"
                "    def __sub__(self, o):\n        return np.zeros(1)\n"
                "def my_entropy(p):\n    return np.zeros(()).view(Zero)",
            )
        ),
        "delegates": submission(answers=(ANSWER_A, ANSWER_B, "my_entropy = ce.entropy")),
        "delegates_through_a_call": submission(
            answers=(
                ANSWER_A,
                ANSWER_B,
                "from crossentropy.measures import entropy as _h\n"
                "import functools\n_saved = functools.partial(_h)\n"
                "def my_entropy(p, base=None):\n    return _saved(p, base=base)",
            )
        ),
        # 2. Reading what students must not see: the source (found through /proc or
        # known), run for its solutions.
        "reads_the_source": submission(
            "import json, os\nfrom pathlib import Path\n"
            f"paths = [Path({str(source)!r})]\n"
            "for pid in [p for p in os.listdir('/proc') if p.isdigit()]:\n"
            "    try:\n"
            "        args = Path(f'/proc/{pid}/cmdline').read_bytes().split(b'\\0')\n"
            "    except OSError:\n"
            "        continue\n"
            "    if b'--source' in args:\n"
            "        paths.append(Path(args[args.index(b'--source') + 1].decode()))\n"
            "for path in paths:\n"
            "    try:\n"
            "        nb = json.loads(path.read_text())\n"
            "    except OSError:\n"
            "        continue\n"
            "    for cell in nb['cells']:\n"
            "        if 'solution' in cell['metadata'].get('tags', []):\n"
            "            exec(''.join(cell['source']), globals())",
            answers=("pass", "pass", "pass"),
        ),
        # 3. Hurting others: kill every other process in sight, a daemon that outlives
        # the submission and plants a file, a write into the installed library.
        "kills_everyone": attack(
            "import os\nfor pid in [int(p) for p in os.listdir('/proc') if p.isdigit()]:\n"
            "    if pid > 2 and pid != os.getpid():\n"
            "        try:\n            os.kill(pid, 9)\n        except OSError:\n            pass"
        ),
        "double_fork": attack(
            "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
            "        time.sleep(3)\n"
            f"        try:\n            open({str(planted)!r}, 'w').write('x')\n"
            "        except OSError:\n            pass\n"
            f"        os.execv('/bin/sleep', [{MARKER!r}, '60'])\n"
            "    os._exit(0)"
        ),
        "writes_the_library": attack(
            f"open({str(LIBRARY)!r}, 'a').write('\\n# written by a submission\\n')"
        ),
        "one_huge_print": submission("print('x' * 150_000_000)"),
    }


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _daemons() -> list[str]:
    found = []
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if MARKER.encode() in cmdline:
            found.append(pid)
    return found


@pytest.fixture(scope="module")
def class_graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cheating-class")
    # The source outside /tmp (which the sandbox replaces as a whole), as an instructor's
    # would be: its folder must be hidden on its own.
    home = Path(tempfile.mkdtemp(prefix="ce-attack-source-", dir=Path.home()))
    source = home / "source.ipynb"
    write(source_notebook(), source)
    out = folder / "out"
    honest = {
        "honest_full": submission(),
        "honest_partial": submission(answers=(ANSWER_A, "def double(x):\n    return x", ANSWER_C)),
        "honest_blank": student_version(source_notebook()),
    }
    notebooks = {**honest, **_attacks(source, folder)}
    subs = folder / "submissions"
    subs.mkdir()
    paths = [write(nb, subs / f"{name}.ipynb") for name, nb in notebooks.items()]
    library_before = _sha(LIBRARY)
    source_before = _sha(source)
    source_after = ""
    started = time.monotonic()
    try:
        code = main(
            ["grade", "--source", str(source), *paths, "--out", str(out), "--jobs", "2",
             "--cell-timeout", "10", "--submission-timeout", "120"]
        )  # fmt: skip
        time.sleep(max(0.0, 5 - (time.monotonic() - started)))  # the daemon's 3 s, and more
        grades_after_daemon = (out / "grades.csv").read_text()
        source_after = _sha(source)
        library_after = _sha(LIBRARY)
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if _sha(LIBRARY) != library_before:  # never leave the repository damaged
            text = LIBRARY.read_text().replace("\n# written by a submission\n", "")
            LIBRARY.write_text(text)
    assert code == 0
    with open(out / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table: dict[str, dict[str, tuple[float, str]]] = {}
    for row in rows:
        table.setdefault(Path(row["submission"]).stem, {})[row["exercise"]] = (
            float(row["points"]),
            row["status"],
        )
    feedback = {p.stem.split("-", 1)[1]: p.read_text() for p in (out / "feedback").glob("*.md")}
    return {
        "table": table,
        "feedback": feedback,
        "folder": folder,
        "library": (library_before, library_after),
        "source": (source_before, source_after),
        "grades": grades_after_daemon,
        "out": out,
    }


def points(rows: dict[str, tuple[float, str]]) -> float:
    return sum(p for p, _ in rows.values())


def test_the_class_is_big_and_mixed(class_graded):
    assert len(class_graded["table"]) >= 12


def test_honest_students_get_exactly_their_points(class_graded):
    table = class_graded["table"]
    assert table["honest_full"] == FULL
    assert table["honest_partial"] == FULL | {"ex-b": (0.0, "failed")}
    assert points(table["honest_blank"]) == 0


@pytest.mark.parametrize(
    "name",
    ["patches_numpy", "shadows_builtins", "import_hook", "ipython_hooks", "kills_everyone",
     "double_fork", "writes_the_library"],
)  # fmt: skip
def test_tampering_and_hurting_others_earn_nothing(class_graded, name):
    assert points(class_graded["table"][name]) == 0, class_graded["table"][name]


def test_lying_objects_do_not_cross_the_boundary(class_graded):
    rows = class_graded["table"]["lying_objects"]
    assert points(rows) == 0
    assert rows["ex-a"][1] == "error"
    assert "not plain data" in class_graded["feedback"]["lying_objects"]


@pytest.mark.parametrize("name", ["delegates", "delegates_through_a_call"])
def test_an_answer_that_calls_the_library_function_earns_nothing(class_graded, name):
    rows = class_graded["table"][name]
    assert rows == FULL | {"ex-c": (0.0, "failed")}
    assert "calls ce.entropy, the function it was to write" in class_graded["feedback"][name]


def test_the_source_cannot_be_read_or_found(class_graded):
    assert points(class_graded["table"]["reads_the_source"]) == 0


def test_nothing_outlives_its_submission_and_no_file_changes(class_graded):
    assert _daemons() == []
    assert not (class_graded["folder"] / "planted-by-a-daemon").exists()
    assert class_graded["grades"] == (class_graded["out"] / "grades.csv").read_text()
    before, after = class_graded["library"]
    assert before == after, "a submission wrote into the installed library"
    assert class_graded["source"][0] == class_graded["source"][1]


def test_a_huge_print_costs_nothing(class_graded):
    assert class_graded["table"]["one_huge_print"] == FULL


def test_without_bubblewrap_grading_is_refused_unless_unisolated(tmp_path, capsys, monkeypatch):
    from crossentropy.book.assign import sandbox

    source = write(source_notebook(), tmp_path / "source.ipynb")
    sub = write(submission(), tmp_path / "s.ipynb")
    monkeypatch.setattr(sandbox, "bwrap", lambda: None)
    code = main(["grade", "--source", source, sub, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "bubblewrap is not installed" in err and "--unisolated" in err
    assert not (tmp_path / "out").exists()
    code = main(["grade", "--source", source, sub, "--out", str(tmp_path / "out"), "--unisolated"])
    captured = capsys.readouterr()
    assert code == 0 and "UNISOLATED" in captured.err and "UNISOLATED" in captured.out
    assert "ex-a,2,2,passed" in (tmp_path / "out" / "grades.csv").read_text()
