"""A trial's content hash names the version a screening was begun on: an upgrade of TrialDesk
(a new optional rule field, a translation, a demo section) must not re-hash a shipped trial,
or every open screening would be flagged "protocol amended". A real amendment of a shipped file
changes its hash here, on purpose."""

from __future__ import annotations

from coordinator.screening.rules.scores import BilagRule
from coordinator.screening.trial_library import shipped_trials

# as of TrialDesk's first release with kept versions (migration 0017)
HASHES = {'NCT03580291': '6b42fc9934f29108726c8e57530a2d507837a74232b8ef468c06d9723b35866a', 'NCT03864250': '00b114a34db65e88465d598450b6685eda740001f10756e9466dd43167b09831', 'NCT05863936': 'fc8a3b0267c0ddba532995dfde6f79292656988e7ccafb6730186555cb7bcea0', 'NCT05916781': '6e5dec40d33f76bd0fe920e5c2d723d0cdf8809c8d065a31a3f1082e2240d060', 'NCT06394063': '1fbce50baa9b12bf8500f5473af74c9a36174a2885feb5644ef68706a5bb4243'}


def test_shipped_trials_keep_their_content_hashes():
    shipped = shipped_trials()  # (a trial shipped later is not pinned here)
    assert {trial_id: shipped[trial_id].content_hash for trial_id in HASHES} == HASHES


def test_a_later_field_at_its_default_is_left_out_of_the_dump_and_counts_once_used():
    bilag = BilagRule(kind="bilag", max_a=0, max_b=1, within_days=28)
    assert "except_domains" not in bilag.model_dump()
    used = bilag.model_copy(update={"except_domains": ["renal"]})
    assert used.model_dump()["except_domains"] == ["renal"]
