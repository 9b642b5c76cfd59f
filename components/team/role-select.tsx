import type { TenantRole } from "@/lib/auth/roles";
import { ROLE_LABELS } from "@/lib/format/role";
import ui from "@/components/ui/ui.module.css";
import styles from "./team.module.css";

/** The role picker of the invite form and of each member's row; RoleHelp says what each role may do. */
export function RoleSelect({ id, label, defaultValue }: { id: string; label: string; defaultValue: TenantRole }) {
  return (
    <div className={`${ui.field} ${styles.shrink}`}>
      <label htmlFor={id} className={ui.label}>
        {label}
      </label>
      <select id={id} name="role" defaultValue={defaultValue} className={`${ui.input} ${styles.select}`}>
        {(Object.keys(ROLE_LABELS) as TenantRole[]).map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
    </div>
  );
}
