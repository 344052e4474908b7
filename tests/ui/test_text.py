"""User text shown as text: links, images, emphasis and Streamlit codes never become Markdown."""

from __future__ import annotations

import pytest

from dashboard.ui.text import md_escape


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[lien](https://exemple.invalid)", "\\[lien\\]\\(https\u2060\\://exemple.invalid\\)"),
        ("![i](https://exemple.invalid/pixel.png)", "\\!\\[i\\]\\(https\u2060\\://exemple.invalid/pixel.png\\)"),
        # Streamlit links bare addresses whatever their escaping: a word joiner breaks them (invisible)
        ("www.exemple.invalid contact@exemple.invalid", "www\u2060.exemple.invalid contact\u2060@exemple.invalid"),
        ("**gras** _souligné_ `code` <b>x</b>", r"\*\*gras\*\* \_souligné\_ \`code\` \<b\>x\</b\>"),
        (":red[alerte] $x^2$ :material/home:", r"\:red\[alerte\] \$x^2\$ \:material/home\:"),
        ("- point\n1. liste\n# titre\n> cité", "\\- point  \n1\\. liste  \n\\# titre  \n\\> cité"),
        ("Réemploi de palettes, 1 234,5 t.", "Réemploi de palettes, 1 234,5 t."),  # plain text stays as it is
    ],
)
def test_markdown_is_escaped(text: str, shown: str):
    assert md_escape(text) == shown
