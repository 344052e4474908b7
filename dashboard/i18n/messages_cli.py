"""Messages of the cli area."""

MESSAGES: dict[str, str] = {}
