/**
 * Which part of the app a user gets, from their roles (the host's permissions still decide every request): staff
 * work in the desk; managers and system managers also administer; accountants get the cases to invoice; portal
 * customers get the portal and never load the desk.
 */
export type Area = 'desk' | 'admin' | 'accounts' | 'portal';

const STAFF = ['Support Agent', 'Support Supervisor', 'Support Manager', 'System Manager'];
const ADMIN = ['Support Manager', 'System Manager'];
const ACCOUNTS = ['Accounts User', 'Accounts Manager'];
const SUPERVISORS = ['Support Supervisor', 'Support Manager', 'System Manager'];

export interface Access {
  areas: ReadonlySet<Area>;
  /** Where the user lands after signing in, and where a route they may not open sends them. */
  home: Area;
  /** A supervisor's decisions (an expired warranty covered): the host checks the role again. */
  supervises: boolean;
}

export function accessFor(roles: readonly string[]): Access {
  const has = (list: string[]): boolean => roles.some((r) => list.includes(r));
  const areas = new Set<Area>();
  if (has(STAFF)) areas.add('desk');
  if (has(ADMIN)) areas.add('admin');
  if (has(ACCOUNTS)) areas.add('accounts');
  if (roles.includes('Support Customer') && !areas.size) areas.add('portal');
  const home: Area = areas.has('desk') ? 'desk' : areas.has('accounts') ? 'accounts' : 'portal';
  return { areas, home, supervises: has(SUPERVISORS) };
}
