import { scanProject, FileSource } from '@shencha/core';
import { generateInventory, toCycloneDx, CATALOGERS } from '@shencha/sbom';
const dir = process.argv[2];
const idx = await scanProject(dir);
for (let i = 0; i < 4; i++) {
const t = performance.now();
const inv = await generateInventory(new FileSource(idx), { product: { name: 'p', version: '1' } });
const t2 = performance.now();
const j = toCycloneDx(inv, { timestamp: '2026-01-01T00:00:00Z', toolVersion: '0.1.0' });
const t3 = performance.now();
console.log('inventory', (t2-t).toFixed(0), 'cdx', (t3-t2).toFixed(0), inv.components.length);
}
