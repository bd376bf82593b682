"""Memory stays bounded on a huge file: a 200 MB dump is indexed by its first 4 MiB.

Slow (it writes 200 MB): run with ``python -m pytest -m slow -s``; ``-s``
shows the measured peak memory.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

MEASURE = """
import resource, sys
from coopsearch.cli import cli
try:
    cli(sys.argv[1:], prog_name="coopsearch")
finally:
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB",
          file=sys.stderr)
"""


@pytest.mark.slow
def test_indexing_a_200_megabyte_file_keeps_memory_bounded(tmp_path):
    folder = tmp_path / "dump"
    folder.mkdir()
    paragraph = "Hợp tác xã nông nghiệp ở Bắc Giang trồng vải thiều, bán cho OCOP. " * 30 + "\n"
    block = paragraph.encode() * 1000
    with open(folder / "dump.txt", "wb") as f:
        f.write("Tệp kết xuất rất lớn\n".encode())
        while f.tell() < 200 * 2**20:
            f.write(block)
        f.truncate(200 * 2**20)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, "index", str(folder), "--index", str(tmp_path / "ix")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    peak = result.stderr.strip().splitlines()[-1]
    print(f"\n200 MB file: {peak}\n{result.stderr}")
    assert "only the first 4 MiB of its 200 MiB were indexed." in result.stderr
    assert int(peak.split()[2]) < 400
