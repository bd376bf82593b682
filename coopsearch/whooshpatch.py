"""Installing a replacement of one of Whoosh's methods: once, and only where Whoosh has its shape.

:mod:`coopsearch.leafskip`, :mod:`coopsearch.fieldlengths` and
:mod:`coopsearch.blockheaders` each replace a method on a Whoosh class.
Their ``install`` functions are wrapped by :func:`patch_once`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps


def patch_once(install: Callable[[], bool]) -> Callable[[], bool]:
    """``install`` run until it succeeds, then never again; True when the replacement is in place.

    ``install`` returns True once it has replaced the method, False when
    Whoosh lacks a class or attribute the replacement relies on (a Whoosh
    without the module it imports counts as that): Whoosh's own method then
    stays.
    """
    installed = False

    @wraps(install)
    def once() -> bool:
        nonlocal installed
        if not installed:
            try:
                installed = install()
            except ImportError:
                return False
        return installed

    return once
