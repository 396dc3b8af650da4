import "server-only";
import { clientAddressOf } from "@/lib/auth/client-address";
import { handleDavRequest, isDavPath } from "@/lib/carddav/handler";
import { plainResponse } from "@/lib/carddav/responses";
import { isStorageUnavailable } from "@/lib/model/storage-errors";
import { retryAfterSeconds } from "@/lib/http/errors";
import { getStore } from "./store";

/** Methods CardDAV clients discover with: on the site root they are DAV's (the app's pages answer GET and POST there). */
const discoveryMethods = new Set(["PROPFIND", "REPORT"]);

/** The CardDAV routes the request gate serves before Next.js (see lib/http/request-gate.ts). */
export const davRoutes = {
  matches: (pathname: string, method: string) => isDavPath(pathname) || (pathname === "/" && discoveryMethods.has(method.toUpperCase())),
  handle: async (request: Request): Promise<Response> => {
    let store;
    try {
      store = await getStore();
    } catch (error) {
      if (isStorageUnavailable(error)) return plainResponse(503, "The database is unavailable; try again shortly.", { "retry-after": String(retryAfterSeconds) });
      throw error;
    }
    return handleDavRequest(request, { store, clientAddress: clientAddressOf(request.headers) });
  },
};
