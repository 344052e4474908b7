"""The test world: one small frozen world shared by the core tests (its records and hand counts: README.md)."""
