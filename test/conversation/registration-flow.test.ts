// The registration flow's step function alone: no engine, no registry, no database.
import { describe, expect, it } from 'vitest';
import { type Decision, type Intent, run, say, UNKNOWN } from '../../src/conversation/domain/command.js';
import { IDLE } from '../../src/conversation/domain/state.js';
import type { InboundEvent } from '../../src/kernel/channel.js';
import {
  type RegisterState,
  registrationFlow,
  startOnboarding,
  startRegistration,
} from '../../src/members/domain/registration-flow.js';
import { follow, NOW, postback, TEN_MINUTES, text, turnInput } from './turns.js';

/** When the visitor answers: five minutes after the state was last moved forward. */
const LATER = NOW + 5 * 60 * 1000;
const AGREE: Intent = { command: 'agree', args: {} };
const SKIP: Intent = { command: 'skip', args: {} };
const CANCEL: Intent = { command: 'cancel', args: {} };

type Step = RegisterState['step'];
type Draft = RegisterState['draft'];
const at = (step: Step, draft: Draft = {}): RegisterState => ({
  v: 2,
  flow: 'register',
  step,
  draft,
  expiresAt: NOW + TEN_MINUTES,
});
/** The state after a good answer at LATER: the next step, and the timeout counted from the answer. */
const moved = (step: Step, draft: Draft): RegisterState => ({ ...at(step, draft), expiresAt: LATER + TEN_MINUTES });

function step(
  state: RegisterState,
  event: InboundEvent,
  o: { intent?: Intent; now?: number; timeZone?: string } = {},
): ReturnType<typeof registrationFlow.step> {
  const input = turnInput(event, { state, isMember: false, now: o.now ?? LATER, timeZone: o.timeZone });
  return registrationFlow.step(state, { input, intent: o.intent ?? UNKNOWN });
}
const answer = (state: RegisterState, said: string, intent?: Intent) => step(state, text(said), { intent });

const AMY = { name: 'Amy' };
const AMY_PHONE = { name: 'Amy', phone: '+886912345678' };

describe('startRegistration', () => {
  it('opens the name step with an empty draft, ten minutes to answer, the welcome card and the name question', () => {
    expect(startRegistration(NOW)).toEqual({
      state: { v: 2, flow: 'register', step: 'name', draft: {}, expiresAt: NOW + TEN_MINUTES },
      steps: [run('welcome'), say('register.ask_name', undefined, 'name')],
    });
  });

  it('puts a prefix before the welcome', () => {
    expect(startRegistration(NOW, [say('register.timed_out')]).steps).toEqual([
      say('register.timed_out'),
      run('welcome'),
      say('register.ask_name', undefined, 'name'),
    ]);
  });

  it('is how onboarding starts', () => {
    expect(startOnboarding(turnInput(text('hi'), { state: null, isMember: false, now: LATER }))).toEqual(
      startRegistration(LATER),
    );
  });
});

describe('name', () => {
  const badName: Decision = { state: at('name'), steps: [say('register.bad_name', {}, 'name')] };
  const named = (name: string): Decision => ({
    state: moved('phone', { name }),
    steps: [say('register.ask_phone', { name }, 'cancel')],
  });

  it('takes a name and asks for the phone by that name', () => {
    expect(answer(at('name'), 'Amy')).toEqual(named('Amy'));
    expect(answer(at('name'), '王小明')).toEqual(named('王小明'));
  });

  it('trims the name and folds full-width letters', () => {
    expect(answer(at('name'), '  Amy Lin  ')).toEqual(named('Amy Lin'));
    expect(answer(at('name'), 'Ａｍｙ')).toEqual(named('Amy'));
  });

  it('refuses an empty or blank name', () => {
    expect(answer(at('name'), '')).toEqual(badName);
    expect(answer(at('name'), '   ')).toEqual(badName);
  });

  it('takes 40 characters and refuses 41', () => {
    expect(answer(at('name'), 'a'.repeat(40))).toEqual(named('a'.repeat(40)));
    expect(answer(at('name'), 'a'.repeat(41))).toEqual(badName);
  });

  it('counts an emoji as one character, not two UTF-16 units', () => {
    expect('😀'.repeat(40).length).toBe(80);
    expect(answer(at('name'), '😀'.repeat(40))).toEqual(named('😀'.repeat(40)));
    expect(answer(at('name'), '😀'.repeat(41))).toEqual(badName);
    expect(answer(at('name'), `Amy 🌸`)).toEqual(named('Amy 🌸'));
  });

  it('refuses a button press as a name', () => {
    expect(step(at('name'), postback('cmd=points'))).toEqual(badName);
  });

  it('counts what a person sees: a family emoji or an accent typed as a combining mark is one character', () => {
    const family = '👩‍👩‍👧';
    expect([...family].length).toBe(5);
    expect(answer(at('name'), family.repeat(40))).toEqual(named(family.repeat(40)));
    expect(answer(at('name'), family.repeat(41))).toEqual(badName);
    expect(answer(at('name'), 'e\u0301'.repeat(40))).toEqual(named('é'.repeat(40)));
  });

  // Issue 12, item 11: names nobody can see, or with characters that break what shows them.
  const unreadable: Decision = { state: at('name'), steps: [say('register.bad_name_unreadable', {}, 'name')] };

  it.each([
    ['zero-width spaces', '\u200B\u200B\u200B'],
    ['zero-width joiners and non-joiners', '\u200D\u200C'],
    ['a word joiner', '\u2060'],
    ['zero-width no-break spaces inside spaces', ' \uFEFF\u200B '],
    ['a soft hyphen', '\u00AD'],
    ['bidi marks', '\u200E\u200F\u061C'],
    ['Hangul fillers', '\u3164\u3164'],
    ['the blank braille pattern', '\u2800'],
    ['a combining mark alone', '\u0301'],
  ])('refuses a name made only of %s, and asks again with an example', (_what, typed) => {
    expect(answer(at('name'), typed)).toEqual(unreadable);
  });

  it.each([
    ['NUL', 'Amy\u0000'],
    ['a tab', 'Amy\tLin'],
    ['a newline inside', 'Amy\nLin'],
    ['DEL', 'Amy\u007F'],
    ['a C1 control', 'Amy\u0085Lin'],
    ['a bidi override', '\u202EymA'],
    ['a bidi isolate', 'Amy\u2066Lin'],
    ['a line separator', 'Amy\u2028Lin'],
    ['a lone surrogate', 'Amy\uD800'],
  ])('refuses a name containing %s', (_what, typed) => {
    expect(answer(at('name'), typed)).toEqual(unreadable);
  });

  it('drops invisible characters around and inside a visible name, and keeps the joiners of an emoji', () => {
    expect(answer(at('name'), '\u200BAmy\u00AD')).toEqual(named('Amy'));
    expect(answer(at('name'), 'A\u200Bm\u2060y')).toEqual(named('Amy'));
    expect(answer(at('name'), '\u200F王小明')).toEqual(named('王小明'));
    expect(answer(at('name'), 'Amy 👩‍👩‍👧')).toEqual(named('Amy 👩‍👩‍👧'));
    // A trailing newline (some keyboards send one) is trimmed like a space.
    expect(answer(at('name'), 'Amy\n')).toEqual(named('Amy'));
  });

  it('a stored draft whose name would now be refused starts over at consent', () => {
    expect(answer(at('consent', { name: '\u200B', phone: '+886912345678' }), 'agree', AGREE)).toEqual(
      startRegistration(LATER),
    );
  });
});

describe('phone', () => {
  const badPhone: Decision = { state: at('phone', AMY), steps: [say('register.bad_phone', {}, 'cancel')] };

  it('takes a mobile number in E.164 and asks for the birthday', () => {
    const next: Decision = {
      state: moved('birthday', AMY_PHONE),
      steps: [say('register.ask_birthday', {}, 'birthday')],
    };
    expect(answer(at('phone', AMY), '0912 345 678')).toEqual(next);
    expect(answer(at('phone', AMY), '+886-912-345-678')).toEqual(next);
    expect(answer(at('phone', AMY), '０９１２３４５６７８')).toEqual(next);
  });

  it('takes an international mobile number', () => {
    expect(answer(at('phone', AMY), '+81 90 1234 5678')).toMatchObject({
      state: { step: 'birthday', draft: { name: 'Amy', phone: '+819012345678' } },
    });
  });

  it('refuses what is not a mobile number, and keeps the draft', () => {
    expect(answer(at('phone', AMY), '12345')).toEqual(badPhone);
    expect(answer(at('phone', AMY), '02 2345 6789')).toEqual(badPhone);
    expect(answer(at('phone', AMY), 'my phone')).toEqual(badPhone);
    expect(step(at('phone', AMY), postback('cmd=agree'), { intent: AGREE })).toEqual(badPhone);
  });
});

describe('a command word typed as a name', () => {
  const POINTS: Intent = { command: 'points', args: {} };
  const asking = (name: string): RegisterState => ({ ...moved('confirm_name', { pendingName: name }) });

  it('asks to confirm instead of taking it, with Yes / No', () => {
    expect(answer(at('name'), 'points', POINTS)).toEqual({
      state: asking('points'),
      steps: [say('register.confirm_name', { name: 'points' }, 'yes_no')],
    });
    expect(answer(at('name'), '點數', POINTS)).toMatchObject({ state: { step: 'confirm_name' } });
  });

  it('yes takes it and asks for the phone; no asks for the name again', () => {
    expect(answer(asking('points'), 'yes', AGREE)).toEqual({
      state: moved('phone', { name: 'points' }),
      steps: [say('register.ask_phone', { name: 'points' }, 'cancel')],
    });
    const no: Intent = { command: 'decline', args: {} };
    expect(answer(asking('points'), 'no', no)).toMatchObject({
      state: { step: 'name' },
      steps: [say('register.ask_name_again', {}, 'name')],
    });
  });

  it('another name typed instead of yes is taken as the name', () => {
    expect(answer(asking('points'), 'Amy')).toEqual({
      state: moved('phone', { name: 'Amy' }),
      steps: [say('register.ask_phone', { name: 'Amy' }, 'cancel')],
    });
  });

  it('a name that is no command is taken at once', () => {
    expect(answer(at('name'), 'Amy')).toMatchObject({ state: { step: 'phone', draft: { name: 'Amy' } } });
  });
});

describe('consent', () => {
  const DECLINE: Intent = { command: 'decline', args: {} };
  const ready = at('consent', { ...AMY_PHONE, birthday: null });

  it('decline says what registration needs and ends the flow (join starts again)', () => {
    expect(answer(ready, '不同意', DECLINE)).toEqual({ state: IDLE, steps: [say('register.declined', {}, 'join')] });
  });

  it('anything else asks again with Agree / Decline', () => {
    expect(answer(ready, 'hmm')).toEqual({ state: ready, steps: [say('register.consent_again', {}, 'consent')] });
  });

  it('agree registers', () => {
    expect(answer(ready, 'agree', AGREE)).toEqual({
      state: IDLE,
      steps: [run('register', { name: 'Amy', phone: '+886912345678', birthday: '' })],
    });
  });
});

describe('birthday', () => {
  const before = at('birthday', AMY_PHONE);
  const badBirthday: Decision = { state: before, steps: [say('register.bad_birthday', {}, 'birthday')] };
  const born = (birthday: string | null): Decision => ({
    state: moved('consent', { ...AMY_PHONE, birthday }),
    steps: [run('consent_card')],
  });

  it('takes a date and asks for consent', () => {
    expect(answer(before, '1990-05-31')).toEqual(born('1990-05-31'));
    expect(answer(before, '１９９０－０５－３１')).toEqual(born('1990-05-31'));
  });

  it('is skipped by the skip intent, stored as null', () => {
    expect(answer(before, 'skip', SKIP)).toEqual(born(null));
    expect(step(before, postback('cmd=skip'), { intent: SKIP })).toEqual(born(null));
  });

  it('reads the intent, not the word: "skip" that did not parse as skip is a bad date', () => {
    expect(answer(before, 'skip')).toEqual(badBirthday);
  });

  const refused = (key: string): Decision => ({ state: before, steps: [say(key as never, {}, 'birthday')] });

  it('takes today and refuses tomorrow, in the program time zone', () => {
    // NOW is 2026-03-01 12:00 in Taipei.
    expect(answer(before, '2026-03-01')).toEqual(born('2026-03-01'));
    expect(answer(before, '2026-03-02')).toEqual(refused('register.birthday_future'));
    expect(answer(before, '2099-01-01')).toEqual(refused('register.birthday_future'));
    // 2026-03-01 17:00 UTC is already 2026-03-02 in Taipei, but not in UTC.
    const lateUtc = Date.UTC(2026, 2, 1, 17, 0, 0);
    expect(step(before, text('2026-03-02'), { now: lateUtc, timeZone: 'Asia/Taipei' })).toMatchObject({
      state: { step: 'consent', draft: { birthday: '2026-03-02' } },
    });
    expect(step(before, text('2026-03-02'), { now: lateUtc, timeZone: 'UTC' })).toEqual(
      refused('register.birthday_future'),
    );
  });

  it('takes 120 years ago to the day and refuses one day more (ages over 120)', () => {
    expect(answer(before, '1906-03-01')).toEqual(born('1906-03-01'));
    expect(answer(before, '1906-02-28')).toEqual(refused('register.birthday_too_old'));
    expect(answer(before, '1899-12-31')).toEqual(refused('register.birthday_too_old'));
  });

  it.each([
    ['1990/5/31'],
    ['1990-5-31'],
    ['1990.5.31'],
    ['19900531'],
    ['1990年5月31日'],
    ['1990 年 5 月 31 日'],
    ['１９９０／５／３１'],
    ['1990/05/31'],
  ])('takes %s as 1990-05-31', (typed) => {
    expect(answer(before, typed)).toEqual(born('1990-05-31'));
  });

  it('takes the date of the LINE date picker (postback params.date)', () => {
    const picked: Intent = { command: 'birthday', args: { date: '1990-05-31' } };
    expect(step(before, postback('cmd=birthday'), { intent: picked })).toEqual(born('1990-05-31'));
    const future: Intent = { command: 'birthday', args: { date: '2030-01-01' } };
    expect(step(before, postback('cmd=birthday'), { intent: future })).toEqual(refused('register.birthday_future'));
  });

  it('refuses what is not a date, and days that do not exist, each with an example', () => {
    expect(answer(before, 'not a date')).toEqual(badBirthday);
    expect(answer(before, '1990-02-30')).toEqual(refused('register.birthday_invalid_date'));
    expect(answer(before, '1990/2/29')).toEqual(refused('register.birthday_invalid_date'));
    expect(answer(before, '1992/2/29')).toEqual(born('1992-02-29'));
    expect(answer(before, '1990-13-01')).toEqual(refused('register.birthday_invalid_date'));
    expect(answer(before, '199005311')).toEqual(badBirthday);
    expect(step(before, postback('cmd=points'))).toEqual(badBirthday);
  });
});

describe('consent', () => {
  const full = { ...AMY_PHONE, birthday: '1990-05-31' };

  it('agree runs register with the draft, and the visitor is idle', () => {
    expect(answer(at('consent', full), 'agree', AGREE)).toEqual({
      state: IDLE,
      steps: [run('register', { name: 'Amy', phone: '+886912345678', birthday: '1990-05-31' })],
    });
  });

  it("a skipped birthday is registered as ''", () => {
    const register = { state: IDLE, steps: [run('register', { name: 'Amy', phone: '+886912345678', birthday: '' })] };
    expect(answer(at('consent', { ...AMY_PHONE, birthday: null }), 'agree', AGREE)).toEqual(register);
    expect(answer(at('consent', AMY_PHONE), 'agree', AGREE)).toEqual(register);
  });

  it('anything else asks again and keeps the draft', () => {
    const again: Decision = { state: at('consent', full), steps: [say('register.consent_again', {}, 'consent')] };
    expect(answer(at('consent', full), 'maybe')).toEqual(again);
    expect(answer(at('consent', full), 'agree')).toEqual(again);
    expect(answer(at('consent', full), 'skip', SKIP)).toEqual(again);
    expect(
      step(at('consent', full), postback('cmd=register&name=x'), { intent: { command: 'register', args: {} } }),
    ).toEqual(again);
  });

  it('a draft missing its name or phone starts over instead of registering half a member', () => {
    expect(answer(at('consent', { name: 'Amy', birthday: null }), 'agree', AGREE)).toEqual(startRegistration(LATER));
    expect(answer(at('consent', { phone: '+886912345678' }), 'agree', AGREE)).toEqual(startRegistration(LATER));
    expect(answer(at('consent', { name: '', phone: '+886912345678' }), 'agree', AGREE)).toEqual(
      startRegistration(LATER),
    );
  });
});

describe('at any step', () => {
  const steps: [Step, Draft][] = [
    ['name', {}],
    ['phone', AMY],
    ['birthday', AMY_PHONE],
    ['consent', { ...AMY_PHONE, birthday: null }],
  ];

  it.each(steps)('cancel at %s leaves registration', (s, draft) => {
    const cancelled = { state: IDLE, steps: [say('register.cancelled', {}, 'join')] };
    expect(answer(at(s, draft), 'cancel', CANCEL)).toEqual(cancelled);
    expect(step(at(s, draft), postback('cmd=cancel'), { intent: CANCEL })).toEqual(cancelled);
  });

  it('a follow re-asks the current question and leaves the state as it was', () => {
    const reasked = (s: Step, draft: Draft) => step(at(s, draft), follow);
    expect(reasked('name', {})).toEqual({ state: at('name'), steps: [say('register.ask_name', undefined, 'name')] });
    expect(reasked('phone', AMY)).toEqual({
      state: at('phone', AMY),
      steps: [say('register.ask_phone', { name: 'Amy' }, 'cancel')],
    });
    expect(reasked('birthday', AMY_PHONE)).toEqual({
      state: at('birthday', AMY_PHONE),
      steps: [say('register.ask_birthday', undefined, 'birthday')],
    });
    expect(reasked('consent', AMY_PHONE)).toEqual({
      state: at('consent', AMY_PHONE),
      steps: [run('consent_card')],
    });
  });

  it('expiresAt moves forward with each good answer, counted from that answer', () => {
    const t1 = NOW + 60_000;
    const t2 = t1 + 9 * 60_000;
    const t3 = t2 + 9 * 60_000;
    const d1 = step(startRegistration(NOW).state as RegisterState, text('Amy'), { now: t1 }) as Decision;
    expect(d1.state).toMatchObject({ step: 'phone', expiresAt: t1 + TEN_MINUTES });
    const d2 = step(d1.state as RegisterState, text('0912345678'), { now: t2 }) as Decision;
    expect(d2.state).toMatchObject({ step: 'birthday', expiresAt: t2 + TEN_MINUTES });
    const d3 = step(d2.state as RegisterState, text('skip'), { now: t3, intent: SKIP }) as Decision;
    expect(d3.state).toMatchObject({ step: 'consent', expiresAt: t3 + TEN_MINUTES });
  });
});

describe('expired', () => {
  it('starts over with register.timed_out, whatever was said and however far it got', () => {
    const expired = registrationFlow.expired;
    expect(expired).toBeDefined();
    const state = at('consent', { ...AMY_PHONE, birthday: null });
    const input = turnInput(text('agree'), { state, isMember: false, now: LATER });
    expect(expired?.(state, { input, intent: AGREE })).toEqual({
      state: { v: 2, flow: 'register', step: 'name', draft: {}, expiresAt: LATER + TEN_MINUTES },
      steps: [say('register.timed_out'), run('welcome'), say('register.ask_name', undefined, 'name')],
    });
  });
});

describe('schema', () => {
  it('reads its own state and refuses another shape', () => {
    expect(registrationFlow.schema.safeParse(at('phone', AMY)).success).toBe(true);
    expect(registrationFlow.schema.safeParse({ ...at('phone', AMY), step: 'email' }).success).toBe(false);
    expect(registrationFlow.schema.safeParse({ ...at('phone', AMY), v: 3 }).success).toBe(false);
    // A v1 state (stored before issue 14) is read on as v2.
    expect(registrationFlow.schema.safeParse({ ...at('phone', AMY), v: 1 }).data).toEqual(at('phone', AMY));
    expect(registrationFlow.schema.safeParse({ ...at('phone', AMY), flow: 'redeem_confirm' }).success).toBe(false);
  });
});
