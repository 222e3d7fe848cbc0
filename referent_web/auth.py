"""Login, logout and the check that guards every other page.

The signed session cookie holds only a random token; the database says whether that
token is a live session (bot.referents.accounts). Failed logins are throttled per
account and per address (bot.referents.login_throttle), and everything is audited.
"""

from __future__ import annotations

import math

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from bot.referents import audit, login_throttle
from bot.referents.accounts import authenticate, end_session, open_session, session_user
from referent_web.context import db, now

blueprint = Blueprint("auth", __name__)
PUBLIC_ENDPOINTS = {"auth.login", "static"}


def install(app) -> None:
    app.register_blueprint(blueprint)
    app.before_request(_require_login)

    @app.after_request
    def _commit(response):
        if "db" in g:
            g.db.commit()
        return response

    @app.teardown_request
    def _close(error=None):
        database = g.pop("db", None)
        if database is not None:
            database.close()  # rolls back anything not committed

    @app.context_processor
    def _user():
        return {"user": g.get("user")}


def _require_login():
    g.user = session_user(db(), session.get("sid"), now())
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if session.get("sid"):
            session.pop("sid")
        wanted = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", suivant=wanted) if wanted else url_for("auth.login"), 303)
    return None


@blueprint.route("/connexion", methods=["GET", "POST"])
def login():
    if g.user is not None:
        return redirect(url_for("inbox.index"))
    if request.method == "GET":
        return render_template("login.html", email="", next_url=_safe_next(request.args.get("suivant")))
    email = (request.form.get("email") or "").strip()[:254]
    password = request.form.get("password") or ""
    next_url = _safe_next(request.form.get("suivant"))
    database, moment = db(), now()
    keys = login_throttle.keys_for(email, request.remote_addr)
    wait = login_throttle.wait_remaining(database, keys, moment)
    if wait.total_seconds() > 0:
        audit.record(database, email or "?", "login_throttled", moment, detail=f"ip {request.remote_addr}")
        seconds = math.ceil(wait.total_seconds())
        delay = f"{seconds} secondes" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"
        return render_template(
            "login.html",
            email=email,
            next_url=next_url,
            error=f"Trop de tentatives de connexion. Réessayez dans {delay}.",
        ), 429
    user = authenticate(database, email, password)
    if user is None:
        login_throttle.record_failure(database, keys, moment)
        audit.record(database, email or "?", "login_failed", moment, detail=f"ip {request.remote_addr}")
        return render_template(
            "login.html", email=email, next_url=next_url, error="Adresse e-mail ou mot de passe incorrect."
        ), 401
    login_throttle.record_success(database, keys)
    session.clear()  # no session fixation: a fresh cookie and CSRF token
    session["sid"] = open_session(database, user, moment)
    session.permanent = True
    audit.record(database, user.email, "login", moment, detail=f"ip {request.remote_addr}")
    return redirect(next_url or url_for("inbox.index"), 303)


@blueprint.route("/deconnexion", methods=["POST"])
def logout():
    end_session(db(), session.get("sid"), now())
    audit.record(db(), g.user.email, "logout", now())
    session.clear()
    flash("Vous êtes déconnecté·e.", "info")
    return redirect(url_for("auth.login"), 303)


def _safe_next(target: str | None) -> str | None:
    """Only a path of this site (no open redirect to another one)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
