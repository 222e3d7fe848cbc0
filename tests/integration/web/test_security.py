"""Nothing without logging in, CSRF on every form, throttled logins, sessions that end,
candidates' text shown as text."""

from __future__ import annotations

import pytest

from bot.referents import audit
from bot.storage.referent_tables import ReferentSession

PAGES = [
    "/",
    "/questions/Q-AAAAAAAA",
    "/tableau-de-bord",
    "/effacer",
    "/export.csv",
    "/connaissances.csv",
    "/?statut=answered&recherche=x",
]
ACTIONS = [
    "/questions/{ref}/repondre",
    "/questions/{ref}/classer",
    "/questions/{ref}/rouvrir",
    "/questions/{ref}/transmettre",
    "/questions/{ref}/connaissances",
    "/effacer",
    "/purge",
    "/deconnexion",
]


def _is_login_redirect(response) -> bool:
    return response.status_code in (302, 303) and response.headers["Location"].startswith("/connexion")


def test_every_page_needs_a_login(site):
    reference = site.add_ticket("Question privée", email="secret@example.org")
    client = site.client()
    for path in PAGES + [f"/questions/{reference}"]:
        response = client.get(path)
        assert _is_login_redirect(response), path
        assert "secret@example.org" not in response.get_data(as_text=True)
    login_page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "<h1>Connexion</h1>" in login_page


def test_every_action_needs_a_login_even_with_a_valid_csrf_token(site):
    reference = site.add_ticket("Question à ne pas toucher")
    client = site.client()
    token = site.csrf(client)
    for path in ACTIONS:
        response = client.post(
            path.format(ref=reference),
            data={
                "csrf_token": token,
                "answer": "x",
                "email": "candidate@example.org",
                "confirm": "oui",
                "to": "x@cfwb.be",
            },
        )
        assert _is_login_redirect(response), path
    with site.sessions() as session:
        from bot.referents.inbox import get_ticket

        ticket = get_ticket(session, reference)
        assert ticket.status == "new" and ticket.answer is None


def test_post_without_csrf_token_is_refused(site, logged_in):
    reference = site.add_ticket("Une question")
    response = logged_in.post(f"/questions/{reference}/classer", data={})
    assert response.status_code == 400 and "Formulaire expiré" in response.get_data(as_text=True)
    response = logged_in.post(f"/questions/{reference}/classer", data={"csrf_token": "forged"})
    assert response.status_code == 400
    with site.sessions() as session:
        from bot.referents.inbox import get_ticket

        assert get_ticket(session, reference).status == "new"
    # The same form with its token works.
    assert site.post(logged_in, f"/questions/{reference}/classer").status_code == 303


def test_login_itself_needs_the_csrf_token(site):
    site.add_user("ana@cfwb.be", "Ana")
    response = site.client().post("/connexion", data={"email": "ana@cfwb.be", "password": "un mot de passe assez long"})
    assert response.status_code == 400


def test_ten_wrong_passwords_in_a_row_are_throttled(site):
    site.add_user("ana@cfwb.be", "Ana")
    client = site.client()
    statuses = [site.login(client, "ana@cfwb.be", "mauvais mot de passe").status_code for _ in range(10)]
    assert statuses[:5] == [401] * 5  # five free attempts
    assert statuses[5:] == [429] * 5  # then refused without being checked
    refused = site.login(client, "ana@cfwb.be")
    assert refused.status_code == 429 and "Trop de tentatives" in refused.get_data(as_text=True)
    site.clock.advance(seconds=14)
    assert site.login(client, "ana@cfwb.be").status_code == 429
    site.clock.advance(seconds=2)  # the 15 s delay has passed
    assert site.login(client, "ana@cfwb.be").status_code == 303
    with site.sessions() as session:
        actions = [entry.action for entry in audit.entries(session)]
    assert actions.count("login_failed") == 5 and actions.count("login_throttled") == 7
    assert actions[0] == "login"


def test_the_delay_grows_with_each_failure(site):
    site.add_user("ana@cfwb.be", "Ana")
    client = site.client()
    for _ in range(5):
        site.login(client, "ana@cfwb.be", "faux")
    site.clock.advance(seconds=16)
    assert site.login(client, "ana@cfwb.be", "encore faux").status_code == 401  # sixth failure: 30 s
    site.clock.advance(seconds=20)
    assert site.login(client, "ana@cfwb.be").status_code == 429
    site.clock.advance(seconds=11)
    assert site.login(client, "ana@cfwb.be").status_code == 303


def test_a_session_cannot_be_reused_after_logout(site, logged_in):
    assert logged_in.get("/").status_code == 200
    stolen = logged_in.get_cookie("wbe_referent").value
    assert site.post(logged_in, "/deconnexion").status_code == 303
    assert _is_login_redirect(logged_in.get("/"))
    replay = site.client()
    replay.set_cookie("wbe_referent", stolen)
    assert _is_login_redirect(replay.get("/"))
    with site.sessions() as session:
        [row] = session.query(ReferentSession).all()
        assert row.ended_at is not None


def test_session_cookie_flags(site):
    site.add_user("ana@cfwb.be", "Ana")
    client = site.client()
    response = site.login(client, "ana@cfwb.be")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # REFERENT_WEB_SECURE_COOKIES unset in this test


def test_html_in_a_question_is_shown_as_text(site, logged_in):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)> Mon diplôme ?'
    reference = site.add_ticket(attack)
    for path in ("/?statut=new", f"/questions/{reference}"):
        page = logged_in.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page, path


def test_security_headers(site, logged_in):
    response = logged_in.get("/")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_no_open_redirect_after_login(site, target):
    site.add_user("ana@cfwb.be", "Ana")
    client = site.client()
    token = site.csrf(client)
    response = client.post(
        "/connexion",
        data={"email": "ana@cfwb.be", "password": "un mot de passe assez long", "csrf_token": token, "suivant": target},
    )
    assert response.headers["Location"] == "/"
