/** An error the emulator answers as `{"Response":{"Error":{"Code","Message"},"RequestId"}}` (HTTP 200). */
export class ApiError extends Error {
    override name = "ApiError";
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

export const missing = (field: string): ApiError => new ApiError("MissingParameter", `The request is missing a required parameter \`${field}\`.`);
