"""An oversized websocket event on the running app (issue 16, item 7): the server answers it in plain words on the
same connection instead of dropping the socket (which made the tab reconnect and resend it forever).

A raw WebSocket from a page of the app speaks Engine.IO/Socket.IO to `/_event` as Reflex's client does, so the
test controls the size exactly; the composer itself refuses long messages before sending (test_messages.py).
"""

from __future__ import annotations

from engnest.platform.event_guard import NOTICE_ID

SIZE = 1_500_000  # past Engine.IO's 1 MB buffer limit, far below the HTTP server's frame limit

PROBE = """
async (size) => {
  const ws = new WebSocket(location.origin.replace(/^http/, "ws") + "/_event/?EIO=4&transport=websocket");
  const frames = [];
  let closed = null;
  ws.onmessage = (e) => { frames.push(e.data); if (e.data === "2") ws.send("3"); };
  ws.onclose = (e) => { closed = e.code; };
  const waitFor = (pred, from) => new Promise((resolve, reject) => {
    const t0 = Date.now();
    (function check() {
      const i = frames.findIndex((f, n) => n >= from && pred(f));
      if (i >= 0) return resolve(i);
      if (closed !== null) return reject(new Error("closed with " + closed));
      if (Date.now() - t0 > 20000) return reject(new Error("no answer: " + frames.map((f) => f.slice(0, 60))));
      setTimeout(check, 20);
    })();
  });
  await waitFor((f) => f.startsWith("0{"), 0);
  ws.send("40/_event,");
  await waitFor((f) => f.startsWith("40/_event,"), 0);
  const answers = [];
  for (let round = 0; round < 2; round++) {  // answered each time, on the same connection
    const from = frames.length;
    ws.send('42/_event,["event",' + JSON.stringify({name: "state.x", payload: {body: "x".repeat(size)}}) + "]");
    const i = await waitFor((f) => f.startsWith('42/_event,["event"'), from);
    answers.push(JSON.parse(frames[i].slice("42/_event,".length))[1]);
  }
  const open = ws.readyState === WebSocket.OPEN && closed === null;
  ws.close();
  return {answers, open};
}
"""


def test_an_oversized_event_is_answered_in_words_and_the_connection_stays_open(page, live_app):
    page.goto(live_app.url)
    result = page.evaluate(PROBE, SIZE)
    assert result["open"], "the server dropped the websocket"
    assert len(result["answers"]) == 2
    update = result["answers"][0]
    assert update["delta"] == {}
    (event,) = update["events"]
    assert event["name"] == "_call_script"
    # What Reflex's client does with the update: the notice says why, in words, and nothing was saved.
    page.evaluate("(code) => eval(code)", event["payload"]["javascript_code"])
    notice = page.locator(f"#{NOTICE_ID}")
    assert notice.get_attribute("role") == "alert"
    text = notice.inner_text()
    assert "too large to send (1.5 MB; the limit is 1.0 MB)" in text and "Nothing was sent or saved" in text
