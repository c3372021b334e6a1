import type { Language } from './language.js';

/**
 * Common ways members ask for something, per language: a phrase (compared after NFKC, lower-casing, collapsing
 * spaces and dropping trailing punctuation) to the command it means, with the command's arguments. Not an NLU
 * service: a brand or translator adds a line here. A phrase that is also a command's keyword must mean the same
 * command (the IntentParser refuses to start otherwise); keywords are read first.
 */
export interface Synonym {
  readonly command: string;
  readonly args?: Readonly<Record<string, string>>;
}

const greeting: Synonym = { command: 'menu', args: { note: 'menu.greeting' } };
const points: Synonym = { command: 'points' };
const earn: Synonym = { command: 'how_to_earn' };
const coupons: Synonym = { command: 'coupons' };
const myCoupons: Synonym = { command: 'my_coupons' };
const checkin: Synonym = { command: 'checkin' };
const history: Synonym = { command: 'history' };
const card: Synonym = { command: 'card' };
const help: Synonym = { command: 'help' };

export const SYNONYMS: Readonly<Record<Language, Readonly<Record<string, Synonym>>>> = {
  'zh-TW': {
    你好: greeting,
    您好: greeting,
    哈囉: greeting,
    嗨: greeting,
    安安: greeting,
    早安: greeting,
    我還有幾點: points,
    還有幾點: points,
    多少點: points,
    我有多少點: points,
    剩幾點: points,
    查點數: points,
    點數餘額: points,
    怎麼集點: earn,
    如何集點: earn,
    怎麼賺點數: earn,
    怎樣集點: earn,
    優惠: coupons,
    兌換: coupons,
    兌換優惠券: coupons,
    好康: coupons,
    我的券: myCoupons,
    已兌換: myCoupons,
    每日簽到: checkin,
    今天簽到: checkin,
    點數明細: history,
    我的會員卡: card,
    會員條碼: card,
    怎麼用: help,
    功能: help,
  },
  en: {
    hi: greeting,
    hello: greeting,
    hey: greeting,
    'good morning': greeting,
    'my points': points,
    'how many points': points,
    'how many points do i have': points,
    'my balance': points,
    'points balance': points,
    'how do i earn': earn,
    'how to get points': earn,
    'ways to earn': earn,
    offers: coupons,
    deals: coupons,
    rewards: coupons,
    'my vouchers': myCoupons,
    vouchers: coupons,
    'daily check in': checkin,
    'my history': history,
    'my card': card,
    'what can you do': help,
    commands: help,
  },
};
