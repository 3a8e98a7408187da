"""The registry's keys as plain values: the recovery key survives being typed (case, spaces,
hyphens, look-alike letters) and catches a typo; a wrapping opens only with its password and
for its user; the key file reads back what it wrote and refuses what it is not; failed unlockings
count toward the lockout."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.encryption.keys import (Cost, KeyFile, KeyFileError, RecoveryKeyError, data_key_from_recovery,
                                         new_data_key, recovery_key_text, unwrap, wrap)
from coordinator.signing.accounts import LockoutPolicy

FAST = Cost(time_cost=1, memory_kib=8, parallelism=1)  # the format is what is tested, not the cost
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("key", [bytes(32), b"\xff" * 32, bytes(range(32))])
def test_the_recovery_key_round_trips_as_typed(key):
    text = recovery_key_text(key)
    groups = text.split("-")
    assert len(groups) == 14 and all(len(group) == 4 for group in groups)
    assert data_key_from_recovery(text) == key
    assert data_key_from_recovery(" " + text.lower().replace("-", " ") + "\n") == key
    assert data_key_from_recovery(text.replace("1", "I").replace("0", "O")) == key  # look-alikes read as digits


def test_a_mistyped_recovery_key_is_caught():
    text = recovery_key_text(bytes(range(32)))
    swapped = text[:5] + text[6] + text[5] + text[7:]
    for wrong in (text[:-1] + ("A" if text[-1] != "A" else "B"), swapped, text[:-5], text + "A", "", "#?!"):
        with pytest.raises(RecoveryKeyError):
            data_key_from_recovery(wrong)


def test_a_wrapping_opens_with_its_password_for_its_user_only():
    key = new_data_key()
    wrapped = wrap(key, "ann", "granite tulip 1987", FAST)
    assert unwrap(wrapped, "ann", "granite tulip 1987") == key
    assert unwrap(wrapped, "ann", "granite tulip 1988") is None
    assert unwrap(wrapped, "bob", "granite tulip 1987") is None  # bound to the user name


def test_the_key_file_reads_back_what_it_wrote_and_refuses_what_it_is_not():
    keys = KeyFile("北京协和医院").with_wrapping("ann", wrap(new_data_key(), "ann", "granite tulip 1987", FAST))
    assert KeyFile.from_json(keys.to_json()) == keys
    for text, problem in (("{", "not JSON"), ('{"format": "x"}', "not a TrialDesk key file"),
                          ('{"format": "trialdesk-registry-keys", "version": 9}', "key file version 9"),
                          ('{"format": "trialdesk-registry-keys", "version": 1, "wrappings": {"ann": [{}]}}',
                           "incomplete")):
        with pytest.raises(KeyFileError, match=problem):
            KeyFile.from_json(text, "registry.sqlite3.keys")


def test_failed_unlockings_count_lock_out_and_are_kept_to_be_audited():
    key = new_data_key()
    keys = KeyFile("site").with_wrapping("ann", wrap(key, "ann", "granite tulip 1987", FAST))
    policy = LockoutPolicy(max_failures=3, lock_minutes=15)
    for attempt in range(3):
        found, keys = keys.unlock("ann", "wrong", NOW + dt.timedelta(seconds=attempt), policy)
        assert found is None
    assert keys.locked_until("ann", NOW) == NOW + dt.timedelta(seconds=2, minutes=15)
    assert keys.unlock("ann", "granite tulip 1987", NOW + dt.timedelta(minutes=5), policy)[0] is None  # locked
    found, keys = keys.unlock("ann", "granite tulip 1987", NOW + dt.timedelta(minutes=16), policy)
    assert found == key and keys.attempts["ann"].failures == 0 and len(keys.attempts["ann"].unrecorded) == 3
    assert keys.recorded().attempts["ann"].unrecorded == ()
