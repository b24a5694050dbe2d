import { useCallback, useState } from "react";
import { type FieldError, fieldErrorsOf } from "./api.ts";

/** State of one form's submission: busy flag, the last error, and its field errors by field path. */
export function useSubmit() {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  /** Runs `action`; resolves to its result, or to `undefined` after recording its error. */
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setSubmitting(true);
    setError(null);
    try {
      return await action();
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setSubmitting(false);
    }
  }, []);

  const fieldErrors: Record<string, FieldError> = error === null ? {} : fieldErrorsOf(error);
  return { submitting, error, fieldErrors, run, clearError: () => setError(null) };
}
