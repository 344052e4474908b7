"""Entering and correcting records in the interface: one rule set with the imports, history, versions, archive.

- `entities`: what an editable record is made of (its import template and the parts saved with it).
- `checks`: a form's values validated by the import's own validation, problems mapped to fields.
- `store`: create / edit / archive / unarchive / restore, each one transaction with its history row and a
  version check (optimistic concurrency), and the history and versions of a record.
"""
