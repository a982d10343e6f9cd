// One sample request per operation of the authorization matrix, and a client that also copes with the
// endless event stream.
import type { OperationKey } from './authorizationPolicy.js';

/** Real records of the server under test that requests aim at. */
export interface Targets {
  /** A label of another annotator: a retraction let through would show in the store. */
  readonly othersLabelId: number;
  /** A candidate whose votes disagree and that no admin has decided. */
  readonly disputedCandidate: string;
  readonly unlabeledCandidate: string;
  readonly version: string;
}

/**
 * refused: every request aims at real records with a body that would change them, so a refusal that let
 * anything through shows in the store. allowed: the same, except the label to retract is one nobody owns,
 * since retracting another annotator's label is refused by ownership (403), not by role.
 */
export type Phase = 'refused' | 'allowed';

export interface SampleRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

const NO_SUCH_LABEL = '999999';

export function sampleRequest(operation: OperationKey, targets: Targets, phase: Phase): SampleRequest {
  const [method, template] = operation.split(' ') as [string, string];
  const params: Readonly<Record<string, string>> = {
    id: phase === 'refused' ? String(targets.othersLabelId) : NO_SUCH_LABEL,
    candidateId: targets.disputedCandidate,
    version: targets.version,
  };
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined)
      throw new Error(`no sample value for the path parameter {${name}} of ${operation}`);
    return encodeURIComponent(value);
  });
  const body = bodies(targets)[operation];
  return { method, path, ...(body === undefined ? {} : { body }) };
}

/** Bodies that would change what is stored if the request got through. */
const bodies = (targets: Targets): Readonly<Record<OperationKey, unknown>> => ({
  // Registers the frames the setup left in the PACS only.
  'POST /api/pool': {},
  'POST /api/labels': { candidateId: targets.unlabeledCandidate, value: 'bright', idempotencyKey: 'matrix' },
  'POST /api/consensus/{candidateId}/adjudicate': { value: 'dark', reason: 'matrix' },
  'POST /api/models/rollback': { version: targets.version },
  // No ids: every lease of the caller.
  'DELETE /api/worklist/leases': {},
});

export interface Answer {
  readonly status: number;
  /** Empty for an event stream. */
  readonly text: string;
  readonly challenge: string | null;
}

export async function send(
  base: string,
  request: SampleRequest,
  headers: Readonly<Record<string, string>>,
): Promise<Answer> {
  const json = request.body !== undefined;
  const response = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: { ...headers, ...(json ? { 'Content-Type': 'application/json' } : {}) },
    ...(json ? { body: JSON.stringify(request.body) } : {}),
  });
  const challenge = response.headers.get('www-authenticate');
  // An event stream never ends: its status is the whole answer.
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, text: '', challenge };
  }
  return { status: response.status, text: await response.text(), challenge };
}
