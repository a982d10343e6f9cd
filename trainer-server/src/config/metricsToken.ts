// What the token in metrics.bearerTokenFile must look like; loadConfig reads the file and reports these.

/** Long enough that guessing is hopeless; `openssl rand -hex 32` writes 64 characters. */
export const MIN_METRICS_TOKEN_LENGTH = 32;

/** RFC 6750's b64token: the only characters an `Authorization: Bearer` header can carry. */
export const BEARER_TOKEN_SYNTAX = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Why the trimmed text of `file` cannot be the token, or undefined when it can. Never quotes the text. */
export function metricsTokenProblem(token: string, file: string): string | undefined {
  if (token.length < MIN_METRICS_TOKEN_LENGTH) {
    return `${file} must hold a token of at least ${MIN_METRICS_TOKEN_LENGTH} characters (e.g. from \`openssl rand -hex 32\`)`;
  }
  if (!BEARER_TOKEN_SYNTAX.test(token)) {
    return `${file} must hold one token of the characters A-Z a-z 0-9 - . _ ~ + / (then = padding), all a Bearer header can carry`;
  }
  return undefined;
}
