import { z } from 'zod';

/**
 * Who may do what through the admin API. A token has one role; a route belongs to one area; this table is the
 * whole rule. `owner` may do everything, `staff` runs the program (campaigns, catalogue, broadcasts, segments,
 * member tags), `store` is for the store (POS) API, `partner` is reserved for the partner API and has no admin
 * route yet. Any valid token may read the API description.
 */
export const ADMIN_ROLES = ['owner', 'staff', 'store', 'partner'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];
export const adminRoleSchema = z.enum(ADMIN_ROLES);

export const ADMIN_AREAS = [
  /** Admin tokens: create, list, revoke. */
  'tokens',
  /** Reading the audit log. */
  'audit',
  /** Stores and their API keys. */
  'stores',
  /** Point types, check-in settings, the welcome bonus, giveaways, coupon cancellation. */
  'campaigns',
  /** Coupon mall items. */
  'catalogue',
  'broadcasts',
  'segments',
  'member_tags',
  /** The store (POS) API: marking coupons used. */
  'store_api',
  /** GET /admin/openapi.json. */
  'docs',
] as const;
export type AdminArea = (typeof ADMIN_AREAS)[number];

const STAFF_AREAS: readonly AdminArea[] = ['campaigns', 'catalogue', 'broadcasts', 'segments', 'member_tags', 'docs'];

export const ROLE_AREAS: Readonly<Record<AdminRole, readonly AdminArea[]>> = {
  owner: ADMIN_AREAS,
  staff: STAFF_AREAS,
  store: ['store_api', 'docs'],
  partner: ['docs'],
};

export function mayAccess(role: AdminRole, area: AdminArea): boolean {
  return ROLE_AREAS[role].includes(area);
}

/** The roles allowed in an area (for documentation and for routes that list roles). */
export function rolesFor(area: AdminArea): AdminRole[] {
  return ADMIN_ROLES.filter((role) => mayAccess(role, area));
}

export function isAdminRole(value: string): value is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(value);
}

/** Admin tokens: `plat_` followed by 32 base64url characters (24 random bytes). */
export const ADMIN_TOKEN_PREFIX = 'plat_';
export const ADMIN_TOKEN_PATTERN = /^plat_[A-Za-z0-9_-]{32}$/;

export const newAdminTokenSchema = z.object({
  name: z.string().trim().min(1).max(60),
  role: adminRoleSchema,
});
export type NewAdminToken = z.output<typeof newAdminTokenSchema>;
