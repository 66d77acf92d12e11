/**
 * gaap 2018-05-29 DescribeCertificates: the account's GAAP certificates, paged, optionally of one
 * type. Ids, names, type, validity (Unix seconds) and common names only: never the certificate
 * body or key (that is DescribeCertificateDetail, which the emulator does not serve). Fields:
 * docs/api-notes.md.
 */
import { beginTimeOf } from "../certificates";
import { ApiError } from "../errors";
import type { DescribeCertificatesRequest } from "../../api-models/gaap-2018-05-29";
import type { GaapCertificate } from "../types";
import { page, type ActionContext, type Validated } from "./action";

const DEFAULT_LIMIT = 20;
/** Not documented; the emulator refuses more, like its other GAAP listings. */
const MAX_LIMIT = 100;
const ALL_TYPES = -1;
const DEFAULT_ISSUER_CN = "Emulator Test CA";

const unixSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

function certificateItem(c: GaapCertificate) {
    const begin = unixSeconds(beginTimeOf(c));
    return {
        CertificateId: c.CertificateId,
        CertificateName: c.CertificateAlias,
        CertificateType: c.CertificateType,
        CertificateAlias: c.CertificateAlias,
        CreateTime: begin,
        BeginTime: begin,
        EndTime: unixSeconds(c.ExpireTime),
        IssuerCN: c.IssuerCN ?? DEFAULT_ISSUER_CN,
        SubjectCN: c.SubjectCN ?? c.Domains[0] ?? c.CertificateAlias,
    };
}

export function describeCertificates(p: Validated<DescribeCertificatesRequest>, ctx: ActionContext) {
    const type = p.CertificateType ?? ALL_TYPES;
    if (type !== ALL_TYPES && (type < 0 || type > 4)) {
        throw new ApiError("InvalidParameterValue", `CertificateType ${type} is not one of -1 (all), 0, 1, 2, 3, 4.`);
    }
    const { offset, limit } = page(p, DEFAULT_LIMIT, MAX_LIMIT, "InvalidParameterValue");
    const all = Object.values(ctx.state.gaap.certificates).filter((c) => ctx.owns(c) && (type === ALL_TYPES || c.CertificateType === type));
    return { TotalCount: all.length, CertificateSet: all.slice(offset, offset + limit).map(certificateItem) };
}
