"""Messages of the home area."""

MESSAGES: dict[str, str] = {}
