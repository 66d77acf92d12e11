// Implemented by issue 6; this placeholder only keeps provider/index.ts compiling meanwhile.
export {};
