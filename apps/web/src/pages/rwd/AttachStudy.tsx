import { attachRwdStudy, type RwdStudy, type User } from "../../api.ts";
import { AttachToSeed } from "../../components/AttachToSeed.tsx";

/** Attaches the study to one of the user's organisation's seeds as evidence. */
export function AttachStudy({ study, user }: { study: RwdStudy; user: User }) {
  return (
    <AttachToSeed
      user={user}
      attach={(seedId) => attachRwdStudy(study.id, seedId)}
      texts="rwd.attach"
      testIds="study"
    />
  );
}
