"""Export menu actions for the main window (issue 4 fills this in)."""


def install(window) -> None:
    """Add the export / scene / examples actions to ``window``'s menus. No-op until issue 4 lands."""
