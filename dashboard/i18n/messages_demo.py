"""Messages of the demo area."""

MESSAGES: dict[str, str] = {}
