import type { ApiResponse, CallOptions, ServiceName, TencentCloudApi } from "../types";

/** A typed call of one API action; `defaults` are call options the caller's own options override. */
export type ApiAction<TReq extends object, TResp extends object> = (api: TencentCloudApi, request: TReq, options?: CallOptions) => Promise<ApiResponse<TResp>>;

export function apiAction<TReq extends object, TResp extends object>(
    service: ServiceName,
    version: string,
    action: string,
    defaults: CallOptions = {},
): ApiAction<TReq, TResp> {
    return (api, request, options) => api.call<TResp>(service, version, action, request, { ...defaults, ...options });
}
