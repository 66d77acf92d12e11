/**
 * getCsrs: the account's CSRs (DescribeCSRSet, every page), optionally of one domain and status.
 * DescribeCSRSet carries no CSR content, private key or key password, so nothing here is secret.
 */
import type { CheckFailure } from "../resources/common/wire";
import { checkDomain, type CsrSubject } from "../resources/csr/inputs";
import { remoteFromApi } from "../resources/csr/remote";
import { listCsrs } from "../tencentcloud/services/ssl";
import { describeArgument, optionalString, readArgs } from "./arguments";
import { lookupContext, type LookupContext } from "./context";
import { LookupArgumentError, oneLineFailures } from "./errors";

const LOOKUP = "getCsrs";

export interface GetCsrsArgs {
    /** Only CSRs whose domain contains this text (the API's Domain filter). */
    domain?: string;
    /** Only CSRs with this status: 0 = not generated, 1 = generated. */
    status?: number;
}

/** One CSR as listed. Strings the API leaves out are "" (never null or undefined). */
export interface CsrSummary extends CsrSubject {
    csrId: number;
    encryptAlgo: string;
    keyParameter: string;
    /** The remark without the provider's `[pulumi:<token>]` marker. */
    remark: string;
    /** 0 = not generated, 1 = generated. */
    status: number;
    createTime: string;
}

export interface GetCsrsResult {
    csrs: CsrSummary[];
}

function checkArgs(args: unknown): { domain?: string; status?: number } {
    const record = readArgs(LOOKUP, args, ["domain", "status"]);
    const domain = optionalString(LOOKUP, record, "domain", "www.example.com");
    if (domain !== undefined) {
        const failures: CheckFailure[] = [];
        checkDomain(domain, failures);
        if (failures.length > 0) {
            throw new LookupArgumentError(LOOKUP, "domain", failures[0].reason);
        }
    }
    const status = record.status;
    if (status !== undefined && status !== null && status !== 0 && status !== 1) {
        throw new LookupArgumentError(LOOKUP, "status", `status must be 0 (not generated) or 1 (generated); got ${describeArgument(status)}`);
    }
    return { domain, status: typeof status === "number" ? status : undefined };
}

/** getCsrs on a given context (the exported getCsrs uses the process's). */
export async function getCsrsWith(context: LookupContext, args?: GetCsrsArgs): Promise<GetCsrsResult> {
    const { domain, status } = checkArgs(args);
    const filter = domain === undefined ? {} : { Domain: domain };
    const items = await context.csrListings.get(`domain:${domain ?? ""}`, () => listCsrs(context.client(), filter));
    const csrs: CsrSummary[] = [];
    for (const item of items) {
        if (typeof item.Id !== "number") {
            continue;
        }
        const remote = remoteFromApi(item.Id, item, false);
        if (status === undefined || remote.status === status) {
            csrs.push({ csrId: remote.id, ...remote.fields, remark: remote.remark, status: remote.status, createTime: remote.createTime });
        }
    }
    csrs.sort((a, b) => a.csrId - b.csrId);
    return { csrs };
}

/**
 * The account's CSRs, every page of DescribeCSRSet. Usable in a program as
 * `pulumi.output(getCsrs({ domain: "example.com" }))`.
 */
export function getCsrs(args?: GetCsrsArgs): Promise<GetCsrsResult> {
    return oneLineFailures(getCsrsWith(lookupContext(), args));
}
