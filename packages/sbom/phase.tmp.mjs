import { scanProject, FileSource, canonicalize } from '@shencha/core';
import { generateInventory, toCycloneDx } from '@shencha/sbom';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let c = cpu();
const lap = (l) => { const n = cpu(); console.log(l, (n - c).toFixed(0), 'ms cpu', (process.memoryUsage().rss / 1e6).toFixed(0), 'MB'); c = n; };
const idx = await scanProject(process.argv[2]); lap('scan');
const inv = await generateInventory(new FileSource(idx), { product: { name: 'p', version: '1' } }); lap('inventory');
const j = toCycloneDx(inv, { timestamp: '2026-01-01T00:00:00Z', toolVersion: '0.1.0' }); lap('cyclonedx');
console.log('peak', (process.resourceUsage().maxRSS / 1024).toFixed(0), 'MB');
