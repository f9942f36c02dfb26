"""Bad data stops the build with a plain message naming file, entry, field and line; site/ stays as it was.

Each case is a folder of tests/bad_inputs/: `case.json` says how to break a copy of the data (`replace`: pairs of
exact text and its replacement; `write`: the file's whole new text; `action`: delete, huge, latin1) and
`expected.txt` lists, one a line, words the message must contain.

Every case runs `build.py --check` through the command line's own `main` in this process (a Python start per case
cost 2 s); a few cases of each kind (YAML, schema, links, files) also run a real build in its own process, as the
office runs it.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from packs import ROOT, copy_built, run, tree_hash

from guidepack import yamlio
from guidepack.cli import main
from guidepack.yamlio import MAX_BYTES

CASES = Path(__file__).parent / "bad_inputs"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "case.json").is_file())
# Run as a real build in its own process too: one case of each kind of mistake.
IN_A_BUILD = ["yaml-tab-indent", "file-latin1", "board-name-not-text", "task-cites-missing-instrument",
              "document-deadline-wording-mismatch"]


def break_data(data: Path, case: dict) -> None:
    path = data / case["file"]
    action = case.get("action")
    if action == "delete":
        path.unlink()
    elif action == "huge":
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "# " + "x" * (MAX_BYTES + 1) + "\n", encoding="utf-8")
    elif action == "latin1":
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    elif "write" in case:
        path.write_text(case["write"], encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        for old, new in case["replace"]:
            assert old in text, f"{case['file']} no longer has {old!r}: update the case"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(small_built, tmp_path_factory):
    return copy_built(small_built, tmp_path_factory.mktemp("errors"))


@pytest.fixture()
def data(project):
    """The project's data/, restored after the test."""
    saved = {p.name: p.read_bytes() for p in (project / "data").iterdir() if p.is_file()}
    yield project / "data"
    for p in (project / "data").iterdir():
        if p.is_file():
            p.unlink()
    for name, content in saved.items():
        (project / "data" / name).write_bytes(content)


def test_the_corpus_is_large_enough():
    assert len(NAMES) >= 30
    assert set(IN_A_BUILD) <= set(NAMES)


def broken(data: Path, name: str) -> list[str]:
    """Break `data` as case `name` says; the words its message must hold."""
    break_data(data, json.loads((CASES / name / "case.json").read_text(encoding="utf-8")))
    return (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", NAMES)
def test_bad_input_gives_a_clear_error(project, data, name, capsys):
    expected = broken(data, name)
    assert main(["--root", str(project), "--check"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    message = err.splitlines()[0]
    for word in expected:
        assert word in message, (word, err)


@pytest.mark.parametrize("name", IN_A_BUILD)
def test_bad_input_stops_a_build_and_keeps_site(project, data, name):
    before = tree_hash(project / "site")
    expected = broken(data, name)
    result = run(project)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    for word in expected:
        assert word in result.stderr.splitlines()[0], (word, result.stderr)
    assert "site/ vẫn giữ nguyên" in result.stderr
    assert tree_hash(project / "site") == before
    assert not list(project.glob(".site-new-*"))


def test_text_not_in_nfc_is_normalised_not_rejected(project, data):
    boards = data / "boards.yaml"
    text = boards.read_text(encoding="utf-8")
    name = "Ban vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa"
    decomposed = unicodedata.normalize("NFD", name + " mới")
    boards.write_text(text.replace(name, decomposed, 1), encoding="utf-8")
    result = run(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "co-quan" / "thanh-hoa.html").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", decomposed) in page and decomposed not in page
    pack = (project / "site" / "pack.json").read_text(encoding="utf-8")
    assert pack == unicodedata.normalize("NFC", pack)


def test_a_byte_order_mark_is_accepted(project, data):
    boards = data / "boards.yaml"
    boards.write_bytes(b"\xef\xbb\xbf" + boards.read_bytes())
    result = run(project, "--check")
    assert result.returncode == 0, result.stderr


def test_libyaml_reads_the_data_as_pyyaml_does(monkeypatch):
    """The data is read by libyaml's parser (fast) and, when it refuses a file, by PyYAML's (for the message): both
    give the same values, the same lines and the same types for every data file."""
    assert yamlio._FastLoader is not None, "PyYAML without libyaml: the data is read by the slow parser only"
    files = sorted((ROOT / "data").glob("*.yaml")) + sorted((ROOT / "tests/second_letter/data").glob("*.yaml"))
    assert len(files) >= 8
    fast = {f: yamlio.read_yaml(f, f.name) for f in files}
    monkeypatch.setattr(yamlio, "_FastLoader", None)
    for f in files:
        slow = yamlio.read_yaml(f, f.name)
        assert typed(fast[f].data) == typed(slow.data) and fast[f].lines == slow.lines, f


def typed(value):
    """`value` with the type of every part, so that 1 and "1", or a PlainDate and a string, differ."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)
