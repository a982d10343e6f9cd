// The whole server configuration as one zod schema: the runtime check, the TypeScript type and the defaults.
// Only dataDir, dicomweb.url and project.classes have no default.
import { DEFAULT_ALPHA, PLAN_PRESETS, STRATEGY_NAMES } from '@aift/selection-core';
import type { PlanPresetName } from '@aift/selection-core';
import { z } from 'zod';
import { DEFAULT_AUDIT_POLICY } from '../services/auditRate.js';

/** JWT algorithms a server may be configured to accept: asymmetric only, so no shared secret can forge one. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** Answers the store keeps for "no vote"; a class may not be named like them. */
const RESERVED_LABELS = new Set(['skip', 'unsure']);
const NAME = /^[A-Za-z0-9_.@-](?:[A-Za-z0-9 _.@:/+-]{0,126}[A-Za-z0-9_.@-])?$/;
const NAME_RULE = '1-128 printable characters (letters, digits, space, _ . @ : / + -)';

const name = z.string().regex(NAME, `must be ${NAME_RULE}`);
const nonEmpty = z.string().min(1, 'must not be empty');
const httpUrl = z.url({
  protocol: /^https?$/,
  error: (issue) => (issue.input === undefined ? 'required: an http(s) URL' : 'must be an http(s) URL'),
});

/** A browser origin exactly as the browser sends it: scheme, host, optional port; no path, no wildcard. */
const origin = z.string().refine(
  (value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  },
  { error: 'must be an origin such as https://viewer.example.org (no path, no trailing slash, no "*")' },
);

const distinct = (values: readonly string[]): boolean => new Set(values).size === values.length;

const ADDRESS_FORMATS = [z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()];
/** One address or range of a trusted reverse proxy, in the notation express's `trust proxy` accepts. */
const proxyAddress = z.string().refine((value) => ADDRESS_FORMATS.some((f) => f.safeParse(value).success), {
  error: 'must be an IP address or a CIDR range such as 10.0.0.0/8',
});
const PROXY_HOPS_RULE = 'a number of proxy hops must be 1-10';

/**
 * Which reverse proxies may state the client's address in X-Forwarded-For: their count in front of the
 * server, or their addresses. `true` (believe any sender) is refused: every client could then pick its own
 * address and so its own rate-limit budget.
 */
const trustProxy = z.union(
  [
    z.literal(false),
    z.int().min(1, PROXY_HOPS_RULE).max(10, PROXY_HOPS_RULE),
    z.array(proxyAddress).min(1, 'must list at least one proxy address (or be false)'),
  ],
  {
    error:
      "must be false, a number of proxy hops 1-10, or a list of proxy IP addresses/CIDR ranges (true is not allowed: it would believe any client's X-Forwarded-For)",
  },
);

const listen = z.strictObject({
  host: nonEmpty.default('127.0.0.1'),
  /** 0 asks the system for a free port. */
  port: z.int().min(0).max(65535).default(8787),
  trustProxy: trustProxy.default(false),
});

const oidc = z.strictObject({
  issuer: z.url({ error: 'must be a URL (the "iss" of the tokens)' }),
  audience: nonEmpty,
  jwksUrl: httpUrl,
  /** Where the roles sit in the token; a dot path such as `realm_access.roles` reaches into objects. */
  rolesClaim: nonEmpty.default('roles'),
  adminValues: z.array(nonEmpty).min(1).default(['admin']),
  annotatorValues: z.array(nonEmpty).min(1).default(['annotator']),
  clockToleranceSeconds: z.int().min(0).max(300).default(30),
  algorithms: z.array(z.enum(ASYMMETRIC_ALGORITHMS)).min(1).default(['RS256', 'ES256']),
});

const auth = z
  .strictObject({
    /** Bearer secrets created with store.tokens.create. */
    apiTokens: z.boolean().default(true),
    oidc: oidc.optional(),
  })
  .refine((a) => a.apiTokens || a.oidc !== undefined, {
    error: 'turn apiTokens on or configure oidc: otherwise nobody can sign in',
    path: ['apiTokens'],
  });

const dicomWebAuth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bearer'), token: nonEmpty }),
  z.strictObject({
    kind: z.literal('basic'),
    username: z.string().regex(/^[^:]+$/, 'must be non-empty and contain no ":"'),
    password: z.string(),
  }),
]);

const project = z.strictObject({
  name: name.default('default'),
  classes: z
    .array(name.refine((c) => !RESERVED_LABELS.has(c), { error: 'skip and unsure are reserved answers' }))
    .min(2, 'needs at least 2 classes')
    .refine(distinct, { error: 'must not repeat a class' }),
  /**
   * Annotators see nothing derived from other annotators' votes. No route shows them another's label, but
   * the agreement rate does: with few doubly read cases it tells a reader how colleagues read theirs. On by
   * default because a reading study must stay blind and a leak cannot be taken back; a labeling project
   * that wants agreement feedback on the panel turns it off. Admins always see everything.
   */
  blindReview: z.boolean().default(true),
  /**
   * How many readers a case gets (1 single, 2 double reading): a case with this many current class votes
   * (skip and unsure are no reads) is served to nobody new; labels beyond it are still stored. One by
   * default: a tool whose purpose is fewer labels reads each case once unless double reading is asked for.
   */
  readsPerCase: z.int().min(1).max(20).default(1),
});

/** How long a served worklist case stays reserved for its annotator (renewed by each fetch that lists it). */
export const DEFAULT_LEASE_MINUTES = 30;

const planPresets = Object.keys(PLAN_PRESETS) as [PlanPresetName, ...PlanPresetName[]];
const selection = z.strictObject({
  strategy: z.enum(STRATEGY_NAMES).default('aift'),
  alpha: z.number().gt(0).lte(1).default(DEFAULT_ALPHA),
  /** ACFT's random extension: sample b from the top ceil(omega * b); 1 is greedy. */
  omega: z.number().min(1).max(100).default(3),
  batchSize: z.int().min(1).max(10_000).default(16),
  planPreset: z.enum(planPresets).default('dihedral'),
  leaseMinutes: z.int().min(1).max(1440).default(DEFAULT_LEASE_MINUTES),
  /**
   * The blind random audit: the share of served cases drawn uniformly at random from the unlabeled pool,
   * higher for the first `warmupCases` so that a first model has a metric early. Their labels measure every
   * model and never train one; 0 turns the audit off (and with it every measured metric).
   */
  audit: z
    .strictObject({
      rate: z.number().min(0).max(0.5).default(DEFAULT_AUDIT_POLICY.rate),
      warmupCases: z.int().min(0).max(10_000).default(DEFAULT_AUDIT_POLICY.warmupCases),
      warmupRate: z.number().min(0).max(0.5).default(DEFAULT_AUDIT_POLICY.warmupRate),
    })
    .prefault({}),
});

const training = z.discriminatedUnion('trigger', [
  z.strictObject({ trigger: z.literal('every'), consensusLabels: z.int().min(1).max(1_000_000) }),
  z.strictObject({ trigger: z.literal('manual') }),
]);

const limits = z.strictObject({
  bodyBytes: z
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  rateLimitPerMinute: z.int().min(1).max(1_000_000).default(600),
});

/**
 * Who may scrape GET /metrics. The token lives in a file of its own (a mounted secret) so that it is in no
 * configuration file, environment variable or process listing; loadConfig reads it once.
 */
const metrics = z.strictObject({
  /** Absent: /metrics is open, fit only for a loopback-bound server or a network that only Prometheus reaches. */
  bearerTokenFile: nonEmpty.optional(),
});

/** A missing section is checked as `{}`, so the error names the required field inside it. */
const checkedWhenMissing = <T extends z.ZodType>(section: T) => z.preprocess((value) => value ?? {}, section);

export const ServerConfigSchema = z.strictObject({
  listen: listen.prefault({}),
  dataDir: nonEmpty,
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  cors: z.strictObject({ allowedOrigins: z.array(origin).default([]) }).prefault({}),
  auth: auth.prefault({}),
  dicomweb: checkedWhenMissing(
    z.strictObject({
      url: httpUrl,
      auth: dicomWebAuth.optional(),
      /** Whole-request limit per PACS request; absent: the DICOMweb client's default (30 s). */
      timeoutMs: z.int().min(1).max(600_000).optional(),
    }),
  ),
  project: checkedWhenMissing(project),
  selection: selection.prefault({}),
  training: training.default({ trigger: 'every', consensusLabels: 16 }),
  limits: limits.prefault({}),
  metrics: metrics.prefault({}),
});

/** What loadConfig returns and createServer takes: the schema's output and what loadConfig read besides. */
export type ServerConfig = z.output<typeof ServerConfigSchema> & {
  readonly metrics: {
    /** The token read from `bearerTokenFile`, trimmed; only loadConfig sets it, never the file or a variable. */
    readonly bearerToken?: string;
  };
};
export type OidcConfig = z.output<typeof oidc>;
