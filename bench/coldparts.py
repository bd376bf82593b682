"""One cold ``coopsearch query``, timed in parts, in a fresh process.

    python bench/coldparts.py INDEX_DIR QUERY

Runs the real command line (``coopsearch.cli.main`` with the arguments
``run.py`` times cold: ``query QUERY --index DIR --limit 10``, output to
``/dev/null``) inside this process, after wrapping a few of coopsearch's
functions with timers, and prints one JSON object: milliseconds per part.

Parts (each exclusive of the parts nested in it):

* ``imports``: ``import coopsearch.cli`` and the modules the query command
  imports before it opens the index (search, render, filters);
* ``open``: ``Searcher(...)``, opening the index (and any import it triggers);
* ``search``: ``Searcher.search``, less the two parts below;
* ``snippets``: choosing and cutting snippets and highlights
  (``needle_weights``, ``find_matches``, ``make_snippet``);
* ``spelling``: ``did_you_mean`` and the CLI's ``suggest`` (when a query
  finds few or no articles);
* ``render``: writing the results (``Renderer.result``, facets, summary);
* ``close``: ``Searcher.close``;
* ``cli``: the rest of the command (option parsing, index check, exit).

Interpreter start-up and exit are not inside this process's clock:
``run.py`` takes them as the process's wall time less ``total``. A function
that the code no longer has is reported under ``unhooked`` and its time falls
into the part around it. Nothing in coopsearch is changed on disk.
"""

import os
import sys
import time

STARTED = time.perf_counter()

# (module, attribute path, part); the command looks these up at call time
HOOKS = (
    ("coopsearch.search", "Searcher.__init__", "open"),
    ("coopsearch.search", "Searcher.close", "close"),
    ("coopsearch.search", "Searcher.search", "search"),
    ("coopsearch.search", "Searcher.did_you_mean", "spelling"),
    ("coopsearch.cli", "suggest", "spelling"),
    ("coopsearch.search", "Searcher.needle_weights", "snippets"),
    ("coopsearch.search", "find_matches", "snippets"),
    ("coopsearch.search", "make_snippet", "snippets"),
    ("coopsearch.render", "Renderer.result", "render"),
    ("coopsearch.render", "write_facets", "render"),
    ("coopsearch.render", "summary_line", "render"),
)
PARTS = ("imports", "open", "search", "snippets", "spelling", "render", "close", "cli")


class Clock:
    """Exclusive time per part: a wrapped call's time less that of wrapped calls inside it."""

    def __init__(self) -> None:
        self.parts = dict.fromkeys(PARTS, 0.0)
        self.nested: list[float] = []
        self.unhooked: list[str] = []

    def wrap(self, module: object, path: str, part: str) -> None:
        """Replace ``module.path`` (``name`` or ``Class.name``) with a timed twin."""
        owner_name, _, name = path.rpartition(".")
        owner = getattr(module, owner_name, None) if owner_name else module
        original = getattr(owner, name, None) if owner is not None else None
        if original is None:
            self.unhooked.append(path)
            return

        def timed(*args, **kwargs):
            start = time.perf_counter()
            self.nested.append(0.0)
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                inner = self.nested.pop()
                self.parts[part] += elapsed - inner
                if self.nested:
                    self.nested[-1] += elapsed

        timed.__name__ = getattr(original, "__name__", name)
        timed.__doc__ = getattr(original, "__doc__", None)
        setattr(owner, name, timed)


def run(index_dir: str, query: str) -> dict:
    """Run the query command once with timers; the parts in milliseconds."""
    clock = Clock()
    start = time.perf_counter()
    import coopsearch.cli  # noqa: F401  (the console script's own import)
    import coopsearch.filters  # noqa: F401  (the query command imports these three)
    import coopsearch.render  # noqa: F401
    import coopsearch.search  # noqa: F401

    clock.parts["imports"] = time.perf_counter() - start
    for module_name, path, part in HOOKS:
        clock.wrap(sys.modules[module_name], path, part)

    argv = ["coopsearch", "query", query, "--index", index_dir, "--limit", "10"]
    sys.argv = argv
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # the cold runs print to /dev/null too
    status = 0
    start = time.perf_counter()
    try:
        coopsearch.cli.main()
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else (0 if done.code is None else 2)
    finally:
        command = time.perf_counter() - start
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    hooked = sum(value for key, value in clock.parts.items() if key != "imports")
    clock.parts["cli"] = command - hooked
    return {
        "parts_ms": {key: value * 1000 for key, value in clock.parts.items()},
        "total_ms": (time.perf_counter() - STARTED) * 1000,
        "exit_status": status,
        "unhooked": clock.unhooked,
    }


def peak_rss_kib() -> int:
    """This process's RSS high-water mark (``VmHWM``), in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main(argv: list[str]) -> int:
    """``INDEX_DIR QUERY``: print the parts as JSON on the last stdout line."""
    if len(argv) != 2:
        print("usage: python bench/coldparts.py INDEX_DIR QUERY", file=sys.stderr)
        return 2
    result = run(argv[0], argv[1])
    result["peak_rss_kib"] = peak_rss_kib()
    import json  # after the clock stopped

    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
