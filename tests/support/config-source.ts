import type { ConfigSource } from "../../provider/tencentcloud/types";

/** Provider config (`tencentcloud:*` keys) as the settings resolver reads it. */
export function configOf(values: Record<string, string>): ConfigSource {
    return { get: (key) => values[key] };
}
