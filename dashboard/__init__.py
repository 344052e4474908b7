"""Observatoire territorial EIT: the pure core (no streamlit outside dashboard.ui)."""

__version__ = "0.1.0"
