"""Statistical secrecy of count tables: primary suppression under a threshold, then secondary suppression so that
no hidden cell can be recomputed from the cells, totals and differences that are shown.

Rules
-----
- **Primary.** A cell is secret when the number of units behind it is positive and below the threshold
  (`SECRECY_THRESHOLD`, 3 by default: the usual frequency rule of business statistics). For a count
  (establishments, creations, owners...) the units are the count itself; for a magnitude (employees) they are the
  establishments it sums, passed as `contributors`.
- **Zero is not secret.** A 0 says that no business exists in the cell: it reveals nothing about any individual
  business, and masking zeros would hide most of the map of a rural territory for no protection. (A zero may still
  be hidden as a *secondary* cell, but only when no non-zero cell can do the job: see below.)
- **Secondary.** Every additive relation of the table (a row adds up to its total column, a column of children
  adds up to their parent row: communes to their EPCI, EPCI to their department...) must contain either no hidden
  cell or at least two: with one, a subtraction from the total gives it back. When a relation holds exactly one
  hidden cell, the smallest visible cell of that relation is hidden too (non-zero cells first, since hiding a zero
  next to a secret cell turns the total into the secret value's exact upper bound), and so on until stable.
- **Exact audit.** Two hidden cells per relation are necessary but not sufficient: relations chain, and a hidden
  cell can still be the only unknown of a combination of relations. The rule below finds every such cell exactly
  and hides one more cell per case, until no hidden cell is recomputable.

Why a graph gives the exact answer
----------------------------------
The tables handled have rows in a hierarchy (each internal row is the sum of its children rows) and flat columns
with an optional total column (the sum of the others): "one hierarchical dimension" tables, which are known to be
network tables. Take one node per relation: (parent row T, column c) for "cell(T, c) = sum of its children's cells
in column c", and, when there is a total column, one node per leaf row m for "cell(m, total) = sum of row m".
The row relation of an internal row is left out: it is the sum of its children's row relations and of its own
column relations, so it lets nobody deduce more. Every cell then belongs to exactly two relations (its parent's
column relation and its own row or column relation), or to one, the other end being a ground node. Multiplying the
total-column cells and some relations by -1 turns the relations into the incidence matrix of a graph whose edges
are the cells; the shown cells move to the right-hand side, and the hidden ones are unknowns of a system whose
solutions differ by circulations on the graph of hidden cells. A hidden cell is therefore fixed by what is shown
if and only if no cycle of hidden cells passes through it, i.e. if and only if it is a **bridge** of that graph.
The "at least two per relation" rule is the statement that no node has exactly one hidden edge.

Out of scope (say so where it matters): interval disclosure (non-negativity bounds a hidden cell by what is
shown), relations between tables displayed separately (e.g. the same communes under an EPCI and under a
department, or a stock and its yearly creations and closures), and the dominance rule for magnitudes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.i18n import fmt_int

# The usual frequency rule of business statistics (INSEE, CMA observatories): fewer than 3 units is secret.
SECRECY_THRESHOLD = 3
SECRET_MARK = "s"  # what a hidden cell shows, as in published French business statistics ("s" = secret)
_GROUND = 0  # node id of the ground node (relations nobody can write: the outside of the table)
_HASH_SEED = 20260512  # fixed: the same hidden cells on every run (see _bridges)


@dataclass(frozen=True)
class ProtectedTable:
    """A table of figures with the cells to hide: `mask` (all hidden cells) and `primary` (hidden by the rule).

    `values` holds the true figures and must never be shown as such: show `display()` or `formatted()`, and give
    `mask` to charts and maps so that they hide the same cells.
    """

    values: pd.DataFrame
    mask: pd.DataFrame
    primary: pd.DataFrame

    @property
    def secondary(self) -> pd.DataFrame:
        """Cells hidden only to protect others."""
        return self.mask & ~self.primary

    def display(self) -> pd.DataFrame:
        """The figures with SECRET_MARK in hidden cells (object dtype)."""
        return self.values.astype(object).mask(self.mask, SECRET_MARK)

    def formatted(self, formatter: Callable[[float], str] = fmt_int) -> pd.DataFrame:
        """French text of every cell, SECRET_MARK in hidden cells."""
        text = self.values.map(formatter)
        return text.mask(self.mask, SECRET_MARK)


# ---------------------------------------------------------------------------------------------- public entry points
def primary_secret(contributors: pd.DataFrame | np.ndarray, threshold: int = SECRECY_THRESHOLD) -> np.ndarray:
    """Cells with at least one and fewer than `threshold` contributing units (zero is not secret)."""
    units = np.asarray(contributors, dtype=float)
    return (units > 0) & (units < threshold)


def protect(
    values: pd.DataFrame,
    *,
    parent: Mapping[Hashable, Hashable | None] | None = None,
    total_column: Hashable | None = None,
    contributors: pd.DataFrame | None = None,
    threshold: int = SECRECY_THRESHOLD,
) -> ProtectedTable:
    """Protect one table whose rows may nest (`parent[row]` = the row it adds up to) and whose `total_column`, when
    given, is the sum of the other columns. Raises ValueError when the table does not add up."""
    return protect_figures(
        {"_": values},
        parent=parent,
        total_column=total_column,
        contributors=None if contributors is None else {"_": contributors},
        threshold=threshold,
    )["_"]


def protect_table(
    values: pd.DataFrame,
    *,
    total_row: Hashable | None = None,
    total_column: Hashable | None = None,
    contributors: pd.DataFrame | None = None,
    threshold: int = SECRECY_THRESHOLD,
) -> ProtectedTable:
    """Protect a two-way table with margins: every row but `total_row` adds up to it (e.g. communes and their
    EPCI), every row adds up to `total_column` (e.g. the four sector families and their total)."""
    parent = None if total_row is None else {row: total_row for row in values.index if row != total_row}
    return protect(values, parent=parent, total_column=total_column, contributors=contributors, threshold=threshold)


def protect_figures(
    tables: Mapping[str, pd.DataFrame],
    *,
    parent: Mapping[Hashable, Hashable | None] | None = None,
    total_column: Hashable | None = None,
    contributors: Mapping[str, pd.DataFrame | None] | None = None,
    threshold: int = SECRECY_THRESHOLD,
) -> dict[str, ProtectedTable]:
    """Protect several figures laid out in the same table structure (same rows, columns and hierarchy) at once.

    Each figure is protected on its own (its own primary cells and complements); running them together only
    shares the work. `contributors[name]` gives the units behind a magnitude (None: the figure is a count).
    """
    if threshold < 1:
        raise ValueError("the secrecy threshold must be at least 1")
    names = list(tables)
    if not names:
        return {}
    first = tables[names[0]]
    structure = _Structure.build(first, parent, total_column)
    stacked, units = [], []
    for name in names:
        frame = tables[name]
        if not frame.index.equals(first.index) or not frame.columns.equals(first.columns):
            raise ValueError(f"figure {name!r} is not laid out like {names[0]!r}")
        grid = _as_grid(frame, name)
        structure.check_additive(grid, name)
        helper = None if contributors is None else contributors.get(name)
        stacked.append(grid)
        units.append(grid if helper is None else _as_grid(helper.reindex_like(frame), f"{name} (contributors)"))
    values = np.stack(stacked)
    primary = primary_secret(np.stack(units), threshold)
    masked = _suppress(structure, values, primary.copy())
    return {
        name: ProtectedTable(
            values=tables[name],
            mask=pd.DataFrame(masked[k], index=first.index, columns=first.columns),
            primary=pd.DataFrame(primary[k], index=first.index, columns=first.columns),
        )
        for k, name in enumerate(names)
    }


def recomputable_cells(
    mask: pd.DataFrame,
    *,
    parent: Mapping[Hashable, Hashable | None] | None = None,
    total_column: Hashable | None = None,
) -> list[tuple[Hashable, Hashable]]:
    """Hidden cells that the shown cells determine exactly (bridges of the hidden-cell graph): empty when safe."""
    structure = _Structure.build(mask, parent, total_column)
    flat = mask.to_numpy(dtype=bool).ravel()
    edges = np.flatnonzero(flat)
    bridges = _bridges(structure.n_nodes, structure.a[edges], structure.b[edges], edges)
    columns = len(mask.columns)
    return [(mask.index[e // columns], mask.columns[e % columns]) for e in sorted(bridges)]


# ---------------------------------------------------------------------------------------------- table structure
def _as_grid(frame: pd.DataFrame, name: str) -> np.ndarray:
    grid = frame.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(grid).any():
        raise ValueError(f"figure {name!r} has missing values: fill them (0) before protecting")
    if (grid < 0).any():
        raise ValueError(f"figure {name!r} has negative values: secrecy applies to counts and amounts")
    return grid


@dataclass(frozen=True)
class _Structure:
    """The relation graph of a table layout: cell (r, c) is edge r * n_cols + c joining nodes a[e] and b[e]."""

    n_rows: int
    n_cols: int
    n_nodes: int
    a: np.ndarray  # the relation where the cell is a part of its parent row (or the ground for top rows)
    b: np.ndarray  # the relation where the cell is a total (internal rows) or a part of its row (leaf rows)
    parent_of: np.ndarray  # parent row index, -1 for top rows
    total_col: int  # index of the total column, -1 when none

    @classmethod
    def build(
        cls, frame: pd.DataFrame, parent: Mapping[Hashable, Hashable | None] | None, total_column: Hashable | None
    ) -> _Structure:
        if not frame.index.is_unique or not frame.columns.is_unique:
            raise ValueError("row and column labels must be unique")
        n_rows, n_cols = frame.shape
        links = {child: container for child, container in (parent or {}).items() if container is not None}
        children = frame.index.get_indexer(list(links.keys()))
        containers = frame.index.get_indexer(list(links.values()))
        if (children < 0).any() or (containers < 0).any():
            raise ValueError("unknown row in the hierarchy")
        parent_of = np.full(n_rows, -1)
        parent_of[children] = containers
        _check_acyclic(parent_of)
        total_col = -1
        if total_column is not None:
            if total_column not in frame.columns:
                raise ValueError(f"unknown total column {total_column!r}")
            if n_cols < 2:
                raise ValueError("a total column needs at least one other column")
            total_col = int(frame.columns.get_loc(total_column))
        internal = np.zeros(n_rows, dtype=bool)
        internal[parent_of[parent_of >= 0]] = True
        internal_rank = np.cumsum(internal) - 1
        leaf_rank = np.cumsum(~internal) - 1
        n_internal = int(internal.sum())
        rows = np.repeat(np.arange(n_rows), n_cols)
        cols = np.tile(np.arange(n_cols), n_rows)
        column_node = 1  # nodes (T, c) come right after the ground node
        parents = parent_of[rows]
        a = np.where(parents >= 0, column_node + internal_rank[np.maximum(parents, 0)] * n_cols + cols, _GROUND)
        leaf_node = 1 + n_internal * n_cols + leaf_rank[rows]
        b = np.where(
            internal[rows],
            column_node + internal_rank[rows] * n_cols + cols,
            leaf_node if total_col >= 0 else _GROUND,
        )
        n_nodes = 1 + n_internal * n_cols + (int((~internal).sum()) if total_col >= 0 else 0)
        return cls(n_rows, n_cols, n_nodes, a.astype(np.int64), b.astype(np.int64), parent_of, total_col)

    def check_additive(self, grid: np.ndarray, name: str) -> None:
        """Totals must equal the sum of their parts, else secrecy reasoning is meaningless."""
        if self.total_col >= 0:
            parts = np.delete(grid, self.total_col, axis=1).sum(axis=1)
            if not np.allclose(parts, grid[:, self.total_col]):
                raise ValueError(f"figure {name!r}: a row does not add up to its total column")
        children = self.parent_of >= 0
        if children.any():
            sums = np.zeros_like(grid)
            np.add.at(sums, self.parent_of[children], grid[children])
            internal = np.unique(self.parent_of[children])
            if not np.allclose(sums[internal], grid[internal]):
                raise ValueError(f"figure {name!r}: a total row does not equal the sum of its rows")


def _check_acyclic(parent_of: np.ndarray) -> None:
    """Every row reaches a top row within n_rows steps (all rows climb together, one level per step)."""
    ancestor = parent_of.copy()
    for _ in range(len(parent_of)):
        climbing = ancestor >= 0
        if not climbing.any():
            return
        ancestor[climbing] = parent_of[ancestor[climbing]]
    raise ValueError("the row hierarchy has a cycle")


# ---------------------------------------------------------------------------------------------- suppression
def _suppress(structure: _Structure, values: np.ndarray, masked: np.ndarray) -> np.ndarray:
    """Secondary suppression on K stacked tables of one structure (disjoint copies of its graph)."""
    k_tables = values.shape[0]
    cells = structure.n_rows * structure.n_cols
    offsets = np.repeat(np.arange(k_tables) * structure.n_nodes, cells)
    a = np.tile(structure.a, k_tables) + offsets
    b = np.tile(structure.b, k_tables) + offsets
    n_nodes = structure.n_nodes * k_tables
    ground = np.zeros(n_nodes, dtype=bool)
    ground[np.arange(k_tables) * structure.n_nodes + _GROUND] = True
    flat_values = values.reshape(-1)
    flat = masked.reshape(-1)
    while True:
        _close_lonely_relations(a, b, flat, flat_values, ground)
        edges = np.flatnonzero(flat)
        bridges = _bridges(n_nodes, a[edges], b[edges], edges)
        if not bridges:
            break
        if not _break_bridges(bridges, a, b, flat, flat_values, n_nodes):
            break  # every cell around is hidden already: nothing left to add (cannot happen on a valid table)
    return flat.reshape(masked.shape)


def _close_lonely_relations(
    a: np.ndarray, b: np.ndarray, flat: np.ndarray, values: np.ndarray, ground: np.ndarray
) -> None:
    """Until no relation holds exactly one hidden cell: hide the preferred visible cell of each such relation."""
    n_edges = len(flat)
    ends = np.concatenate([a, b])
    edge_of_end = np.concatenate([np.arange(n_edges), np.arange(n_edges)])
    while True:
        degree = np.bincount(ends[flat[edge_of_end]], minlength=len(ground))
        lonely = (degree == 1) & ~ground
        if not lonely.any():
            return
        candidate = lonely[ends] & ~flat[edge_of_end]
        nodes, edges = ends[candidate], edge_of_end[candidate]
        if len(nodes) == 0:
            return
        order = np.lexsort((*_preference_keys(edges, values), nodes))
        _, first = np.unique(nodes[order], return_index=True)
        flat[edges[order][first]] = True


def _preference_keys(edges: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, ...]:
    """np.lexsort keys (last = first criterion) of the preferred complement: a non-zero cell before a zero, then
    the smallest, then the first in table order."""
    return edges, values[edges], values[edges] == 0


def _bridges(n_nodes: int, a: np.ndarray, b: np.ndarray, edge_ids: np.ndarray) -> list[int]:
    """Bridges of the multigraph (a[i], b[i]) with ids edge_ids[i], vectorised (tables have ~10^5 hidden cells).

    A spanning forest is grown breadth-first from one root per connected part (parts found by minimum-label
    propagation); every edge outside the forest gets a random 64-bit value, and a forest edge (parent, x) is a
    bridge exactly when no outside edge leaves the subtree of x, i.e. when the XOR of the values of the outside
    edges touching that subtree is 0 (edges with both ends inside cancel out). The only possible error, with
    probability 2^-64 per edge, is to call a non-bridge a bridge: one more hidden cell, never a disclosure.
    """
    n_edges = len(edge_ids)
    if n_edges == 0:
        return []
    a, b = a.astype(np.int64), b.astype(np.int64)
    label = np.arange(n_nodes)
    while True:
        low = np.minimum(label[a], label[b])
        merged = label.copy()
        np.minimum.at(merged, a, low)
        np.minimum.at(merged, b, low)
        merged = merged[merged]  # labels only decrease and stay in the part: jump to the label's label
        if np.array_equal(merged, label):
            break
        label = merged
    touched = np.bincount(np.concatenate([a, b]), minlength=n_nodes) > 0
    roots = np.flatnonzero(touched & (label == np.arange(n_nodes)))
    ends = np.concatenate([a, b])
    order = np.argsort(ends, kind="stable")
    ends_sorted = ends[order]
    other = np.concatenate([b, a])[order]
    edge_of = np.concatenate([np.arange(n_edges), np.arange(n_edges)])[order]
    start = np.searchsorted(ends_sorted, np.arange(n_nodes + 1))
    seen = np.zeros(n_nodes, dtype=bool)
    seen[roots] = True
    parent = np.full(n_nodes, -1)
    parent_edge = np.full(n_nodes, -1)
    levels = []
    frontier = roots
    while len(frontier):
        counts = start[frontier + 1] - start[frontier]
        offsets = np.repeat(start[frontier] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        reached, via, source = other[offsets], edge_of[offsets], ends_sorted[offsets]
        fresh = ~seen[reached]
        # Several edges may reach a node: with repeated indices NumPy keeps the last assignment, the same
        # position for both arrays, so each node gets one consistent (parent, edge) pair.
        parent[reached[fresh]] = source[fresh]
        parent_edge[reached[fresh]] = via[fresh]
        newly = np.zeros(n_nodes, dtype=bool)
        newly[reached[fresh]] = True
        seen |= newly
        reached = np.flatnonzero(newly)
        levels.append(reached)
        frontier = reached
    in_forest = np.zeros(n_edges, dtype=bool)
    in_forest[parent_edge[parent_edge >= 0]] = True
    values = np.random.default_rng(_HASH_SEED).integers(
        0, np.iinfo(np.uint64).max, n_edges, dtype=np.uint64, endpoint=True
    )
    subtree = np.zeros(n_nodes, dtype=np.uint64)
    outside = ~in_forest
    np.bitwise_xor.at(subtree, a[outside], values[outside])
    np.bitwise_xor.at(subtree, b[outside], values[outside])
    for level in reversed(levels):  # deepest first: a node's value is final before it joins its parent's
        np.bitwise_xor.at(subtree, parent[level], subtree[level])
    tree_nodes = np.concatenate(levels) if levels else np.empty(0, dtype=np.int64)
    cut = tree_nodes[subtree[tree_nodes] == 0]
    return sorted(edge_ids[parent_edge[cut]].tolist())


def _break_bridges(
    bridges: list[int], a: np.ndarray, b: np.ndarray, flat: np.ndarray, values: np.ndarray, n_nodes: int
) -> bool:
    """Hide one more cell per recomputable cell (one per connected part per round): preferably a visible cell
    joining the two sides of the bridge, which puts it on a cycle; else a visible cell touching its part, from
    which the next rounds grow a cycle. Returns False when nothing could be added."""
    hidden = np.flatnonzero(flat)
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n_nodes)]
    for e, u, v in zip(hidden.tolist(), a[hidden].tolist(), b[hidden].tolist(), strict=True):
        adjacency[u].append((v, e))
        adjacency[v].append((u, e))
    touched = np.zeros(n_nodes, dtype=bool)
    added = False
    for bridge in sorted(bridges):
        u, v = int(a[bridge]), int(b[bridge])
        if touched[u] or touched[v]:
            continue  # its part changed this round: look again next round
        side_u = _reach(adjacency, u, bridge, n_nodes)
        side_v = _reach(adjacency, v, bridge, n_nodes)
        visible = ~flat
        joining = visible & ((side_u[a] & side_v[b]) | (side_v[a] & side_u[b]))
        if not joining.any():
            joining = visible & (side_u[a] | side_u[b] | side_v[a] | side_v[b])
        if not joining.any():
            continue
        choice = np.flatnonzero(joining)
        flat[choice[np.lexsort(_preference_keys(choice, values))[0]]] = True
        touched |= side_u | side_v
        added = True
    return added


def _reach(adjacency: list[list[tuple[int, int]]], start: int, without: int, n_nodes: int) -> np.ndarray:
    seen = np.zeros(n_nodes, dtype=bool)
    seen[start] = True
    frontier = [start]
    while frontier:
        node = frontier.pop()
        for other, e in adjacency[node]:
            if e != without and not seen[other]:
                seen[other] = True
                frontier.append(other)
    return seen
