/**
 * Gradle dependency lock state: `gradle.lockfile` (one file per project, `g:a:v=conf1,conf2`,
 * `empty=conf…`) and the older per-configuration `gradle/dependency-locks/<conf>.lockfile`
 * (`g:a:v` lines, the configuration being the file name).
 */
export interface LockedModule {
  group: string;
  name: string;
  version: string;
  configurations: string[];
  line: number;
}

export interface LockfileParse {
  modules: LockedModule[];
  emptyConfigurations: string[];
  errors: { message: string; line: number; column: number }[];
}

const COORD = /^([^:\s=]+):([^:\s=]+):([^:\s=]+)$/;

export function parseGradleLockfile(text: string, perConfiguration?: string): LockfileParse {
  const out: LockfileParse = { modules: [], emptyConfigurations: [], errors: [] };
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!.replace(/\r$/, '');
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) continue;
    const col = raw.indexOf(l) + 1;
    const eq = l.indexOf('=');
    const coord = eq >= 0 ? l.slice(0, eq) : l;
    const confs = eq >= 0 ? l.slice(eq + 1) : perConfiguration;
    if (coord === 'empty') {
      out.emptyConfigurations.push(...(confs ?? '').split(',').filter(Boolean));
      continue;
    }
    if (confs === undefined) {
      out.errors.push({ message: `expected 'group:name:version=configurations', found '${l}'`, line: n + 1, column: col });
      continue;
    }
    const m = COORD.exec(coord);
    if (!m) {
      out.errors.push({ message: `invalid module coordinates '${coord}'`, line: n + 1, column: col });
      continue;
    }
    out.modules.push({
      group: m[1]!,
      name: m[2]!,
      version: m[3]!,
      configurations: confs.split(',').map((c) => c.trim()).filter(Boolean),
      line: n + 1,
    });
  }
  return out;
}

export type ConfigurationClass = 'runtime' | 'compile-only' | 'test' | 'build-tool' | 'unknown';

/** What a configuration name says about shipping: runtime classpaths ship, test and tool ones do not. */
export function classifyConfiguration(conf: string): ConfigurationClass {
  if (/(^|[a-z])(test|Test)|^androidTest|^jmh|Jmh|^integrationTest|^functionalTest/.test(conf)) return 'test';
  if (
    /^(annotationProcessor|kapt|ksp|errorprone|detekt|ktlint|checkstyle|pmd|spotbugs|jacoco|modernizer|antlr|classpath|lintChecks|lintClassPath|rewrite|coreLibraryDesugaring|kotlinCompilerPluginClasspath|kotlinCompilerClasspath|kotlinKlibCommonizerClasspath|kotlinNativeCompilerPluginClasspath|kotlinScriptDef|compileOnlyDependenciesMetadata|developmentOnly|spotless|dokka|buildscript|xjc|wsimport|jaxb|openapiGenerator|protobuf)/i.test(
      conf,
    ) ||
    /AnnotationProcessor$|PluginClasspath$|CompilerClasspath$|Classpath[A-Z]?\w*Plugin/.test(conf)
  ) {
    return 'build-tool';
  }
  if (/^(runtimeClasspath|runtime|default|runtimeElements|apiElements|implementation|api|runtimeOnly|compile)$/.test(conf) || /RuntimeClasspath$|RuntimeOnly$|Implementation$|Api$/.test(conf)) {
    return 'runtime';
  }
  if (/^(compileClasspath|compileOnly|compileOnlyApi)$/.test(conf) || /CompileClasspath$|CompileOnly$|CompileOnlyApi$/.test(conf)) return 'compile-only';
  return 'unknown';
}
