// The OHIF dist's index.html with an import map, so that `import('<module id>')` in the viewer (how OHIF
// 3.13 loads extensions and modes named by a string) resolves our plugin ids and `onnxruntime-web` to URLs
// on this server. An import map only applies to module loads that come after it: it goes before the first
// <script> of the page.
import { scriptSafeJson } from './scriptSafeJson.js';

/** Bare module specifier -> URL. */
export type ImportMap = Readonly<Record<string, string>>;

export function injectImportMap(indexHtml: string, imports: ImportMap): string {
  const element = `<script type="importmap">${scriptSafeJson({ imports })}</script>`;
  const at = indexHtml.search(/<script[\s>]/i);
  if (at >= 0) return indexHtml.slice(0, at) + element + indexHtml.slice(at);
  const headEnd = indexHtml.search(/<\/head>/i);
  if (headEnd < 0)
    throw new Error('index.html has neither a <script> nor a </head> to put the import map before');
  return indexHtml.slice(0, headEnd) + element + indexHtml.slice(headEnd);
}
