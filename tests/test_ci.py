"""CI and the README agree: .ci/run and the workflow run the README's two commands."""
import re

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


def test_workflow_runs_the_readme_commands_with_least_privilege():
    workflow = yaml.safe_load((paths.ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "").strip() for s in workflow["jobs"]["build"]["steps"]]
    assert COMMANDS[0] in steps and COMMANDS[1] in steps
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in workflow["jobs"]["build"]


def test_build_script_builds_strictly():
    script = (paths.ROOT / "scripts" / "setup-and-build.sh").read_text(encoding="utf-8")
    assert "jupyter-book build . -W -n --keep-going" in script and "requirements.txt" in script


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
