"""Messages of the imports area."""

MESSAGES: dict[str, str] = {}
