import type { TenantRole } from "@/lib/auth/roles";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/format/role";
import styles from "./team.module.css";

/** The role picker of the invite form and of each member's row; the labels say what each role may do. */
export function RoleSelect({ id, label, defaultValue }: { id: string; label: string; defaultValue: TenantRole }) {
  return (
    <div>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <select id={id} name="role" defaultValue={defaultValue} className={styles.select}>
        {(Object.keys(ROLE_LABELS) as TenantRole[]).map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]} — {ROLE_DESCRIPTIONS[role]}
          </option>
        ))}
      </select>
    </div>
  );
}
