"""Writers of the audit report: JSON (canonical), CSV (one row per finding), Markdown, SARIF 2.1.0."""

from ghprov.audit.export.csv_export import render_csv
from ghprov.audit.export.json_export import render_json
from ghprov.audit.export.markdown_export import render_markdown
from ghprov.audit.export.sarif_export import render_sarif

__all__ = ["render_csv", "render_json", "render_markdown", "render_sarif"]
