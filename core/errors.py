"""Errors shared across core without importing sympy, and the messages they carry.

A message for the person who typed the input (a formula, a hyperparameter, a scene file) keeps its English
``str.format`` template and its values apart, so that the GUI can show it in the interface language
(``app.i18n.error_text`` looks the template up in the translation, context "core") while core stays free of
Qt and the command line prints exactly the English text, ``str(exc)``.

The values are formatted by core as they must appear (names, numbers, columns, formula fragments: Latin text
that stays left to right; a number by :func:`shortest`); a value that is itself a :class:`Message` is a phrase
translated in turn.
tools/update_translations.py collects the templates from the source (core has no Qt, lupdate cannot see
them): write each one as a string literal in the ``Message(...)`` or ``UserInputError(...)``-family call.
"""
from __future__ import annotations


class Message:
    """A text for the user: an English ``str.format`` template and its values; ``str()`` is the English text.

    >>> str(Message("too long ({count} characters, at most {limit})", count="600", limit="500"))
    'too long (600 characters, at most 500)'
    """

    def __init__(self, template: str, /, *args, **kwargs):
        self.template, self.args, self.kwargs = template, args, kwargs

    def __str__(self) -> str:
        return self.template.format(*self.args, **self.kwargs)

    def __repr__(self) -> str:
        return f"Message({str(self)!r})"


class UserInputError(ValueError):
    """Input that cannot be used, with a one-line message for the user: ``message`` (a :class:`Message`),
    whose English text is ``str(exc)``.

    Subclasses may take other arguments first; ``TEMPLATE_ARG`` says at which position their constructor
    takes the template (tools/update_translations.py reads it).
    """

    TEMPLATE_ARG = 0

    def __init__(self, template: str | Message, /, *args, **kwargs):
        self.message = template if isinstance(template, Message) else Message(template, *args, **kwargs)
        super().__init__(str(self.message))


class FormulaError(UserInputError):
    """A formula that cannot be used, with a message that says what is wrong and where."""


def shortest(value: float) -> str:
    """``value`` as short as ``:g`` writes it, or every digit when ``:g`` would round it (1.0000001)."""
    short = f"{value:g}"
    return short if float(short) == value else repr(float(value))
