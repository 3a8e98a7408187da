"""The JSON Schema of trial files (resources/schemas/trial.schema.json), generated from the
`Trial` model so that it cannot say anything the model does not.

Editors use it to check and complete a trial file while it is written. `parse_trial` stays the
authority: it also checks what a schema cannot express (a criterion has a rule or parts, ids
match the criterion's kind and are unique, a lab rule has one limit and a known code).

After changing the model, rewrite the shipped file (a test fails until it is):

    python -m coordinator.screening.trial_schema           # rewrite resources/schemas/trial.schema.json
    python -m coordinator.screening.trial_schema --check   # exit status 1 if it is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coordinator.resource_files import resource
from coordinator.screening.trial import Trial

SCHEMA_FILE = ("schemas", "trial.schema.json")
SCHEMA_ID = "https://trialdesk.invalid/schemas/trial.schema.json"
DESCRIPTION = ("A TrialDesk trial definition: one YAML file per trial in resources/trials/, named after its "
               "registry id (slashes as hyphens). Generated from coordinator/screening/trial.py by `python -m coordinator.screening.trial_schema`; "
               "do not edit by hand. See docs/writing-a-trial.md.")


def trial_json_schema() -> dict:
    """The schema of a trial file: the model's own JSON Schema with an identity added."""
    generated = Trial.model_json_schema()
    own = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
           "title": "TrialDesk trial definition", "description": DESCRIPTION}
    return own | {key: value for key, value in generated.items() if key not in own}


def render(schema: dict) -> str:
    """The text of the shipped file: two-space indent, UTF-8 as is, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coordinator.screening.trial_schema",
                                     description="Rewrite (or check) resources/schemas/trial.schema.json.")
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = parser.parse_args(argv)
    target = Path(str(resource(*SCHEMA_FILE)))
    text = render(trial_json_schema())
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != text:
            print(f"{target} is out of date: run python -m coordinator.screening.trial_schema", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    if current == text:
        print(f"{target} unchanged")
    else:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
