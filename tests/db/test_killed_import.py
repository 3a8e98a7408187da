"""A process killed with SIGKILL in the middle of an import leaves the registry intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from coordinator.records.demo import demo_patients
from coordinator.records.record_io import dump_records
from db.audit import verify_chain
from db.patients import PatientRepository
from db.registry import Registry
from tests.ui.conftest import PASSWORD, set_up_site

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_sigkill_during_import_leaves_no_partial_file(tmp_path):
    small = tmp_path / "small.json"
    small.write_text(dump_records(demo_patients(5, seed=1)), encoding="utf-8")
    big_patients = [p.model_copy(update={"registry_no": f"BIG-{i:05d}"})
                    for i, p in enumerate(demo_patients(6000, seed=2))]
    big = tmp_path / "big.json"
    big.write_text(dump_records(big_patients), encoding="utf-8")
    db = tmp_path / "registry.sqlite3"
    wal = Path(f"{db}-wal")

    set_up_site(str(db))
    process = subprocess.Popen(
        [sys.executable, "-c", "from ui.cli.main import main; main()", "--db", str(db), "--user", "ann", "import",
         str(small), str(big)],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), "TRIALDESK_PASSWORD": PASSWORD},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    # The big file's transaction is under way once the write-ahead log grows past the small file's share.
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 4_000_000:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the import finished before it could be killed; make the file bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()

    registry = Registry.open(db)
    try:
        with registry.reading() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert session.execute(text("PRAGMA foreign_key_check")).fetchall() == []
            repository = PatientRepository(session, "t")
            assert repository.count() == 5, "the small file is whole and nothing of the big one is there"
            assert repository.search("BIG-00000") == []
            orphans = session.execute(text(
                "SELECT COUNT(*) FROM observation WHERE patient_id NOT IN (SELECT id FROM patient)")).scalar()
            assert orphans == 0
            assert verify_chain(session) is None
    finally:
        registry.close()
