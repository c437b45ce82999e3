"""Validators for Chinese personal identifiers (mainland mobile numbers, resident ID numbers)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PHONE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def validate_phone(value: str) -> None:
    """Accept mainland mobile numbers (optionally +86) and landlines with area code."""
    if not _PHONE.match(value.strip()):
        raise ValidationError(_("Enter a valid phone number, e.g. 13800138000."), code="invalid_phone")


def id_card_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_id_card_number(value: str) -> None:
    """18-character resident ID number with a correct GB 11643 check character."""
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value) or id_card_check_digit(value[:17]) != value[17]:
        raise ValidationError(_("Enter a valid 18-character ID card number."), code="invalid_id_card")


def mask_phone(value: str) -> str:
    """138****8000: enough to recognise a number, not enough to call it."""
    digits = value.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id_card(value: str) -> str:
    """4401**********123X: region prefix and last four only."""
    value = value.strip()
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"
