"""Streamlit's own English interface texts ("chrome") rewritten in French, and empty tables told in a sentence.

Streamlit has no parameter for the texts of its own interface: the dataframe toolbar's tooltips ("Download as
CSV", "Search", "Fullscreen"…), the dataframe column menu ("Sort ascending", "Pin column"…), and the names screen
readers announce ("Show password", "Clear all", "Choose date"…). One small script of ours, installed once per run
by the app shell (app.py, before the sign-in page), rewrites exactly the known texts of `ENGLISH` into French,
again whenever Streamlit redraws (a MutationObserver; a value is set only when it differs, so it settles):
- a text only when a text node's whole text is one of them, and only inside Streamlit's portals (tooltips,
  popovers and menus, the element toolbar, the column statistics' names), never in a selectbox option (users' values);
- an `aria-label`, `title` or `placeholder` attribute only when its whole value is one of them, or an
  `aria-label` starting with one of `ENGLISH_PREFIXES` ("Help for " a widget's label, "Remove " a chosen value,
  "day, " a date field's label), outside our own HTML (st.html) and selectbox options; a Material icon's name
  ("check_circle icon") is hidden from screen readers.
- the column statistics' figures in French format ("1 (25 %)", "411 526,58"): Streamlit writes shares with an
  English percent sign whatever the language, and numbers in the browser's language.
A Plotly chart's own tree is not looked through: its texts are ours, and a map adds thousands of nodes per draw.
A dataframe's canvas is drawn, not written: its "empty" cannot be rewritten, so `dataframe_or_sentence` shows a
French sentence instead of an empty table.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.i18n import t

# Streamlit 1.67's English texts that our pages can show, and the message key of their French text.
ENGLISH: dict[str, str] = {
    "Show/hide columns": "chrome.columns",
    "Download as CSV": "chrome.download_csv",
    "Search": "chrome.search",
    "Close Search": "chrome.close_search",
    "Fullscreen": "chrome.fullscreen",
    "Close fullscreen": "chrome.close_fullscreen",
    "Clear selection": "chrome.clear_selection",
    "Dataframe column menu": "chrome.column_menu",
    "Sort ascending": "chrome.sort_ascending",
    "Sort descending": "chrome.sort_descending",
    "Statistics": "chrome.statistics",
    "Values": "chrome.stats.values",
    "Empty": "chrome.stats.empty",
    "Distinct": "chrome.stats.distinct",
    "Minimum length": "chrome.stats.min_length",
    "Maximum length": "chrome.stats.max_length",
    "Average length": "chrome.stats.average_length",
    "Average": "chrome.stats.average",
    "Median": "chrome.stats.median",
    "Sum": "chrome.stats.sum",
    "Standard deviation": "chrome.stats.standard_deviation",
    "25th percentile": "chrome.stats.first_quartile",
    "75th percentile": "chrome.stats.third_quartile",
    "Autosize": "chrome.autosize",
    "Pin column": "chrome.pin_column",
    "Unpin column": "chrome.unpin_column",
    "Hide column": "chrome.hide_column",
    "Copy column name": "chrome.copy_column_name",
    "Automatic": "chrome.format.automatic",
    "Localized": "chrome.format.localized",
    "Plain": "chrome.format.plain",
    "Percent": "chrome.format.percent",
    "Scientific": "chrome.format.scientific",
    "Accounting": "chrome.format.accounting",
    "Calendar": "chrome.format.calendar",
    "Duration": "chrome.format.duration",
    "Show password": "chrome.show_password",
    "Hide password": "chrome.hide_password",
    "Clear entry": "chrome.clear_entry",
    "Clear all": "chrome.clear_all",
    "Clear value": "chrome.clear_value",
    "Selected values": "chrome.selected_values",
    "Choose an option": "chrome.choose_option",
    "Open": "chrome.open",
    "Close": "chrome.close",
    "Choose date": "chrome.choose_date",
    "Choose date range": "chrome.choose_date_range",
    "Clear date": "chrome.clear_date",
    "Clear dates": "chrome.clear_dates",
    "Previous month": "chrome.previous_month",
    "Next month": "chrome.next_month",
    "Increment": "chrome.increment",
    "Decrement": "chrome.decrement",
    "Link to heading": "chrome.link_to_heading",
    "Sidebar": "chrome.sidebar",
    "Collapse sidebar": "chrome.collapse_sidebar",
    "Expand sidebar": "chrome.expand_sidebar",
    "App pages": "chrome.app_pages",
    "Main menu": "chrome.main_menu",
    "Previous page": "chrome.previous_page",
    "Next page": "chrome.next_page",
    "Scroll tabs left": "chrome.scroll_tabs_left",
    "Scroll tabs right": "chrome.scroll_tabs_right",
    "Help": "chrome.help",
    "Choose options": "chrome.choose_options",
    "progress": "chrome.progress",
    "Map": "chrome.map",
    "Toggle attribution": "chrome.toggle_attribution",
}

# Screen-reader names made of an English start and a text of ours (a label, a chosen value): aria-label only.
ENGLISH_PREFIXES: dict[str, str] = {
    "Help for ": "chrome.help_for",
    "Remove ": "chrome.remove",
    "day, ": "chrome.day_of",
    "month, ": "chrome.month_of",
    "year, ": "chrome.year_of",
}

# Installed once per browser tab (window.__frenchChrome); later runs only hand it the texts again.
_FRENCH_CHROME_JS = r"""({texts, prefixes}) => {
  // The script's own element would add an empty line (the page's gap) at the top of every page.
  const container = document.currentScript && document.currentScript.closest('[data-testid="stElementContainer"]');
  if (container && container.style.display !== "none") container.style.display = "none";
  const state = (window.__frenchChrome = window.__frenchChrome || {});
  state.texts = texts;
  state.prefixes = prefixes;
  if (state.observer) return;
  const PORTALS = '[role="tooltip"], [data-baseweb="tooltip"], [data-baseweb="popover"], [role="menu"], ' +
                  '[data-testid="stElementToolbar"], [data-testid="stDataFrameStatisticsMetrics"]';
  const OURS = '[data-testid="stHtml"], [role="option"]';  // our own HTML, the values offered by a selectbox
  const ATTRIBUTES = ["aria-label", "title", "placeholder"];
  const french = (value) => (value && Object.hasOwn(state.texts, value.trim()) ? state.texts[value.trim()] : null);
  // A screen-reader name made of an English start and a text of ours ("Help for " and a widget's label).
  const prefixed = (value) => {
    if (!value) return null;
    for (const [english, template] of Object.entries(state.prefixes)) {
      if (value.startsWith(english)) return template.replace("{label}", () => value.slice(english.length));
    }
    return null;
  };
  const ICON = /^[a-z0-9_]+ icon$/;  // a Material icon's ligature name ("check_circle icon"): decoration
  const fixElement = (element) => {
    if (element.closest(OURS)) return;
    for (const attribute of ATTRIBUTES) {
      const current = element.getAttribute(attribute);
      const value = french(current) || (attribute === "aria-label" ? prefixed(current) : null);
      if (value && current !== value) element.setAttribute(attribute, value);
    }
    const name = element.getAttribute("aria-label");
    if (name && ICON.test(name) && element.getAttribute("aria-hidden") !== "true") {
      element.setAttribute("aria-hidden", "true");
    }
  };
  // The column statistics' figures: Streamlit writes a share as "1 (25%)" whatever the language, and numbers
  // in the browser's language ("411,526.58" in an English one). Numbers are rewritten only when the browser's
  // own format is the English one: in a French browser "0,125" is already French and must stay as it is.
  const STATISTICS = '[data-testid="stDataFrameStatisticsMetrics"]';
  const ENGLISH_BROWSER = (1234.5).toLocaleString() === "1,234.5";
  const ENGLISH_NUMBER = /^-?\d{1,3}(,\d{3})*(\.\d+)?$/;
  const SHARE = /^(.*) \((-?\d+(?:[.,]\d+)?)%\)$/;
  const FRENCH_NUMBER = new Intl.NumberFormat("fr-FR", {maximumFractionDigits: 2});
  const frenchFigure = (text) => {
    const share = SHARE.exec(text);
    if (share) return `${frenchFigure(share[1])} (${share[2].replace(".", ",")}\u00a0%)`;
    if (ENGLISH_BROWSER && ENGLISH_NUMBER.test(text)) {
      return FRENCH_NUMBER.format(Number(text.replaceAll(",", "")));
    }
    return text;
  };
  // A text node's whole text (a menu item's text sits beside its icon's ligature, "arrow_upward").
  const fixText = (node) => {
    if (node.parentElement.closest(STATISTICS) && !french(node.data)) {
      const figure = frenchFigure(node.data.trim());
      if (figure !== node.data.trim()) node.data = figure;
      return;
    }
    const value = french(node.data);
    if (value && node.data !== value && node.parentElement.closest(PORTALS) && !node.parentElement.closest(OURS)) {
      node.data = value;
    }
  };
  // A Plotly chart's own tree holds our French texts alone (its English toolbar is turned off), and a map adds
  // thousands of nodes at each draw: looking through them was up to a fifth of the Carte page's time in Chromium.
  const PLOT = ".js-plotly-plot";
  const skipPlots = {acceptNode: (node) => (node.nodeType === Node.ELEMENT_NODE && node.matches(PLOT)
    ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT)};
  const fixTree = (root) => {
    if (root.nodeType === Node.TEXT_NODE) {
      if (root.parentElement && !root.parentElement.closest(PLOT)) fixText(root);
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE || root.closest(PLOT)) return;
    fixElement(root);
    const nodes = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, skipPlots);
    for (let node = nodes.nextNode(); node; node = nodes.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) fixText(node);
      else fixElement(node);
    }
  };
  state.observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") fixElement(record.target);
      else if (record.type === "characterData") fixTree(record.target);
      else record.addedNodes.forEach(fixTree);
    }
  });
  state.observer.observe(document.body, {subtree: true, childList: true, characterData: true,
                                         attributes: true, attributeFilter: ATTRIBUTES});
  fixTree(document.body);
}"""


# Streamlit sanitises st.html with DOMPurify, which removes a script whose text holds "<" before a letter, "/" or
# "!" (even in a comment): the page would show nothing and no error.
_TAG_LIKE = re.compile(r"<[/\w!]")


def run_script(function: str, data: dict[str, Any]) -> None:
    """Run a JavaScript `function` on `data` in the page itself (not in an iframe): json.dumps gives JavaScript
    literals, and "</" is escaped so that no text can close the script element."""
    markup = _TAG_LIKE.search(function)
    if markup:  # the browser would silently drop the script (see _TAG_LIKE)
        raise ValueError(f"script text looks like markup: {markup.group()!r}")
    literal = json.dumps(data).replace("</", "<\\/")
    st.html(f"<script>({function})({literal});</script>", unsafe_allow_javascript=True)


def install_french_chrome() -> None:
    """Rewrite Streamlit's known English interface texts in French in this tab (see the module docstring)."""
    texts = {english: t(key) for english, key in ENGLISH.items()}
    prefixes = {english: t(key, label="{label}") for english, key in ENGLISH_PREFIXES.items()}
    run_script(_FRENCH_CHROME_JS, {"texts": texts, "prefixes": prefixes})


def dataframe_or_sentence(frame: pd.DataFrame, empty: str, **options: Any) -> None:
    """st.dataframe of `frame`, or the French sentence `empty` when it has no row (Streamlit would draw a table
    reading "empty")."""
    if frame.empty:
        st.caption(empty)
    else:
        st.dataframe(frame, **options)
