/**
 * `bench:loop`'s sender of unsigned 16 MB bodies, a process of its own (a stranger is another
 * machine): writing 16 MB into a socket held this sender's event loop for 50–80 ms a time, which
 * inflated the acks timed by the load generator when it sent them itself (measured: the app's own
 * loop stayed under 14 ms meanwhile). Argument: the app's URL. Each IPC message sends one body and
 * answers with the HTTP status (0 when the connection was cut, as the app does after its 413).
 */
const url = process.argv[2] ?? "";
const big = Buffer.from(`{"x":"${"a".repeat(16 * 1024 * 1024)}"}`);

process.on("message", () => {
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: big })
    .then(
      async (r) => {
        await r.text();
        return r.status;
      },
      () => 0,
    )
    .then((status) => process.send?.(status));
});
process.send?.("ready");
