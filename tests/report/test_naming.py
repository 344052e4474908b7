"""French file names: what, territory or programme, period."""

from dashboard.report.naming import file_stem
from dashboard.scope import Period


def test_file_stem_says_what_where_when() -> None:
    assert (
        file_stem("Synergies : entonnoir", "Communauté d'agglomération Territoires Vendômois", Period(2026, 3))
        == "synergies-entonnoir_ca-territoires-vendomois_2026-T3"
    )
    assert file_stem("Objectifs", "PIICTO – Démarche EIT de la plateforme", Period(2022)) == "objectifs_piicto_2022"
    assert file_stem("Carte", "Troo", Period(2025, 1)) == "carte_troo_2025-T1"
