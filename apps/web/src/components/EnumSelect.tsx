import type { SelectHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { enumLabel } from "../display.ts";
import { ENUM_NAMESPACES, type EnumNamespace } from "../vocabulary.ts";

interface EnumSelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange" | "value"> {
  namespace: EnumNamespace;
  value: string;
  onChange: (value: string) => void;
  /** Label of the empty first option ("all", "choose…"); no empty option when omitted. */
  emptyLabel?: string;
  /** Only these values (default: all of the enumeration). */
  values?: readonly string[];
}

/** A select over one of the vocabulary's enumerations, with translated labels. */
export function EnumSelect({ namespace, value, onChange, emptyLabel, values, ...rest }: EnumSelectProps) {
  const { t } = useTranslation();
  const options = values ?? ENUM_NAMESPACES[namespace];
  return (
    <select value={value} onChange={(event) => onChange(event.target.value)} {...rest}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {options.map((option) => (
        <option key={option} value={option}>
          {enumLabel(t, namespace, option)}
        </option>
      ))}
    </select>
  );
}
