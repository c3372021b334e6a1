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

/** A store code: letters, digits, `_` and `-`, up to 32. */
export const STORE_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export const newAdminTokenSchema = z.object({
  name: z.string().trim().min(1).max(60),
  role: adminRoleSchema,
  /** The one store a `store` token acts for (required for that role, refused for the others). */
  storeCode: z.string().regex(STORE_CODE_PATTERN, 'a store code: letters, digits, _ and -').optional(),
});
export type NewAdminToken = z.output<typeof newAdminTokenSchema>;

/** Why a token's role and store do not go together, or undefined when they do. */
export function tokenScopeProblem(t: NewAdminToken): 'store_code_required' | 'store_code_not_allowed' | undefined {
  if (t.role === 'store' && t.storeCode === undefined) return 'store_code_required';
  if (t.role !== 'store' && t.storeCode !== undefined) return 'store_code_not_allowed';
  return undefined;
}

/**
 * A `store` token issued before tokens were bound to one store: refused everywhere (403 `store_token_unbound`)
 * until an owner issues a new one with a storeCode.
 */
export function isUnboundStoreToken(p: { readonly role: AdminRole; readonly storeCode?: string }): boolean {
  return p.role === 'store' && p.storeCode === undefined;
}

export const UNBOUND_STORE_TOKEN = {
  error: 'store_token_unbound',
  message: 'this store token names no store: an owner must issue a new one with storeCode (POST /admin/tokens)',
} as const;
