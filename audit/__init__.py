"""The audit: find inconsistent or implausible targets in the extracted datasets.

`run_audit(dir)` returns the findings (schema.FINDINGS columns); `write_findings(findings, dir)` writes
`findings/part-0.parquet` and a self-contained `report.html`. Rules and their severities are in `RULES`.
"""

from .modes import fit_modes, infer_mode
from .rules import RULE_FUNCTIONS, RULES, AuditData, Rule, prepare
from .run import audit, audit_dataset, load, run_audit, write_findings

__all__ = [
    "RULES",
    "RULE_FUNCTIONS",
    "AuditData",
    "Rule",
    "audit",
    "audit_dataset",
    "fit_modes",
    "infer_mode",
    "load",
    "prepare",
    "run_audit",
    "write_findings",
]
