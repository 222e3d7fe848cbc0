"""Speed fixes for the pinned Rasa 3.6.21 server, applied when our channels load.

Rasa checks every action server reply with `jsonschema.validate()`, which first
re-checks the response schema itself against the 2020-12 metaschema. Measured
here: 36 ms of CPU per custom action call, against 1.5 ms for the same check
with a validator built once. Every reply of this bot runs a custom action, so
that was a third of the server's time per message (bench/compare.py, README).
The check itself is unchanged: same schema, same best-matching error, same
message. Rasa Open Source gets no more releases, so the patch target is fixed;
`install()` refuses any other version rather than patch code it has not seen.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import rasa
from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

log = logging.getLogger(__name__)
PATCHED_RASA_VERSION = "3.6.21"
ORIGINAL_VALIDATE_ACTION_RESULT = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def action_response_validator():
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # once per process, not once per reply
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Drop-in for RemoteAction._validate_action_result with a cached validator."""
    error = exceptions.best_match(action_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> bool:
    """Apply the fixes once; False (and a warning) on an unexpected Rasa version."""
    if RemoteAction._validate_action_result is validate_action_result:
        return True
    if rasa.__version__ != PATCHED_RASA_VERSION:
        log.warning("Rasa %s is not %s: action reply validation left as is", rasa.__version__, PATCHED_RASA_VERSION)
        return False
    RemoteAction._validate_action_result = validate_action_result
    return True
