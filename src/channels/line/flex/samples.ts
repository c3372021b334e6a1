// Sample replies of every Flex kind, full and empty, used to try every template at start-up (a template that
// names a value the view model does not have fails there, not in a member's chat) and in tests.
import type { BalanceLine, ListItem, QuickReply, Reply } from '../../../conversation/domain/replies.js';
import type { FlexKind } from './templates.js';

type ReplyOf<K extends FlexKind> = Extract<Reply, { kind: K }>;

const postback = (label: string, data: string): QuickReply => ({
  label,
  action: { type: 'postback', data, displayText: label },
});

const menu: QuickReply[] = [
  postback('Points', 'cmd=points'),
  postback('History', 'cmd=history'),
  postback('Card', 'cmd=card'),
  postback('Language', 'cmd=language'),
  postback('Help', 'cmd=help'),
];

const balances: BalanceLine[] = [
  {
    pointType: 'bonus',
    name: 'Bonus points',
    amount: 1250,
    unit: 'points',
    expiryNote: '120 points expire on 2026-12-31',
  },
  { pointType: 'diamond', name: 'Diamond points', amount: 0, unit: 'diamonds', expiryNote: null },
];

const items: ListItem[] = [
  {
    id: 'latte',
    title: 'Large latte',
    subtitle: '150 Bonus points',
    detail: 'One large latte at any store · 100 left',
    imageUrl: 'https://pl.example/items/latte.jpg',
    action: postback('Redeem', 'cmd=choose&item=latte'),
  },
  { id: 'trees', title: 'Plant a tree', subtitle: '100 Bonus points', detail: '', imageUrl: null, action: null },
];

const base = { language: 'en' as const, quickReplies: menu };

export const SAMPLE_REPLIES: { readonly [K in FlexKind]: readonly ReplyOf<K>[] } = {
  welcome: [{ ...base, kind: 'welcome', title: 'Welcome to pointloop café', body: 'Join in a minute.', text: 'W' }],
  help: [
    { ...base, kind: 'help', title: 'What I can do', body: 'Tap a button.', actions: menu, text: 'Help' },
    { ...base, kind: 'help', title: 'What I can do', body: 'Tap a button.', actions: [], text: 'Help' },
  ],
  card: [
    {
      ...base,
      kind: 'card',
      title: 'pointloop café membership card',
      memberName: 'Amy',
      memberCode: '1234567890',
      memberSince: '2026-03-01',
      qrUrl: 'https://pl.example/qr/sample.png',
      tokenCode: '4821 9930 1745 6203 1988 42',
      tokenNote: 'At the till: scan the QR or type 4821 9930 1745 6203 1988 42. Valid until 10:05.',
      balances,
      labels: { code: 'Member code', since: 'Member since' },
      text: 'Card',
    },
    {
      ...base,
      kind: 'card',
      title: 'pointloop café membership card',
      memberName: 'Amy',
      memberCode: null,
      memberSince: '2026-03-01',
      qrUrl: 'https://pl.example/qr/sample.png',
      tokenCode: '4821 9930 1745 6203 1988 42',
      tokenNote: 'At the till: scan the QR or type 4821 9930 1745 6203 1988 42. Valid until 10:05.',
      balances: [],
      labels: { code: 'Member code', since: 'Member since' },
      text: 'Card',
    },
  ],
  balance: [
    { ...base, kind: 'balance', title: 'Your points', balances, emptyNote: null, text: 'Points' },
    { ...base, kind: 'balance', title: 'Your points', balances: [], emptyNote: 'No points yet.', text: 'Points' },
  ],
  history: [
    {
      ...base,
      kind: 'history',
      title: 'Recent changes',
      lines: [
        {
          date: '2026-03-01',
          delta: '+100',
          positive: true,
          pointTypeName: 'Bonus points',
          unit: 'points',
          description: 'Welcome gift',
        },
        {
          date: '2026-03-02',
          delta: '-150',
          positive: false,
          pointTypeName: 'Bonus points',
          unit: 'points',
          description: "Coupon 'Large latte'",
        },
      ],
      emptyNote: null,
      text: 'History',
    },
    { ...base, kind: 'history', title: 'Recent changes', lines: [], emptyNote: 'Nothing yet.', text: 'History' },
  ],
  checkin: [
    {
      ...base,
      kind: 'checkin',
      title: 'Daily check-in',
      headline: '+10 Bonus points for checking in today!',
      already: false,
      lines: ['4 days in a row', '3 more days for +50 Bonus points'],
      strip: Array.from({ length: 7 }, (_, i) => ({ label: String(i + 1), checked: i < 4, today: i === 3 })),
      text: 'Check-in',
    },
    {
      ...base,
      kind: 'checkin',
      title: 'Daily check-in',
      headline: 'Already checked in',
      already: true,
      lines: [],
      strip: [],
      text: 'Check-in',
    },
  ],
  giveaways: [
    { ...base, kind: 'giveaways', title: 'Giveaways', items, emptyNote: null, text: 'Giveaways' },
    { ...base, kind: 'giveaways', title: 'Giveaways', items: [], emptyNote: 'None right now.', text: 'Giveaways' },
  ],
  catalog: [
    {
      ...base,
      kind: 'catalog',
      title: 'Coupons',
      items,
      balanceNote: 'You have 1,250 Bonus points',
      emptyNote: null,
      nextPage: postback('More', 'cmd=coupons&page=2'),
      text: 'Coupons',
    },
    {
      ...base,
      kind: 'catalog',
      title: 'Coupons',
      items,
      balanceNote: null,
      emptyNote: null,
      nextPage: null,
      text: 'C',
    },
    {
      ...base,
      kind: 'catalog',
      title: 'Coupons',
      items: [],
      balanceNote: null,
      emptyNote: 'Nothing.',
      nextPage: null,
      text: 'Coupons',
    },
  ],
  confirm: [
    {
      ...base,
      kind: 'confirm',
      title: 'Redeem Large latte?',
      body: 'It costs 150 Bonus points.',
      confirm: postback('Confirm', 'cmd=agree'),
      cancel: postback('Cancel', 'cmd=cancel'),
      text: 'Confirm',
    },
  ],
  coupon: [
    {
      ...base,
      kind: 'coupon',
      title: 'Large latte',
      code: 'ABCD2345EFGH',
      qrUrl: 'https://pl.example/qr/sample.png',
      status: 'Ready to use',
      validUntil: 'Valid until 2026-04-01',
      usable: true,
      howTo: 'Show this screen at the counter',
      text: 'Coupon',
    },
    {
      ...base,
      kind: 'coupon',
      title: 'Large latte',
      code: 'ABCD2345EFGH',
      qrUrl: 'https://pl.example/qr/sample.png',
      status: 'Used on 2026-03-05',
      validUntil: null,
      usable: false,
      howTo: null,
      text: 'Coupon',
    },
  ],
  coupons: [
    { ...base, kind: 'coupons', title: 'My coupons', items, emptyNote: null, text: 'My coupons' },
    { ...base, kind: 'coupons', title: 'My coupons', items: [], emptyNote: 'No coupons.', text: 'My coupons' },
  ],
  announcement: [
    {
      ...base,
      kind: 'announcement',
      title: 'Flash giveaway at noon',
      body: '500 Bonus points for the first 100 members. Tap to claim.',
      imageUrl: 'https://pl.example/broadcasts/flash.jpg',
      action: postback('Claim', 'cmd=claim&g=FLASH&n=bc-sample'),
      text: 'Announcement',
    },
    {
      ...base,
      kind: 'announcement',
      title: 'Double points this Tuesday',
      body: 'Every purchase earns double Bonus points.',
      imageUrl: null,
      action: { label: 'Details', action: { type: 'uri', uri: 'https://pl.example/double' } },
      text: 'Announcement',
    },
    {
      ...base,
      kind: 'announcement',
      title: 'Double points this Tuesday',
      body: 'Every purchase earns double Bonus points.',
      imageUrl: null,
      action: null,
      text: 'Announcement',
    },
  ],
  receipt: [
    {
      ...base,
      kind: 'receipt',
      title: 'Purchase',
      store: 'Xinyi',
      rows: [
        { label: 'Amount', value: 'NT$320', emphasis: false },
        { label: 'Paid with points', value: '100 points (NT$5)', emphasis: false },
        { label: 'Points earned', value: '+6', emphasis: true },
        { label: 'Member day', value: '3x', emphasis: false },
      ],
      balanceLabel: 'Balance',
      balance: '1,250',
      text: 'You spent NT$320 and earned 6 points (Member day 3x). You now have 1,250 points.',
    },
    {
      ...base,
      kind: 'receipt',
      title: 'Refund',
      store: 'Xinyi',
      rows: [],
      balanceLabel: 'Balance',
      balance: '0',
      text: 'Refund NT$320: 6 points taken back. You now have 0 points.',
    },
  ],
};
