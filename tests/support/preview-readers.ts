/**
 * The listener and zone readers preview verification takes, built on the resources' own read
 * caches (ListenerCoordinator.view: one DescribeRules per listener; ZoneReader.view: one zone read
 * per zone and API version), exactly as the resources' check wires them.
 */
import type { ZoneReader } from "../../provider/resources/hosts-certificate-binding/remote";
import type { ListenerCoordinator } from "../../provider/resources/listener-certificate-binding/remote";
import type { ListenerView, ZoneView } from "../../provider/resources/common/verify";
import type { TeoApiVersion } from "../../provider/tencentcloud/services/teo";

export function listenerReader(coordinator: ListenerCoordinator): (listenerId: string) => Promise<ListenerView> {
    return (listenerId) => coordinator.view(listenerId);
}

export function zoneReader(reader: ZoneReader, apiVersion: TeoApiVersion = "2022-09-01"): (zoneId: string) => Promise<ZoneView> {
    return (zoneId) => reader.view(apiVersion, zoneId);
}
