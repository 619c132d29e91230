export { buildDossier, type BuildDossierOptions, type DossierResult } from './build.js';
export { loadVendorProfile, type VendorProfile } from './vendor-profile.js';
export { computeSections, SECTION_SPECS, type SectionEntry, type SectionStatus } from './sections.js';
export { DOSSIER_PREDICATE_TYPE, MANIFEST_FILE, SIGNATURE_FILE, mediaTypeOf, type DossierManifest, type ManifestFile } from './manifest.js';
export { writeBundle } from './bundle.js';
export { TOOL_VERSION } from './version.js';
export { openProject, type ProjectContext, type OpenProjectOptions } from './context.js';
export { vendorProfileTemplate, CONFIG_TEMPLATE } from './templates.js';
export { classifyProject } from './classify-project.js';
