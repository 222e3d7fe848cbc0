"""Custom actions of the WBE vacancy assistant (thin glue over `bot`)."""
from actions.auth import install_from_environment

install_from_environment()
