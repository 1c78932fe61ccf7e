"""What the CV conversation needs checked by maintained libraries: phone numbers
(libphonenumber's data), e-mail addresses, and month names in every offered language (CLDR)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import phonenumbers
from babel import Locale
from email_validator import EmailNotValidError, validate_email

from bot.document_kit import missing
from bot.i18n import BABEL_LOCALE

# Swedish numbers are typed without a country code ("070-123 45 67").
DEFAULT_REGION = "SE"


def normalise_phone(text: str) -> str | None:
    """Return the number in international form ("+46 70 123 45 67"), or None."""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def check_email(text: str) -> str | None:
    """Return the address in its normal form, or None if it cannot be an address."""
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


@functools.cache
def month_names(locale: str) -> Mapping[str, int]:
    """Return the month names and abbreviations of a language (and of Swedish and English,
    which people in Sweden type whatever their language), lower case, with their number."""
    found: dict[str, int] = {}
    for code in dict.fromkeys((BABEL_LOCALE.get(locale, locale), "sv", "en")):
        babel = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in babel.months[context][width].items():
                    found.setdefault(name.casefold().rstrip("."), number)
    if locale == "ar":
        # CLDR gives the Egyptian names; Syrians and Iraqis write the Levantine ones.
        for number, name in enumerate(LEVANTINE, 1):
            found.setdefault(name, number)
    return found


LEVANTINE = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)  # fmt: skip


# The checks as the flows' Config takes them.
CV_INPUTS: dict[str, Any] = {
    "phone": normalise_phone,
    "email": check_email,
    "months": month_names,
    "unprintable": missing,
}
