/**
 * Errors the lookups throw themselves (API failures surface as TencentCloudError and its
 * subclasses), and how a lookup's failure reaches the user: as one line.
 */
import { isExpectedFailure } from "../runtime";

/**
 * The marker by which Pulumi's program runner (cmd/run) recognises a `pulumi.RunError`
 * (`RunError.isInstance`): it then prints the error's message alone, instead of "Running program
 * … failed with an unhandled exception:" and the JavaScript stack frames.
 */
const RUN_ERROR_MARKER = "__pulumiRunError";

/**
 * Marks an expected failure (a missing object, a bad argument, an API or network error whose
 * message says what to do) so the program runner prints it as one line; returns it. A bug
 * (TypeError, ...) keeps its stack frames.
 */
function asOneLineFailure<T>(err: T): T {
    if (isExpectedFailure(err)) {
        Object.defineProperty(err, RUN_ERROR_MARKER, { value: true, enumerable: false, configurable: true });
    }
    return err;
}

/** A lookup's promise whose expected failures print as one line in the program's output. */
export function oneLineFailures<T>(lookup: Promise<T>): Promise<T> {
    return lookup.catch((err: unknown) => {
        throw asOneLineFailure(err);
    });
}

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
