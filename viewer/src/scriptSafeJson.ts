// JSON for inline <script> text (app-config.js is loaded by a <script src>, the import map sits inline in
// index.html). JSON.stringify alone lets a string value such as "</script><script>…" end the element; with
// every `<` written as \u003c (still valid JSON and JavaScript, and the same string once parsed) no value can.
// U+2028/U+2029 are escaped too: older JavaScript parsers read them as line ends inside string literals.

export function scriptSafeJson(value: unknown, indent?: number): string {
  const json = JSON.stringify(value, null, indent);
  if (json === undefined) throw new TypeError('the value has no JSON form');
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
