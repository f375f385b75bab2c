"""A hyperparameter: its default, its range or choices, and the one-line error for a value outside them.

Shared by the optimizers (``core.optimizers``) and the learning-rate schedules (``core.schedules``); a
value's text in a spec is :func:`exact_value` (it reads back as the same number).
"""
from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from core.errors import UserInputError


class Param(NamedTuple):
    """One hyperparameter: its default and the allowed range (``None``: unbounded) or choices."""

    name: str
    default: float | bool | int | str | None     # None: required (no default, as in torch)
    minimum: float | None = None
    maximum: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    kind: str = "float"       # "float", "int", "bool" or "choice"
    doc: str = ""
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> float | bool | int | str:
        """Return ``value`` converted to this parameter's kind, or raise UserInputError (a ValueError) naming the
        parameter."""
        if self.kind == "bool":
            return self._check_bool(value)
        if self.kind == "choice":
            if isinstance(value, str) and value.strip().lower() in self.choices:
                return value.strip().lower()
            raise UserInputError("Invalid {name}: expected one of {choices}, got {value}", name=self.name,
                                 choices=", ".join(self.choices), value=repr(value))
        if isinstance(value, bool):
            raise UserInputError("Invalid {name}: expected a number, got {value}", name=self.name, value=repr(value))
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise UserInputError("Invalid {name}: expected a number, got {value}", name=self.name,
                                 value=repr(value)) from None
        if not math.isfinite(number):
            raise UserInputError("Invalid {name}: must be finite, got {value}", name=self.name, value=repr(value))
        if self.kind == "int":
            if number != int(number):
                raise UserInputError("Invalid {name}: expected a whole number, got {value}", name=self.name,
                                     value=repr(value))
            number = int(number)
        low_ok = self.minimum is None or (number >= self.minimum if self.min_inclusive else number > self.minimum)
        high_ok = self.maximum is None or (number <= self.maximum if self.max_inclusive else number < self.maximum)
        if not (low_ok and high_ok):
            raise UserInputError("Invalid {name} value: {value} (must be in {range})", name=self.name,
                                 value=exact_value(number), range=self.range_text())
        return number

    def _check_bool(self, value: Any) -> bool:
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in ("true", "1", "yes", "on"):
                return True
            if lowered in ("false", "0", "no", "off"):
                return False
        elif isinstance(value, (bool, np.bool_, int)) and value in (0, 1):
            return bool(value)
        raise UserInputError("Invalid {name}: expected true or false, got {value}", name=self.name,
                             value=repr(value))

    def range_text(self) -> str:
        low = "(" if not self.min_inclusive else "["
        high = ")" if not self.max_inclusive else "]"
        lo = "-inf" if self.minimum is None else exact_value(self.minimum)
        hi = "inf" if self.maximum is None else exact_value(self.maximum)
        if self.minimum is None:
            low = "("
        if self.maximum is None:
            high = ")"
        return f"{low}{lo}, {hi}{high}"


def format_value(v) -> str:
    """A hyperparameter for display, short: 0.00123457, 1e-08, true, pytorch. Not exact: see :func:`exact_value`."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return v if isinstance(v, str) else f"{v:g}"


def exact_value(v) -> str:
    """A hyperparameter as the spec stores it: a float in its shortest text that reads back as the same float
    (0.00123456789, 1e-08, 0.3333333333333333; 1 rather than 1.0), an int in full (4294967295)."""
    if isinstance(v, (bool, str)):
        return format_value(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    return repr(v)
