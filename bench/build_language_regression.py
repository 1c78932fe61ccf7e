"""Build tests/data/unoffered_samples.json: native sentences in languages Stegvis does not offer.

The sentences come from the translation catalogs in Debian's packages (GLib, GTK, GNOME,
Linux-PAM, ...): translations made by native translators, not written by us. Placeholders,
markup, keyboard accelerators and file names are taken out; messages of four words or more
are kept, at most PER_LANGUAGE of them, chosen in a fixed order so the file is reproducible.
Amharic, Urdu and Kurdish need more catalogs than a base system has; unpack these next to
the installed ones and pass the folder:

    apt-get download libgtk-3-common libgtk-4-common gnome-desktop3-data \
        libgweather-4-common evolution-data-server-common gnome-control-center-data \
        gedit-common nautilus-data gnome-shell-common gnome-software-common gimp-data \
        totem-common cheese-common gnome-terminal-data evince-common file-roller \
        libgnome-games-support-common gnome-calculator gnome-system-monitor \
        rhythmbox-data gnome-settings-daemon-common gnome-session-common yelp
    for f in *.deb; do dpkg-deb -x "$f" unpacked; done
    python bench/build_language_regression.py unpacked/usr/share/locale

The committed file is what the tests and bench/langdetect_accuracy.py read, so neither
depends on which Debian packages a machine has.
"""

from __future__ import annotations

import gettext
import hashlib
import json
import re
import sys
from pathlib import Path

LOCALE_DIRS = [Path("/usr/share/locale"), *(Path(arg) for arg in sys.argv[1:])]
# Catalogs of names (countries, languages, time zones, places) are not sentences.
SKIP = re.compile(r"^iso_|timezones|locations|xkeyboard")
# Languages a participant may write that Stegvis does not offer; the first eight are the
# ones the language issue names, the rest are neighbours of offered languages or common
# in Swedish programmes.
LANGUAGES = (
    "nb", "nn", "da", "de", "ru", "am", "ur", "ps", "tr",
    "is", "nl", "fi", "pl", "es", "fr", "it", "be", "bg", "kk", "hi", "ckb", "ku",
)  # fmt: skip
# Offered languages get a second test set from the same catalogs (Tigrinya and Somali have
# too few there; English catalogs are mostly spelling variants of the source).
OFFERED = ("sv", "ar", "fa", "uk")
PER_LANGUAGE = 60
MIN_WORDS = 4
MIN_WORDS_OFFERED = 6
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "unoffered_samples.json"

# printf and strftime directives, Python and GLib placeholders.
_PLACEHOLDER = re.compile(r"%(\([^)]*\))?[-#0 +_^]*\d*(\.\d+)?[hlLqjzt]*[a-zA-Z%]|\{[^}]*\}")
_MARKUP = re.compile(r"<[^>]+>|&[a-z]+;")
_FILE = re.compile(r"\S*[/\\]\S*|\S+\.\w{2,4}\b")
_WORD = re.compile(r"[^\W\d_]+")


def clean(text: str) -> str:
    text = _MARKUP.sub(" ", text)
    text = _PLACEHOLDER.sub(" ", text)
    text = _FILE.sub(" ", text)
    text = text.replace("_", "").replace("\u00a0", " ")
    return " ".join(text.split())


def messages(language: str, min_words: int = MIN_WORDS) -> list[str]:
    found: set[str] = set()
    paths = [
        path
        for root in LOCALE_DIRS
        for path in sorted((root / language / "LC_MESSAGES").glob("*.mo"))
        if not SKIP.search(path.stem)
    ]
    for path in paths:
        with path.open("rb") as handle:
            try:
                catalog = gettext.GNUTranslations(handle)
            except (UnicodeDecodeError, OSError):
                continue  # a catalog in a legacy encoding: skip rather than guess
        for key, value in catalog._catalog.items():  # type: ignore[attr-defined]
            source = key[0] if isinstance(key, tuple) else key
            if not source or not isinstance(value, str) or "translator" in source:
                continue  # the header, and translator credits (names, often in English)
            text = clean(value)
            if len(_WORD.findall(text)) >= min_words and text != clean(source):
                found.add(text)
    # A fixed pseudo-random order: the same file on every machine with the same catalogs.
    ordered = sorted(found, key=lambda t: hashlib.sha256(t.encode()).hexdigest())
    return ordered[:PER_LANGUAGE]


def main() -> None:
    data = {language: messages(language) for language in LANGUAGES}
    offered = {language: messages(language, MIN_WORDS_OFFERED) for language in OFFERED}
    missing = [lang for lang, texts in {**data, **offered}.items() if len(texts) < 20]
    if missing:
        sys.exit(f"too few sentences for {missing}: are the catalogs above unpacked?")
    payload = {
        "source": "translation catalogs of Debian packages (bench/build_language_regression.py)",
        "samples": data,
        "offered": offered,
    }
    OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for language, texts in data.items():
        print(f"{language:<4} {len(texts):>3}")


if __name__ == "__main__":
    main()
