"""A broad search (a prefix matching many patients) walks the registry in order instead of
gathering every match through the name indexes: same patients, same order, same pages."""

from __future__ import annotations

import pytest

import db.patients
from db.patients import PatientRepository
from tests.conftest import make_patient

NAMES = ["张伟", "张敏", "王芳", "李娜", "张静", "刘洋", "张丽", "王强", "Zhang Wei", "陈晨", "张磊", "赵敏"]


@pytest.fixture
def repository(registry):
    with registry.writing() as session:
        PatientRepository(session, "t").add(
            [make_patient(f"R{n:04d}", name, record_no=f"H{n:05d}") for n, name in enumerate(NAMES * 3)])
    with registry.reading() as session:
        yield PatientRepository(session, "t")


@pytest.mark.parametrize("typed", ["z", "zhang", "张", "w", "H00007", "H0000", "R0005", "r00", "ZW", "nobody"])
def test_broad_and_indexed_searches_find_the_same_pages(repository, typed):
    everyone = repository.search(typed, limit=None, broad=False)
    assert [p.registry_no for p in everyone] == sorted(p.registry_no for p in everyone)
    for offset in (0, 4, 12):
        indexed = repository.search(typed, limit=5, offset=offset, broad=False)
        walked = repository.search(typed, limit=5, offset=offset, broad=True)
        assert walked == indexed == everyone[offset:offset + 5]


def test_the_search_chooses_the_walk_when_many_match(repository, monkeypatch):
    monkeypatch.setattr(db.patients, "BROAD_MATCHES", 5)
    assert repository.search("zhang", limit=3) == repository.search("zhang", limit=3, broad=True)
    assert [p.name for p in repository.search("zhang", limit=100)].count("张伟") == 3


def test_a_capped_count_stops_at_the_cap(repository):
    assert repository.count("zhang") == 18
    assert repository.count("zhang", cap=10) == 10
    assert repository.count("zhang", cap=50) == 18
    assert repository.count("nobody", cap=10) == 0
