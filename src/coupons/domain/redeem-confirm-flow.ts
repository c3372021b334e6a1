// Redeeming asks first: choosing an item opens this flow; "agree" redeems it, "cancel" drops it, anything else
// ends the flow and is read as a command. `tap` (the choosing event's id) keys the redemption, so it happens once.
import { z } from 'zod';
import { type Decision, type FlowSpec, run, type TurnInput } from '../../conversation/domain/command.js';
import { AGREE, CANCEL, HELP } from '../../conversation/domain/command-names.js';
import { FLOW_TIMEOUT_MS, IDLE } from '../../conversation/domain/state.js';

export const REDEEM_CONFIRM_FLOW = 'redeem_confirm';
/** Shows the confirmation card of an item; args: item. */
export const CHOOSE = 'choose';
/** Redeems after the confirmation; args: item, tap. Never a button of its own. */
export const REDEEM = 'redeem';

const schema = z.object({
  v: z.literal(1),
  flow: z.literal(REDEEM_CONFIRM_FLOW),
  item: z.string(),
  tap: z.string(),
  expiresAt: z.number(),
});
export type RedeemConfirmState = z.output<typeof schema>;

export function chooseItem(item: string, input: TurnInput): Decision {
  const state: RedeemConfirmState = {
    v: 1,
    flow: REDEEM_CONFIRM_FLOW,
    item,
    tap: input.event.eventId,
    expiresAt: input.now + FLOW_TIMEOUT_MS,
  };
  return { state, steps: [run(CHOOSE, { item })] };
}

export const redeemConfirmFlow: FlowSpec<RedeemConfirmState> = {
  name: REDEEM_CONFIRM_FLOW,
  audience: 'member',
  schema,
  step(state, { intent }) {
    if (intent.command === AGREE) return { state: IDLE, steps: [run(REDEEM, { item: state.item, tap: state.tap })] };
    if (intent.command === CANCEL) return { state: IDLE, steps: [run(HELP, { note: 'flow.cancelled' })] };
    return { pass: true };
  },
};
