// `pointloop broadcast ...`: send (or resume) a broadcast from the command line with a progress bar, read its
// progress, cancel it, list recent ones. It works on the server's SQLite file beside a running server: every step
// is guarded in the database, so the server's scheduler and this command can resume the same broadcast safely.
// WhatsApp recipients are handed to the outbox, which the server (the process holding WhatsApp) delivers.
import { SingleBar } from 'cli-progress';
import type { Progress } from '../../broadcasts/index.js';
import type { CliCommands } from './context.js';

const summary = (p: Progress) =>
  `sent ${p.sent}, failed ${p.failed}, queued ${p.queued}, skipped ${
    Object.entries(p.skipped)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(', ') || 'none'
  } (of ${p.total})`;

export const broadcastCommands: CliCommands = (program, ctx) => {
  const notFound = (id: string) => {
    ctx.fail(`No broadcast ${id}.`);
    process.exitCode = 1;
  };
  const broadcast = program.command('broadcast').description('send and follow brand broadcasts');

  broadcast
    .command('send')
    .description('send a broadcast now (or resume one a crash or a restart interrupted), with a progress bar')
    .argument('<id>', 'broadcast id')
    .action(async (id: string) => {
      await ctx.withServices(async (s) => {
        const b = await s.broadcasts.get(id);
        if (!b) return notFound(id);
        if (!s.config.lineEnabled) ctx.fail('LINE is not configured: LINE recipients will wait.');
        const bar = new SingleBar({
          format: ' {bar} {percentage}% | {value}/{total} done | sent {sent} failed {failed} skipped {skipped}',
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 2000,
        });
        let started = false;
        const show = async () => {
          const p = await s.broadcasts.progress(id);
          const skipped = Object.values(p.skipped).reduce((a, n) => a + n, 0);
          const values = { sent: p.sent, failed: p.failed, skipped };
          if (!started && p.total > 0) {
            bar.start(p.total, p.total - p.queued, values);
            started = true;
          } else if (started) bar.update(p.total - p.queued, values);
        };
        const timer = setInterval(() => void show(), 250);
        try {
          const final = await s.broadcasts.run(id);
          await show();
          if (started) bar.stop();
          const after = await s.broadcasts.get(id);
          ctx.out(`Broadcast ${id} ${after?.status ?? '?'}: ${summary(final)}`);
          if (final.queued > 0) ctx.out('Some recipients are still queued (WhatsApp: delivered by the server).');
        } finally {
          clearInterval(timer);
          if (started) bar.stop();
        }
      });
    });

  broadcast
    .command('progress')
    .description("a broadcast's progress")
    .argument('<id>', 'broadcast id')
    .action(async (id: string) => {
      await ctx.withServices(async (s) => {
        const b = await s.broadcasts.get(id);
        if (!b) return notFound(id);
        ctx.out(`${b.id} "${b.name}" ${b.status}: ${summary(await s.broadcasts.progress(id))}`);
      });
    });

  broadcast
    .command('cancel')
    .description('cancel a broadcast: nothing more is handed to LINE or WhatsApp')
    .argument('<id>', 'broadcast id')
    .action(async (id: string) => {
      await ctx.withServices(async (s) => {
        const r = await s.broadcasts.cancel(id);
        if (!r.ok) {
          ctx.fail(r.error.message);
          process.exitCode = 1;
          return;
        }
        ctx.out(`Cancelled ${id}: ${summary(await s.broadcasts.progress(id))}`);
      });
    });

  broadcast
    .command('list')
    .description('recent broadcasts')
    .action(async () => {
      await ctx.withServices(async (s) => {
        for (const b of await s.broadcasts.list(20))
          ctx.out(`${b.id}  ${b.status.padEnd(9)}  ${new Date(b.scheduledAt).toISOString()}  ${b.name}`);
      });
    });
};
