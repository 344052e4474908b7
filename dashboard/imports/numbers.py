"""Numbers written the French way (or another way) in a spreadsheet cell: read exactly, or refused, never guessed.

Accepted forms (signs `+`/`-` allowed in front, spaces around the cell trimmed by the reader):

| form                         | example          | value    |
|------------------------------|------------------|----------|
| digits                       | 1234             | 1234     |
| decimal comma                | 1234,5 ; ,5      | 1234.5   |
| groups of three separated by a space, a no-break space or a narrow no-break space | 1 234,5 | 1234.5 |
| groups separated by dots, with a decimal comma | 12.874,00 | 12874 |
| two or more dot groups, no comma | 1.234.567    | 1234567  |
| decimal dot (what tools writing English numbers export) | 1234.5 ; 0.500 ; 2.25 | 1234.5 |
| scientific notation          | 1,5e3 ; 1.5E-3   | 1500     |
| a percentage                 | 12 % ; 12,5%     | 12, flagged as a percentage |

The ambiguous form: one to three digits (not starting with 0), a dot, exactly three digits, no comma: `1.500`,
`6.437`. French writers use the dot as thousands separator (1.500 kg = 1 500 kg), tools writing English numbers
use it as decimal mark (1.500 = 1,5). Such a cell is read only when the other cells of the same column prove
the convention:
- the dot separates thousands when some cell has dot groups with a decimal comma or several dot groups
  (12.874,00 ; 1.234.567) and no cell has an unambiguous decimal dot;
- the dot is the decimal mark when some cell has an unambiguous decimal dot (2.5 ; 1234.56 ; 0.125) and no
  cell has dot groups.
Otherwise (no proof, or proofs both ways) the cell is refused with a message saying how to write it.
Digit groups separated by spaces must be groups of three ("12 34" is refused: two numbers, or a typo).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SPACES = r"[ \u00a0\u202f]"  # ordinary, no-break and narrow no-break spaces (French digit grouping)
_EXP = r"(?:[eE][+-]?\d+)?"
_SIGN = r"[+-]?"
# Each accepted form, with a dot as decimal mark once rewritten (see `_canonical`).
PLAIN = rf"{_SIGN}(?:\d+(?:\.\d*)?|\.\d+){_EXP}"  # 1234 ; 1234.5 ; .5 ; 1e3 (read as written)
COMMA_DECIMAL = rf"{_SIGN}(?:\d+(?:,\d*)?|,\d+){_EXP}"  # 1234,5 ; ,5
SPACE_GROUPED = rf"{_SIGN}\d{{1,3}}(?:{SPACES}\d{{3}})+(?:,\d*)?{_EXP}"  # 1 234 ; 1 234,5
DOT_GROUPED = rf"{_SIGN}\d{{1,3}}(?:\.\d{{3}})+,\d*{_EXP}|{_SIGN}\d{{1,3}}(?:\.\d{{3}}){{2,}}"  # 12.874,00 ; 1.234.567
AMBIGUOUS = rf"{_SIGN}[1-9]\d{{0,2}}\.\d{{3}}"  # 1.500 : 1500 or 1,5 ?
DECIMAL_DOT = rf"{_SIGN}(?:\d+\.\d*|\.\d+){_EXP}"  # a plain number with a dot (ambiguous ones excluded apart)
PERCENT = rf"(.*?){SPACES}*%"  # 12 % ; 12,5%


@dataclass(frozen=True)
class ParsedNumbers:
    """Numbers of a column: `values` (NaN where not a number or refused), and why a cell was refused or marked."""

    values: pd.Series  # float
    ambiguous: pd.Series  # bool: 1.500 whose convention the column does not prove (value left NaN)
    percent: pd.Series  # bool: written with a % sign; the value is the number in front of it (12 % -> 12)


def parse_numbers(cells: pd.Series) -> ParsedNumbers:
    """Read a column of text cells as numbers (see the module docstring for the forms and the dot rule)."""
    text = cells.astype(object).astype(str)
    percent = text.str.fullmatch(PERCENT)
    text = text.where(~percent, text.str.replace(rf"{SPACES}*%$", "", regex=True))
    ambiguous = text.str.fullmatch(AMBIGUOUS)
    dot_groups = text.str.fullmatch(DOT_GROUPED)
    decimal_dot = text.str.fullmatch(DECIMAL_DOT) & ~ambiguous
    values = _canonical(text, ambiguous)
    # The column's own proof of what its dots mean, when some cells are ambiguous.
    if ambiguous.any():
        thousands, decimal = bool(dot_groups.any()), bool(decimal_dot.any())
        if thousands != decimal:
            resolved = text[ambiguous].str.replace(".", "", regex=False) if thousands else text[ambiguous]
            values[ambiguous] = pd.to_numeric(resolved, errors="coerce")
            ambiguous = pd.Series(False, index=text.index)
    return ParsedNumbers(values.astype(float), ambiguous.astype(bool), percent.astype(bool))


def _canonical(text: pd.Series, ambiguous: pd.Series) -> pd.Series:
    """Unambiguous forms rewritten with a dot as decimal mark and read; NaN for the rest."""
    plain = text.str.fullmatch(PLAIN) & ~ambiguous
    comma = text.str.fullmatch(COMMA_DECIMAL) & ~plain
    spaced = text.str.fullmatch(SPACE_GROUPED)
    dotted = text.str.fullmatch(DOT_GROUPED)
    rewritten = pd.Series(None, index=text.index, dtype=object)
    rewritten[plain] = text[plain]
    rewritten[comma] = text[comma].str.replace(",", ".", regex=False)
    rewritten[spaced] = text[spaced].str.replace(SPACES, "", regex=True).str.replace(",", ".", regex=False)
    rewritten[dotted] = text[dotted].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(rewritten, errors="coerce").astype(float)


def number_text(value: float) -> str:
    """A float as the shortest French text that reads back as exactly this float: 6.437 -> '6,437', 1500.0 ->
    '1500' (used for numeric spreadsheet cells, so that they are never mistaken for an ambiguous 6.437)."""
    if value == int(value) and abs(value) < 2**53:
        return str(int(value))
    return repr(float(value)).replace(".", ",")
