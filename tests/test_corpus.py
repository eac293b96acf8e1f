"""The corpus of broken and hostile inputs (tests/data/corpus/): each case's command, run on
a copy of the corpus ({corpus}; {data} is tests/data/, {profile} the fixture's
source profile), gives its exit status and its message, never a traceback, and leaves
the corpus as it was (a failed run writes nothing). The cases and their expected messages
are in tests/data/corpus/cases.toml; tests/data/corpus/make_corpus.py made the files."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from regionreport.cli import main
from tests.conftest import FIXTURE_PROFILE

CORPUS = Path(__file__).parent / "data" / "corpus"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]


def _listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_each_input_gives_its_message(case, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("*.py", "cases.toml"))
    before = _listing(corpus)
    args = [arg.replace("{corpus}", str(corpus)).replace("{profile}", str(FIXTURE_PROFILE))
            .replace("{data}", str(CORPUS.parent)) for arg in case["args"]]
    result = CliRunner().invoke(main, args)
    output = " ".join(result.output.split())
    assert result.exit_code == case["exit"], result.output
    assert "Traceback" not in result.output and not (
        result.exception and not isinstance(result.exception, SystemExit)), result.exception
    for expected in case["message"]:
        assert " ".join(expected.replace("{corpus}", str(corpus)).split()) in output, \
            result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == (1 if case["exit"] else 0)
    assert all(len(line) < 2000 for line in errors)   # a hostile value is not echoed whole
    assert _listing(corpus) == before
