import type { Problem } from '../services/types.js';
import { colours, fontSizes } from '../components/theme.js';

/** What fails right now, in the panel (never over the image); each line goes when its cause works again. */
export function Problems({ problems }: { readonly problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul
      role="alert"
      aria-label="Problems"
      style={{ margin: 0, padding: 0, listStyle: 'none', fontSize: fontSizes.xs, color: colours.warning }}
    >
      {problems.map((p) => (
        <li key={p.title} data-testid="aift-problem" data-title={p.title}>
          {p.title}: <span style={{ color: colours.mutedForeground }}>{p.message}</span>
        </li>
      ))}
    </ul>
  );
}
