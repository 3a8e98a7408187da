"""The registry's data key and the ways to reach it, as plain values.

An encrypted registry is opened with one random 256-bit data key. Nobody types it: it is kept
wrapped (AES-256-GCM) under a key derived from each account's password (Argon2id), so signing
in unlocks the registry. The site's recovery key is the data key itself, written as groups of
letters with a check, to print and keep in the site file: with it the registry opens even when
every password is forgotten and the key file is lost.

The key file holding the wrappings is described here (`KeyFile`); where it lives and how it is
written is `db.encryption`'s."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field, replace

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from coordinator.json_files import read_versioned
from coordinator.problems import Refusal
from coordinator.signing.accounts import LockoutPolicy, locked

DATA_KEY_BYTES = 32
FORMAT = "trialdesk-registry-keys"
VERSION = 1
_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ0123456789"  # Crockford's base 32: no I, L, O, U to misread
_CHECK_BYTES = 3


class KeyFileError(Refusal, ValueError):
    """A key file that cannot be read (named, with what is wrong)."""


class RecoveryKeyError(Refusal, ValueError):
    """A recovery key mistyped or of another registry."""


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


# -- the recovery key ---------------------------------------------------------------------------
def recovery_key_text(data_key: bytes) -> str:
    """The data key and a check on typing, as 14 groups of 4 characters."""
    payload = data_key + hashlib.sha256(data_key).digest()[:_CHECK_BYTES]
    number = int.from_bytes(payload, "big")
    characters = []
    for _ in range((len(payload) * 8 + 4) // 5):
        number, digit = divmod(number, 32)
        characters.append(_ALPHABET[digit])
    text = "".join(reversed(characters))
    return "-".join(text[start:start + 4] for start in range(0, len(text), 4))


def data_key_from_recovery(text: str) -> bytes:
    """The data key a recovery key stands for; RecoveryKeyError when it is mistyped."""
    cleaned = re.sub(r"[\s-]", "", text.upper()).translate(str.maketrans("ILOU", "110V"))
    if not cleaned or any(character not in _ALPHABET for character in cleaned):
        raise RecoveryKeyError("recovery key: only the letters and digits printed on the recovery sheet")
    number = 0
    for character in cleaned:
        number = number * 32 + _ALPHABET.index(character)
    size = DATA_KEY_BYTES + _CHECK_BYTES
    if number.bit_length() > size * 8:
        raise RecoveryKeyError("recovery key: too long; check it against the recovery sheet")
    payload = number.to_bytes(size, "big")
    key, check = payload[:DATA_KEY_BYTES], payload[DATA_KEY_BYTES:]
    if hashlib.sha256(key).digest()[:_CHECK_BYTES] != check:
        raise RecoveryKeyError("recovery key: it does not check out (a character mistyped or missing)")
    return key


# -- wrapping under a password ------------------------------------------------------------------
@dataclass(frozen=True)
class Cost:
    """Argon2id's cost, as argon2-cffi's PasswordHasher uses it for the account passwords."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4


@dataclass(frozen=True)
class Wrapping:
    """The data key encrypted under one password. `salt_shared` marks a wrapping made, when a
    clear registry was encrypted, from the account's stored password hash (whose salt it shares);
    it is replaced by one with its own salt when its owner next signs in."""

    salt: bytes
    nonce: bytes
    ciphertext: bytes
    cost: Cost
    salt_shared: bool = False

    def to_dict(self) -> dict:
        return {"kdf": "argon2id", "salt": _b64(self.salt), "nonce": _b64(self.nonce),
                "ciphertext": _b64(self.ciphertext), "time_cost": self.cost.time_cost,
                "memory_kib": self.cost.memory_kib, "parallelism": self.cost.parallelism,
                "salt_shared": self.salt_shared}

    @classmethod
    def from_dict(cls, raw: dict, source: str) -> Wrapping:
        try:
            if raw["kdf"] != "argon2id":
                raise KeyFileError(f"{source}: unknown key derivation {raw['kdf']!r}")
            cost = Cost(int(raw["time_cost"]), int(raw["memory_kib"]), int(raw["parallelism"]))
            return cls(_unb64(raw["salt"]), _unb64(raw["nonce"]), _unb64(raw["ciphertext"]), cost,
                       bool(raw.get("salt_shared", False)))
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, KeyFileError):
                raise
            raise KeyFileError(f"{source}: a wrapping is incomplete ({type(error).__name__})") from None


def _associated(username: str) -> bytes:
    return f"{FORMAT}/{VERSION}/{username}".encode()


def _kek(password: str, salt: bytes, cost: Cost) -> bytes:
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=cost.time_cost, memory_cost=cost.memory_kib,
                           parallelism=cost.parallelism, hash_len=DATA_KEY_BYTES, type=Type.ID)


def _sealed(data_key: bytes, kek: bytes, username: str, salt: bytes, cost: Cost, salt_shared: bool) -> Wrapping:
    nonce = os.urandom(12)
    return Wrapping(salt, nonce, AESGCM(kek).encrypt(nonce, data_key, _associated(username)), cost, salt_shared)


def wrap(data_key: bytes, username: str, password: str, cost: Cost = Cost()) -> Wrapping:
    salt = os.urandom(16)
    return _sealed(data_key, _kek(password, salt, cost), username, salt, cost, False)


def wrap_with_password_hash(data_key: bytes, username: str, encoded_hash: str) -> Wrapping:
    """A wrapping opened by the password behind an Argon2id hash (`$argon2id$v=19$m=..,t=..,p=..$salt$hash`)
    without knowing the password: the hash is the key the password derives with the same salt."""
    try:
        _, variant, _version, parameters, salt, digest = encoded_hash.split("$")
        settings = dict(item.split("=") for item in parameters.split(","))
        cost = Cost(int(settings["t"]), int(settings["m"]), int(settings["p"]))
        kek = _unb64(digest)
    except (ValueError, KeyError):
        raise KeyFileError("an account's password hash is not an Argon2id hash") from None
    if variant != "argon2id" or len(kek) != DATA_KEY_BYTES:
        raise KeyFileError("an account's password hash is not a 32-byte Argon2id hash")
    return _sealed(data_key, kek, username, _unb64(salt), cost, True)


def unwrap(wrapping: Wrapping, username: str, password: str) -> bytes | None:
    """The data key, or None when `password` is not the one it was wrapped under."""
    try:
        return AESGCM(_kek(password, wrapping.salt, wrapping.cost)).decrypt(wrapping.nonce, wrapping.ciphertext,
                                                                          _associated(username))
    except InvalidTag:
        return None


# -- the key file ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Attempts:
    """Wrong passwords given while the registry was closed: they cannot be counted inside it."""

    failures: int = 0
    locked_until: dt.datetime | None = None
    unrecorded: tuple[dt.datetime, ...] = ()  # not yet in the audit trail

    def to_dict(self) -> dict:
        return {"failures": self.failures,
                "locked_until": self.locked_until.isoformat() if self.locked_until else None,
                "unrecorded": [moment.isoformat() for moment in self.unrecorded]}

    @classmethod
    def from_dict(cls, raw: dict) -> Attempts:
        until = raw.get("locked_until")
        return cls(int(raw.get("failures", 0)), dt.datetime.fromisoformat(until) if until else None,
                   tuple(dt.datetime.fromisoformat(moment) for moment in raw.get("unrecorded", [])))


@dataclass(frozen=True)
class KeyFile:
    """Every way to the data key but the recovery key: the wrappings of each account (more than
    one while a password change is being committed) and the attempts that failed."""

    site: str
    wrappings: dict[str, tuple[Wrapping, ...]] = field(default_factory=dict)
    attempts: dict[str, Attempts] = field(default_factory=dict)

    def with_wrapping(self, username: str, wrapping: Wrapping) -> KeyFile:
        return replace(self, wrappings={**self.wrappings, username: (*self.wrappings.get(username, ()), wrapping)})

    def keeping_only(self, username: str, wrapping: Wrapping | None) -> KeyFile:
        """The user's wrappings reduced to `wrapping` (none: the account can no longer open the registry)."""
        wrappings = {name: found for name, found in self.wrappings.items() if name != username}
        if wrapping is not None:
            wrappings[username] = (wrapping,)
        return replace(self, wrappings=wrappings)

    def without(self, username: str, wrapping: Wrapping) -> KeyFile:
        left = tuple(found for found in self.wrappings.get(username, ()) if found != wrapping)
        return self.keeping_only(username, None) if not left else replace(
            self, wrappings={**self.wrappings, username: left})

    def unlock(self, username: str, password: str, now: dt.datetime,
               policy: LockoutPolicy = LockoutPolicy()) -> tuple[bytes | None, KeyFile]:
        """The data key and the key file after this attempt (a failure counted, a success clearing
        the count); None when the password opens none of the user's wrappings or the user is
        locked out. The message for either is the caller's: it must not say which."""
        attempts = self.attempts.get(username, Attempts())
        if locked(attempts.locked_until, now):
            return None, self
        for wrapping in self.wrappings.get(username, ()):
            key = unwrap(wrapping, username, password)
            if key is not None:
                return key, replace(self, attempts={**self.attempts, username: replace(
                    attempts, failures=0, locked_until=None)})
        failures, until = policy.after_failure(attempts.failures, now)
        failed = Attempts(failures, until, (*attempts.unrecorded, now))
        return None, replace(self, attempts={**self.attempts, username: failed})

    def without_attempts(self, username: str) -> KeyFile:
        return replace(self, attempts={name: found for name, found in self.attempts.items() if name != username})

    def locked_until(self, username: str, now: dt.datetime) -> dt.datetime | None:
        until = self.attempts.get(username, Attempts()).locked_until
        return until if locked(until, now) else None

    def recorded(self) -> KeyFile:
        """The failed attempts, now written in the audit trail, forgotten as unrecorded."""
        return replace(self, attempts={name: replace(found, unrecorded=()) for name, found in self.attempts.items()})

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": VERSION, "cipher": "sqlcipher4", "site": self.site,
                           "wrappings": {name: [w.to_dict() for w in found] for name, found in self.wrappings.items()},
                           "attempts": {name: found.to_dict() for name, found in self.attempts.items()}},
                          indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, source: str = "key file") -> KeyFile:
        raw = read_versioned(text, source, FORMAT, VERSION, "key file", KeyFileError)
        try:
            wrappings = {str(name): tuple(Wrapping.from_dict(item, source) for item in found)
                         for name, found in dict(raw.get("wrappings", {})).items()}
            attempts = {str(name): Attempts.from_dict(found) for name, found in dict(raw.get("attempts", {})).items()}
        except (TypeError, ValueError, AttributeError) as error:
            if isinstance(error, KeyFileError):
                raise
            raise KeyFileError(f"{source}: malformed ({type(error).__name__})") from None
        return cls(str(raw.get("site", "")), wrappings, attempts)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.b64decode(padded, validate=True)
