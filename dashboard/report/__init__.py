"""The COPIL presentation and the quarterly report: what they show (`content`), the COPIL screens (`screens`),
the PDF / PNG bundle / XLSX (`documents`), frozen snapshots (`snapshots`) and the command line (`cli`).

One `ReportContent` feeds the COPIL screens, the PDF, the PNG bundle and the XLSX, built from the same core
functions as the pages (never a figure computed another way), and a snapshot stores exactly that content.
"""
