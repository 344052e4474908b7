"""Statistical secrecy: primary and secondary suppression, and the proof that no hidden cell can be recomputed.

The proofs do not trust the module's graph reasoning. `_relations` writes every additive relation of the
published table from its definition (each row with its total column, each parent row with its children, in
every column, redundant ones included); the hidden cells are the unknowns of that linear system and the shown
cells its constants. A hidden cell can be recomputed from what is shown exactly when every solution gives it the
same value, i.e. when every vector of the system's null space is 0 on it: `_recomputable` computes that null space
with numpy's SVD. Every protected table must also satisfy the brief's rule, checked on the same relations: each
relation holds 0 or at least 2 hidden cells, so no subtraction from a total leaves a single unknown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.artisanat.secrecy import (
    SECRECY_THRESHOLD,
    SECRET_MARK,
    ProtectedTable,
    protect,
    protect_figures,
    protect_table,
    recomputable_cells,
)
from dashboard.i18n import fmt_int

FAMILIES = ["alimentation", "batiment", "fabrication", "services"]
SEED = 20260512  # fixed: the randomised tables are the same on every run
RANDOM_TABLES = 300  # enough to meet every shape (flat, three levels, no total column, one row) many times


# ---------------------------------------------------------------------------------------------- independent checker
def _relations(frame: pd.DataFrame, parent: dict | None, total_column: str | None) -> list[dict[int, float]]:
    """Every additive relation of the table, as {flat cell index: coefficient} summing to 0."""
    rows, columns = list(frame.index), list(frame.columns)
    n_cols = len(columns)
    relations = []
    if total_column is not None:
        total = columns.index(total_column)
        for r in range(len(rows)):
            relation = {r * n_cols + c: 1.0 for c in range(n_cols) if c != total}
            relation[r * n_cols + total] = -1.0
            relations.append(relation)
    children: dict[int, list[int]] = {}
    for child, container in (parent or {}).items():
        if container is not None:
            children.setdefault(rows.index(container), []).append(rows.index(child))
    for container, members in children.items():
        for c in range(n_cols):
            relation = {m * n_cols + c: 1.0 for m in members}
            relation[container * n_cols + c] = -1.0
            relations.append(relation)
    return relations


def _recomputable(frame: pd.DataFrame, mask: pd.DataFrame, parent: dict | None, total_column: str | None) -> set:
    """Hidden cells that the shown cells determine (the null space of the hidden unknowns is 0 on them)."""
    hidden = np.flatnonzero(mask.to_numpy(dtype=bool).ravel())
    if len(hidden) == 0:
        return set()
    position = {cell: i for i, cell in enumerate(hidden)}
    relations = _relations(frame, parent, total_column)
    system = np.zeros((max(len(relations), 1), len(hidden)))
    for i, relation in enumerate(relations):
        for cell, coefficient in relation.items():
            if cell in position:
                system[i, position[cell]] = coefficient
    _, singular, vt = np.linalg.svd(system)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    n_cols = len(frame.columns)
    return {
        (frame.index[cell // n_cols], frame.columns[cell % n_cols])
        for i, cell in enumerate(hidden)
        if null_space.shape[0] == 0 or np.abs(null_space[:, i]).max() < 1e-9
    }


def _assert_protected(
    table: ProtectedTable,
    parent: dict | None,
    total_column: str | None,
    threshold: int = SECRECY_THRESHOLD,
    contributors: pd.DataFrame | None = None,
) -> None:
    units = (table.values if contributors is None else contributors).to_numpy(dtype=float)
    expected_primary = (units > 0) & (units < threshold)
    assert (table.primary.to_numpy() == expected_primary).all(), "primary cells are exactly 1..threshold-1 units"
    assert not (table.primary & ~table.mask).any().any(), "every primary cell is hidden"
    hidden = table.mask.to_numpy(dtype=bool).ravel()
    for relation in _relations(table.values, parent, total_column):
        count = int(sum(hidden[cell] for cell in relation))
        assert count == 0 or count >= 2, f"a relation holds a single hidden cell: {relation}"
    assert _recomputable(table.values, table.mask, parent, total_column) == set(), "a hidden cell can be recomputed"


def _same_shown_cells(one: pd.DataFrame, other: pd.DataFrame, mask: pd.DataFrame) -> bool:
    shown = ~mask.to_numpy(dtype=bool)
    return bool((one.to_numpy()[shown] == other.to_numpy()[shown]).all())


def _with_margins(inner: pd.DataFrame, total_row: str = "total_territoire") -> pd.DataFrame:
    frame = inner.copy()
    frame["total"] = frame.sum(axis=1)
    frame.loc[total_row] = frame.sum()
    return frame


# ---------------------------------------------------------------------------------------------- hand-checked examples
def test_hand_checked_one_commune_families_and_total():
    # Alimentation 2 establishments is secret (1..2). The row total 13 would give it back as 13 - 7 - 0 - 4,
    # so the smallest non-zero shown cell of the row, Services (4), is hidden too; Fabrication's 0 is not used
    # (a hidden 0 would make the total the secret's exact upper bound) and stays shown.
    row = pd.DataFrame([[2, 7, 0, 4, 13]], index=["commune:41269"], columns=[*FAMILIES, "total"])
    table = protect(row, total_column="total")
    assert table.display().loc["commune:41269"].tolist() == [SECRET_MARK, 7, 0, SECRET_MARK, 13]
    assert table.primary.loc["commune:41269"].tolist() == [True, False, False, False, False]
    assert table.secondary.loc["commune:41269"].tolist() == [False, False, False, True, False]
    # What is shown (7, 0, 13) fits Alimentation = 2 and also Alimentation = 1 (Services = 5): not recomputable.
    alternative = row.copy()
    alternative.loc["commune:41269", ["alimentation", "services"]] = [1, 5]
    assert _same_shown_cells(alternative, row, table.mask)
    assert alternative.iloc[0, :4].sum() == alternative.loc["commune:41269", "total"]
    _assert_protected(table, None, "total")


def test_hand_checked_communes_of_an_epci():
    # Commune A has 1 food establishment (secret). Its row and its column each need a second hidden cell: row A
    # hides its smallest other cell (Bâtiment 10 < total 11), column Alimentation its smallest (B, 4). Then row B
    # and column Bâtiment each hold one hidden cell, and both pick B's Bâtiment (6): a 2 × 2 rectangle, stable.
    inner = pd.DataFrame({"alimentation": [1, 4, 9], "batiment": [10, 6, 20]}, index=["A", "B", "C"])
    frame = _with_margins(inner, "epci")
    table = protect_table(frame, total_row="epci", total_column="total")
    expected = pd.DataFrame(
        {
            "alimentation": [SECRET_MARK, SECRET_MARK, 9, 14],
            "batiment": [SECRET_MARK, SECRET_MARK, 20, 36],
            "total": [11, 10, 29, 50],
        },
        index=["A", "B", "C", "epci"],
    )
    pd.testing.assert_frame_equal(table.display(), expected.astype(object), check_dtype=False)
    # A second table that shows exactly the same cells: A has 2 food establishments, not 1.
    alternative = frame.copy()
    alternative.loc[["A", "B"], ["alimentation", "batiment"]] = [[2, 9], [3, 7]]
    assert _same_shown_cells(alternative, frame, table.mask)
    assert (alternative[["alimentation", "batiment"]].sum(axis=1) == alternative["total"]).all()
    assert (alternative.drop(index="epci").sum() == alternative.loc["epci"]).all()
    _assert_protected(table, {r: "epci" for r in "ABC"}, "total")


def test_two_hidden_cells_per_line_is_not_enough_and_the_audit_closes_the_gap():
    # Primary cells form two 2 × 2 blocks (r0-r1 × c0-c1 and r2-r3 × c2-c3) joined by r0·c2: every row and column
    # holds 0 or >= 2 secret cells already, yet r0·c2 is the only link between the blocks. Summing rows r0, r1 and
    # subtracting columns c0, c1 cancels the first block and leaves r0·c2 alone: it can be recomputed.
    inner = pd.DataFrame(
        [[1, 2, 1, 9, 8], [2, 1, 7, 6, 9], [9, 8, 2, 1, 7], [8, 9, 1, 2, 6], [5, 6, 7, 8, 9]],
        index=[f"r{i}" for i in range(5)],
        columns=[f"c{j}" for j in range(5)],
    )
    frame = _with_margins(inner, "T")
    parent = {r: "T" for r in inner.index}
    table = protect_table(frame, total_row="T", total_column="total")
    primary_only = table.primary
    for relation in _relations(frame, parent, "total"):
        assert sum(primary_only.to_numpy().ravel()[cell] for cell in relation) != 1
    assert _recomputable(frame, primary_only, parent, "total") == {("r0", "c2")}
    assert recomputable_cells(primary_only, parent=parent, total_column="total") == [("r0", "c2")]
    assert table.secondary.to_numpy().sum() == 1  # one more hidden cell puts r0·c2 on a cycle
    _assert_protected(table, parent, "total")


def test_zero_is_not_secret():
    inner = pd.DataFrame({"alimentation": [0, 0, 5], "batiment": [7, 0, 9]}, index=["A", "B", "C"])
    table = protect_table(_with_margins(inner), total_row="total_territoire", total_column="total")
    assert not table.mask.any().any()


def test_threshold_is_configurable():
    inner = pd.DataFrame({"alimentation": [3, 4, 12], "batiment": [1, 8, 9]}, index=["A", "B", "C"])
    frame = _with_margins(inner)
    parent = {r: "total_territoire" for r in inner.index}
    assert protect(frame, parent=parent, total_column="total", threshold=1).mask.to_numpy().sum() == 0
    strict = protect(frame, parent=parent, total_column="total", threshold=5)
    assert strict.primary.loc[["A", "B"], "alimentation"].all() and strict.primary.loc["A", "batiment"]
    _assert_protected(strict, parent, "total", threshold=5)


def test_magnitudes_are_secret_by_their_contributors():
    # 25 employees in 2 establishments are secret (each employer could deduce the other's staff); 1 employee
    # spread over 10 establishments is not, but it is the smallest other cell of the row: its complement.
    establishments = pd.DataFrame([[2, 10, 0, 8, 20]], index=["c"], columns=[*FAMILIES, "total"])
    employees = pd.DataFrame([[25, 1, 0, 30, 56]], index=["c"], columns=[*FAMILIES, "total"])
    tables = protect_figures(
        {"establishments": establishments, "employees": employees},
        total_column="total",
        contributors={"employees": establishments},
    )
    assert tables["employees"].primary.loc["c"].tolist() == [True, False, False, False, False]
    assert tables["employees"].mask.loc["c"].tolist() == [True, True, False, False, False]
    _assert_protected(tables["employees"], None, "total", contributors=establishments)
    # Each figure is protected on its own, as if protected alone.
    alone = protect(establishments, total_column="total")
    pd.testing.assert_frame_equal(tables["establishments"].mask, alone.mask)


def test_display_and_formatted():
    row = pd.DataFrame([[1, 1234, 0, 5, 1240]], index=["c"], columns=[*FAMILIES, "total"])
    table = protect(row, total_column="total")
    text = table.formatted()
    assert text.loc["c", "alimentation"] == SECRET_MARK
    assert text.loc["c", "batiment"] == fmt_int(1234)
    assert table.display().loc["c", "fabrication"] == 0


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame([[1, 2, 4]], columns=["a", "b", "total"]), "total column"),
        (pd.DataFrame([[1, -2, -1]], columns=["a", "b", "total"]), "negative"),
        (pd.DataFrame([[1, np.nan, 1]], columns=["a", "b", "total"]), "missing"),
    ],
)
def test_rejects_tables_that_do_not_add_up(frame, message):
    with pytest.raises(ValueError, match=message):
        protect(frame, total_column="total")


def test_rejects_a_total_row_that_is_not_the_sum():
    frame = pd.DataFrame({"a": [1, 2, 4]}, index=["x", "y", "t"])
    with pytest.raises(ValueError, match="sum of its rows"):
        protect(frame, parent={"x": "t", "y": "t"})


# ---------------------------------------------------------------------------------------------- frozen tables
def _three_levels() -> tuple[pd.DataFrame, dict]:
    """Department 41 > EPCI Vendômois (4 communes) and EPCI Perche (3 communes), four families and total."""
    leaves = {
        "vendome": [12, 40, 6, 25],
        "saint-ouen": [2, 9, 1, 4],
        "naveil": [1, 5, 0, 3],
        "areines": [0, 2, 0, 1],
        "mondoubleau": [4, 11, 2, 6],
        "cormenon": [0, 1, 1, 0],
        "baillou": [1, 0, 0, 2],
    }
    epci = {"vendomois": list(leaves)[:4], "perche": list(leaves)[4:]}
    frame = pd.DataFrame(leaves, index=FAMILIES).T
    for name, members in epci.items():
        frame.loc[name] = frame.loc[members].sum()
    frame.loc["loir-et-cher"] = frame.loc[list(epci)].sum()
    frame["total"] = frame.sum(axis=1)
    parent = {m: name for name, members in epci.items() for m in members} | dict.fromkeys(epci, "loir-et-cher")
    return frame, parent


def _epci_of_six() -> tuple[pd.DataFrame, dict]:
    inner = pd.DataFrame(
        [[5, 30, 4, 12], [1, 6, 0, 2], [0, 3, 1, 1], [2, 2, 2, 2], [7, 0, 0, 9], [0, 1, 0, 0]],
        index=[f"commune{i}" for i in range(6)],
        columns=FAMILIES,
    )
    return _with_margins(inner, "epci"), {r: "epci" for r in inner.index}


def _all_small() -> tuple[pd.DataFrame, dict]:
    inner = pd.DataFrame([[1, 2], [2, 1], [1, 1]], index=["a", "b", "c"], columns=FAMILIES[:2])
    return _with_margins(inner, "t"), {r: "t" for r in inner.index}


def _no_total_column() -> tuple[pd.DataFrame, dict]:
    frame = pd.DataFrame({"alimentation": [1, 8, 5, 14], "batiment": [3, 2, 10, 15]}, index=["a", "b", "c", "t"])
    return frame, {r: "t" for r in "abc"}


FROZEN = {
    "three_levels": (_three_levels, "total"),
    "epci_of_six": (_epci_of_six, "total"),
    "all_small": (_all_small, "total"),
    "no_total_column": (_no_total_column, None),
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_frozen_tables_are_protected(name):
    build, total_column = FROZEN[name]
    frame, parent = build()
    table = protect(frame, parent=parent, total_column=total_column)
    _assert_protected(table, parent, total_column)
    assert table.primary.any().any(), "the frozen table has secret cells (else it proves nothing)"
    assert _recomputable(frame, table.primary, parent, total_column) or table.secondary.any().any()


def test_three_levels_hide_across_the_hierarchy():
    frame, parent = _three_levels()
    table = protect(frame, parent=parent, total_column="total")
    # Cormenon's Bâtiment (1) is secret; the Perche's Bâtiment total is shown, so another Perche commune's
    # Bâtiment cell must be hidden too: Baillou's 0 would not do (zeros are last resort), Mondoubleau's 11 does.
    assert table.primary.loc["cormenon", "batiment"]
    assert table.secondary.loc["mondoubleau", "batiment"]
    assert not table.mask.loc["baillou", "batiment"]
    assert not table.mask.loc[["vendomois", "perche", "loir-et-cher"]].any().any()


# ---------------------------------------------------------------------------------------------- randomised property
def _random_table(rng: np.random.Generator) -> tuple[pd.DataFrame, dict | None, str | None, int]:
    shape = rng.choice(["flat", "three_levels", "one_row"])
    n_cols = int(rng.integers(1, 6))
    columns = [f"f{j}" for j in range(n_cols)]
    mean = rng.uniform(0.3, 8)
    if shape == "one_row":
        frame = pd.DataFrame(rng.poisson(mean, (1, n_cols)), index=["c"], columns=columns)
        parent = None
    elif shape == "flat":
        n_rows = int(rng.integers(1, 15))
        frame = pd.DataFrame(
            rng.poisson(mean, (n_rows, n_cols)), index=[f"c{i}" for i in range(n_rows)], columns=columns
        )
        parent = dict.fromkeys(frame.index, "t")
        frame.loc["t"] = frame.sum()
    else:
        parent, blocks = {}, []
        for e in range(int(rng.integers(1, 4))):
            members = [f"e{e}c{i}" for i in range(int(rng.integers(1, 6)))]
            block = pd.DataFrame(rng.poisson(mean, (len(members), n_cols)), index=members, columns=columns)
            block.loc[f"e{e}"] = block.sum()
            parent |= dict.fromkeys(members, f"e{e}") | {f"e{e}": "d"}
            blocks.append(block)
        frame = pd.concat(blocks)
        frame.loc["d"] = frame.loc[[f"e{e}" for e in range(len(blocks))]].sum()
    total_column = None
    if n_cols >= 1 and (rng.random() < 0.75 or parent is None):
        frame["total"] = frame.sum(axis=1)
        total_column = "total"
    return frame, parent, total_column, int(rng.integers(2, 6))


def test_randomised_tables_never_let_a_hidden_cell_be_recomputed():
    rng = np.random.default_rng(SEED)
    secondary_needed = 0
    for _ in range(RANDOM_TABLES):
        frame, parent, total_column, threshold = _random_table(rng)
        table = protect(frame, parent=parent, total_column=total_column, threshold=threshold)
        _assert_protected(table, parent, total_column, threshold)
        secondary_needed += bool(table.secondary.any().any())
    assert secondary_needed > RANDOM_TABLES // 3, "the random tables exercise secondary suppression"


def test_the_audit_agrees_with_linear_algebra_on_random_masks():
    # The module finds recomputable cells as bridges of a graph; check that on arbitrary masks (not protected
    # ones) it names exactly the cells the independent null-space computation names.
    rng = np.random.default_rng(SEED + 1)
    found = 0
    for _ in range(RANDOM_TABLES):
        frame, parent, total_column, _ = _random_table(rng)
        mask = pd.DataFrame(rng.random(frame.shape) < 0.3, index=frame.index, columns=frame.columns)
        expected = _recomputable(frame, mask, parent, total_column)
        assert set(recomputable_cells(mask, parent=parent, total_column=total_column)) == expected
        found += bool(expected)
    assert found > RANDOM_TABLES // 3, "random masks often leave recomputable cells (the check is not vacuous)"
