// Implemented by issue 7; this placeholder only keeps provider/index.ts compiling meanwhile.
export {};
