"""Where the bundled seed corpus and the default index live.

The index folder is, in order: the ``--index`` option, the
``COOPSEARCH_INDEX`` environment variable, or the default index.

The default depends on how coopsearch was installed:

- In a source checkout (``setup.cfg`` and ``corpus/`` beside the package, as
  an editable install leaves them), the default index is ``index/`` at the
  top of the checkout and the seed corpus is ``corpus/``.
- Installed from a wheel (``pip install .``, ``pipx``), the package folder is
  not the user's to write into: the default index is ``index/`` in the
  user's data folder (``platformdirs.user_data_dir("coopsearch")``, e.g.
  ``~/.local/share/coopsearch`` on Linux, honouring ``XDG_DATA_HOME``) and
  the seed corpus is package data, ``coopsearch/data/corpus/``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
INDEX_ENV = "COOPSEARCH_INDEX"
APP_NAME = "coopsearch"


def is_source_checkout() -> bool:
    """True when the package runs from a source checkout (not from site-packages)."""
    return (PROJECT_ROOT / "setup.cfg").is_file() and (PROJECT_ROOT / "corpus").is_dir()


def bundled_corpus() -> Path:
    """The folder of the five seed articles: ``corpus/`` in a checkout, else package data."""
    if is_source_checkout():
        return PROJECT_ROOT / "corpus"
    return PACKAGE_DIR / "data" / "corpus"


def default_index() -> Path:
    """``index/`` in a checkout, else ``index/`` in the user's data folder."""
    if is_source_checkout():
        return PROJECT_ROOT / "index"
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "index"


def chosen_index_dir(option: str | os.PathLike | None = None) -> tuple[Path, bool]:
    """The index folder chosen by option, environment or default, and whether it was named.

    A folder named by ``--index`` or ``COOPSEARCH_INDEX`` is never built from
    the seed corpus on its own: a typo there must not become a new index.
    """
    chosen = option or os.environ.get(INDEX_ENV)
    if chosen:
        return Path(chosen).expanduser(), True
    return default_index(), False
