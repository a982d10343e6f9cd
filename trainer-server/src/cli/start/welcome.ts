// What `npm start` prints once everything runs: the viewer's URL, the tokens (first start only) and how to
// reach the API directly.

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
  readonly tokens: { readonly admin: string; readonly annotator: string } | undefined;
  readonly tokensFile: string;
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
      'API tokens for scripts (shown only now; the server keeps only their hashes; the viewer has its own):',
      `  ADMIN_TOKEN=${tokens.admin}`,
      `  ANNOTATOR_TOKEN=${tokens.annotator}`,
      '',
      'Paste the two lines above into your shell, then try:',
    );
  } else {
    lines.push(
      `The API tokens were printed on the first start; ${facts.tokensFile} keeps only their hashes.`,
      'Lost them? Start with --new-tokens (npm start -- --new-tokens) to revoke them and print new ones.',
      'With ADMIN_TOKEN and ANNOTATOR_TOKEN set in your shell, try:',
    );
  }
  const example = facts.classes[0] ?? 'CLASS';
  lines.push(
    `  curl -s -H "Authorization: Bearer $ANNOTATOR_TOKEN" "${apiUrl}/worklist?n=4"`,
    `  curl -s -X POST -H "Authorization: Bearer $ANNOTATOR_TOKEN" -H 'Content-Type: application/json' \\`,
    `       -d '{"candidateId":"<candidateId from the worklist>","value":"${example}","idempotencyKey":"first-label"}' \\`,
    `       "${apiUrl}/labels"`,
    `  curl -s -X POST -H "Authorization: Bearer $ADMIN_TOKEN" "${apiUrl}/training"`,
    `  curl -s -H "Authorization: Bearer $ANNOTATOR_TOKEN" "${apiUrl}/models/latest"`,
    '',
    `The whole API: ${apiUrl}/openapi.json`,
    'In the viewer: digits label the case on screen, N opens the next worthy case, S skips, Ctrl+Z undoes.',
    'Training starts by itself after every 16 new consensus labels; the panel shows the new model version.',
    '',
    'Ready. Press Ctrl-C to stop.',
  );
  return lines.join('\n');
}
