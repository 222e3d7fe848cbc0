"""Custom actions of the WBE vacancy assistant (thin glue over `bot`).

The action server's token check is a rasa-sdk plugin (rasa_sdk_plugins/), not an
import side effect of this package."""

import logging
import multiprocessing

if multiprocessing.parent_process() is not None and not logging.getLogger().handlers:
    # A Sanic worker process of rasa-sdk 3.21: rasa_sdk configures logging in
    # the main process only; without this the actions' log lines would lose
    # their time and origin, and INFO lines would be dropped.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s")
