"""The accounts table: one row per account, with its roles, state and signing certificate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from db.accounts import Account
from ui.window.toolkit.tables import Column, RowsModel

CONTEXT = "AccountsModel"
ROLE_NAMES = {"coordinator": QT_TRANSLATE_NOOP("AccountsModel", "coordinator"),
              "investigator": QT_TRANSLATE_NOOP("AccountsModel", "investigator"),
              "monitor": QT_TRANSLATE_NOOP("AccountsModel", "monitor"),
              "administrator": QT_TRANSLATE_NOOP("AccountsModel", "administrator")}


@dataclass(frozen=True)
class AccountRow:
    account: Account
    certificate: str | None  # the current signing certificate's fingerprint
    now: dt.datetime

    @property
    def locked(self) -> bool:
        until = self.account.locked_until
        if until is not None and until.tzinfo is None:
            until = until.replace(tzinfo=dt.timezone.utc)
        return until is not None and until > self.now


def _translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _roles(row: AccountRow) -> str:
    return ", ".join(_translate(ROLE_NAMES[role.value]) for role in sorted(row.account.roles, key=lambda r: r.value))


def _state(row: AccountRow) -> str:
    if not row.account.active:
        return _translate("inactive")
    if row.locked:
        return _translate("locked until {0}").format(row.account.locked_until.strftime("%H:%M UTC"))
    return _translate("active")


class AccountsModel(RowsModel):
    context = CONTEXT
    align_top = False
    columns = [
        Column(QT_TRANSLATE_NOOP("AccountsModel", "User name"), lambda row: row.account.username),
        Column(QT_TRANSLATE_NOOP("AccountsModel", "Printed name"), lambda row: row.account.printed_name, weight=2),
        Column(QT_TRANSLATE_NOOP("AccountsModel", "Roles"), _roles, weight=2),
        Column(QT_TRANSLATE_NOOP("AccountsModel", "State"), _state),
        Column(QT_TRANSLATE_NOOP("AccountsModel", "Signing certificate"),
               lambda row: row.certificate[:16] if row.certificate else "—"),
    ]
    # "inactive", "active" and "locked until {0}" are translated in this context too
    _words = (QT_TRANSLATE_NOOP("AccountsModel", "inactive"), QT_TRANSLATE_NOOP("AccountsModel", "active"),
              QT_TRANSLATE_NOOP("AccountsModel", "locked until {0}"))
