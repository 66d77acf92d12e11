/**
 * One call of every API action the provider uses (two of DescribeCSR: before and after generation),
 * against the emulator's seed objects, so a recorder in front of the emulator sees an answer of each.
 */
import { EMULATOR_TARGETS } from "../../../tools/acceptance/config";
import { describeHTTPSListeners, describeRules, listGaapCertificates, modifyCertificate } from "../../../provider/tencentcloud/services/gaap";
import { batchDeleteCSR, createCSR, describeCSR, describeCSRSet, describeSslCertificates, modifyCSR } from "../../../provider/tencentcloud/services/ssl";
import {
    describeAccelerationDomains,
    describeHostsCertificate,
    modifyHostsCertificate,
    modifyHostsCertificateV20220106,
} from "../../../provider/tencentcloud/services/teo";
import type { TencentCloudApi } from "../../../provider/tencentcloud/types";

const { gaap, teo, teoV1 } = EMULATOR_TARGETS;

export async function probeEveryAction(api: TencentCloudApi): Promise<void> {
    const subject = {
        Domain: "probe.example.com",
        Organization: "Probe Ltd",
        Department: "QA",
        Email: "qa@example.com",
        Province: "Guangdong",
        City: "Shenzhen",
        Country: "CN",
    };
    const { Id } = await createCSR(api, { ...subject, EncryptAlgo: "ECC", KeyParameter: "prime256v1", Generate: false, Remark: "probe" });
    await describeCSR(api, { CSRId: Id });
    await modifyCSR(api, { CSRId: Id, Generate: true, KeyPassword: "Probe-Key-Pass-1" });
    await describeCSR(api, { CSRId: Id });
    await describeCSRSet(api, { Limit: 10, Offset: 0 });
    await batchDeleteCSR(api, { CSRIds: [Id] });
    await describeSslCertificates(api, [teo.certificateId]); // preview checks: the SSL certificates TEO deploys

    await describeHTTPSListeners(api, { ListenerId: gaap.listenerId });
    await modifyCertificate(api, { ListenerId: gaap.listenerId, Domain: gaap.domain, CertificateId: gaap.certificateId });
    await describeRules(api, { ListenerId: gaap.listenerId });
    await listGaapCertificates(api); // preview checks and expiry: GAAP's certificate listing

    await modifyHostsCertificate(api, { ZoneId: teo.zoneId, Hosts: [teo.host], Mode: "sslcert", ServerCertInfo: [{ CertId: teo.certificateId }] });
    await describeAccelerationDomains(api, { ZoneId: teo.zoneId });
    await modifyHostsCertificateV20220106(api, { ZoneId: teoV1.zoneId, Hosts: [teoV1.host], CertInfo: [{ CertId: teoV1.certificateId }] });
    await describeHostsCertificate(api, { ZoneId: teoV1.zoneId });
}
