import type { Actor } from "@kakehashi/core";

/**
 * Who may query real-world data sources: pharmacoepidemiologists and biostatisticians (analyst),
 * the regulator, researchers planning trials, and admins. Results leave only in released form
 * (small cells suppressed), never as patient rows.
 */
export const canUseRwd = (actor: Actor) =>
  (["analyst", "regulator", "researcher", "tlo", "admin"] as const).some((r) => actor.roles.includes(r));
