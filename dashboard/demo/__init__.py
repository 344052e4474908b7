"""The demo database: real figures of the source documents plus generated, fictitious company-level records."""
