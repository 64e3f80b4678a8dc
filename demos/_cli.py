"""What every demo shares: its command line, its progress bars, and writing its pictures.

Each demo takes `--out DIR` (where pictures go), `--seed N` (same seed, same
run) and `--quiet` (no progress bars or notes; the one-line result stays).

>>> args = parser("example", "An example.").parse_args(["--quiet"])
>>> args.out, args.seed, args.quiet
(PosixPath('out'), 0, True)
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import matplotlib
from tqdm import tqdm

import autograd
from autograd.viz import GraphvizNotFound

# Pictures go to files only, so the demos run the same on a desktop, a server and CI.
matplotlib.use("Agg")

Item = TypeVar("Item")


def parser(name: str, description: str) -> argparse.ArgumentParser:
    """An argument parser for `python -m demos.<name>` with --out, --seed and --quiet.

    >>> parser("spiral", "Spirals.").prog
    'python -m demos.spiral'
    """
    result = argparse.ArgumentParser(
        prog=f"python -m demos.{name}",
        description=description,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    result.add_argument("--out", type=Path, default=Path("out"), help="directory for pictures")
    result.add_argument("--seed", type=int, default=0, help="seed of every random draw")
    result.add_argument("--quiet", action="store_true", help="no progress bars or notes")
    return result


def start(args: argparse.Namespace) -> None:
    """Seed the library's random numbers and create the output directory.

    >>> import tempfile
    >>> start(argparse.Namespace(seed=1, out=Path(tempfile.mkdtemp()) / "pictures"))
    """
    autograd.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)


def progress(items: Iterable[Item], args: argparse.Namespace, what: str) -> tqdm:
    """`items` with a progress bar on stderr labelled `what` (none with --quiet).

    The bar object is returned, so a loop can show its loss with
    `bar.set_postfix(loss=..., refresh=False)`.

    >>> list(progress(range(3), argparse.Namespace(quiet=True), "counting"))
    [0, 1, 2]
    """
    return tqdm(items, desc=what, disable=args.quiet, leave=False, dynamic_ncols=True)


def progress_bar(total: int, args: argparse.Namespace, what: str) -> tqdm:
    """A progress bar of `total` steps, advanced by `bar.update()` (none with --quiet).

    For loops whose steps are not one iterable, e.g. batches within epochs;
    `bar.write(text)` prints a line without breaking the bar. Close it when done.

    >>> bar = progress_bar(2, argparse.Namespace(quiet=True), "steps")
    >>> bar.update(); bar.close()
    """
    return tqdm(total=total, desc=what, disable=args.quiet, leave=False, dynamic_ncols=True)


def note(args: argparse.Namespace, text: str) -> None:
    """Print `text` unless --quiet.

    >>> note(argparse.Namespace(quiet=False), "hello")
    hello
    """
    if not args.quiet:
        print(text)


def save_figure(figure: Any, args: argparse.Namespace, filename: str) -> Path:
    """Write a matplotlib figure to `--out/filename` (format from the suffix) and close it.

    >>> import tempfile, matplotlib.pyplot as plt
    >>> out = Path(tempfile.mkdtemp())
    >>> save_figure(plt.figure(), argparse.Namespace(out=out, quiet=True), "empty.png").name
    'empty.png'
    """
    import matplotlib.pyplot as plt

    path = args.out / filename
    figure.savefig(path, bbox_inches="tight")
    plt.close(figure)
    note(args, f"wrote {path}")
    return path


def save_graph(
    drawing: Any, args: argparse.Namespace, stem: str, formats: Iterable[str] = ("svg",)
) -> list[Path]:
    """Write a `draw_graph` drawing: its DOT text `stem.gv`, then each format via Graphviz.

    The DOT text needs nothing; rendering needs the Graphviz program `dot`.
    Without it the pictures are skipped with a note saying how to install it
    (always printed, even with --quiet), and only the .gv file is returned.

    >>> import tempfile
    >>> x = autograd.Tensor([1.0], requires_grad=True)
    >>> out = Path(tempfile.mkdtemp())
    >>> paths = save_graph(autograd.draw_graph(x * 2), argparse.Namespace(out=out, quiet=True), "g")
    >>> paths[0].name
    'g.gv'
    """
    source = args.out / f"{stem}.gv"
    source.write_text(drawing.source)
    written = [source]
    try:
        for fmt in formats:
            path = source.with_suffix(f".{fmt}")
            path.write_bytes(drawing.pipe(format=fmt))
            written.append(path)
    except GraphvizNotFound as error:
        print(f"note: wrote the DOT text {source} but no picture of it. {error}")
        return written
    note(args, f"wrote {', '.join(str(path) for path in written)}")
    return written
