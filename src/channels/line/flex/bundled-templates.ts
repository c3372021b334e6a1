// flex-templates/*.json imported statically, so a bundle (Cloudflare Workers) carries them without a file system.
// On Workers: renderLineMessages(replies, buildFlexTemplates(bundledTemplateFiles, { brandName: env.BRAND_NAME })).
import announcement from '../../../../flex-templates/announcement.json' with { type: 'json' };
import balance from '../../../../flex-templates/balance.json' with { type: 'json' };
import card from '../../../../flex-templates/card.json' with { type: 'json' };
import catalog from '../../../../flex-templates/catalog.json' with { type: 'json' };
import checkin from '../../../../flex-templates/checkin.json' with { type: 'json' };
import confirm from '../../../../flex-templates/confirm.json' with { type: 'json' };
import coupon from '../../../../flex-templates/coupon.json' with { type: 'json' };
import coupons from '../../../../flex-templates/coupons.json' with { type: 'json' };
import giveaways from '../../../../flex-templates/giveaways.json' with { type: 'json' };
import help from '../../../../flex-templates/help.json' with { type: 'json' };
import history from '../../../../flex-templates/history.json' with { type: 'json' };
import receipt from '../../../../flex-templates/receipt.json' with { type: 'json' };
import theme from '../../../../flex-templates/theme.json' with { type: 'json' };
import welcome from '../../../../flex-templates/welcome.json' with { type: 'json' };
import type { FlexTemplateFiles, TemplateFile } from './templates.js';

export const bundledTemplateFiles: Readonly<Record<TemplateFile, unknown>> = {
  theme,
  welcome,
  help,
  card,
  balance,
  history,
  checkin,
  giveaways,
  catalog,
  confirm,
  coupon,
  coupons,
  announcement,
  receipt,
} satisfies FlexTemplateFiles;
