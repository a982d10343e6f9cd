// What `npm start` prints: the training trigger it names is the one configured, not a fixed number.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { welcomeText } from '../../../trainer-server/src/cli/start/welcome.js';
import type { WelcomeFacts } from '../../../trainer-server/src/cli/start/welcome.js';

const FACTS: WelcomeFacts = {
  viewerUrl: 'http://127.0.0.1:8787',
  firstCase: undefined,
  apiUrl: 'http://127.0.0.1:8787/api',
  pacs: 'http://127.0.0.1:8042/dicom-web',
  classes: ['normal', 'pneumonia'],
  candidates: 300,
  demoTruth: undefined,
  tokens: undefined,
  tokensFile: '/data/aift.sqlite',
  training: { trigger: 'every', consensusLabels: 16 },
};

describe('welcomeText', () => {
  it('names the configured number of labels that starts training', () => {
    for (const consensusLabels of [16, 8]) {
      const text = welcomeText({ ...FACTS, training: { trigger: 'every', consensusLabels } });
      assert.match(text, new RegExp(`after every ${consensusLabels} new consensus labels`));
    }
  });

  it('says that a manual trigger waits for an admin', () => {
    const text = welcomeText({ ...FACTS, training: { trigger: 'manual' } });
    assert.doesNotMatch(text, /starts by itself/);
    assert.match(text, /Training starts when an admin asks for it \(POST \/api\/training\)/);
  });
});
