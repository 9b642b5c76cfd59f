import type { InputHTMLAttributes } from "react";
import styles from "./ui.module.css";

export type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  name: string;
  label: string;
  /** Defaults to `field-<name>`; set it when the same name appears twice on a page. */
  id?: string;
  hint?: string;
  errors?: readonly string[] | undefined;
};

/** A labelled input whose hint and errors are announced with it (aria-describedby). */
export function Field({ name, label, id, hint, errors, className, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${inputId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={[styles.field, className ?? ""].filter(Boolean).join(" ")}>
      <label htmlFor={inputId} className={styles.label}>
        {label}
      </label>
      <input
        {...input}
        id={inputId}
        name={name}
        className={styles.input}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint && (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      )}
      {errorId && (
        <p id={errorId} className={styles.fieldError}>
          {errors?.join(" ")}
        </p>
      )}
    </div>
  );
}

/** A new password (sign-up, joining by invitation): the minimum length the server enforces, said in the hint. */
export function NewPasswordField({ minLength, errors }: { minLength: number; errors?: readonly string[] | undefined }) {
  return (
    <Field
      name="password"
      label="Password"
      type="password"
      autoComplete="new-password"
      required
      minLength={minLength}
      hint={`At least ${minLength} characters.`}
      errors={errors}
    />
  );
}
