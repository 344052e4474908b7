"""Sections of the detection page: settings, the proposals' table, the decision (acting on what the user saw, not
on what a rerun recomputed) and the maps."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.artisanat.tables import table_bytes
from dashboard.charts.maps import proposals_map
from dashboard.codes import FlowFamily, ParticipantRole, SynergyStatus, SynergyType
from dashboard.detection import DEFAULT_MIN_COMPANIES, StaleProposalError, accept_proposal, dismiss_proposal
from dashboard.detection.explain import fmt_distance
from dashboard.detection.preview import (
    DEFAULT_MIN_SCORE,
    DEFAULT_RADIUS_KM,
    DetectionPreview,
    created_synergy,
    proposal_segments,
    proposal_to_act_on,
    segments_bounds,
)
from dashboard.detection.proposals import Proposal
from dashboard.geography.shapes import commune_shapes
from dashboard.geography.territories import Territory
from dashboard.i18n import fmt_int, fmt_percent, label, t
from dashboard.imports.export import ExportSource
from dashboard.limits import MAX_TEXT_CHARS
from dashboard.report.naming import file_stem
from dashboard.ui.auth import current_actor
from dashboard.ui.cache import cached, cached_drawn_figure, get_database, invalidate_data_cache
from dashboard.ui.charts import chart
from dashboard.ui.lazy import is_open, lazy_expander, lazy_tabs
from dashboard.ui.page import PageContext
from dashboard.ui.plotly_config import MAP_PLOTLY_CONFIG
from dashboard.ui.text import md_escape
from dashboard.ui.widgets import flow_family_filter

# Session entry holding the key of the proposal displayed when Accepter or Écarter was clicked.
DISPLAYED_KEY = "detect.displayed_key"
FLASH_KEY = "detect.flash"  # message of the last accept/dismiss, shown after the rerun

RADIUS_KM = (1, 50, DEFAULT_RADIUS_KM)  # slider min, max, default (chosen in dashboard.detection.preview)
MIN_SCORE_PERCENT = round(DEFAULT_MIN_SCORE * 100)
GROUP_SIZE = (2, 20)  # mutualisation: a pair is already a group; beyond 20 the slider is of no use
MAP_PROPOSALS = 100  # best proposals drawn on the map: more lines would hide each other
NAMES_LISTED = 3  # companies named in the table's column before "et n autres"
# Proposals listed in the table and the pick-list: 1 200 proposals of a territory weighed 730 kB at every run (the
# table's explanations, the pick-list's texts) for a list read from the top; the rest are downloaded (CSV).
LISTED = 200
TABLE_HEIGHT_PX = 320  # about eight rows: the list scrolls, the decision section stays in view
ZOOM_HEIGHT_PX = 520  # the zoom on the selected proposal, beside its explanation
# The zoom is drawn on demand: the overview already shows the selected proposal in black, and a second map is the
# page's largest drawing after the first. Once opened it stays open (its state is kept under this key) and follows
# the pick-list.
ZOOM_KEY = "detect.zoom.open"
# The list of proposals and the overview map are two lazy tabs, the list first: it is what the page is opened for,
# and the map was half of the browser's work on arrival (benches/bench_pages_browser.py, « CPU nav. »). The
# decision section stays under both, so a proposal can be chosen and decided from either.
SECTIONS_KEY = "detect.sections"


@dataclass(frozen=True)
class DetectionSettings:
    radius_km: int
    min_score_percent: int
    min_companies: int


def _remember_displayed(key: str) -> None:
    st.session_state[DISPLAYED_KEY] = key


def decision_button(label: str, displayed_key: str, **options: object) -> bool:
    """A button that remembers, at click time, the key of the proposal shown beside it: the rerun that follows
    may recompute the list (another tab accepted it meanwhile), and must then act on that key or refuse."""
    return st.button(label, on_click=_remember_displayed, args=(displayed_key,), **options)


def clicked_key(default: str) -> str:
    """The key displayed when a decision button was clicked (then forgotten), else `default`."""
    return str(st.session_state.pop(DISPLAYED_KEY, default))


def company_names(preview: DetectionPreview) -> dict[str, str]:
    """Company names by id, neighbours across the territory's boundary marked « hors territoire »."""
    companies = preview.companies
    return {
        company_id: name if inside else t("detection.outside_name", name=name)
        for company_id, name, inside in zip(
            companies["company_id"], companies["name"], companies["in_territory"], strict=True
        )
    }


def companies_text(ids: tuple[str, ...], synergy_type: str, names: dict[str, str]) -> str:
    shown = [names.get(c, c) for c in ids]
    if synergy_type == SynergyType.SUBSTITUTION.value:
        return " → ".join(shown)
    text = ", ".join(shown[:NAMES_LISTED])
    if len(shown) > NAMES_LISTED:
        text = t("detection.mutualisation.members_more", names=text, more=fmt_int(len(shown) - NAMES_LISTED))
    return text


def show_flash() -> bool:
    """The message of the decision taken before the last rerun, if any."""
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash is not None:
        st.success(flash)
    return flash is not None


def settings() -> DetectionSettings:
    radius_col, score_col, size_col = st.columns(3)
    with radius_col:
        low, high, default = RADIUS_KM
        radius = st.slider(t("detect.radius"), low, high, default, help=t("detect.radius.help"), key="detect.radius")
    with score_col:
        min_score = st.slider(
            t("detect.min_score"),
            0,
            100,
            MIN_SCORE_PERCENT,
            step=5,
            format="%d %%",
            help=t("detect.min_score.help"),
            key="detect.min_score",
        )
    with size_col:
        min_companies = st.slider(
            t("detect.min_companies"), GROUP_SIZE[0], GROUP_SIZE[1], DEFAULT_MIN_COMPANIES, key="detect.min_companies"
        )
    return DetectionSettings(int(radius), int(min_score), int(min_companies))


def type_and_family_filters(preview: DetectionPreview) -> tuple[list[SynergyType], list[FlowFamily]]:
    substitution_col, mutualisation_col, family_col = st.columns([1, 1, 3], vertical_alignment="bottom")
    chosen_types = {}
    for kind, column in ((SynergyType.SUBSTITUTION, substitution_col), (SynergyType.MUTUALISATION, mutualisation_col)):
        with column:
            chosen_types[kind] = st.checkbox(
                t(f"detect.type.{kind.value}"), value=True, key=f"detect.type.{kind.value}"
            )
    with family_col:
        families = flow_family_filter(
            "detect.families", set(preview.proposals["family"].dropna()), key="detect.families"
        )
    return [kind for kind, chosen in chosen_types.items() if chosen], families


def show_counts(preview: DetectionPreview, shown: pd.DataFrame, territory: Territory) -> None:
    st.caption(
        t(
            "detect.intro",
            companies=fmt_int(int(preview.companies["in_territory"].sum())),
            territory=md_escape(territory.name),
            flows=fmt_int(preview.flow_count),
        )
    )
    total = preview.proposals
    kinds = total["synergy_type"]
    count = t(
        "detect.count",
        shown=fmt_int(len(shown)),
        total=fmt_int(len(total)),
        subs=fmt_int(int((kinds == SynergyType.SUBSTITUTION.value).sum())),
        muts=fmt_int(int((kinds == SynergyType.MUTUALISATION.value).sum())),
    )
    st.markdown(f"**{count}**")


def proposals_frame(shown: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The proposals as the table shows them, with French headers (screen and download alike)."""
    return pd.DataFrame(
        {
            t("detect.col.score"): [fmt_percent(score) for score in shown["score"]],
            t("detect.col.title"): list(shown["title"]),
            t("detect.col.companies"): [
                companies_text(ids, kind, names)
                for ids, kind in zip(shown["company_ids"], shown["synergy_type"], strict=True)
            ],
            t("detect.col.distance"): [fmt_distance(round(d, 1)) for d in shown["distance_km"]],
            t("detect.col.explanation"): list(shown["explanation"]),
        }
    )


def proposal_tabs() -> tuple[DeltaGenerator, DeltaGenerator]:
    """The « Liste des pistes » and « Carte des pistes » tabs; only the open one is to be drawn (`is_open`)."""
    list_tab, map_tab = lazy_tabs([t("detect.tab.list"), t("detect.tab.map")], key=SECTIONS_KEY)
    return list_tab, map_tab


def proposals_table(page: PageContext, shown: pd.DataFrame, names: dict[str, str]) -> None:
    """The best `LISTED` proposals on screen; every proposal shown by the filters in the download."""
    st.subheader(t("detect.section.table"))
    widths = {"detect.col.score": "small", "detect.col.title": "medium", "detect.col.companies": "medium",
              "detect.col.distance": "small", "detect.col.explanation": "large"}  # fmt: skip
    st.dataframe(
        proposals_frame(shown.head(LISTED), names),
        hide_index=True,
        width="stretch",
        height=TABLE_HEIGHT_PX,
        column_config={t(key): st.column_config.TextColumn(width=width) for key, width in widths.items()},
    )
    st.caption(t("detect.table.caption"))
    if len(shown) > LISTED:
        st.caption(t("detect.table.listed", listed=fmt_int(LISTED), total=fmt_int(len(shown))))
    source = ExportSource(data_as_of=page.info.data_as_of, territory=page.territory.name, origin=t("detect.source"),
                          is_demo=page.is_demo())  # fmt: skip
    st.download_button(
        t("detect.table.download", total=fmt_int(len(shown))),
        # Written when clicked: the whole list is what the screen no longer sends.
        lambda: table_bytes(proposals_frame(shown, names), "csv", t("detect.table.sheet"), source),
        file_name=f"{file_stem(t('detect.table.sheet'), page.territory.name, None)}.csv",
        mime="text/csv",
        key="detect.download",
        icon=":material/download:",
        on_click="ignore",
    )


def choose_proposal(shown: pd.DataFrame, names: dict[str, str]) -> str:
    """The pick-list of the proposals listed in the table (the best `LISTED`): its options are sent to the browser
    at every run, as the table's rows."""
    st.subheader(t("detect.section.decide"))
    shown = shown.head(LISTED)
    # Every option's text built in one pass over the columns (a DataFrame lookup per option and field was a fifth
    # of the page's server time).
    texts = {
        key: t("detection.choose.option", score=fmt_percent(score), title=title,
               companies=companies_text(company_ids, synergy_type, names))
        for key, score, title, company_ids, synergy_type in zip(
            shown["proposal_key"], shown["score"], shown["title"], shown["company_ids"], shown["synergy_type"],
            strict=True,
        )
    }  # fmt: skip
    return st.selectbox(t("detect.choose"), list(texts), format_func=texts.__getitem__, key="detect.proposal")


def decision(preview: DetectionPreview, proposal: Proposal, names: dict[str, str], territory: Territory) -> None:
    """The selected proposal's explanation and the Accepter / Écarter buttons; acts on a click."""
    selected_key = proposal.proposal_key
    st.markdown(md_escape(proposal.explanation))
    participants = ", ".join(
        t("map.participant", name=names.get(company_id, company_id), role=label(ParticipantRole(role)).lower())
        for company_id, role in proposal.participants
    )
    st.markdown(t("detect.participants", names=md_escape(participants)))
    accepted = decision_button(
        t("detect.accept"), selected_key, type="primary", help=t("detect.accept.help"), key="detect.accept"
    )
    comment = st.text_input(
        t("detect.dismiss.comment"), placeholder=t("detect.dismiss.comment.placeholder"), key="detect.comment",
        max_chars=MAX_TEXT_CHARS,  # the browser stops typing there; the core refuses longer (dashboard.limits)
    )  # fmt: skip
    dismissed = decision_button(t("detect.dismiss"), selected_key, help=t("detect.dismiss.help"), key="detect.dismiss")
    if accepted or dismissed:
        _act(preview, selected_key, accepted=accepted, comment=comment, territory=territory)


def _act(preview: DetectionPreview, selected_key: str, *, accepted: bool, comment: str, territory: Territory) -> None:
    db = get_database()
    try:
        # The proposal displayed when the button was clicked, by its stable key: never the one a rerun put in
        # its place (accepted meanwhile from another tab); the transaction checks the key again.
        proposal = proposal_to_act_on(preview, clicked_key(selected_key))
        if accepted:
            synergy_id = accept_proposal(db, proposal, territory_id=territory.territory_id, actor=current_actor())
            created = created_synergy(db, synergy_id)
            assert created is not None  # just written in the transaction above
            message = t(
                "detect.accepted",
                title=md_escape(created.title),
                type=label(created.synergy_type).lower(),
                status=label(SynergyStatus(created.status)).lower(),
                participants=md_escape(
                    ", ".join(
                        t("map.participant", name=name, role=label(ParticipantRole(role)).lower())
                        for _, name, role in created.participants
                    )
                ),
            )
        else:
            dismiss_proposal(
                db,
                proposal.proposal_key,
                comment.strip() or None,
                actor=current_actor(),
                company_ids=[c for c, _ in proposal.participants],
                territory_id=territory.territory_id,
            )
            message = t("detect.dismissed", title=md_escape(proposal.title))
    except StaleProposalError as error:
        invalidate_data_cache()  # the list changed: show the current one
        st.session_state.pop("detect.proposal", None)
        st.error(t("detect.error", error=error))
    except ValueError as error:
        st.error(t("detect.error", error=error))
    else:
        invalidate_data_cache()
        st.session_state[FLASH_KEY] = message
        # the decided proposal is gone: start again from the best one, with an empty comment
        st.session_state.pop("detect.proposal", None)
        st.session_state.pop("detect.comment", None)
        st.rerun()


def show_maps(
    page: PageContext,
    preview: DetectionPreview,
    shown: pd.DataFrame,
    selected_key: str,
    radius_km: int,
    *,
    overview_slot: DeltaGenerator,
    zoom_slot: DeltaGenerator,
) -> None:
    """The best proposals on the territory's map (with the selected one) in `overview_slot` when it is open (a lazy
    tab), and, on demand, a zoom on the selected one."""
    with zoom_slot:
        zoom = lazy_expander(t("detect.zoom.open"), key=ZOOM_KEY, icon=":material/zoom_in:")
    if not is_open(overview_slot) and not is_open(zoom):
        return  # neither map drawn: nothing of theirs computed (the boundaries, the segments) at each run
    on_map = shown.head(MAP_PROPOSALS)
    if selected_key not in set(on_map["proposal_key"]):
        on_map = pd.concat([on_map, shown[shown["proposal_key"] == selected_key]], ignore_index=True)
    segments = proposal_segments(on_map, preview.companies)  # partners across the boundary included
    own_companies = preview.companies[preview.companies["in_territory"]]  # the map's "entreprises du territoire"
    context = page.chart_context(t("detect.source"), period_text=t("detect.map.period", radius=fmt_int(radius_km)))
    shapes = cached(commune_shapes, page.territory.territory_id)
    counts = {kind: int((on_map["synergy_type"] == kind.value).sum()) for kind in SynergyType}
    if is_open(overview_slot):
        with overview_slot:
            chart(
                cached_drawn_figure(
                    proposals_map, segments, own_companies, shapes, context, counts=counts, selected_key=selected_key
                ),
                "detect.map",
                config=MAP_PLOTLY_CONFIG,
            )
            st.caption(t("detect.map.caption", count=fmt_int(len(on_map))))
    if not is_open(zoom):
        return
    selected_segments = segments[segments["proposal_key"] == selected_key]
    with zoom:
        chart(
            cached_drawn_figure(
                proposals_map,
                selected_segments,
                own_companies,
                shapes,
                context,
                counts={},
                selected_key=selected_key,
                focus=segments_bounds(selected_segments),
                title=t("map.proposals.selected_title"),
                height=ZOOM_HEIGHT_PX,
                legend_below=True,
            ),
            "detect.zoom",
            config=MAP_PLOTLY_CONFIG,
        )
