/**
 * SSL certificates by id (ssl DescribeCertificates with CertIds), remembered per account and id
 * for the run. The ids one check asks for that are neither known nor in flight go out in one call;
 * an id in flight for another check is shared. A failed call is not remembered.
 */
import { describeSslCertificates, type SslCertificateItem } from "../../../tencentcloud/services/ssl";
import type { TencentCloudApi } from "../../../tencentcloud/types";
import { parseChinaTime } from "./times";

/** What the verification needs of an SSL certificate. */
export interface SslCertificateFacts {
    certificateId: string;
    /** CA | SVR (as answered; "" when absent). */
    type: string;
    /** Domain and SubjectAltName, without repeats. */
    names: string[];
    /** DescribeCertificates Status; undefined when absent. */
    status?: number;
    /** CertEndTime as epoch ms; undefined when absent or unreadable. */
    endTime?: number;
    alias: string;
}

function factsOf(item: SslCertificateItem & { CertificateId: string }): SslCertificateFacts {
    const names = [item.Domain ?? "", ...(item.SubjectAltName ?? [])].filter((n): n is string => typeof n === "string" && n.trim() !== "");
    return {
        certificateId: item.CertificateId,
        type: item.CertificateType ?? "",
        names: [...new Set(names)],
        status: typeof item.Status === "number" ? item.Status : undefined,
        endTime: parseChinaTime(item.CertEndTime),
        alias: item.Alias ?? "",
    };
}

/** `undefined` in the answer: no such certificate for this account. */
export type SslLookup = Map<string, SslCertificateFacts | undefined>;

export class SslCatalog {
    private readonly entries = new Map<string, Promise<SslCertificateFacts | undefined>>();
    /** DescribeCertificates calls made (read by tests and the bench). */
    calls = 0;

    /** The facts of each of `ids` for `account`; rejects with the API's error (the caller decides on refusals). */
    async lookup(account: string, client: () => TencentCloudApi, ids: readonly string[]): Promise<SslLookup> {
        const key = (id: string) => `${account}|${id}`;
        const unknown = [...new Set(ids)].filter((id) => !this.entries.has(key(id)));
        if (unknown.length > 0) {
            this.calls++;
            const batch = describeSslCertificates(client(), unknown).then(
                (items) =>
                    new Map(
                        items.filter((i): i is SslCertificateItem & { CertificateId: string } => !!i.CertificateId).map((i) => [i.CertificateId, factsOf(i)]),
                    ),
            );
            for (const id of unknown) {
                const entry = batch.then((found) => found.get(id));
                this.entries.set(key(id), entry);
                entry.catch(() => this.entries.get(key(id)) === entry && this.entries.delete(key(id)));
            }
        }
        const answers = await Promise.all(ids.map(async (id) => [id, await this.entries.get(key(id))!] as const));
        return new Map(answers);
    }
}
