#!/usr/bin/python3
"""Records what the real Sentry Python SDK sends into python-store.json (the body of its POST to /store/).

Run with the Debian package (apt-get install -y python3-sentry-sdk; the pyenv python3 on PATH has
no sentry_sdk):  /usr/bin/python3 capture_python.py
A listener on 127.0.0.1 stands in for Lookout; the SDK's own transport posts the event to it.
The event: a WSGI request (method, URL, query, headers) that fails in checkout code with a chained
exception, after breadcrumbs (a log line and one of our own), with a user, a tag, local variables
and source context lines (the SDK reads this file).
"""
import gzip
import http.server
import logging
import os
import threading

import sentry_sdk
from sentry_sdk.integrations.wsgi import SentryWsgiMiddleware

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "python-store.json")
received = []


class Listener(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        received.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Listener)
threading.Thread(target=server.serve_forever, daemon=True).start()

sentry_sdk.init(
    dsn="http://0123456789abcdef0123456789abcdef@127.0.0.1:%d/1" % server.server_port,
    release="shop-py@2.3.0",
    environment="production",
    server_name="py-host",
    with_locals=True,  # 1.x; include_local_variables in 1.18+
    send_default_pii=False,
    default_integrations=True,
)
sentry_sdk.set_user({"id": "u-42", "email": "ann@example.com", "username": "ann"})
sentry_sdk.set_tag("tenant", "acme")
sentry_sdk.set_context("cart", {"items": 3, "currency": "EUR"})


def price_for(sku, prices):
    discount = 0.15
    return prices[sku] * (1 - discount)


def checkout(order_id, skus):
    prices = {"A-1": 10.0}
    total = 0.0
    try:
        for sku in skus:
            total += price_for(sku, prices)
    except KeyError as e:
        raise RuntimeError("checkout failed for order %s" % order_id) from e
    return total


def app(environ, start_response):
    logging.getLogger("shop.cart").warning("cart of %s has %d items", "u-42", 2)
    sentry_sdk.add_breadcrumb(category="cart", message="applying coupon", level="info", data={"coupon": "XMAS"})
    checkout("O-1001", ["A-1", "B-2"])
    start_response("200 OK", [])
    return [b"ok"]


environ = {
    "REQUEST_METHOD": "POST",
    "PATH_INFO": "/checkout",
    "QUERY_STRING": "step=pay&coupon=XMAS",
    "SERVER_NAME": "shop.example.com",
    "SERVER_PORT": "443",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "HTTP_HOST": "shop.example.com",
    "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
    "HTTP_ACCEPT": "text/html",
    "HTTP_AUTHORIZATION": "Bearer secret-token",
    "HTTP_COOKIE": "session=secret",
    "wsgi.url_scheme": "https",
    "wsgi.input": None,
}
try:
    for _ in SentryWsgiMiddleware(app)(environ, lambda *args: None):
        pass
except RuntimeError:
    pass
sentry_sdk.flush(10)
server.shutdown()

# SDK 1.x posts an error event as JSON to /api/1/store/ (sessions go to /envelope/)
events = [body for path, body in received if path.startswith("/api/1/store/")]
assert len(events) == 1, "expected one event, got %r" % [p for p, _ in received]
with open(OUT, "wb") as out:
    out.write(events[0])
print("wrote", OUT, len(events[0]), "bytes")
