import type { FastifyReply } from "fastify";

/**
 * Sends an engine's self-contained HTML report. It carries its charting code inline; sandboxed, that
 * code cannot reach the session, the API or the network.
 */
export function sendSandboxedReport(reply: FastifyReply, html: string) {
  return reply
    .type("text/html; charset=utf-8")
    .header(
      "content-security-policy",
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; sandbox allow-scripts",
    )
    .send(html);
}
