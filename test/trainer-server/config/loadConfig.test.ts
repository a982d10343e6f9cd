import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../trainer-server/src/config/index.js';
import type { ReadFile } from '../../../trainer-server/src/config/index.js';

const MINIMAL = {
  dataDir: '/var/lib/aift',
  dicomweb: { url: 'http://127.0.0.1:8042/dicom-web' },
  project: { classes: ['normal', 'abnormal'] },
};

/** A file system of in-memory files; a missing file throws ENOENT as readFileSync does. */
function files(contents: Record<string, string>): ReadFile {
  return (path) => {
    const text = contents[path];
    if (text === undefined) {
      throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    }
    return text;
  };
}

const withFile = (config: unknown) => files({ '/etc/aift.json': JSON.stringify(config) });

/** The issues of the ConfigError that loading throws. */
function issuesOf(env: Record<string, string>, readFile: ReadFile = files({})): readonly string[] {
  try {
    loadConfig(env, readFile);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues;
  }
  assert.fail('the configuration was accepted');
}

describe('loadConfig', () => {
  it('fills every default around the three required fields', () => {
    const config = loadConfig({ AIFT_CONFIG: '/etc/aift.json' }, withFile(MINIMAL));
    assert.deepEqual(config, {
      listen: { host: '127.0.0.1', port: 8787, trustProxy: false },
      dataDir: '/var/lib/aift',
      logLevel: 'info',
      cors: { allowedOrigins: [] },
      auth: { apiTokens: true },
      dicomweb: { url: 'http://127.0.0.1:8042/dicom-web' },
      project: { name: 'default', classes: ['normal', 'abnormal'], blindReview: true, readsPerCase: 1 },
      selection: {
        strategy: 'aift',
        alpha: 0.25,
        omega: 3,
        batchSize: 16,
        planPreset: 'dihedral',
        leaseMinutes: 30,
        audit: { rate: 0.1, warmupCases: 30, warmupRate: 1 / 3 },
      },
      training: { trigger: 'every', consensusLabels: 16 },
      limits: { bodyBytes: 1048576, rateLimitPerMinute: 600 },
      metrics: {},
    });
  });

  it('works from the environment alone, and lets variables override the file', () => {
    const env = {
      AIFT_CONFIG: '/etc/aift.json',
      AIFT_LISTEN_HOST: '0.0.0.0',
      AIFT_LISTEN_PORT: '9000',
      AIFT_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8',
      AIFT_DATA_DIR: '/data',
      AIFT_ALLOWED_ORIGINS: 'https://viewer.example.org, http://localhost:3000',
      AIFT_API_TOKENS: 'false',
      AIFT_OIDC_ISSUER: 'https://id.example.org/realms/rad',
      AIFT_OIDC_AUDIENCE: 'aift',
      AIFT_OIDC_JWKS_URL: 'https://id.example.org/realms/rad/certs',
      AIFT_OIDC_ROLES_CLAIM: 'realm_access.roles',
      AIFT_OIDC_CLOCK_TOLERANCE_S: '10',
      AIFT_DICOMWEB_URL: 'https://pacs.example.org/dicom-web',
      AIFT_DICOMWEB_TOKEN: 'pacs-token',
      AIFT_PROJECT_CLASSES: 'normal,pneumonia,effusion',
      AIFT_SELECTION_STRATEGY: 'entropy',
      AIFT_SELECTION_OMEGA: '1',
      AIFT_LEASE_MINUTES: '120',
      AIFT_AUDIT_RATE: '0.05',
      AIFT_AUDIT_WARMUP_CASES: '0',
      AIFT_TRAINING_TRIGGER: 'manual',
      AIFT_RATE_LIMIT_PER_MINUTE: '60',
      AIFT_SELECTION_ALPHA: '',
    };
    const config = loadConfig(env, withFile({ ...MINIMAL, selection: { alpha: 0.5, batchSize: 8 } }));
    assert.deepEqual(config.listen, {
      host: '0.0.0.0',
      port: 9000,
      trustProxy: ['127.0.0.1', '10.0.0.0/8', 'fd00::/8'],
    });
    assert.equal(config.dataDir, '/data');
    assert.deepEqual(config.cors.allowedOrigins, ['https://viewer.example.org', 'http://localhost:3000']);
    assert.equal(config.auth.apiTokens, false);
    assert.equal(config.auth.oidc?.rolesClaim, 'realm_access.roles');
    assert.equal(config.auth.oidc?.clockToleranceSeconds, 10);
    assert.deepEqual(config.auth.oidc?.adminValues, ['admin']);
    assert.deepEqual(config.dicomweb, {
      url: 'https://pacs.example.org/dicom-web',
      auth: { kind: 'bearer', token: 'pacs-token' },
    });
    assert.deepEqual(config.project.classes, ['normal', 'pneumonia', 'effusion']);
    // File values survive where no variable (or an empty one) overrides them.
    assert.deepEqual(config.selection, {
      strategy: 'entropy',
      alpha: 0.5,
      omega: 1,
      batchSize: 8,
      planPreset: 'dihedral',
      leaseMinutes: 120,
      audit: { rate: 0.05, warmupCases: 0, warmupRate: 1 / 3 },
    });
    assert.deepEqual(config.training, { trigger: 'manual' });
    assert.equal(config.limits.rateLimitPerMinute, 60);

    const fromEnv = loadConfig(
      {
        AIFT_DATA_DIR: '/d',
        AIFT_DICOMWEB_URL: 'http://pacs/dicom-web',
        AIFT_PROJECT_CLASSES: 'a,b',
        AIFT_TRAINING_TRIGGER: '50',
        AIFT_TRUST_PROXY: '2',
      },
      files({}),
    );
    assert.deepEqual(fromEnv.training, { trigger: 'every', consensusLabels: 50 });
    assert.equal(fromEnv.listen.trustProxy, 2);
    const fromFile = loadConfig(
      { AIFT_CONFIG: '/etc/aift.json' },
      withFile({ ...MINIMAL, listen: { trustProxy: ['::1'] }, selection: { leaseMinutes: 1440 } }),
    );
    assert.deepEqual(fromFile.listen.trustProxy, ['::1']);
    assert.equal(fromFile.selection.leaseMinutes, 1440);
  });

  it('names each invalid variable with its field path', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ AIFT_LISTEN_PORT: 'eighty' }, /^listen\.port: .*expected number.*\(from AIFT_LISTEN_PORT\)$/],
      [{ AIFT_AUDIT_RATE: '0.9' }, /^selection\.audit\.rate: .*\(from AIFT_AUDIT_RATE\)$/],
      [{ AIFT_LISTEN_PORT: '70000' }, /^listen\.port: .*\(from AIFT_LISTEN_PORT\)$/],
      [
        { AIFT_TRUST_PROXY: 'true' },
        /^listen\.trustProxy: .*true is not allowed.*\(from AIFT_TRUST_PROXY\)$/,
      ],
      [
        { AIFT_TRUST_PROXY: '0' },
        /^listen\.trustProxy: .*proxy hops must be 1-10 \(from AIFT_TRUST_PROXY\)$/,
      ],
      [
        { AIFT_TRUST_PROXY: '11' },
        /^listen\.trustProxy: .*proxy hops must be 1-10 \(from AIFT_TRUST_PROXY\)$/,
      ],
      [
        { AIFT_TRUST_PROXY: '127.0.0.1,10.0.0.0/33' },
        /^listen\.trustProxy\.1: must be an IP address or a CIDR range .*\(from AIFT_TRUST_PROXY\)$/,
      ],
      [{ AIFT_TRUST_PROXY: 'proxy.example.org' }, /^listen\.trustProxy\.0: must be an IP address/],
      [
        { AIFT_ALLOWED_ORIGINS: 'https://ok.org,*' },
        /^cors\.allowedOrigins\.1: must be an origin.*\(from AIFT_ALLOWED_ORIGINS\)$/,
      ],
      [{ AIFT_ALLOWED_ORIGINS: 'https://ok.org/path' }, /^cors\.allowedOrigins\.0: must be an origin/],
      [{ AIFT_API_TOKENS: 'no' }, /^auth\.apiTokens: .*expected boolean.*\(from AIFT_API_TOKENS\)$/],
      [{ AIFT_API_TOKENS: 'false' }, /^auth\.apiTokens: turn apiTokens on or configure oidc/],
      [
        { AIFT_OIDC_ISSUER: 'https://id.example.org', AIFT_OIDC_JWKS_URL: 'https://id.example.org/certs' },
        /^auth\.oidc\.audience: .*\(not set: set it in \/etc\/aift\.json or AIFT_OIDC_AUDIENCE\)$/,
      ],
      [
        { AIFT_DICOMWEB_URL: 'ftp://pacs' },
        /^dicomweb\.url: must be an http\(s\) URL \(from AIFT_DICOMWEB_URL\)$/,
      ],
      [
        { AIFT_PROJECT_CLASSES: 'normal' },
        /^project\.classes: needs at least 2 classes \(from AIFT_PROJECT_CLASSES\)$/,
      ],
      [{ AIFT_PROJECT_CLASSES: 'a,b,a' }, /^project\.classes: must not repeat a class/],
      [{ AIFT_PROJECT_CLASSES: 'a,skip' }, /^project\.classes\.1: skip and unsure are reserved/],
      [{ AIFT_SELECTION_STRATEGY: 'best' }, /^selection\.strategy: Invalid option: expected one of "aift"/],
      [{ AIFT_SELECTION_ALPHA: '0' }, /^selection\.alpha: .*\(from AIFT_SELECTION_ALPHA\)$/],
      [{ AIFT_SELECTION_OMEGA: '0.5' }, /^selection\.omega: .*\(from AIFT_SELECTION_OMEGA\)$/],
      [{ AIFT_SELECTION_BATCH_SIZE: '2.5' }, /^selection\.batchSize: .*\(from AIFT_SELECTION_BATCH_SIZE\)$/],
      [{ AIFT_SELECTION_PLAN: 'huge' }, /^selection\.planPreset: .*\(from AIFT_SELECTION_PLAN\)$/],
      [{ AIFT_LEASE_MINUTES: '0' }, /^selection\.leaseMinutes: .*\(from AIFT_LEASE_MINUTES\)$/],
      [{ AIFT_LEASE_MINUTES: '1441' }, /^selection\.leaseMinutes: .*\(from AIFT_LEASE_MINUTES\)$/],
      [{ AIFT_LEASE_MINUTES: '2.5' }, /^selection\.leaseMinutes: .*\(from AIFT_LEASE_MINUTES\)$/],
      [
        { AIFT_LEASE_MINUTES: 'half an hour' },
        /^selection\.leaseMinutes: .*expected number.*\(from AIFT_LEASE_MINUTES\)$/,
      ],
      [{ AIFT_TRAINING_TRIGGER: '0' }, /^training\.consensusLabels: .*\(from AIFT_TRAINING_TRIGGER\)$/],
      [{ AIFT_BODY_LIMIT_BYTES: '10' }, /^limits\.bodyBytes: .*\(from AIFT_BODY_LIMIT_BYTES\)$/],
      [
        { AIFT_RATE_LIMIT_PER_MINUTE: '-1' },
        /^limits\.rateLimitPerMinute: .*\(from AIFT_RATE_LIMIT_PER_MINUTE\)$/,
      ],
      [{ AIFT_LOG_LEVEL: 'loud' }, /^logLevel: .*\(from AIFT_LOG_LEVEL\)$/],
    ];
    for (const [overrides, expected] of cases) {
      const issues = issuesOf({ AIFT_CONFIG: '/etc/aift.json', ...overrides }, withFile(MINIMAL));
      assert.equal(issues.length, 1, `${JSON.stringify(overrides)}: ${issues.join(' | ')}`);
      assert.match(issues[0]!, expected);
    }
  });

  it('names invalid and unknown fields of the file, and every missing required field', () => {
    const file = {
      ...MINIMAL,
      listen: { port: '80' },
      selction: {},
      dicomweb: { url: MINIMAL.dicomweb.url, auth: { kind: 'basic', username: 'a:b', password: 'hunter2' } },
    };
    const issues = issuesOf({ AIFT_CONFIG: '/etc/aift.json' }, withFile(file));
    assert.deepEqual(issues, [
      'listen.port: Invalid input: expected number, received string (from /etc/aift.json)',
      'dicomweb.auth.username: must be non-empty and contain no ":" (from /etc/aift.json)',
      '(top level): Unrecognized key: "selction" (from /etc/aift.json)',
    ]);
    assert.deepEqual(issuesOf({}), [
      'dataDir: Invalid input: expected string, received undefined (not set: set it in the AIFT_CONFIG file or AIFT_DATA_DIR)',
      'dicomweb.url: required: an http(s) URL (not set: set it in the AIFT_CONFIG file or AIFT_DICOMWEB_URL)',
      'project.classes: Invalid input: expected array, received undefined (not set: set it in the AIFT_CONFIG file or AIFT_PROJECT_CLASSES)',
    ]);
  });

  it('reads each case once unless project.readsPerCase asks for more (file or AIFT_READS_PER_CASE)', () => {
    const base = loadConfig({ AIFT_CONFIG: '/etc/aift.json' }, withFile(MINIMAL));
    assert.equal(base.project.readsPerCase, 1, 'single reading by default');
    const fromFile = withFile({ ...MINIMAL, project: { ...MINIMAL.project, readsPerCase: 3 } });
    assert.equal(loadConfig({ AIFT_CONFIG: '/etc/aift.json' }, fromFile).project.readsPerCase, 3);
    const env = { AIFT_CONFIG: '/etc/aift.json', AIFT_READS_PER_CASE: '2' };
    assert.equal(loadConfig(env, fromFile).project.readsPerCase, 2, 'the variable overrides the file');
    assert.equal(loadConfig({ ...env, AIFT_READS_PER_CASE: '20' }, fromFile).project.readsPerCase, 20);
    for (const bad of ['0', '21', '1.5', '-2', 'two']) {
      const issues = issuesOf({ ...env, AIFT_READS_PER_CASE: bad }, withFile(MINIMAL));
      assert.equal(issues.length, 1, `${bad}: ${issues.join(' | ')}`);
      assert.match(issues[0]!, /^project\.readsPerCase: .*\(from AIFT_READS_PER_CASE\)$/, bad);
    }
    for (const bad of [0, 2.5, '2', null]) {
      const file = withFile({ ...MINIMAL, project: { ...MINIMAL.project, readsPerCase: bad } });
      const issues = issuesOf({ AIFT_CONFIG: '/etc/aift.json' }, file);
      assert.equal(issues.length, 1, `${String(bad)}: ${issues.join(' | ')}`);
      assert.match(issues[0]!, /^project\.readsPerCase: .*\(from \/etc\/aift\.json\)$/, String(bad));
    }
  });

  it('refuses a trustProxy of true or an empty list in the file, naming the field', () => {
    const issuesFor = (trustProxy: unknown) =>
      issuesOf({ AIFT_CONFIG: '/etc/aift.json' }, withFile({ ...MINIMAL, listen: { trustProxy } }));
    const [permissive] = issuesFor(true);
    assert.match(permissive!, /^listen\.trustProxy: .*true is not allowed.*\(from \/etc\/aift\.json\)$/);
    assert.deepEqual(issuesFor([]), [
      'listen.trustProxy: must list at least one proxy address (or be false) (from /etc/aift.json)',
    ]);
    assert.match(issuesFor(['10.0.0.1', 8]).join(' | '), /^listen\.trustProxy: must be false, a number of/);
  });

  it('names a missing file, invalid JSON (without quoting it) and a file that is not an object', () => {
    assert.deepEqual(issuesOf({ AIFT_CONFIG: '/etc/none.json' }), [
      'AIFT_CONFIG: cannot read /etc/none.json (ENOENT)',
    ]);
    const broken = files({ '/etc/aift.json': '{\n  "dicomweb": { "auth": { "token": "s3cret" },, }\n}' });
    const [message] = issuesOf({ AIFT_CONFIG: '/etc/aift.json' }, broken);
    assert.match(message!, /^AIFT_CONFIG: \/etc\/aift\.json is not valid JSON at line 2, column \d+$/);
    assert.ok(!message!.includes('s3cret'));
    assert.deepEqual(issuesOf({ AIFT_CONFIG: '/etc/aift.json' }, files({ '/etc/aift.json': '[1, 2]' })), [
      'AIFT_CONFIG: /etc/aift.json must hold a JSON object',
    ]);
  });

  it('reads the metrics token once from metrics.bearerTokenFile, trimmed; AIFT_METRICS_TOKEN_FILE beats it', () => {
    const fileToken = 'f'.repeat(64);
    const envToken = 'e'.repeat(31) + '-._~+/=';
    const reads: string[] = [];
    const fs = files({
      '/etc/aift.json': JSON.stringify({
        ...MINIMAL,
        metrics: { bearerTokenFile: '/run/secrets/file-token' },
      }),
      '/run/secrets/file-token': `  ${fileToken}\n`,
      '/run/secrets/env-token': `${envToken}\r\n`,
    });
    const readFile: ReadFile = (path) => {
      reads.push(path);
      return fs(path);
    };
    assert.deepEqual(loadConfig({ AIFT_CONFIG: '/etc/aift.json' }, readFile).metrics, {
      bearerTokenFile: '/run/secrets/file-token',
      bearerToken: fileToken,
    });
    assert.deepEqual(reads, ['/etc/aift.json', '/run/secrets/file-token']);
    reads.length = 0;
    const overridden = loadConfig(
      { AIFT_CONFIG: '/etc/aift.json', AIFT_METRICS_TOKEN_FILE: '/run/secrets/env-token' },
      readFile,
    );
    assert.deepEqual(overridden.metrics, {
      bearerTokenFile: '/run/secrets/env-token',
      bearerToken: envToken,
    });
    assert.deepEqual(reads, ['/etc/aift.json', '/run/secrets/env-token']);
  });

  it('leaves the metrics token unset (an open /metrics) without metrics.bearerTokenFile', () => {
    const reads: string[] = [];
    const fs = withFile(MINIMAL);
    const config = loadConfig({ AIFT_CONFIG: '/etc/aift.json', AIFT_METRICS_TOKEN_FILE: '' }, (path) => {
      reads.push(path);
      return fs(path);
    });
    assert.deepEqual(config.metrics, {});
    assert.deepEqual(reads, ['/etc/aift.json']);
  });

  it('names the field, the file and its source for a missing, short or malformed metrics token', () => {
    const short = 's'.repeat(31);
    const fs = files({
      '/etc/aift.json': JSON.stringify({ ...MINIMAL, metrics: { bearerTokenFile: '/run/secrets/short' } }),
      '/run/secrets/short': `${short}\n\n   `,
      '/run/secrets/malformed': `${'m'.repeat(40)}!`,
      '/run/secrets/two-words': `${'w'.repeat(20)} ${'w'.repeat(20)}`,
    });
    const issues = (env: Record<string, string>) => issuesOf({ AIFT_CONFIG: '/etc/aift.json', ...env }, fs);
    assert.deepEqual(issues({ AIFT_METRICS_TOKEN_FILE: '/run/secrets/none' }), [
      'metrics.bearerTokenFile: cannot read /run/secrets/none (ENOENT) (from AIFT_METRICS_TOKEN_FILE)',
    ]);
    const [tooShort] = issues({});
    assert.match(
      tooShort!,
      /^metrics\.bearerTokenFile: \/run\/secrets\/short must hold a token of at least 32 characters.* \(from \/etc\/aift\.json\)$/,
    );
    assert.ok(!tooShort!.includes(short), 'the token was quoted');
    for (const file of ['/run/secrets/malformed', '/run/secrets/two-words']) {
      const [message] = issues({ AIFT_METRICS_TOKEN_FILE: file });
      assert.match(
        message!,
        /^metrics\.bearerTokenFile: \/run\/secrets\/[a-z-]+ must hold one token of the characters .*\(from AIFT_METRICS_TOKEN_FILE\)$/,
      );
      assert.ok(!message!.includes('mmmm') && !message!.includes('wwww'), 'the token was quoted');
    }
    assert.deepEqual(
      issuesOf({ AIFT_CONFIG: '/etc/aift.json' }, withFile({ ...MINIMAL, metrics: { bearerTokenFile: '' } })),
      ['metrics.bearerTokenFile: must not be empty (from /etc/aift.json)'],
    );
  });

  it('never repeats a secret value in its messages', () => {
    const error = (() => {
      try {
        return loadConfig(
          { AIFT_CONFIG: '/etc/aift.json', AIFT_LISTEN_PORT: 'hunter2-secret' },
          withFile(MINIMAL),
        );
      } catch (caught) {
        return caught as Error;
      }
    })();
    assert.ok(error instanceof ConfigError);
    assert.ok(!error.message.includes('hunter2'));
  });
});
