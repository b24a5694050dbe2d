/**
 * How well a screen ranks known actives above inactives: ROC-AUC, enrichment factor at a fraction of the
 * ranked library (EF1 %) and BEDROC (Truchon & Bayly 2007), which weights the top of the list as an
 * early-recognition problem. Definitions follow RDKit's rdkit.ML.Scoring, the reference users compare with.
 */

export interface RankedCompound {
  /** higher is better (a similarity, or −score for docking energies) */
  score: number;
  active: boolean;
}

function ranked(compounds: readonly RankedCompound[]): RankedCompound[] {
  if (compounds.length === 0) throw new Error("enrichment needs at least one ranked compound");
  for (const [i, c] of compounds.entries())
    if (!Number.isFinite(c.score)) throw new Error(`compound ${i} has a non-finite score (${c.score})`);
  // a stable sort keeps the input order among equal scores, as a ranked list given by the user would
  return [...compounds].sort((a, b) => b.score - a.score);
}

function counts(list: readonly RankedCompound[]): { actives: number; total: number } {
  let actives = 0;
  for (const c of list) if (c.active) actives++;
  return { actives, total: list.length };
}

/**
 * Area under the ROC curve: the probability that a random active scores above a random inactive, ties
 * counting one half (Mann–Whitney). NaN when there are no actives or no inactives.
 */
export function rocAuc(compounds: readonly RankedCompound[]): number {
  const list = ranked(compounds);
  const { actives, total } = counts(list);
  const inactives = total - actives;
  if (actives === 0 || inactives === 0) return Number.NaN;
  let area = 0;
  let inactivesBelow = inactives;
  for (let i = 0; i < list.length; ) {
    let j = i;
    let tiedActives = 0;
    let tiedInactives = 0;
    const score = (list[i] as RankedCompound).score;
    while (j < list.length && (list[j] as RankedCompound).score === score) {
      if ((list[j] as RankedCompound).active) tiedActives++;
      else tiedInactives++;
      j++;
    }
    inactivesBelow -= tiedInactives;
    area += tiedActives * (inactivesBelow + tiedInactives / 2);
    i = j;
  }
  return area / (actives * inactives);
}

/**
 * Enrichment factor at `fraction` of the ranked library: the active rate among the top ⌈N·fraction⌉
 * compounds divided by the active rate of the whole library. EF1 % is `enrichmentFactor(list, 0.01)`.
 */
export function enrichmentFactor(compounds: readonly RankedCompound[], fraction: number): number {
  if (!(fraction > 0 && fraction <= 1))
    throw new Error(`fraction must be in (0, 1], e.g. 0.01 (got ${fraction})`);
  const list = ranked(compounds);
  const { actives, total } = counts(list);
  if (actives === 0) return 0;
  const top = Math.max(1, Math.ceil(total * fraction));
  let found = 0;
  for (let i = 0; i < top; i++) if ((list[i] as RankedCompound).active) found++;
  return found / top / (actives / total);
}

/**
 * BEDROC with early-recognition parameter α (20 puts 80 % of the weight on the top 8 % of the list):
 * the robust initial enhancement rescaled to [0, 1] between the worst and the best possible ranking.
 */
export function bedroc(compounds: readonly RankedCompound[], alpha = 20): number {
  if (!(alpha > 0)) throw new Error(`alpha must be > 0, e.g. 20 (got ${alpha})`);
  const list = ranked(compounds);
  const { actives, total } = counts(list);
  if (actives === 0) return 0;
  let sum = 0;
  for (let i = 0; i < list.length; i++)
    if ((list[i] as RankedCompound).active) sum += Math.exp((-alpha * (i + 1)) / total);
  const ratio = actives / total;
  const random = (ratio * (1 - Math.exp(-alpha))) / (Math.exp(alpha / total) - 1);
  const rie = sum / random;
  const rieMax = (1 - Math.exp(-alpha * ratio)) / (ratio * (1 - Math.exp(-alpha)));
  const rieMin = (1 - Math.exp(alpha * ratio)) / (ratio * (1 - Math.exp(alpha)));
  return rieMax === rieMin ? 1 : (rie - rieMin) / (rieMax - rieMin);
}

export interface EnrichmentSummary {
  compounds: number;
  actives: number;
  rocAuc: number;
  ef1: number;
  ef5: number;
  bedroc20: number;
}

export function summarizeEnrichment(compounds: readonly RankedCompound[]): EnrichmentSummary {
  const { actives, total } = counts(compounds);
  return {
    compounds: total,
    actives,
    rocAuc: rocAuc(compounds),
    ef1: enrichmentFactor(compounds, 0.01),
    ef5: enrichmentFactor(compounds, 0.05),
    bedroc20: bedroc(compounds, 20),
  };
}
