"""Translation catalogue tools that need no GNU gettext (fresh machines have only Python).

``python -m iehub.core.i18n_tools compile`` writes each ``django.mo`` from its ``django.po`` with polib
(a development dependency); ``check`` lists untranslated or fuzzy entries. The compiled files are
committed, so running the app never needs either tool.
"""

from __future__ import annotations

import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def problems(po_path: Path) -> list[str]:
    """Entries of a catalogue that would show English to a Chinese user."""
    import polib

    po = polib.pofile(str(po_path))
    missing = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    fuzzy = [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    return missing + fuzzy


def compile_all() -> None:
    import polib

    for po_path in catalogues():
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.with_suffix('.mo')}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["compile"]:
        compile_all()
        return 0
    if argv[:1] == ["check"]:
        found = [f"{p}: {problem}" for p in catalogues() for problem in problems(p)]
        print("\n".join(found) or "all catalogues complete")
        return 1 if found else 0
    print("usage: python -m iehub.core.i18n_tools compile|check")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
