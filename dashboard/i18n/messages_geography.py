"""Messages of the geography area."""

MESSAGES: dict[str, str] = {}
