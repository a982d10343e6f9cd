// The environment variables that override the configuration file, each with the field it sets. Values are
// converted only when they look right (a number, true/false); anything else goes to the schema unchanged,
// so its error names the variable instead of silently becoming NaN.

type Convert = (raw: string) => unknown;

export interface EnvVariable {
  readonly name: string;
  readonly path: readonly string[];
  readonly convert: Convert;
}

const text: Convert = (raw) => raw;
const number: Convert = (raw) => (/^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw);
const boolean: Convert = (raw) => (raw === 'true' ? true : raw === 'false' ? false : raw);
const list: Convert = (raw) =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
const bearer: Convert = (token) => ({ kind: 'bearer', token });
/** A number of proxy hops, or a comma-separated list of proxy addresses (`true`/`false` as booleans). */
const proxies: Convert = (raw) => {
  const hops = number(raw);
  if (typeof hops === 'number') return hops;
  const flag = boolean(raw);
  return typeof flag === 'boolean' ? flag : list(raw);
};
/** `manual`, or N: train after every N new consensus labels. */
const trigger: Convert = (raw) =>
  raw === 'manual' ? { trigger: 'manual' } : { trigger: 'every', consensusLabels: number(raw) };

const variable = (name: string, path: string, convert: Convert): EnvVariable => ({
  name,
  path: path.split('.'),
  convert,
});

export const ENV_VARIABLES: readonly EnvVariable[] = [
  variable('AIFT_LISTEN_HOST', 'listen.host', text),
  variable('AIFT_LISTEN_PORT', 'listen.port', number),
  variable('AIFT_TRUST_PROXY', 'listen.trustProxy', proxies),
  variable('AIFT_DATA_DIR', 'dataDir', text),
  variable('AIFT_LOG_LEVEL', 'logLevel', text),
  variable('AIFT_ALLOWED_ORIGINS', 'cors.allowedOrigins', list),
  variable('AIFT_API_TOKENS', 'auth.apiTokens', boolean),
  variable('AIFT_OIDC_ISSUER', 'auth.oidc.issuer', text),
  variable('AIFT_OIDC_AUDIENCE', 'auth.oidc.audience', text),
  variable('AIFT_OIDC_JWKS_URL', 'auth.oidc.jwksUrl', text),
  variable('AIFT_OIDC_ROLES_CLAIM', 'auth.oidc.rolesClaim', text),
  variable('AIFT_OIDC_ADMIN_VALUES', 'auth.oidc.adminValues', list),
  variable('AIFT_OIDC_ANNOTATOR_VALUES', 'auth.oidc.annotatorValues', list),
  variable('AIFT_OIDC_CLOCK_TOLERANCE_S', 'auth.oidc.clockToleranceSeconds', number),
  variable('AIFT_DICOMWEB_URL', 'dicomweb.url', text),
  variable('AIFT_DICOMWEB_TOKEN', 'dicomweb.auth', bearer),
  variable('AIFT_DICOMWEB_TIMEOUT_MS', 'dicomweb.timeoutMs', number),
  variable('AIFT_PROJECT_NAME', 'project.name', text),
  variable('AIFT_PROJECT_CLASSES', 'project.classes', list),
  variable('AIFT_BLIND_REVIEW', 'project.blindReview', boolean),
  variable('AIFT_READS_PER_CASE', 'project.readsPerCase', number),
  variable('AIFT_SELECTION_STRATEGY', 'selection.strategy', text),
  variable('AIFT_SELECTION_ALPHA', 'selection.alpha', number),
  variable('AIFT_SELECTION_OMEGA', 'selection.omega', number),
  variable('AIFT_SELECTION_BATCH_SIZE', 'selection.batchSize', number),
  variable('AIFT_SELECTION_PLAN', 'selection.planPreset', text),
  variable('AIFT_LEASE_MINUTES', 'selection.leaseMinutes', number),
  variable('AIFT_AUDIT_RATE', 'selection.audit.rate', number),
  variable('AIFT_AUDIT_WARMUP_CASES', 'selection.audit.warmupCases', number),
  variable('AIFT_AUDIT_WARMUP_RATE', 'selection.audit.warmupRate', number),
  variable('AIFT_TRAINING_TRIGGER', 'training', trigger),
  variable('AIFT_BODY_LIMIT_BYTES', 'limits.bodyBytes', number),
  variable('AIFT_RATE_LIMIT_PER_MINUTE', 'limits.rateLimitPerMinute', number),
  variable('AIFT_METRICS_TOKEN_FILE', 'metrics.bearerTokenFile', text),
];
