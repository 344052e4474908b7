"""Auto-évaluation des acteurs: the territory's aggregate of the actors' self-assessment questionnaires."""

from __future__ import annotations

import streamlit as st

from dashboard.artisanat.secrecy import SECRET_MARK
from dashboard.eit import self_assessment
from dashboard.eit.self_assessment import MIN_RESPONDENTS
from dashboard.i18n import fmt_date, fmt_int, t
from dashboard.ui.autoevaluation import progress_text, score_text, show_views
from dashboard.ui.cache import cached, get_database
from dashboard.ui.navigation import page_link
from dashboard.ui.page import open_page
from dashboard.ui.record_sections import self_assessment_section
from dashboard.ui.text import md_escape

page = open_page("sa.empty_db")

territory, period = page.territory, page.period
info = page.info
as_of = page.as_of

answered = cached(self_assessment.questionnaires, territory.territory_id, as_of)
if not answered:
    st.info(t("sa.none", territory=md_escape(territory.name), date=fmt_date(as_of)))
    page_link("pages/donnees.py", t("home.link.data"), ":material/upload_file:")
    st.stop()

questionnaire_id = answered[0].questionnaire_id
if len(answered) > 1:
    options = {q.questionnaire_id: q for q in answered}
    questionnaire_id = st.selectbox(
        t("sa.questionnaire"),
        list(options),
        format_func=lambda qid: t(
            "sa.questionnaire.option",
            title=options[qid].title,
            version=options[qid].version,
            responses=fmt_int(options[qid].responses),
        ),
        key="sa.questionnaire",
    )
summary = cached(self_assessment.summary, territory.territory_id, as_of, questionnaire_id)
assert summary is not None  # the questionnaire was answered in scope: see the list above
st.caption(t("sa.intro", date=fmt_date(as_of)))

respondents, average, progress = st.columns(3)
with respondents:
    st.metric(
        t("sa.kpi.respondents"),
        fmt_int(summary.respondents),
        help=t("sa.kpi.respondents.help"),
        border=True,
    )
    st.caption(t("sa.kpi.responses", count=fmt_int(summary.responses)))
with average:
    shown = SECRET_MARK if summary.average is None else t("sa.kpi.score", score=score_text(summary.average))
    st.metric(t("sa.kpi.average"), shown, help=t("sa.kpi.average.help"), border=True)
    if summary.level is not None:
        st.caption(t("sa.kpi.level", level=summary.level))
    else:
        st.caption(t("sa.masked", minimum=fmt_int(MIN_RESPONDENTS)))
with progress:
    if summary.progress_masked:
        st.metric(t("sa.kpi.progress"), SECRET_MARK, help=t("sa.kpi.progress.help"), border=True)
        st.caption(t("sa.progress_masked", minimum=fmt_int(MIN_RESPONDENTS)))
    else:
        mean_change = float(summary.themes["change"].mean())
        st.metric(
            t("sa.kpi.progress"),
            progress_text(mean_change),
            help=t("sa.kpi.progress.help"),
            border=True,
        )
        st.caption(t("sa.kpi.progress.count", count=fmt_int(summary.repeat_respondents)))

show_views(summary, page.chart_context(t("sa.source")))
self_assessment_section(get_database(), territory.territory_id, questionnaire_id)
