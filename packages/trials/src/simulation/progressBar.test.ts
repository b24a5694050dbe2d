import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { progressBar } from "./progressBar.ts";

/** A writable that claims to be a terminal and keeps what is written. */
function fakeTerminal(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & Record<string, unknown>;
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  Object.assign(stream, {
    isTTY,
    columns: 120,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    clearScreenDown: () => true,
    getWindowSize: () => [120, 40],
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe("progressBar", () => {
  it("draws the label and the counts on a terminal, and stops at the total", async () => {
    const term = fakeTerminal(true);
    const onProgress = progressBar("scenario A", term.stream);
    onProgress(500, 1000);
    onProgress(1000, 1000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(term.text()).toContain("scenario A");
    expect(term.text()).toContain("1000/1000 trials");
  });

  it("writes nothing when the stream is not a terminal", async () => {
    const pipe = fakeTerminal(false);
    const onProgress = progressBar("quiet", pipe.stream);
    onProgress(1, 2);
    onProgress(2, 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pipe.text()).toBe("");
  });
});
