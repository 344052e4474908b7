"""Détection de synergies: the engine's proposals for the territory, with a map preview; accept or dismiss.

Accepting creates an identified synergy with its participants (dashboard.detection.accept_proposal);
dismissing remembers the proposal (never proposed again). Both write in one transaction, then the data cache
is forgotten so that every page re-reads.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts.maps import proposals_map
from dashboard.codes import FlowFamily, ParticipantRole, SynergyStatus, SynergyType
from dashboard.detection import DEFAULT_MIN_COMPANIES, StaleProposalError, accept_proposal, dismiss_proposal
from dashboard.detection.explain import fmt_distance
from dashboard.detection.preview import (
    DEFAULT_MIN_SCORE,
    DEFAULT_RADIUS_KM,
    created_synergy,
    detection_preview,
    filter_proposals,
    proposal_for_key,
    proposal_segments,
    proposal_to_act_on,
    segments_bounds,
)
from dashboard.geography.shapes import commune_shapes
from dashboard.i18n import fmt_int, fmt_percent, label, t
from dashboard.ui.auth import current_actor
from dashboard.ui.cache import cached, get_database, invalidate_data_cache
from dashboard.ui.charts import chart
from dashboard.ui.detection import clicked_key, company_names, decision_button
from dashboard.ui.navigation import page_link
from dashboard.ui.page import open_page
from dashboard.ui.plotly_config import MAP_PLOTLY_CONFIG
from dashboard.ui.text import md_escape

RADIUS_KM = (1, 50, DEFAULT_RADIUS_KM)  # slider min, max, default (chosen in dashboard.detection.preview)
MIN_SCORE_PERCENT = round(DEFAULT_MIN_SCORE * 100)
GROUP_SIZE = (2, 20)  # mutualisation: a pair is already a group; beyond 20 the slider is of no use
MAP_PROPOSALS = 100  # best proposals drawn on the map: more lines would hide each other
NAMES_LISTED = 3  # companies named in the table's column before "et n autres"
TABLE_HEIGHT_PX = 320  # about eight rows: the list scrolls, the decision section stays in view
ZOOM_HEIGHT_PX = 520  # the zoom on the selected proposal, beside its explanation
ZOOM_WIDTH_PX = 500  # its plot area in a half-width column, legend below
FLASH_KEY = "detect.flash"  # message of the last accept/dismiss, shown after the rerun


def companies_text(ids: tuple[str, ...], synergy_type: str, names: dict[str, str]) -> str:
    shown = [names.get(c, c) for c in ids]
    if synergy_type == SynergyType.SUBSTITUTION.value:
        return " → ".join(shown)
    text = ", ".join(shown[:NAMES_LISTED])
    if len(shown) > NAMES_LISTED:
        text = t("detection.mutualisation.members_more", names=text, more=fmt_int(len(shown) - NAMES_LISTED))
    return text


page = open_page("detect.empty_db")

territory, period = page.territory, page.period
info = page.info
flash = st.session_state.pop(FLASH_KEY, None)
if flash is not None:
    st.success(flash)
    page_link("pages/synergies.py", t("detect.link.synergies"), ":material/hub:")

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

preview = cached(detection_preview, territory.territory_id, float(radius), int(min_companies), current_actor())
if preview.flow_count == 0:
    st.info(t("detect.no_flow", territory=md_escape(territory.name)))
    st.stop()

substitution_col, mutualisation_col, family_col = st.columns([1, 1, 3], vertical_alignment="bottom")
chosen_types = {}
for kind, column in ((SynergyType.SUBSTITUTION, substitution_col), (SynergyType.MUTUALISATION, mutualisation_col)):
    with column:
        chosen_types[kind] = st.checkbox(t(f"detect.type.{kind.value}"), value=True, key=f"detect.type.{kind.value}")
types = [kind for kind, chosen in chosen_types.items() if chosen]
with family_col:
    present = set(preview.proposals["family"].dropna())
    families = st.multiselect(
        t("detect.families"),
        [family for family in FlowFamily if family.value in present],
        format_func=label,
        placeholder=t("detect.families.placeholder"),
        key="detect.families",
    )
st.caption(
    t(
        "detect.intro",
        companies=fmt_int(int(preview.companies["in_territory"].sum())),
        territory=md_escape(territory.name),
        flows=fmt_int(preview.flow_count),
    )
)

shown = filter_proposals(preview.proposals, types=types, families=families, min_score=min_score / 100)
total = preview.proposals
st.markdown(
    "**"
    + t(
        "detect.count",
        shown=fmt_int(len(shown)),
        total=fmt_int(len(total)),
        subs=fmt_int(int((total["synergy_type"] == SynergyType.SUBSTITUTION.value).sum())),
        muts=fmt_int(int((total["synergy_type"] == SynergyType.MUTUALISATION.value).sum())),
    )
    + "**"
)
if shown.empty:
    st.info(t("detect.none"))
    st.stop()

st.caption(t("detection.outside_caption"))
names = company_names(preview)
kinds = dict(zip(shown["proposal_key"], shown["synergy_type"], strict=True))
ids_of = dict(zip(shown["proposal_key"], shown["company_ids"], strict=True))
map_slot = st.container()

st.subheader(t("detect.section.table"))
table = pd.DataFrame(
    {
        t("detect.col.score"): [fmt_percent(score) for score in shown["score"]],
        t("detect.col.title"): shown["title"],
        t("detect.col.companies"): [
            companies_text(ids, kind, names)
            for ids, kind in zip(shown["company_ids"], shown["synergy_type"], strict=True)
        ],
        t("detect.col.distance"): [fmt_distance(round(d, 1)) for d in shown["distance_km"]],
        t("detect.col.explanation"): shown["explanation"],
    }
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=TABLE_HEIGHT_PX,
    column_config={
        t("detect.col.score"): st.column_config.TextColumn(width="small"),
        t("detect.col.title"): st.column_config.TextColumn(width="medium"),
        t("detect.col.companies"): st.column_config.TextColumn(width="medium"),
        t("detect.col.distance"): st.column_config.TextColumn(width="small"),
        t("detect.col.explanation"): st.column_config.TextColumn(width="large"),
    },
)
st.caption(t("detect.table.caption"))

st.subheader(t("detect.section.decide"))
titles = dict(zip(shown["proposal_key"], shown["title"], strict=True))
scores = dict(zip(shown["proposal_key"], shown["score"], strict=True))
selected_key = st.selectbox(
    t("detect.choose"),
    list(shown["proposal_key"]),
    format_func=lambda key: t(
        "detection.choose.option",
        score=fmt_percent(scores[key]),
        title=titles[key],
        companies=companies_text(ids_of[key], kinds[key], names),
    ),
    key="detect.proposal",
)
proposal = proposal_for_key(preview, selected_key)
decide_col, zoom_col = st.columns(2)
with decide_col:
    st.markdown(md_escape(proposal.explanation))  # company and category names are user text
    st.markdown(
        t(
            "detect.participants",
            names=", ".join(
                t(
                    "map.participant",
                    name=md_escape(names.get(company_id, company_id)),
                    role=label(ParticipantRole(role)).lower(),
                )
                for company_id, role in proposal.participants
            ),
        )
    )
    accepted = decision_button(
        t("detect.accept"), selected_key, type="primary", help=t("detect.accept.help"), key="detect.accept"
    )
    comment = st.text_input(
        t("detect.dismiss.comment"), placeholder=t("detect.dismiss.comment.placeholder"), key="detect.comment"
    )
    dismissed = decision_button(t("detect.dismiss"), selected_key, help=t("detect.dismiss.help"), key="detect.dismiss")

if accepted or dismissed:
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
                title=created.title,
                type=label(created.synergy_type).lower(),
                status=label(SynergyStatus(created.status)).lower(),
                participants=", ".join(
                    t("map.participant", name=name, role=label(ParticipantRole(role)).lower())
                    for _, name, role in created.participants
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
            message = t("detect.dismissed", title=proposal.title)
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

on_map = shown.head(MAP_PROPOSALS)
if selected_key not in set(on_map["proposal_key"]):
    on_map = pd.concat([on_map, shown[shown["proposal_key"] == selected_key]], ignore_index=True)
segments = proposal_segments(on_map, preview.companies)  # partners across the boundary included
own_companies = preview.companies[preview.companies["in_territory"]]  # the map's "entreprises du territoire"
context = page.chart_context(
    t("detect.source"),
    period_text=t("detect.map.period", radius=fmt_int(radius)),
)
shapes = cached(commune_shapes, territory.territory_id)
counts = {kind: int((on_map["synergy_type"] == kind.value).sum()) for kind in SynergyType}
with map_slot:
    chart(
        proposals_map(segments, own_companies, shapes, context, counts=counts, selected_key=selected_key),
        "detect.map",
        config=MAP_PLOTLY_CONFIG,
    )
    st.caption(t("detect.map.caption", count=fmt_int(len(on_map))))
selected_segments = segments[segments["proposal_key"] == selected_key]
with zoom_col:
    chart(
        proposals_map(
            selected_segments,
            own_companies,
            shapes,
            context,
            counts={},
            selected_key=selected_key,
            focus=segments_bounds(selected_segments),
            title=t("map.proposals.selected_title"),
            height=ZOOM_HEIGHT_PX,
            width_px=ZOOM_WIDTH_PX,
            legend_below=True,
        ),
        "detect.zoom",
        config=MAP_PLOTLY_CONFIG,
    )
