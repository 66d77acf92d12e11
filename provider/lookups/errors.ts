/** Errors the lookups throw themselves (API failures surface as TencentCloudError and its subclasses). */

/** A lookup argument is missing, of the wrong type or malformed; thrown before any API call. */
export class LookupArgumentError extends Error {
    constructor(
        readonly lookup: string,
        /** The argument at fault, e.g. `listenerId` or `hosts`. */
        readonly argument: string,
        reason: string,
    ) {
        super(`${lookup}: ${reason}`);
        this.name = "LookupArgumentError";
    }
}

/** The object a lookup names (a listener, a zone, hosts of a zone) does not exist. */
export class LookupNotFoundError extends Error {
    constructor(
        readonly lookup: string,
        message: string,
        /** The API's error code when the API said so ("" when the answer was an empty listing). */
        readonly code: string = "",
        readonly requestId: string = "",
    ) {
        super(`${lookup}: ${message}${requestId ? ` (RequestId ${requestId})` : ""}`);
        this.name = "LookupNotFoundError";
    }
}
