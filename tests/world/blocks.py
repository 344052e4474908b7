"""Test database files in small blocks.

DuckDB gives every index of a file buffers of at least one block (256 KB by default): the test world, a few hundred
rows in 45 tables with their keys, took 23 MB, nearly all of it index blocks. The files the tests build once and
copy for each test (tests/conftest.py, tests/world/files.py) are made with 16 KB blocks instead: the world is then
1,6 MB (its build 0,27 s of CPU against 0,38 s), so that each copy costs about fourteen times less. The dashboard
opens them as it opens any file (the block size is in the file's header); its own files keep DuckDB's default.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

TEST_BLOCK_SIZE = 16_384  # DuckDB's smallest block size


def small_block_file(path: Path) -> Path:
    """`path` created as an empty DuckDB file with TEST_BLOCK_SIZE blocks (Database(path) then gives it the schema).
    A file that already exists keeps its own block size."""
    duckdb.connect(str(path), config={"default_block_size": str(TEST_BLOCK_SIZE)}).close()
    return path
