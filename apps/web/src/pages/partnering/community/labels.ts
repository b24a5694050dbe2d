import type { TFunction } from "i18next";
import type { ClinicalDataItem, ForumTopic, MemberRole, SpecimenType } from "./api.ts";

const P = "partnering.community";

export const memberRoleLabel = (t: TFunction, role: MemberRole | string) => t(`${P}.memberRoles.${role}`);
export const specimenTypeLabel = (t: TFunction, type: SpecimenType | string) =>
  t(`${P}.specimenTypes.${type}`);
export const clinicalItemLabel = (t: TFunction, item: ClinicalDataItem | string) =>
  t(`${P}.clinicalData.${item}`);
export const topicLabel = (t: TFunction, topic: ForumTopic | string) => t(`${P}.topics.${topic}`);
