"""WTForms' own messages in the reader's language, loaded once per language and process.

Flask-WTF reads and parses WTForms' message catalogue again in every request that builds a form
(it caches it on `request.wtforms_translations` only). The app's request class answers that
attribute from a catalogue kept per language, so a request finds it already parsed.
"""

from __future__ import annotations

from functools import lru_cache

from babel import support
from flask import Request
from flask_babel import get_locale
from wtforms.i18n import messages_path


@lru_cache(maxsize=8)
def wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class AppRequest(Request):
    @property
    def wtforms_translations(self) -> support.Translations:
        if "_wtforms_translations" not in self.__dict__:
            self.__dict__["_wtforms_translations"] = wtforms_catalogue(str(get_locale()))
        return self.__dict__["_wtforms_translations"]

    @wtforms_translations.setter
    def wtforms_translations(self, value: support.Translations) -> None:
        self.__dict__["_wtforms_translations"] = value
