"""Accounts: first-run set-up, Argon2id hashes, log-in with lockout, management by an
administrator only, the password an electronic signature asks for again; all audited."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from coordinator.signing.accounts import AccountError, AuthenticationError, LockoutPolicy
from coordinator.screening.workflow import Actor, Permission, PermissionDenied, Role
from db.accounts import AccountRepository, SiteNotSetUp, sign_in
from db.models import AuditRow, UserAccountRow

PASSWORD = "correct horse battery"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def site(registry):
    with registry.writing() as session:
        AccountRepository(session).set_up(site_name="北京协和医院 风湿免疫科", address="北京市东城区", timezone="Asia/Shanghai",
                                          username="dr.li", printed_name="李明", password=PASSWORD)
    return registry


def _actions(registry) -> list[tuple[str, str]]:
    with registry.reading() as session:
        return [(r.actor, r.action) for r in session.execute(select(AuditRow).order_by(AuditRow.id)).scalars()]


def test_a_new_registry_has_no_site_until_set_up(registry):
    with registry.reading() as session:
        with pytest.raises(SiteNotSetUp, match="trialdesk setup"):
            AccountRepository(session).site()


def test_set_up_creates_the_site_and_an_investigator_who_administers(site):
    with site.reading() as session:
        accounts = AccountRepository(session)
        assert accounts.site().name == "北京协和医院 风湿免疫科" and accounts.site().timezone == "Asia/Shanghai"
        first = accounts.account("dr.li")
        stored = session.execute(select(UserAccountRow.password_hash)).scalar_one()
    assert first.roles == {Role.INVESTIGATOR, Role.ADMINISTRATOR} and first.printed_name == "李明"
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    actor = first.actor()
    assert {Permission.SIGN, Permission.MANAGE_ACCOUNTS} <= actor.permissions
    with site.writing() as session, pytest.raises(AccountError, match="already set up"):
        AccountRepository(session).set_up(site_name="x", address=None, timezone="UTC", username="other",
                                          printed_name="O", password=PASSWORD)
    assert ("dr.li", "site.setup") in _actions(site)


@pytest.mark.parametrize("change, message", [
    ({"timezone": "Mars/Olympus"}, "not a known time zone"), ({"password": "short"}, "at least 10 characters"),
    ({"password": "dr.li-password"}, "must not contain the user name"), ({"username": "Dr Li"}, "user name"),
    ({"site_name": " "}, "site name: required"), ({"printed_name": ""}, "printed name: required"),
    ({"printed_name": "李\x1b[31m明"}, "printed name: contains the control character U\\+001B at position 2"),
    ({"site_name": "协和\x00医院"}, "site name: contains the control character U\\+0000"),
    ({"address": "东城区\u0085帅府园"}, "address: contains the control character U\\+0085"),
])
def test_set_up_refuses_bad_input_and_writes_nothing(registry, change, message):
    fields = dict(site_name="Site", address=None, timezone="Asia/Shanghai", username="dr.li", printed_name="李明",
                  password=PASSWORD) | change
    with pytest.raises(AccountError, match=message):
        with registry.writing() as session:
            AccountRepository(session).set_up(**fields)
    with registry.reading() as session:
        assert not AccountRepository(session).is_set_up()


def test_log_in_and_lockout_after_five_wrong_passwords(site):
    for attempt in range(4):
        with pytest.raises(AuthenticationError, match="wrong user name or password"):
            sign_in(site, "dr.li", "wrong password!", NOW)
    assert sign_in(site, "dr.li", PASSWORD, NOW).username == "dr.li"   # success resets the count
    for attempt in range(5):
        with pytest.raises(AuthenticationError):
            sign_in(site, "dr.li", "wrong password!", NOW)
    with pytest.raises(AuthenticationError, match="locked .* until 2026-11-23 09:15 UTC"):
        sign_in(site, "dr.li", PASSWORD, NOW + dt.timedelta(minutes=14))
    assert sign_in(site, "dr.li", PASSWORD, NOW + dt.timedelta(minutes=15)).username == "dr.li"
    actions = [a for _, a in _actions(site)]
    assert actions.count("login.failure") == 8 and actions.count("login.lockout") == 1
    assert actions.count("login.refused") == 1 and actions.count("login") == 2


def test_unknown_users_get_the_same_answer(site):
    with pytest.raises(AuthenticationError, match="^wrong user name or password$"):
        sign_in(site, "nobody", PASSWORD)


def test_only_an_administrator_manages_accounts(site):
    admin = Actor("dr.li", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
    with site.writing() as session:
        AccountRepository(session).create(admin, username="ann", printed_name="王安", roles={Role.COORDINATOR},
                                          password="orchid river 1987", admin_password=PASSWORD)
    coordinator = Actor("ann", Role.COORDINATOR)
    with pytest.raises(PermissionDenied, match="may not manage accounts"):
        with site.writing() as session:
            AccountRepository(session).create(coordinator, username="bob", printed_name="B", roles={Role.MONITOR},
                                              password="granite tulip 55")
    with site.writing() as session, pytest.raises(AccountError, match="taken"):
        AccountRepository(session).create(admin, username="ann", printed_name="X", roles={Role.MONITOR},
                                          password="another passphrase")
    with site.writing() as session:
        AccountRepository(session).set_active(admin, "ann", False, "left the site")
    with pytest.raises(AuthenticationError):
        sign_in(site, "ann", "orchid river 1987")
    assert ("dr.li", "account.deactivate") in _actions(site)


def test_a_signature_needs_the_password_again(site):
    actor = Actor("dr.li", Role.INVESTIGATOR)
    with site.writing() as session:
        assert AccountRepository(session).confirm_password(actor, PASSWORD, "Eligibility confirmed").printed_name == "李明"
    with pytest.raises(AuthenticationError, match="not signed"):
        with site.writing() as session:
            AccountRepository(session).confirm_password(actor, "not it at all", "Eligibility confirmed")


def test_lockout_policy_is_configurable():
    policy = LockoutPolicy(max_failures=3, lock_minutes=60)
    assert policy.after_failure(1, NOW) == (2, None)
    assert policy.after_failure(2, NOW) == (0, NOW + dt.timedelta(minutes=60))
