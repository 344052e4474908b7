"""Messages of the data area."""

MESSAGES: dict[str, str] = {}
