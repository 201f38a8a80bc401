// Records what the real Sentry Node SDK sends into node-envelope.txt (the body of its POST to /envelope/).
//
// npm install --prefix /tmp/sentry-node @sentry/node@8
// NODE_PATH=/tmp/sentry-node/node_modules node capture_node.cjs
//
// A listener on 127.0.0.1 stands in for Lookout; the SDK's own transport posts the envelope to it.
// The event: an exception thrown in checkout code, after a breadcrumb, with a user, a tag, a context
// and the source context lines the SDK reads from this file.
const http = require("http");
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const received = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let body = Buffer.concat(chunks);
    if (req.headers["content-encoding"] === "gzip") body = zlib.gunzipSync(body);
    received.push({ path: req.url, body });
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end("{}");
  });
});

server.listen(0, "127.0.0.1", async () => {
  const Sentry = require("@sentry/node");
  Sentry.init({
    dsn: `http://0123456789abcdef0123456789abcdef@127.0.0.1:${server.address().port}/1`,
    release: "shop-node@2.3.0",
    environment: "production",
    serverName: "node-host",
    tracesSampleRate: 0,
  });
  Sentry.setUser({ id: "u-7", email: "bob@example.com", ip_address: "203.0.113.9" });
  Sentry.setTag("tenant", "acme");
  Sentry.setContext("cart", { items: 2, currency: "EUR" });
  Sentry.addBreadcrumb({ category: "cart", message: "applying coupon", level: "info", data: { coupon: "XMAS" } });

  function priceFor(sku, prices) {
    if (!(sku in prices)) {
      throw new TypeError(`no price for ${sku}`);
    }
    return prices[sku];
  }
  try {
    priceFor("B-2", { "A-1": 10 });
  } catch (e) {
    Sentry.captureException(e);
  }
  await Sentry.flush(10000);
  server.close();
  const events = received.filter((r) => r.body.toString("utf8").split("\n")[1].includes('"type":"event"'));
  if (events.length !== 1) {
    throw new Error(`expected one event envelope, got ${received.map((r) => r.path)}`);
  }
  const out = path.join(__dirname, "node-envelope.txt");
  fs.writeFileSync(out, events[0].body);
  console.log("wrote", out, events[0].body.length, "bytes");
});
