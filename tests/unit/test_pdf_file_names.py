"""What a downloaded PDF is called: what it is, whose (by local ID, never by name) and the day."""

import uuid
from datetime import date

import pytest

from riskapp.reports.download import pdf_file_name

ON = date(2026, 12, 1)
RECORD = uuid.UUID("3f2b8c1e-0000-4000-8000-000000000001")


@pytest.mark.parametrize(
    ("local_id", "expected"),
    [
        ("CB-0417", "summary-CB-0417-2026-12-01.pdf"),
        ("LA/12 345", "summary-LA-12-345-2026-12-01.pdf"),  # slashes and spaces are not safe in a file name
        ('"; filename=x.exe', "summary-filename-x-exe-2026-12-01.pdf"),  # nothing breaks out of the header
        ("Zoë 7", "summary-Zo-7-2026-12-01.pdf"),
        ("", "summary-3f2b8c1e-2026-12-01.pdf"),  # no local ID: the record's short id
        ("///", "summary-3f2b8c1e-2026-12-01.pdf"),
        ("A" * 60, f"summary-{'A' * 40}-2026-12-01.pdf"),
    ],
)
def test_a_summary_is_named_by_its_local_id_and_the_day(local_id, expected):
    assert pdf_file_name("summary", ON, local_id=local_id, record_id=RECORD) == expected


def test_a_pack_is_named_by_its_short_id_and_the_day():
    assert pdf_file_name("panel-pack", ON, record_id=RECORD) == "panel-pack-3f2b8c1e-2026-12-01.pdf"
