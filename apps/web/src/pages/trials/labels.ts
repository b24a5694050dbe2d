import type { TFunction } from "i18next";
import type { TrialEndpoint } from "../../api.ts";
import { MIXTURE_COLUMNS } from "./draft.ts";

const column = (t: TFunction, name: string | undefined) => (name ? t(`trials.columns.${name}`) : "");

/** The labels of a prior's inner field path (`studies.2.r` → ["Historical trials", "Trial 3", "r"]). */
function priorLabels(t: TFunction, inner: string[], endpoint: TrialEndpoint): string[] {
  const [head, second, third] = inner;
  const index = (value: string | undefined) => Number(value) + 1;
  switch (head) {
    case "mean":
      return [t("trials.prior.mean")];
    case "components": {
      if (second === undefined) return [t("trials.prior.components")];
      const name = third === undefined ? undefined : MIXTURE_COLUMNS[endpoint][Number(third)];
      return [
        t("trials.prior.components"),
        t("trials.prior.component", { n: index(second) }),
        column(t, name),
      ].filter(Boolean);
    }
    case "studies":
      if (second === undefined) return [t("trials.map.studies")];
      return [t("trials.map.studies"), t("trials.map.study", { n: index(second) }), column(t, third)].filter(
        Boolean,
      );
    case "tauPrior":
      return [second === "scale" ? t("trials.map.tauScale") : t("trials.map.tauDistribution")];
    case "robustWeight":
      return [t("trials.map.robustWeight")];
    case "rwdStudyId":
      return [t("trials.external.study")];
    case "rwdArm":
      return [t("trials.external.arm")];
    case "data":
      return [t("trials.external.data"), column(t, second)].filter(Boolean);
    case "method":
      return [
        second === "a0"
          ? t("trials.external.a0")
          : second === "weight"
            ? t("trials.external.weight")
            : t("trials.external.method"),
      ];
    case "description":
      return [t("trials.external.description")];
    default:
      return inner.length > 0 ? [inner.join(".")] : [];
  }
}

/** The label of a control, by its API field path, as the error summary shows it ("Control prior › τ scale"). */
export function controlLabel(t: TFunction, key: string, endpoint: TrialEndpoint): string {
  const [head, ...rest] = key.split(".");
  switch (head) {
    case "title":
    case "endpoint":
    case "sigma":
      return t(`trials.endpoint.${head}`);
    case "treatment":
    case "control":
      if (rest[0] === "n") return t(`trials.endpoint.n.${head}`);
      return [t(`trials.prior.${head}`), ...priorLabels(t, rest.slice(1), endpoint)].join(" › ");
    case "rule": {
      const criterion = t("trials.rule.criterion", { n: Number(rest[0]) + 1 });
      return rest[1] ? `${criterion} › ${t(`trials.rule.${rest[1]}`)}` : criterion;
    }
    case "scenarios":
      return rest[0] === "effects" ? t("trials.scenarios.effects") : t("trials.scenarios.control");
    default:
      return key;
  }
}
