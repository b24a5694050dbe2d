import { useEffect, useState } from "react";

/**
 * A tiny hash router: #/, #/seeds?q=…, #/seeds/new, #/seeds/<id>[/<tab>], #/kpis, #/rwd, #/trials,
 * #/screen[/new|/catalogue], #/screen/<runId>.
 * The hash keeps deep links and the browser's back button working without a server-side route.
 */

export const SEED_TABS = ["summary", "evidence", "readiness", "ip", "roadmap", "access"] as const;
export type SeedTab = (typeof SEED_TABS)[number];

/** The in-silico screen page's tabs: its screens (#/screen), a new screen, the libraries and targets. */
export const SCREEN_TABS = ["runs", "new", "catalogue"] as const;
export type ScreenTab = (typeof SCREEN_TABS)[number];

export type Route =
  | { name: "home" }
  | { name: "seeds"; params: URLSearchParams }
  | { name: "new-seed" }
  | { name: "seed"; id: string; tab: SeedTab }
  | { name: "kpis" }
  | { name: "rwd" }
  | { name: "trials" }
  | { name: "screen"; tab: ScreenTab }
  | { name: "screen-run"; id: string }
  | { name: "not-found" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isTab = (value: string | undefined): value is SeedTab =>
  value !== undefined && (SEED_TABS as readonly string[]).includes(value);

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const [pathPart = "", queryPart = ""] = raw.split("?", 2);
  const parts = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: "home" };
  if (parts[0] === "seeds") {
    if (parts.length === 1) return { name: "seeds", params: new URLSearchParams(queryPart) };
    if (parts[1] === "new" && parts.length === 2) return { name: "new-seed" };
    const id = parts[1];
    if (id && parts.length <= 3) {
      const tab = parts[2];
      if (tab === undefined) return { name: "seed", id, tab: "summary" };
      if (isTab(tab)) return { name: "seed", id, tab };
    }
  }
  if (parts[0] === "kpis" && parts.length === 1) return { name: "kpis" };
  if (parts[0] === "rwd" && parts.length === 1) return { name: "rwd" };
  if (parts[0] === "trials" && parts.length === 1) return { name: "trials" };
  if (parts[0] === "screen") {
    const second = parts[1];
    if (second === undefined) return { name: "screen", tab: "runs" };
    if (parts.length === 2) {
      if (second === "new" || second === "catalogue") return { name: "screen", tab: second };
      if (UUID.test(second)) return { name: "screen-run", id: second };
    }
  }
  return { name: "not-found" };
}

export const hrefs = {
  home: () => "#/",
  seeds: (params?: URLSearchParams) => {
    const query = params?.toString();
    return query ? `#/seeds?${query}` : "#/seeds";
  },
  newSeed: () => "#/seeds/new",
  seed: (id: string, tab: SeedTab = "summary") =>
    tab === "summary" ? `#/seeds/${encodeURIComponent(id)}` : `#/seeds/${encodeURIComponent(id)}/${tab}`,
  kpis: () => "#/kpis",
  rwd: () => "#/rwd",
  trials: () => "#/trials",
  screen: (tab: ScreenTab = "runs") => (tab === "runs" ? "#/screen" : `#/screen/${tab}`),
  screenRun: (id: string) => `#/screen/${encodeURIComponent(id)}`,
};

export function navigate(href: string): void {
  window.location.hash = href;
}

/** Changes the hash without a new history entry or a hashchange event (e.g. while typing a search). */
export function replaceHash(href: string): void {
  window.history.replaceState(window.history.state, "", href);
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
