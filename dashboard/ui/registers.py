"""The "Entreprises et diagnostics" page's pieces (pages/entreprises.py lays them out): filters, the three registers
as tables, the flow nomenclature, the Sankey of flows and the company sheet."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import ChartContext
from dashboard.charts.synergies import flow_sankey_figure
from dashboard.codes import (
    DiagnosticKind,
    Direction,
    FlowFamily,
    Frequency,
    ParticipantRole,
    SectorFamily,
    SizeBand,
    SynergyStatus,
    SynergyType,
)
from dashboard.eit import registers
from dashboard.eit.registers import RegisterFilters
from dashboard.i18n import fmt_date, fmt_int, fmt_number, label, t
from dashboard.imports.export import export_bytes, export_file_name
from dashboard.ui.auth import current_actor
from dashboard.ui.cache import cached, cached_drawn_figure, get_database, memo
from dashboard.ui.charts import chart
from dashboard.ui.lazy import is_open, lazy_expander
from dashboard.ui.navigation import page_link
from dashboard.ui.page import cell_date
from dashboard.ui.text import md_escape

SANKEY_KEY = "registers.sankey.open"  # the Sankey's section under the registers, open or not (dashboard.ui.lazy)
SHEET_KEY = "registers.sheet.open"  # the company sheet's section

# Chargés de mission see company names; COPIL mode calls the same core functions with show_names=False.
SHOW_COMPANY_NAMES = True
ALL = "__all__"  # select-box value meaning "no filter"
INDENT = "\u2003"  # an em space per tree level in the category picker and the nomenclature table


def _quantity(quantity: float) -> str:
    if pd.isna(quantity):
        return "–"
    return fmt_number(quantity, 0 if float(quantity).is_integer() else 1)


def show_filters(options: dict[str, list[object]], nomenclature: pd.DataFrame) -> RegisterFilters:
    depth = dict(zip(nomenclature["category_code"], nomenclature["depth"], strict=True))
    names = dict(zip(nomenclature["category_code"], nomenclature["label"], strict=True))
    ordered = [code for code in nomenclature["category_code"] if code in set(options["categories"])]
    with st.container(border=True):
        first = st.columns([2, 3, 1])
        sectors = first[0].multiselect(
            t("registers.filter.sector"),
            options["sectors"],
            format_func=lambda code: label(SectorFamily(code)),
            key="registers.filter.sector",
            placeholder=t("registers.filter.any"),
        )
        categories = first[1].multiselect(
            t("registers.filter.category"),
            ordered,
            format_func=lambda code: INDENT * depth[code] + names[code],
            key="registers.filter.category",
            placeholder=t("registers.filter.any"),
            help=t("registers.filter.category.help"),
        )
        direction = first[2].selectbox(
            t("registers.filter.direction"),
            [ALL, *[d.value for d in Direction]],
            format_func=lambda code: t("registers.filter.all") if code == ALL else label(Direction(code)),
            key="registers.filter.direction",
        )
        second = st.columns([2, 1, 3])
        kinds = second[0].multiselect(
            t("registers.filter.kind"),
            options["kinds"],
            format_func=lambda code: label(DiagnosticKind(code)),
            key="registers.filter.kind",
            placeholder=t("registers.filter.any"),
        )
        year = second[1].selectbox(
            t("registers.filter.year"),
            [ALL, *options["years"]],
            format_func=lambda value: t("registers.filter.all_years") if value == ALL else str(value),
            key="registers.filter.year",
        )
        search = second[2].text_input(
            t("registers.filter.search"), key="registers.filter.search", placeholder=t("registers.filter.search.hint")
        )
    return RegisterFilters(
        sector_families=tuple(sectors),
        categories=tuple(categories),
        direction=None if direction == ALL else direction,
        diagnostic_kinds=tuple(kinds),
        year=None if year == ALL else int(year),
        search=search,
    )


def companies_table(companies: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("registers.col.name"): companies["name"],
            t("registers.col.sector"): [label(SectorFamily(v)) for v in companies["sector_family"]],
            t("registers.col.naf"): companies["naf_code"].fillna("–"),
            t("registers.col.size"): [label(SizeBand(v)) for v in companies["size_band"]],
            t("registers.col.commune"): companies["commune"],
            t("registers.col.diagnostics"): companies["diagnostics"],
            t("registers.col.last_diagnostic"): [fmt_date(cell_date(d)) for d in companies["last_diagnostic"]],
            t("registers.col.flows_in"): companies["flows_in"],
            t("registers.col.flows_out"): companies["flows_out"],
            t("registers.col.synergies"): companies["synergies"],
            t("registers.col.coordinates"): [
                "–" if pd.isna(lon) else f"{fmt_number(lat, 4)} ; {fmt_number(lon, 4)}"
                for lat, lon in zip(companies["latitude"], companies["longitude"], strict=True)
            ],
        }
    )


def diagnostics_table(diagnostics: pd.DataFrame, with_company: bool = True) -> pd.DataFrame:
    table = {
        t("registers.col.date"): [fmt_date(cell_date(d)) for d in diagnostics["diagnostic_date"]],
        t("registers.col.kind"): [label(DiagnosticKind(v)) for v in diagnostics["kind"]],
        t("registers.col.programme"): diagnostics["programme"].fillna("–"),
        t("registers.col.advisor"): diagnostics["advisor"].fillna("–"),
        t("registers.col.flows"): diagnostics["flows"],
    }
    if with_company:
        table = {t("registers.col.name"): diagnostics["company"], **table}
    return pd.DataFrame(table)


def flows_table(flows: pd.DataFrame, with_company: bool = True) -> pd.DataFrame:
    table = {
        t("registers.col.direction"): [label(Direction(v)) for v in flows["direction"]],
        t("registers.col.category"): flows["category"],
        t("registers.col.family"): [label(FlowFamily(v)) for v in flows["family"]],
        t("registers.col.description"): flows["description"].fillna(""),
        t("registers.col.quantity"): [_quantity(q) for q in flows["quantity"]],
        t("registers.col.unit"): flows["unit"].fillna("–"),
        t("registers.col.frequency"): [label(Frequency(v)) for v in flows["frequency"]],
        t("registers.col.date"): [fmt_date(cell_date(d)) for d in flows["diagnostic_date"]],
    }
    if with_company:
        table = {t("registers.col.name"): flows["company"], **table}
    return pd.DataFrame(table)


def show_reference() -> None:
    nomenclature = cached(registers.nomenclature)
    compatibility = cached(registers.compatibility)
    st.markdown(t("registers.reference.intro"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('registers.reference.nomenclature', count=fmt_int(len(nomenclature)))}**")
        st.dataframe(
            pd.DataFrame(
                {
                    t("registers.reference.col.label"): [
                        INDENT * depth + name
                        for depth, name in zip(nomenclature["depth"], nomenclature["label"], strict=True)
                    ],
                    t("registers.reference.col.code"): nomenclature["category_code"],
                    t("registers.col.family"): [label(FlowFamily(v)) for v in nomenclature["family"]],
                    t("registers.reference.col.unit"): nomenclature["default_unit"].fillna("–"),
                    t("registers.reference.col.ewc"): nomenclature["ewc_chapter"].fillna("–"),
                }
            ),
            hide_index=True,
            width="stretch",
            height=420,
        )
        st.download_button(
            t("registers.reference.download.nomenclature"),
            # written when clicked, not at every load; the whole nomenclature: no territory, no period
            lambda: export_bytes(get_database(), "flow_categories", "csv"),
            file_name=export_file_name("flow_categories", "csv", None, None),
            mime="text/csv",
            key="registers.reference.download.nomenclature",
            on_click="ignore",
        )
    with right:
        st.markdown(f"**{t('registers.reference.compatibility', count=fmt_int(len(compatibility)))}**")
        st.dataframe(
            pd.DataFrame(
                {
                    t("registers.reference.col.output"): compatibility["output_label"],
                    t("registers.reference.col.input"): compatibility["input_label"],
                    t("registers.reference.col.note"): compatibility["note"].fillna(""),
                    t("registers.reference.col.source"): compatibility["source"],
                }
            ),
            hide_index=True,
            width="stretch",
            height=420,
        )
        st.download_button(
            t("registers.reference.download.compatibility"),
            lambda: export_bytes(get_database(), "flow_compatibility", "csv"),
            file_name=export_file_name("flow_compatibility", "csv", None, None),
            mime="text/csv",
            key="registers.reference.download.compatibility",
            on_click="ignore",
        )
    page_link("pages/donnees.py", t("registers.reference.import"), ":material/upload_file:")


def show_sankey(flows: pd.DataFrame, context: ChartContext) -> None:
    measure = st.radio(
        t("registers.sankey.measure"),
        ["flow_count", "tonnes_per_year"],
        format_func=lambda value: t(f"registers.sankey.measure.{value}"),
        horizontal=True,
        key="registers.sankey.measure",
    )
    totals = memo(registers.flow_totals, flows)
    chart(cached_drawn_figure(flow_sankey_figure, totals, measure, context), "entreprises.sankey")
    if measure == "tonnes_per_year" and not totals.empty:
        st.caption(
            t(
                "registers.sankey.caption.tonnes",
                mass=fmt_int(totals["mass_flows"].sum()),
                total=fmt_int(totals["flow_count"].sum()),
            )
        )
    else:
        st.caption(t("registers.sankey.caption.count"))


def show_sheet(territory_id: str, companies: pd.DataFrame) -> None:
    names = dict(zip(companies["company_id"], companies["name"], strict=True))
    chosen = st.selectbox(
        t("registers.sheet.choose"), list(names), format_func=names.__getitem__, key="registers.sheet.company"
    )
    sheet = cached(registers.company_sheet, territory_id, chosen, SHOW_COMPANY_NAMES, current_actor())
    if sheet is None:
        return
    company = sheet.company
    lines = [
        t(
            "registers.sheet.sector",
            sector=label(SectorFamily(company["sector_family"])),
            naf=company["naf_code"] or "–",
        ),
        t("registers.sheet.size", size=label(SizeBand(company["size_band"]))),
        t("registers.sheet.commune", commune=company["commune"]),
    ]
    if isinstance(company["business_park"], str):
        lines.append(t("registers.sheet.park", park=md_escape(company["business_park"])))  # imported text
    if isinstance(company["siret"], str):
        lines.append(t("registers.sheet.siret", siret=md_escape(company["siret"])))
    if bool(company["is_demo"]):
        lines.append(t("registers.sheet.demo"))
    st.markdown("  \n".join(lines))
    st.markdown(f"**{t('registers.sheet.diagnostics', count=fmt_int(len(sheet.diagnostics)))}**")
    if sheet.diagnostics.empty:
        st.caption(t("registers.sheet.none"))
    else:
        st.dataframe(diagnostics_table(sheet.diagnostics, with_company=False), hide_index=True, width="stretch")
    st.markdown(f"**{t('registers.sheet.flows', count=fmt_int(len(sheet.flows)))}**")
    if sheet.flows.empty:
        st.caption(t("registers.sheet.none"))
    else:
        st.dataframe(flows_table(sheet.flows, with_company=False), hide_index=True, width="stretch")
    st.markdown(f"**{t('registers.sheet.synergies', count=fmt_int(len(sheet.synergies)))}**")
    if sheet.synergies.empty:
        st.caption(t("registers.sheet.none"))
    else:
        synergies = sheet.synergies
        st.dataframe(
            pd.DataFrame(
                {
                    t("synergies.col.title"): synergies["title"],
                    t("synergies.col.type"): [label(SynergyType(v)) for v in synergies["synergy_type"]],
                    t("registers.sheet.col.role"): [label(ParticipantRole(v)) for v in synergies["role"]],
                    t("synergies.col.status"): [label(SynergyStatus(v)) for v in synergies["status"]],
                    t("synergies.col.since"): [fmt_date(cell_date(d)) for d in synergies["status_date"]],
                    t("registers.sheet.col.partners"): synergies["partners"].fillna("–"),
                }
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(t("registers.sheet.synergies.caption"))
        page_link("pages/synergies.py", t("registers.sheet.link.synergies"), ":material/share:")


def show_flows_and_sheet(
    territory_id: str, flows: pd.DataFrame, companies: pd.DataFrame, context: ChartContext
) -> None:
    """The Sankey of the flows and a company's sheet, below the registers' table: two sections opened on demand
    and run only once open (dashboard.ui.lazy). The Sankey alone cost the browser more than the rest of the page
    (Plotly lays a Sankey out in the browser), for a chart below the fold at arrival."""
    sankey = lazy_expander(t("registers.section.sankey"), key=SANKEY_KEY, icon=":material/account_tree:")
    if is_open(sankey):
        with sankey:
            show_sankey(flows, context)
    sheet = lazy_expander(t("registers.section.sheet"), key=SHEET_KEY, icon=":material/domain:")
    if is_open(sheet):
        with sheet:
            if companies.empty:
                st.info(t("registers.filter.none"))
            else:
                show_sheet(territory_id, companies)
