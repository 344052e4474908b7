"""The scope and the period of every figure: what is counted, and until when.

Scope. Every query asks which records belong to a scope through the SQL macros of schema.sql's "scope layer"
(`scope_companies($scope)`, `scope_synergies($scope)`, `scope_events($scope)`, `scope_diagnostics($scope)`,
`scope_flows($scope)`, `scope_communes($scope)`, `scope_territories($scope)`, `scope_sa_responses($scope)`,
`scope_indicator_values($scope)`), with one parameter name, `$scope`. A scope key is:
- a territory id (`epci:200072072`, `perimetre:piicto`, ...): records counted by **place**: companies located in
  its communes with their diagnostics and flows, synergies and events attached to it or one of its members,
  synergies with a local participant;
- `programme:<programme_id>`: a programme's **own** records, tagged with its programme_id (its diagnostics,
  synergies and events, and the companies taking part in them), wherever they are. A programme's perimeter is a
  territory and is read by place like any other.

Period. A year or a quarter of a year (`Period`), the same object from the URL to the SQL (`$start`, `$end`).

"As of" rule (one rule, shown in each page's header): a figure is computed from the records dated up to the
period end; when the data stop earlier (the dataset's "données au" date falls within the period), the figures
are as of that date, never as of a day the data do not reach.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WHOLE_YEAR = 0  # quarter value meaning "the whole year" (same convention as indicator_value.period_quarter)
PROGRAMME_PREFIX = "programme:"


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int = WHOLE_YEAR  # 0 = whole year, else 1..4

    @property
    def start(self) -> dt.date:
        month = 1 if self.quarter == WHOLE_YEAR else 3 * self.quarter - 2
        return dt.date(self.year, month, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter in (WHOLE_YEAR, 4):
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    def params(self) -> dict[str, dt.date]:
        """The period as SQL named parameters."""
        return {"start": self.start, "end": self.end}

    def previous_quarter(self) -> Period:
        """The quarter before (a whole year's previous quarter is the year's third quarter)."""
        if self.quarter == WHOLE_YEAR:
            return Period(self.year, 3)
        return Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)


def figures_as_of(period: Period, data_as_of: dt.date | None) -> dt.date:
    """The date a period's figures are as of: its end, or the data date when the data stop within the period."""
    return period.end if data_as_of is None else min(period.end, data_as_of)


def programme_scope(programme_id: str) -> str:
    """The scope key of a programme's own records."""
    return PROGRAMME_PREFIX + programme_id


def programme_of_scope(scope: str) -> str | None:
    """The programme id of a programme scope key, None for a territory."""
    return scope.removeprefix(PROGRAMME_PREFIX) if scope.startswith(PROGRAMME_PREFIX) else None


def scope_params(scope: str, period: Period | None = None) -> dict[str, object]:
    """SQL named parameters of a scope (and a period): `$scope`, `$start`, `$end`."""
    return {"scope": scope, **(period.params() if period is not None else {})}
