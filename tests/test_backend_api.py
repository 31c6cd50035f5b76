"""The /v1 API through the shared client, over real HTTP to the reference server on loopback."""

from __future__ import annotations

from datetime import date

import pytest
import requests

from bms_client.errors import (
    AccountLockedError,
    AddressUnknownError,
    AttestationRejectedError,
    InvalidFieldError,
    NoOpenRightsError,
    NotEligibleError,
    SessionExpiredError,
    TerminalUnauthorisedError,
    TooManyRequestsError,
    WrongCodeError,
)
from bms_client.models import MESSAGES_PER_PAGE, MESSAGES_PER_PAGE_MAX, AttestationData

FAMILLE4 = ["184037511203367", "286071305500401", "212057511208830", "115117511209126"]
LEA = "212057511208830"
DURAND = ["275096938301276"]
LEROY = ["158026219303025"]
MOREAU = ["269052123103132"]
FOURNIER = ["177087654003240"]
BERNARD = ["179015935000797", "281065935000828"]
GIRARD = ["295039205007165"]
PETIT = ["288044410904078", "119064410904148", "219064410904294"]
ROUSSEAU_FIRST6 = ["170013155520092", "271023155520108", "172033155520224", "273043155520337",
                   "174053155520453", "275063155520566"]
REF_A, REF_B, REF_C, REF_PAID = "1234567890123456A", "2345678901234567B", "3456789012345678C", "4567890123456789D"


def sms_code(backend_server, nir: str) -> str:
    return requests.get(f"{backend_server.url}/v1/admin/sms-outbox", params={"nir": nir}, timeout=5).json()["code"]


# --- terminal and sessions
def test_unknown_terminal_key_is_refused(backend_server):
    from bms_client.client import BackendClient
    client = BackendClient(backend_server.url, "BMS-TEST-0001.not-the-key", retries=0)
    with pytest.raises(TerminalUnauthorisedError) as exc:
        client.open_session(DURAND, "1234")
    assert "borne" in exc.value.message_fr.lower()


def test_open_session_with_code(backend_server):
    client = backend_server.client()
    info = client.open_session(FAMILLE4, "1234")
    assert (info.assure_prenom, info.assure_nom) == ("PAUL", "MARTIN")
    assert [b["nir"] for b in info.beneficiaries] == FAMILLE4
    assert info.oc_overlap is True
    assert "184037511203367" not in repr(info)
    client.close_session()
    assert not client.has_session
    with pytest.raises(SessionExpiredError):
        client.rights()


def test_wrong_code_attempts_then_locked(backend_server):
    client = backend_server.client()
    with pytest.raises(WrongCodeError) as first:
        client.open_session(DURAND, "0000")
    assert first.value.attempts_left == 2 and first.value.message_fr == "Code incorrect. Il vous reste 2 essais."
    with pytest.raises(WrongCodeError) as second:
        client.open_session(DURAND, "9999")
    assert second.value.attempts_left == 1 and second.value.message_fr == "Code incorrect. Il vous reste 1 essai."
    with pytest.raises(AccountLockedError) as locked:
        client.open_session(DURAND, "1111")
    assert "conseiller" in locked.value.message_fr
    with pytest.raises(AccountLockedError):  # even the right code now
        client.open_session(DURAND, "1234")
    with pytest.raises(AccountLockedError):
        client.request_sms_code(DURAND)


def test_good_code_resets_the_failures(backend_server):
    client = backend_server.client()
    with pytest.raises(WrongCodeError):
        client.open_session(DURAND, "0000")
    client.open_session(DURAND, "1234")
    client.close_session()
    with pytest.raises(WrongCodeError) as again:
        client.open_session(DURAND, "0000")
    assert again.value.attempts_left == 2


def test_sms_flow(backend_server):
    client = backend_server.client()
    sent = client.send_sms_code(FAMILLE4)
    masked = sent.masked_mobile
    assert len(masked) == len("06 ** ** ** 78") and masked.startswith("06 ** ** ** ")
    code = sms_code(backend_server, FAMILLE4[0])
    assert len(code) == sent.code_length == backend_server.config.sms_code_length == 6 and code.isdigit()
    assert sent.validity_seconds == backend_server.config.sms_code_validity_delay
    # asked again at once: refused, with the seconds left (issue 17 item 3); the first code still stands
    with pytest.raises(TooManyRequestsError) as too_soon:
        client.send_sms_code(FAMILLE4)
    resend = backend_server.config.sms_resend_delay
    assert too_soon.value.retry_after is not None and 0 < too_soon.value.retry_after <= resend
    assert sms_code(backend_server, FAMILLE4[0]) == code
    with pytest.raises(WrongCodeError) as wrong:
        client.open_session_sms(FAMILLE4, "000000" if code != "000000" else "111111")
    assert wrong.value.attempts_left == 2
    info = client.open_session_sms(FAMILLE4, code)
    assert info.assure_nom == "MARTIN"
    client.close_session()
    with pytest.raises(WrongCodeError):  # one-time code
        client.open_session_sms(FAMILLE4, code)


def test_sms_code_expires(backend_server):
    client = backend_server.client()
    client.request_sms_code(DURAND)
    code = sms_code(backend_server, DURAND[0])
    backend_server.clock.advance(seconds=backend_server.config.sms_code_validity_delay + 1)
    with pytest.raises(WrongCodeError):
        client.open_session_sms(DURAND, code)


def test_no_mobile_on_file(backend_server):
    with pytest.raises(NotEligibleError) as exc:
        backend_server.client().request_sms_code(LEROY)
    assert exc.value.reason == "no_mobile"


def test_session_expires_with_the_clock(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    client.rights()
    backend_server.clock.advance(seconds=backend_server.config.auth_session_delay + 1)
    with pytest.raises(SessionExpiredError):
        client.rights()
    assert not client.has_session


def test_unknown_account_answers_as_a_wrong_code_and_bad_nir(backend_server):
    client = backend_server.client()
    with pytest.raises(WrongCodeError) as exc:  # no way to tell a known NIR from an unknown one
        client.open_session(["199017511200000"], "1234")
    assert exc.value.attempts_left == 2
    with pytest.raises(InvalidFieldError) as bad:
        client.open_session(["12345"], "1234")
    assert bad.value.field == "card_nirs"


# --- rights and attestation
def test_rights_per_beneficiary(backend_server):
    client = backend_server.client()
    client.open_session(FAMILLE4, "1234")
    entries = client.rights()
    assert [e.rights.nir for e in entries] == FAMILLE4
    lea = entries[2].rights
    assert lea.exoneration_tm and lea.exoneration_label == "ALD"
    assert all(e.address_known and e.caisse_code == "751" and e.code_regime == "01" for e in entries)


def test_attestation_all_with_and_without_exoneration(backend_server):
    client = backend_server.client()
    client.open_session(FAMILLE4, "1234")
    att = client.attestation(None, include_exoneration=True)
    assert isinstance(att, AttestationData)
    assert att.assure_nir == FAMILLE4[0] and att.assure_name == "PAUL MARTIN"
    assert len(att.beneficiaries) == 4 and att.include_exoneration
    assert [b.exoneration_tm for b in att.beneficiaries] == [False, False, True, False]
    assert att.issued_on == backend_server.clock.today()
    assert att.beneficiaries[0].rights_from == date(att.issued_on.year, 1, 1)
    plain = client.attestation(None, include_exoneration=False)
    assert not any(b.exoneration_tm for b in plain.beneficiaries) and not plain.include_exoneration


def test_attestation_one_beneficiary(backend_server):
    client = backend_server.client()
    client.open_session(FAMILLE4, "1234")
    att = client.attestation(LEA, include_exoneration=True)
    assert [b.prenom for b in att.beneficiaries] == ["LEA"]
    with pytest.raises(InvalidFieldError) as exc:  # a beneficiary not on the card
        client.attestation(DURAND[0])
    assert exc.value.field == "beneficiary"


def test_attestation_outcomes(backend_server):
    client = backend_server.client()
    client.open_session(LEROY, "1234")
    with pytest.raises(NoOpenRightsError):
        client.attestation()
    client.close_session()
    client.open_session(MOREAU, "1234")
    with pytest.raises(AddressUnknownError) as unknown:
        client.attestation()
    assert unknown.value.message_fr.startswith("Votre attestation est en cours de composition.")
    client.close_session()
    client.open_session(FOURNIER, "1234")
    with pytest.raises(AttestationRejectedError) as rejected:
        client.attestation()
    assert "informations vous concernant doivent être mises à jour" in rejected.value.message_fr


def test_ij_and_releve_fiscal(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    ij = client.attestation_ij()
    assert ij["periods"] and ij["total"] == "1222.35"
    releve = client.releve_fiscal()
    assert releve["year"] == backend_server.clock.today().year - 1
    backend_server.clock.advance(days=150)  # published 60 days ago: beyond 6 months now
    with pytest.raises(NotEligibleError) as exc:
        client.open_session(DURAND, "1234") and client.releve_fiscal()
    assert exc.value.reason == "releve_expired"
    client.close_session()
    client.open_session(FAMILLE4, "1234")
    with pytest.raises(NotEligibleError) as none:
        client.attestation_ij()
    assert none.value.reason == "no_ij"


# --- créances
@pytest.mark.parametrize("bad", ["123456789012345A", "12345678901234567A", "12345678901234567",
                                 "1234567890123456a", "1234 567890123456A", " 1234567890123456A",
                                 "1234567890123456AB", "A234567890123456A"])
def test_malformed_references(backend_server, bad):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    with pytest.raises(InvalidFieldError) as exc:
        client.creance_lookup(bad)
    assert exc.value.field == "reference"


def test_creance_lookup(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    c = client.creance_lookup(REF_A)
    assert (c.line.reference, c.line.initial_amount, c.line.remaining_amount) == (REF_A, "30.00", "30.00")
    assert c.balance_total == "65.50" and (c.payment_min, c.payment_max) == ("16.00", "50.00")
    assert [o.reference for o in c.others] == [REF_B, REF_C]  # the paid-off one is not listed


def test_creance_not_open(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    for ref in ("9999999999999999Z", REF_PAID, "7890123456789012G"):  # unknown, paid, someone else's
        with pytest.raises(NotEligibleError) as exc:
            client.creance_lookup(ref)
        assert exc.value.reason == "reference_not_open"
        assert exc.value.message_fr == "Cette référence de courrier n'est pas ouverte au paiement en ligne."


def test_remaining_below_minimum(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    with pytest.raises(NotEligibleError) as exc:
        client.creance_lookup(REF_C)
    assert exc.value.reason == "remaining_below_minimum"
    assert "inférieur au montant minimum de paiement en ligne" in exc.value.message_fr


@pytest.mark.parametrize("nirs, ref", [(BERNARD, "5678901234567890E"), (GIRARD, "6789012345678901F")])
def test_service_not_eligible(backend_server, nirs, ref):
    client = backend_server.client()
    client.open_session(nirs, "1234")
    with pytest.raises(NotEligibleError) as exc:
        client.creance_lookup(ref)
    assert exc.value.reason == "service_not_eligible"


@pytest.mark.parametrize("amount", ["15.99", "50.01", "0", "25.555", "-20", "20,00", "abc", "1e2", ""])
def test_bad_amounts(backend_server, amount):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    with pytest.raises(InvalidFieldError) as exc:
        client.pay_creance(REF_A, [REF_B], amount)
    assert exc.value.field == "amount"


def test_amount_above_what_the_lines_owe(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    with pytest.raises(InvalidFieldError) as exc:
        client.pay_creance(REF_A, [], "30.01")
    assert exc.value.field == "amount"
    with pytest.raises(InvalidFieldError) as lines:
        client.pay_creance(REF_A, ["7890123456789012G"], "20")
    assert lines.value.field == "lines"


def test_payment_spread_oldest_first_and_accepted(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    order = client.pay_creance(REF_B, [REF_A], "45.50")
    assert order.status == "pending" and order.amount == "45.50"
    assert order.spread == ((REF_A, "30.00"), (REF_B, "15.50"))
    result = client.payment_result(order.payment_id, True, "A1B2C3", "4242")
    assert result.status == "accepted" and result.message_fr.startswith("Votre paiement a été accepté.")
    assert result.receipt.masked_card == "**** **** **** 4242"
    assert result.receipt.authorisation_number == "A1B2C3" and result.receipt.amount == "45.50"
    again = client.payment_result(order.payment_id, True, "A1B2C3", "4242")  # applied once
    assert again.status == "accepted"
    with pytest.raises(NotEligibleError) as exc:  # balance now 20,00 €: below the 40 € of the service
        client.creance_lookup(REF_B)
    assert exc.value.reason == "service_not_eligible"
    msgs = client.messages().items
    assert [m.title for m in msgs] == ["Accusé de réception de votre paiement de créance"]
    assert msgs[0].expires_at > msgs[0].created_at[:10]


def test_balances_updated_after_payment(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    order = client.pay_creance(REF_A, [], "16")
    client.payment_result(order.payment_id, True, "X9", "0001")
    c = client.creance_lookup(REF_B)
    assert c.balance_total == "49.50"
    assert [(o.reference, o.remaining_amount) for o in c.others] == [(REF_A, "14.00"), (REF_C, "10.00")]


def test_payment_failed_changes_nothing(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    order = client.pay_creance(REF_A, [], "20")
    result = client.payment_result(order.payment_id, False)
    assert result.status == "failed" and result.receipt is None
    assert result.message_fr == "Votre transaction de paiement a échoué."
    assert client.creance_lookup(REF_A).line.remaining_amount == "30.00"
    assert client.messages().items == ()


def test_same_payment_twice_with_one_key_is_recorded_once(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    first = client.pay_creance(REF_A, [], "20.00", idempotency_key="key-0001-durand")
    second = client.pay_creance(REF_A, [], "20.00", idempotency_key="key-0001-durand")
    assert first.payment_id == second.payment_id
    client.payment_result(first.payment_id, True, "OK1", "1111")
    client.payment_result(second.payment_id, True, "OK1", "1111")
    others = {o.reference: o.remaining_amount for o in client.creance_lookup(REF_B).others}
    assert others[REF_A] == "10.00"
    assert len(client.messages().items) == 1


# --- OC
def test_oc_flow_processed_after_seven_days(backend_server):
    client = backend_server.client()
    client.open_session(FAMILLE4, "1234")
    state = client.oc_overlaps()
    assert state["status"] == "open" and "bloquée" in state["message"]
    assert [o["prenom"] for o in state["overlaps"]] == ["PAUL", "CLAIRE"]
    oc = state["overlaps"][0]["ocs"]
    assert {o["adherent"] for o in oc} == {"MGD-481516", "HES-2342"}
    with pytest.raises(InvalidFieldError) as missing:
        client.choose_oc({FAMILLE4[0]: "MGD"})
    assert missing.value.field == "choices"
    with pytest.raises(InvalidFieldError) as stranger:
        client.choose_oc({FAMILLE4[0]: "MGD", LEA: "HES"})
    assert stranger.value.field == "beneficiary_nir"
    choices = {FAMILLE4[0]: "MGD", FAMILLE4[1]: "HES"}
    pending = client.choose_oc(choices, idempotency_key="oc-key-famille4")
    again = client.choose_oc(choices, idempotency_key="oc-key-famille4")
    assert pending["status"] == again["status"] == "pending"
    assert pending["request"]["id"] == again["request"]["id"]
    assert pending["request"]["label"].startswith("DEMANDE EN COURS — Demande faite le ")
    backend_server.clock.advance(days=6)
    client.open_session(FAMILLE4, "1234")  # the first session has expired meanwhile
    assert client.oc_overlaps()["status"] == "pending"
    assert client.messages().items == ()
    backend_server.clock.advance(days=1, seconds=1)
    client.close_session()
    client.open_session(FAMILLE4, "1234")
    assert client.oc_overlaps()["status"] == "none"
    notes = client.messages().items
    assert len(notes) == 1 and notes[0].kind == "notification"
    assert "de nouveau active" in notes[0].body


@pytest.mark.parametrize("nirs, reason", [(BERNARD, "css"), (PETIT, "partner_regime"),
                                          (ROUSSEAU_FIRST6, "too_many_beneficiaries")])
def test_oc_exclusions(backend_server, nirs, reason):
    client = backend_server.client()
    client.open_session(nirs, "1234")
    state = client.oc_overlaps()
    assert state["status"] == "excluded" and state["exclusion"]["reason"] == reason
    with pytest.raises(NotEligibleError) as exc:
        client.choose_oc({o["beneficiary_nir"]: o["ocs"][0]["id"] for o in state["overlaps"]})
    assert exc.value.reason == reason


def test_no_overlap(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    assert client.oc_overlaps()["status"] == "none"


def test_concurrent_sends_of_one_payment_key_record_one_order(backend_server):
    from concurrent.futures import ThreadPoolExecutor

    from bms_client.errors import ConflictError
    client = backend_server.client()
    client.open_session(DURAND, "1234")

    def send(_):
        try:
            return client.pay_creance(REF_A, [], "20.00", idempotency_key="same-key-concurrent").payment_id
        except ConflictError:
            return None
    with ThreadPoolExecutor(8) as pool:
        ids = {i for i in pool.map(send, range(8)) if i}
    assert len(ids) == 1
    assert backend_server.rows("SELECT count(*) AS n FROM payments")[0]["n"] == 1


def test_no_full_nir_in_logs(backend_server, caplog):
    import logging
    caplog.set_level(logging.DEBUG)
    client = backend_server.client()
    with pytest.raises(WrongCodeError):
        client.open_session(FAMILLE4, "0000")
    client.open_session(FAMILLE4, "1234")
    client.attestation(LEA, True)
    text = caplog.text
    for nir in FAMILLE4:
        assert nir not in text
    assert "1 84 ** ** *** *** **" in text


def test_acknowledgement_kept_for_the_retention_months(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    order = client.pay_creance(REF_A, [], "16")
    client.payment_result(order.payment_id, True, "K1", "5555")
    backend_server.clock.advance(days=180)
    client.open_session(DURAND, "1234")
    assert [m.title for m in client.messages().items] == ["Accusé de réception de votre paiement de créance"]
    backend_server.clock.advance(days=10)  # beyond 6 months
    client.open_session(DURAND, "1234")
    assert client.messages().items == ()


def test_thresholds_come_from_the_settings_table(tmp_path):
    from bms_client.config import Config
    from tests.support.backend import BackendHandle
    handle = BackendHandle(tmp_path / "b.sqlite3", Config({"creance_eligibility_min": 100,
                                                          "creance_eligibility_max": 150,
                                                          "auth_max_attempts": 1, "payment_min": 5}))
    try:
        client = handle.client()
        with pytest.raises(AccountLockedError):  # one failure is enough here
            client.open_session(FAMILLE4, "0000")
        client.open_session(DURAND, "1234")
        with pytest.raises(NotEligibleError) as exc:  # 65,50 € is outside the 2019 range 100–150 €
            client.creance_lookup(REF_A)
        assert exc.value.reason == "service_not_eligible"
    finally:
        handle.stop()


def test_messages_come_a_page_at_a_time_newest_first(backend_server):
    # one person paid at the terminal every day for months: the list is paged, never sent whole
    backend_server.add_messages(DURAND[0], 45)
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    first = client.messages()
    assert (len(first.items), first.total, first.offset) == (MESSAGES_PER_PAGE, 45, 0) and first.more
    assert [m.title for m in first.items[:2]] == ["Message 44", "Message 43"]
    last = client.messages(offset=40)
    assert [m.title for m in last.items] == [f"Message {n}" for n in (4, 3, 2, 1, 0)] and not last.more
    assert [m.title for m in client.messages(offset=3, limit=2).items] == ["Message 41", "Message 40"]
    assert client.messages(offset=45).items == ()
    for query in ("limit=0", f"limit={MESSAGES_PER_PAGE_MAX + 1}", "offset=-1", "limit=abc"):
        answer = client.http.get(f"{backend_server.url}/v1/messages?{query}", timeout=5,
                                 headers={"X-Session-Token": client._token})
        assert answer.status_code == 422, query
