// What `npm start` prints once everything runs: the viewer's URL, the tokens (first start only), how a
// reader signs in to the viewer, and how to reach the API directly.
import type { ServerConfig } from '../../config/index.js';

/** The demo's people: two readers, so two annotators' labels can be told apart, and an admin. */
export const DEMO_TOKENS = [
  { name: 'reader-1', role: 'annotator' },
  { name: 'reader-2', role: 'annotator' },
  { name: 'admin', role: 'admin' },
] as const;

export type DemoTokens = Readonly<Record<(typeof DEMO_TOKENS)[number]['name'], string>>;

export interface WelcomeFacts {
  /** The one origin of the viewer, the trainer API and the proxied DICOMweb, e.g. http://127.0.0.1:8787 */
  readonly viewerUrl: string;
  /** The labeling route on a study of the pool; undefined when the PACS is empty. */
  readonly firstCase: string | undefined;
  /** The trainer's API root, e.g. http://127.0.0.1:8787/api */
  readonly apiUrl: string;
  readonly pacs: string;
  readonly classes: readonly string[];
  readonly candidates: number;
  /** With the local PACS: where the demo's ground truth is (not given to the trainer); else undefined. */
  readonly demoTruth: string | undefined;
  /** Set on the first start only: the secrets are stored hashed and cannot be shown again. */
  readonly tokens: DemoTokens | undefined;
  readonly tokensFile: string;
  /** When training starts, as configured (AIFT_TRAINING_TRIGGER). */
  readonly training: ServerConfig['training'];
}

export function welcomeText(facts: WelcomeFacts): string {
  const { apiUrl, tokens } = facts;
  const lines = [
    '',
    `Viewer (OHIF with the AIFT labeling mode): ${facts.viewerUrl}/`,
    ...(facts.firstCase ? [`Start labeling: ${facts.firstCase}`] : []),
    `Trainer API: ${apiUrl}`,
    `PACS (DICOMweb): ${facts.pacs}`,
    `Project classes: ${facts.classes.join(', ')}; ${facts.candidates} candidate frames in the pool.`,
    ...(facts.demoTruth
      ? [
          'Demo: 300 real chest X-rays of PneumoniaMNIST (28x28 px, CC BY 4.0, demo/chest-xray/ATTRIBUTION.md),',
          '  one study per image and one stack of 6. The trainer learns only from the labels readers give;',
          `  the data set's own labels are in ${facts.demoTruth}, for simulations only.`,
        ]
      : []),
    '',
  ];
  if (tokens) {
    lines.push(
      'Tokens (shown only now; the server keeps only their hashes):',
      `  READER_1_TOKEN=${tokens['reader-1']}`,
      `  READER_2_TOKEN=${tokens['reader-2']}`,
      `  ADMIN_TOKEN=${tokens.admin}`,
      '',
    );
  } else {
    lines.push(
      `The tokens (READER_1_TOKEN, READER_2_TOKEN, ADMIN_TOKEN) were printed on the first start; ${facts.tokensFile}`,
      'keeps only their hashes. Lost them? npm start -- --new-tokens revokes them and prints new ones.',
      '',
    );
  }
  lines.push(
    'Sign in: the viewer asks "who is labeling?" when it opens. Paste one reader\'s token (the value of',
    'READER_1_TOKEN or READER_2_TOKEN); it is kept until you close the browser tab or press "Sign out".',
    'Labels are stored under that reader (reader-1 or reader-2); to switch reader, press "Sign out".',
    '',
    tokens
      ? 'Paste the token lines into your shell, then try the API:'
      : 'With the tokens set in your shell, try the API:',
  );
  const example = facts.classes[0] ?? 'CLASS';
  lines.push(
    `  curl -s -H "Authorization: Bearer $READER_1_TOKEN" "${apiUrl}/worklist?n=4"`,
    `  curl -s -X POST -H "Authorization: Bearer $READER_1_TOKEN" -H 'Content-Type: application/json' \\`,
    `       -d '{"candidateId":"<candidateId from the worklist>","value":"${example}","idempotencyKey":"first-label"}' \\`,
    `       "${apiUrl}/labels"`,
    `  curl -s -X POST -H "Authorization: Bearer $ADMIN_TOKEN" "${apiUrl}/training"`,
    `  curl -s -H "Authorization: Bearer $READER_1_TOKEN" "${apiUrl}/models/latest"`,
    '',
    `The whole API: ${apiUrl}/openapi.json`,
    'In the viewer: digits label the case on screen, N opens the next worthy case, S skips, Ctrl+Z undoes.',
    facts.training.trigger === 'every'
      ? `Training starts by itself after every ${facts.training.consensusLabels} new consensus labels; the panel shows the new model version.`
      : 'Training starts when an admin asks for it (POST /api/training); the panel shows the new model version.',
    '',
    'Ready. Press Ctrl-C to stop.',
  );
  return lines.join('\n');
}
