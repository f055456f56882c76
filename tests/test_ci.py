"""CI and the README agree: .ci/run is the README's two commands, and the workflow runs .ci/run in a bare bookworm."""
import re
import subprocess
import sys
from pathlib import Path

import yaml

from evidence import paths

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.search(r"```bash\n(.*?)```", README, re.S).group(1).strip().splitlines()


def test_readme_gives_two_commands_setup_then_tests():
    assert len(COMMANDS) == 2 and "setup-and-build" in COMMANDS[0] and "pytest" in COMMANDS[1]


def test_ci_run_is_the_readme_commands():
    script = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [l.strip() for l in script.splitlines() if l.strip() and not l.startswith(("#", "set ", "cd "))]
    assert lines == COMMANDS


WORKFLOW = paths.ROOT / ".github" / "workflows" / "book.yml"


def test_workflow_runs_ci_run_in_a_bare_bookworm_with_least_privilege():
    """.ci/run itself (not a copy of its commands), in the Debian release the README names, with time limits."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]
    assert build["container"] == "debian:bookworm" and "bookworm" in README
    runs = [s["run"].strip() for s in build["steps"] if "run" in s]
    assert runs == ["bash .ci/run"], runs
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in build
    for name, job in workflow["jobs"].items():
        assert job.get("timeout-minutes"), f"job {name} has no timeout-minutes"
        assert "latest" not in job["runs-on"], f"job {name} runs on a floating image: {job['runs-on']}"
        for step in job["steps"]:
            if "uses" in step:
                pinned = re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"])
                assert pinned, f"not pinned to a commit: {step['uses']}"


def test_workflow_passes_actionlint():
    actionlint = Path(sys.executable).parent / "actionlint"
    result = subprocess.run([str(actionlint), "-no-color", str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_caches_what_the_stale_output_check_reads():
    """The cache step restores the execution cache together with the stamp and figures the build compares."""
    from evidence.sphinx_ext import CACHE_STAMP

    cache = next(s for s in yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
                 if s.get("uses", "").startswith("actions/cache@"))
    assert set(cache["with"]["path"].split()) == {"_build/.jupyter_cache", f"_build/{CACHE_STAMP}", "figures"}


def _commands(script):
    """The lines of a shell script that run something (comments and blank lines left out)."""
    return [line.split(" #")[0].strip() for line in script.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_build_script_builds_strictly():
    commands = _commands(paths.ROOT / "scripts" / "setup-and-build.sh")
    assert ".venv/bin/jupyter-book build . --builder pdflatex -W -n --keep-going" in commands
    assert commands[-1] == ".venv/bin/jupyter-book build . -W -n --keep-going"
    assert ".venv/bin/python -m pip install --quiet --require-hashes -r requirements.txt" in commands


def test_version_and_title_agree_across_config_citation_file_and_datapackage():
    import json

    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    citation = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    version = config["sphinx"]["config"]["version"]
    assert citation["version"] == version == package["version"] == config["sphinx"]["config"]["release"]
    assert citation["title"] == config["title"]
    assert (paths.DATA / "releases" / version / "statistics.csv").exists(), "no data snapshot for this version"


def test_citation_file_is_valid_against_the_cff_schema():
    """The CFF 1.2.0 JSON schema, as shipped in the cffconvert wheel (its licence: CC-BY-4.0, Citation File Format)."""
    import json

    import jsonschema

    schema = json.loads((paths.ROOT / "tests" / "schemas" / "citation-cff-1.2.0.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    citation["date-released"] = str(citation["date-released"])  # YAML reads dates as dates; the schema wants text
    jsonschema.validate(citation, schema, cls=jsonschema.Draft7Validator, format_checker=jsonschema.FormatChecker())
