"""User text (what came from an import or a form) shown as text: never interpreted as Markdown.

Streamlit renders st.markdown, st.caption, st.info... as Markdown: an imported description holding
`[lien](https://…)` would become a clickable external link, `![i](https://…)` an image the browser fetches.
Every Markdown-significant character of user text is backslash-escaped, so it shows exactly as typed while the
page keeps its own formatting around it.
"""

from __future__ import annotations

import re

import streamlit as st

# Characters that open Markdown constructs anywhere in a line (links, images, emphasis, code, HTML, tables,
# Streamlit's $LaTeX$ and :emoji: / :color[...] codes), escaped with a backslash.
_INLINE = re.compile(r"([\\`*_{}\[\]()<>#!|~$:])")
# Streamlit turns URLs, www. addresses and e-mail addresses of the rendered text into links, whatever their
# escaping: an invisible WORD JOINER (U+2060) breaks the patterns it looks for (https⁠://, www⁠., a⁠@b.fr).
WORD_JOINER = "\u2060"
_AUTOLINK_RE = re.compile(r"(?i)(?<=[a-z0-9])(?=://|@)|(?<=\bwww)(?=\.)")
# What opens a block at the start of a line: a list (- + 1. 1)), a heading underline (= -), a quote (>).
_LINE_START = re.compile(r"^(\s*\d*)([-+=>.)])", re.MULTILINE)


def md_escape(text: object) -> str:
    """The text with Markdown-significant characters escaped; line breaks kept as line breaks."""
    escaped = _INLINE.sub(r"\\\1", _AUTOLINK_RE.sub(WORD_JOINER, str(text)))
    escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    return escaped.replace("\n", "  \n")


def user_text(text: object) -> None:
    """A paragraph of user text (a description), shown literally: st.text parses neither Markdown nor HTML."""
    st.text(str(text))
