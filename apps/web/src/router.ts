import { useEffect, useState } from "react";

/**
 * A tiny hash router: #/, #/seeds?q=…, #/seeds/new, #/seeds/<id>[/<tab>], #/kpis, #/rwd, #/trials,
 * #/screen[/new|/catalogue], #/screen/<runId>, #/lag[/medicines?…|/quality], #/lag/medicines/<id>,
 * #/partnering[/<tab>], #/partnering/desk/<caseId>, #/partnering/consortia/<id>, #/partnering/forum/<id>.
 * The hash keeps deep links and the browser's back button working without a server-side route.
 */

export const SEED_TABS = [
  "summary",
  "evidence",
  "readiness",
  "ip",
  "roadmap",
  "access",
  "partners",
  "lag",
] as const;
export type SeedTab = (typeof SEED_TABS)[number];

/** The in-silico screen page's tabs: its screens (#/screen), a new screen, the libraries and targets. */
export const SCREEN_TABS = ["runs", "new", "catalogue"] as const;
export type ScreenTab = (typeof SCREEN_TABS)[number];

/** The drug-lag monitor's tabs: the figures (#/lag), the medicines (#/lag/medicines?…), data quality. */
export const LAG_TABS = ["dashboard", "medicines", "quality"] as const;
export type LagTab = (typeof LAG_TABS)[number];

/**
 * Partnering's tabs: ranked matches, outreach, one's partnering profile, the programme's reports and
 * weights, the consultation desk (cases and Open Hours), consortia, the forum, notifications.
 */
export const PARTNERING_TABS = [
  "matches",
  "outreach",
  "profile",
  "reports",
  "desk",
  "consortia",
  "forum",
  "notifications",
] as const;
export type PartneringTab = (typeof PARTNERING_TABS)[number];

/** Partnering's pages of one record: a desk case, a consortium, a forum thread. */
export const PARTNERING_RECORDS = {
  desk: "desk-case",
  consortia: "consortium",
  forum: "forum-thread",
} as const;
export type PartneringRecord = (typeof PARTNERING_RECORDS)[keyof typeof PARTNERING_RECORDS];

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
  | { name: "lag"; tab: LagTab; params: URLSearchParams }
  | { name: "lag-medicine"; id: string }
  | { name: "partnering"; tab: PartneringTab; params: URLSearchParams }
  | { name: "partnering-record"; record: PartneringRecord; id: string }
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
  if (parts[0] === "lag") {
    const params = new URLSearchParams(queryPart);
    if (parts.length === 1) return { name: "lag", tab: "dashboard", params };
    if (parts.length === 2 && (parts[1] === "medicines" || parts[1] === "quality"))
      return { name: "lag", tab: parts[1], params };
    const id = parts[2];
    if (parts.length === 3 && parts[1] === "medicines" && id) return { name: "lag-medicine", id };
  }
  if (parts[0] === "partnering") {
    const params = new URLSearchParams(queryPart);
    const tab = parts[1];
    if (tab === undefined) return { name: "partnering", tab: "matches", params };
    if (parts.length === 2 && (PARTNERING_TABS as readonly string[]).includes(tab))
      return { name: "partnering", tab: tab as PartneringTab, params };
    const id = parts[2];
    if (parts.length === 3 && id && UUID.test(id) && tab in PARTNERING_RECORDS)
      return {
        name: "partnering-record",
        record: PARTNERING_RECORDS[tab as keyof typeof PARTNERING_RECORDS],
        id,
      };
  }
  return { name: "not-found" };
}

const withQuery = (path: string, params?: URLSearchParams) => {
  const query = params?.toString();
  return query ? `${path}?${query}` : path;
};

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
  lag: (tab: LagTab = "dashboard", params?: URLSearchParams) =>
    withQuery(tab === "dashboard" ? "#/lag" : `#/lag/${tab}`, params),
  lagMedicine: (id: string) => `#/lag/medicines/${encodeURIComponent(id)}`,
  partnering: (tab: PartneringTab = "matches", params?: URLSearchParams) =>
    withQuery(tab === "matches" ? "#/partnering" : `#/partnering/${tab}`, params),
  deskCase: (id: string) => `#/partnering/desk/${encodeURIComponent(id)}`,
  consortium: (id: string) => `#/partnering/consortia/${encodeURIComponent(id)}`,
  forumThread: (id: string) => `#/partnering/forum/${encodeURIComponent(id)}`,
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
