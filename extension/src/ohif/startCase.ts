// The start link (`npm start` prints it) must land on a case the reader can label: the top of their own
// worklist, which only the running extension knows (the server leases it to whoever signs in).
import { START_CASE_PARAM } from '../id.js';
import type { AiftServices } from '../services/types.js';

/**
 * With `?aiftCase=top` in the page's URL, opens the worklist's top case, then drops the parameter so a
 * reload keeps whatever the reader moved to. Opening a case of another study reloads the page with the
 * parameter still there: the extension then comes back here and finishes.
 */
export async function openStartCase(services: AiftServices): Promise<void> {
  const url = new URL(window.location.href);
  if (url.searchParams.get(START_CASE_PARAM) !== 'top') return;
  const top = services.worklist.get().cases[0];
  if (top !== undefined) await services.openCase(top.candidateId);
  url.searchParams.delete(START_CASE_PARAM);
  window.history.replaceState(window.history.state, '', url);
}
