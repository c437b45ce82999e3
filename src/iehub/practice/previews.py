"""Preview images of deliverables: the first page of a PDF, rendered by poppler's ``pdftoppm``.

Why a subprocess and not a library: poppler is what Debian ships and what the tests already use to look
at PDFs; it runs without a shell, on a copy of the file in a temporary folder, for the first page only,
scaled down, with a time limit — a hostile PDF costs at most that. Where ``pdftoppm`` is not installed
there is simply no preview (the file still opens in the browser); docs/deployment.md names the package.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

PREVIEW_WIDTH = 480
PREVIEW_SECONDS = 10.0


def pdf_first_page(data: bytes, width: int = PREVIEW_WIDTH, timeout: float = PREVIEW_SECONDS) -> bytes | None:
    """A PNG of the PDF's first page at most ``width`` pixels wide, or ``None`` if it cannot be made."""
    program = shutil.which("pdftoppm")
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="iehub-preview-") as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "page"
        source.write_bytes(data)
        command = [
            program,
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "-scale-to",
            str(width),
            str(source),
            str(target),
        ]
        try:
            subprocess.run(command, check=True, timeout=timeout, capture_output=True)  # noqa: S603 - fixed program, our temp paths, no shell
        except (subprocess.SubprocessError, OSError):
            return None
        image = target.with_suffix(".png")
        return image.read_bytes() if image.exists() else None
