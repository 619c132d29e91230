/**
 * @shencha/sbom: catalogers per ecosystem, merged into one Inventory, written as CycloneDX
 * (1.6/1.7, JSON/XML) and SPDX 2.3.
 */
import './issues.js';

export { generateInventory, type GenerateOptions } from './inventory.js';
export { toCycloneDx, toCycloneDxJsonBytes, type CycloneDxOptions } from './cyclonedx.js';
export { toSpdx, type SpdxOptions } from './spdx.js';
export { validateCycloneDx, validateCycloneDxXml } from './validate.js';
export { CATALOGERS } from './registry.js';
export { SBOM_ISSUE_CODES } from './issues.js';
export type { Cataloger, CatalogContext, CatalogResult } from './cataloger.js';
