/**
 * Local Tencent Cloud stand-in for SSL CSRs (2019-12-05), GAAP listener certificates (2018-05-29)
 * and TEO host certificates (2022-01-06, 2022-09-01). See emulator/README.md.
 */
export { startEmulator, DEFAULT_GAAP_APPLY_DELAY_MS, DEFAULT_TEO_DEPLOY_DELAY_MS } from "./server";
export { DEMO_CREDENTIALS, DEFAULT_SEED, SECOND_ACCOUNT_CREDENTIALS, SECOND_ACCOUNT_SEED } from "./seed";
export { DEFAULT_OWNER_UIN } from "./accounts";
export {
    DEFAULT_ACTION_RATE_LIMITS,
    DEFAULT_RATE_LIMITS,
    DEFAULT_RATE_LIMIT_SHAPE,
    RATE_LIMIT_SHAPES,
    admissionCounter,
    type AdmissionCounter,
} from "./rate-limit";
export type * from "./types";
