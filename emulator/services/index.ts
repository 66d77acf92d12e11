/**
 * Every emulated service, and the lookup the server uses: an action's definition with the official
 * model (api-models/) that checks its parameters and answers.
 */
import { API_MODELS } from "../../api-models";
import type { ModelSchema } from "../../api-models/schema";
import type { EmulatedService } from "../types";
import type { ActionDef } from "./action";
import { gaapService } from "./gaap";
import { sslService } from "./ssl";
import { teoService } from "./teo";

/** service → version → action → definition (kept precise for tests/conformance). */
export const EMULATED_SERVICES = { ssl: sslService, gaap: gaapService, teo: teoService } as const satisfies Record<EmulatedService, object>;

export interface EmulatedAction {
    def: ActionDef<never>;
    model: ModelSchema;
}

type Versions = Readonly<Record<string, Readonly<Record<string, ActionDef<never> | undefined>> | undefined>>;

/** The API versions the emulator serves for `service`. */
export function versionsOf(service: EmulatedService): string[] {
    return Object.keys(EMULATED_SERVICES[service]);
}

/** The definition and model of an action, or undefined when the version or action is not served. */
export function emulatedAction(service: EmulatedService, version: string, action: string): EmulatedAction | undefined {
    const def = (EMULATED_SERVICES[service] as Versions)[version]?.[action];
    const model = (API_MODELS[service] as Readonly<Record<string, ModelSchema>>)[version];
    return def && model ? { def, model } : undefined;
}

/** Every action the emulator serves, as `{ service, version, action }`. */
export function emulatedActions(): { service: EmulatedService; version: string; action: string }[] {
    return (Object.keys(EMULATED_SERVICES) as EmulatedService[]).flatMap((service) =>
        Object.entries(EMULATED_SERVICES[service] as Versions).flatMap(([version, actions]) =>
            Object.keys(actions ?? {}).map((action) => ({ service, version, action })),
        ),
    );
}
