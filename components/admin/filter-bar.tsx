import type { InputHTMLAttributes, ReactNode } from "react";
import styles from "./admin.module.css";

/**
 * The admin lists' filters: a GET form (the filters live in the URL, so a filtered page can be linked and
 * reloaded), its fields, and the submit button.
 */
export function FilterBar({
  action,
  submitLabel = "Filter",
  search = false,
  children,
}: {
  action: string;
  submitLabel?: string;
  /** The form is the page's search (a search landmark). */
  search?: boolean;
  children: ReactNode;
}) {
  return (
    <form className={styles.toolbar} method="get" action={action} role={search ? "search" : undefined}>
      {children}
      <button className={styles.button} type="submit">
        {submitLabel}
      </button>
    </form>
  );
}

/** A labelled text input of a filter bar; the label wraps the input, so it names it. */
export function TextFilter({ label, children, ...input }: { label: string; children?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className={styles.control}>
      {label}
      <input className={styles.input} {...input} />
      {children}
    </label>
  );
}

/** A labelled select of a filter bar, with an "All" choice first (value ""). */
export function SelectFilter({
  label,
  name,
  value,
  options,
  optionLabel = (option) => option,
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: readonly string[];
  optionLabel?: (option: string) => string;
}) {
  return (
    <label className={styles.control}>
      {label}
      <select className={styles.select} name={name} defaultValue={value ?? ""}>
        <option value="">All</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </label>
  );
}
