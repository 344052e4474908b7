"""The committed templates in data/templates are exactly what the specs generate."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.config import TEMPLATES_DIR
from dashboard.imports.docs import WORKBOOK_NAME, write_templates
from dashboard.imports.templates import TEMPLATES


def test_committed_templates_are_up_to_date(tmp_path: Path):
    written = write_templates(tmp_path)
    for path in written:
        committed = TEMPLATES_DIR / path.name
        assert committed.exists(), f"{path.name} missing: run python -m dashboard templates"
        if path.name == WORKBOOK_NAME:  # xlsx bytes carry timestamps: compare the sheets' content
            fresh = pd.read_excel(path, sheet_name=None, dtype=str)
            kept = pd.read_excel(committed, sheet_name=None, dtype=str)
            assert list(fresh) == list(kept)
            for name, frame in fresh.items():
                pd.testing.assert_frame_equal(frame, kept[name])
        else:
            assert committed.read_bytes() == path.read_bytes(), (
                f"{path.name} is stale: run python -m dashboard templates"
            )


def test_every_template_documents_every_column():
    readme = (TEMPLATES_DIR / "README.md").read_text(encoding="utf-8")
    for template in TEMPLATES:
        assert f"`{template.entity}.csv`" in readme
        for column in template.columns:
            assert f"`{column.header}`" in readme
