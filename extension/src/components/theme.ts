// Colours and styles that make our panel and overlays sit naturally beside OHIF's own. OHIF 3.13's dark theme is
// Tailwind over CSS variables holding HSL triples (`--primary: 214 98% 60%`); we read the same variables, so a
// re-themed host re-themes us too, with the 3.13 defaults as fallbacks where the variables are missing.

/** `hsl(var(--name, fallback) / alpha)`, as OHIF's Tailwind classes write colours. */
function themeColour(name: string, fallback: string, alpha = 1): string {
  return alpha === 1 ? `hsl(var(--${name}, ${fallback}))` : `hsl(var(--${name}, ${fallback}) / ${alpha})`;
}

export const colours = {
  background: themeColour('background', '0 0% 0%'),
  foreground: themeColour('foreground', '0 0% 98%'),
  muted: themeColour('muted', '234 64% 10%'),
  mutedForeground: themeColour('muted-foreground', '200 46% 65%'),
  primary: themeColour('primary', '214 98% 60%'),
  primarySoft: themeColour('primary', '214 98% 60%', 0.25),
  secondary: themeColour('secondary', '214 65% 36%'),
  accent: themeColour('accent', '217 79% 24%'),
  highlight: themeColour('highlight', '191 74% 63%'),
  input: themeColour('input', '236 52% 30%'),
  border: themeColour('border', '0 0% 14.9%'),
  destructive: themeColour('destructive', '0 62.8% 30.6%'),
  ring: themeColour('ring', '214 98% 60%'),
  /** The badge floats over the image: dark, see-through, never hiding much of it. */
  overlay: 'rgba(0, 0, 0, 0.55)',
  success: 'hsl(152 60% 45%)',
  warning: 'hsl(35 90% 55%)',
} as const;

/** OHIF's type scale (Tailwind text-xxs .. text-lg are re-based to 10..14 px). */
export const fontSizes = {
  xxs: '0.625rem',
  xs: '0.6875rem',
  sm: '0.75rem',
  base: '0.8125rem',
  lg: '0.875rem',
};

/** Rules that inline styles cannot express: focus rings, hover and the slider. Class names all start `aift-`. */
export const AIFT_CSS = `
.aift-button{font:inherit;font-size:${fontSizes.base};color:${colours.foreground};background:${colours.secondary};
  border:1px solid transparent;border-radius:0.375rem;padding:0.3rem 0.5rem;cursor:pointer;
  display:inline-flex;align-items:center;justify-content:space-between;gap:0.4rem;min-height:1.75rem}
.aift-button:hover:not(:disabled){background:${colours.primarySoft};border-color:${colours.primary}}
.aift-button:disabled{opacity:0.45;cursor:default}
.aift-button[aria-pressed="true"]{background:${colours.primary};color:${colours.background}}
.aift-button--quiet{background:transparent;border-color:${colours.input}}
.aift-button[data-previous="true"]{border:1px dashed ${colours.highlight}}
.aift-kbd{font-family:ui-monospace,monospace;font-size:${fontSizes.xxs};color:${colours.mutedForeground};
  border:1px solid ${colours.input};border-radius:0.25rem;padding:0 0.25rem;line-height:1.3}
.aift-button[aria-pressed="true"] .aift-kbd{color:inherit;border-color:currentColor}
.aift-row{font:inherit;width:100%;text-align:left;color:${colours.foreground};background:transparent;
  border:0;border-bottom:1px solid ${colours.border};padding:0.3rem 0.25rem;cursor:pointer;display:grid;
  grid-template-columns:1.5rem 1fr auto;gap:0.4rem;align-items:baseline;font-size:${fontSizes.sm}}
.aift-row:hover{background:${colours.primarySoft}}
.aift-row[aria-current="true"]{background:${colours.accent};box-shadow:inset 3px 0 0 ${colours.highlight}}
.aift-strip-cell{flex:1 1 0;min-width:2px;height:100%;border:0;padding:0;margin:0;cursor:pointer}
.aift-strip-cell[aria-current="true"]{outline:2px solid ${colours.highlight};outline-offset:-2px}
.aift-button:focus-visible,.aift-row:focus-visible,.aift-strip:focus-visible,.aift-textarea:focus-visible,
.aift-range:focus-visible{outline:2px solid ${colours.ring};outline-offset:1px}
.aift-textarea{font:inherit;font-size:${fontSizes.sm};width:100%;box-sizing:border-box;resize:vertical;
  color:${colours.foreground};background:${colours.background};border:1px solid ${colours.input};
  border-radius:0.375rem;padding:0.3rem}
.aift-range{accent-color:${colours.primary};flex:1;min-width:0}
`;

/** One <style> element per document, however many of our components mount. */
export const AIFT_STYLE_ID = 'aift-style';

/** Adds the shared style element to the document once; called from an effect, never during render. */
export function ensureAiftStyle(doc: Document): void {
  if (doc.getElementById(AIFT_STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = AIFT_STYLE_ID;
  style.textContent = AIFT_CSS;
  doc.head.appendChild(style);
}
