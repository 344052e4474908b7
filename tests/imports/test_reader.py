"""Reading files: what prevents reading is reported in French, the rest is kept as text with spreadsheet row numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.imports.reader import ROW, read_csv_bytes, read_file


def test_utf8_with_bom_and_quoted_semicolons():
    table = read_csv_bytes('\ufeffnom;description\n"Scierie; ébénisterie";"sur\ndeux lignes"\n'.encode(), "a.csv")
    assert table.problems == []
    assert table.frame is not None
    assert table.frame.to_dict("records") == [
        {ROW: 2, "nom": "Scierie; ébénisterie", "description": "sur\ndeux lignes"}
    ]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ("nom;ville\nÉpicerie;Vendôme\n".encode("cp1252"), "Windows-1252"),
        ("\ufeffnom\tville\r\nÉpicerie\tVendôme\r\n".encode("utf-16-le"), "UTF-16"),
        ("nom;ville\nÉpicerie;Vendôme\n".encode("utf-16"), "UTF-16"),
        ("\ufeffnom;ville\nÉpicerie;Vendôme\n".encode(), None),
    ],
)
def test_windows_and_unicode_text_are_read_and_their_encoding_said(data: bytes, said: str | None):
    table = read_csv_bytes(data, "a.csv")
    assert table.problems == []
    assert table.frame is not None and table.frame.drop(columns=ROW).to_dict("records") == [
        {"nom": "Épicerie", "ville": "Vendôme"}
    ]
    assert [said in n.message for n in table.notices] == ([True] if said else [])


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"PK\x03\x04\x14\x00", "classeur"),
        (b"%PDF-1.4\n", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", "ancien document Office"),
        (b"\x89PNG\r\n", "image"),
        (bytes(range(256)), "pas un fichier texte"),
        (b"nom;ville\n\x00\x01\x02;x\n", "pas un fichier texte"),
    ],
)
def test_a_file_that_is_not_text_is_named(data: bytes, words: str):
    table = read_csv_bytes(data, "a.csv")
    assert table.frame is None and words in table.problems[0].message


def test_repeated_and_unnamed_columns():
    table = read_csv_bytes(b"nom;nom;;\nA;B;x;\n", "a.csv")
    assert [(p.row, p.column) for p in table.problems] == [(1, "nom"), (1, None)]
    assert "apparaît deux fois" in table.problems[0].message
    assert "colonne n° 3" in table.problems[1].message
    assert table.frame is not None and list(table.frame.columns) == [ROW, "nom"]


def test_short_rows_are_padded_and_long_rows_reported():
    table = read_csv_bytes(b"a;b;c\n1;2\n1;2;3;4\n5;6;7\n", "a.csv")
    assert [(p.row, p.message) for p in table.problems] == [(3, table.problems[0].message)]
    assert "4 valeurs pour 3 colonnes" in table.problems[0].message
    assert table.frame is not None
    assert table.frame[ROW].tolist() == [2, 4]
    assert table.frame["c"].tolist() == ["", "7"]


def test_empty_file_and_unsupported_types(tmp_path: Path):
    assert "le fichier est vide" in read_csv_bytes(b"", "a.csv").problems[0].message
    old = tmp_path / "ancien.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert "Excel 97-2003" in read_file(old)[0].problems[0].message
    other = tmp_path / "notes.ods"
    other.write_bytes(b"x")
    assert "« .ods »" in read_file(other)[0].problems[0].message
    broken = tmp_path / "abime.xlsx"
    broken.write_bytes(b"pas un classeur")
    assert "le classeur est illisible" in read_file(broken)[0].problems[0].message
    assert "introuvable" in read_file(tmp_path / "absent.csv")[0].problems[0].message


def test_workbook_sheets_as_text_without_the_readme(tmp_path: Path):
    path = tmp_path / "classeur.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"Lisez-moi": ["texte"]}).to_excel(writer, sheet_name="Lisez-moi", index=False)
        pd.DataFrame({"code_commune": ["01053"], "quantite": [12.5], "date": [pd.Timestamp(2024, 3, 15)]}).to_excel(
            writer, sheet_name="flows", index=False
        )
        pd.DataFrame().to_excel(writer, sheet_name="vide", index=False)
    tables = read_file(path)
    assert [table.sheet for table in tables] == ["flows", "vide"]
    assert tables[0].frame is not None
    assert tables[0].frame.iloc[0].tolist() == [2, "01053", "12,5", "2024-03-15 00:00:00"]
    assert tables[1].frame is None
