"""Messages of the programmes area."""

MESSAGES: dict[str, str] = {}
