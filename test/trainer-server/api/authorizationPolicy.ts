// The access policy of the trainer server, written down by hand: who may call each operation. The
// authorization matrix test holds the running server to it; nothing here is read from the implementation.

/** public: no credential needed; annotator: any signed-in role (an admin may do what an annotator may); admin. */
export type Access = 'public' | 'annotator' | 'admin';

/** `METHOD /path` with OpenAPI `{param}` placeholders. */
export type OperationKey = string;

/** Every operation the server answers. A route the OpenAPI document lists but this table lacks fails the test. */
export const POLICY: Readonly<Record<OperationKey, Access>> = {
  // Outside the OpenAPI document (see UNDOCUMENTED).
  'GET /api/health': 'public',
  'GET /metrics': 'public',
  'GET /api/whoami': 'annotator',
  'GET /api/openapi.json': 'annotator',
  // Pool and training shape what everyone labels next: admins only.
  'POST /api/pool': 'admin',
  'POST /api/training': 'admin',
  'POST /api/training/cold-start': 'admin',
  'DELETE /api/training': 'admin',
  'GET /api/training': 'annotator',
  // Labels: each annotator writes and retracts their own; only admins read everyone's.
  'POST /api/labels': 'annotator',
  'DELETE /api/labels/{id}': 'annotator',
  'GET /api/labels/export': 'admin',
  // Disagreements show other annotators' votes, so both sides of adjudication are for admins.
  'GET /api/consensus/adjudication': 'admin',
  'POST /api/consensus/{candidateId}/adjudicate': 'admin',
  'GET /api/worklist': 'annotator',
  'GET /api/candidates': 'annotator',
  'GET /api/study-marks': 'annotator',
  'DELETE /api/worklist/leases': 'annotator',
  'GET /api/models': 'annotator',
  'GET /api/models/latest': 'annotator',
  'GET /api/models/{version}/model.onnx': 'annotator',
  'GET /api/models/{version}/model-card.json': 'annotator',
  'POST /api/models/rollback': 'admin',
  'GET /api/strategies': 'annotator',
  'GET /api/progress': 'annotator',
  'GET /api/events': 'annotator',
};

/**
 * Operations the OpenAPI document does not list: health and metrics sit before authentication (probes and
 * Prometheus carry no token), whoami and the document itself are plumbing rather than resources.
 */
export const UNDOCUMENTED: readonly OperationKey[] = [
  'GET /api/health',
  'GET /metrics',
  'GET /api/whoami',
  'GET /api/openapi.json',
];

/** How a credential stands with this deployment. */
export type Standing = 'annotator' | 'admin' | 'no role' | 'invalid';

/** 401 and 403 are refusals; `allowed` means past authorization (the handler may still answer 4xx). */
export type Outcome = 'allowed' | 401 | 403;

export function expectedOutcome(access: Access, standing: Standing): Outcome {
  if (access === 'public') return 'allowed';
  if (standing === 'invalid') return 401;
  if (standing === 'no role') return 403;
  if (access === 'admin' && standing === 'annotator') return 403;
  return 'allowed';
}
