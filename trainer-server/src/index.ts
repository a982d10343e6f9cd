// Public API of the trainer server package. The learning engine (src/engine/) is being built under issue 3;
// its modules are exported here as they land.
export {};
