/**
 * The example G-CSF safety study that pre-fills the real-world data form, imported from the repository's
 * examples (bundled at build time):
 * - examples/rwd/pegfilgrastim-new-users.json (target)
 * - examples/rwd/filgrastim-new-users.json (comparator)
 * - examples/rwd/thrombocytopenia-platelets-below-50.json (outcome)
 * - examples/rwd/gcsf-thrombocytopenia-study.json (name and design)
 */
import comparator from "../../../examples/rwd/filgrastim-new-users.json";
import study from "../../../examples/rwd/gcsf-thrombocytopenia-study.json";
import target from "../../../examples/rwd/pegfilgrastim-new-users.json";
import outcome from "../../../examples/rwd/thrombocytopenia-platelets-below-50.json";

const pretty = (json: unknown) => JSON.stringify(json, null, 2);

export const EXAMPLE_STUDY = {
  name: study.name,
  target: pretty(target),
  comparator: pretty(comparator),
  outcome: pretty(outcome),
  timeAtRisk: study.timeAtRisk,
  removePriorOutcome: study.removePriorOutcome,
};
