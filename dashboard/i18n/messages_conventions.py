"""Messages of the conventions area."""

MESSAGES: dict[str, str] = {}
