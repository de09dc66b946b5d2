"""An independent client drives accounts end to end through nginx and checks our tokens, hashes
and one-time codes with PyJWT, bcrypt and pyotp."""
import glob
import os
import time

import bcrypt
import jwt
import pyotp

PASSWORD = "correct horse battery staple 7"


def test_register_login_refresh_reuse_logout(client, email, sql, stack):
    status, _, registered = client.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD})
    assert status == 201, registered

    # Our access tokens verify against our JWKS with PyJWT (EdDSA), with the documented claims.
    status, _, jwks = client.call("GET", "/.well-known/jwks.json")
    assert status == 200
    header = jwt.get_unverified_header(registered["access_token"])
    key = next(entry for entry in jwks["keys"] if entry["kid"] == header["kid"])
    claims = jwt.decode(registered["access_token"], jwt.PyJWK(key).key, algorithms=["EdDSA"], audience="modporter", issuer="modporter-auth")
    assert claims["exp"] - claims["iat"] == 900
    assert claims["roles"] == ["user"]
    assert set(claims) >= {"iss", "aud", "sub", "iat", "nbf", "exp", "jti", "sid", "roles"}

    # The stored password hash is bcrypt at cost 12 (the production setting the stack runs).
    rows = sql("SELECT password_hash FROM users WHERE email = :'p1'", email)
    assert rows and rows[0][0].startswith("$2b$12$")
    assert bcrypt.checkpw(PASSWORD.encode(), rows[0][0].encode())

    status, _, login = client.call("POST", "/api/v1/auth/login", {"email": email.upper(), "password": PASSWORD})
    assert status == 200, login
    status, _, session = client.call("GET", "/api/v1/auth/session", token=login["access_token"])
    assert status == 200 and session["user_id"] == claims["sub"]
    status, _, me = client.call("GET", "/api/v1/users/me", token=login["access_token"])
    assert status == 200 and me["email"] == email

    # Refresh rotates; the old token presented again revokes the family; the event is audited.
    status, _, rotated = client.call("POST", "/api/v1/auth/refresh", {"refresh_token": login["refresh_token"]})
    assert status == 200 and rotated["refresh_token"] != login["refresh_token"]
    status, _, reuse = client.call("POST", "/api/v1/auth/refresh", {"refresh_token": login["refresh_token"]})
    assert status == 401 and reuse["error"]["code"] == "invalid_refresh_token"
    status, _, _ = client.call("POST", "/api/v1/auth/refresh", {"refresh_token": rotated["refresh_token"]})
    assert status == 401
    events = sql("SELECT event, outcome FROM audit_log WHERE target_id = (SELECT id FROM users WHERE email = :'p1') ORDER BY id", email)
    assert ["refresh_token_reuse", "failure"] in events
    assert ["login", "success"] in events and ["register", "success"] in events

    # 2FA: setup gives a secret pyotp understands; enable needs a valid code; sign-in then needs one.
    status, _, fresh = client.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    assert status == 200
    status, _, setup = client.call("POST", "/api/v1/auth/2fa/setup", token=fresh["access_token"])
    assert status == 200 and setup["otpauth_uri"].startswith("otpauth://totp/")
    totp = pyotp.TOTP(setup["secret"])
    assert pyotp.parse_uri(setup["otpauth_uri"]).secret == setup["secret"]
    status, _, enabled = client.call("POST", "/api/v1/auth/2fa/enable", {"code": totp.now()}, token=fresh["access_token"])
    assert status == 200 and len(enabled["recovery_codes"]) == 10
    status, _, challenge = client.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    assert status == 200 and challenge["mfa_required"] is True and "access_token" not in challenge
    next_code = totp.at(time.time() + 30)
    status, _, again = client.call("POST", "/api/v1/auth/login/2fa", {"mfa_token": challenge["mfa_token"], "code": next_code})
    assert status == 200, again
    status, _, challenge = client.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    status, _, replay = client.call("POST", "/api/v1/auth/login/2fa", {"mfa_token": challenge["mfa_token"], "code": next_code})
    assert status == 401 and replay["error"]["code"] == "invalid_code"

    # Logout: the access token stops working at once.
    status, _, _ = client.call("POST", "/api/v1/auth/logout", token=again["access_token"])
    assert status == 204
    status, _, after = client.call("GET", "/api/v1/auth/session", token=again["access_token"])
    assert status == 401 and after["error"]["code"] == "session_ended"

    # Nothing secret reached the logs.
    secrets = [PASSWORD, login["refresh_token"], rotated["refresh_token"], again["refresh_token"], again["access_token"], setup["secret"],
               enabled["recovery_codes"][0], challenge["mfa_token"]]
    for path in glob.glob(os.path.join(stack["STACK_DIR"], "logs", "*.log")):
        with open(path, errors="replace") as handle:
            text = handle.read()
        for secret in secrets:
            assert secret not in text, "a secret appears in " + path


def test_unknown_email_and_wrong_password_answer_alike(client, email):
    status, _, _ = client.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD})
    assert status == 201
    wrong = client.call("POST", "/api/v1/auth/login", {"email": email, "password": "definitely not it"})
    unknown = client.call("POST", "/api/v1/auth/login", {"email": "nobody-" + email, "password": "definitely not it"})
    assert wrong[0] == unknown[0] == 401
    for body in (wrong[2], unknown[2]):
        body["error"].pop("request_id")
    assert wrong[2] == unknown[2]


def test_forged_tokens_are_refused(client):
    forged = jwt.encode({"sub": "x", "aud": "modporter", "iss": "modporter-auth"}, "an-hmac-secret-long-enough-for-sha256!!", algorithm="HS256", headers={"kid": "k1"})
    status, _, body = client.call("GET", "/api/v1/auth/session", token=forged)
    assert status == 401 and body["error"]["code"] == "unsupported_algorithm"
    unsigned = jwt.encode({"sub": "x"}, None, algorithm="none", headers={"kid": "k1"})
    status, _, _ = client.call("GET", "/api/v1/auth/session", token=unsigned)
    assert status == 401
