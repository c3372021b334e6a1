import { fileURLToPath } from 'node:url';
import { renderRichMenuFiles } from '../rich-menus.js';
import type { CliCommands } from './context.js';

const BUNDLED = fileURLToPath(new URL('../../channels/line/rich-menu/bundled-images.ts', import.meta.url));

/**
 * `rich-menus render`: draws each menu's PNG beside its JSON (flex-templates/rich-menus/) and the Workers module of
 * bundled images. `rich-menus sync`: creates the menus on LINE once per content, sets the guest menu as default and
 * links existing members to the member menu (500 a call). `rich-menus link-all`: that bulk link again.
 * `rich-menus drain`: sends the queued per-user links and unlinks that are due.
 */
export const richMenuCommands: CliCommands = (program, ctx) => {
  const group = program.command('rich-menus').description('LINE rich menus (flex-templates/rich-menus/)');
  group
    .command('render')
    .description('draw the PNGs from the SVG in the theme colours (resvg)')
    .option('--dir <dir>', 'templates folder', process.env.FLEX_TEMPLATES_DIR ?? 'flex-templates')
    .option('--no-bundle', 'do not write the Workers module of images')
    .action(async (o: { dir: string; bundle: boolean }) => {
      for (const f of await renderRichMenuFiles(o.dir, o.bundle ? BUNDLED : undefined)) ctx.out(`wrote ${f}`);
    });
  group
    .command('sync')
    .description('create the menus on LINE (once per content), default, bulk link')
    .action(() =>
      ctx.withServices(async ({ richMenus }) => {
        if (!richMenus) return notOn(ctx);
        for (const r of await richMenus.sync())
          ctx.out(`${r.kind}  ${r.lineRichMenuId}  ${r.created ? 'created' : 'exists'}  linked ${r.bulkLinked ?? 0}`);
      }),
    );
  group
    .command('link-all <richMenuId>')
    .description('link every member LINE chat to a rich menu id (500 a call)')
    .action((id: string) =>
      ctx.withServices(async ({ richMenus }) => {
        if (!richMenus) return notOn(ctx);
        ctx.out(`linked ${await richMenus.bulkLink(id)}`);
      }),
    );
  group
    .command('drain')
    .description('send the queued per-user links and unlinks that are due')
    .action(() =>
      ctx.withServices(async ({ richMenus }) => {
        if (!richMenus) return notOn(ctx);
        ctx.out(JSON.stringify(await richMenus.drainLinks(1000)));
      }),
    );
};

function notOn(ctx: { fail(line: string): void }): void {
  ctx.fail('LINE is off (LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN) or RICH_MENUS=false');
  process.exitCode = 1;
}
