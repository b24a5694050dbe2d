import type { ReactNode } from "react";
import { isForbidden } from "../api.ts";
import type { AsyncState } from "../useAsync.ts";
import { Locked } from "./Locked.tsx";
import { ErrorAlert, Loading } from "./Status.tsx";

interface AsyncViewProps<T> {
  state: AsyncState<T>;
  /** For a seed's confidential parts: a 403 shows the locked notice instead of an error. */
  locked?: { seedId: string; canRequest: boolean };
  children: (data: T) => ReactNode;
}

/** Loading, error (or locked) and ready states of one API read. */
export function AsyncView<T>({ state, locked, children }: AsyncViewProps<T>) {
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") {
    if (locked && isForbidden(state.error)) return <Locked {...locked} />;
    return <ErrorAlert error={state.error} />;
  }
  return <>{children(state.data)}</>;
}
