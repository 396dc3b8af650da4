import { describe, expect, it } from "vitest";
import { clientAddressOf, peerAddressHeader } from "./client-address";

const request = (peer: string | null, forwardedFor?: string) =>
  new Headers({ ...(peer ? { [peerAddressHeader]: peer } : {}), ...(forwardedFor !== undefined ? { "x-forwarded-for": forwardedFor } : {}) });

describe("clientAddressOf", () => {
  it("without a trusted proxy is the socket's address, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf(request("203.0.113.7", "198.51.100.1"), { kind: "none" })).toBe("203.0.113.7");
    expect(clientAddressOf(request("::ffff:203.0.113.7", "1.2.3.4, 5.6.7.8"), { kind: "none" })).toBe("203.0.113.7");
    expect(clientAddressOf(request(null, "198.51.100.1"), { kind: "none" })).toBe("unknown");
  });

  it("behind N trusted hops is the address N hops out: the client's own first entry does not count", () => {
    // The client claims 6.6.6.6; the one proxy appends the address it saw.
    expect(clientAddressOf(request("10.0.0.2", "6.6.6.6, 203.0.113.7"), { kind: "hops", hops: 1 })).toBe("203.0.113.7");
    expect(clientAddressOf(request("10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.9"), { kind: "hops", hops: 2 })).toBe("203.0.113.7");
    // A request that reached the app without going through the proxy has no entries: its socket.
    expect(clientAddressOf(request("203.0.113.7"), { kind: "hops", hops: 1 })).toBe("203.0.113.7");
  });

  it("with a list of proxies is the nearest address that is not one of them", () => {
    const trusted = { kind: "list" as const, list: ["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"] };
    expect(clientAddressOf(request("10.1.2.3", "6.6.6.6, 203.0.113.7, 192.0.2.7"), trusted)).toBe("203.0.113.7");
    expect(clientAddressOf(request("2001:db8::1", "6.6.6.6, 2001:DB8::99"), trusted)).toBe("6.6.6.6");
    // A socket that is not a trusted proxy is the client, whatever it claims to forward for.
    expect(clientAddressOf(request("198.51.100.4", "6.6.6.6"), trusted)).toBe("198.51.100.4");
    // Garbage in the header is skipped, never taken as an address.
    expect(clientAddressOf(request("10.1.2.3", "not-an-ip, 203.0.113.7"), trusted)).toBe("203.0.113.7");
  });

  it("cannot be steered to another client's address by rotating X-Forwarded-For", () => {
    const seen = new Set(Array.from({ length: 50 }, (_, index) => clientAddressOf(request("203.0.113.7", `10.9.${index}.1`), { kind: "none" })));
    expect([...seen]).toEqual(["203.0.113.7"]);
    const behindProxy = new Set(Array.from({ length: 50 }, (_, index) => clientAddressOf(request("10.0.0.2", `10.9.${index}.1, 203.0.113.7`), { kind: "hops", hops: 1 })));
    expect([...behindProxy]).toEqual(["203.0.113.7"]);
  });

  it("stops at the farthest address when more hops are trusted than there are entries", () => {
    expect(clientAddressOf(request("10.0.0.2", "203.0.113.7"), { kind: "hops", hops: 5 })).toBe("203.0.113.7");
    expect(clientAddressOf(request("10.0.0.2", "6.6.6.6, 203.0.113.7"), { kind: "hops", hops: 0 })).toBe("10.0.0.2");
    expect(clientAddressOf(request("10.0.0.2", "6.6.6.6, 203.0.113.7"), { kind: "hops", hops: 2 })).toBe("6.6.6.6");
    // When every address is a trusted proxy, the farthest one is all there is.
    expect(clientAddressOf(request("10.0.0.2", "10.0.0.3, 10.0.0.4"), { kind: "list", list: ["10.0.0.0/8"] })).toBe("10.0.0.3");
  });

  it("reads bracketed, mixed-case and mapped addresses as one address", () => {
    expect(clientAddressOf(request("[2001:DB8::7]"), { kind: "none" })).toBe("2001:db8::7");
    expect(clientAddressOf(request("::FFFF:203.0.113.7"), { kind: "none" })).toBe("203.0.113.7");
    expect(clientAddressOf(request(" 203.0.113.7 "), { kind: "none" })).toBe("203.0.113.7");
    expect(clientAddressOf(request("not an address"), { kind: "none" })).toBe("unknown");
    expect(clientAddressOf(request("10.0.0.2", " [2001:DB8::9] ,, 10.0.0.3"), { kind: "hops", hops: 2 })).toBe("2001:db8::9");
    // A single IPv6 proxy address (no prefix length) in the list.
    expect(clientAddressOf(request("2001:db8::1", "198.51.100.9"), { kind: "list", list: ["2001:db8::1"] })).toBe("198.51.100.9");
    expect(clientAddressOf(request("2001:db8::2", "198.51.100.9"), { kind: "list", list: ["2001:db8::1"] })).toBe("2001:db8::2");
  });

  it("never reads an address out of text around one", () => {
    for (const junk of ["203.0[.113.7", "203.0].113.7", "x::ffff:203.0.113.7", "::ffff:203.0.113.7x", "203.0.113.7]x"]) {
      expect(clientAddressOf(request(junk), { kind: "none" }), junk).toBe("unknown");
      expect(clientAddressOf(request("10.0.0.2", `${junk}, 10.0.0.3`), { kind: "hops", hops: 2 }), junk).toBe("10.0.0.3");
    }
    expect(clientAddressOf(request("::ffff:198.51.100.27"), { kind: "none" })).toBe("198.51.100.27");
  });

  it("trusts each list of proxies on its own", () => {
    const headers = request("10.1.2.3", "203.0.113.7");
    expect(clientAddressOf(headers, { kind: "list", list: ["10.0.0.0/8"] })).toBe("203.0.113.7");
    expect(clientAddressOf(headers, { kind: "list", list: ["192.168.0.0/16"] })).toBe("10.1.2.3");
    expect(clientAddressOf(headers, { kind: "list", list: ["10.0.0.0/8"] })).toBe("203.0.113.7");
  });
});
