#!/usr/bin/env python3
"""Writes an upgrade fixture through a running Lookout's own API and records what it answered.

    make-fixture.py events   OUT.json              # the events (deterministic; no server needed)
    make-fixture.py write    BASE EVENTS.json OUT.expected.json

`write` talks to a freshly started server (admin password and project key of README.md): it sets
the project's retention to the maximum first (so the fixture's November events survive any later
cleanup), creates the views, sends the events, waits until every one is readable, resolves one
group and ignores another, and then records every event's group and checksum, every group and
every view group: the expectations UpgradeIT checks after the upgrade.
"""
import base64
import hashlib
import json
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

PROJECT_KEY = "0123456789abcdef0123456789abcdef"
ADMIN = ("admin", "fixture-admin-pw")
# the fixed "now" of the fixture: the day schema V7 was released
BASE_TIME = datetime(2026, 11, 28, 18, 0, 0, tzinfo=timezone.utc)
VIEWS = [
    {"name": "Exceptions by URL", "slug": "exceptions-by-url", "types": ["exception"], "keys": ["url"]},
    {"name": "Requests by server and status", "slug": "requests-by-server", "types": ["request"], "keys": ["server", "status"]},
]


def frame(module, function, lineno, in_app=True, filename=None):
    return {"module": module, "function": function, "filename": filename or module.rsplit(".", 1)[-1] + ".java",
            "lineno": lineno, "inApp": in_app}


FRAMEWORK = [frame("java.lang.Thread", "run", 840, False),
             frame("org.jboss.resteasy.core.MethodInjectorImpl", "invoke", 154, False)]

EXCEPTIONS = [
    # (weight, builder(rng) -> data, url choices)
    (40, lambda r: {"type": "java.lang.IllegalStateException", "value": "cart %d is empty" % r.randint(1, 9999),
                    "frames": FRAMEWORK + [frame("com.acme.shop.CartResource", "checkout", 88),
                                           frame("com.acme.shop.Cart", "checkout", 42 + r.randint(0, 3))]},
     ["/checkout", "/cart/{id}"]),
    (25, lambda r: {"type": "java.lang.NullPointerException", "value": None,
                    "frames": FRAMEWORK + [frame("com.acme.shop.OrderService", "lambda$place$3", 120),
                                           frame("com.acme.shop.OrderService$$EnhancerByCGLIB$$a1b2c3", "place", None, False),
                                           frame("com.acme.shop.Pricing", "total", 61)]},
     ["/orders", "/checkout"]),
    (15, lambda r: {"type": "jakarta.persistence.OptimisticLockException", "value": "Row was updated by another transaction: Order#%d" % r.randint(1, 500),
                    "frames": FRAMEWORK + [frame("com.acme.shop.OrderService", "update", 77)],
                    "cause": {"type": "org.eclipse.persistence.exceptions.OptimisticLockException",
                              "value": "version %d" % r.randint(1, 50),
                              "frames": [frame("org.eclipse.persistence.internal.sessions.CommitManager", "commit", 300, False)]}},
     ["/orders/{id}"]),
    (10, lambda r: {"type": "java.net.SocketTimeoutException", "value": "Read timed out after %d ms" % r.randint(1000, 30000),
                    "frames": [frame("java.net.SocketInputStream", "read", 168, False),
                               frame("sun.net.www.http.HttpClient", "parseHTTP", 790, False)]},
     ["/payment", "/checkout"]),
    (8, lambda r: {"type": "com.acme.payment.GatewayException", "value": "gateway %s refused card ****%04d" % (r.choice(["eu-1", "us-2"]), r.randint(0, 9999)),
                   "frames": [frame("com.acme.payment.Gateway", "charge", 55)]},
     ["/payment"]),
    (6, lambda r: {"type": "java.lang.StackOverflowError", "value": None,
                   "frames": [frame("com.acme.shop.Category", "parent", 19)] * 12 + [frame("com.acme.shop.Category", "path", 30)]},
     ["/catalog/{id}"]),
    (6, lambda r: {"type": "java.lang.IllegalArgumentException", "value": "no such sku '%s'" % r.choice(["A-1", "B-22", "C-333"])},
     ["/catalog/{id}"]),
]

MESSAGES = [
    (30, lambda r: ({"message": "User %s failed login %d times", "params": [r.choice(["bob", "alice", "eve"]), r.randint(1, 9)],
                     "logger": "com.acme.auth.Login"}, "warning")),
    (20, lambda r: ({"message": "Order %d shipped to %s in %d ms" % (r.randint(1000, 9999), r.choice(["10.0.0.%d" % r.randint(1, 254), "ops@acme.example"]), r.randint(5, 900)),
                     "logger": "com.acme.shop.Shipping"}, "info")),
    (12, lambda r: ({"message": "Cache {} evicted {} entries", "params": [r.choice(["prices", "stock"]), r.randint(1, 100)],
                     "logger": "com.acme.cache.Evictor"}, "debug")),
    (8, lambda r: ({"message": "Payment callback for invoice 7f%06x arrived at 2026-11-2%dT10:%02d:00Z" % (r.randint(0, 0xffffff), r.randint(5, 8), r.randint(0, 59)),
                    "logger": "com.acme.payment.Callbacks"}, "error")),
    (5, lambda r: ({"message": "Disk almost full"}, "fatal")),
]

QUERIES = [
    (30, lambda r: ("SELECT o.id, o.total FROM orders o WHERE o.customer_id = %d AND o.status IN ('new', 'paid'%s) ORDER BY o.id LIMIT 20"
                    % (r.randint(1, 9999), ", 'shipped'" * r.randint(0, 2)), "postgresql")),
    (15, lambda r: ("select * from `items` where sku = 'SKU-%d' /* cart */" % r.randint(1, 999), "mysql")),
    (12, lambda r: ("UPDATE stock SET quantity = quantity - %d WHERE sku = $1" % r.randint(1, 5), "postgresql")),
    (8, lambda r: ("INSERT INTO audit_log (at, who, what) VALUES (now(), '%s', 'login'), (now(), '%s', 'logout')"
                   % (r.choice(["bob", "eve"]), r.choice(["bob", "eve"])), "postgresql")),
    (5, lambda r: ("SELECT id FROM users WHERE email = ? AND active = TRUE", "mysql")),
]

REQUESTS = [
    (25, lambda r: ("GET", "https://shop.example/items/%d?ref=%s" % (r.randint(1, 5000), r.choice(["mail", "ad"])), r.choice([200, 200, 404]))),
    (15, lambda r: ("POST", "https://shop.example/orders/%s/pay" % hashlib.md5(str(r.random()).encode()).hexdigest()[:12], r.choice([500, 502]))),
    (10, lambda r: ("GET", "https://shop.example/users/%s/profile" % r.choice(["6f1c2d3e-1111-4a4a-9b9b-0123456789ab", "5a2b3c4d-2222-4b4b-8c8c-ba9876543210"]), 200)),
    (6, lambda r: ("DELETE", "https://shop.example/cart/%d" % r.randint(1, 99), 204)),
]

SERVERS = ["web-1", "web-2", "web-3"]
RELEASES = ["1.4.0", "1.4.1"]


def pick(rng, weighted):
    total = sum(w for w, *_ in weighted)
    x = rng.uniform(0, total)
    for entry in weighted:
        x -= entry[0]
        if x <= 0:
            return entry
    return weighted[-1]


def make_events(count=300):
    rng = random.Random(20261128)
    events = []
    correlation = None
    for n in range(count):
        event_id = hashlib.md5(("lookout-upgrade-fixture-v7-%d" % n).encode()).hexdigest()
        at = BASE_TIME - timedelta(seconds=rng.randint(0, 3 * 24 * 3600))
        if n % 10 == 0:
            correlation = "req-%06d" % n  # ten events in a row share one correlation id
        kind = ["exception", "message", "query", "request"][n % 4]
        tags = {"server": rng.choice(SERVERS), "release": rng.choice(RELEASES),
                "environment": rng.choice(["production", "staging"])}
        if rng.random() < 0.3:
            tags["tenant"] = rng.choice(["tenant-a", "tenant-b"])
        event = {"id": event_id, "type": kind, "timestamp": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "tags": tags,
                 "correlationId": correlation}
        if kind == "exception":
            _, build, urls = pick(rng, EXCEPTIONS)
            event["data"] = {k: v for k, v in build(rng).items() if v is not None}
            tags["url"] = rng.choice(urls)
            if event["data"]["type"] == "com.acme.payment.GatewayException":
                event["fingerprint"] = ["payment-gateway", tags["server"]]  # one group per server
            elif rng.random() < 0.15:
                event["fingerprint"] = ["{{ default }}", tags.get("tenant", "no-tenant")]
        elif kind == "message":
            _, build = pick(rng, MESSAGES)
            data, level = build(rng)
            event["data"] = data
            event["level"] = level
            if data["message"] == "Disk almost full":
                event["fingerprint"] = ["disk-full"]
        elif kind == "query":
            _, build = pick(rng, QUERIES)
            sql, engine = build(rng)
            event["data"] = {"query": sql, "engine": engine}
            event["timeSpent"] = round(rng.uniform(0.5, 900), 3)
        else:
            _, build = pick(rng, REQUESTS)
            method, url, status = build(rng)
            event["data"] = {"method": method, "url": url, "status": status}
            event["timeSpent"] = round(rng.uniform(2, 3000), 3)
            if status >= 500 and rng.random() < 0.5:
                event["fingerprint"] = ["{{ default }}", str(status)]
        events.append(event)
    return events


def call(base, method, path, body=None, key=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("Authorization", "Bearer " + key)
    else:
        request.add_header("Authorization", "Basic " + base64.b64encode(("%s:%s" % ADMIN).encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            text = reply.read().decode()
            return reply.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def must(reply, *ok):
    status, body = reply
    if status not in ok:
        sys.exit("unexpected answer %s: %s" % (status, body))
    return body


def write(base, events_file, out_file):
    events = json.load(open(events_file))
    must(call(base, "PUT", "/api/1/settings", {"retentionDays": 3650}), 200)
    for view in VIEWS:
        must(call(base, "POST", "/api/1/views", view), 201)
    for i in range(0, len(events), 100):
        must(call(base, "POST", "/api/1/events", events[i:i + 100], key=PROJECT_KEY), 202)
    stored = {}
    deadline = time.time() + 120
    while len(stored) < len(events):
        if time.time() > deadline:
            sys.exit("only %d of %d events stored" % (len(stored), len(events)))
        for e in events:
            if e["id"] not in stored:
                status, body = call(base, "GET", "/api/1/events/" + e["id"])
                if status == 200:
                    stored[e["id"]] = body
        time.sleep(0.5)
    for view in VIEWS:  # views were created before the events: no backfill, but wait for "done" anyway
        while must(call(base, "GET", "/api/1/views/" + view["slug"]), 200)["backfill"]["state"] != "done":
            time.sleep(0.5)
    groups = sorted({body["groupId"] for body in stored.values()})
    by_count = sorted(groups, key=lambda g: -must(call(base, "GET", "/api/1/groups/%d" % g), 200)["count"])
    exception_groups = [g for g in by_count if must(call(base, "GET", "/api/1/groups/%d" % g), 200)["type"] == "exception"]
    message_groups = [g for g in by_count if must(call(base, "GET", "/api/1/groups/%d" % g), 200)["type"] == "message"]
    resolved, ignored = exception_groups[0], message_groups[-1]
    must(call(base, "PATCH", "/api/1/groups/%d" % resolved, {"status": "resolved"}), 200)
    must(call(base, "PATCH", "/api/1/groups/%d" % ignored, {"status": "ignored"}), 200)

    expected = {"schemaVersion": must(call(base, "GET", "/api/admin/system"), 200).get("schemaVersion"),
                "resolvedGroup": resolved, "ignoredGroup": ignored, "events": {}, "groups": {}, "views": {}}
    for event_id, body in sorted(stored.items()):
        expected["events"][event_id] = {"groupId": body["groupId"], "checksum": body["checksum"], "type": body["type"],
                                        "timestamp": body["timestamp"], "correlationId": body.get("correlationId")}
    for g in groups:
        body = must(call(base, "GET", "/api/1/groups/%d" % g), 200)
        expected["groups"][str(g)] = {k: body.get(k) for k in
                                      ("type", "checksum", "status", "count", "firstSeen", "lastSeen", "resolvedAt", "message", "culprit", "timeSpent")}
    for view in VIEWS:
        definition = must(call(base, "GET", "/api/1/views/" + view["slug"]), 200)
        view_groups = []
        for status in ("unresolved", "resolved", "ignored"):  # one status per request
            cursor = ""
            while cursor is not None:
                listed = must(call(base, "GET", "/api/1/groups?view=%s&status=%s&limit=500%s" % (view["slug"], status, cursor)), 200)
                view_groups += listed["groups"]
                cursor = listed.get("nextCursor") and "&cursor=" + urllib.parse.quote(listed["nextCursor"])
        expected["views"][view["slug"]] = {
            "name": definition["name"], "types": definition["types"], "keys": definition["keys"],
            "viewGroups": sorted(({"id": v["id"], "groupId": v["groupId"], "key": v["key"], "count": v["count"],
                                   "firstSeen": v["firstSeen"], "lastSeen": v["lastSeen"]} for v in view_groups),
                                 key=lambda v: v["id"])}
    json.dump(expected, open(out_file, "w"), indent=1, sort_keys=True)
    print("%d events in %d groups; resolved %d, ignored %d" % (len(stored), len(groups), resolved, ignored))


if __name__ == "__main__":
    if sys.argv[1] == "events":
        json.dump(make_events(), open(sys.argv[2], "w"), indent=1, sort_keys=True)
    elif sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
