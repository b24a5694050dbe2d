import { useCallback, useEffect, useState } from "react";

export type AsyncState<T> =
  | { status: "loading" }
  | { status: "error"; error: unknown }
  | { status: "ready"; data: T };

/**
 * Runs `load` (memoise it with useCallback) when it changes, ignoring answers that arrive after a newer
 * load started. While a reload runs, the previous data stays shown and `pending` is true. `reload` runs
 * it again; `setData` replaces the data after a successful write.
 */
export function useAsync<T>(load: () => Promise<T>) {
  const [state, setState] = useState<AsyncState<T>>({ status: "loading" });
  const [pending, setPending] = useState(true);
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger.
  useEffect(() => {
    let current = true;
    setPending(true);
    setState((prev) => (prev.status === "error" ? { status: "loading" } : prev));
    load().then(
      (data) => {
        if (!current) return;
        setState({ status: "ready", data });
        setPending(false);
      },
      (error: unknown) => {
        if (!current) return;
        setState({ status: "error", error });
        setPending(false);
      },
    );
    return () => {
      current = false;
    };
  }, [load, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const setData = useCallback((data: T) => setState({ status: "ready", data }), []);
  return { state, pending, reload, setData };
}
