"""Write each notebook `NAME.ipynb` from its source `NAME.py` (jupytext's percent format).

The `.py` files are what is edited and reviewed; the `.ipynb` files are what
learners open, generated from them without outputs:

    python demos/notebooks/_build.py            # after editing a .py: regenerate
    python demos/notebooks/_build.py --check    # exit 1 if an .ipynb is out of date

Each cell keeps only its tags (e.g. "parameters", which the tests override),
and its id is made from its text, so regenerating an unchanged notebook
changes nothing and editing one cell changes only that cell in the .ipynb.
Needs the `notebooks` extra: pip install -e '.[notebooks]'.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import jupytext
import nbformat

HERE = Path(__file__).resolve().parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def sources(directory: Path = HERE) -> list[Path]:
    """The notebook sources: every .py file here except the ones starting with "_".

    >>> [path.name for path in sources()][0]
    '01_tour.py'
    """
    return sorted(path for path in directory.glob("*.py") if not path.name.startswith("_"))


def notebook_from_source(source: Path) -> nbformat.NotebookNode:
    """The notebook of one percent-format source, without outputs, with stable cell ids.

    >>> notebook = notebook_from_source(HERE / "01_tour.py")
    >>> notebook.metadata.kernelspec.name, notebook.cells[0].cell_type
    ('python3', 'markdown')
    """
    parsed = jupytext.read(source, fmt="py:percent")
    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    )
    seen: dict[str, int] = {}
    for cell in parsed.cells:
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(cell.source)
        else:
            new = nbformat.v4.new_markdown_cell(cell.source)
        if tags:
            new.metadata["tags"] = tags
        digest = hashlib.sha1(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()[:8]
        seen[digest] = seen.get(digest, 0) + 1
        new.id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
        notebook.cells.append(new)
    nbformat.validate(notebook)
    return notebook


def text_of(notebook: nbformat.NotebookNode) -> str:
    """The .ipynb file's text: nbformat's layout, ending in a newline."""
    return nbformat.writes(notebook) + "\n"


def out_of_date(directory: Path = HERE) -> list[Path]:
    """The .ipynb files that differ from what their sources generate (or are missing).

    >>> out_of_date()
    []
    """
    stale = []
    for source in sources(directory):
        target = source.with_suffix(".ipynb")
        wanted = text_of(notebook_from_source(source))
        if not target.is_file() or target.read_text(encoding="utf-8") != wanted:
            stale.append(target)
    return stale


def main(argv: list[str]) -> int:
    """Regenerate every .ipynb, or with --check report the stale ones; the exit code."""
    if argv == ["--check"]:
        stale = out_of_date()
        for path in stale:
            print(f"{path.name} differs from {path.stem}.py: run python demos/notebooks/_build.py")
        return 1 if stale else 0
    if argv:
        print(__doc__)
        return 2
    for source in sources():
        target = source.with_suffix(".ipynb")
        target.write_text(text_of(notebook_from_source(source)), encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
