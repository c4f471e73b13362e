"""A check report in the format asked for: the text for people, the report's tables, or JSON.

The command line only parses, calls this and writes what it returns. Machine formats
(csv, tsv, jsonl, and json of the findings alone) keep their output parseable, so the
notice that a check is not advice goes beside them, to standard error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingredients.check.check_report import DEFAULT_ROW_COLUMNS, NOTICE, CheckReport
from ingredients.render.check_text import report_text
from ingredients.render.output import is_machine_format, render_document, render_table


@dataclass
class ReportOutput:
    chunks: list[str]
    # The notice, when it is not in the output itself.
    aside: str | None = None
    # Columns a table left out to fit the width, to be said.
    left_out: list[str] = field(default_factory=list)


def _findings_records(report: CheckReport, columns: Sequence[str] | None, fmt: str) -> list[str]:
    """The same records as in the whole document: a finding's ingredients as a list."""
    shown = report.findings_table().select(columns).columns
    records = [{key: record[key] for key in shown} for record in (f.record() for f in report.findings)]
    if fmt == "json":
        return [render_document(records, "json")]
    return [render_document(record, "jsonl") for record in records]


def _findings_section(
    report: CheckReport, fmt: str, headers: bool, width: int | None, output: ReportOutput
) -> None:
    """Below the items' table: the findings' table, or that there are none."""
    output.chunks.append("\n")
    if not report.findings:
        output.chunks.append("Findings: none.\n")
        return
    output.chunks.append("Findings\n")
    output.chunks += render_table(
        report.findings_table(), fmt, headers=headers, width=width, left_out=output.left_out
    )


def report_output(
    report: CheckReport,
    fmt: str | None,
    columns: Sequence[str] | None = None,
    *,
    headers: bool = True,
    width: int | None = None,
    findings_only: bool = False,
) -> ReportOutput:
    """The report as ``fmt`` gives it (None: the text for people), its findings alone if asked."""
    if fmt is None:
        return ReportOutput([report_text(report, width, findings_only)])
    if fmt == "json" and not findings_only:
        return ReportOutput([render_document(report.document(columns), "json")])
    if findings_only and fmt in ("json", "jsonl"):
        return ReportOutput(_findings_records(report, columns, fmt), NOTICE)
    if findings_only:
        table = report.findings_table().select(columns)
    else:
        table = report.ingredients_table().select(columns or DEFAULT_ROW_COLUMNS)
    machine = is_machine_format(fmt)
    output = ReportOutput([], NOTICE if machine else None)
    output.chunks += render_table(table, fmt, headers=headers, width=width, left_out=output.left_out)
    if machine:
        return output
    if not findings_only:
        _findings_section(report, fmt, headers, width, output)
    output.chunks += ["\n", NOTICE + "\n"]
    return output
