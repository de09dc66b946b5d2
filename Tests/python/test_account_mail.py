"""Email verification and password reset through nginx, with the mail read from the stack's
SMTP sink (aiosmtpd writing a Maildir): the links work once, a reset ends every session, and an
unknown address gets the same answer as a known one."""
import glob
import mailbox
import os
import re
import time

PASSWORD = "correct horse battery staple 9"


def wait_for_mail(stack, address, subject_word, timeout=15):
    """The body of the newest mail to `address` whose subject has `subject_word`, waiting for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        box = mailbox.Maildir(stack["MAIL_DIR"], create=False)
        found = [message for message in box if message["To"] == "<%s>" % address and subject_word in message["Subject"]]
        if found:
            return found[-1].get_payload(decode=True).decode()
        time.sleep(0.1)
    raise AssertionError("no %r mail for %s" % (subject_word, address))


def token_in(body, route):
    match = re.search(r"/#/%s\?token=([A-Za-z0-9_-]+)" % route, body)
    assert match, body
    return match.group(1)


def test_the_verification_link_confirms_the_address_once(client, email, stack):
    status, _, registered = client.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD})
    assert status == 201
    body = wait_for_mail(stack, email, "Confirm")
    assert "http://127.0.0.1:%s/#/verify-email?token=" % stack["NGINX_HTTP_PORT"] in body
    token = token_in(body, "verify-email")

    status, _, me = client.call("GET", "/api/v1/users/me", token=registered["access_token"])
    assert me["email_verified"] is False
    status, _, _ = client.call("POST", "/api/v1/auth/verify-email", {"token": token})
    assert status == 204
    status, _, me = client.call("GET", "/api/v1/users/me", token=registered["access_token"])
    assert me["email_verified"] is True
    status, _, again = client.call("POST", "/api/v1/auth/verify-email", {"token": token})
    assert status == 422 and again["error"]["code"] == "invalid_token"
    status, _, already = client.call("POST", "/api/v1/auth/verify-email/request", token=registered["access_token"])
    assert status == 409


def test_a_password_reset_works_once_and_ends_every_session(client, email, stack, sql):
    status, _, registered = client.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD})
    assert status == 201
    known = client.call("POST", "/api/v1/auth/password-reset/request", {"email": email})
    unknown = client.call("POST", "/api/v1/auth/password-reset/request", {"email": "nobody-" + email})
    assert known[0] == unknown[0] == 202 and known[2] == unknown[2]
    token = token_in(wait_for_mail(stack, email, "Reset"), "reset-password")

    # A password the rules refuse does not spend the link.
    status, _, weak = client.call("POST", "/api/v1/auth/password-reset", {"token": token, "password": "password1"})
    assert status == 422 and weak["error"]["code"] == "password_common"
    fresh = token
    new_password = "an entirely new passphrase 3"
    status, _, _ = client.call("POST", "/api/v1/auth/password-reset", {"token": fresh, "password": new_password})
    assert status == 204
    status, _, reused = client.call("POST", "/api/v1/auth/password-reset", {"token": fresh, "password": new_password + "x"})
    assert status == 422

    status, _, after = client.call("GET", "/api/v1/auth/session", token=registered["access_token"])
    assert status == 401
    assert client.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})[0] == 401
    assert client.call("POST", "/api/v1/auth/login", {"email": email, "password": new_password})[0] == 200
    events = [row[0] for row in sql("SELECT event FROM audit_log WHERE target_id = (SELECT id FROM users WHERE email = :'p1')", email)]
    assert "password_reset" in events

    # The tokens never reached a log.
    for path in glob.glob(os.path.join(stack["STACK_DIR"], "logs", "*.log")):
        with open(path, errors="replace") as handle:
            text = handle.read()
        assert token not in text and fresh not in text, path
