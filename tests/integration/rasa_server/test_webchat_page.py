"""The web chat page served by the Rasa server's channel (rasa_server/webchat.py)."""

from __future__ import annotations


def test_chat_page_is_filled_from_the_offer_data_and_escaped(offer_data):
    from rasa_server.webchat import STATIC_DIR, render_page

    page = render_page((STATIC_DIR / "index.html").read_text(encoding="utf-8"))
    assert "{{" not in page
    assert offer_data.header["reference"] in page
    assert f"circulaire {offer_data.header['circular_number']}" in page
    assert offer_data.topics["contact"].facts["email"] in page
    assert "Conseiller·ère Techno-Pédagogique en charge de l&#x27;Intégration" in page
