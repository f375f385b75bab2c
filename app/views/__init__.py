"""Views of the session: each observes it and writes only through its setters."""
