import { z } from 'zod';

/** The gift a new member gets on registering (program configuration). */
export const welcomeBonusSchema = z.object({
  pointType: z.string().min(1),
  amount: z.number().int().min(1).max(1_000_000),
});
export type WelcomeBonus = z.output<typeof welcomeBonusSchema>;
