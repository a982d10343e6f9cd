// The server configuration: one zod schema, read from the AIFT_CONFIG file and AIFT_* variables
// (and the metrics token from the file they name).
export { ASYMMETRIC_ALGORITHMS, DEFAULT_LEASE_MINUTES, ServerConfigSchema } from './configSchema.js';
export type { OidcConfig, ServerConfig } from './configSchema.js';
export { ConfigError } from './configError.js';
export { ENV_VARIABLES } from './envVariables.js';
export type { EnvVariable } from './envVariables.js';
export { loadConfig } from './loadConfig.js';
export { BEARER_TOKEN_SYNTAX } from './metricsToken.js';
export type { Environment, ReadFile } from './loadConfig.js';
