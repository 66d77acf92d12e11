import * as path from "node:path";

/** The repository root (tests run from ts-node sources under tests/). */
export const REPO = path.resolve(__dirname, "../..");
