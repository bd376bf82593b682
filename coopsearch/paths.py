"""Where the bundled corpus and the default index live.

The index folder is, in order: the ``--index`` option, the
``COOPSEARCH_INDEX`` environment variable, or ``index/`` beside the bundled
``corpus/`` at the top of the project.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PROJECT_ROOT / "corpus"
DEFAULT_INDEX = PROJECT_ROOT / "index"
INDEX_ENV = "COOPSEARCH_INDEX"


def resolve_index_dir(option: str | os.PathLike | None = None) -> Path:
    """The index folder chosen by option, environment or default."""
    chosen = option or os.environ.get(INDEX_ENV) or DEFAULT_INDEX
    return Path(chosen).expanduser()
