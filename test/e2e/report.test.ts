import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierArgs, EXAMPLE, ROOT, shencha, tempDir } from './helpers.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) {
  console.warn('\n*** report.html rendering test SKIPPED: no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it) ***\n');
}

let work: string;
let dossier: string;

beforeAll(() => {
  work = tempDir('e2e-report');
  dossier = join(work, 'acme-gateway');
  const r = shencha(dossierArgs(EXAMPLE, dossier));
  if (r.code !== 0) throw new Error(r.stderr);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('report.md', () => {
  it('carries the headline figures of classification.json', () => {
    const md = readFileSync(join(dossier, 'report.md'), 'utf8');
    const c = JSON.parse(readFileSync(join(dossier, 'classification.json'), 'utf8'));
    expect(md).toContain(`Domestic product eligible / 国产产品认定: **${c.product.domesticEligible.verdict}**`);
    for (const [k, v] of Object.entries(c.product.countsByClass)) expect(md).toMatch(new RegExp(`\\| ${k} \\|[^\\n]*\\| ${v} \\|`));
  });
});

describe.skipIf(!CHROMIUM)('report.html in headless Chromium', () => {
  it('renders offline with no console error, and its figures equal classification.json', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
      page.on('request', (req) => {
        if (!req.url().startsWith('file:')) problems.push(`network: ${req.url()}`);
      });
      await page.goto(pathToFileURL(join(dossier, 'report.html')).href);
      const shots = join(ROOT, 'test-results');
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
      expect(problems).toEqual([]);

      const c = JSON.parse(readFileSync(join(dossier, 'classification.json'), 'utf8'));
      const figure = async (name: string) => (await page.locator(`[data-figure="${name}"]`).first().textContent())?.trim();
      for (const [k, v] of Object.entries(c.product.countsByClass)) expect(await figure(`countsByClass.${k}`)).toBe(String(v));
      for (const [k, v] of Object.entries(c.product.countsByTier)) expect(await figure(`countsByTier.${k}`)).toBe(String(v));
      expect(await figure('componentCount')).toBe(String(c.product.componentCount));
      expect(await figure('t1t2Foreign.count')).toBe(String(c.product.t1t2Foreign.count));
      expect(await figure('domesticEligible.verdict')).toBe(c.product.domesticEligible.verdict);
      const ratio = c.product.selfDevelopedRatio.ratio;
      expect(await figure('selfDevelopedRatio.ratio')).toBe(ratio === null ? 'n/a' : `${(ratio * 100).toFixed(1)}%`);
      expect(await page.locator('h2').count()).toBeGreaterThanOrEqual(8);
    } finally {
      await browser.close();
    }
  });
});
