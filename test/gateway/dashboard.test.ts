// The dashboard in a real headless Chromium (Debian's, driven by playwright-core; never a downloaded
// browser): boards appear on the map, a live alert arrives over SSE, the located incident gets its
// error circle, and an operator can acknowledge it. Leaves a screenshot for humans.
import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { openPtyPair, type PtyPair } from '../../gateway/sim/pty-pair.ts';
import { createFakeBoard, type FakeBoard } from '../../gateway/sim/fake-board.ts';
import { startGateway, type Gateway } from '../../gateway/app.ts';
import { DEFAULT_CONFIG, mergeConfig } from '../../gateway/config.ts';
import { fromEnu } from '../../gateway/incidents/geo.ts';
import { gatewayNowUs } from '../../gateway/serial/clock.ts';
import { tempDir, waitFor, requireSocat, quietLog } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT_DIR = new URL('../../runs/gateway/', import.meta.url).pathname;

describe('gateway dashboard in headless Chromium', function () {
  this.timeout(90000);
  let tmp: ReturnType<typeof tempDir>;
  const pairs: PtyPair[] = [];
  const boards: FakeBoard[] = [];
  let gw: Gateway | null = null;
  let browser: BrowserContext | null = null;

  before(function () {
    requireSocat();
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install chromium`);
  });
  afterEach(async () => {
    await browser?.close();
    await gw?.close();
    await Promise.all(boards.map((b) => b.close()));
    await Promise.all(pairs.map((p) => p.close()));
    tmp.cleanup();
  });

  it('shows boards, a live located alert with its error circle, and takes an acknowledgement', async () => {
    tmp = tempDir();
    const origin = { lat: 52.52, lon: 13.405 };
    const layout = [{ x: -150, y: -150 }, { x: 150, y: -150 }, { x: 150, y: 150 }, { x: -150, y: 150 }];
    for (let i = 0; i < layout.length; i++) pairs.push(await openPtyPair(join(tmp.dir, `gw${i}`), join(tmp.dir, `b${i}`)));
    gw = await startGateway(mergeConfig(DEFAULT_CONFIG, {
      ports: pairs.map((p) => p.a), db: join(tmp.dir, 'gw.db'), httpPort: 0, incidents: { maxBoardDistanceM: 500, marginMs: 300 },
    }, 'test'), quietLog);
    layout.forEach((p, i) => boards.push(createFakeBoard({ path: pairs[i].b, boardId: `mast-${i}`, position: fromEnu(p, origin), heartbeatMs: 200 }).open()));
    await waitFor('boards online', () => gw!.fleet.links().every((l) => l.status === 'online'));

    // A fresh profile directory per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(join(tmp.dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1100, height: 720 },
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(gw.url);
    await page.waitForSelector('circle.board.online >> nth=3');
    await page.waitForFunction(() => document.getElementById('conn')?.textContent === 'live');

    // One shot at (40, 60) m: each board stamps its arrival time.
    const src = { x: 40, y: 60 };
    const t0 = gatewayNowUs() - 200_000;
    layout.forEach((p, i) => boards[i].detect(0.8, t0 + Math.round((Math.hypot(src.x - p.x, src.y - p.y) / 343) * 1e6)));
    await page.waitForSelector('#alerts li.new');
    await page.waitForSelector('circle.incident');
    const r = Number(await page.getAttribute('circle.incident', 'r'));
    expect(r).to.be.greaterThan(0);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const shot = join(SCREENSHOT_DIR, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).to.equal(true);

    await page.fill('#operator', 'alice');
    await page.click('#alerts li.new button');
    await page.waitForSelector('#alerts li.acked');
    const alert = (await gw.store.alert(1))!;
    expect(alert.acknowledged_by).to.equal('alice');
    expect(errors).to.deep.equal([]);
  });
});
