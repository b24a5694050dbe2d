import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, type FieldError, NetworkError } from "../api.ts";

/** "Loading…" announced politely to screen readers. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="status" role="status" data-testid="loading">
      {label ?? t("app.loading")}
    </p>
  );
}

export function Empty({ children, testId = "empty" }: { children: ReactNode; testId?: string }) {
  return (
    <p className="empty" data-testid={testId}>
      {children}
    </p>
  );
}

interface ErrorAlertProps {
  error: unknown;
  /** A field's label for the problem's field errors (defaults to the field path). */
  fieldLabel?: (field: string) => string;
  testId?: string;
}

/** An API failure: the problem's detail, then each field error with its fix. */
export function ErrorAlert({ error, fieldLabel, testId = "error" }: ErrorAlertProps) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error.problem : null;
  const headline =
    problem?.detail ??
    problem?.title ??
    (error instanceof NetworkError
      ? t("errors.network")
      : t("errors.unexpected", { status: error instanceof ApiError ? error.status : "?" }));
  const fieldErrors = problem?.errors ?? [];

  return (
    <div className="alert" role="alert" data-testid={testId}>
      <p>{headline}</p>
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((item) => (
            <li key={`${item.field}:${item.message}`}>
              <FieldErrorText error={item} label={fieldLabel?.(item.field) ?? item.field} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "Label: message (fix)". */
export function FieldErrorText({ error, label }: { error: FieldError; label?: string }) {
  return (
    <>
      {label && <strong>{label}: </strong>}
      {error.message}
      {error.fix && error.fix !== error.message && <span className="fix"> — {error.fix}</span>}
    </>
  );
}
