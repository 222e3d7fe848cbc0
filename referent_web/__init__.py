"""The referents' web inbox and dashboard (Flask), in French, behind a login.

Reads and writes the bot's database through `bot/`; no domain logic here.
`python -m referent_web` serves it with waitress on 127.0.0.1:5080.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, g, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect

from bot import bootstrap
from bot.domain.clock import Clock
from bot.settings import Settings
from bot.storage.database import create_schema
from referent_web import auth, dashboard, formatting, inbox
from referent_web.config import WebSettings, load_web_settings
from referent_web.context import Services


def create_app(settings: Settings | None = None, web: WebSettings | None = None, clock: Clock | None = None) -> Flask:
    """The inbox app, on this process's shared services (bot.bootstrap); tests give
    their own settings and clock."""
    shared = bootstrap.services() if settings is None and clock is None else bootstrap.build(settings, clock)
    web = web or load_web_settings(shared.settings)
    create_schema(shared.engine)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=web.secret_key,
        SESSION_COOKIE_NAME="wbe_referent",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=web.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        # The CSRF token lives as long as the (server-side checked) session.
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    app.extensions["referent"] = Services(shared.settings, web, shared.sessions, shared.clock)
    formatting.register(app)
    # The login check runs before the CSRF check: an anonymous request, even a POST
    # without a token, is sent to the login page.
    auth.install(app)
    CSRFProtect(app)
    app.register_blueprint(inbox.blueprint)
    app.register_blueprint(dashboard.blueprint)

    @app.errorhandler(CSRFError)
    def csrf_refused(error):
        return render_template(
            "error.html",
            title="Formulaire expiré",
            message="Ce formulaire a expiré ou ne vient pas de cette page. Rechargez la page et recommencez.",
        ), 400

    @app.errorhandler(404)
    def not_found(error):
        return render_template(
            "error.html", title="Page introuvable", message="Cette page ou cette question n'existe pas (ou plus)."
        ), 404

    @app.errorhandler(413)
    def too_large(error):
        return render_template("error.html", title="Texte trop long", message="Le texte envoyé est trop long."), 413

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if getattr(g, "user", None) is not None:
            response.headers["Cache-Control"] = "no-store"
        return response

    return app
