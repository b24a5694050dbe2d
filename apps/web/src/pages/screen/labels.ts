import type { TFunction } from "i18next";
import type { ScreenRunStatus } from "../../api.ts";
import type { BadgeTone } from "../../components/Badge.tsx";

const STAGES = new Set(["library", "filters", "similarity", "docking", "reference docking"]);

/** A funnel stage's (or a progress stage's) label; stages the UI does not know are shown as given. */
export function stageLabel(t: TFunction, stage: string): string {
  return STAGES.has(stage) ? t(`screen.stages.${stage.replace(" ", "-")}`) : stage;
}

export const STATUS_TONE: Record<ScreenRunStatus, BadgeTone> = {
  queued: "neutral",
  running: "info",
  done: "success",
  failed: "danger",
};

/** Whether a run may still change (the pages poll it). */
export const isActive = (status: ScreenRunStatus) => status === "queued" || status === "running";

/** How often the pages ask the server about a run that is queued or running. */
export const POLL_MS = 2000;
