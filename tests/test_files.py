"""files.py: atomic writes, the content-keyed caches, file names; and a build that meets a
corrupt cache entry rebuilds it instead of failing."""

from __future__ import annotations

import pytest

from regionreport import paths
from regionreport.files import (ascii_slug, atomic_path, cache_path, read_cached,
                                write_cached)
from regionreport.runner import build_report


def test_atomic_path_keeps_the_old_file_on_failure(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("stop")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"new")
    assert target.read_bytes() == b"new"


def test_cache_keys_follow_the_content(tmp_path):
    one = cache_path(tmp_path, [b"profile", b"data"])
    assert one == cache_path(tmp_path, [b"profile", b"data"])
    assert one != cache_path(tmp_path, [b"profile", b"other data"])
    assert one.parent == tmp_path and one.suffix == ".pickle"


def test_a_cache_entry_is_read_back_only_as_the_expected_type(tmp_path):
    entry = tmp_path / "entry.pickle"
    assert read_cached(entry, dict) is None                    # absent
    write_cached(entry, {"a": 1})
    assert read_cached(entry, dict) == {"a": 1}
    assert read_cached(entry, list) is None                    # another type
    entry.write_bytes(b"\x80\x05 not a pickle")
    assert read_cached(entry, dict) is None                    # corrupt


def test_a_corrupt_data_cache_entry_is_remade(tmp_path, sample_workbook):
    layout = paths.layouts_dir() / "jonkoping-2015.toml"
    cache = tmp_path / "cache"
    first = build_report(layout, tmp_path / "a.pdf", data_files=[sample_workbook.path],
                         charts=False, cache_dir=cache)
    for entry in (cache / "data").iterdir():
        entry.write_bytes(entry.read_bytes()[:100])             # a killed writer's leftovers
    second = build_report(layout, tmp_path / "b.pdf", data_files=[sample_workbook.path],
                          charts=False, cache_dir=cache)
    assert second.output.read_bytes() == first.output.read_bytes()


def test_ascii_slug():
    assert ascii_slug("Västra Götalands län") == "vastra-gotalands-lan"
    assert ascii_slug("Askim-Frölunda-Högsbo") == "askim-frolunda-hogsbo"
