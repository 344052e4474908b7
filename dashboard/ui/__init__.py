"""Streamlit helpers shared by every page: cached database, sidebar filters, page header."""
