/** Errors CsrResource raises itself. Messages never carry a key password or private key. */

/** A CSR could not be deleted; carries the id and, when the API answered, its code and RequestId. */
export class CsrDeleteError extends Error {
    override name = "CsrDeleteError";
    readonly code: string;
    readonly requestId?: string;
    constructor(
        readonly csrId: number,
        message: string,
        options: { code?: string; requestId?: string; cause?: unknown } = {},
    ) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.code = options.code ?? "Csr.DeleteFailed";
        this.requestId = options.requestId;
    }
}

/** `adoptCsrId` names a CSR that is missing or that cannot be brought to the inputs. */
export class CsrAdoptionError extends Error {
    override name = "CsrAdoptionError";
    readonly code = "Csr.AdoptionFailed";
    constructor(
        readonly csrId: number,
        message: string,
    ) {
        super(message);
    }
}

/** The resource id in state is not a CSR id (state edited by hand, or another resource's id). */
export class CsrIdError extends Error {
    override name = "CsrIdError";
    readonly code = "Csr.InvalidId";
}
