"""Speed fixes for the pinned Rasa 3.6.21 server, applied when our channels load.

Rasa checks every action server reply with `jsonschema.validate()`, which first
re-checks the response schema itself against the 2020-12 metaschema. Measured
here: 36 ms of CPU per custom action call, against 1.5 ms for the same check
with a validator built once. Every reply of this bot runs a custom action, so
that was a third of the server's time per message (bench/compare.py, README).
The check itself is unchanged: same schema, same best-matching error, same
message.

Rasa also finds the class of every event it reads back (each message reloads
the conversation from the tracker store) by walking all subclasses of `Event`
again, for every event: about 2 ms of CPU per message for a conversation of
ten messages. `resolve_event_type` looks the class up in a table built once,
with the same first match; a name not in it goes to Rasa's own lookup.

Rasa Open Source gets no more releases, so the patch target is fixed;
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
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

log = logging.getLogger(__name__)
PATCHED_RASA_VERSION = "3.6.21"
ORIGINAL_VALIDATE_ACTION_RESULT = RemoteAction._validate_action_result
ORIGINAL_RESOLVE_BY_TYPE = Event.resolve_by_type


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


@lru_cache(maxsize=1)
def _event_types() -> dict[str, type]:
    table: dict[str, type] = {}
    for cls in all_subclasses(Event):  # Rasa's order: the first class with a name wins
        table.setdefault(cls.type_name, cls)
    return table


def resolve_event_type(type_name: str, default: type | None = None) -> type | None:
    """Drop-in for Event.resolve_by_type with the subclass walk done once."""
    found = _event_types().get(type_name)
    if found is not None:
        return found
    # Unknown names ("topic", a subclass defined later): Rasa's own answer.
    return ORIGINAL_RESOLVE_BY_TYPE(type_name, default)


def install() -> bool:
    """Apply the fixes once; False (and a warning) on an unexpected Rasa version."""
    if RemoteAction._validate_action_result is validate_action_result:
        return True
    if rasa.__version__ != PATCHED_RASA_VERSION:
        log.warning("Rasa %s is not %s: speed fixes not applied", rasa.__version__, PATCHED_RASA_VERSION)
        return False
    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_event_type)
    return True
