import { createContext, type ReactNode, useContext } from "react";
import type { FieldError } from "../../api.ts";
import { type ControlProps, FormField } from "../../components/FormField.tsx";
import { FieldErrorText } from "../../components/Status.tsx";

/** What every control of the wizard needs: its element id and the server's error for it, by field path. */
export interface Wizard {
  inputId: (key: string) => string;
  errorOf: (key: string) => FieldError | undefined;
}

export const WizardContext = createContext<Wizard>({ inputId: (key) => key, errorOf: () => undefined });

export const useWizard = () => useContext(WizardContext);

interface WizardFieldProps {
  /** the API field path the control edits (e.g. `control.prior.robustWeight`) */
  field: string;
  label: string;
  hint?: string;
  required?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control tied to an API field path, with the server's error for that path under it. */
export function WizardField({ field, label, hint, required, className, children }: WizardFieldProps) {
  const { inputId, errorOf } = useWizard();
  return (
    <FormField
      id={inputId(field)}
      label={label}
      hint={hint}
      required={required}
      error={errorOf(field)}
      className={className}
    >
      {children}
    </FormField>
  );
}

interface TextFieldProps extends Omit<WizardFieldProps, "children"> {
  value: string;
  onChange: (value: string) => void;
  /** a number: the decimal keypad on touch screens; the server checks the value */
  numeric?: boolean;
  maxLength?: number;
  testId?: string;
}

/** A text or number input tied to an API field path. */
export function TextField({ value, onChange, numeric, maxLength, testId, ...field }: TextFieldProps) {
  return (
    <WizardField {...field}>
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode={numeric ? "decimal" : undefined}
          autoComplete="off"
          spellCheck={numeric ? false : undefined}
          value={value}
          maxLength={maxLength}
          required={field.required}
          onChange={(event) => onChange(event.target.value)}
          data-testid={testId}
        />
      )}
    </WizardField>
  );
}

interface CellInputProps {
  field: string;
  /** the cell's accessible name (the table's headers are not read for inputs everywhere) */
  label: string;
  value: string;
  onChange: (value: string) => void;
  numeric?: boolean;
  testId?: string;
}

/** An input in a cell of an editable table, tied to an API field path. */
export function CellInput({ field, label, value, onChange, numeric = true, testId }: CellInputProps) {
  const { inputId, errorOf } = useWizard();
  const error = errorOf(field);
  return (
    <input
      id={inputId(field)}
      className="cell-input"
      type="text"
      inputMode={numeric ? "decimal" : undefined}
      autoComplete="off"
      spellCheck={numeric ? false : undefined}
      aria-label={label}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${inputId(field)}-error` : undefined}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      data-testid={testId}
    />
  );
}

/** The server's errors for the cells of an editable table, listed under it ("Study 3 › r: …"). */
export function CellErrors({ fields, labelOf }: { fields: string[]; labelOf: (field: string) => string }) {
  const { inputId, errorOf } = useWizard();
  const errors = fields.flatMap((field) => {
    const error = errorOf(field);
    return error ? [{ field, error }] : [];
  });
  if (errors.length === 0) return null;
  return (
    <ul className="field-error cell-errors">
      {errors.map(({ field, error }) => (
        <li key={field} id={`${inputId(field)}-error`}>
          <FieldErrorText error={error} label={labelOf(field)} />
        </li>
      ))}
    </ul>
  );
}
