import { useEffect } from 'react';
import { ensureAiftStyle } from './theme.js';

/** Makes sure the shared `aift-` style rules are in the document while any of our components is mounted. */
export function useAiftStyle(): void {
  useEffect(() => ensureAiftStyle(document), []);
}
