// The one schema for both drivers (better-sqlite3 on Node, D1 on Workers). drizzle-kit generates
// migrations/ from this file; the triggers that drizzle cannot express live in a custom migration
// (migrations/0001_ledger_triggers.sql) and are covered by test/adapters/db/schema-guards.test.ts.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Times are integer epoch milliseconds everywhere; local dates are 'YYYY-MM-DD' text. */
export const pointTypes = sqliteTable(
  'point_types',
  {
    code: text('code').primaryKey(),
    nameZhTw: text('name_zh_tw').notNull(),
    nameEn: text('name_en').notNull(),
    /** Money value of one point in integer minor units (e.g. NT$0.01 -> 1). */
    valueMinor: integer('value_minor').notNull().default(0),
    currency: text('currency').notNull().default('TWD'),
    issueFrom: integer('issue_from'),
    issueTo: integer('issue_to'),
    /** 'days' (lifetime_days from the credit), 'end_of_month', 'end_of_year' or 'never'. */
    lifetimeKind: text('lifetime_kind').notNull().default('days'),
    lifetimeDays: integer('lifetime_days'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    check('point_types_code_format', sql`${t.code} GLOB '[a-z0-9_-]*' AND length(${t.code}) BETWEEN 1 AND 32`),
    check('point_types_value_nonneg', sql`${t.valueMinor} >= 0`),
    check(
      'point_types_lifetime',
      sql`(${t.lifetimeKind} = 'days' AND ${t.lifetimeDays} > 0) OR (${t.lifetimeKind} IN ('end_of_month', 'end_of_year', 'never') AND ${t.lifetimeDays} IS NULL)`,
    ),
    check('point_types_window', sql`${t.issueFrom} IS NULL OR ${t.issueTo} IS NULL OR ${t.issueFrom} < ${t.issueTo}`),
  ],
);

export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** wallet | issuance | campaign_budget | redemption | expiry | partner_settlement */
    kind: text('kind').notNull(),
    /** Member id for a wallet, campaign code for a budget, partner code for a settlement; '' for program accounts. */
    owner: text('owner').notNull().default(''),
    pointType: text('point_type')
      .notNull()
      .references(() => pointTypes.code),
    balance: integer('balance').notNull().default(0),
    mayGoNegative: integer('may_go_negative').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('accounts_kind_owner_type').on(t.kind, t.owner, t.pointType),
    check(
      'accounts_kind',
      sql`${t.kind} IN ('wallet', 'issuance', 'campaign_budget', 'redemption', 'expiry', 'partner_settlement')`,
    ),
    check('accounts_may_go_negative_flag', sql`${t.mayGoNegative} IN (0, 1)`),
    // The flag is fixed by kind so that no caller can open a wallet or a budget that may overdraw.
    check(
      'accounts_negative_only_for_sinks',
      sql`${t.mayGoNegative} = (CASE WHEN ${t.kind} IN ('wallet', 'campaign_budget') THEN 0 ELSE 1 END)`,
    ),
    check('accounts_balance_floor', sql`${t.mayGoNegative} = 1 OR ${t.balance} >= 0`),
  ],
);

export const transfers = sqliteTable(
  'transfers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    idempotencyKey: text('idempotency_key').notNull(),
    pointType: text('point_type')
      .notNull()
      .references(() => pointTypes.code),
    debitAccountId: integer('debit_account_id').references(() => accounts.id),
    creditAccountId: integer('credit_account_id').references(() => accounts.id),
    amount: integer('amount').notNull(),
    reasonCode: text('reason_code').notNull(),
    /** JSON object: the parameters the chat needs to say why (campaign title, coupon name, earned date...). */
    reasonParams: text('reason_params').notNull().default('{}'),
    /** The transfer this one reverses; a transfer can be reversed once. */
    reversesTransferId: integer('reverses_transfer_id'),
    /** Expiry of the lot a credit to a wallet creates (null: never). Ignored for other transfers. */
    lotExpiresAt: integer('lot_expires_at'),
    /** For an expiry transfer: the one lot it expires. */
    expiresLotId: integer('expires_lot_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('transfers_idempotency_key').on(t.idempotencyKey),
    uniqueIndex('transfers_reverses_once').on(t.reversesTransferId),
    index('transfers_debit_account').on(t.debitAccountId, t.id),
    index('transfers_credit_account').on(t.creditAccountId, t.id),
    check('transfers_amount_range', sql`typeof(${t.amount}) = 'integer' AND ${t.amount} BETWEEN 1 AND 2147483647`),
    check('transfers_distinct_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check('transfers_key_nonempty', sql`length(${t.idempotencyKey}) BETWEEN 1 AND 200`),
    check('transfers_reason_params_json', sql`json_valid(${t.reasonParams})`),
  ],
);

export const lots = sqliteTable(
  'lots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    sourceTransferId: integer('source_transfer_id')
      .notNull()
      .references(() => transfers.id),
    amount: integer('amount').notNull(),
    remaining: integer('remaining').notNull(),
    expiresAt: integer('expires_at'),
    /** Bumped when a reversal puts points back, so a later expiry of the same lot gets a fresh key. */
    restorations: integer('restorations').notNull().default(0),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('lots_live').on(t.accountId, t.expiresAt).where(sql`${t.remaining} > 0`),
    index('lots_due').on(t.expiresAt).where(sql`${t.remaining} > 0 AND ${t.expiresAt} IS NOT NULL`),
    index('lots_source').on(t.sourceTransferId),
    check('lots_amount_positive', sql`${t.amount} > 0`),
    check('lots_remaining_range', sql`${t.remaining} >= 0 AND ${t.remaining} <= ${t.amount}`),
  ],
);

/** Which lots a debit took points from (negative) or a reversal put back (positive). */
export const lotMovements = sqliteTable(
  'lot_movements',
  {
    transferId: integer('transfer_id')
      .notNull()
      .references(() => transfers.id),
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    delta: integer('delta').notNull(),
  },
  (t) => [
    uniqueIndex('lot_movements_pk').on(t.transferId, t.lotId),
    index('lot_movements_lot').on(t.lotId),
    check('lot_movements_nonzero', sql`${t.delta} <> 0`),
  ],
);

export const members = sqliteTable(
  'members',
  {
    id: text('id').primaryKey(),
    /** Shown on the card and scanned at the till; unguessable enough not to be enumerated. */
    memberCode: text('member_code').notNull(),
    name: text('name').notNull(),
    phoneE164: text('phone_e164').notNull(),
    birthday: text('birthday'),
    language: text('language').notNull(),
    consentVersion: text('consent_version').notNull(),
    consentAt: integer('consent_at').notNull(),
    registeredAt: integer('registered_at').notNull(),
    registeredLocalDate: text('registered_local_date').notNull(),
  },
  (t) => [
    uniqueIndex('members_code').on(t.memberCode),
    check('members_language', sql`${t.language} IN ('zh-TW', 'en')`),
    check('members_phone_e164', sql`${t.phoneE164} GLOB '+[1-9]*' AND length(${t.phoneE164}) BETWEEN 9 AND 16`),
  ],
);

/** A chat identity (LINE user, WhatsApp chat) and the member it belongs to, once registered. */
export const identities = sqliteTable(
  'identities',
  {
    channel: text('channel').notNull(),
    userId: text('user_id').notNull(),
    memberId: text('member_id').references(() => members.id),
    /** Language chosen before registering (from the platform profile or the language command). */
    language: text('language'),
    /** 0 after unfollow/block: no pushes, nothing deleted. */
    reachable: integer('reachable').notNull().default(1),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [
    uniqueIndex('identities_pk').on(t.channel, t.userId),
    index('identities_member').on(t.memberId),
    check('identities_channel', sql`${t.channel} IN ('line', 'wa_web', 'wa_cloud', 'simulator')`),
    check('identities_reachable', sql`${t.reachable} IN (0, 1)`),
  ],
);

/**
 * Conversation state, one row per version: a turn writes version n+1, so two turns of one member racing from
 * version n cannot both commit (UNIQUE), and the loser re-reads and retries. Older versions are pruned.
 */
export const conversationStates = sqliteTable(
  'conversation_states',
  {
    channel: text('channel').notNull(),
    userId: text('user_id').notNull(),
    version: integer('version').notNull(),
    state: text('state').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('conversation_states_version').on(t.channel, t.userId, t.version),
    check('conversation_states_json', sql`json_valid(${t.state})`),
  ],
);

/** Durable inbox: an event is stored here before the webhook acknowledges it. */
export const inboxEvents = sqliteTable(
  'inbox_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel').notNull(),
    eventId: text('event_id').notNull(),
    userId: text('user_id').notNull(),
    /** The InboundEvent as JSON. */
    payload: text('payload').notNull(),
    receivedAt: integer('received_at').notNull(),
    /** Mirrors inbox_done for a cheap "what is left" scan; inbox_done's key is the guard. */
    doneAt: integer('done_at'),
  },
  (t) => [
    uniqueIndex('inbox_events_event').on(t.channel, t.eventId),
    index('inbox_events_user').on(t.channel, t.userId, t.id),
    index('inbox_events_pending').on(t.id).where(sql`${t.doneAt} IS NULL`),
  ],
);

/** An inbox event's effects committed: written in the same batch as those effects, so they happen once. */
export const inboxDone = sqliteTable('inbox_done', {
  inboxId: integer('inbox_id')
    .primaryKey()
    .references(() => inboxEvents.id),
  doneAt: integer('done_at').notNull(),
});

/**
 * Replies waiting to be delivered, written with the turn that produced them. The retry key is fixed at
 * creation so a push retried after a timeout or a crash is deduplicated by the platform (X-Line-Retry-Key).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    inboxId: integer('inbox_id').references(() => inboxEvents.id),
    channel: text('channel').notNull(),
    userId: text('user_id').notNull(),
    replyToken: text('reply_token'),
    /** Reply[] as JSON. */
    replies: text('replies').notNull(),
    retryKey: text('retry_key').notNull(),
    /** pending | sent | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('outbox_retry_key').on(t.retryKey),
    uniqueIndex('outbox_inbox').on(t.inboxId),
    index('outbox_pending').on(t.status, t.id),
    check('outbox_status', sql`${t.status} IN ('pending', 'sent', 'failed')`),
  ],
);

/** Program settings as JSON documents by key ('checkin', 'welcome_bonus', 'reminders'), validated by zod on read. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** One row per member per local day: the UNIQUE key is the once-a-day guard. */
export const checkins = sqliteTable(
  'checkins',
  {
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    localDate: text('local_date').notNull(),
    streak: integer('streak').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('checkins_member_day').on(t.memberId, t.localDate),
    check('checkins_streak_positive', sql`${t.streak} >= 1`),
  ],
);

export const giveaways = sqliteTable(
  'giveaways',
  {
    code: text('code').primaryKey(),
    titleZhTw: text('title_zh_tw').notNull(),
    titleEn: text('title_en').notNull(),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    pointType: text('point_type')
      .notNull()
      .references(() => pointTypes.code),
    perClaim: integer('per_claim').notNull(),
    budget: integer('budget').notNull(),
    dailyLimit: integer('daily_limit').notNull(),
    totalLimit: integer('total_limit').notNull(),
    /** LotLifetime JSON, or null for the point type's default. */
    lifetime: text('lifetime'),
    /** Audience: members registered in [from, to] (local dates, both optional). */
    registeredFrom: text('registered_from'),
    registeredTo: text('registered_to'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    check('giveaways_code_format', sql`${t.code} GLOB '[A-Z0-9_-]*' AND length(${t.code}) BETWEEN 1 AND 32`),
    check('giveaways_window', sql`${t.startsAt} < ${t.endsAt}`),
    check(
      'giveaways_amounts',
      sql`${t.perClaim} > 0 AND ${t.budget} > 0 AND ${t.dailyLimit} > 0 AND ${t.totalLimit} > 0`,
    ),
  ],
);

/**
 * A claim row per successful claim. Its guards (trigger giveaway_claims_guard) check the window, the audience and
 * the per-member daily and total limits inside the claim's batch; the budget is the campaign_budget account.
 */
export const giveawayClaims = sqliteTable(
  'giveaway_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    giveawayCode: text('giveaway_code')
      .notNull()
      .references(() => giveaways.code),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    localDate: text('local_date').notNull(),
    /** 1-based count of this member's claims that day; UNIQUE with the day, so a race cannot reuse a slot. */
    daySeq: integer('day_seq').notNull(),
    totalSeq: integer('total_seq').notNull(),
    transferKey: text('transfer_key').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('giveaway_claims_day_slot').on(t.giveawayCode, t.memberId, t.localDate, t.daySeq),
    uniqueIndex('giveaway_claims_total_slot').on(t.giveawayCode, t.memberId, t.totalSeq),
    uniqueIndex('giveaway_claims_transfer').on(t.transferKey),
  ],
);

export const catalogItems = sqliteTable(
  'catalog_items',
  {
    code: text('code').primaryKey(),
    kind: text('kind').notNull(),
    nameZhTw: text('name_zh_tw').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionZhTw: text('description_zh_tw').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    imageUrl: text('image_url'),
    pointType: text('point_type')
      .notNull()
      .references(() => pointTypes.code),
    cost: integer('cost').notNull(),
    /** Null: unlimited. Decremented in the redemption batch; the CHECK is the no-oversell guard. */
    stockRemaining: integer('stock_remaining'),
    perMemberLimit: integer('per_member_limit'),
    /** 'day' | 'month' | 'all' */
    limitPeriod: text('limit_period').notNull().default('all'),
    validFrom: integer('valid_from'),
    validTo: integer('valid_to'),
    validDays: integer('valid_days'),
    storeScope: text('store_scope'),
    activeFrom: integer('active_from'),
    activeTo: integer('active_to'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    check('catalog_items_kind', sql`${t.kind} IN ('voucher', 'donation')`),
    check('catalog_items_cost', sql`${t.cost} > 0`),
    check('catalog_stock_nonneg', sql`${t.stockRemaining} IS NULL OR ${t.stockRemaining} >= 0`),
    check('catalog_items_limit_period', sql`${t.limitPeriod} IN ('day', 'month', 'all')`),
    check('catalog_items_validity', sql`${t.kind} = 'donation' OR ${t.validDays} > 0 OR (${t.validTo} IS NOT NULL)`),
  ],
);

/** Issued coupons (and donation receipts, status 'donated'). */
export const coupons = sqliteTable(
  'coupons',
  {
    code: text('code').primaryKey(),
    itemCode: text('item_code')
      .notNull()
      .references(() => catalogItems.code),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    transferKey: text('transfer_key').notNull(),
    /** 'day:2026-03-01' | 'month:2026-03' | 'all': the per-member limit counts within it. */
    limitPeriod: text('limit_period').notNull(),
    status: text('status').notNull(),
    issuedAt: integer('issued_at').notNull(),
    validUntil: integer('valid_until'),
    storeScope: text('store_scope'),
    usedAt: integer('used_at'),
    usedStore: text('used_store'),
    usedRequestKey: text('used_request_key'),
    cancelledAt: integer('cancelled_at'),
  },
  (t) => [
    uniqueIndex('coupons_transfer').on(t.transferKey),
    index('coupons_member').on(t.memberId, t.issuedAt),
    index('coupons_limit').on(t.itemCode, t.memberId, t.limitPeriod),
    check('coupons_status', sql`${t.status} IN ('active', 'used', 'cancelled', 'donated')`),
  ],
);

export const stores = sqliteTable('stores', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Store API keys, hashed (SHA-256) at rest; the plain key is shown once at creation. */
export const storeKeys = sqliteTable(
  'store_keys',
  {
    id: text('id').primaryKey(),
    storeCode: text('store_code')
      .notNull()
      .references(() => stores.code),
    keyHash: text('key_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('store_keys_hash').on(t.keyHash)],
);

/** Expiry reminders sent: one per member per expiry instant. */
export const expiryReminders = sqliteTable(
  'expiry_reminders',
  {
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    pointType: text('point_type').notNull(),
    expiresAt: integer('expires_at').notNull(),
    amount: integer('amount').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('expiry_reminders_once').on(t.memberId, t.pointType, t.expiresAt)],
);

/** One-time codes that attach another chat identity to a member (6 digits, 10 minutes). */
export const linkCodes = sqliteTable(
  'link_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('link_codes_code').on(t.code, t.expiresAt)],
);

/** Every code entered, right or wrong: wrong ones count toward the per-identity attempt limit. */
export const linkAttempts = sqliteTable(
  'link_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel').notNull(),
    userId: text('user_id').notNull(),
    ok: integer('ok').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('link_attempts_identity').on(t.channel, t.userId, t.at)],
);

/** Members who said stop/退訂: no broadcasts until they say start/訂閱. Replies to their own messages still go out. */
export const broadcastOptOuts = sqliteTable('broadcast_opt_outs', {
  memberId: text('member_id')
    .primaryKey()
    .references(() => members.id),
  at: integer('at').notNull(),
});

/** WhatsApp: the numbered options last offered to each user, so "2" still means the same after a restart. */
/**
 * The messages of one outbox row that WhatsApp already accepted. A turn can take several WhatsApp messages and
 * neither WhatsApp API takes an idempotency key, so a retry (after a failure, a restart or on another Worker
 * isolate) starts after the last part recorded here instead of repeating the turn from its first message.
 */
export const outboxParts = sqliteTable(
  'outbox_parts',
  {
    outboxId: integer('outbox_id')
      .notNull()
      .references(() => outbox.id),
    part: integer('part').notNull(),
    /** WhatsApp's id of the message (wamid or whatsapp-web.js id) when it gave one. */
    messageId: text('message_id'),
    sentAt: integer('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.part] }), check('outbox_parts_part', sql`${t.part} >= 0`)],
);

/**
 * Rate limits shared by every process and Workers isolate on this database (src/app/rate-limit.ts): when the next
 * call slot of each limit is free, in microseconds since the epoch (a 200/s limit is 5,000 µs a slot).
 */
export const rateLimits = sqliteTable('rate_limits', {
  name: text('name').primaryKey(),
  nextFreeUs: integer('next_free_us').notNull(),
});

export const whatsappOffers = sqliteTable(
  'whatsapp_offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel').notNull(),
    userId: text('user_id').notNull(),
    /** The outbox row that offered them: an older row delivered late never replaces a newer offer. */
    outboxId: integer('outbox_id').notNull(),
    /** JSON array of { label, action, keywords }. */
    options: text('options').notNull(),
    offeredAt: integer('offered_at').notNull(),
  },
  (t) => [uniqueIndex('whatsapp_offers_user').on(t.channel, t.userId)],
);

/** WhatsApp Cloud API contacts: the last inbound message opens the 24-hour window for free-form replies. */
export const whatsappCloudContacts = sqliteTable('whatsapp_cloud_contacts', {
  userId: text('user_id').primaryKey(),
  lastInboundAt: integer('last_inbound_at').notNull(),
  /** The WhatsApp profile name, to prefill registration. */
  profileName: text('profile_name'),
  updatedAt: integer('updated_at').notNull(),
});

/** WhatsApp Cloud API delivery statuses of the messages we sent (sent, delivered, read, failed). */
export const whatsappCloudStatuses = sqliteTable(
  'whatsapp_cloud_statuses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    wamid: text('wamid').notNull(),
    status: text('status').notNull(),
    recipientId: text('recipient_id').notNull(),
    at: integer('at').notNull(),
    errorCode: integer('error_code'),
    errorTitle: text('error_title'),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [uniqueIndex('whatsapp_cloud_statuses_once').on(t.wamid, t.status)],
);

// ---- Admin access (issue 7) ----

/**
 * Admin API tokens with a role. Only the SHA-256 of the token is stored; the plain token is shown once at creation.
 * ADMIN_TOKEN from config is the bootstrap owner and has no row here.
 */
export const adminTokens = sqliteTable(
  'admin_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    /** The id of the token that created it ('bootstrap' for ADMIN_TOKEN, 'cli' for the command line). */
    createdBy: text('created_by').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [
    uniqueIndex('admin_tokens_hash').on(t.tokenHash),
    check('admin_tokens_role', sql`${t.role} IN ('owner', 'staff', 'store', 'partner')`),
  ],
);

/** Every admin write: who (token id), what (method, route, target), when, and how it ended. Append-only. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actor: text('actor').notNull(),
    role: text('role').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    /** A short JSON summary of the change (never secrets or personal data). */
    detail: text('detail'),
    at: integer('at').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

// ---- Segments and broadcasts (issue 7) ----

/** Tags admins put on members; segments filter on them. */
export const memberTags = sqliteTable(
  'member_tags',
  {
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    tag: text('tag').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('member_tags_pk').on(t.memberId, t.tag),
    index('member_tags_tag').on(t.tag),
    check('member_tags_format', sql`length(${t.tag}) BETWEEN 1 AND 40`),
  ],
);

/** A saved filter over members; `filter` is the JSON the domain's segmentFilterSchema validates. */
export const segments = sqliteTable(
  'segments',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    filter: text('filter').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [check('segments_filter_json', sql`json_valid(${t.filter})`)],
);

/**
 * A broadcast: content for a segment, now or at a time. Status moves scheduled -> sending -> done, or to cancelled;
 * guarded updates (WHERE status = ...) make every move happen once. The audience is frozen into
 * broadcast_recipients in the same batch that moves it to sending.
 */
export const broadcasts = sqliteTable(
  'broadcasts',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    segmentCode: text('segment_code')
      .notNull()
      .references(() => segments.code),
    /** The BroadcastContent JSON (per-language messages and the WhatsApp fallback). */
    content: text('content').notNull(),
    status: text('status').notNull(),
    scheduledAt: integer('scheduled_at').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    cancelledAt: integer('cancelled_at'),
  },
  (t) => [
    index('broadcasts_due').on(t.status, t.scheduledAt),
    check('broadcasts_status', sql`${t.status} IN ('scheduled', 'sending', 'done', 'cancelled')`),
    check('broadcasts_content_json', sql`json_valid(${t.content})`),
  ],
);

/**
 * The frozen audience: one row per member per broadcast (the UNIQUE key is the "exactly once per member" guard),
 * on the one channel chosen for them. `batch_id` is the LINE multicast (or the outbox row for WhatsApp) that
 * carries it; skipped rows say why (opted_out, frequency_cap, unreachable, cancelled).
 */
export const broadcastRecipients = sqliteTable(
  'broadcast_recipients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    broadcastId: text('broadcast_id')
      .notNull()
      .references(() => broadcasts.id),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    channel: text('channel').notNull(),
    userId: text('user_id').notNull(),
    language: text('language').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    batchId: text('batch_id'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('broadcast_recipients_once').on(t.broadcastId, t.memberId),
    // Serves the send queue (equality on all but reason) and, in this column order, the progress count
    // (GROUP BY channel, status, reason) from the index alone.
    index('broadcast_recipients_queue').on(t.broadcastId, t.channel, t.status, t.reason, t.language, t.batchId),
    index('broadcast_recipients_member').on(t.memberId, t.sentAt),
    index('broadcast_recipients_batch').on(t.batchId),
    check('broadcast_recipients_status', sql`${t.status} IN ('queued', 'sent', 'failed', 'skipped')`),
    check(
      'broadcast_recipients_reason',
      sql`(${t.status} = 'skipped') = (${t.reason} IN ('opted_out', 'frequency_cap', 'unreachable', 'cancelled'))`,
    ),
  ],
);

/**
 * One LINE multicast (<= 500 recipients). The row, with its retry key, is committed BEFORE the call, so a retry
 * after a timeout or a crash repeats the same X-Line-Retry-Key and LINE answers 409 instead of sending twice.
 */
export const broadcastBatches = sqliteTable(
  'broadcast_batches',
  {
    /** Also the X-Line-Retry-Key (a UUID). */
    id: text('id').primaryKey(),
    broadcastId: text('broadcast_id')
      .notNull()
      .references(() => broadcasts.id),
    channel: text('channel').notNull(),
    language: text('language').notNull(),
    size: integer('size').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /**
     * 1 once a call may have reached LINE without an answer saying it did not (set before each call; a 429 to a
     * batch never in doubt clears it). Cancel abandons only batches not in doubt: one in doubt is finished with its
     * retry key, so LINE's 409 keeps the report exact.
     */
    inDoubt: integer('in_doubt').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    index('broadcast_batches_pending').on(t.broadcastId, t.status),
    check('broadcast_batches_status', sql`${t.status} IN ('pending', 'sent', 'failed')`),
    check('broadcast_batches_size', sql`${t.size} BETWEEN 1 AND 500`),
  ],
);
