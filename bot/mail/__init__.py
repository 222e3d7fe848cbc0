"""E-mail to referents and candidates through SMTP settings."""
