/** Orphan against non-orphan medicines: lag and loss side by side. */
import type { Medicine } from "../medicines.ts";
import { DEFINITIONS, type Definition } from "./definitions.ts";
import { type LagGroup, type LagOptions, withLag } from "./lag.ts";
import { type LossGroup, type LossOptions, lossCohort, lossGroup } from "./loss.ts";
import { summarise } from "./quantile.ts";

export interface OrphanSide {
  lag: LagGroup;
  loss: LossGroup;
}

export interface OrphanComparison {
  definition: Definition;
  cutoff: string;
  orphan: OrphanSide;
  nonOrphan: OrphanSide;
}

/** Orphan: designated in the US or the EU (the reference regions of the lag). */
export function isOrphan(m: Medicine): boolean {
  return m.orphan.us || m.orphan.eu;
}

export function orphanComparison(
  medicines: readonly Medicine[],
  options: LossOptions & LagOptions = {},
): OrphanComparison {
  const { cutoff, from, to, members } = lossCohort(medicines, options);
  const lagged = withLag(medicines, { from: options.from ?? from, to: options.to ?? to });
  const side = (name: string, orphan: boolean): OrphanSide => {
    const lagMembers = lagged.filter((m) => isOrphan(m) === orphan);
    return {
      lag: {
        group: name,
        ...summarise(lagMembers.map((m) => m.lagMonths as number)),
        ids: lagMembers.map((m) => m.id),
      },
      loss: lossGroup(
        name,
        members.filter((m) => isOrphan(m) === orphan),
        cutoff,
      ),
    };
  };
  return {
    definition: DEFINITIONS.orphan,
    cutoff,
    orphan: side("orphan", true),
    nonOrphan: side("non-orphan", false),
  };
}
