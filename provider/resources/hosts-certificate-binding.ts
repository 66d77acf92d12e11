// Implemented by issue 8; this placeholder only keeps provider/index.ts compiling meanwhile.
export {};
