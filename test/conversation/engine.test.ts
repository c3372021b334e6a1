// The conversation engine over the REAL registry (every module's commands and flows), with every service a
// stand-in that throws when touched: deciding a turn needs no database, no HTTP, no clock.
import { describe, expect, it } from 'vitest';
import { type ConversationState, type Decision, run, type Step, say } from '../../src/conversation/domain/command.js';
import { decide } from '../../src/conversation/domain/engine.js';
import { IDLE, readState } from '../../src/conversation/domain/state.js';
import { helpReply, type ViewContext } from '../../src/conversation/domain/views.js';
import type { ChatRegistry, TurnContext } from '../../src/conversation/registry.js';
import type { InboundEvent } from '../../src/kernel/channel.js';
import { chatRegistry } from '../../src/main/chat.js';
import { parseConfig } from '../../src/main/config.js';
import {
  follow as followEvent,
  NOW,
  postback,
  sticker,
  TEN_MINUTES,
  text,
  turnInput,
  unfollow,
  untouchable,
} from './turns.js';

const registry: ChatRegistry = chatRegistry({
  config: parseConfig({}),
  db: untouchable('db'),
  clock: untouchable('clock'),
  qr: untouchable('qr'),
  ledger: untouchable('ledger'),
  checkin: untouchable('checkin'),
  giveaways: untouchable('giveaways'),
  coupons: untouchable('coupons'),
  earn: untouchable('earn'),
  welcomeBonus: untouchable('welcomeBonus'),
  inbox: untouchable('inbox'),
});

const member = (event: InboundEvent, state: ConversationState | null = IDLE, now = NOW): Decision =>
  decide(turnInput(event, { state, isMember: true, now }), registry);
const visitor = (event: InboundEvent, state: ConversationState | null, now = NOW): Decision =>
  decide(turnInput(event, { state, isMember: false, now }), registry);

const registering = (
  step: 'name' | 'phone' | 'birthday' | 'consent',
  draft: Record<string, string | null> = {},
  expiresAt = NOW + 60_000,
): ConversationState => ({ v: 2, flow: 'register', step, draft, expiresAt }) as ConversationState;
const confirming = (item = 'latte', tap = 'ev-0', expiresAt = NOW + 60_000): ConversationState =>
  ({ v: 1, flow: 'redeem_confirm', item, tap, expiresAt }) as ConversationState;

/** Registration as it starts at `now`: a fresh state, the welcome card and the name question. */
const registration = (now = NOW, prefix: Step[] = []): Decision => ({
  state: { v: 2, flow: 'register', step: 'name', draft: {}, expiresAt: now + TEN_MINUTES } as ConversationState,
  steps: [...prefix, run('welcome'), say('register.ask_name', undefined, 'name')],
});
const idle = (...steps: Step[]): Decision => ({ state: IDLE, steps });
const unknown = run('help', { note: 'help.unknown' });
const reachableYes = run('set_reachable', { reachable: 'yes' });
const needed = say('register.needed', {}, 'join');

describe('the stand-in services', () => {
  it('do throw when touched, so a decide that reached them would fail', async () => {
    const ctx = { member: { id: 'm1' }, view: { language: 'en' } } as unknown as TurnContext;
    await expect(registry.command('points').plan(ctx, {})).rejects.toThrow('decide must not touch services (ledger.');
  });
});

describe('first contact and follow', () => {
  it('starts registration at first contact: the welcome card, then the name with the name quick replies', () => {
    expect(visitor(text('hi'), null)).toEqual({
      state: { v: 2, flow: 'register', step: 'name', draft: {}, expiresAt: NOW + TEN_MINUTES },
      steps: [
        { do: 'run', command: 'welcome' },
        { do: 'say', key: 'register.ask_name', quick: 'name' },
      ],
    });
  });

  it('starts registration at first contact whatever the message says (a command, a postback, a sticker)', () => {
    expect(visitor(text('points'), null)).toEqual(registration());
    expect(visitor(postback('cmd=points'), null)).toEqual(registration());
    expect(visitor(sticker, null)).toEqual(registration());
  });

  it('a follow from a new or idle visitor marks them reachable, then starts registration', () => {
    expect(visitor(followEvent, null)).toEqual(registration(NOW, [reachableYes]));
    expect(visitor(followEvent, IDLE)).toEqual(registration(NOW, [reachableYes]));
  });

  it('a follow from a visitor half-way through registration re-asks the current question', () => {
    const state = registering('phone', { name: 'Amy' });
    expect(visitor(followEvent, state)).toEqual({
      state,
      steps: [reachableYes, say('register.ask_phone', { name: 'Amy' }, 'cancel')],
    });
  });

  it('a follow from a member marks them reachable and shows help (no "unknown" note)', () => {
    expect(member(followEvent)).toEqual(idle(reachableYes, run('help')));
    expect(member(followEvent, null)).toEqual(idle(reachableYes, run('help')));
  });
});

describe('unfollow', () => {
  const unreachable = run('set_reachable', { reachable: 'no' });

  it('marks a member unreachable and drops any flow they were in', () => {
    expect(member(unfollow)).toEqual(idle(unreachable));
    expect(member(unfollow, confirming())).toEqual(idle(unreachable));
  });

  it('marks a visitor unreachable and keeps their registration where it was', () => {
    const state = registering('birthday', { name: 'Amy', phone: '+886912345678' });
    expect(visitor(unfollow, state)).toEqual({ state, steps: [unreachable] });
    expect(visitor(unfollow, null)).toEqual(idle(unreachable));
  });
});

describe('member keywords', () => {
  const cases: [string, Step[]][] = [
    ['points', [run('points', {})]],
    ['點數', [run('points', {})]],
    ['balance', [run('points', {})]],
    ['history', [run('history', {})]],
    ['紀錄', [run('history', {})]],
    ['card', [run('card', {})]],
    ['會員卡', [run('card', {})]],
    ['check in', [run('checkin', {})]],
    ['簽到', [run('checkin', {})]],
    ['giveaways', [run('giveaways', {})]],
    ['活動', [run('giveaways', {})]],
    ['claim', [run('claim', {})]],
    ['claim DEMO', [run('claim', { code: 'DEMO' })]],
    ['領取 DEMO', [run('claim', { code: 'DEMO' })]],
    ['領取DEMO', [run('claim', { code: 'DEMO' })]],
    ['claim demo', [run('claim', { code: 'DEMO' })]],
    ['coupons', [run('coupons', { page: '1' })]],
    ['優惠券', [run('coupons', { page: '1' })]],
    ['redeem', [run('coupons', { page: '1' })]],
    ['my coupons', [run('my_coupons', {})]],
    ['我的優惠券', [run('my_coupons', {})]],
    ['link', [run('link', {})]],
    ['綁定', [run('link', {})]],
    ['unlink', [run('unlink', {})]],
    ['解除綁定', [run('unlink', {})]],
    ['stop', [run('stop'), say('optout.stopped')]],
    ['退訂', [run('stop'), say('optout.stopped')]],
    ['start', [run('start'), say('optout.started')]],
    ['訂閱', [run('start'), say('optout.started')]],
    ['language en', [run('language', { lang: 'en' })]],
    ['語言 中文', [run('language', { lang: 'zh-TW' })]],
    ['English', [run('language', { lang: 'en' })]],
    ['繁體中文', [run('language', { lang: 'zh-TW' })]],
    ['language', [run('language', {})]],
    ['language klingon', [run('language', {})]],
    ['help', [run('help', {})]],
    ['說明', [run('help', {})]],
    ['cancel', [run('cancel', {})]],
    ['取消', [run('cancel', {})]],
    ['agree', [run('agree', {})]],
    ['同意', [run('agree', {})]],
    ['expiring', [run('expiring', {})]],
    ['即將到期', [run('expiring', {})]],
    ['join', [run('join', {})]],
  ];

  it.each(cases)('%s', (said, steps) => {
    expect(member(text(said))).toEqual(idle(...steps));
  });

  it('reads full-width letters, mixed case and extra spaces like the plain keyword', () => {
    expect(member(text('ＰＯＩＮＴＳ'))).toEqual(idle(run('points', {})));
    expect(member(text('PoInTs'))).toEqual(idle(run('points', {})));
    expect(member(text('  check   IN '))).toEqual(idle(run('checkin', {})));
    expect(member(text('ＣＬＡＩＭ　ｄｅｍｏ'))).toEqual(idle(run('claim', { code: 'DEMO' })));
  });

  it('"redeem latte" / "兌換 latte" opens the confirmation with this event as the tap', () => {
    const opened = (tap: string): Decision => ({
      state: { v: 1, flow: 'redeem_confirm', item: 'latte', tap, expiresAt: NOW + TEN_MINUTES } as ConversationState,
      steps: [run('choose', { item: 'latte' })],
    });
    expect(member(text('redeem latte', 'ev-7'))).toEqual(opened('ev-7'));
    expect(member(text('兌換 latte', 'ev-8'))).toEqual(opened('ev-8'));
    expect(member(postback('cmd=choose&item=latte', 'ev-9'))).toEqual(opened('ev-9'));
  });

  it('an item is chosen by what the member calls it: "兌換 拿鐵", "兌換拿鐵", "redeem large latte" (found by the plan)', () => {
    const opened = (item: string, tap: string): Decision => ({
      state: { v: 1, flow: 'redeem_confirm', item, tap, expiresAt: NOW + TEN_MINUTES } as ConversationState,
      steps: [run('choose', { item })],
    });
    expect(member(text('兌換 拿鐵', 'ev-7'))).toEqual(opened('拿鐵', 'ev-7'));
    expect(member(text('兌換拿鐵', 'ev-8'))).toEqual(opened('拿鐵', 'ev-8'));
    expect(member(text('redeem Large  Latte', 'ev-9'))).toEqual(opened('large latte', 'ev-9'));
  });

  it('answers text it cannot read with help noted help.unknown, and other messages with help.unsupported', () => {
    expect(member(text('what is the weather'))).toEqual(idle(unknown));
    expect(member(text('claim !!!'))).toEqual(idle(unknown));
    expect(member(sticker)).toEqual(idle(run('help', { note: 'help.unsupported' })));
  });

  it('skip means nothing to a member outside registration', () => {
    expect(member(text('skip'))).toEqual(idle(unknown));
  });

  it('an 8-digit link code from a member is not a command', () => {
    expect(member(text('12345678'))).toEqual(idle(unknown));
    expect(member(text('１２３４５６７８'))).toEqual(idle(unknown));
  });
});

describe('member postbacks', () => {
  it('claim with a giveaway and a tap id: the code upper-cased, the tap kept', () => {
    expect(member(postback('cmd=claim&g=demo&n=tap1'))).toEqual(idle(run('claim', { code: 'DEMO', tap: 'tap1' })));
    expect(member(postback('cmd=claim'))).toEqual(idle(run('claim', {})));
  });

  it('a catalogue page, falling back to page 1 when the page is not a positive whole number', () => {
    expect(member(postback('cmd=coupons&page=3'))).toEqual(idle(run('coupons', { page: '3' })));
    expect(member(postback('cmd=coupons'))).toEqual(idle(run('coupons', { page: '1' })));
    expect(member(postback('cmd=coupons&page=0'))).toEqual(idle(run('coupons', { page: '1' })));
    expect(member(postback('cmd=coupons&page=2.5'))).toEqual(idle(run('coupons', { page: '1' })));
    expect(member(postback('cmd=coupons&page=abc'))).toEqual(idle(run('coupons', { page: '1' })));
  });

  it('choose without an item shows the catalogue; coupon without a code lists my coupons', () => {
    expect(member(postback('cmd=choose'))).toEqual(idle(run('coupons', { page: '1' })));
    expect(member(postback('cmd=coupon'))).toEqual(idle(run('my_coupons', {})));
    expect(member(postback('cmd=coupon&c=CP-1'))).toEqual(idle(run('coupon', { code: 'CP-1' })));
  });

  it('language buttons: a language we speak, or the menu', () => {
    expect(member(postback('cmd=language&lang=zh-TW'))).toEqual(idle(run('language', { lang: 'zh-TW' })));
    expect(member(postback('cmd=language&lang=fr'))).toEqual(idle(run('language', {})));
  });

  it('an unknown or missing cmd is help.unknown', () => {
    expect(member(postback('cmd=nope'))).toEqual(idle(unknown));
    expect(member(postback('points'))).toEqual(idle(unknown));
    expect(member(postback(''))).toEqual(idle(unknown));
  });

  it.each([
    'cmd=register&name=x&phone=%2B886912345678&birthday=',
    'cmd=redeem&item=latte&tap=t1',
    'cmd=welcome',
    'cmd=set_reachable&reachable=no',
    'cmd=link_identity&code=12345678',
    'cmd=skip',
  ])('an internal command forged as a postback never runs for a member: %s', (data) => {
    expect(member(postback(data))).toEqual(idle(unknown));
    // Not even from inside the confirmation flow, which passes it on as a command.
    expect(member(postback(data), confirming())).toEqual(idle(unknown));
  });
});

describe('visitor commands', () => {
  it('join starts registration; other commands ask them to join first and keep the state', () => {
    expect(visitor(text('join'), IDLE)).toEqual(registration());
    expect(visitor(text('註冊'), IDLE)).toEqual(registration());
    expect(visitor(text('points'), IDLE)).toEqual(idle(needed));
    expect(visitor(text('redeem latte'), IDLE)).toEqual(idle(needed));
    expect(visitor(text('qwerty'), IDLE)).toEqual(idle(needed));
    expect(visitor(sticker, IDLE)).toEqual(idle(needed));
    // A greeting (the catalogue's synonyms) is answered with the menu, which offers Join.
    expect(visitor(text('hello'), IDLE)).toEqual(idle(run('menu', { note: 'menu.greeting' })));
  });

  it('language with a code sets the language, then asks them to join; without one it just asks', () => {
    expect(visitor(text('language en'), IDLE)).toEqual(idle(run('language', { lang: 'en' }), needed));
    expect(visitor(text('English'), IDLE)).toEqual(idle(run('language', { lang: 'en' }), needed));
    expect(visitor(text('language'), IDLE)).toEqual(idle(needed));
  });

  it.each([
    'cmd=register&name=x&phone=%2B886912345678&birthday=',
    'cmd=redeem&item=latte&tap=t1',
    'cmd=welcome',
  ])('an internal command forged as a postback never runs for a visitor: %s', (data) => {
    expect(visitor(postback(data), IDLE)).toEqual(idle(needed));
    // In the middle of registration it is just a bad answer to the question.
    const naming = registering('name');
    expect(visitor(postback(data), naming)).toEqual({ state: naming, steps: [say('register.bad_name', {}, 'name')] });
    const consenting = registering('consent', { name: 'Amy', phone: '+886912345678', birthday: null });
    expect(visitor(postback(data), consenting)).toEqual({
      state: consenting,
      steps: [say('register.consent_again', {}, 'consent')],
    });
  });

  it('goes through registration by the flow, to the register command', () => {
    let d = visitor(text('hi'), null);
    d = visitor(text('Amy'), d.state);
    expect(d.steps).toEqual([say('register.ask_phone', { name: 'Amy' }, 'cancel')]);
    d = visitor(text('0912-345-678'), d.state);
    d = visitor(text('skip'), d.state);
    expect(d.steps).toEqual([run('consent_card')]);
    expect(visitor(postback('cmd=agree'), d.state)).toEqual(
      idle(run('register', { name: 'Amy', phone: '+886912345678', birthday: '' })),
    );
  });

  it('cancel in registration leaves it; the visitor is then idle', () => {
    expect(visitor(text('cancel'), registering('phone', { name: 'Amy' }))).toEqual(
      idle(say('register.cancelled', {}, 'join')),
    );
  });

  it('a visitor left in a member-only flow is asked to join and the flow is dropped', () => {
    expect(visitor(text('agree'), confirming())).toEqual(idle(needed));
  });
});

describe('link codes from a visitor', () => {
  const linking = (code: string) => idle(run('link_identity', { code }));

  it.each([
    '12345678',
    '１２３４５６７８',
    '1234 5678',
    '１２３４　５６７８',
  ])('%s links, at first contact, when idle and in the middle of registration', (said) => {
    expect(visitor(text(said), null)).toEqual(linking('12345678'));
    expect(visitor(text(said), IDLE)).toEqual(linking('12345678'));
    expect(visitor(text(said), registering('phone', { name: 'Amy' }))).toEqual(linking('12345678'));
    // Even when the registration has expired: the code is taken before any flow.
    expect(visitor(text(said), registering('name', {}, NOW - 1))).toEqual(linking('12345678'));
  });

  it('6, 7 or 9 digits are not a link code (codes are 8 digits since issue 12)', () => {
    expect(visitor(text('123456'), IDLE)).toEqual(idle(needed));
    expect(visitor(text('1234567'), IDLE)).toEqual(idle(needed));
    expect(visitor(text('123456789'), IDLE)).toEqual(idle(needed));
  });
});

describe("the link notice's buttons", () => {
  it('unlink carries the code id to the command; a visitor is asked to join first', () => {
    expect(member(postback('cmd=unlink_linked&link=42'))).toEqual(idle(run('unlink_linked', { link: '42' })));
    expect(member(postback('cmd=unlink_linked'))).toEqual(idle(run('unlink_linked', { link: '' })));
    expect(member(postback('cmd=link_keep'))).toEqual(idle(run('link_keep', {})));
    expect(visitor(postback('cmd=unlink_linked&link=42'), IDLE)).toEqual(idle(needed));
  });
});

describe('flow expiry', () => {
  it('a member past expiresAt is told the flow timed out, then the message is read as a command', () => {
    const stale = confirming('latte', 'ev-0', NOW);
    expect(member(text('points'), stale)).toEqual(idle(say('flow.timed_out'), run('points', {})));
    // "agree" no longer redeems: it answers like agree outside a flow.
    expect(member(text('agree'), confirming('latte', 'ev-0', NOW - 1))).toEqual(
      idle(say('flow.timed_out'), run('agree', {})),
    );
  });

  it('a member one millisecond before expiresAt is still in the flow', () => {
    expect(member(text('agree'), confirming('latte', 'ev-0', NOW + 1))).toEqual(
      idle(run('redeem', { item: 'latte', tap: 'ev-0' })),
    );
  });

  it('a visitor past expiresAt in registration starts over with register.timed_out', () => {
    const stale = registering('birthday', { name: 'Amy', phone: '+886912345678' }, NOW);
    expect(visitor(text('1990-05-31'), stale)).toEqual(registration(NOW, [say('register.timed_out')]));
    expect(visitor(followEvent, stale)).toEqual(registration(NOW, [reachableYes, say('register.timed_out')]));
  });
});

describe('the redeem confirmation flow', () => {
  it('agree redeems the stored item with the stored tap, and the member is idle again', () => {
    const state = confirming('latte', 'ev-0');
    expect(member(text('agree', 'ev-2'), state)).toEqual(idle(run('redeem', { item: 'latte', tap: 'ev-0' })));
    expect(member(text('確認', 'ev-2'), state)).toEqual(idle(run('redeem', { item: 'latte', tap: 'ev-0' })));
    expect(member(postback('cmd=agree', 'ev-2'), state)).toEqual(idle(run('redeem', { item: 'latte', tap: 'ev-0' })));
  });

  it('cancel drops it with help noted flow.cancelled', () => {
    expect(member(text('cancel'), confirming())).toEqual(idle(run('help', { note: 'flow.cancelled' })));
  });

  it('another command ends the flow and runs that command', () => {
    expect(member(text('points'), confirming())).toEqual(idle(run('points', {})));
    expect(member(text('hmm'), confirming())).toEqual(idle(unknown));
    expect(member(text('redeem mocha', 'ev-3'), confirming('latte'))).toEqual({
      state: { v: 1, flow: 'redeem_confirm', item: 'mocha', tap: 'ev-3', expiresAt: NOW + TEN_MINUTES },
      steps: [run('choose', { item: 'mocha' })],
    });
  });

  it('a member with a leftover registration state is not in it: the message is a command', () => {
    expect(member(text('Amy'), registering('name'))).toEqual(idle(unknown));
    expect(member(text('points'), registering('consent'))).toEqual(idle(run('points', {})));
  });
});

describe('stored state (readState)', () => {
  const read = (stored: unknown) => readState(stored, (name) => registry.flow(name));

  it('nothing stored is a first contact (null)', () => {
    expect(read(null)).toBeNull();
    expect(read(undefined)).toBeNull();
  });

  it('reads a valid state of each flow', () => {
    expect(read(registering('phone', { name: 'Amy' }))).toEqual(registering('phone', { name: 'Amy' }));
    expect(read(confirming())).toEqual(confirming());
    expect(read({ v: 1, flow: 'idle' })).toEqual(IDLE);
  });

  it.each([
    ['a flow no longer registered', { v: 1, flow: 'survey', expiresAt: NOW + 1 }],
    ['a confirmation without its tap', { v: 1, flow: 'redeem_confirm', item: 'latte', expiresAt: NOW + 1 }],
    ['a registration of another version', { v: 3, flow: 'register', step: 'name', draft: {}, expiresAt: NOW + 1 }],
    ['a registration at a step that does not exist', { v: 1, flow: 'register', step: 'age', draft: {}, expiresAt: 1 }],
    ['a registration without expiresAt', { v: 1, flow: 'register', step: 'name', draft: {} }],
    ['a flow name that is not a string', { v: 1, flow: 7 }],
    ['no flow at all', { v: 1 }],
    ['a string', 'register'],
    ['a number', 42],
  ])('%s reads as idle', (_what, stored) => {
    expect(read(stored)).toEqual(IDLE);
  });

  it('a broken state read as idle does not trap the member or the visitor', () => {
    const broken = read({ v: 1, flow: 'redeem_confirm', item: 'latte', expiresAt: NOW + 1 });
    expect(member(text('agree'), broken)).toEqual(idle(run('agree', {})));
    expect(visitor(text('qwerty'), broken)).toEqual(idle(needed));
  });
});

describe("the conversation module's own plans (pure: they only read the view)", () => {
  const view: ViewContext = {
    language: 'en',
    timeZone: 'Asia/Taipei',
    brand: { name: 'Test café', termsUrl: 'https://example.com/t', privacyUrl: 'https://example.com/p' },
    pointTypes: [],
  };
  const ctx = new Proxy({} as TurnContext, {
    get(_t, prop) {
      if (prop === 'view') return view;
      // Whether a member is writing decides the buttons (a visitor's lead in); nothing is read of them.
      if (prop === 'member') return { id: 'm1' };
      throw new Error(`a conversation plan must only read the view (read ${String(prop)})`);
    },
  });

  it('cancel outside a flow: help noted flow.nothing_to_cancel', async () => {
    expect(await registry.command('cancel').plan(ctx, {})).toEqual({
      replies: [helpReply(view, 'flow.nothing_to_cancel')],
    });
  });

  it('agree outside a flow: help noted confirm.nothing', async () => {
    expect(await registry.command('agree').plan(ctx, {})).toEqual({ replies: [helpReply(view, 'confirm.nothing')] });
  });

  it('help shows its note when it is a catalogue key, and the plain title otherwise', async () => {
    expect(await registry.command('help').plan(ctx, { note: 'help.unknown' })).toEqual({
      replies: [helpReply(view, 'help.unknown')],
    });
    const plain = await registry.command('help').plan(ctx, { note: 'not.a.key' });
    expect(plain).toEqual({ replies: [helpReply(view)] });
    expect(plain.replies[0]).toMatchObject({ title: 'What can I do for you?' });
  });
});
