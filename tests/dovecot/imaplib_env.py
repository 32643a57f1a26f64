# SPDX-License-Identifier: MIT
"""Connect to the fixture of tests/dovecot/start DIR with Python's imaplib:
IMAPS with the fixture's CA (host name checked); with --no-starttls
(no IMAPS) or --expired (nothing to verify against) plain IMAP on
loopback.  Shared by append and count."""

import imaplib
import ssl


def read_env(d):
    env = {}
    with open(d + "/env") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            env[k] = v
    if not env.get("PID"):
        raise SystemExit(d + ": Dovecot is not running (tests/dovecot/start)")
    return env


def connect(d):
    env = read_env(d)
    ctx = ssl.create_default_context(cafile=env["CA_FILE"])
    if env["IMAPS_PORT"] and env.get("EXPIRED") != "1":
        m = imaplib.IMAP4_SSL(env["HOST"], int(env["IMAPS_PORT"]),
                              ssl_context=ctx, timeout=30)
    else:
        m = imaplib.IMAP4("127.0.0.1", int(env["IMAP_PORT"]), timeout=30)
        if "STARTTLS" in m.capabilities and env.get("EXPIRED") != "1":
            m.starttls(ctx)
    m.login(env["IMAP_USER"], env["IMAP_PASSWORD"])
    return m
