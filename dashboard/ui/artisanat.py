"""The artisan observatory page's tabs (pages/artisanat.py lays them out): profile, map, comparison, ranking and
"who to visit", each from one `ArtisanView` (the territory, year, measure, family and secrecy threshold chosen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.artisanat import statistics as artisanat
from dashboard.artisanat import targeting
from dashboard.artisanat.formatting import (
    DENSITY_DECIMALS,
    RATIO_DECIMALS,
    family_label,
    format_value,
    measure_label,
    shown_text,
)
from dashboard.artisanat.secrecy import SECRET_MARK
from dashboard.artisanat.statistics import MEASURES, RATIOS, TOTAL, Figure, Indicator, Masked
from dashboard.artisanat.tables import export_table, screen_table, table_bytes
from dashboard.charts import ChartContext
from dashboard.charts.artisanat import (
    commune_map_figure,
    comparison_figure,
    family_breakdown_figure,
    ranking_figure,
    ranking_frame,
    time_series_figure,
)
from dashboard.codes import EmployeesBand, OwnerAgeBand, SectorFamily
from dashboard.geography import shapes
from dashboard.geography.territories import Territory
from dashboard.i18n import fmt_date, fmt_int, fmt_signed, label, t
from dashboard.imports.export import ExportSource, template_file_name, to_bytes
from dashboard.report.naming import file_stem
from dashboard.scope import Period
from dashboard.ui.auth import current_actor
from dashboard.ui.cache import cached, cached_drawn_figure, get_database, invalidate_data_cache, memo
from dashboard.ui.charts import chart
from dashboard.ui.lazy import is_open, keep_choices, kept_choice, kept_selection, lazy_expander
from dashboard.ui.navigation import page_link
from dashboard.ui.plotly_config import MAP_PLOTLY_CONFIG
from dashboard.ui.text import md_escape

# The key numbers of the profile, in reading order (two rows of four cards).
KPI_MEASURES: tuple[str, ...] = (
    Figure.ESTABLISHMENTS,
    Figure.CREATIONS,
    Figure.CLOSURES,
    Indicator.NET_BALANCE,
    Indicator.DENSITY,
    Indicator.CREATION_RATE,
    Indicator.SHARE_55_PLUS,
    Figure.EMPLOYEES,
)
# Columns of the tables on screen (the exports carry every measure).
TABLE_MEASURES: tuple[str, ...] = (
    Figure.ESTABLISHMENTS,
    Figure.CREATIONS,
    Figure.CLOSURES,
    Indicator.NET_BALANCE,
    Indicator.DENSITY,
    Indicator.CREATION_RATE,
    Indicator.CLOSURE_RATE,
    Indicator.SHARE_55_PLUS,
    Indicator.SHARE_WOMEN,
    Figure.EMPLOYEES,
)
FAMILIES_DETAIL_KEY = "artisanat.families.detail.open"  # the profile's full tables (dashboard.ui.lazy)
SERIES_DETAIL_KEY = "artisanat.series.detail.open"
THRESHOLD_MAX = 10  # a higher threshold would hide nearly every commune of a rural territory
RECENT_YEARS_DEFAULT = 2  # "recent creations": created in the last two years by default
# The widgets of the comparison and « Qui visiter ? » tabs, kept while another tab is open (dashboard.ui.lazy).
COMPARISON_CHOICES = ("artisanat.references",)
TARGETING_SHOW_KEY = "targeting.show"
TARGETING_CHOICES = ("targeting.perimeter", "targeting.families", "targeting.owners_55", "targeting.reusable",
                     "targeting.categories", "targeting.recent", "targeting.recent_years", TARGETING_SHOW_KEY)  # fmt: skip


# Download label and content type of each table format.
TABLE_FORMATS = {
    "csv": ("artisanat.page.download.csv", "text/csv"),
    "xlsx": ("artisanat.page.download.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def table_download(
    frame: pd.DataFrame, stem: str, key: str, file_format: str, source: ExportSource | None = None
) -> None:
    """One download of a table (French headers, "s" in hidden cells, `source` inside) as CSV or XLSX."""
    label_key, mime = TABLE_FORMATS[file_format]
    st.download_button(
        t(label_key),
        # Written only when clicked: building every table's XLSX on each run was most of the page's server time.
        lambda: table_bytes(frame, file_format, stem.split("_", 1)[0], source),  # sheet: what, e.g. artisanat-familles
        file_name=f"{stem}.{file_format}",
        mime=mime,
        key=f"{key}.{file_format}",
        icon=":material/download:",
        on_click="ignore",
    )


def download_buttons(
    frame: pd.DataFrame, what: str, key: str, view: ArtisanView, period_text: str | None = None
) -> None:
    """CSV and XLSX downloads of a table as shown, side by side: named what_territory_year (the year unless
    `period_text` says the table spans several), with the territory, period, source and data date inside."""
    stem = file_stem(what, view.territory.name, None if period_text else Period(view.year))
    context = view.context(period_text or str(view.year))
    source = ExportSource(
        data_as_of=context.data_as_of,
        territory=context.territory,
        period=context.period,
        origin=context.source,
        is_demo=context.is_demo,
    )
    left, right, _ = st.columns([1, 1, 4])
    with left:
        table_download(frame, stem, key, "csv", source)
    with right:
        table_download(frame, stem, key, "xlsx", source)


def change_text(key: artisanat.KeyFigures, family: str, measure: str, years: int) -> str:
    """'+12 (+1,0 %)' for counts, '+0,4 pt' for ratios (points of percentage), 's' when hidden, '–' when unknown."""
    change = key.change_1y if years == 1 else key.change_5y
    hidden = key.change_1y_mask if years == 1 else key.change_5y_mask
    relative = key.relative_1y if years == 1 else key.relative_5y
    if bool(hidden.loc[family, measure]):
        return SECRET_MARK
    value = change.loc[family, measure]
    if pd.isna(value):
        return t("artisanat.page.kpi.no_change")
    if measure in RATIOS:
        return t("artisanat.page.kpi.points", change=fmt_signed(value * 100, RATIO_DECIMALS))
    if measure == Indicator.DENSITY:
        return fmt_signed(value, DENSITY_DECIMALS)
    text = fmt_signed(value)
    ratio = relative.loc[family, measure]
    if measure in artisanat.FIGURES and not pd.isna(ratio):
        return t("artisanat.page.kpi.change_relative", change=text, relative=format_value("relative_1y", ratio))
    return text


@dataclass(frozen=True)
class ArtisanView:
    """What the page's controls chose, shared by every tab."""

    territory: Territory
    year: int  # the statistics year shown (the selected one, else the nearest with statistics)
    years: list[int]  # every year with statistics
    measure: str
    family: str
    threshold: int  # statistical secrecy: counts below it are hidden
    secret_note: str
    key: artisanat.KeyFigures
    communes: Masked
    info: object  # metrics.DatasetInfo
    context: Callable[[str], ChartContext]  # a chart's caption for a period text
    commune_labels: dict[str, str]

    @property
    def territory_id(self) -> str:
        return self.territory.territory_id


def show_profile(view: ArtisanView) -> None:
    """Key figures with their one- and five-year changes (the families and the series have their own tabs: a chart
    and a table drawn under the cards on every arrival cost the browser as much as the rest of the page)."""
    family, secret_note, key = view.family, view.secret_note, view.key
    # The change under the number is the card's delta (grey, without an arrow) where it was a caption of its own:
    # eight elements fewer to draw on arrival (issue 16, fast pages).
    for row_start in (0, 4):
        for column, kpi in zip(st.columns(4), KPI_MEASURES[row_start : row_start + 4], strict=True):
            with column:
                hidden = bool(key.mask.loc[family, kpi])
                value = key.current.loc[family, kpi]
                st.metric(
                    t(f"artisanat.page.kpi.label.{kpi}") if kpi == Indicator.DENSITY else measure_label(kpi),
                    shown_text(kpi, None if pd.isna(value) else float(value), hidden),
                    delta=t(
                        "artisanat.page.kpi.change",
                        one=change_text(key, family, kpi, 1),
                        five=change_text(key, family, kpi, artisanat.LONG_CHANGE_YEARS),
                    ),
                    delta_color="off",
                    delta_arrow="off",
                    help=t(f"artisanat.help.{kpi}"),
                    border=True,
                )
    st.caption(secret_note)


def show_families(view: ArtisanView) -> None:
    """The measure by family (chart and the three counts), the full table and its downloads on demand."""
    year, measure, key, context = view.year, view.measure, view.key, view.context
    left, right = st.columns([3, 2])
    with left:
        chart(cached_drawn_figure(family_breakdown_figure, key, measure, context(str(year))), "artisanat.families")
    family_masked = Masked(
        key.current.reset_index(names="sector_family").assign(family=lambda f: f["sector_family"].map(family_label)),
        key.mask.reset_index(drop=True),
    )
    with right:
        st.dataframe(
            memo(screen_table, family_masked, TABLE_MEASURES[:3], {"family": t("artisanat.page.table.family")}),
            hide_index=True,
            width="stretch",
        )
    # The full tables and their downloads are drawn once opened (dashboard.ui.lazy): two more tables and four
    # buttons on the first screen of the page otherwise.
    families_detail = lazy_expander(t("artisanat.page.families.section") + f" ({year})", key=FAMILIES_DETAIL_KEY)
    if is_open(families_detail):
        with families_detail:
            _families_detail(view, family_masked)


def show_series(view: ArtisanView) -> None:
    """The series of the measure by family over every year with statistics, its table on demand."""
    series = cached(artisanat.time_series_read, view.territory_id, view.threshold)
    series_period = t("artisanat.page.period.series", first=view.years[0], last=view.years[-1])
    chart(
        cached_drawn_figure(time_series_figure, series, view.measure, view.context(series_period)), "artisanat.series"
    )
    series_detail = lazy_expander(t("artisanat.page.series.table"), key=SERIES_DETAIL_KEY)
    if is_open(series_detail):
        with series_detail:
            _series_detail(view, series, series_period)


def _families_detail(view: ArtisanView, family_masked: Masked) -> None:
    st.dataframe(
        memo(screen_table, family_masked, TABLE_MEASURES, {"family": t("artisanat.page.table.family")}),
        hide_index=True,
        width="stretch",
    )
    download_buttons(
        memo(export_table, family_masked, MEASURES, {"family": t("artisanat.page.table.family")}),
        "artisanat-familles",
        "artisanat.download.families",
        view,
    )


def _series_detail(view: ArtisanView, series: Masked, series_period: str) -> None:
    series_labels = {"year": t("artisanat.page.table.year"), "family": t("artisanat.page.table.family")}
    series_shown = Masked(series.values.assign(family=series.values["sector_family"].map(family_label)), series.mask)
    st.dataframe(memo(screen_table, series_shown, TABLE_MEASURES, series_labels), hide_index=True, width="stretch")
    download_buttons(
        memo(export_table, series_shown, MEASURES, series_labels),
        "artisanat-serie",
        "artisanat.download.series",
        view,
        series_period,
    )


def show_map(view: ArtisanView) -> None:
    """The commune map of the measure, and the commune table."""
    territory_id, year, measure, family, secret_note, communes, commune_labels, context = (
        view.territory_id,
        view.year,
        view.measure,
        view.family,
        view.secret_note,
        view.communes,
        view.commune_labels,
        view.context,
    )
    geojson = cached(shapes.commune_shapes, territory_id)
    map_context = context(f"{year} · {family_label(family)}")
    chart(cached_drawn_figure(commune_map_figure, communes, geojson, measure, map_context, year=year), "artisanat.map",
          config=MAP_PLOTLY_CONFIG)  # fmt: skip
    st.caption(t("artisanat.page.map.caption", count=fmt_int(len(communes.values))) + " " + secret_note)
    with st.expander(t("artisanat.page.map.table")):
        st.dataframe(memo(screen_table, communes, TABLE_MEASURES, commune_labels), hide_index=True, width="stretch")
        download_buttons(
            memo(export_table, communes, [*MEASURES, "change_1y", "relative_1y"], commune_labels),
            "artisanat-communes",
            "artisanat.download.communes",
            view,
        )


def comparison_drawn(tab: DeltaGenerator) -> bool:
    """Whether to draw the comparison tab: when open; its choice of territories is kept while it is not."""
    return keep_choices(COMPARISON_CHOICES, drawn=is_open(tab))


def show_comparison(view: ArtisanView) -> None:
    """The territory beside its EPCI, department, region (and France when covered)."""
    territory_id, year, measure, family, threshold, secret_note, context = (
        view.territory_id,
        view.year,
        view.measure,
        view.family,
        view.threshold,
        view.secret_note,
        view.context,
    )
    references = cached(artisanat.reference_territories, territory_id)
    if not references:
        st.info(t("artisanat.page.comparison.none"))
    else:
        names = cached(artisanat.territory_names, tuple(references))
        chosen = st.multiselect(
            t("artisanat.page.comparison.references"),
            references,
            default=kept_selection("artisanat.references", references, references, scope=territory_id),
            format_func=lambda tid: str(names.get(tid, tid)),
            help=t("artisanat.page.comparison.help"),
            placeholder=t("targeting.placeholder"),
            key="artisanat.references",
        )
        compared = cached(artisanat.comparison_read, (territory_id, *chosen), year, family, threshold)
        chart(cached_drawn_figure(comparison_figure, compared, measure, context(f"{year}"), family=family),
              "artisanat.comparison")  # fmt: skip
        comparison_labels = {"name": t("artisanat.page.table.territory"),
                             "population": t("artisanat.page.table.population")}  # fmt: skip
        st.dataframe(memo(screen_table, compared, TABLE_MEASURES, comparison_labels), hide_index=True, width="stretch")
        st.caption(secret_note)
        download_buttons(
            memo(export_table, compared, MEASURES, comparison_labels),
            "artisanat-comparaison",
            "artisanat.download.comparison",
            view,
        )


def show_ranking(view: ArtisanView) -> None:
    """The communes ranked by the measure."""
    year, measure, family, secret_note, communes, commune_labels, context = (
        view.year,
        view.measure,
        view.family,
        view.secret_note,
        view.communes,
        view.commune_labels,
        view.context,
    )
    chart(
        cached_drawn_figure(ranking_figure, communes, measure, context(f"{year} · {family_label(family)}"), year=year),
        "artisanat.ranking",
    )
    st.caption(t("artisanat.page.ranking.caption") + " " + secret_note)
    ordered = ranking_frame(communes, measure)
    ranked = Masked(ordered.reset_index(drop=True), communes.mask.loc[ordered.index].reset_index(drop=True))
    ranking_labels = {"rank": t("artisanat.page.table.rank"), **commune_labels}
    shown = memo(screen_table, ranked, [measure], ranking_labels)
    shown[t("artisanat.page.table.rank")] = [fmt_int(r) if pd.notna(r) else "" for r in ordered["rank"]]
    st.dataframe(shown, hide_index=True, width="stretch")
    download_buttons(
        memo(export_table, ranked, [measure], ranking_labels),
        "artisanat-classement",
        "artisanat.download.ranking",
        view,
    )


def targeting_drawn(tab: DeltaGenerator) -> bool:
    """Whether to draw « Qui visiter ? »: when open, and while its list is shown, so that the rows picked in it
    (a selection Streamlit cannot give back to a new table) survive a look at another tab; its criteria are kept
    while it is not drawn. "Shown" is the toggle as drawn in the previous run: its kept value would keep the tab
    drawn hidden for good once the toggle is no longer drawn (no list, or back from another page, where the
    picked rows are gone anyway); it is given back to the toggle when the tab is opened."""
    shown = bool(st.session_state.get(TARGETING_SHOW_KEY, False))
    return keep_choices(TARGETING_CHOICES, drawn=is_open(tab) or shown)


def show_targeting(view: ArtisanView) -> None:
    """« Qui visiter ? »: register establishments by criteria, handed over to the company table."""
    territory, territory_id, info = view.territory, view.territory_id, view.info
    db = get_database()
    if not cached(targeting.has_register):
        st.info(t("targeting.no_register"))
        page_link("pages/donnees.py", t("home.link.data"), ":material/upload_file:")
    else:
        as_of: dt.date = cached(targeting.register_as_of)
        if info.data_as_of is not None:
            as_of = min(as_of, info.data_as_of)
        st.caption(t("targeting.intro", date=fmt_date(as_of)))
        parks = cached(targeting.perimeters)
        perimeter_names = {
            territory_id: territory.name,
            **dict(parks[["territory_id", "name"]].itertuples(index=False)),
        }
        criteria_left, criteria_right = st.columns(2)
        with criteria_left:
            perimeter_ids = list(perimeter_names)
            kept_perimeter = kept_choice("targeting.perimeter", territory_id)
            perimeter = st.selectbox(
                t("targeting.perimeter"),
                perimeter_ids,
                index=perimeter_ids.index(kept_perimeter) if kept_perimeter in perimeter_ids else 0,
                format_func=perimeter_names.__getitem__,
                help=t("targeting.perimeter.help"),
                key="targeting.perimeter",
            )
            family_codes = [f.value for f in artisanat.ARTISAN_FAMILIES]
            families = st.multiselect(
                t("targeting.families"),
                family_codes,
                default=kept_selection("targeting.families", family_codes, []),
                format_func=lambda f: label(f, SectorFamily),
                placeholder=t("targeting.placeholder"),
                key="targeting.families",
            )
            owners_55 = st.checkbox(
                t("targeting.owners_55"), value=kept_choice("targeting.owners_55", False), key="targeting.owners_55"
            )
        with criteria_right:
            reusable = st.checkbox(
                t("targeting.reusable"),
                value=kept_choice("targeting.reusable", False),
                help=t("targeting.reusable.help"),
                key="targeting.reusable",
            )
            category_names = cached(targeting.category_labels)
            category_codes = list(targeting.mapped_categories())
            categories = st.multiselect(
                t("targeting.categories"),
                category_codes,
                default=kept_selection("targeting.categories", category_codes, []),
                format_func=lambda c: category_names.get(c, c),
                disabled=not reusable,
                placeholder=t("targeting.placeholder"),
                key="targeting.categories",
            )
            recent = st.checkbox(
                t("targeting.recent"), value=kept_choice("targeting.recent", False), key="targeting.recent"
            )
            recent_years = st.number_input(
                t("targeting.recent_years"),
                min_value=1,
                max_value=10,
                value=kept_choice("targeting.recent_years", RECENT_YEARS_DEFAULT),
                disabled=not recent,
                key="targeting.recent_years",
            )
        criteria = targeting.Criteria(
            perimeter_id=perimeter,
            as_of=as_of,
            families=tuple(families),
            reusable_flows=reusable,
            flow_categories=tuple(categories) if reusable else (),
            owners_55_plus=owners_55,
            created_since=as_of.replace(year=as_of.year - int(recent_years)) if recent else None,
        )
        listing = cached(targeting.candidates, criteria, current_actor())
        if not cached(targeting.covers, perimeter):
            st.info(t("targeting.no_register_here", territory=md_escape(perimeter_names[perimeter])))
        elif listing.empty:
            st.info(t("targeting.none"))
        else:
            count_key = "targeting.count_one" if len(listing) == 1 else "targeting.count"
            st.markdown(f"**{t(count_key, count=fmt_int(len(listing)))}**")
            unfiltered = criteria == targeting.Criteria(perimeter_id=territory_id, as_of=as_of)
            stock_hidden = bool(view.key.mask.loc[TOTAL, Figure.ESTABLISHMENTS])
            if unfiltered and not stock_hidden and as_of != dt.date(view.year - 1, 12, 31):
                # the profile counts the stock on 1 January; the list, what is open at the register's date
                st.caption(
                    t(
                        "targeting.count_vs_profile",
                        date=fmt_date(as_of),
                        year=view.year,
                        stock=fmt_int(view.key.current.loc[TOTAL, Figure.ESTABLISHMENTS]),
                    )
                )
            show = st.toggle(
                t("targeting.show_list"),
                value=kept_choice(TARGETING_SHOW_KEY, False),
                help=t("targeting.show_list.help"),
                key=TARGETING_SHOW_KEY,
            )
            if show:
                sectors = targeting.sector_summary(listing)
                st.subheader(t("targeting.sectors"))
                st.dataframe(
                    pd.DataFrame(
                        {
                            t("targeting.col.sector"): sectors["sector_label"],
                            t("targeting.col.family"): sectors["sector_family"].map(lambda f: label(f, SectorFamily)),
                            t("targeting.col.establishments"): sectors["establishments"].map(fmt_int),
                            t("targeting.col.owners_55"): sectors["owners_55_plus"].map(fmt_int),
                            t("targeting.col.flows"): sectors["flows"],
                        }
                    ),
                    hide_index=True,
                    width="stretch",
                )
                shown_list = pd.DataFrame(
                    {
                        t("targeting.col.id"): listing["establishment_id"],
                        t("targeting.col.sector"): listing["sector_label"],
                        t("targeting.col.naf"): listing["naf_code"],
                        t("targeting.col.commune"): listing["commune_name"],
                        t("targeting.col.created"): listing["creation_date"].map(fmt_date),
                        t("targeting.col.employees"): listing["employees_band"].map(lambda b: label(b, EmployeesBand)),
                        t("targeting.col.owner_age"): listing["owner_age_band"].map(
                            lambda b: label(b, OwnerAgeBand) if isinstance(b, str) else "–"
                        ),
                        t("targeting.col.flows"): listing["flows"],
                        t("targeting.col.reasons"): listing["reasons"],
                        t("targeting.col.handed_over"): listing["handed_over"].map({True: "oui", False: "non"}),
                    }
                )
                event = st.dataframe(
                    shown_list,
                    hide_index=True,
                    width="stretch",
                    on_select="rerun",
                    selection_mode="multi-row",
                    key="targeting.list",
                )
                st.caption(t("targeting.list.caption"))
                picked = list(event.selection.rows) if event is not None else []
                chosen_rows = listing.iloc[picked] if picked else listing
                stem = file_stem("qui-visiter", perimeter_names[perimeter], None)
                demo = view.context("").is_demo
                list_source = ExportSource(data_as_of=as_of, territory=perimeter_names[perimeter], is_demo=demo)
                list_csv, list_xlsx, template, right = st.columns([1, 1, 2, 2])
                with list_csv:
                    table_download(shown_list, stem, "targeting.download.list", "csv", list_source)
                with list_xlsx:
                    table_download(shown_list, stem, "targeting.download.list", "xlsx", list_source)
                with template:
                    st.download_button(
                        t("targeting.download.template"),
                        to_bytes({"companies": targeting.companies_template(chosen_rows)}, "csv"),
                        file_name=template_file_name("companies"),
                        mime="text/csv",
                        help=t("targeting.download.template.help"),
                        key="targeting.download.template",
                        icon=":material/download:",
                    )
                with right:
                    if st.button(
                        t("targeting.handover", count=fmt_int(len(chosen_rows))),
                        help=t("targeting.handover.help"),
                        key="targeting.handover",
                        type="primary",
                    ):
                        done = targeting.hand_over(db, list(chosen_rows["establishment_id"]), current_actor())
                        invalidate_data_cache()
                        st.session_state["targeting.handover.result"] = done
                result = st.session_state.get("targeting.handover.result")
                if isinstance(result, targeting.HandOver):
                    st.success(
                        t(
                            "targeting.handover.done",
                            added=fmt_int(len(result.added)),
                            skipped=fmt_int(len(result.skipped)),
                        )
                    )
