import type { Ledger } from './ledger.js';

/** The demo program `npm start` seeds into an empty database, so a newcomer can chat at once. */
export const DEMO_WELCOME_BONUS = { pointType: 'bonus', amount: 100 } as const;

export async function seedDemoProgram(ledger: Ledger): Promise<boolean> {
  if ((await ledger.pointTypes()).length > 0) return false;
  const bonus = await ledger.definePointType({
    code: 'bonus',
    names: { 'zh-TW': '紅利點數', en: 'Bonus points' },
    valueMinor: 100,
    lifetime: { kind: 'days', days: 365 },
  });
  const diamond = await ledger.definePointType({
    code: 'diamond',
    names: { 'zh-TW': '鑽石點數', en: 'Diamond points' },
    valueMinor: 1000,
    lifetime: { kind: 'end_of_year' },
  });
  if (!bonus.ok || !diamond.ok) throw new Error('demo seed refused');
  return true;
}
