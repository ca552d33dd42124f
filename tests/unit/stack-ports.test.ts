// The local stack starts its servers on ports in Linux's ephemeral range: a port held for a moment
// by some other socket must not fail the start, a port held for good must.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { closeServer, listen, waitForFreePort } from "../../supabase/local/http.ts";

function hold(port = 0): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("starting on a port another socket holds", () => {
  it("waits until a briefly held port is free, then listens on it", async () => {
    const holder = await hold();
    const { port } = holder.address() as AddressInfo;
    const released = Date.now() + 400;
    setTimeout(() => holder.close(), 400);
    const server = await listen((_req, res) => res.end("ok"), port);
    expect(Date.now()).toBeGreaterThanOrEqual(released - 50);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("ok");
    await closeServer(server);
  });

  it("gives up after its timeout when the port stays taken, and the bind then says so", async () => {
    const holder = await hold();
    const { port } = holder.address() as AddressInfo;
    const started = Date.now();
    await waitForFreePort(port, "127.0.0.1", 500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    await expect(hold(port).then(() => "bound").catch(() => "refused")).resolves.toBe("refused");
    await new Promise((resolve) => holder.close(resolve));
  });
});
