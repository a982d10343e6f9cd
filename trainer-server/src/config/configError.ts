/** The configuration cannot be used; each issue names the field and where its value came from. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly string[]) {
    super(`invalid server configuration:\n  ${issues.join('\n  ')}`);
  }
}
