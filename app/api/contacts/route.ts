import { readFilteredRequest } from "@/lib/http/filtered-request";
import { countContacts, listContacts, searchCountCap } from "@/db/queries/contacts";
import { toContactItem } from "@/lib/contacts/contact-item";
import { errorResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const read = readFilteredRequest(request);
  if (read instanceof Response) return read;
  try {
    const { filters } = read;
    const items = listContacts(filters).map(toContactItem);
    const total = countContacts(filters);
    // A search counts up to searchCountCap matches; beyond that `total` is a lower bound.
    return Response.json({ items, total, totalIsExact: total <= searchCountCap, page: filters.page, pageSize: filters.pageSize });
  } catch (error) {
    return errorResponse(error);
  }
}
