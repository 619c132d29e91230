import type { Cataloger } from './cataloger.js';
import { npmCataloger } from '../catalogers/npm/index.js';
import { pnpmCataloger } from '../catalogers/pnpm/index.js';
import { yarnCataloger } from '../catalogers/yarn/index.js';
import { bunCataloger } from '../catalogers/bun/index.js';
import { cargoCataloger } from '../catalogers/cargo/index.js';
import { nugetCataloger } from '../catalogers/nuget/index.js';
import { composerCataloger } from '../catalogers/composer/index.js';
import { vendoredCataloger } from '../catalogers/vendored/index.js';
import { supplierSbomCataloger } from '../catalogers/supplier-sbom/index.js';
import { binaryCataloger } from '../catalogers/binary/index.js';
import { gemCataloger } from '../catalogers/gem/index.js';
import { swiftCataloger } from '../catalogers/swift/index.js';
import { dartCataloger } from '../catalogers/dart/index.js';
import { cocoapodsCataloger } from '../catalogers/cocoapods/index.js';
import { hexCataloger } from '../catalogers/hex/index.js';
import { conanCataloger } from '../catalogers/conan/index.js';
import { vcpkgCataloger } from '../catalogers/vcpkg/index.js';
import { mavenCataloger } from '../catalogers/maven/index.js';
import { goCataloger } from '../catalogers/go/index.js';
import { pypiCataloger } from '../catalogers/pypi/index.js';
import { gradleCataloger } from '../catalogers/gradle/index.js';

/**
 * Every cataloger shencha runs, one line each. Each lives in catalogers/<ecosystem>/index.ts and
 * exports one `Cataloger` constant; add its import above and its entry below.
 */
export const CATALOGERS: Cataloger[] = [
  npmCataloger,
  pnpmCataloger,
  yarnCataloger,
  bunCataloger,
  cargoCataloger,
  nugetCataloger,
  composerCataloger,
  vendoredCataloger,
  supplierSbomCataloger,
  binaryCataloger,
  gemCataloger,
  swiftCataloger,
  dartCataloger,
  cocoapodsCataloger,
  hexCataloger,
  conanCataloger,
  vcpkgCataloger,
  mavenCataloger,
  goCataloger,
  pypiCataloger,
  gradleCataloger,
];
