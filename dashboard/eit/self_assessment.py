"""Self-assessment (ASSETT-style, seed 003): what the territory sees of its actors' questionnaires.

An actor (company, association) answers a questionnaire now and then and gets a score out of 5 per theme
(Énergie; Déchets et économie circulaire; Eau, agriculture, biodiversité; Mobilité) and on average, with a level
label. The territory sees the aggregate only, never one actor's answers:

- an actor's *theme score* is 5 × points earned / points possible on that theme's questions (view
  `sa_theme_score`); its *average* is the mean of its theme scores, as in the seed's "Votre moyenne 1,8/5";
- the territory's figures use each actor's *latest* response submitted by the end of the period (one actor, one
  voice, whatever the number of times it answered), and, for progress, its *first* response: the change is
  computed on the actors who answered at least twice;
- an aggregate of fewer than MIN_RESPONDENTS actors is masked (same reasoning as statistical secrecy: an average
  of one or two actors gives their answers away).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.codes import SelfAssessmentTheme
from dashboard.db import Database

# An aggregate of one or two actors would reveal their own scores; 3 is the usual business-statistics rule.
MIN_RESPONDENTS = 3
SCORE_MAX = 5.0  # scores are out of 5, as in the ASSETT prototype (seed 003)


@dataclass(frozen=True)
class Questionnaire:
    questionnaire_id: str
    title: str
    version: str
    responses: int  # responses in scope by the end of the period


@dataclass(frozen=True)
class SelfAssessmentSummary:
    """The territory's aggregate for one questionnaire, up to the end of the period."""

    questionnaire: Questionnaire
    respondents: int  # actors with at least one response
    responses: int
    repeat_respondents: int  # actors with at least two responses (progress is measured on them)
    average: float | None  # mean of the actors' latest averages; None when masked
    level: str | None  # level label of that mean
    # theme_code, label, latest (mean of latest theme scores), first and latest_repeat (means over the repeat
    # respondents), change (latest_repeat - first); NaN where masked
    themes: pd.DataFrame
    levels: pd.DataFrame  # min_score, label, actors (latest average within the level's band); empty when masked
    yearly: (
        pd.DataFrame
    )  # year, theme_code, label, score, respondents: responses submitted that year; masked years dropped

    @property
    def masked(self) -> bool:
        return self.respondents < MIN_RESPONDENTS

    @property
    def progress_masked(self) -> bool:
        return self.repeat_respondents < MIN_RESPONDENTS


# Responses of the scope's actors (scope layer: dashboard.scope), submitted by the end of the period.
_RESPONSES_IN_SCOPE = """
    SELECT r.response_id, r.company_id, r.questionnaire_id, r.submitted_on
    FROM sa_response r
    WHERE r.response_id IN (SELECT response_id FROM scope_sa_responses($scope)) AND r.submitted_on <= $period_end
"""


def questionnaires(db: Database, territory_id: str, period_end: dt.date) -> list[Questionnaire]:
    """Questionnaires answered in the territory by `period_end`, the most answered first."""
    rows = db.query_rows(
        f"""
        WITH responses AS ({_RESPONSES_IN_SCOPE})
        SELECT q.questionnaire_id, q.title, q.version, q.published_on, count(*) AS responses
        FROM responses r JOIN sa_questionnaire q ON q.questionnaire_id = r.questionnaire_id
        GROUP BY ALL
        ORDER BY responses DESC, q.published_on DESC, q.questionnaire_id
        """,
        {"scope": territory_id, "period_end": period_end},
    )
    return [Questionnaire(str(qid), str(title), str(version), int(n)) for qid, title, version, _, n in rows]


def _theme_scores(db: Database, territory_id: str, questionnaire_id: str, period_end: dt.date) -> pd.DataFrame:
    """One row per (response, theme) with the response's rank for its actor (1 = first, and from the end)."""
    return db.query_df(
        f"""
        WITH responses AS ({_RESPONSES_IN_SCOPE}),
        ranked AS (
            SELECT response_id, company_id, submitted_on,
                   row_number() OVER (PARTITION BY company_id ORDER BY submitted_on, response_id) AS rank_first,
                   row_number() OVER (PARTITION BY company_id ORDER BY submitted_on DESC, response_id DESC)
                       AS rank_last,
                   count(*) OVER (PARTITION BY company_id) AS answered
            FROM responses WHERE questionnaire_id = $questionnaire
        )
        SELECT k.response_id, k.company_id, k.submitted_on, k.rank_first, k.rank_last, k.answered,
               s.theme_code, s.score
        FROM ranked k JOIN sa_theme_score s ON s.response_id = k.response_id
        ORDER BY k.company_id, k.submitted_on, s.theme_code
        """,
        {"scope": territory_id, "period_end": period_end, "questionnaire": questionnaire_id},
    )


def _levels(db: Database, questionnaire_id: str) -> pd.DataFrame:
    return db.query_df(
        "SELECT min_score, label FROM sa_level WHERE questionnaire_id = $q ORDER BY min_score",
        {"q": questionnaire_id},
    )


def _theme_labels(db: Database, questionnaire_id: str) -> pd.Series:
    """Theme labels in the canonical order of SelfAssessmentTheme (then any other theme, alphabetically)."""
    frame = db.query_df("SELECT theme_code, label FROM sa_theme WHERE questionnaire_id = $q", {"q": questionnaire_id})
    order = {theme.value: index for index, theme in enumerate(SelfAssessmentTheme)}
    frame = frame.assign(order=frame["theme_code"].map(order).fillna(len(order))).sort_values(["order", "theme_code"])
    return pd.Series(frame["label"].to_numpy(), index=frame["theme_code"].to_numpy(), name="label")


def level_of(score: float, levels: pd.DataFrame) -> str | None:
    """The label of the highest level whose minimum the score reaches."""
    reached = levels[levels["min_score"] <= score + 1e-9]
    return None if reached.empty else str(reached["label"].iloc[-1])


def summary(
    db: Database, territory_id: str, period_end: dt.date, questionnaire_id: str | None = None
) -> SelfAssessmentSummary | None:
    """The aggregate for the territory, or None when nobody there answered a questionnaire by `period_end`."""
    answered = questionnaires(db, territory_id, period_end)
    if questionnaire_id is not None:
        answered = [q for q in answered if q.questionnaire_id == questionnaire_id]
    if not answered:
        return None
    questionnaire = answered[0]
    scores = _theme_scores(db, territory_id, questionnaire.questionnaire_id, period_end)
    labels = _theme_labels(db, questionnaire.questionnaire_id)
    levels = _levels(db, questionnaire.questionnaire_id)

    latest = scores[scores["rank_last"] == 1]
    repeat = scores[scores["answered"] >= 2]
    respondents = int(scores["company_id"].nunique())
    repeat_respondents = int(repeat["company_id"].nunique())
    masked = respondents < MIN_RESPONDENTS
    progress_masked = repeat_respondents < MIN_RESPONDENTS

    themes = pd.DataFrame({"theme_code": labels.index, "label": labels.to_numpy()})
    latest_by_theme = latest.groupby("theme_code")["score"].mean()
    first_by_theme = repeat[repeat["rank_first"] == 1].groupby("theme_code")["score"].mean()
    latest_repeat_by_theme = repeat[repeat["rank_last"] == 1].groupby("theme_code")["score"].mean()
    nan = float("nan")
    themes["latest"] = nan if masked else themes["theme_code"].map(latest_by_theme)
    themes["first"] = nan if progress_masked else themes["theme_code"].map(first_by_theme)
    themes["latest_repeat"] = nan if progress_masked else themes["theme_code"].map(latest_repeat_by_theme)
    themes["change"] = themes["latest_repeat"] - themes["first"]

    # An actor's average is the mean of its theme scores; the territory's is the mean over actors.
    actor_average = latest.groupby("company_id")["score"].mean()
    average = None if masked else float(actor_average.mean())
    if masked:
        level_counts = levels.iloc[0:0].assign(actors=pd.Series(dtype="int64"))
    else:
        actor_levels = actor_average.map(lambda score: level_of(score, levels))
        level_counts = levels.assign(actors=levels["label"].map(actor_levels.value_counts()).fillna(0).astype("int64"))

    yearly = scores.assign(year=pd.to_datetime(scores["submitted_on"]).dt.year)
    yearly = (
        yearly.groupby(["year", "theme_code"])
        .agg(score=("score", "mean"), respondents=("company_id", "nunique"))
        .reset_index()
    )
    yearly = yearly[yearly["respondents"] >= MIN_RESPONDENTS]
    theme_order = {code: index for index, code in enumerate(labels.index)}
    yearly = (
        yearly.assign(label=yearly["theme_code"].map(labels), order=yearly["theme_code"].map(theme_order))
        .sort_values(["order", "year"])
        .reset_index(drop=True)
    )

    return SelfAssessmentSummary(
        questionnaire=questionnaire,
        respondents=respondents,
        responses=int(scores["response_id"].nunique()),
        repeat_respondents=repeat_respondents,
        average=average,
        level=None if average is None else level_of(average, levels),
        themes=themes,
        levels=level_counts,
        yearly=yearly[["year", "theme_code", "label", "score", "respondents"]],
    )
