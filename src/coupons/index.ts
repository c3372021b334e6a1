// The coupon mall: what other modules may use (its domain/ may be imported directly).

export { couponsChat } from './chat.js';
export { sqlCouponStore } from './db/coupons-sql.js';
export { catalogAdminRoutes, couponAdminRoutes } from './http.js';
export { type CouponDeps, CouponService, type RedeemCode, type RedeemResult } from './service.js';
export type { CouponRecord, CouponStore, NewCoupon } from './store.js';
