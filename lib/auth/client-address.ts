import { BlockList, isIP } from "node:net";
import { env, type TrustedProxies } from "@/lib/env";

/**
 * The header the server stamps on every request with the address its socket came from (see
 * lib/http/peer-address.ts). Whatever a client sends under this name is overwritten.
 */
export const peerAddressHeader = "x-contact-inbox-peer";

/**
 * The client's address, for per-address sign-in and setup-code limits. Without a trusted proxy it is
 * the socket's address: a header the client sends changes nothing. Behind trusted proxies it is
 * the nearest address in X-Forwarded-For that is not one of them (walking from the socket
 * outwards), so a client can neither choose its address nor blame someone else's.
 */
export function clientAddressOf(headers: Headers, trusted: TrustedProxies = env.TRUST_PROXY): string {
  const peer = normalizeAddress(headers.get(peerAddressHeader)) ?? "unknown";
  if (trusted.kind === "none") return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => normalizeAddress(entry))
    .filter((entry): entry is string => entry !== null);
  // Nearest first: the socket, then each proxy's record of who connected to it.
  const chain = [peer, ...forwarded.reverse()];
  if (trusted.kind === "hops") return chain[Math.min(trusted.hops, chain.length - 1)]!;
  const proxies = blockListOf(trusted.list);
  let index = 0;
  while (index < chain.length - 1 && isTrusted(proxies, chain[index]!)) index += 1;
  return chain[index]!;
}

function normalizeAddress(value: string | null | undefined): string | null {
  const trimmed = value?.trim().replace(/^\[|\]$/g, "");
  if (!trimmed) return null;
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
  const mapped = trimmed.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  const address = mapped ?? trimmed;
  return isIP(address) ? address.toLowerCase() : null;
}

const blockLists = new Map<string, BlockList>();

function blockListOf(list: string[]): BlockList {
  const key = list.join(",");
  let blockList = blockLists.get(key);
  if (!blockList) {
    blockList = new BlockList();
    for (const entry of list) {
      const [address, bits] = entry.split("/") as [string, string | undefined];
      const type = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) blockList.addAddress(address, type);
      else blockList.addSubnet(address, Number(bits), type);
    }
    blockLists.set(key, blockList);
  }
  return blockList;
}

function isTrusted(proxies: BlockList, address: string): boolean {
  return proxies.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}
