"""Password hashing and the shape of a login name (phone number or email)."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l

from community.errors import ServiceError

MIN_PASSWORD_LENGTH = 8
# The most common passwords in Chinese and international leaks that still pass
# the length and letters-and-digits rules.
COMMON_PASSWORDS = frozenset({
    "password1", "password123", "passw0rd", "qwerty123", "abc12345", "abcd1234",
    "a1234567", "a12345678", "1qaz2wsx", "1q2w3e4r", "woaini1314", "woaini520",
    "aa123456", "qq123456", "iloveyou1", "admin123", "letmein1", "welcome1",
    "zxcvbnm1", "asdf1234", "123456abc", "123qweasd", "q1w2e3r4",
})


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hasher() -> PasswordHasher:
    params = current_app.config["PASSWORD_HASH"]
    return _hasher(params["time_cost"], params["memory_cost"], params["parallelism"])


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


def check_password_strength(password: str) -> None:
    """Raise ServiceError (field `password`) for a password too weak to accept."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH), "password")
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        raise ServiceError(_l("Use both letters and digits."), "password")
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        raise ServiceError(_l("This password is too easy to guess."), "password")


def normalise_phone(raw: str) -> str:
    """A mainland or international number as E.164, or ServiceError."""
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ServiceError(_l("Enter a valid phone number."), "phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ServiceError(_l("Enter a valid phone number."), "phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ServiceError(_l("Enter a valid email address."), "email") from exc


def split_login_name(raw: str) -> tuple[str | None, str | None]:
    """Read what someone typed to log in as (phone, email); either may be None."""
    raw = raw.strip()
    if "@" in raw:
        try:
            return None, normalise_email(raw)
        except ServiceError:
            return None, raw.lower()
    try:
        return normalise_phone(raw), None
    except ServiceError:
        return raw, None
