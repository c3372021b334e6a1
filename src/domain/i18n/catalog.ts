import type { Language } from '../ledger/point-type.js';

/**
 * Every member-facing string, per language. Code paths use keys, never literal text, so a brand can reword
 * the bot (and a translator can add a language) without touching logic. `{name}` placeholders are filled by t().
 */
const en = {
  'welcome.title': 'Welcome to {brand}!',
  'welcome.body': 'Join our membership in under a minute: earn points, claim rewards and redeem coupons right here.',
  'register.ask_name': 'What name should we use for your membership?',
  'register.ask_name_hint': 'Tap your LINE name below or type another one (1-40 characters).',
  'register.bad_name': 'Please send a name of 1 to 40 characters.',
  'register.ask_phone': 'Thanks, {name}! What is your mobile number? (e.g. 0912 345 678 or +81 90 1234 5678)',
  'register.bad_phone': "That doesn't look like a mobile number. Please send it like 0912345678 or +886912345678.",
  'register.ask_birthday': 'What is your birthday? Send it as YYYY-MM-DD (e.g. 1990-05-31), or tap Skip.',
  'register.bad_birthday': 'Please send your birthday as YYYY-MM-DD, e.g. 1990-05-31, or tap Skip.',
  'register.ask_consent':
    'Last step: please read our terms ({terms}) and privacy policy ({privacy}). Do you agree? Tap Agree to join.',
  'register.consent_again': 'To join, please tap Agree (or type "agree"). Type "cancel" to stop.',
  'register.done': 'You are a member now, {name}! Your member code is {code}.',
  'register.welcome_bonus': 'Welcome gift: +{amount} {pointType} 🎉',
  'register.cancelled': 'Registration cancelled. Send "join" whenever you want to continue.',
  'register.timed_out': 'Your registration paused for more than 10 minutes, so we started over.',
  'register.needed': 'Please join first: it takes under a minute.',
  'flow.cancelled': 'Cancelled. What would you like to do?',
  'flow.nothing_to_cancel': 'Nothing to cancel. What would you like to do?',
  'flow.timed_out': 'That took more than 10 minutes, so we stopped it. What would you like to do?',
  'help.title': 'What can I do for you?',
  'help.body': 'Tap a button or type a keyword: points, history, card, language.',
  'help.unknown': "Sorry, I didn't get that. Here is what I can do:",
  'help.unsupported': 'I can only read text and buttons for now. Here is what I can do:',
  'balance.title': 'My points',
  'balance.empty': 'No points yet. Check in daily and join giveaways to earn some!',
  'balance.expiry_note': '{amount} expire on {date}',
  'history.title': 'Recent points',
  'history.empty': 'No point changes yet.',
  'card.title': '{brand} membership',
  'card.code': 'Member code',
  'card.since': 'Member since',
  'language.switched': 'Language set to English.',
  'language.choose': 'Choose your language:',
  'qr.points': 'Points',
  'qr.history': 'History',
  'qr.card': 'Card',
  'qr.help': 'Help',
  'qr.language': 'Language',
  'qr.agree': 'Agree',
  'qr.skip': 'Skip',
  'qr.cancel': 'Cancel',
  'qr.join': 'Join',
  'reason.welcome_bonus': 'Welcome gift',
  'reason.checkin': 'Daily check-in',
  'reason.streak_bonus': 'Check-in streak bonus (day {day})',
  'reason.giveaway': "Flash giveaway '{title}'",
  'reason.coupon': "Coupon '{item}'",
  'reason.donation': "Donation '{item}'",
  'reason.purchase': 'Purchase at {store}',
  'reason.store_spend': 'Spent at {store}',
  'reason.transfer': 'Transfer',
  'reason.adjustment': 'Adjustment',
  'reason.budget_funding': 'Campaign funding',
  'reason.partner_exchange': 'Partner exchange',
  'reason.expired': 'Expired (earned {earned})',
  'reason.reversal': 'Correction',
} as const;

export type MessageKey = keyof typeof en;

const zhTW: Record<MessageKey, string> = {
  'welcome.title': '歡迎加入{brand}！',
  'welcome.body': '一分鐘完成會員註冊：在這裡累積點數、領取好禮、兌換優惠券。',
  'register.ask_name': '請問您的會員名稱是？',
  'register.ask_name_hint': '點選下方的 LINE 名稱，或輸入其他名稱（1-40 字）。',
  'register.bad_name': '請輸入 1 到 40 個字的名稱。',
  'register.ask_phone': '謝謝您，{name}！請輸入您的手機號碼（例如 0912 345 678 或 +81 90 1234 5678）',
  'register.bad_phone': '這看起來不像手機號碼，請以 0912345678 或 +886912345678 的格式輸入。',
  'register.ask_birthday': '請問您的生日？請以 YYYY-MM-DD 格式輸入（例如 1990-05-31），或點選「跳過」。',
  'register.bad_birthday': '請以 YYYY-MM-DD 格式輸入生日，例如 1990-05-31，或點選「跳過」。',
  'register.ask_consent': '最後一步：請閱讀會員條款（{terms}）與隱私權政策（{privacy}）。同意請點選「同意」完成註冊。',
  'register.consent_again': '要完成註冊，請點選「同意」（或輸入「同意」）。輸入「取消」可離開。',
  'register.done': '{name}，您已成為會員！您的會員編號是 {code}。',
  'register.welcome_bonus': '入會禮：+{amount} {pointType} 🎉',
  'register.cancelled': '已取消註冊。隨時輸入「註冊」即可繼續。',
  'register.timed_out': '註冊超過 10 分鐘未完成，我們已重新開始。',
  'register.needed': '請先加入會員，只要一分鐘。',
  'flow.cancelled': '已取消。請問需要什麼服務？',
  'flow.nothing_to_cancel': '目前沒有進行中的操作。請問需要什麼服務？',
  'flow.timed_out': '操作超過 10 分鐘，已自動結束。請問需要什麼服務？',
  'help.title': '請問需要什麼服務？',
  'help.body': '點選按鈕或輸入關鍵字：點數、紀錄、會員卡、語言。',
  'help.unknown': '抱歉，我不太懂您的意思。我可以幫您：',
  'help.unsupported': '目前只能讀取文字與按鈕。我可以幫您：',
  'balance.title': '我的點數',
  'balance.empty': '目前還沒有點數。每日簽到、參加活動就能獲得點數！',
  'balance.expiry_note': '{amount} 點將於 {date} 到期',
  'history.title': '點數紀錄',
  'history.empty': '目前還沒有點數異動。',
  'card.title': '{brand} 會員卡',
  'card.code': '會員編號',
  'card.since': '入會日期',
  'language.switched': '已切換為繁體中文。',
  'language.choose': '請選擇語言：',
  'qr.points': '點數',
  'qr.history': '紀錄',
  'qr.card': '會員卡',
  'qr.help': '說明',
  'qr.language': '語言',
  'qr.agree': '同意',
  'qr.skip': '跳過',
  'qr.cancel': '取消',
  'qr.join': '加入會員',
  'reason.welcome_bonus': '入會禮',
  'reason.checkin': '每日簽到',
  'reason.streak_bonus': '連續簽到獎勵（第 {day} 天）',
  'reason.giveaway': '限時活動「{title}」',
  'reason.coupon': '兌換優惠券「{item}」',
  'reason.donation': '捐贈「{item}」',
  'reason.purchase': '{store} 消費',
  'reason.store_spend': '{store} 折抵',
  'reason.transfer': '點數轉讓',
  'reason.adjustment': '點數調整',
  'reason.budget_funding': '活動預算',
  'reason.partner_exchange': '合作品牌兌換',
  'reason.expired': '點數到期（{earned} 獲得）',
  'reason.reversal': '更正',
};

const catalogs: Record<Language, Record<MessageKey, string>> = { en, 'zh-TW': zhTW };

export type MessageParams = Readonly<Record<string, string | number | null | undefined>>;

export function t(language: Language, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogs[language][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? whole : String(v);
  });
}

export function hasKey(key: string): key is MessageKey {
  return key in en;
}

/** Every key exists in every language (a test walks this). */
export function catalogLanguages(): Record<Language, Record<MessageKey, string>> {
  return catalogs;
}
