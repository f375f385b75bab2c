"""Errors shared across core without importing sympy."""


class FormulaError(ValueError):
    """A formula that cannot be used, with a message that says what is wrong and where."""
