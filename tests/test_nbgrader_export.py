"""nbgrader-export into a folder an instructor has edited (issue 23): the edits are kept and named,
never silently replaced; --force keeps a backup; untouched files are refreshed."""

import subprocess
import sys

from valueloops import nbgrader


def test_an_instructors_edits_are_kept_or_backed_up_never_silently_replaced(tmp_path):
    out = tmp_path / "nbgrader"
    first = nbgrader.export(out, ["00"])
    assert len(first.written) == 2 and not first.kept
    config = out / "nbgrader_config.py"
    notebook = next(p for p in first.written if p.suffix == ".ipynb")
    config.write_text(config.read_text() + "c.Exchange.root = '/srv/exchange'\n")
    notebook.write_text(notebook.read_text().replace('"points": 1', '"points": 2', 1))
    edited = {config: config.read_text(), notebook: notebook.read_text()}
    run = subprocess.run([sys.executable, "-m", "valueloops", "nbgrader-export", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "kept" in run.stdout and "--force" in run.stdout, run.stdout
    assert all(path.read_text() == text for path, text in edited.items())  # kept, byte for byte
    again = nbgrader.export(out, ["00"], force=True)
    assert set(again.written) == {config, notebook}
    backups = sorted(p.name for p in out.rglob("*.backup-*"))
    assert len(backups) == 2, backups
    assert "c.Exchange.root" in next(out.glob("nbgrader_config.py.backup-*")).read_text()
    assert not nbgrader.export(out, ["00"]).kept  # what it wrote itself is its own to refresh
