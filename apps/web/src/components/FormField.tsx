import { type ReactNode, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, type FieldError, NetworkError, problemHeadline } from "../api.ts";
import { FieldErrorText } from "./Status.tsx";

/** Props a field's control takes so that its label, hint and error are tied to it. */
export interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

interface FormFieldProps {
  id: string;
  label: string;
  required?: boolean;
  hint?: string;
  error?: FieldError;
  children: (control: ControlProps) => ReactNode;
  className?: string;
}

/** Label, control, optional hint and the server's error for one field. */
export function FormField({ id, label, required, hint, error, children, className }: FormFieldProps) {
  const { t } = useTranslation();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> {t("form.required")}</span>}
      </label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          <FieldErrorText error={error} />
        </p>
      )}
    </div>
  );
}

interface FormErrorsProps {
  error: unknown;
  /** The label of a field path, or undefined for a path the form has no input for. */
  fieldLabel: (field: string) => string | undefined;
  /** The id of the input for a field path, to move focus there from the summary. */
  inputId: (field: string) => string;
  testId?: string;
}

/** The summary of a rejected form: the problem's detail, then each field error (click to go to it). */
export function FormErrors({ error, fieldLabel, inputId, testId = "form-errors" }: FormErrorsProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const fieldErrors = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  const headline =
    problemHeadline(error) ?? (error instanceof NetworkError ? t("errors.network") : t("form.failed"));

  // Bring the summary into view and focus when a submission fails.
  useEffect(() => {
    ref.current?.focus();
  }, []);

  return (
    <div className="alert" role="alert" data-testid={testId} tabIndex={-1} ref={ref}>
      <p>{headline}</p>
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((item) => {
            const label = fieldLabel(item.field);
            const text = <FieldErrorText error={item} label={label ?? item.field} />;
            return (
              <li key={`${item.field}:${item.message}`}>
                {label ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => document.getElementById(inputId(item.field))?.focus()}
                  >
                    {text}
                  </button>
                ) : (
                  text
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
