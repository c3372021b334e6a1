// Purchases and refunds through the store API, the checkout offset and the till's holds: what other modules may use.
export { type CheckoutDeps, CheckoutService, type HoldAnswer, type QuoteAnswer } from './checkout.js';
export { sqlPurchaseStore } from './db/purchases-sql.js';
export { OFFSET_SETTINGS_KEY, type OffsetSettings, offsetSettingsSchema } from './domain/offset.js';
export { type PurchaseApiDeps, purchaseApi, STORE_API_STATUS } from './http.js';
export { checkoutAdminRoutes } from './http-admin.js';
export { purchaseRouteDocs } from './http-doc.js';
export { refundReportRoutes } from './http-reports.js';
export { MemberResolver, type MemberResolverDeps } from './members.js';
export { type RefundAnswer, type RefundDeps, RefundService } from './refunds.js';
export { type PurchaseAnswer, type PurchaseDeps, PurchaseService } from './service.js';
export type { PurchaseStore } from './store.js';
