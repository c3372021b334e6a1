// A member registers and asks for points in the simulator, in Debian's Chromium driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startNodeServer } from '../../src/main/node.js';

const CHROMIUM = '/usr/bin/chromium';
// In CI the browser must be there (.ci/run installs it); on a laptop without it the test is skipped.
const skip = !existsSync(CHROMIUM) && !process.env.CI;

describe.skipIf(skip)('simulator in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pointloop-browser-'));
    server = await startNodeServer({
      PORT: '0',
      DATABASE_PATH: join(dir, 'sim.db'),
      LOG_LEVEL: 'silent',
      SCHEDULER: 'false',
      NODE_ENV: 'development',
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers a member by typing and tapping, then shows the points', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${server.url}/simulator`);
    // Bound to 127.0.0.1 (the default outside production): no exposure warning.
    expect(await page.locator('#exposed-warning').count()).toBe(0);
    await page.fill('#newName', 'Amy');
    await page.selectOption('#newLang', 'en');
    await page.click('#add');
    // Welcome, then the name question with the member's name offered as a chip.
    await page.getByRole('button', { name: 'Amy', exact: true }).click();
    await expect.poll(() => page.locator('#log').innerText()).toContain('mobile number');
    await page.fill('#text', '0912 345 678');
    await page.click('#send');
    await page.getByRole('button', { name: 'Skip' }).click();
    await page.getByRole('button', { name: 'Agree' }).first().click();
    await expect.poll(() => page.locator('#log').innerText()).toContain('Member code');
    await page.getByRole('button', { name: 'Points' }).first().click();
    await expect.poll(() => page.locator('#log').innerText()).toContain('My points');
    const log = await page.locator('#log').innerText();
    expect(log).toMatch(/Bonus points[\s\S]*100/);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/simulator.png', fullPage: true });
  });

  it('shows a visible warning when the server listens beyond loopback (HOST=0.0.0.0)', async () => {
    const exposed = await startNodeServer({
      PORT: '0',
      DATABASE_PATH: join(dir, 'exposed.db'),
      LOG_LEVEL: 'silent',
      SCHEDULER: 'false',
      NODE_ENV: 'development',
      HOST: '0.0.0.0',
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await page.goto(`${exposed.url}/simulator`);
      const warning = page.getByRole('alert');
      expect(await warning.isVisible()).toBe(true);
      expect(await warning.innerText()).toContain('reachable from outside this machine');
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/simulator-exposed.png' });
    } finally {
      await exposed.close();
    }
  });
});
