// The benchmarks' percentiles are the trainer's own.
export { percentile } from '../../trainer-server/src/evaluation/percentile.js';
