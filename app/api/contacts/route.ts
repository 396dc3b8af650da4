import { readFilteredRequest } from "@/app/_server/filtered-request";
import { getStore } from "@/app/_server/store";
import { toContactItem } from "@/lib/contacts/contact-item";
import { errorResponse } from "@/lib/http/errors";
import { countIsExact } from "@/lib/model/contact-query";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const read = await readFilteredRequest(request);
  if (read instanceof Response) return read;
  try {
    const { filters } = read;
    const store = await getStore();
    const [rows, total] = await Promise.all([store.listContacts(filters), store.countContacts(filters)]);
    // A search counts up to searchCountCap matches; beyond that `total` is a lower bound.
    return Response.json({ items: rows.map(toContactItem), total, totalIsExact: countIsExact(filters, total), page: filters.page, pageSize: filters.pageSize });
  } catch (error) {
    return errorResponse(error);
  }
}
