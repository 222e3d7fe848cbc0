"""rasa-sdk's plugin entry point: rasa_sdk imports `rasa_sdk_plugins` and calls
`init_hooks(manager)` when it builds its plugin manager (rasa_sdk/plugin.py), in
every process that builds the action server's Sanic app. Our one plugin is the
shared-secret check of actions/auth.py, through `attach_sanic_app_extensions`.
"""

from __future__ import annotations

import pluggy


def init_hooks(manager: pluggy.PluginManager) -> None:
    from actions.auth import token_check_plugin
    from bot.bootstrap import services

    plugin = token_check_plugin(services().settings.action_server_token)
    if plugin is not None:
        manager.register(plugin, name="wbe-action-server-token")
