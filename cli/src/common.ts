import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import {
  loadPublicKey,
  loadSigningKey,
  parseCommitmentKey,
  parseTrustRoot,
  ShenchaError,
  type FailOn,
  type PublicKeyInfo,
  type SigningKey,
} from '@shencha/core';

export interface CommonOptions {
  output?: string;
  config?: string;
  json?: boolean;
  failOn: FailOn;
  quiet?: boolean;
  verbose?: boolean;
}

/** The flags every verb shares (DESIGN.md "CLI"). */
export function withCommonOptions(cmd: Command, outputHelp = 'where to write the result'): Command {
  return cmd
    .option('-o, --output <path>', outputHelp)
    .option('-c, --config <file>', 'shencha.yaml to use (default: <project>/shencha.yaml)')
    .option('--json', 'machine-readable output on stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 2 when an issue reaches this severity').choices(['info', 'warning', 'error', 'none']).default('error'))
    .option('-q, --quiet', 'print errors only')
    .option('-v, --verbose', 'print every issue with how to fix it');
}

async function readKeyFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new ShenchaError('CLI_KEY_NOT_FOUND', `cannot read the ${what} ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
      cause,
      howToFix: 'make keys with `shencha keygen --output <folder>`',
    });
  }
}

export async function readSigningKey(path: string | undefined): Promise<SigningKey> {
  if (!path) throw new ShenchaError('CLI_USAGE', 'a signing key is required: --key <private-key.pem>', { howToFix: 'make one with `shencha keygen`' });
  return loadSigningKey(await readKeyFile(path, 'signing key'));
}

export async function readCommitmentKey(path: string | undefined): Promise<Buffer> {
  if (!path) throw new ShenchaError('CLI_USAGE', 'a commitment key is required: --commitment-key <file>', { howToFix: 'make one with `shencha keygen`' });
  return parseCommitmentKey(await readKeyFile(path, 'commitment key'));
}

/** Keys to check a signature against: --public-key and/or --trust-root. */
export async function readTrustedKeys(publicKey: string | undefined, trustRoot: string | undefined): Promise<PublicKeyInfo[] | undefined> {
  const keys: PublicKeyInfo[] = [];
  if (publicKey) keys.push(loadPublicKey(await readKeyFile(publicKey, 'public key')));
  if (trustRoot) {
    const text = await readKeyFile(trustRoot, 'trust root');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (cause) {
      throw new ShenchaError('CLI_TRUST_ROOT_INVALID', `the trust root ${trustRoot} is not JSON: ${(cause as Error).message}`, { cause });
    }
    keys.push(...parseTrustRoot(doc).keys);
  }
  return keys.length ? keys : undefined;
}

/** A small JSON input the user names (a proof, an opening); unreadable or malformed stops the run. */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = await readKeyFile(path, 'file');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ShenchaError('CLI_INPUT_INVALID', `${path} is not JSON: ${(cause as Error).message}`, { cause });
  }
}
