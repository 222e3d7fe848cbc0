"""What a referent does from the web inbox, down to the emails and the database."""

from __future__ import annotations

import csv
import io

from bot.referents import audit
from bot.referents import desk as desk
from bot.referents.inbox import get_ticket, list_tickets
from bot.referents.usage_counts import count_topic, count_verdict
from bot.storage.referent_tables import TicketEvent
from tests.integration.web.conftest import OFFER_ID


def test_inbox_lists_newest_first_with_filters_and_search(site, logged_in):
    old = site.add_ticket("Le permis B est-il obligatoire ?", conversation="a", days_ago=2)
    new = site.add_ticket("Puis-je télétravailler ?", conversation="b")
    page = logged_in.get("/").get_data(as_text=True)
    assert page.index(new) < page.index(old)
    page = logged_in.get("/?statut=new&recherche=permis").get_data(as_text=True)
    assert old in page and new not in page
    assert new not in logged_in.get("/?statut=answered").get_data(as_text=True)
    assert old in logged_in.get(f"/?statut=all&offre={OFFER_ID}").get_data(as_text=True)
    assert old not in logged_in.get("/?statut=all&offre=another-offer").get_data(as_text=True)


def test_forward_then_the_colleague_answers_once(site, logged_in, smtp_server):
    site.add_user("bea@cfwb.be", "Béa Collègue")
    reference = site.add_ticket("Mon diplôme marocain est-il reconnu ?", email="karim@example.org")
    response = site.post(
        logged_in,
        f"/questions/{reference}/transmettre",
        {"to": "bea@cfwb.be", "note": "Tu connais le dossier des équivalences ?"},
        token_from=f"/questions/{reference}",
    )
    assert response.status_code == 303
    [forwarded] = smtp_server.messages
    assert forwarded["To"] == "bea@cfwb.be" and reference in forwarded["Subject"]
    body = forwarded.get_content()
    assert f"http://referents.test/questions/{reference}" in body and "équivalences" in body
    assert "karim@example.org" not in body
    page = logged_in.get(f"/questions/{reference}").get_data(as_text=True)
    assert 'id="ticket-holder">bea@cfwb.be' in page
    assert "Transmise par ana@cfwb.be à bea@cfwb.be" in page

    colleague = site.client()
    site.login(colleague, "bea@cfwb.be")
    site.post(
        colleague,
        f"/questions/{reference}/repondre",
        {"answer": "Oui, avec une équivalence."},
        token_from=f"/questions/{reference}",
    )
    answers = [m for m in smtp_server.messages if m["To"] == "karim@example.org"]
    assert len(answers) == 1 and "Oui, avec une équivalence." in answers[0].get_content()

    # The first referent answers too late: refused, nothing sent, the answer unchanged.
    late = site.post(
        logged_in, f"/questions/{reference}/repondre", {"answer": "Non."}, token_from=f"/questions/{reference}"
    )
    assert "déjà reçu une réponse" in logged_in.get(late.headers["Location"]).get_data(as_text=True)
    assert len([m for m in smtp_server.messages if m["To"] == "karim@example.org"]) == 1
    with site.sessions() as session:
        assert get_ticket(session, reference).answer == "Oui, avec une équivalence."
        kinds = [(e.kind, e.actor) for e in desk.history(session, reference)]
        assert kinds == [("forwarded", "ana@cfwb.be"), ("answered", "bea@cfwb.be")]
        actions = {(e.actor, e.action) for e in audit.entries(session, reference=reference)}
        assert actions == {("ana@cfwb.be", "forward"), ("bea@cfwb.be", "answer")}


def test_close_reopen_knowledge_and_exports(site, logged_in):
    closed = site.add_ticket("Question à classer", conversation="c")
    answered = site.add_ticket("Le salaire est-il indexé ?", email=None, conversation="d")
    site.post(logged_in, f"/questions/{closed}/classer")
    with site.sessions() as session:
        assert get_ticket(session, closed).status == "closed"
    site.post(logged_in, f"/questions/{closed}/rouvrir")
    site.post(logged_in, f"/questions/{answered}/repondre", {"answer": "Oui, il suit l'index."})
    site.post(logged_in, f"/questions/{answered}/connaissances")
    with site.sessions() as session:
        assert get_ticket(session, closed).status == "new"
        assert get_ticket(session, answered).status == "answered"
    rows = list(
        csv.DictReader(io.StringIO(logged_in.get("/connaissances.csv").get_data(as_text=True).lstrip("\ufeff")))
    )
    assert [(r["reference"], r["answer"], r["marked_by"]) for r in rows] == [
        (answered, "Oui, il suit l'index.", "ana@cfwb.be")
    ]
    export = logged_in.get("/export.csv?statut=new")
    assert export.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["reference"] for r in rows] == [closed]
    with site.sessions() as session:
        actions = [e.action for e in audit.entries(session)]
    for action in ("close", "reopen", "answer", "knowledge", "export_knowledge", "export", "login"):
        assert action in actions


def test_erase_a_candidate_removes_tickets_and_history(site, logged_in):
    mine = site.add_ticket("Question de Zoé", email="zoe@example.org", conversation="z")
    other = site.add_ticket("Question d'Yves", email="yves@example.org", conversation="y")
    for reference in (mine, other):
        site.post(logged_in, f"/questions/{reference}/transmettre", {"other": "rh@cfwb.be", "note": "Zoé ?"})
    refused = site.post(logged_in, "/effacer", {"email": "zoe@example.org"}, token_from="/effacer")
    assert refused.status_code == 400
    site.post(logged_in, "/effacer", {"email": "zoe@example.org", "confirm": "oui"}, token_from="/effacer")
    with site.sessions() as session:
        assert [t.reference for t in list_tickets(session)] == [other]
        assert {e.reference for e in session.query(TicketEvent)} == {other}
        [erase] = [e for e in audit.entries(session) if e.action == "erase"]
        assert "zoe@example.org" not in (erase.detail or "") and erase.actor == "ana@cfwb.be"


def test_purge_clears_expired_tickets_and_their_history(site, logged_in, monkeypatch):
    old = site.add_ticket("Très vieille question", conversation="o", days_ago=200)
    recent = site.add_ticket("Question récente", conversation="r")
    for reference in (old, recent):
        site.post(logged_in, f"/questions/{reference}/transmettre", {"other": "rh@cfwb.be"})
    site.post(logged_in, "/purge", token_from="/tableau-de-bord")
    with site.sessions() as session:
        assert [t.reference for t in list_tickets(session)] == [recent]
        assert {e.reference for e in session.query(TicketEvent)} == {recent}
        # The audit keeps who forwarded the purged question, never the candidate's data.
        assert {e.reference for e in audit.entries(session) if e.action == "forward"} == {old, recent}


def test_dashboard_shows_the_counts_of_the_database(site, logged_in):
    for topic, times in (("salary", 3), ("deadline", 1)):
        for _ in range(times):
            assert count_topic(site.sessions, OFFER_ID, topic, site.clock())
    count_verdict(site.sessions, OFFER_ID, "eligible", site.clock())
    count_verdict(site.sessions, OFFER_ID, "not_eligible", site.clock())
    count_verdict(site.sessions, OFFER_ID, "not_eligible", site.clock())
    site.add_ticket("En attente", conversation="w1")
    answered = site.add_ticket("Répondue", conversation="w2")
    site.clock.advance(hours=1, minutes=30)
    site.post(logged_in, f"/questions/{answered}/repondre", {"answer": "Réponse."})
    page = logged_in.get("/tableau-de-bord").get_data(as_text=True)
    assert '<th scope="row">Le salaire</th><td data-count="3">' in page
    assert '<th scope="row">La date limite</th><td data-count="1">' in page
    assert '<th scope="row">Ne semble pas remplir les conditions</th><td data-count="2">' in page
    assert 'id="waiting-count">1<' in page and 'id="median-time">1 h 30 min<' in page
    assert "candidate@example.org" not in page


def test_undeliverable_emails_are_shown_and_can_be_sent_again(site, logged_in, smtp_server, monkeypatch):
    from bot.mail import outbox
    from bot.settings import load_settings

    settings = load_settings()
    with site.sessions.begin() as session:
        message = outbox.enqueue(
            session, settings, "nulle-part@example.org", "Réponse à votre question", "Texte", site.clock(), "Q-AAAABBBB"
        )
        session.flush()
        message.status, message.attempts, message.last_error = outbox.DEAD, 10, "SMTP 550: 'no such user'"
        message_id = message.id
    page = logged_in.get("/").get_data(as_text=True)
    assert "E-mails non envoyés" in page and "nulle-part@example.org" in page and "no such user" in page
    response = site.post(logged_in, f"/envois/{message_id}/renvoyer")
    assert response.status_code == 303
    with site.sessions() as session:
        assert session.get(outbox.OutboxMessage, message_id).status == outbox.PENDING
        assert "email_retry" in [e.action for e in audit.entries(session)]
    assert outbox.deliver_due(site.sessions, settings).sent == 1
    assert [m["To"] for m in smtp_server.messages] == ["nulle-part@example.org"]
    assert "E-mails non envoyés" not in logged_in.get("/").get_data(as_text=True)
