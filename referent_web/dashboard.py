"""The dashboard (counts only), the retention purge and the knowledge export."""

from __future__ import annotations

import io

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from bot.referents import audit, retention
from bot.referents import dashboard as referent_dashboard
from bot.referents import desk as desk
from bot.referents.tickets import STATUSES
from referent_web import charts
from referent_web.context import actor, db, now, services
from referent_web.formatting import TOPIC_LABELS, VERDICT_LABELS, short_week

blueprint = Blueprint("dashboard", __name__)


@blueprint.route("/tableau-de-bord")
def index():
    weeks = request.args.get("semaines", type=int) or 8
    weeks = min(max(weeks, 1), 52)
    figures = referent_dashboard.build(db(), now(), weeks=weeks, unanswered_days=30)
    topic_bars = charts.bars([(TOPIC_LABELS.get(t, t), c) for t, c in figures.topics])
    verdict_bars = charts.bars([(VERDICT_LABELS.get(v, v), c) for v, c in figures.verdicts])
    line = charts.time_line([(short_week(week), count) for week, count in figures.answers_per_week])
    return render_template(
        "dashboard.html",
        figures=figures,
        weeks=weeks,
        topic_bars=topic_bars,
        verdict_bars=verdict_bars,
        line=line,
        retention_days=services().settings.retention_days,
        statuses=STATUSES,
    )


@blueprint.route("/purge", methods=["POST"])
def purge():
    days = services().settings.retention_days
    try:
        removed = retention.purge(db(), services().settings, now(), days)
    except retention.TrackerStoreUnreachable:
        flash(
            "Rien n'a été supprimé : la base des conversations ne répond pas. Réessayez dans quelques minutes.", "error"
        )
        return redirect(url_for("dashboard.index"), 303)
    audit.record(
        db(),
        actor(),
        "purge",
        now(),
        detail=f"{removed.tickets} question(s), {removed.messages} "
        f"message(s), {removed.events} conversation event(s), {days} j",
    )
    flash(
        f"Données de plus de {days} jours supprimées : {removed.tickets} question(s), {removed.messages} "
        f"message(s), {removed.emails} e-mail(s) et {removed.events} élément(s) de conversation.",
        "success",
    )
    return redirect(url_for("dashboard.index"), 303)


@blueprint.route("/connaissances.csv")
def knowledge_export():
    out = io.StringIO()
    count = desk.export_knowledge_csv(db(), out)
    audit.record(db(), actor(), "export_knowledge", now(), detail=f"{count} réponse(s)")
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="reponses-a-ajouter.csv"'},
    )
