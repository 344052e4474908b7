"""Messages of the app shell: navigation, sidebar, header, home page."""

MESSAGES: dict[str, str] = {
    "app.title": "Observatoire territorial EIT",
    "badge.demo": "Données de démonstration",
    "header.data_as_of": "données au {date}",
}
