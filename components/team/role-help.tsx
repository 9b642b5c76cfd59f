import type { TenantRole } from "@/lib/auth/roles";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/format/role";
import styles from "./team.module.css";

/** What each role may do, in one line each, beside the invite form. */
export function RoleHelp() {
  return (
    <ul className={styles.help}>
      {(Object.keys(ROLE_LABELS) as TenantRole[]).map((role) => (
        <li key={role}>
          <strong>{ROLE_LABELS[role]}</strong>: {ROLE_DESCRIPTIONS[role]}
        </li>
      ))}
    </ul>
  );
}
