"""Former name of the registers part of the test world, kept for the one browser test that still imports it
(tests/browser/test_pgstore_browser.py, edited by another session): use tests/world/build.py."""

from tests.world.build import REGISTER_COMPANIES as COMPANIES
from tests.world.build import insert_registers_part as insert_eit_records

__all__ = ["COMPANIES", "insert_eit_records"]
