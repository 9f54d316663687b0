"""`python -m tagcheck TAGS.csv GVL.st`: print the findings, exit 1 when there are any."""

from __future__ import annotations

import sys
from pathlib import Path

from tagcheck.consistency import check_tag_list


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tagcheck TAGS.csv GVL.st", file=sys.stderr)
        return 2
    tags, gvl = (Path(arg).read_text(encoding="utf-8") for arg in argv)
    findings = check_tag_list(tags, gvl)
    for finding in findings:
        print(f"{finding.kind}: {', '.join(finding.tags)}: {finding.message}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
