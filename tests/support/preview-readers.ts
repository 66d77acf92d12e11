/**
 * The listener and zone readers preview verification takes, built on the resources' own read
 * caches (ListenerCoordinator: one DescribeRules per listener; ZoneReader: one zone read per zone
 * and API version), as the resources' check wires them.
 */
import { isZoneGone } from "../../provider/resources/hosts-certificate-binding/errors";
import type { ZoneReader } from "../../provider/resources/hosts-certificate-binding/remote";
import type { ListenerCoordinator } from "../../provider/resources/listener-certificate-binding/remote";
import type { ListenerView, ZoneView } from "../../provider/resources/common/verify";
import type { TeoApiVersion } from "../../provider/tencentcloud/services/teo";

export function listenerReader(coordinator: ListenerCoordinator): (listenerId: string) => Promise<ListenerView> {
    return async (listenerId) => {
        const snapshot = await coordinator.readRules(listenerId);
        return { found: snapshot.listenerFound, domains: [...snapshot.domains.keys()] };
    };
}

export function zoneReader(reader: ZoneReader, apiVersion: TeoApiVersion = "2022-09-01"): (zoneId: string) => Promise<ZoneView> {
    return async (zoneId) => {
        try {
            return { found: true, hosts: [...(await reader.read(apiVersion, zoneId)).keys()] };
        } catch (err) {
            if (isZoneGone(err)) {
                return { found: false, hosts: [] };
            }
            throw err;
        }
    };
}
