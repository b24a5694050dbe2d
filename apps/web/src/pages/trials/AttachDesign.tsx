import { attachTrialDesign, type User } from "../../api.ts";
import { AttachToSeed } from "../../components/AttachToSeed.tsx";

/** Attaches a saved design to one of the user's organisation's seeds as evidence. */
export function AttachDesign({ designId, user }: { designId: string; user: User }) {
  return (
    <AttachToSeed
      user={user}
      attach={(seedId) => attachTrialDesign(designId, seedId)}
      texts="trials.attach"
      testIds="design"
    />
  );
}
