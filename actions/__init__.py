"""Custom actions of the WBE vacancy assistant (thin glue over `bot`)."""
