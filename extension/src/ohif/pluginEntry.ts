// The runtime plugin's entry (webpack.config.mjs): the React bridge first, so the host's React is on the
// globals before any module that reads them is evaluated; then the extension itself.
import '../reactBridge.js';

export { default } from '../index.js';
