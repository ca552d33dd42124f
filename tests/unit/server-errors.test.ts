// entry.server's handleError: an address no page has is not a server error; everything else is logged.
import { createStaticHandler } from "@remix-run/router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError } from "~/entry.server";

const args = (request: Request) => ({ request, params: {}, context: {} });

describe("handleError", () => {
  afterEach(() => vi.restoreAllMocks());

  it("does not log the 404 the router answers for an unknown address", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    // The router's own answer to an address no route matches, as Remix hands it over.
    const handler = createStaticHandler([{ path: "/", id: "root" }]);
    const request = new Request("http://localhost/wp-admin");
    const context = await handler.query(request);
    if (context instanceof Response) throw new Error("expected a static handler context");
    const error = Object.values(context.errors ?? {})[0];
    expect(error).toMatchObject({ status: 404 });
    handleError(error, args(request));
    expect(log).not.toHaveBeenCalled();
  });

  it("logs every other error, and none of a request the visitor abandoned", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const failure = new Error("database unreachable");
    handleError(failure, args(new Request("http://localhost/instruments")));
    expect(log).toHaveBeenCalledWith(failure);

    log.mockClear();
    const abandoned = new AbortController();
    abandoned.abort();
    handleError(failure, args(new Request("http://localhost/instruments", { signal: abandoned.signal })));
    expect(log).not.toHaveBeenCalled();
  });
});
