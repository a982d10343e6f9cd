import { ConfigError } from './configError.js';
import { ServerConfigSchema } from './configSchema.js';
import type { ServerConfig } from './configSchema.js';
import { ENV_VARIABLES } from './envVariables.js';
import type { EnvVariable } from './envVariables.js';
import { metricsTokenProblem } from './metricsToken.js';

export type Environment = Readonly<Record<string, string | undefined>>;
/** Returns the file's text or throws (as fs.readFileSync does); passed in so tests need no files. */
export type ReadFile = (path: string) => string;

type JsonObject = { [key: string]: unknown };

/**
 * The configuration from the JSON file named by AIFT_CONFIG (optional), overlaid by the AIFT_* variables
 * (an empty variable counts as unset), checked once; then the metrics token read from its file. Throws a
 * ConfigError listing every bad field with where its value came from; never echoes a value, since some are
 * secrets.
 */
export function loadConfig(env: Environment, readFile: ReadFile): ServerConfig {
  const file = nonEmpty(env['AIFT_CONFIG']);
  let raw: JsonObject = file === undefined ? {} : readConfigFile(file, readFile);
  const fromFile = raw;
  const used: EnvVariable[] = [];
  for (const variable of ENV_VARIABLES) {
    const value = nonEmpty(env[variable.name]);
    if (value === undefined) continue;
    raw = withValue(raw, variable.path, variable.convert(value));
    used.push(variable);
  }
  const sources: Sources = { file, fromFile, used };
  const result = ServerConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => describe(issue.path.map(String), issue.message, sources)),
    );
  }
  const config = result.data;
  const tokenFile = config.metrics.bearerTokenFile;
  if (tokenFile === undefined) return config;
  return {
    ...config,
    metrics: { ...config.metrics, bearerToken: readMetricsToken(tokenFile, readFile, sources) },
  };
}

/** The token in `tokenFile`, trimmed; an unreadable file or an unfit token is a ConfigError naming both. */
function readMetricsToken(tokenFile: string, readFile: ReadFile, sources: Sources): string {
  const fail = (message: string) =>
    new ConfigError([describe(['metrics', 'bearerTokenFile'], message, sources)]);
  let token: string;
  try {
    token = readFile(tokenFile).trim();
  } catch (error) {
    throw fail(`cannot read ${tokenFile} (${errorCode(error)})`);
  }
  const problem = metricsTokenProblem(token, tokenFile);
  if (problem !== undefined) throw fail(problem);
  return token;
}

function readConfigFile(file: string, readFile: ReadFile): JsonObject {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    throw new ConfigError([`AIFT_CONFIG: cannot read ${file} (${errorCode(error)})`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // The parser's message may quote the file, and the file may hold a secret: report the position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? '' : ` at ${lineAndColumn(text, Number(position))}`;
    throw new ConfigError([`AIFT_CONFIG: ${file} is not valid JSON${where}`]);
  }
  if (!isObject(parsed)) throw new ConfigError([`AIFT_CONFIG: ${file} must hold a JSON object`]);
  return parsed;
}

/** A copy of `target` with `value` at `path`. A non-object in the way is kept, so its own error shows. */
function withValue(target: JsonObject, path: readonly string[], value: unknown): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined) return target;
  if (rest.length === 0) return { ...target, [head]: value };
  const child = target[head] ?? {};
  if (!isObject(child)) return target;
  return { ...target, [head]: withValue(child, rest, value) };
}

interface Sources {
  readonly file: string | undefined;
  readonly fromFile: JsonObject;
  readonly used: readonly EnvVariable[];
}

/** `message` about the field at `path`, with where its value came from. */
function describe(path: readonly string[], message: string, { file, fromFile, used }: Sources): string {
  const field = path.length === 0 ? '(top level)' : path.join('.');
  const variable = used.find((v) => startsWith(path, v.path));
  let source: string;
  if (variable !== undefined) source = `from ${variable.name}`;
  else if (file !== undefined && valueAt(fromFile, path) !== undefined) source = `from ${file}`;
  else {
    const settable = ENV_VARIABLES.filter((v) => startsWith(v.path, path)).map((v) => v.name);
    const where = [file ?? 'the AIFT_CONFIG file', ...settable].join(' or ');
    source = `not set: set it in ${where}`;
  }
  return `${field}: ${message} (${source})`;
}

const startsWith = (path: readonly string[], prefix: readonly string[]): boolean =>
  prefix.length <= path.length && prefix.every((key, i) => key === path[i]);

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Why a read failed, as `ENOENT`; the message only when there is no code. */
function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
