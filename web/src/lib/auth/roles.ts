// The roles of the API, lowest first; a caller may do what its role or any lower role may.
export const roles = ['viewer', 'operator', 'developer', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Whether `role` includes `needed` (the server decides; this only hides what would be refused). */
export function allows(role: string | undefined, needed: Role): boolean {
  const have = roles.indexOf(role as Role);
  return have >= 0 && have >= roles.indexOf(needed);
}
