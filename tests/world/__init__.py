"""Small hand-built datasets shared by the core tests (imported by test modules, never the other way round)."""
