/**
 * What every engine's self-contained HTML report needs: escaping, and d3 + Observable Plot inlined so
 * the report opens anywhere, offline, as one file (it is attached to seeds and sent to regulators).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
let scripts: string | undefined;

/** A file inside an installed package (their "exports" do not list the browser bundles by path). */
function packageFile(name: string, file: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return join(dir, file);
}

export function inlineChartLibraries(): string {
  scripts ??= [packageFile("d3", "dist/d3.min.js"), packageFile("@observablehq/plot", "dist/plot.umd.min.js")]
    .map((file) => `<script>${readFileSync(file, "utf8").replaceAll("</script", "<\\/script")}</script>`)
    .join("\n");
  return scripts;
}

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/** JSON for a <script> block: "<" escaped so no value can close the script element. */
export const scriptJson = (value: unknown) => JSON.stringify(value).replaceAll("<", "\\u003c");
